"""The accordion block: stacked headings that each show or hide their panel (WAI-ARIA APG accordion)."""
