"""Lexicon files (geomap/lexicons/*.json), loaded once and compiled for matching.

The phrase lists of a language (triggers, cues, claims, casualty words, actors, claimants, number and
date words) all go into one :class:`geomap.scan.PhraseIndex` (:func:`events_index`), so a report's
words are read once for all of them.  One-word cue sets (``EventLexicon.words``) are looked up word by
word.  ``key`` puts a phrase in the form the lists are keyed by.
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
    """A phrase in the form the lists are keyed by: lower case, one space, straight apostrophe."""
    return _SPACES.sub(" ", text.lower().replace("\u2019", "'")).strip()


_CHAR_PATTERNS = {" ": r"[\s\u2010-\u2015-]+", "'": "['\u2019]"}


def trie_regex(phrases) -> str:
    """A regex matching any of ``phrases`` (already keyed), longest first, as a trie of shared prefixes.

    Python's ``re`` tries every branch of a flat alternation at every position of the text; a trie tries
    one character per level, which makes a list of hundreds of phrases about as cheap as a short one."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [_CHAR_PATTERNS.get(c, re.escape(c)) + emit(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) > 1 or len(branches[0]) > 1 else f"{body}?"
        return body

    return emit(trie) if trie else r"(?!x)x"


@dataclass(frozen=True)
class Named:
    name: str
    kind: str  # state | nonstate | peacekeepers | police | civilians | protesters | claimant
    side: str  # a key of actors.json "sides", or ""


@dataclass(frozen=True)
class EventLexicon:
    language: str
    roots: dict[str, tuple[str, str]]  # root -> (event type, sub-event type)
    not_trigger_words: frozenset[str]
    words: dict[str, frozenset[str]]  # one-word cue sets (anaphora, purpose, negation, since, place_nouns, ...)
    persons: re.Pattern[str]  # anchored: a person noun right at the position
    locatives: frozenset[str]
    origin: frozenset[str]
    origin_fillers: frozenset[str]
    passive_by: frozenset[str]
    passive_prefixes: tuple[str, ...]
    be_auxiliaries: frozenset[str]
    coordination: frozenset[str]


_WORD_SETS = ("anaphora", "purpose", "negation", "since", "place_nouns", "aspectual", "definite", "overnight",
              "territory_fillers", "background_openers", "speech_relative")


@cache
def events(language: str) -> EventLexicon:
    spec = read("events")[language]
    cues = spec["cues"]
    persons = sorted({key(p) for p in cues["persons"]}, key=len, reverse=True)
    return EventLexicon(
        language=language,
        roots={root: tuple(kind) for root, kind in spec["roots"].items()},
        not_trigger_words=frozenset(w.lower() for w in spec["not_trigger_words"]),
        words={name: frozenset(key(w) for w in cues[name]) for name in _WORD_SETS},
        persons=re.compile(
            r"(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in persons) + r")(?![\w])", re.IGNORECASE
        ),
        locatives=frozenset(spec["locatives"]),
        origin=frozenset(spec["origin"]),
        origin_fillers=frozenset(spec["origin_fillers"]),
        passive_by=frozenset(spec["passive_by"]),
        passive_prefixes=tuple(spec["passive_prefixes"]),
        be_auxiliaries=frozenset(spec["be_auxiliaries"]),
        coordination=frozenset(spec["coordination"]),
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
    actors: dict[str, Named]  # keyed form -> actor
    claimants: dict[str, Named]  # keyed form -> claimant
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
    return ActorLexicon({key(k): v for k, v in actors.items()}, {key(k): v for k, v in claimants.items()}, sides,
                        tuple(territories), fronts)


_LOOKED_UP = frozenset(_WORD_SETS) - {"since"} | {"persons"}


@cache
def events_index(language: str):
    """Every phrase list of the language (events, cues, claims, actors, future cues) in one
    :class:`geomap.scan.PhraseIndex`, so a report is read once for all of them."""
    from .scan import PhraseIndex

    spec = read("events")[language]
    actors_spec = actor_lexicon()
    modality = read("dates")["modality"].get(language, {})

    def plain(words) -> dict[str, object]:
        return {key(w): None for w in words}

    lists: dict[str, dict[str, object]] = {
        "phrases": {key(p): tuple(kind) for p, kind in spec["phrases"].items()},
        "masks": plain(spec["not_trigger_phrases"]),
        "weapons": {key(w): sub for w, sub in spec["weapons"].items()},
        "killed": plain(spec["casualties"]["killed"]),
        "injured": plain(spec["casualties"]["injured"]),
        "evacuated": plain(spec["casualties"]["evacuated"]),
        "verbs": plain(spec["claims"]["verbs"] + spec["claims"]["reporting"]),
        "reporting": plain(spec["claims"]["reporting"]),
        "participial": plain(spec["claims"]["participial"]),
        "denial": plain(spec["claims"]["denial"]),
        "openers": plain(spec["clause_openers"]),
        "actors": dict(actors_spec.actors),
        "claimants": dict(actors_spec.claimants),
        "future": plain(modality.get("future", [])),
        "future_exclude": plain(modality.get("exclude", [])),
    }
    for name, words in spec["cues"].items():
        if name not in _LOOKED_UP:  # those are looked up word by word, not scanned
            lists["cue:" + name] = plain(words)
    from .dates import gate_words
    from .numbers import number_words

    lists["numbers"] = plain(number_words(language))
    for group, words in gate_words(language).items():
        lists["date:" + group] = plain(words)
    return PhraseIndex(lists)
