"""The JSON/GeoJSON API, the export and the health check."""

from __future__ import annotations

import json

import pytest

ALL = 9  # the synthetic store (tests/web/conftest.py): 4 Battles, 3 Explosions/Remote violence, 2 Strategic
KARABAKH_BBOX = "46.5,39.3,47.2,40.3"


def ids(response) -> set[str]:
    return {feature["id"] for feature in json.loads(response.get_data(as_text=True))["features"]}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ALL),
        ("from=2020-10-01", 8),
        ("to=2020-10-10", 4),
        ("from=2020-10-04&to=2020-10-11", 4),
        ("from=2020-10-04&to=2020-10-04", 2),
        ("from=2020-11-11", 0),
        ("type=Battles", 4),
        ("type=battles", 4),
        ("type=explosions-remote-violence", 3),
        ("type=Explosions%2FRemote%20violence", 3),
        ("type=Battles,Protests", 4),
        ("type=Battles&type=Strategic%20developments", 6),
        ("type=Protests", 0),
        (f"bbox={KARABAKH_BBOX}", 6),
        (f"bbox={KARABAKH_BBOX}&type=Battles", 4),
        ("bbox=44,40,45,40.5", 1),
        ("from=2020-10-15&type=explosions-remote-violence", 1),
        ("from=&to=&type=&bbox=", ALL),  # empty values mean no filter
    ],
)
def test_filters(client, query, expected):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert len(ids(response)) == expected


def test_filtered_events_are_the_right_ones(client, synthetic):
    got = ids(client.get("/api/events?from=2020-10-04&to=2020-10-11"))
    assert got == {"evt-bat-2", synthetic.xss_event_id, "evt-str-1", "evt-exp-2"}
    assert got == synthetic.between("2020-10-04", "2020-10-11")


@pytest.mark.parametrize(
    "query, names",
    [
        ("from=2020-13-01", "'from'"),
        ("from=yesterday", "'from'"),
        ("to=10/10/2020", "'to'"),
        ("from=2020-11-01&to=2020-10-01", "'from'"),
        ("type=Nonsense", "event type"),
        ("bbox=1,2,3", "'bbox'"),
        ("bbox=a,b,c,d", "'bbox'"),
        ("bbox=0,95,1,96", "'bbox'"),
    ],
)
@pytest.mark.parametrize("path", ["/api/events", "/export.geojson"])
def test_bad_filters_are_400_naming_the_parameter(client, path, query, names):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.is_json
    assert names in response.get_json()["error"]


def test_one_event(client):
    response = client.get("/api/events/evt-exp-2")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    feature = response.get_json()
    assert feature["type"] == "Feature" and feature["id"] == "evt-exp-2"
    assert feature["properties"]["n_sources"] == 2
    assert len(feature["properties"]["sources"]) == 2
    assert feature["properties"]["fatalities"] == 10  # the conservative figure of the two reports


def test_unknown_event_is_404_json(client):
    response = client.get("/api/events/no-such-event")
    assert response.status_code == 404
    assert "no-such-event" in response.get_json()["error"]


def test_injected_text_is_returned_as_data(client, synthetic):
    """The API returns article text verbatim as JSON strings; escaping is the views' job."""
    feature = client.get(f"/api/events/{synthetic.xss_event_id}").get_json()
    assert "<script>alert(1)</script>" in feature["properties"]["quote"]


@pytest.mark.parametrize(
    "query, filename",
    [
        ("", "geomap-events.geojson"),
        ("from=2020-10-01&to=2020-10-31", "geomap-events-2020-10-01_2020-10-31.geojson"),
        ("from=2020-10-01", "geomap-events-2020-10-01_end.geojson"),
    ],
)
def test_export_is_an_attachment(client, query, filename):
    response = client.get(f"/export.geojson?{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f'filename="{filename}"' in disposition
    data = json.loads(response.get_data(as_text=True))
    assert data["type"] == "FeatureCollection"


def test_export_honours_the_range(client, synthetic):
    got = ids(client.get("/export.geojson?from=2020-10-01&to=2020-10-31"))
    assert got == synthetic.between("2020-10-01", "2020-10-31")
    assert len(got) == 6


def test_geojson_follows_rfc_7946(client, synthetic):
    data = json.loads(client.get("/api/events").get_data(as_text=True))
    assert "crs" not in data
    by_id = {row[0]: row for row in synthetic.events}
    for feature in data["features"]:
        assert "crs" not in feature
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        row = by_id[feature["id"]]
        assert (lat, lon) == pytest.approx((row[5], row[6]), abs=1e-6)  # [longitude, latitude] order
        assert "latitude" not in feature["properties"] and "longitude" not in feature["properties"]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "events": ALL}


def test_store_errors_are_500_json(tmp_path):
    from web import create_app

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    app = create_app({"db": blocker / "events.sqlite", "TESTING": True})
    response = app.test_client().get("/healthz")
    assert response.status_code == 500
    assert "event store" in response.get_json()["error"]


def test_creating_the_app_loads_nothing(tmp_path):
    from web import create_app

    db = tmp_path / "never-opened.sqlite"
    app = create_app({"db": db, "TESTING": True})
    assert "geomap.store" not in app.extensions
    assert not db.exists()


@pytest.mark.parametrize(
    "query, match, first_name, country",
    [
        ("Xankəndi", "exact", "Stepanakert", "AZ"),
        ("Madagaskar", "exact", "Madagiz", "AZ"),
        ("Stepanak", "prefix", "Stepanakert", "AZ"),
    ],
)
def test_places_lookup(client, query, match, first_name, country):
    response = client.get("/api/places", query_string={"q": query})
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == query and body["match"] == match
    first = body["candidates"][0]
    assert (first["name"], first["country"]) == (first_name, country)
    assert first["reason"] and 0 <= first["score"] <= 1


def test_places_lookup_needs_a_query(client):
    response = client.get("/api/places")
    assert response.status_code == 400 and "'q'" in response.get_json()["error"]
