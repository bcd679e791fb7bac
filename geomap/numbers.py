"""Reading counts written in digits or words ("1.000", "dua ribu", "belasan", "at least 16")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import lexicon

_TOKEN = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Count:
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


def find_counts(text: str, language: str) -> list[Count]:
    """Counts in ``text`` with their offsets; vague words take ACLED's conservative value."""
    spec = _words(language)
    units, multipliers, vague = spec["units"], spec["multipliers"], spec["vague"]
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    counts, i = [], 0
    while i < len(tokens):
        word, start, end = tokens[i]
        low = word.lower()
        value = _digits(word, language) if word[0].isdigit() else units.get(low, vague.get(low))
        if value is None or (low in {"a", "an", "no", "se"}):
            i += 1
            continue
        j = i + 1
        if low not in vague:
            if j < len(tokens) and spec["teens"] and tokens[j][0].lower() == spec["teens"]:
                value += 10  # "dua belas" = 12
                end = tokens[j][2]
                j += 1
            # "dua ribu", "lima puluh tiga", "two hundred", "1,5 juta"
            while j < len(tokens) and tokens[j][0].lower() in multipliers:
                value *= multipliers[tokens[j][0].lower()]
                end = tokens[j][2]
                j += 1
                if j < len(tokens) and tokens[j][0].lower() in units and tokens[j][0].lower() not in {"se", "a", "an"}:
                    value += units[tokens[j][0].lower()]
                    end = tokens[j][2]
                    j += 1
            if language == "id" and low.startswith("se") and low[2:] in multipliers:
                value = multipliers[low[2:]]
        counts.append(Count(value, start, end, text[start:end]))
        i = j
    return counts
