"""Frozen dataclasses passed between pipeline stages.

Article -> DateMention / PlaceMention -> Event.  Offsets (``start``/``end``)
always point into ``Article.text``, the decoded original, so every quote can
be traced back to the report it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

# ACLED time precision: 1 day, 2 week, 3 month.
DAY, WEEK, MONTH = 1, 2, 3
# Geo precision: 1 town, 2 near a town / part of a region, 3 region.
TOWN, NEAR_TOWN, REGION = 1, 2, 3


@dataclass(frozen=True)
class Segment:
    """A kept stretch of the original text (boilerplate is what is not kept)."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Article:
    article_id: str  # content hash, stable across re-ingests
    source: str  # the path or URL the report was read from
    title: str
    text: str  # decoded original text (for HTML: the extracted main text)
    segments: tuple[Segment, ...]  # clean body, in order
    language: str  # ISO 639-1: "id" or "en"
    publisher: str | None = None
    published: dt.datetime | None = None
    dateline: str | None = None  # city named in the dateline, as written
    url: str | None = None


@dataclass(frozen=True)
class DateMention:
    """A date expression found in the text, resolved to a calendar day."""

    date: dt.date
    precision: int  # DAY, WEEK or MONTH
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class PlaceMention:
    """A gazetteer name found in the text and resolved in its context."""

    text: str
    start: int
    end: int
    name: str  # the place's preferred name
    latitude: float
    longitude: float
    country: str  # ISO 3166-1 alpha-2
    admin1: str
    geonameid: int | None
    feature_code: str
    precision: int  # TOWN, NEAR_TOWN or REGION
    score: float
    reason: str
    role: str = "text"  # text | dateline
    key: str = ""  # gazetteer key
    is_country: bool = False


@dataclass(frozen=True)
class Event:
    """One event at one place: ACLED's column names plus provenance."""

    event_id: str
    event_date: str  # YYYY-MM-DD
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    country: str
    admin1: str
    location: str
    latitude: float
    longitude: float
    geo_precision: int
    geonameid: int | None
    fatalities: int
    injured: int
    claimed_by: str
    source: str  # publisher
    source_url: str
    article_id: str
    language: str
    quote: str
    quote_start: int
    quote_end: int
    notes: str = ""
    title: str = ""  # the report's title, for popups and attribution

    def to_record(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event))
