"""The image-and-text block: an image beside its text on a wide screen, above it on a phone."""
