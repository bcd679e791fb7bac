"""Optional online geocoding of names the offline gazetteer lacks (off by default).

``OnlineGeocoder`` is the interface ``Gazetteer`` is given; ``NominatimGeocoder``
implements it with geopy's Nominatim client behind geopy's ``RateLimiter`` (one
request a second by default, as Nominatim's usage policy asks), with a required
user agent, and with every answer (empty ones too) cached in a small SQLite file,
so a name is asked for once.  Failed requests are not cached.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from .normalize import normalize
from .places import Place

ONLINE_PRIORITY = 20  # below the curated file; online answers only ever fill gaps
# OSM class/type -> GeoNames feature class, code and our precision.
_PLACE_TYPES = {"city": "PPL", "town": "PPL", "village": "PPL", "hamlet": "PPL", "suburb": "PPLX",
                "neighbourhood": "PPLX", "quarter": "PPLX", "locality": "PPLL", "isolated_dwelling": "PPL"}
_CACHE_SCHEMA = """
CREATE TABLE IF NOT EXISTS geocoder_cache (
    endpoint TEXT NOT NULL,
    query TEXT NOT NULL,
    fetched REAL NOT NULL,
    places TEXT NOT NULL,
    PRIMARY KEY (endpoint, query)
)
"""


class GeocoderConfigError(ValueError):
    """The online geocoder is switched on but cannot be used as configured."""


@runtime_checkable
class OnlineGeocoder(Protocol):
    def geocode(self, name: str) -> list[Place]:
        """Places for a name (best first); an empty list when there are none or the service fails."""


def place_from_nominatim(raw: dict) -> Place:
    """A Place from one result of Nominatim's JSON format (``format=json``, ``addressdetails=1``)."""
    osm_class, osm_type = raw.get("class", ""), raw.get("type", "")
    address = raw.get("address") or {}
    if osm_class == "place" and osm_type in _PLACE_TYPES:
        fclass, fcode, precision = "P", _PLACE_TYPES[osm_type], 1
    elif osm_class == "boundary" or osm_type in {"state", "county", "region", "province", "district"}:
        fclass, fcode, precision = "A", "ADMD", 2
        if osm_type == "administrative" and address.keys() <= {"country", "country_code"}:
            fcode, precision = "PCLI", 3
    elif osm_class in {"waterway", "water"} or osm_type in {"river", "lake", "reservoir", "stream"}:
        fclass, fcode, precision = "H", "STM" if osm_type in {"river", "stream"} else "LK", 2
    elif osm_class == "natural":
        fclass, fcode, precision = "T", "MT" if osm_type == "peak" else "HLL", 1
    else:
        fclass, fcode, precision = "S", "BLDG" if osm_class == "building" else "S", 1
    display = raw.get("display_name") or raw.get("name") or ""
    name = raw.get("name") or display.split(",")[0].strip()
    return Place(
        key=f"osm-{raw.get('osm_type', 'x')}-{raw.get('osm_id', raw.get('place_id', '0'))}",
        name=name,
        latitude=float(raw["lat"]),
        longitude=float(raw["lon"]),
        geonameid=None,
        country=(address.get("country_code") or "").upper()[:2],
        admin1=address.get("state") or address.get("province") or "",
        feature_class=fclass,
        feature_code=fcode,
        population=0,
        priority=ONLINE_PRIORITY,
        precision=precision,
        names=tuple(dict.fromkeys(n for n in (name, display) if n)),
        source="online",
    )


class GeocoderCache:
    """Answers of an online geocoder, by endpoint and normalised query (a small SQLite file)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        con.execute(_CACHE_SCHEMA)
        return con

    def get(self, endpoint: str, query: str) -> list[dict] | None:
        if not self.path.is_file():
            return None
        with self._lock, closing(self._connect()) as con:
            row = con.execute("SELECT places FROM geocoder_cache WHERE endpoint = ? AND query = ?",
                              (endpoint, query)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, endpoint: str, query: str, raws: list[dict]) -> None:
        with self._lock, closing(self._connect()) as con, con:
            con.execute("INSERT OR REPLACE INTO geocoder_cache VALUES (?, ?, ?, ?)",
                        (endpoint, query, time.time(), json.dumps(raws, ensure_ascii=False)))


class NominatimGeocoder:
    """``OnlineGeocoder`` over geopy's Nominatim, rate-limited and cached.

    ``url`` is the Nominatim endpoint ("https://nominatim.openstreetmap.org" or
    "http://127.0.0.1:8080").  The geopy client is made on first use.
    """

    def __init__(self, url: str, user_agent: str, cache_path: Path | None = None, *, min_delay_seconds: float = 1.0,
                 limit: int = 5, timeout: float = 10.0, max_retries: int = 2):
        if not user_agent or not user_agent.strip():
            raise GeocoderConfigError("online geocoding needs a user agent (setting user_agent)")
        parts = urlsplit(url if "//" in url else f"https://{url}")
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise GeocoderConfigError(f"geocoder_url {url!r} is not an http(s) URL")
        self.endpoint = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self._scheme, self._domain = parts.scheme, parts.netloc + parts.path.rstrip("/")
        self._loopback = (parts.hostname or "") in {"localhost", "::1"} or (parts.hostname or "").startswith("127.")
        self.user_agent = user_agent.strip()
        self.cache = GeocoderCache(cache_path) if cache_path else None
        self.min_delay_seconds, self.limit, self.timeout, self.max_retries = min_delay_seconds, limit, timeout, max_retries
        self._limited = None
        self._memory: dict[str, list[dict]] = {}

    def _client(self):
        if self._limited is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            options = {"proxies": {}} if self._loopback else {}  # a local server is never behind a proxy
            nominatim = Nominatim(domain=self._domain, scheme=self._scheme, user_agent=self.user_agent,
                                  timeout=self.timeout, **options)
            self._limited = RateLimiter(nominatim.geocode, min_delay_seconds=self.min_delay_seconds,
                                        max_retries=self.max_retries, error_wait_seconds=max(self.min_delay_seconds, 1.0),
                                        swallow_exceptions=False)
        return self._limited

    def _ask(self, name: str) -> list[dict] | None:
        from geopy.exc import GeopyError

        try:
            found = self._client()(name, exactly_one=False, limit=self.limit, addressdetails=True)
        except GeopyError:
            return None  # not cached: asked again next time
        return [location.raw for location in found or ()]

    def geocode(self, name: str) -> list[Place]:
        query = normalize(name)
        if not query:
            return []
        raws = self._memory.get(query)
        if raws is None and self.cache is not None:
            raws = self.cache.get(self.endpoint, query)
        if raws is None:
            raws = self._ask(name)
            if raws is None:
                return []
            if self.cache is not None:
                self.cache.put(self.endpoint, query, raws)
        self._memory[query] = raws
        places = []
        for raw in raws:
            try:
                places.append(place_from_nominatim(raw))
            except (KeyError, TypeError, ValueError):
                continue  # a result without coordinates
        return places
