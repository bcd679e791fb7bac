"""Factories shared by the test packages."""

import datetime as dt
from dataclasses import replace

import pytest

from geomap.model import Article, Event, Segment


def article(text="Body text of a report.", article_id="a1", title="A report", publisher="Test Wire"):
    return Article(
        article_id=article_id, source=f"{article_id}.txt", title=title, text=text,
        segments=(Segment(text, 0),), language="id", publisher=publisher,
        published=dt.datetime(2020, 10, 8, 16, 25), url=f"https://example.org/{article_id}",
    )


BASE_EVENT = Event(
    event_id="e1", event_date="2020-10-08", time_precision=1, event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Armenia",
    actor2="Civilians (Azerbaijan)", country="AZ", admin1="Ganja", location="Ganja", latitude=40.6828,
    longitude=46.3606, geo_precision=1, geonameid=586523, fatalities=1, injured=0, claimed_by="Government of Azerbaijan",
    source="Test Wire", source_url="https://example.org/a1", article_id="a1", language="id",
    quote="Kota Ganja telah dibom.", quote_start=0, quote_end=23, title="A report",
)


def event(**changes):
    return replace(BASE_EVENT, **changes)


@pytest.fixture
def make_article():
    return article


@pytest.fixture
def make_event():
    return event
