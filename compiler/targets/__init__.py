"""Output targets: one subpackage per LMS standard (issue 10 adds the protocol they share)."""
