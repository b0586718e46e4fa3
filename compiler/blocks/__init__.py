"""Interactive lesson blocks, one folder each (model, template, runtime script, style, docs); see registry.py."""
