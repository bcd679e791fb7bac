"""Finding place names in text and choosing between same-named places."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import ahocorasick
from geopy.distance import great_circle

from .normalize import normalize, normalize_with_offsets
from .places import Candidate, Mention, Place

# Focus regions: west, south, east, north.
FOCUS_REGIONS = {
    "south-caucasus": (40.0, 37.0, 51.0, 44.0),
    "world": (-180.0, -90.0, 180.0, 90.0),
}
_NYA = "nya"  # Indonesian possessive suffix: "Stepanakertnya"
_QUALIFIER = re.compile(r"^\s*(?:,|di|in|dekat|near|wilayah|,?\s+provinsi)\s+(?P<where>[\w' -]{3,40})", re.I)


@dataclass(frozen=True)
class ResolveContext:
    """What the rest of an article says: anchor places and named countries."""

    anchors: tuple[Place, ...] = ()
    countries: frozenset[str] = frozenset()
    qualifier: str = ""  # text right after the name, e.g. "di Armenia"


class Gazetteer:
    def __init__(self, places: Sequence[Place], traps: Iterable[str] = (), common_words: Iterable[str] = (),
                 focus_region: str = "south-caucasus"):
        if focus_region not in FOCUS_REGIONS:
            raise ValueError(f"unknown focus region {focus_region!r}; choose from {', '.join(FOCUS_REGIONS)}")
        self.places = tuple(places)
        self.focus_bbox = FOCUS_REGIONS[focus_region]
        self._traps = tuple(normalize(t) for t in traps)
        self._common = frozenset(normalize(w) for w in common_words)
        index: dict[str, list[Place]] = {}
        for place in self.places:
            for name in place.names:
                key = normalize(name)
                if key and place not in index.setdefault(key, []):
                    index[key].append(place)
        self._index = {k: tuple(v) for k, v in index.items()}
        self._countries = {p.country: p for p in self.places if p.is_country}

    # -- finding ---------------------------------------------------------
    @cached_property
    def _automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key in self._index:
            automaton.add_word(key, key)
        for trap in self._traps:
            automaton.add_word(trap, None)  # a trap blocks the names it contains
        automaton.make_automaton()
        return automaton

    def find_mentions(self, text: str) -> list[Mention]:
        """Every gazetteer name in ``text``: word boundaries, longest match, traps removed."""
        folded, origin = normalize_with_offsets(text)
        hits = []
        for end_index, key in self._automaton.iter(folded):
            start = end_index - (len(key) if key is not None else 0) + 1
            end = end_index + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end < len(folded) and folded[end].isalnum():
                if not (folded.startswith(_NYA, end) and not folded[end + 3 : end + 4].isalnum()):
                    continue
            hits.append((start, end, key))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        mentions, taken_until = [], -1
        for start, end, key in hits:
            if start < taken_until:
                continue
            taken_until = end
            if key is None:
                continue
            o_start, o_end = origin[start], origin[end - 1] + 1
            surface = text[o_start:o_end]
            if key in self._common and not surface[:1].isupper():
                continue
            mentions.append(Mention(surface, o_start, o_end, self._index[key]))
        return mentions

    # -- resolving -------------------------------------------------------
    def lookup(self, name: str) -> tuple[Place, ...]:
        return self._index.get(normalize(name), ())

    def country(self, code: str) -> Place | None:
        return self._countries.get(code)

    def search(self, prefix: str, limit: int = 20) -> list[Place]:
        """Places with a name starting with ``prefix``, most important first."""
        folded = normalize(prefix)
        found: dict[str, Place] = {}
        for key in self._automaton.keys(folded) if folded else ():
            for place in self._index.get(key, ()):
                found.setdefault(place.key, place)
        return sorted(found.values(), key=lambda p: (-p.priority, -p.population, p.name))[:limit]

    def context_of(self, text: str) -> ResolveContext:
        """Anchors (unambiguous places) and countries named in a text."""
        mentions = self.find_mentions(text)
        anchors = tuple(dict.fromkeys(m.places[0] for m in mentions if len(m.places) == 1 and not m.places[0].is_country))
        countries = frozenset(p.country for m in mentions for p in m.places if p.is_country)
        return ResolveContext(anchors, countries)

    def resolve(self, name: str, context: ResolveContext | str | None = None) -> list[Candidate]:
        """Candidates for ``name``, best first, each with a score in [0, 1] and a reason."""
        if isinstance(context, str):
            context = self.context_of(context)
        context = context or ResolveContext()
        scored = [self._score(place, context) for place in self.lookup(name)]
        return sorted(scored, key=lambda c: (-c.score, -c.place.population, c.place.key))

    def _score(self, place: Place, context: ResolveContext) -> Candidate:
        reasons = [f"priority {place.priority}"]
        score = 0.35 * place.priority / 100
        west, south, east, north = self.focus_bbox
        if west <= place.longitude <= east and south <= place.latitude <= north:
            score += 0.2
            reasons.append("in focus region")
        if place.population:
            score += 0.1 * min(math.log10(place.population + 1) / 7, 1.0)
        qualifier = _qualifying_country(context.qualifier, self)
        if qualifier:
            if qualifier == place.country:
                score += 0.3
                reasons.append(f"qualified as in {qualifier}")
            else:
                score -= 0.3
                reasons.append(f"qualifier names {qualifier}, not {place.country}")
        elif place.country in context.countries:
            score += 0.05
            reasons.append(f"article names {place.country}")
        others = [a for a in context.anchors if a.key != place.key and not a.is_area]
        if others and not place.is_country:
            nearest = min(others, key=lambda a: _km(place, a))
            distance = _km(place, nearest)
            if distance <= 60:
                score += 0.15
                reasons.append(f"{distance:.0f} km from {nearest.name}")
            elif distance <= 200:
                score += 0.07
                reasons.append(f"{distance:.0f} km from {nearest.name}")
        return Candidate(place, round(max(0.0, min(score, 1.0)), 4), "; ".join(reasons))


def _km(a: Place, b: Place) -> float:
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def _qualifying_country(qualifier: str, gazetteer: Gazetteer) -> str | None:
    match = _QUALIFIER.match(qualifier or "")
    if not match:
        return None
    for mention in gazetteer.find_mentions(match.group("where")):
        if mention.start == 0 and mention.places[0].is_country:
            return mention.places[0].country
    return None
