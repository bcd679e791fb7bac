"""Importing full GeoNames dumps (AZ.txt, AM.txt, allCountries.txt) into the user's gazetteer.

The dump format is tab-separated with 19 columns: geonameid, name, asciiname,
alternatenames, latitude, longitude, feature class, feature code, country code,
cc2, admin1..admin4, population, elevation, dem, timezone, modification date.
Rows of feature classes P, A, L, H, T and S are kept in ``imported.sqlite`` in the
places directory; ``gazetteer.load`` merges them below the curated file and above
the world data.  Importing the same file twice changes nothing.

A country dump (10,000-100,000 rows) loads in well under a second; the whole
``allCountries.txt`` (12 million rows) imports, but every imported name goes into
the in-memory name index, so it needs gigabytes of memory at start-up.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .places import Place
from .world import usable_name, world_priority

KEPT_CLASSES = frozenset("PALHTS")
COLUMNS = 19
STORE_NAME = "imported.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    names TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    country TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    population INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_UPSERT = """
INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(geonameid) DO UPDATE SET
    name = excluded.name, names = excluded.names, latitude = excluded.latitude, longitude = excluded.longitude,
    feature_class = excluded.feature_class, feature_code = excluded.feature_code, country = excluded.country,
    admin1 = excluded.admin1, population = excluded.population
WHERE (places.name, places.names, places.latitude, places.longitude, places.feature_class, places.feature_code,
       places.country, places.admin1, places.population)
   IS NOT (excluded.name, excluded.names, excluded.latitude, excluded.longitude, excluded.feature_class,
       excluded.feature_code, excluded.country, excluded.admin1, excluded.population)
"""


class GeonamesFormatError(ValueError):
    """A row of a GeoNames dump that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class ImportSummary:
    path: str
    rows: int  # rows read
    kept: int  # rows of the kept feature classes
    changed: int  # rows added or updated in the store

    def line(self) -> str:
        unchanged = self.kept - self.changed
        return f"{self.path}: {self.rows} rows, {self.kept} places kept, {self.changed} added or updated, {unchanged} unchanged"


def parse_row(line: str, path: str, number: int) -> tuple | None:
    """One dump line -> a store row, or None for a feature class we do not keep."""
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != COLUMNS:
        raise GeonamesFormatError(f"{path}, line {number}: expected {COLUMNS} tab-separated columns, found {len(cols)}")
    try:
        gid = int(cols[0])
        lat, lon = float(cols[4]), float(cols[5])
        population = int(cols[14]) if cols[14] else 0
    except ValueError as exc:
        raise GeonamesFormatError(f"{path}, line {number}: {exc}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeonamesFormatError(f"{path}, line {number}: coordinates out of range ({lat}, {lon})")
    name, fclass, fcode, country = cols[1].strip(), cols[6].strip(), cols[7].strip(), cols[8].strip()
    if not name:
        raise GeonamesFormatError(f"{path}, line {number}: empty name")
    if len(country) not in (0, 2):
        raise GeonamesFormatError(f"{path}, line {number}: country code {country!r} is not two letters")
    if fclass not in KEPT_CLASSES:
        return None
    variants = [name, cols[2].strip(), *(v.strip() for v in cols[3].split(","))]
    names = [v for v in dict.fromkeys(variants) if v and (v == name or usable_name(v))]
    return (gid, name, "|".join(names), lat, lon, fclass, fcode, country, cols[10].strip(), population)


def read_dump(path: Path) -> Iterator[tuple[int, tuple | None, int]]:
    """(line number, store row or None, bytes read) for each line of a dump."""
    with open(path, "rb") as fp:
        for number, raw in enumerate(fp, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise GeonamesFormatError(f"{path}, line {number}: not UTF-8 ({exc.reason})") from None
            if not line.strip() or line.startswith("#"):
                yield number, None, len(raw)
                continue
            yield number, parse_row(line, str(path), number), len(raw)


class ImportedStore:
    """The user's imported places (one SQLite file in the places directory)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path)
        con.executescript(_SCHEMA)
        with con:
            con.execute("INSERT OR IGNORE INTO meta VALUES ('id', ?)", (uuid.uuid4().hex,))
        return con

    def signature(self) -> str:
        """Changes whenever the imported places change (used to key the name-index cache)."""
        if not self.path.is_file():
            return "none"
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as con:
            try:
                generation = con.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
                count = con.execute("SELECT count(*) FROM places").fetchone()[0]
                store_id = con.execute("SELECT value FROM meta WHERE key = 'id'").fetchone()
            except sqlite3.OperationalError:
                return "empty"
        return f"{store_id[0] if store_id else '-'}:{generation[0] if generation else 0}:{count}"

    def import_file(self, path: Path, progress: Callable[[int], None] | None = None) -> ImportSummary:
        """Import one dump in one transaction: a malformed row leaves the store as it was."""
        rows = kept = 0
        with closing(self._connect()) as con, con:
            before = con.total_changes
            batch = []
            for _number, row, size in read_dump(Path(path)):
                rows += 1
                if progress:
                    progress(size)
                if row is None:
                    continue
                kept += 1
                batch.append(row)
                if len(batch) >= 5000:
                    con.executemany(_UPSERT, batch)
                    batch.clear()
            con.executemany(_UPSERT, batch)
            changed = con.total_changes - before
            if changed:
                con.execute("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
                            "SET value = CAST(value AS INTEGER) + 1")
        return ImportSummary(str(path), rows, kept, changed)

    def count(self) -> int:
        if not self.path.is_file():
            return 0
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as con:
            try:
                return con.execute("SELECT count(*) FROM places").fetchone()[0]
            except sqlite3.OperationalError:
                return 0

    def places(self) -> list[Place]:
        if not self.path.is_file():
            return []
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as con:
            try:
                rows = con.execute("SELECT * FROM places ORDER BY geonameid").fetchall()
            except sqlite3.OperationalError:
                return []
        return [_place(row) for row in rows]


def _place(row: tuple) -> Place:
    gid, name, names, lat, lon, fclass, fcode, country, admin1, population = row
    return Place(
        key=f"gn-{gid}", name=name, latitude=lat, longitude=lon, geonameid=gid, country=country or "",
        admin1=admin1, feature_class=fclass, feature_code=fcode, population=population,
        priority=imported_priority(fclass, fcode, population), precision=imported_precision(fclass, fcode),
        names=tuple(names.split("|")), source="imported",
    )


def imported_priority(fclass: str, fcode: str, population: int) -> int:
    """Above the world data's default, below the curated file's (5-95)."""
    if fcode.startswith("PCL"):
        return 40
    if fclass == "A":
        return {"ADM1": 32, "ADM2": 28}.get(fcode, 22)
    if fclass == "P":
        return min(world_priority(population, "PPLC" if fcode == "PPLC" else "PPL") + 4, 45)
    return 14  # rivers, mountains, areas, buildings


def imported_precision(fclass: str, fcode: str) -> int:
    if fcode.startswith("PCL") or fcode in {"RGN", "RGNE", "AREA"}:
        return 3
    if fclass in {"A", "L"} or fcode in {"STM", "STMI", "LK", "RSV", "MTS", "VAL", "PLN", "PLAT"}:
        return 2
    return 1


def import_files(paths: Iterable[Path], store: ImportedStore, progress: bool = False) -> list[ImportSummary]:
    """Import dumps with a byte-counting progress bar (tqdm) when ``progress`` is true."""
    from tqdm import tqdm

    summaries = []
    for path in paths:
        path = Path(path)
        with tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc=path.name, disable=not progress) as bar:
            summaries.append(store.import_file(path, bar.update))
    return summaries
