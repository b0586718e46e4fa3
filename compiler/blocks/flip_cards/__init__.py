"""The flip cards block: cards with a front and a back the learner turns over (WAI-ARIA APG disclosure)."""
