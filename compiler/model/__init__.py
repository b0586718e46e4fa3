"""Model stage: plain data with positions -> validated, frozen Course; whole-course checks."""
