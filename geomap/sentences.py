"""Sentence splitting with offsets (abbreviations and "1.000" do not end a sentence)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Article

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’»)]*\s+(?=[\"“‘«(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "a.s u.s u.k dr mr mrs ms st no vs jan feb mar apr jun jul aug sep sept oct nov dec okt des agu "
    "gen col lt sgt prof jl kol mayjen brigjen letjen a.m p.m".split()
)


def split(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()].rstrip("\"”’»)")
        words = before.rsplit(None, 1)  # [] when ``before`` is blank
        last_word = words[-1].rstrip(".").lower() if words else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


def sentences(article: Article) -> Iterator[tuple[int, int, int]]:
    """(segment index, start, end) of every sentence, offsets into ``article.text``."""
    for index, segment in enumerate(article.segments):
        for start, end in split(segment.text):
            yield index, segment.start + start, segment.start + end
