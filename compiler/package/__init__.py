"""Package stage: rendered files -> imsmanifest.xml, checks, deterministic zip, atomic write."""
