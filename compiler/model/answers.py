"""Typed fill-in answer -> its folded form; the one matching rule the runtime applies too.

docs/course-format.md ("Fill-in answers") promises it; compiler/runtime/core/answers.js
(`normaliseAnswer`) implements the same steps in the same order, and tests/browser/test_answer_matching.py
feeds both the docs' table and a table of its own:

1. invisible characters are dropped: zero-width spaces and joiners, soft hyphens, word joiners,
   direction marks and the byte order mark (`INVISIBLE`), as a word processor leaves them in pasted text;
2. typographic quotes, apostrophes, dashes and the ellipsis become their plain keyboard forms (`TYPOGRAPHIC`);
3. Unicode NFC, so an accent typed as one character or as letter + combining mark is the same;
4. every run of white space (spaces, tabs, line breaks, no-break and other Unicode spaces: exactly
   JavaScript's `\\s`) becomes one space, and the ends are trimmed;
5. lower case, unless the question is case-sensitive.

Accents, other punctuation and digits are kept: `cafe` is not `café`, `U.S.` is not `US`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
"""Characters dropped before comparing: they show nothing, and no learner types them on purpose."""
TYPOGRAPHIC: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    "\u2026": "...",
}
"""Typographic character -> the plain form a keyboard types (word processors replace as you type)."""
SPACE_RUN = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
"""JavaScript's `\\s` (WhiteSpace + LineTerminator), spelled out: Python's own `\\s` differs (U+0085, U+FEFF)."""
_FOLD = str.maketrans({**dict.fromkeys(INVISIBLE, None), **TYPOGRAPHIC})


def normalise_answer(text: str, *, case_sensitive: bool = False) -> str:
    """The folded form in which a typed answer and an accepted answer are compared."""
    collapsed = SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text.translate(_FOLD))).strip(" ")
    return collapsed if case_sensitive else collapsed.lower()


def shortest_typing(text: str) -> int:
    """How many characters (UTF-16 code units, as a browser's `maxlength` counts) the shortest matching input takes.

    The learner may type the answer as written (without invisible characters and extra spaces); quotes,
    dashes and letter case never need more room as written than folded, while `…` does.
    """
    written = SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text.translate(dict.fromkeys(map(ord, INVISIBLE)))))
    return len(written.strip(" ").encode("utf-16-le")) // 2


def untypable(text: str) -> list[str]:
    """Characters left in the folded answer that a learner cannot type: controls, formats, private use, unassigned."""
    folded = normalise_answer(text, case_sensitive=True)
    odd = [c for c in folded if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs", "Cn") or c in "\ufffc\ufffd"]
    return list(dict.fromkeys(odd))


def quiz_score(items: Sequence[tuple[int, bool]]) -> int:
    """The quiz score in percent (docs/course-format.md, "Points"): points of the questions answered right
    over the points of every question asked, times 100, rounded half up; `items` is (points, right) per
    question. compiler/runtime/core/answers.js `score` is the same rule."""
    total = sum(points for points, _ in items)
    right = sum(points for points, correct in items if correct)
    return (200 * right + total) // (2 * total) if total else 0
