"""The event store: one SQLite file in WAL mode.

Articles are keyed by their content hash, so ingesting a report twice changes
nothing.  Events of different reports that describe the same happening (same
type, a few kilometres apart, dates within their precision) are merged: the
merged event keeps every source with its quote and claim, counts its sources and
carries the most conservative fatality figure.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geopy.distance import great_circle

from .errors import StoreError
from .model import EVENT_FIELDS, Article, Event
from .query import EventQuery

MERGE_KM = 5.0
_PRECISION_DAYS = {1: 0, 2: 7, 3: 31}

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, source TEXT, title TEXT, publisher TEXT, url TEXT,
    published TEXT, language TEXT, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    {", ".join(EVENT_FIELDS)}, n_sources INTEGER NOT NULL, sources TEXT NOT NULL,
    PRIMARY KEY (event_id)
);
CREATE INDEX IF NOT EXISTS events_date ON events (event_date);
CREATE INDEX IF NOT EXISTS events_type ON events (event_type);
"""


@dataclass(frozen=True)
class StoredEvent:
    event: Event
    n_sources: int
    sources: tuple[dict, ...]  # one per report: article_id, title, source, source_url, quote, claimed_by, fatalities


@dataclass(frozen=True)
class IngestResult:
    article_id: str
    duplicate: bool
    events_added: int = 0
    events_merged: int = 0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return great_circle((lat1, lon1), (lat2, lon2)).km


def _source_of(event: Event) -> dict:
    return {
        "article_id": event.article_id,
        "title": event.title,
        "source": event.source,
        "source_url": event.source_url,
        "quote": event.quote,
        "quote_start": event.quote_start,
        "quote_end": event.quote_end,
        "claimed_by": event.claimed_by,
        "fatalities": event.fatalities,
    }


def _check(event: Event) -> None:
    """Refuse a malformed event before it is written (the transaction then rolls back)."""
    try:
        dt.date.fromisoformat(event.event_date)
        valid = -90 <= float(event.latitude) <= 90 and -180 <= float(event.longitude) <= 180
    except (TypeError, ValueError):
        valid = False
    if not valid:
        raise StoreError(
            f"event {event.event_id}: invalid date or coordinates ({event.event_date!r}, {event.latitude!r}, {event.longitude!r})"
        )


def _conservative(figures: Iterable[int]) -> int:
    known = [f for f in figures if f > 0]
    return min(known) if known else 0


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise StoreError(f"cannot open the event store at {self.path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)).fetchone() is not None

    def ingest(self, article: Article, events: Sequence[Event]) -> IngestResult:
        """Add one article and its events in one transaction (all or nothing)."""
        if self.has_article(article.article_id):
            return IngestResult(article.article_id, duplicate=True)
        added = merged = 0
        try:
            with self._db:
                self._db.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.article_id, article.source, article.title, article.publisher, article.url,
                        article.published.isoformat() if article.published else None, article.language,
                        dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    ),
                )
                for event in events:
                    _check(event)
                    if self._merge_into_existing(event):
                        merged += 1
                    else:
                        self._insert(event)
                        added += 1
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"could not store {article.source}: {exc}") from exc
        return IngestResult(article.article_id, False, added, merged)

    def _insert(self, event: Event) -> None:
        record = event.to_record()
        placeholders = ", ".join("?" for _ in range(len(EVENT_FIELDS) + 2))
        self._db.execute(
            f"INSERT OR IGNORE INTO events VALUES ({placeholders})",
            (*record.values(), 1, json.dumps([_source_of(event)], ensure_ascii=False)),
        )

    def _merge_into_existing(self, event: Event) -> bool:
        day = dt.date.fromisoformat(event.event_date)
        slack = dt.timedelta(days=_PRECISION_DAYS.get(event.time_precision, 0))
        rows = self._db.execute(
            "SELECT event_id, event_date, time_precision, latitude, longitude, geonameid, fatalities, sources,"
            " article_id FROM events WHERE event_type = ? AND event_date BETWEEN ? AND ?",
            (event.event_type, (day - slack - dt.timedelta(days=31)).isoformat(), (day + slack + dt.timedelta(days=31)).isoformat()),
        ).fetchall()
        for row in rows:
            if row["article_id"] == event.article_id:
                continue  # events of one report are distinct by construction
            other_slack = _PRECISION_DAYS.get(row["time_precision"], 0)
            if abs((dt.date.fromisoformat(row["event_date"]) - day).days) > max(slack.days, other_slack):
                continue
            same_place = (event.geonameid is not None and event.geonameid == row["geonameid"]) or _km(
                event.latitude, event.longitude, row["latitude"], row["longitude"]
            ) <= MERGE_KM
            if not same_place:
                continue
            sources = json.loads(row["sources"])
            if any(s["article_id"] == event.article_id for s in sources):
                continue
            sources.append(_source_of(event))
            self._db.execute(
                "UPDATE events SET sources = ?, n_sources = ?, fatalities = ? WHERE event_id = ?",
                (
                    json.dumps(sources, ensure_ascii=False),
                    len(sources),
                    _conservative(s["fatalities"] for s in sources),
                    row["event_id"],
                ),
            )
            return True
        return False

    # -- reading ---------------------------------------------------------
    def count_events(self) -> int:
        return self._db.execute("SELECT count(*) FROM events").fetchone()[0]

    def count_articles(self) -> int:
        return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def events(self, query: EventQuery = EventQuery()) -> Iterator[StoredEvent]:
        """Events matching the query, oldest first, streamed row by row."""
        where, params = [], []
        if query.date_from:
            where.append("event_date >= ?")
            params.append(query.date_from.isoformat())
        if query.date_to:
            where.append("event_date <= ?")
            params.append(query.date_to.isoformat())
        if query.types:
            where.append(f"event_type IN ({', '.join('?' for _ in query.types)})")
            params.extend(query.types)
        if query.bbox:
            west, south, east, north = query.bbox
            where.append("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?")
            params.extend((south, north, west, east))
        sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        for row in self._db.execute(sql + " ORDER BY event_date, event_id", params):
            yield _stored(row)

    def event(self, event_id: str) -> StoredEvent | None:
        row = self._db.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return _stored(row) if row else None

    def date_range(self) -> tuple[str, str] | None:
        low, high = self._db.execute("SELECT min(event_date), max(event_date) FROM events").fetchone()
        return (low, high) if low else None


def _stored(row: sqlite3.Row) -> StoredEvent:
    event = Event(**{name: row[name] for name in EVENT_FIELDS})
    return StoredEvent(event, row["n_sources"], tuple(json.loads(row["sources"])))
