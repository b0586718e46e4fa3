"""coursec: compile course source (YAML + Markdown) into SCORM packages."""
