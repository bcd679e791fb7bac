"""Lexicon files (geomap/lexicons/*.json), loaded once and compiled for matching."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

LANGUAGES = ("id", "en")


@cache
def read(name: str) -> dict:
    return json.loads(files("geomap.lexicons").joinpath(f"{name}.json").read_text("utf-8"))


def phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex for whole-word phrases, longest first."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in ordered) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Named:
    name: str
    kind: str
    country: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class EventLexicon:
    language: str
    roots: dict[str, tuple[str, str]]
    phrases: re.Pattern[str]
    phrase_types: dict[str, tuple[str, str]]
    weapons: dict[str, str]
    weapon_pattern: re.Pattern[str]
    skip: re.Pattern[str]
    civilian: re.Pattern[str]
    cumulative: re.Pattern[str]
    killed: re.Pattern[str]
    injured: re.Pattern[str]
    evacuated: re.Pattern[str]
    claim_verbs: re.Pattern[str]
    reporting: re.Pattern[str]
    clause_break: re.Pattern[str]
    denial: re.Pattern[str]
    not_triggers: frozenset[str]
    locatives: frozenset[str]
    origin: frozenset[str]
    passive_by: frozenset[str]


@cache
def events(language: str) -> EventLexicon:
    spec = read("events")[language]
    casualties, claims = spec["casualties"], spec["claims"]
    return EventLexicon(
        language=language,
        roots={root: tuple(kind) for root, kind in spec["roots"].items()},
        phrases=phrase_pattern(list(spec["phrases"])),
        phrase_types={p.lower(): tuple(kind) for p, kind in spec["phrases"].items()},
        weapons=dict(spec["weapons"]),
        weapon_pattern=phrase_pattern(list(spec["weapons"])),
        skip=phrase_pattern(spec["skip"]),
        civilian=phrase_pattern(spec["civilian"]),
        cumulative=phrase_pattern(spec["cumulative"]),
        killed=phrase_pattern(casualties["killed"]),
        injured=phrase_pattern(casualties["injured"]),
        evacuated=phrase_pattern(casualties["evacuated"]),
        claim_verbs=phrase_pattern(claims["verbs"]),
        reporting=phrase_pattern(claims["reporting"]),
        clause_break=re.compile(
            r"[,;:]|\s(?=(?:" + "|".join(map(re.escape, spec["clause_openers"])) + r")\b)", re.IGNORECASE
        ),
        denial=phrase_pattern(claims["denial"]),
        not_triggers=frozenset(spec["not_triggers"]),
        locatives=frozenset(spec["locatives"]),
        origin=frozenset(spec["origin"]),
        passive_by=frozenset(spec["passive_by"]),
    )


@cache
def actors() -> tuple[Named, ...]:
    return tuple(
        Named(a["name"], a["kind"], a["country"], phrase_pattern(a["forms"])) for a in read("actors")["actors"]
    )


@cache
def claimants() -> tuple[Named, ...]:
    return tuple(Named(c["name"], "claimant", "", phrase_pattern(c["forms"])) for c in read("actors")["claimants"])


def civilians_of(country: str) -> str:
    return read("actors")["civilians"].get(country, "Civilians")
