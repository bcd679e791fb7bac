"""Scoring extracted events against hand-coded gold events.

A predicted event matches a gold event when both have the same ACLED event type, their dates are no
further apart than the looser of the two time precisions allows (day 0, week 7, month 31 days), and
their places are within ``MAX_KM`` kilometres (great-circle) or carry the same GeoNames id.  Matching
is greedy and one-to-one: the closest pairs (in kilometres, then days) are taken first, so a vague
region-level prediction cannot take the place of the town-level one that names the gold event's town.

Pure functions over frozen dataclasses; the only I/O is ``load_gold``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

from geopy.distance import great_circle

from .model import DAY, MONTH, WEEK

MAX_KM = 10.0
TOLERANCE_DAYS = {DAY: 0, WEEK: 7, MONTH: 31}


class EventLike(Protocol):
    event_date: str
    time_precision: int
    event_type: str
    location: str
    latitude: float
    longitude: float
    geonameid: int | None
    quote: str


@dataclass(frozen=True)
class GoldEvent:
    """One hand-coded event of a gold file (see tests/data/gold/README.md)."""

    article: str
    event_date: str
    time_precision: int
    event_type: str
    sub_event_type: str
    location: str
    latitude: float
    longitude: float
    geonameid: int | None
    geo_precision: int
    actor1: str = ""
    actor2: str = ""
    fatalities: int = 0
    claimed_by: str = ""
    quote: str = ""
    country: str = ""
    notes: str = ""


_GOLD_FIELDS = {f.name for f in fields(GoldEvent)}
_GOLD_REQUIRED = {f.name for f in fields(GoldEvent) if f.default is MISSING} - {"article"}


def load_gold(path: str | Path) -> list[GoldEvent]:
    """Read one gold file; raise ValueError naming the file and event on malformed content."""
    path = Path(path)
    doc = json.loads(path.read_text("utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raise ValueError(f"{path}: expected an object with an 'events' list")
    article = str(doc.get("article") or path.with_suffix(".txt").name)
    events = []
    for i, raw in enumerate(doc["events"]):
        missing = _GOLD_REQUIRED - set(raw)
        if missing:
            raise ValueError(f"{path}, event {i}: missing {', '.join(sorted(missing))}")
        try:
            dt.date.fromisoformat(raw["event_date"])
            values: dict[str, Any] = {k: v for k, v in raw.items() if k in _GOLD_FIELDS}
            values.update(
                article=article,
                time_precision=int(raw["time_precision"]),
                latitude=float(raw["latitude"]),
                longitude=float(raw["longitude"]),
                geonameid=int(raw["geonameid"]) if raw["geonameid"] is not None else None,
                geo_precision=int(raw["geo_precision"]),
                fatalities=int(raw.get("fatalities") or 0),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}, event {i}: {exc}") from exc
        if values["time_precision"] not in TOLERANCE_DAYS:
            raise ValueError(f"{path}, event {i}: time_precision must be 1, 2 or 3")
        events.append(GoldEvent(**values))
    return events


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Score(Counts):
    """Overall counts, counts per event type, and what did not match."""

    by_type: dict[str, Counts] = field(default_factory=dict)
    matches: tuple[tuple[Any, GoldEvent], ...] = ()  # (predicted, gold)
    misses: tuple[GoldEvent, ...] = ()  # gold events nothing matched
    false_alarms: tuple[Any, ...] = ()  # predicted events that matched no gold event

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "by_type": {t: c.to_dict() for t, c in sorted(self.by_type.items())}}


def combine(scores: Iterable[Score]) -> Score:
    """Add up scores of separate articles (matching never crosses articles)."""
    total, by_type = Counts(), {}
    matches, misses, alarms = [], [], []
    for score in scores:
        total = total + score
        for kind, counts in score.by_type.items():
            by_type[kind] = by_type.get(kind, Counts()) + counts
        matches += score.matches
        misses += score.misses
        alarms += score.false_alarms
    return Score(total.tp, total.fp, total.fn, by_type, tuple(matches), tuple(misses), tuple(alarms))


AGREEMENT_FIELDS = ("sub_event_type", "event_date", "fatalities", "actor1", "actor2", "geo_precision")


def agreement(matches: Iterable[tuple[Any, GoldEvent]]) -> dict[str, tuple[int, int]]:
    """For the matched pairs: how many agree on each of ``AGREEMENT_FIELDS`` (the exact day, the conservative
    fatality count, the actors...), as (agreeing, pairs)."""
    pairs = list(matches)
    return {name: (sum(getattr(p, name, None) == getattr(g, name) for p, g in pairs), len(pairs))
            for name in AGREEMENT_FIELDS}


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def date_gap(predicted: EventLike, gold: EventLike) -> int | None:
    """Days between the two dates if within the looser precision's tolerance, else None."""
    tolerance = max(TOLERANCE_DAYS.get(predicted.time_precision, 0), TOLERANCE_DAYS.get(gold.time_precision, 0))
    gap = abs((_date(predicted.event_date) - _date(gold.event_date)).days)
    return gap if gap <= tolerance else None


def place_gap(predicted: EventLike, gold: EventLike, max_km: float = MAX_KM) -> float | None:
    """Kilometres between the places if they count as the same place, else None."""
    km = great_circle((predicted.latitude, predicted.longitude), (gold.latitude, gold.longitude)).km
    if km <= max_km:
        return km
    if predicted.geonameid is not None and predicted.geonameid == gold.geonameid:
        return km
    return None


def match(predicted: Sequence[EventLike], gold: Sequence[GoldEvent], max_km: float = MAX_KM) -> Score:
    """Greedy one-to-one matching of predicted events to gold events (one article, or any one pool)."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if p.event_type != g.event_type:
                continue
            days = date_gap(p, g)
            if days is None:
                continue
            km = place_gap(p, g, max_km)
            if km is None:
                continue
            candidates.append((km, days, i, j))
    candidates.sort()
    used_p, used_g, pairs = set(), set(), []
    for _km, _days, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    pairs.sort(key=lambda pair: pair[1])

    by_type: dict[str, Counts] = {}

    def bump(kind: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        by_type[kind] = by_type.get(kind, Counts()) + Counts(tp, fp, fn)

    for _i, j in pairs:
        bump(gold[j].event_type, tp=1)
    misses = tuple(g for j, g in enumerate(gold) if j not in used_g)
    alarms = tuple(p for i, p in enumerate(predicted) if i not in used_p)
    for g in misses:
        bump(g.event_type, fn=1)
    for p in alarms:
        bump(p.event_type, fp=1)
    return Score(
        tp=len(pairs), fp=len(alarms), fn=len(misses), by_type=by_type,
        matches=tuple((predicted[i], gold[j]) for i, j in pairs), misses=misses, false_alarms=alarms,
    )
