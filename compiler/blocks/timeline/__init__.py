"""The timeline block: dated or labelled events in order, an ordered list."""
