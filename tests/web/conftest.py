"""Fixtures for the web tests: a small synthetic store, the app and its client.

Nine events of three types between 2020-09-27 and 2020-11-10, from three reports;
a tenth report sentence repeats the Ganja strike and is merged into it (2 sources).
One event's quote and title carry script/HTML injection attempts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from geomap.model import Article, Event, Segment
from geomap.store import Store

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_EVENT_ID = "evt-exp-1"

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
STRATEGIC = "Strategic developments"

# event_id, date, type, sub-type, place, lat, lon, fatalities, article, time precision, geo precision
EVENTS = [
    ("evt-bat-1", "2020-09-27", BATTLES, "Armed clash", "Martakert", 40.2101, 46.8195, 10, "A", 1, 1),
    ("evt-bat-2", "2020-10-04", BATTLES, "Armed clash", "Hadrut", 39.5197, 47.0316, 0, "A", 1, 1),
    ("evt-bat-3", "2020-10-18", BATTLES, "Government regains territory", "Fuzuli", 39.6003, 47.1431, 3, "B", 1, 2),
    ("evt-bat-4", "2020-11-08", BATTLES, "Government regains territory", "Shusha", 39.7583, 46.7486, 0, "C", 2, 1),
    (XSS_EVENT_ID, "2020-10-04", EXPLOSIONS, "Shelling/artillery/missile attack", "Stepanakert", 39.8153, 46.7519, 2, "A", 1, 1),
    ("evt-exp-2", "2020-10-11", EXPLOSIONS, "Shelling/artillery/missile attack", "Ganja", 40.6828, 46.3606, 10, "B", 1, 1),
    ("evt-exp-3", "2020-10-28", EXPLOSIONS, "Shelling/artillery/missile attack", "Barda", 40.3744, 47.1267, 21, "B", 1, 1),
    ("evt-str-1", "2020-10-10", STRATEGIC, "Agreement", "Yerevan", 40.1772, 44.5035, 0, "B", 1, 1),
    ("evt-str-2", "2020-11-10", STRATEGIC, "Non-violent transfer of territory", "Lachin", 39.6383, 46.5461, 0, "C", 1, 3),
]
# The same Ganja strike reported by article C: merged into evt-exp-2.
MERGED = ("evt-exp-2-c", "2020-10-11", EXPLOSIONS, "Shelling/artillery/missile attack", "Ganja", 40.6830, 46.3610, 12, "C", 1, 1)

ARTICLES = {
    "A": ("Shelling hits Stepanakert " + XSS_IMG, "Example Wire", "https://news.example.org/a", dt.datetime(2020, 10, 5, 9)),
    "B": ("Ganja struck again", "Contoh Berita", "https://berita.example.id/b", dt.datetime(2020, 10, 29, 7)),
    "C": ("Ceasefire signed; Lachin to be handed over", "Example Daily", "", dt.datetime(2020, 11, 10, 12)),
}

TYPE_COUNTS = {BATTLES: 4, EXPLOSIONS: 3, STRATEGIC: 2}
ALL_DATES = {row[0]: row[1] for row in EVENTS}


def quote_of(row: tuple) -> str:
    if row[0] == XSS_EVENT_ID:
        return f"Artillery hit Stepanakert {XSS_SCRIPT} and {XSS_IMG} overnight, killing 2."
    return f"Reported {row[3].lower()} near {row[4]} on {row[1]}."


def _event(row: tuple, article: Article) -> Event:
    event_id, date, etype, sub, place, lat, lon, fatalities, _, tprec, gprec = row
    quote = quote_of(row)
    start = article.text.find(quote)
    return Event(
        event_id=event_id, event_date=date, time_precision=tprec, event_type=etype, sub_event_type=sub,
        actor1="Military Forces of Azerbaijan", actor2="Military Forces of Armenia" if etype != STRATEGIC else "",
        country="AM" if place == "Yerevan" else "AZ", admin1="", location=place, latitude=lat, longitude=lon,
        geo_precision=gprec, geonameid=None, fatalities=fatalities, injured=0,
        claimed_by="Ministry of Defence " + XSS_IMG if event_id == XSS_EVENT_ID else "",
        source=article.publisher or "", source_url=article.url or "", article_id=article.article_id,
        language="en", quote=quote, quote_start=start, quote_end=start + len(quote), title=article.title,
    )


def fill_store(store: Store) -> None:
    rows = EVENTS + [MERGED]
    for key, (title, publisher, url, published) in ARTICLES.items():
        mine = [row for row in rows if row[8] == key]
        text = title + "\n\n" + " ".join(quote_of(row) for row in mine)
        article = Article(
            article_id=hashlib.sha256(text.encode()).hexdigest()[:16], source=f"tests/{key}.txt", title=title,
            text=text, segments=(Segment(text, 0),), language="en", publisher=publisher, published=published,
            url=url or None,
        )
        store.ingest(article, [_event(row, article) for row in mine])


@dataclass(frozen=True)
class Synthetic:
    """What the synthetic store holds, for assertions (test modules cannot import conftest)."""

    events: tuple = tuple(EVENTS)
    type_counts: dict = field(default_factory=lambda: dict(TYPE_COUNTS))
    dates: dict = field(default_factory=lambda: dict(ALL_DATES))
    xss_event_id: str = XSS_EVENT_ID
    xss_strings: tuple = (XSS_SCRIPT, XSS_IMG)

    def quote(self, event_id: str) -> str:
        return quote_of(next(row for row in EVENTS if row[0] == event_id))

    def types_of(self, event_ids) -> dict:
        counts = dict.fromkeys(TYPE_COUNTS, 0)
        for row in EVENTS:
            if row[0] in event_ids:
                counts[row[2]] += 1
        return counts

    def between(self, start: str, end: str) -> set:
        return {row[0] for row in EVENTS if start <= row[1] <= end}


@pytest.fixture(scope="session")
def synthetic() -> Synthetic:
    return Synthetic()


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "events.sqlite"
    with Store(path) as store:
        fill_store(store)
        assert store.count_events() == len(EVENTS)
    return path


BULK_EVENTS = 600


def fill_bulk(store: Store, count: int = BULK_EVENTS) -> None:
    """``count`` more events of the synthetic types from one report, on a grid too coarse to merge,
    north of the synthetic events (so nothing merges)."""
    types = [(BATTLES, "Armed clash"), (EXPLOSIONS, "Shelling/artillery/missile attack"), (STRATEGIC, "Agreement")]
    rows = []
    for i in range(count):
        etype, sub = types[i % len(types)]
        date = (dt.date(2020, 9, 27) + dt.timedelta(days=i % 45)).isoformat()
        rows.append((f"evt-bulk-{i:04d}", date, etype, sub, f"Bulk place {i}", round(41.5 + (i // 40) * 0.2, 4),
                     round(44.0 + (i % 40) * 0.2, 4), i % 7, "D", 1, 1))
    text = "Bulk report\n\n" + " ".join(quote_of(row) for row in rows)
    article = Article(
        article_id=hashlib.sha256(text.encode()).hexdigest()[:16], source="tests/D.txt", title="Bulk report",
        text=text, segments=(Segment(text, 0),), language="en", publisher="Bulk Wire",
        published=dt.datetime(2020, 11, 11), url="https://bulk.example.net/d",
    )
    store.ingest(article, [_event(row, article) for row in rows])


@pytest.fixture(scope="session")
def bulk_store_path(tmp_path_factory) -> Path:
    """The synthetic store plus BULK_EVENTS more events (for page-size checks)."""
    path = tmp_path_factory.mktemp("bulk") / "events.sqlite"
    with Store(path) as store:
        fill_store(store)
        fill_bulk(store)
        assert store.count_events() == len(EVENTS) + BULK_EVENTS
    return path


@pytest.fixture
def store(store_path):
    with Store(store_path) as opened:
        yield opened


@pytest.fixture
def app(store_path):
    from web import create_app

    return create_app({"db": store_path, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()
