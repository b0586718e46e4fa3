"""The process block: steps one at a time with previous and next buttons (WAI-ARIA APG carousel, no rotation)."""
