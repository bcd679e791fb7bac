"""Lexicon files (geomap/lexicons/*.json), loaded once and compiled for matching.

Every word list becomes one case-insensitive regex (whole words, longest first), so a
report is scanned once per list, never once per word.  ``key`` normalises a matched
surface form so it can be looked up in the list's table.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

LANGUAGES = ("id", "en")
_SPACES = re.compile(r"[\s\u2010-\u2015-]+")


@cache
def read(name: str) -> dict:
    return json.loads(files("geomap.lexicons").joinpath(f"{name}.json").read_text("utf-8"))


def key(text: str) -> str:
    """A matched phrase in the form its table is keyed by: lower case, one space, straight apostrophe."""
    return _SPACES.sub(" ", text.lower().replace("\u2019", "'")).strip()


def phrase_pattern(phrases) -> re.Pattern[str]:
    """One case-insensitive regex for whole-word phrases, longest first."""
    ordered = sorted({key(p) for p in phrases if p}, key=len, reverse=True)
    parts = [re.escape(p).replace(r"\ ", r"[\s\u2010-\u2015-]+").replace("'", "['\u2019]") for p in ordered]
    body = "|".join(parts) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Named:
    name: str
    kind: str  # state | nonstate | peacekeepers | claimant
    side: str  # a key of actors.json "sides", or ""


@dataclass(frozen=True)
class Table:
    """A phrase list compiled to one regex, with what each phrase stands for."""

    pattern: re.Pattern[str]
    values: dict[str, object]

    def get(self, surface: str, default=None):
        return self.values.get(key(surface), default)


def table(entries: dict[str, object]) -> Table:
    return Table(phrase_pattern(entries), {key(k): v for k, v in entries.items()})


@dataclass(frozen=True)
class EventLexicon:
    language: str
    roots: dict[str, tuple[str, str]]
    phrases: Table  # -> (event type, sub-event type)
    not_trigger_words: frozenset[str]
    not_trigger_phrases: re.Pattern[str]
    weapons: Table  # -> sub-event type
    cues: dict[str, re.Pattern[str]]  # cue lists by name (skip, durative, civilian, near, ...)
    words: dict[str, frozenset[str]]  # one-word cue sets (anaphora, purpose, negation, since, place_nouns)
    killed: re.Pattern[str]
    injured: re.Pattern[str]
    evacuated: re.Pattern[str]
    claim_verbs: re.Pattern[str]
    reporting: re.Pattern[str]
    participial: re.Pattern[str]
    denial: re.Pattern[str]
    persons: re.Pattern[str]  # anchored: a person noun right at the position
    locatives: frozenset[str]
    origin: frozenset[str]
    origin_fillers: frozenset[str]
    origin_exceptions: re.Pattern[str]
    passive_by: frozenset[str]
    passive_prefixes: tuple[str, ...]
    be_auxiliaries: frozenset[str]
    coordination: frozenset[str]
    clause_break: re.Pattern[str]


_WORD_SETS = ("anaphora", "purpose", "negation", "since", "place_nouns", "aspectual", "definite", "overnight")


@cache
def events(language: str) -> EventLexicon:
    spec = read("events")[language]
    cues = spec["cues"]
    claims = spec["claims"]
    casualties = spec["casualties"]
    persons = sorted({key(p) for p in cues["persons"]}, key=len, reverse=True)
    openers = sorted(spec["clause_openers"], key=len, reverse=True)
    return EventLexicon(
        language=language,
        roots={root: tuple(kind) for root, kind in spec["roots"].items()},
        phrases=table({p: tuple(kind) for p, kind in spec["phrases"].items()}),
        not_trigger_words=frozenset(w.lower() for w in spec["not_trigger_words"]),
        not_trigger_phrases=phrase_pattern(spec["not_trigger_phrases"]),
        weapons=table(spec["weapons"]),
        cues={name: phrase_pattern(words) for name, words in cues.items()},
        words={name: frozenset(key(w) for w in cues[name]) for name in _WORD_SETS},
        killed=phrase_pattern(casualties["killed"]),
        injured=phrase_pattern(casualties["injured"]),
        evacuated=phrase_pattern(casualties["evacuated"]),
        claim_verbs=phrase_pattern(claims["verbs"] + claims["reporting"]),
        reporting=phrase_pattern(claims["reporting"]),
        participial=phrase_pattern(claims["participial"]),
        denial=phrase_pattern(claims["denial"]),
        persons=re.compile(
            r"(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in persons) + r")(?![\w])", re.IGNORECASE
        ),
        locatives=frozenset(spec["locatives"]),
        origin=frozenset(spec["origin"]),
        origin_fillers=frozenset(spec["origin_fillers"]),
        origin_exceptions=phrase_pattern(spec["origin_exceptions"]),
        passive_by=frozenset(spec["passive_by"]),
        passive_prefixes=tuple(spec["passive_prefixes"]),
        be_auxiliaries=frozenset(spec["be_auxiliaries"]),
        coordination=frozenset(spec["coordination"]),
        clause_break=re.compile(
            r"[;:]|\s(?=(?:" + "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in openers) + r")\b)",
            re.IGNORECASE,
        ),
    )


# --------------------------------------------------------------------------- actors and sides


@dataclass(frozen=True)
class Side:
    code: str
    forces: str
    civilians: str
    police: str
    protesters: str
    government: str
    opponent: str
    party: bool


@dataclass(frozen=True)
class Territory:
    side: str
    start: dt.date
    until: dt.date
    ring: tuple[tuple[float, float], ...]  # (lon, lat)
    bbox: tuple[float, float, float, float]  # west, south, east, north

    def holds(self, longitude: float, latitude: float, date: dt.date) -> bool:
        west, south, east, north = self.bbox
        if not (self.start <= date < self.until and west <= longitude <= east and south <= latitude <= north):
            return False
        inside, ring = False, self.ring
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > latitude) != (y2 > latitude) and longitude < x1 + (latitude - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside


@dataclass(frozen=True)
class Front:
    holder: str  # the side holding the region the article is about
    outside_side: str  # the side whose unnamed places lie along the front
    area: str  # the gazetteer name of the front


@dataclass(frozen=True)
class ActorLexicon:
    actors: Table  # -> Named
    claimants: Table  # -> Named
    sides: dict[str, Side]
    territories: tuple[Territory, ...]
    fronts: tuple[Front, ...]


@cache
def actor_lexicon() -> ActorLexicon:
    spec = read("actors")
    actors: dict[str, Named] = {}
    for entry in spec["actors"]:
        for form in entry["forms"]:
            actors.setdefault(form, Named(entry["name"], entry["kind"], entry["side"]))
    claimants: dict[str, Named] = {}
    for entry in spec["claimants"]:
        for form in entry["forms"]:
            claimants.setdefault(form, Named(entry["name"], "claimant", entry["side"]))
    sides = {code: Side(code, s["forces"], s["civilians"], s["police"], s["protesters"], s["government"],
                        s["opponent"], s["party"]) for code, s in spec["sides"].items()}
    territories = []
    for t in spec["territories"]:
        ring = tuple((float(x), float(y)) for x, y in t["ring"])
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        territories.append(Territory(t["side"], dt.date.fromisoformat(t["from"]), dt.date.fromisoformat(t["until"]),
                                     ring, (min(xs), min(ys), max(xs), max(ys))))
    fronts = tuple(Front(f["holder"], f["outside_side"], f["area"]) for f in spec["fronts"])
    return ActorLexicon(table(actors), table(claimants), sides, tuple(territories), fronts)
