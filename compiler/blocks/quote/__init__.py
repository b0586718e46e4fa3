"""The quote block: a quotation with its attribution and an optional portrait."""
