"""Online geocoding through geopy's Nominatim client, against a local HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

import gazetteer
from gazetteer import Gazetteer, OnlineGeocoder, Place
from gazetteer.geocoder import GeocoderConfigError, NominatimGeocoder, place_from_nominatim
from geomap.settings import Settings

# Answers in Nominatim's JSON format (format=json, addressdetails=1).
ANSWERS = {
    "nowhereville": [
        {"place_id": 101, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.", "osm_type": "node",
         "osm_id": 424242, "lat": "40.1234", "lon": "46.5678", "class": "place", "type": "village",
         "place_rank": 19, "importance": 0.3, "addresstype": "village", "name": "Nowhereville",
         "display_name": "Nowhereville, Tartar District, Azerbaijan",
         "address": {"village": "Nowhereville", "state": "Tartar District", "country": "Azerbaijan",
                     "country_code": "az"},
         "boundingbox": ["40.10", "40.14", "46.55", "46.58"]},
        {"place_id": 102, "osm_type": "relation", "osm_id": 77, "lat": "35.0", "lon": "-90.0",
         "class": "boundary", "type": "administrative", "name": "Nowhereville County",
         "display_name": "Nowhereville County, Tennessee, United States",
         "address": {"county": "Nowhereville County", "state": "Tennessee", "country": "United States",
                     "country_code": "us"}},
    ],
}


class Nominatim(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        type(self).requests.append({"path": url.path, "query": query, "user_agent": self.headers.get("User-Agent")})
        body = json.dumps(ANSWERS.get(query.get("q", [""])[0].strip().lower(), [])).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Nominatim.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Nominatim)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", Nominatim.requests
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_geopy_reaches_the_local_server_with_the_user_agent(server, tmp_path):
    url, requests = server
    geocoder = NominatimGeocoder(url, "geomap-tests/1.0", tmp_path / "cache.sqlite", min_delay_seconds=0)
    assert isinstance(geocoder, OnlineGeocoder)
    places = geocoder.geocode("Nowhereville")
    assert len(requests) == 1
    (request,) = requests
    assert request["path"] == "/search"
    assert request["user_agent"] == "geomap-tests/1.0"
    assert request["query"]["q"] == ["Nowhereville"] and request["query"]["format"] == ["json"]
    village, county = places
    assert (village.name, village.country, village.feature_class, village.source) == ("Nowhereville", "AZ", "P", "online")
    assert (village.latitude, village.longitude) == (40.1234, 46.5678)
    assert village.admin1 == "Tartar District"
    assert (county.feature_class, county.country) == ("A", "US")


def test_answers_are_cached(server, tmp_path):
    url, requests = server
    cache = tmp_path / "cache.sqlite"
    first = NominatimGeocoder(url, "geomap-tests/1.0", cache, min_delay_seconds=0)
    assert first.geocode("Nowhereville") and len(requests) == 1
    assert first.geocode("nowhereville") and len(requests) == 1  # the same name, normalised
    again = NominatimGeocoder(url, "geomap-tests/1.0", cache, min_delay_seconds=0)  # a new process, say
    assert [p.key for p in again.geocode("Nowhereville")] == [p.key for p in first.geocode("Nowhereville")]
    assert len(requests) == 1
    assert again.geocode("Atlantis") == [] and len(requests) == 2  # empty answers are cached too
    assert again.geocode("Atlantis") == [] and len(requests) == 2


def test_a_failing_service_is_not_cached(tmp_path):
    geocoder = NominatimGeocoder("http://127.0.0.1:9", "geomap-tests/1.0", tmp_path / "cache.sqlite",
                                 min_delay_seconds=0, max_retries=0, timeout=2)
    assert geocoder.geocode("Nowhereville") == []
    assert geocoder.cache.get(geocoder.endpoint, "nowhereville") is None


def test_a_user_agent_is_required():
    with pytest.raises(GeocoderConfigError, match="user agent"):
        NominatimGeocoder("https://nominatim.openstreetmap.org", "")
    with pytest.raises(GeocoderConfigError, match="not an http"):
        NominatimGeocoder("ftp://example.org", "geomap")


def test_resolve_asks_online_only_for_names_the_offline_data_lacks(server, tmp_path):
    url, requests = server
    offline = [Place("stepanakert", "Stepanakert", 39.8156, 46.752, None, "AZ", "", "P", "PPLA", 0, 95, 1,
                     ("Stepanakert",))]
    geocoder = NominatimGeocoder(url, "geomap-tests/1.0", tmp_path / "cache.sqlite", min_delay_seconds=0)
    gaz = Gazetteer(offline, geocoder=geocoder)
    assert gaz.resolve("Stepanakert")[0].place.key == "stepanakert"
    assert requests == []
    best = gaz.resolve("Nowhereville")[0]
    assert best.place.name == "Nowhereville" and best.place.source == "online"
    assert "online" in best.reason and "in focus region" in best.reason  # the Azerbaijani one, scored as usual
    assert len(requests) == 1
    gaz.resolve("Nowhereville")
    assert len(requests) == 1


def test_online_geocoding_is_off_by_default(server, tmp_path):
    url, requests = server
    settings = Settings.load({"geocoder_url": url, "places_dir": str(tmp_path / "places")}, environ={})
    assert settings.geocoder is False
    gaz = gazetteer.load(settings)
    assert gaz.geocoder is None
    assert gaz.resolve("Nowhereville") == []
    assert requests == []


def test_load_wires_the_geocoder_from_settings(server, tmp_path):
    url, requests = server
    settings = Settings.load({"geocoder": True, "geocoder_url": url, "user_agent": "geomap-tests/2.0",
                              "db": str(tmp_path / "events.sqlite"), "places_dir": str(tmp_path / "places")},
                             environ={})
    gaz = gazetteer.load(settings)
    assert isinstance(gaz.geocoder, NominatimGeocoder)
    gaz.geocoder.min_delay_seconds = 0
    assert gaz.resolve("Nowhereville")[0].place.name == "Nowhereville"
    assert [r["user_agent"] for r in requests] == ["geomap-tests/2.0"]
    assert (tmp_path / "geocoder-cache.sqlite").is_file()  # next to the store


def test_place_from_nominatim_needs_coordinates():
    with pytest.raises(KeyError):
        place_from_nominatim({"osm_type": "node", "osm_id": 1, "class": "place", "type": "town"})
