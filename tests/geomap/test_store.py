import datetime as dt
import sqlite3

import pytest

from geomap.errors import StoreError
from geomap.query import EventQuery
from geomap.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "sub" / "events.sqlite") as s:
        yield s


def test_reingesting_an_article_changes_nothing(store, make_article, make_event):
    article = make_article()
    first = store.ingest(article, [make_event()])
    again = store.ingest(article, [make_event(event_id="other")])
    assert (first.duplicate, first.events_added) == (False, 1)
    assert again.duplicate and again.events_added == 0
    assert store.count_events() == 1 and store.count_articles() == 1


def test_same_happening_from_two_reports_merges_and_keeps_both_sources(store, make_article, make_event):
    store.ingest(make_article(article_id="a1"), [make_event(fatalities=3)])
    result = store.ingest(
        make_article(article_id="a2", title="Another"),
        [make_event(event_id="e2", article_id="a2", latitude=40.69, fatalities=1, claimed_by="Media reports")],
    )
    assert result.events_merged == 1 and store.count_events() == 1
    (merged,) = store.events()
    assert merged.n_sources == 2
    assert {s["article_id"] for s in merged.sources} == {"a1", "a2"}
    assert {s["claimed_by"] for s in merged.sources} == {"Government of Azerbaijan", "Media reports"}
    assert merged.event.fatalities == 1  # the most conservative figure


@pytest.mark.parametrize(
    "changes",
    [
        {"event_type": "Battles", "sub_event_type": "Armed clash"},
        {"latitude": 40.9},  # about 24 km away
        {"event_date": "2020-10-10"},  # two days off at day precision
    ],
)
def test_different_happenings_stay_apart(store, make_article, make_event, changes):
    store.ingest(make_article(article_id="a1"), [make_event()])
    store.ingest(make_article(article_id="a2"), [make_event(event_id="e2", article_id="a2", geonameid=None, **changes)])
    assert store.count_events() == 2


def test_week_precision_merges_within_the_week(store, make_article, make_event):
    store.ingest(make_article(article_id="a1"), [make_event()])
    store.ingest(make_article(article_id="a2"), [make_event(event_id="e2", article_id="a2", event_date="2020-10-12", time_precision=2)])
    assert store.count_events() == 1


def test_query_filters(store, make_article, make_event):
    store.ingest(make_article(), [
        make_event(event_id="e1"),
        make_event(event_id="e2", event_date="2020-11-01", event_type="Battles", sub_event_type="Armed clash",
                   latitude=39.8, longitude=46.75, geonameid=None),
    ])
    ids = lambda q: [s.event.event_id for s in store.events(q)]  # noqa: E731
    assert ids(EventQuery()) == ["e1", "e2"]
    assert ids(EventQuery(date_from=dt.date(2020, 10, 9))) == ["e2"]
    assert ids(EventQuery(types=("Battles",))) == ["e2"]
    assert ids(EventQuery(bbox=(46.0, 40.0, 47.0, 41.0))) == ["e1"]
    assert store.date_range() == ("2020-10-08", "2020-11-01")


def test_a_failed_write_leaves_the_store_as_it_was(store, make_article, make_event):
    store.ingest(make_article(article_id="a1"), [make_event()])
    bad = make_event(event_id="e9", article_id="a2", latitude=None, longitude=None)
    with pytest.raises(StoreError, match="e9"):
        store.ingest(make_article(article_id="a2"), [make_event(event_id="e8", article_id="a2", event_type="Battles"), bad])
    assert store.count_articles() == 1 and store.count_events() == 1


def test_unopenable_store_is_a_clear_error(tmp_path):
    target = tmp_path / "not-a-db.sqlite"
    target.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not-a-db.sqlite"):
        Store(target)


def test_wal_mode(store):
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
