"""Source stage: course folder on disk -> in-memory text files, YAML data with positions, Markdown blocks."""
