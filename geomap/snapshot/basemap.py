"""The offline basemap: the GeoJSON layer packs in geomap/data/basemap, read on first use and projected (cached
per CRS) into drawable layers, and the curated gazetteer's populated places used for labels."""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from .projection import _transformers

if TYPE_CHECKING:
    from .plan import View


# -- the basemap pack ------------------------------------------------------------------
@dataclass(frozen=True)
class _Feature:
    layer: str
    name: str | None
    iso_a2: str | None
    geometry: object  # shapely geometry


@dataclass(frozen=True)
class _Pack:
    name: str
    bbox: tuple[float, float, float, float]
    features: tuple[_Feature, ...]


@lru_cache(maxsize=None)
def _pack(name: str) -> _Pack:
    from shapely.geometry import shape

    doc = json.loads(files("geomap").joinpath("data").joinpath("basemap").joinpath(name).read_text("utf-8"))
    feats = tuple(
        _Feature(f["properties"]["layer"], f["properties"].get("name"), f["properties"].get("iso_a2"), shape(f["geometry"]))
        for f in doc["features"]
    )
    if "bbox" in doc:
        bbox = tuple(doc["bbox"])
    else:
        import shapely

        bbox = tuple(shapely.total_bounds([f.geometry for f in feats]))
    return _Pack(name, bbox, feats)


@dataclass(frozen=True)
class _Layers:
    """Projected basemap geometries, ready to draw."""

    countries: tuple[_Feature, ...] = ()
    borders: tuple = ()  # line geometries: international boundaries and coasts
    water: tuple[_Feature, ...] = ()  # sea and lakes
    admin1: tuple = ()
    rivers: tuple[_Feature, ...] = ()
    nkao: tuple = ()
    sources: frozenset[str] = frozenset()


def _project_geoms(geoms: Sequence, crs: str) -> list:
    import numpy as np
    import shapely

    if not geoms:
        return []
    forward = _transformers(crs)[0]

    def transform(coords):
        x, y = forward.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    projected = shapely.transform(np.asarray(geoms, dtype=object), transform)
    out = []
    for geom in projected:
        coords = shapely.get_coordinates(geom)
        out.append(geom if coords.size and np.isfinite(coords).all() else None)
    return out


def _borders(polygons: Sequence, cut_lines: Sequence):
    """Country outlines as lines, without the artificial edges where the data was clipped."""
    import shapely

    lines = shapely.union_all([shapely.boundary(p) for p in polygons]) if polygons else None
    if lines is None or lines.is_empty:
        return None
    for cut in cut_lines:
        lines = lines.difference(cut.buffer(1e-4))
    return shapely.line_merge(lines) if not lines.is_empty else None


def _build_layers(feats: Sequence[_Feature], crs: str, cut_lines: Sequence, sources: frozenset[str]) -> _Layers:
    countries = [f for f in feats if f.layer == "country"]
    border = _borders([f.geometry for f in countries], cut_lines)
    groups = {
        "countries": countries,
        "water": [f for f in feats if f.layer in ("sea", "lake")],
        "rivers": [f for f in feats if f.layer == "river"],
    }
    projected = {}
    for key, members in groups.items():
        geoms = _project_geoms([f.geometry for f in members], crs)
        projected[key] = tuple(_Feature(f.layer, f.name, f.iso_a2, g) for f, g in zip(members, geoms) if g is not None)
    lines = {}
    for key, layer in (("admin1", "admin1"), ("nkao", "nkao")):
        lines[key] = tuple(g for g in _project_geoms([f.geometry for f in feats if f.layer == layer], crs) if g is not None)
    borders = tuple(g for g in _project_geoms([border] if border is not None else [], crs) if g is not None)
    return _Layers(projected["countries"], borders, projected["water"], lines["admin1"], projected["rivers"],
                   lines["nkao"], sources)


REGION_SOURCES = frozenset({"naturalearth", "qgis", "gshhg"})
WORLD_SOURCES = frozenset({"naturalearth"})


@lru_cache(maxsize=8)
def _region_layers(crs: str) -> _Layers:
    """The regional pack projected to ``crs`` (cached per CRS)."""
    from shapely.geometry import box

    pack = _pack("region.geojson")
    return _build_layers(pack.features, crs, [box(*pack.bbox).exterior], REGION_SOURCES)


@lru_cache(maxsize=16)
def _world_layers(crs: str, window: tuple[float, float, float, float], minus_region: bool) -> _Layers:
    """World countries clipped to ``window`` (lon/lat), without the regional pack's box if that is drawn too."""
    from shapely.geometry import box

    area = box(*window)
    cuts = [area.exterior]
    if minus_region:
        region = box(*_pack("region.geojson").bbox)
        area = area.difference(region)
        cuts.append(region.exterior)
    feats = []
    for f in _pack("world_countries.geojson").features:
        if not f.geometry.intersects(area):
            continue
        clipped = f.geometry.intersection(area)
        if not clipped.is_empty and clipped.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
            polys = _polygons_only(clipped)
            if polys is not None:
                feats.append(_Feature(f.layer, f.name, f.iso_a2, polys))
    return _build_layers(feats, crs, cuts, WORLD_SOURCES)


def _polygons_only(geom):
    from shapely.geometry import MultiPolygon

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"]
    return MultiPolygon(parts) if parts else None


def _layers_for(view: View) -> tuple[list[_Layers], str]:
    """The basemap layers covering the view, bottom first, and which pack was used."""
    west, south, east, north = view.lonlat_bounds()
    rw, rs, re_, rn = _pack("region.geojson").bbox
    in_region = west < re_ and east > rw and south < rn and north > rs
    inside_region = in_region and west >= rw and east <= re_ and south >= rs and north <= rn
    out = []
    if not inside_region:
        pad_x, pad_y = max(3.0, 0.3 * (east - west)), max(3.0, 0.3 * (north - south))
        window = (max(-180.0, math.floor(west - pad_x)), max(-90.0, math.floor(south - pad_y)),
                  min(180.0, math.ceil(east + pad_x)), min(90.0, math.ceil(north + pad_y)))
        out.append(_world_layers(view.crs, window, in_region))
    if in_region:
        out.append(_region_layers(view.crs))
    return out, ("region" if inside_region else "region+world" if in_region else "world")


# -- places for labels ----------------------------------------------------------------
@dataclass(frozen=True)
class _Place:
    name: str
    label: str
    lon: float
    lat: float
    geonameid: int | None
    feature_code: str
    population: int
    priority: int


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isalnum())


def _dual_label(name: str, variants: str) -> str:
    """``Name (Other name)`` when the curated first variant is a different name, not a spelling."""
    first = (variants or "").split("|")[0].strip()
    if first and first.isascii() and difflib.SequenceMatcher(None, _fold(name), _fold(first)).ratio() < 0.5:
        return f"{name} ({first})"
    return name


@lru_cache(maxsize=1)
def _places() -> tuple[_Place, ...]:
    """Populated places of the curated regional gazetteer (for labels and anchors)."""
    try:
        text = files("gazetteer").joinpath("data").joinpath("regional.tsv").read_text("utf-8")
    except (OSError, ModuleNotFoundError):
        return ()
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        try:
            if row.get("feature_class") != "P":
                continue
            out.append(_Place(
                row["name"], _dual_label(row["name"], row.get("variants") or ""), float(row["longitude"]),
                float(row["latitude"]), int(row["geonameid"]) if row.get("geonameid") else None,
                row.get("feature_code") or "", int(row.get("population") or 0), int(row.get("priority") or 0),
            ))
        except (KeyError, ValueError):
            continue
    return tuple(out)


def _label_for(location: str, geonameid: int | None, lon: float, lat: float) -> str:
    for place in _places():
        if (geonameid and place.geonameid == geonameid) or (
            _fold(place.name) == _fold(location) and abs(place.lon - lon) < 0.05 and abs(place.lat - lat) < 0.05
        ):
            return place.label
    return location
