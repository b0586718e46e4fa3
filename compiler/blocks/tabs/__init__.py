"""The tabs block: panels behind a row of tabs, one shown at a time (WAI-ARIA APG tabs pattern)."""
