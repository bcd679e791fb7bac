"""Reading counts written in digits or words ("1.000", "dua ribu", "belasan", "at least 16")."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from . import lexicon

_TOKEN = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+", re.UNICODE)


class Count(NamedTuple):
    value: int
    start: int
    end: int
    text: str


@cache
def _words(language: str) -> dict:
    return lexicon.read("numbers")[language]


def _digits(token: str, language: str) -> int | None:
    spec = _words(language)
    cleaned = token.replace(spec["thousands_separator"], "")
    if spec["decimal_separator"] in cleaned:
        cleaned = cleaned.split(spec["decimal_separator"])[0]
    return int(cleaned) if cleaned.isdigit() else None


@cache
def _candidates(language: str) -> re.Pattern[str]:
    """Digits, or a number word standing as a whole word: where a count can start."""
    spec = _words(language)
    words = {w.lower() for w in (*spec["units"], *spec["vague"])} - _NOT_ALONE
    return re.compile(r"\d[\d.,]*\d|\d|(?<![^\W\d_])(?:" + lexicon.trie_regex(words) + r")(?![^\W\d_])",
                      re.IGNORECASE)


_NOT_ALONE = frozenset({"a", "an", "no", "se"})


@cache
def _followers(language: str) -> re.Pattern[str]:
    """The next word, when it can continue a count ("belas", "ribu", "hundred")."""
    spec = _words(language)
    words = {w.lower() for w in spec["multipliers"]} | ({spec["teens"]} if spec["teens"] else set())
    return re.compile(r"(?:[^\w]|_)*?(?<![^\W\d_])(?:" + lexicon.trie_regex(words) + r")(?![^\W\d_])",
                      re.IGNORECASE)


def number_words(language: str) -> frozenset[str]:
    """The words that can start a count (for a caller that finds them in its own scan)."""
    spec = _words(language)
    return frozenset(w.lower() for w in (*spec["units"], *spec["vague"])) - _NOT_ALONE


_DIGIT_RUN = re.compile(r"\d[\d.,]*\d|\d")


def find_counts(text: str, language: str, starts: list[tuple[int, int]] | None = None) -> list[Count]:
    """Counts in ``text`` with their offsets; vague words take ACLED's conservative value.

    ``starts``: where the number words of ``text`` are (from a scan the caller already made); the
    digits are found here either way."""
    spec = _words(language)
    units, multipliers, vague, teens = spec["units"], spec["multipliers"], spec["vague"], spec["teens"]
    candidates = _candidates(language)
    followers = _followers(language)
    counts: list[Count] = []
    if starts is None:
        found = [(m.start(), m.end()) for m in candidates.finditer(text)]
    else:
        found = [(m.start(), m.end()) for m in _DIGIT_RUN.finditer(text)]
        found += starts
        found.sort()
    index, end = 0, -1
    while index < len(found):
        start, stop = found[index]
        index += 1
        if start < end:
            continue
        word, end = text[start:stop], stop
        low = word.lower()
        value = _digits(word, language) if word[0].isdigit() else units.get(low, vague.get(low))
        if value is None:
            continue
        if low not in vague and followers.match(text, end):
            nxt = _TOKEN.search(text, end)
            if nxt and teens and nxt.group(0).lower() == teens:
                value += 10  # "dua belas" = 12
                end = nxt.end()
                nxt = _TOKEN.search(text, end)
            # "dua ribu", "lima puluh tiga", "two hundred", "1,5 juta"
            while nxt and nxt.group(0).lower() in multipliers:
                value *= multipliers[nxt.group(0).lower()]
                end = nxt.end()
                nxt = _TOKEN.search(text, end)
                if nxt and nxt.group(0).lower() in units and nxt.group(0).lower() not in _NOT_ALONE:
                    value += units[nxt.group(0).lower()]
                    end = nxt.end()
                    nxt = _TOKEN.search(text, end)
            if language == "id" and low.startswith("se") and low[2:] in multipliers:
                value = multipliers[low[2:]]
        counts.append(Count(value, start, end, text[start:end]))
    return counts
