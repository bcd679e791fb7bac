"""One scan of a report per word list; hits are then looked up per sentence by bisection.

Scanning the whole text once with each compiled list, instead of each sentence with each
list, is what keeps extraction at hundreds of reports per second on one core.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress
from collections.abc import Iterable


class Hits:
    """(start, end, value) triples sorted by start."""

    __slots__ = ("items", "starts")

    def __init__(self, items: Iterable[tuple[int, int, object]] = ()):
        self.items = sorted(items, key=lambda h: (h[0], -h[1]))
        self.starts = [h[0] for h in self.items]

    @classmethod
    def of(cls, pattern: re.Pattern[str], text: str, value=None) -> Hits:
        hits = cls.__new__(cls)
        hits.items = [(m.start(), m.end(), value) for m in pattern.finditer(text)]
        hits.starts = [h[0] for h in hits.items]
        return hits

    @classmethod
    def sorted_items(cls, items: list[tuple[int, int, object]]) -> Hits:
        """Hits from triples already sorted by start."""
        if not items:
            return _NO_HITS  # most lists find nothing in a report; hits are never changed once made
        hits = cls.__new__(cls)
        hits.items = items
        hits.starts = [h[0] for h in items]
        return hits

    def within(self, a: int, b: int) -> list[tuple[int, int, object]]:
        """Hits starting in [a, b)."""
        return self.items[bisect_left(self.starts, a) : bisect_left(self.starts, b)]

    def any_within(self, a: int, b: int) -> bool:
        i = bisect_left(self.starts, a)
        return i < len(self.starts) and self.starts[i] < b

    def last_before(self, position: int, reach: int) -> tuple[int, int, object] | None:
        """The last hit ending at or before ``position`` and starting within ``reach`` characters of it."""
        i = bisect_left(self.starts, position)
        while i > 0:
            i -= 1
            hit = self.items[i]
            if hit[0] < position - reach:
                return None
            if hit[1] <= position:
                return hit
        return None

    def __len__(self) -> int:
        return len(self.items)


_NO_HITS = Hits()

_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_SPLIT = re.compile(r"([^\W_]+)")
_SPACE_GAP = re.compile(r"[\s\u2010-\u2015-]+")
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015")
_APOSTROPHES = ("'", "\u2019")


class PhraseIndex:
    """Many phrase lists matched in one pass over a text's words.

    Phrases are keyed as :func:`geomap.lexicon.key` makes them (lower case, one space between words,
    straight apostrophes).  A phrase matches whole words separated by spaces or hyphens ("Nagorno
    Karabakh" = "Nagorno-Karabakh"), an apostrophe where the phrase has one ("Azerbaijan's"), and not
    right after a hyphen ("Armenia" is not found in "Azerbaijan-Armenia").  Within one list, matches do
    not overlap and the longest phrase at a position wins, as with a regex alternation, longest first.
    Phrases are indexed by their first two words, so a frequent word ("di", "the") costs one lookup.
    """

    def __init__(self, lists: dict[str, dict[str, object]]):
        self.names = tuple(lists)
        single: dict[str, list[tuple[str, object, bool]]] = {}
        multi: dict[str, dict[tuple[str, int], list]] = {}
        for name, phrases in lists.items():
            for phrase, value in phrases.items():
                apostrophe_first = phrase.startswith("'")
                parts = re.split(r"([ '])", phrase.lstrip("'"))
                tokens = tuple(parts[0::2])
                if not all(_TOKEN.fullmatch(t) for t in tokens):
                    raise ValueError(f"phrase {phrase!r} of list {name!r}: only words, spaces and apostrophes")
                joins = tuple(2 if sep == "'" else 1 for sep in parts[1::2])
                if len(tokens) == 1:
                    single.setdefault(tokens[0], []).append((name, value, apostrophe_first))
                else:
                    entry = (len(phrase), tokens[2:], joins[1:], apostrophe_first, name, value)
                    multi.setdefault(tokens[0], {}).setdefault((tokens[1], joins[0]), []).append(entry)
        multi_sorted: dict[str, dict[str, dict[int, list]]] = {}
        for first_word, seconds in multi.items():
            for (second, join), entries in seconds.items():
                multi_sorted.setdefault(first_word, {}).setdefault(second, {})[join] = sorted(
                    entries, key=lambda e: (e[4], -e[0]))
        self._first = {word: (multi_sorted.get(word), single.get(word)) for word in {*single, *multi_sorted}}

    def scan(self, text: str) -> tuple[dict[str, Hits], Tokens]:
        """Hits per list name, and the text's words."""
        lowered = text.lower()
        source = lowered if len(lowered) == len(text) else text  # "İ" lowercases to two characters
        # split() and accumulate() find the words and their offsets in C: [gap, word, gap, word, ..., gap]
        parts = _TOKEN_SPLIT.split(source)
        offsets = list(accumulate(map(len, parts), initial=0))
        starts, ends, words = offsets[1:-1:2], offsets[2:-1:2], parts[1::2]
        if source is text:
            words = [w.lower() for w in words]
        found: dict[str, list] = {}  # made as lists find something: most of the lists find nothing
        until: dict[str, int] = {}
        first = self._first
        count = len(words)

        def join(j: int) -> int:
            gap = parts[2 * j]  # the characters between word j - 1 and word j
            if gap == " " or _SPACE_GAP.fullmatch(gap):
                return 1
            return 2 if gap in _APOSTROPHES else 0

        for i in compress(range(count), map(first.__contains__, words)):
            seconds, alone = first[words[i]]
            joined = seconds.get(words[i + 1]) if seconds is not None and i + 1 < count else None
            if joined is None and alone is None:
                continue  # "the", "di": words that only begin phrases, here not followed by their second word
            start, end = starts[i], ends[i]
            before = text[start - 1] if start else ""
            after_hyphen, after_apostrophe = before in _HYPHENS, before in _APOSTROPHES
            done: tuple[str, ...] = ()
            if joined is not None:
                for _length, rest, joins, apostrophe_first, name, value in joined.get(join(i + 1)) or ():
                    if name in done or start < until.get(name, -1) or \
                            not (after_apostrophe if apostrophe_first else not after_hyphen):
                        continue
                    j, stop, ok = i + 1, ends[i + 1], True
                    for token, needed in zip(rest, joins):
                        j += 1
                        if j >= count or words[j] != token or join(j) != needed:
                            ok = False
                            break
                        stop = ends[j]
                    if ok:
                        found.setdefault(name, []).append((start - (1 if apostrophe_first else 0), stop, value))
                        until[name] = stop
                        done += (name,)
            if alone is None:
                continue
            for name, value, apostrophe_first in alone:
                if name in done or start < until.get(name, -1) or \
                        not (after_apostrophe if apostrophe_first else not after_hyphen):
                    continue
                found.setdefault(name, []).append((start - (1 if apostrophe_first else 0), end, value))
                until[name] = end
        hits = dict.fromkeys(self.names, _NO_HITS)
        hits.update((name, Hits.sorted_items(items)) for name, items in found.items())
        return hits, Tokens(starts, ends, words)


class Tokens:
    """A text's words (lower case) with their offsets: the words before or after a position, within the
    sentence set by :meth:`within` (the words of the sentence before do not say anything of this one)."""

    __slots__ = ("starts", "ends", "words", "low", "high")

    def __init__(self, starts: list[int], ends: list[int], words: list[str]):
        self.starts, self.ends, self.words = starts, ends, words
        self.low, self.high = 0, 1 << 62

    def within(self, start: int, end: int) -> Tokens:
        """Look no further than [start, end) from now on (the sentence being read)."""
        self.low, self.high = start, end
        return self

    def before(self, position: int, count: int, reach: int = 60) -> list[str]:
        """Up to ``count`` words ending at or before ``position`` and starting within ``reach`` of it."""
        floor = max(position - reach, self.low)
        j = bisect_right(self.ends, position)
        i = max(0, j - count)
        while i < j and self.starts[i] < floor:
            i += 1
        return self.words[i:j]

    def after(self, position: int, count: int, reach: int = 60) -> list[str]:
        """Up to ``count`` words starting at or after ``position`` and ending within ``reach`` of it."""
        ceiling = min(position + reach, self.high)
        i = bisect_left(self.starts, position)
        j = min(len(self.starts), i + count)
        while j > i and self.ends[j - 1] > ceiling:
            j -= 1
        return self.words[i:j]
