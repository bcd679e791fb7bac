"""One scan of a report per word list; hits are then looked up per sentence by bisection.

Scanning the whole text once with each compiled list, instead of each sentence with each
list, is what keeps extraction at hundreds of reports per second on one core.
"""

from __future__ import annotations

import re
from bisect import bisect_left
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
