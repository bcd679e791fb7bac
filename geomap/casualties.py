"""Casualty counts of one sentence, by ACLED's conservative rules.

A count belongs to a casualty word ("tewas", "killed", "terluka", "dievakuasi") when it stands near it
and counts people ("16 orang", "nine civilians", "lebih dari 50 tentara Armenia", "belasan orang");
counts of things ("15 kilometer", "19 permukiman", "dua helikopter") do not.  A count introduced by
"termasuk"/"including" is part of another one, not added to it; counts joined by "dan"/"and" are added
("dua warga sipil dan tiga tentara").  Competing figures for the same casualty word keep the lowest.
Running tallies ("sejauh ini", "so far", "death toll") are not one event's: the caller leaves out
casualty words inside such clauses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .lexicon import EventLexicon
from .numbers import Count

_BEFORE_REACH = 60  # characters from a count to the casualty word after it
_AFTER_REACH = 30  # from a casualty word to the count after it ("menewaskan lebih dari 50 tentara")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_SPACES = re.compile(r"\s+")
_ONE_WORD = re.compile(r"\s+[^\W\d_][\w'\u2019-]*\s+")
_INTERMEDIATE = re.compile(r"\s+(?:[^\W\d_][\w'\u2019-]*\s+){1,2}")  # "dozens of Azerbaijani soldiers"
_JOIN = re.compile(r"^[\s\w'\u2019-]{0,30}?(?:,\s*|\s+(?:dan|and|serta|plus)\s+)$", re.IGNORECASE)


def counts_people(text: str, count: Count, lex: EventLexicon) -> bool:
    """A person noun right after the count, possibly after one word ("dua tentara Armenia",
    "two Azerbaijani soldiers")."""
    direct = _SPACES.match(text, count.end)
    if direct and lex.persons.match(text, direct.end()):
        return True
    gap = _ONE_WORD.match(text, count.end)
    if gap and lex.persons.match(text, gap.end()):
        return True
    gap = _INTERMEDIATE.match(text, count.end)
    return bool(gap and lex.persons.match(text, gap.end()))


def casualty_counts(text: str, cues: dict[str, Sequence[tuple[int, int, object]]], counts: Sequence[Count],
                    lex: EventLexicon, is_subset: Callable[[Count], bool]) -> dict[str, int]:
    """The conservative count for each kind of casualty word of one sentence ({"killed": 9, "injured": 34}).

    Each count goes to its nearest casualty word ("killing nine civilians and wounding 34": nine killed,
    34 injured); the counts of one word joined by "dan"/"and" are added; a kind with several words with
    counts keeps the lowest figure."""
    words = [(c_start, c_end, kind) for kind, hits in cues.items() for c_start, c_end, _ in hits]
    owned: dict[tuple[int, int, str], list[tuple[int, Count]]] = {}
    for count in counts:
        if is_subset(count):
            continue
        best = None
        for c_start, c_end, kind in words:
            before = count.end <= c_start and c_start - count.end <= _BEFORE_REACH
            after = count.start >= c_end and count.start - c_end <= _AFTER_REACH
            if not (before or after):
                continue
            gap = text[count.end : c_start] if before else text[c_end : count.start]
            between = [w.lower() for w in _WORD.findall(gap)]
            adjacent = len(between) <= (1 if before else 2) and not re.search(r"[,;:]", gap)
            if not (adjacent or counts_people(text, count, lex)):
                continue
            # "killing nine civilians and wounding 34", "one was killed and 32 were wounded": a count
            # right next to its word, with no "and" between, belongs to it before any other
            strong = adjacent and not any(w in lex.coordination for w in between)
            rank = (0 if strong else 1, c_start - count.end if before else count.start - c_end)
            if best is None or rank < best[0]:
                best = (rank, (c_start, c_end, kind))
        if best is not None:
            owned.setdefault(best[1], []).append((best[0], count))
    result: dict[str, int] = {kind: 0 for kind in cues}
    for (_c_start, _c_end, kind), found in owned.items():
        group = sorted((count for _d, count in found), key=lambda c: c.start)
        nearest = min(found, key=lambda f: f[0])[1]
        index = group.index(nearest)
        value = nearest.value
        for prev, nxt in zip(group[index:], group[index + 1 :]):  # "dua warga sipil dan tiga tentara"
            if not _JOIN.match(text[prev.end : nxt.start]):
                break
            value += nxt.value
        for nxt, prev in zip(reversed(group[:index + 1]), reversed(group[:index])):  # "empat polisi dan dua warga"
            if not _JOIN.match(text[prev.end : nxt.start]):
                break
            value += prev.value
        result[kind] = value if not result[kind] else min(result[kind], value)
    return result
