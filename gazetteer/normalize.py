"""Name normalisation that keeps a map back to the original offsets.

Case, diacritics (including Azerbaijani ə ı ş ç ğ), apostrophes and hyphens are
folded so that "K'arin Tak", "Şuşa" and "Nagorno-Karabakh" match their plain
spellings.  Every normalised character remembers the index of the original
character it came from, so matches can be reported in original offsets.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = frozenset("'’‘ʼʻ`´")
_SPACES = frozenset("-‐‑‒–—_/\u00a0")
_SPECIAL = {"ə": "e", "Ə": "e", "ı": "i", "İ": "i", "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char in _SPACES or char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """Fold a name or text to its matching form (no offsets)."""
    return normalize_with_offsets(text)[0]


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return the folded text and, for each of its characters, the original index."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _APOSTROPHES:
            continue
        folded = _fold_char(char)
        if folded == " ":
            if out and out[-1] == " ":
                continue
        for piece in folded:
            out.append(piece)
            origin.append(index)
    # Drop a leading/trailing space so names normalise canonically.
    while out and out[0] == " ":
        out.pop(0)
        origin.pop(0)
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin
