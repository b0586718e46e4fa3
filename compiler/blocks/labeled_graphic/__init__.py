"""The labeled graphic block: an image with numbered markers, each a button that opens its text (APG disclosure)."""
