"""Typed fill-in answer -> its normal form; the one matching rule the runtime applies too.

docs/course-format.md ("Questions", fill-in) promises it; compiler/runtime/core/answers.js
(`normaliseAnswer`) implements the same steps, and tests/browser/test_answer_matching.py feeds both
the same table:

1. Unicode NFC, so an accent typed as one character or as letter + combining mark is the same;
2. every run of white space (spaces, tabs, line breaks, no-break and other Unicode spaces: exactly
   JavaScript's `\\s`) becomes one space, and the ends are trimmed;
3. lower case, unless the question is case-sensitive.
"""

from __future__ import annotations

import re
import unicodedata

SPACE_RUN = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
"""JavaScript's `\\s` (WhiteSpace + LineTerminator), spelled out: Python's own `\\s` differs (U+0085, U+FEFF)."""


def normalise_answer(text: str, *, case_sensitive: bool = False) -> str:
    """The form in which a typed answer and an accepted answer are compared."""
    collapsed = SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip(" ")
    return collapsed if case_sensitive else collapsed.lower()
