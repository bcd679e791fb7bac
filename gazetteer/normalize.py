"""Name normalisation that keeps a map back to the original offsets.

Case, diacritics (including Azerbaijani ə ı ş ç ğ), apostrophes and hyphens are
folded so that "K'arin Tak", "Şuşa" and "Nagorno-Karabakh" match their plain
spellings.  Every normalised character remembers the index of the original
character it came from, so matches can be reported in original offsets.

Two foldings:

* ``normalize`` (names): case and diacritics folded, apostrophes dropped, runs of
  spaces, hyphens, dashes, underscores and slashes made one space.
* ``scan_fold`` (text to be scanned): case and diacritics folded one character
  for one, and every character that is not a letter or digit (apostrophes
  included) made a space, so that a name is matched as ``" name "`` and word
  boundaries come for free.  Offsets are then the identity.  Text with the rare
  characters whose folding is not one character (æ, ß, combining marks) takes
  the general path, which keeps a map of offsets.  The name index holds each name
  in both forms ("k arin tak" and "karin tak").

The work is done by ``bytes.translate``, ``str.translate`` and regular
expressions; Python only loops over the characters that change length and over
runs of spaces.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

_APOSTROPHES = "'’‘ʼʻ`´"
_SPACES = "-‐‑‒–—_/\u00a0"
_SPECIAL = {"ə": "e", "Ə": "e", "ı": "i", "İ": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae",
            "ß": "ss", "đ": "d", "Đ": "d", "ǝ": "e", "Ǝ": "e"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACE_RUN = r"[\s" + re.escape(_SPACES) + r"]{2,}"


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return ""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char in _SPACES or char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _Table(dict):
    """A ``str.translate`` table filled on first sight of each character."""

    def __init__(self, scan: bool):
        super().__init__()
        self.scan = scan

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        folded = _fold_char(char)
        if self.scan:
            folded = " " if char in _APOSTROPHES else "".join(c if c.isalnum() else " " for c in folded)
        self[codepoint] = folded
        return folded


_NAME_TABLE = _Table(scan=False)
_SCAN_TABLE = _Table(scan=True)


@lru_cache(maxsize=256)
def _irregular_pattern(chars: frozenset[str], collapse: bool = True) -> re.Pattern[str]:
    """Characters whose folding is not exactly one character, or (``collapse``) runs of spaces."""
    alternatives = ["[" + re.escape("".join(sorted(chars))) + "]"] if chars else []
    if collapse:
        alternatives.append(_SPACE_RUN)
    return re.compile("|".join(alternatives) or "(?!)")


_ASCII_IRREGULAR = frozenset(c for c in _APOSTROPHES if c.isascii())


def _irregular_chars(text: str, table: "_Table") -> frozenset[str]:
    ascii_irregular = frozenset() if table.scan else _ASCII_IRREGULAR
    if text.isascii():
        return ascii_irregular
    found = set(_NON_ASCII.findall(text))
    return ascii_irregular | frozenset(c for c in found if len(table[ord(c)]) != 1)


class OffsetMap:
    """Index in the folded text -> index of the original character (piecewise linear)."""

    __slots__ = ("_folded_at", "_origin_at", "_shift", "_length")

    def __init__(self, folded_at: list[int], origin_at: list[int], shift: int, length: int):
        self._folded_at = folded_at
        self._origin_at = origin_at
        self._shift = shift
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        index += self._shift
        piece = bisect_right(self._folded_at, index) - 1
        return self._origin_at[piece] + (index - self._folded_at[piece])

    def __iter__(self):
        return (self[i] for i in range(self._length))


def _fold(text: str, table: _Table, collapse: bool = True) -> tuple[str, OffsetMap]:
    pattern = _irregular_pattern(_irregular_chars(text, table), collapse)
    parts: list[str] = []
    folded_at: list[int] = []
    origin_at: list[int] = []
    length = position = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start > position:
            piece = text[position:start].translate(table)
            folded_at.append(length)
            origin_at.append(position)
            parts.append(piece)
            length += len(piece)
        if end - start == 1 and not text[start].isspace() and text[start] not in _SPACES:
            for char in text[start].translate(table):  # "" for an apostrophe, "ae" for æ
                folded_at.append(length)
                origin_at.append(start)
                parts.append(char)
                length += 1
        else:  # a run of spaces, hyphens, dashes...
            folded_at.append(length)
            origin_at.append(start)
            parts.append(" ")
            length += 1
        position = end
    if position < len(text) or not folded_at:
        piece = text[position:].translate(table)
        folded_at.append(length)
        origin_at.append(position)
        parts.append(piece)
    folded = "".join(parts)
    if not collapse:
        return folded, OffsetMap(folded_at, origin_at, 0, len(folded))
    stripped = folded.strip(" ")
    shift = len(folded) - len(folded.lstrip(" ")) if stripped else 0
    return stripped, OffsetMap(folded_at, origin_at, shift, len(stripped))


def normalize_with_offsets(text: str) -> tuple[str, OffsetMap]:
    """Return the folded text and, for each of its characters, the original index."""
    return _fold(text, _NAME_TABLE)


_SPACE_RUNS = re.compile(" {2,}")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold a name or text to its matching form (no offsets)."""
    return _SPACE_RUNS.sub(" ", text.translate(_NAME_TABLE)).strip(" ")


# ASCII scan folding as one bytes.translate: letters lower-cased, digits kept, the rest spaces.
_SCAN_ASCII = bytes(b + 32 if 65 <= b <= 90 else b if (97 <= b <= 122 or 48 <= b <= 57) else 32 for b in range(256))


def scan_fold(text: str) -> tuple[str, OffsetMap | None]:
    """Fold text for scanning.  The offset map is None when offsets are unchanged (the usual case)."""
    if not text.isascii():
        table = _SCAN_TABLE
        chars = set(_NON_ASCII.findall(text))
        if any(len(table[ord(c)]) != 1 for c in chars):
            return _fold(text, table, collapse=False)
        text = _NON_ASCII.sub(lambda m: table[ord(m.group())], text)
        if not text.isascii():
            return text.translate(table), None
    return text.encode("ascii").translate(_SCAN_ASCII).decode("ascii"), None


@lru_cache(maxsize=65536)
def scan_key(name: str) -> str:
    """The form a name takes in the scan index (``scan_fold`` of the name, trimmed)."""
    return scan_fold(name)[0].strip(" ")


@lru_cache(maxsize=65536)
def scan_keys(name: str) -> tuple[str, ...]:
    """Every form under which a name is indexed: as written ("k arin tak") and normalised ("karin tak")."""
    return tuple(k for k in dict.fromkeys((scan_key(name), scan_key(normalize(name)))) if k)
