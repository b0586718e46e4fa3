"""The statement banner: a short text over a wide image, its contrast checked over any image (E216)."""
