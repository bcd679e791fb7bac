"""The name index: every name of every place, in one Aho-Corasick automaton.

Places are numbered: curated places first, then imported ones, then world
places.  Each distinct name (in ``scan_key`` form) gets a key id; the automaton
maps ``" name "`` (with its word boundaries) to the key id, and compact arrays
map a key id to its places and flags.

Merging (curated > imported > world): an imported or world place is dropped
when a better source has the same GeoNames id, or the same name within 2 km.

Guards against ordinary words in a world of 480,000 names: a name that only
imported or world places carry must be capitalised in the text (``WEAK``), is
not scanned at all when it is a stop word of Indonesian or English, an ordinary
dictionary word, or has three letters or fewer (the last two unless it names a
country).  Such names can still be looked up.  The scan adds one more guard
(``Gazetteer.find_mentions``): such a name next to another capitalised word is
part of a person's or an organisation's name ("Shushan Stepanyan").
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick
from .distance import km
from .normalize import scan_key, scan_keys
from .places import Place
from .world import WorldData

INDEX_FORMAT = 6
TRAP, CAPITAL, WEAK, NYA, UPPER = 1, 2, 4, 8, 16
_NYA = "nya"  # Indonesian possessive suffix: "Stepanakertnya"
MERGE_KM = 2.0


@dataclass
class NameIndex:
    automaton: ahocorasick.Automaton  # " key " -> key id (scanned names and traps)
    extra: dict[str, int]  # key -> key id for names that are looked up but never scanned
    lo: array  # key id -> slice of ``ids``
    hi: array
    ids: array  # place ids
    flags: bytearray  # key id -> TRAP | CAPITAL | WEAK | NYA | UPPER
    lengths: array  # key id -> length of " key " in the automaton
    suppressed: int = 0  # places dropped as duplicates of a better source

    def key_id(self, key: str) -> int | None:
        """The key id of a name already in ``scan_key`` form (scanned or not)."""
        kid = self.automaton.get(f" {key} ", None)
        return self.extra.get(key) if kid is None else kid

    def name_id(self, name: str) -> int | None:
        """The key id of a name as written (any of its index forms)."""
        for key in scan_keys(name):
            kid = self.key_id(key)
            if kid is not None:
                return kid
        return None

    def place_ids(self, kid: int) -> array:
        return self.ids[self.lo[kid] : self.hi[kid]]

    def prefixed(self, prefix: str, limit: int = 5000) -> Iterable[int]:
        """Key ids of names starting with ``prefix`` (``scan_key`` form)."""
        seen = 0
        for key in self.automaton.keys(" " + prefix):
            if seen >= limit:
                return
            seen += 1
            yield self.automaton.get(key)
        for key, kid in self.extra.items():
            if key.startswith(prefix):
                yield kid


def _letters(key: str) -> int:
    return len(key) - key.count(" ")  # keys hold letters, digits and spaces


def _trap_variants(key: str) -> set[str]:
    """A trap phrase also blocks its spelling with punctuation between words ("Atlanta, Georgia")."""
    words = key.split(" ")
    if len(words) > 6:
        return {key}
    variants = set()
    for gaps in itertools.product((" ", "  "), repeat=len(words) - 1):
        variants.add(words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:])))
    return variants


def build_index(curated: Sequence[Place], imported: Sequence[Place] = (), world: WorldData | None = None,
                traps: Iterable[str] = (), common_words: Iterable[str] = (), stopwords: Iterable[str] = (),
                dictionary: Iterable[str] = ()) -> NameIndex:
    """Build the index (about 3 s with the world data; cached by the loader)."""
    offline = list(curated) + list(imported)
    n_curated, n_offline = len(curated), len(offline)
    keymap: dict[str, list[int]] = {}
    suppressed = 0

    def add(key: str, pid: int) -> None:
        ids = keymap.setdefault(key, [])
        if not ids or ids[-1] != pid:
            ids.append(pid)

    def near_better(key: str, lat: float, lon: float, better_than: int) -> bool:
        for pid in keymap.get(key, ()):
            if pid < better_than:
                p = offline[pid]
                if km((lat, lon), (p.latitude, p.longitude)) <= MERGE_KM:
                    return True
        return False

    gids = {p.geonameid for p in curated if p.geonameid}
    for pid, place in enumerate(curated):
        for name in place.names:
            for key in scan_keys(name):
                add(key, pid)
    for pid, place in enumerate(imported, start=n_curated):
        keys = list(dict.fromkeys(k for n in place.names for k in scan_keys(n)))
        if (place.geonameid and place.geonameid in gids) or any(
                near_better(k, place.latitude, place.longitude, n_curated) for k in keys):
            suppressed += 1
            continue
        for key in keys:
            add(key, pid)
    gids |= {offline[pid].geonameid for ids in keymap.values() for pid in ids if pid >= n_curated}
    countries = set()
    if world is not None:
        for index in range(len(world)):
            pid = n_offline + index
            keys = world.keys_of(index)
            if world.geonameid[index] in gids or any(
                    near_better(k, world.latitude[index], world.longitude[index], n_offline) for k in keys):
                suppressed += 1
                continue
            if world.feature[index] == 2:  # PCLI
                countries.update(keys)
            for key in keys:
                add(key, pid)
    countries |= {k for p in offline if p.is_country for n in p.names for k in scan_keys(n)}
    common = {scan_key(w) for w in common_words}
    stop = {scan_key(w) for w in stopwords}
    ordinary = {scan_key(w) for w in dictionary} - countries

    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    extra: dict[str, int] = {}
    lo, hi, ids = array("L"), array("L"), array("L")
    flags, lengths = bytearray(), array("H")

    def new_key(key: str, start: int, end: int, flag: int, scanned: bool) -> None:
        kid = len(flags)
        lo.append(start)
        hi.append(end)
        flags.append(flag)
        lengths.append(len(key) + 2)
        if scanned:
            automaton.add_word(f" {key} ", kid)
        else:
            extra[key] = kid

    nya_keys = []
    for key, pids in keymap.items():
        start = len(ids)
        ids.extend(pids)
        letters = _letters(key)
        if pids[0] < n_curated:  # the curated file lists this name
            flag = CAPITAL | (UPPER if letters <= 3 else 0) if key in common else 0
            scanned = True
        else:
            flag = WEAK | CAPITAL
            scanned = key not in stop and key not in ordinary and (letters > 3 or key in countries)
        new_key(key, start, len(ids), flag, scanned)
        if scanned and pids[0] < n_offline and f"{key}{_NYA}" not in keymap:
            nya_keys.append((f"{key}{_NYA}", start, len(ids), flag | NYA))
    for key, start, end, flag in nya_keys:
        if automaton.get(f" {key} ", None) is None:
            new_key(key, start, end, flag, True)
    for trap in traps:
        for key in {v for k in scan_keys(trap) for v in _trap_variants(k)}:
            kid = automaton.get(f" {key} ", None)
            if kid is None:
                kid = extra.pop(key, None)
                if kid is not None:
                    automaton.add_word(f" {key} ", kid)
            if kid is None:
                new_key(key, 0, 0, TRAP, True)
            else:
                flags[kid] |= TRAP
    automaton.make_automaton()
    return NameIndex(automaton, extra, lo, hi, ids, flags, lengths, suppressed)
