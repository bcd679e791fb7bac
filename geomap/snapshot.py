"""Static map snapshots for briefings: PNG, SVG or PDF over the offline basemap pack.

``render_snapshot(events, ...)`` draws the events (by type, with the map's colour and
shape, sized by fatalities) on Natural Earth countries, admin-1 lines, GSHHG lakes and
WDBII rivers (the Aras highlighted) and the former NKAO line, in the UTM zone of the
view's centre, with labelled places, a title and the date range, a legend with the
count per type, a scale bar, a north arrow, an attribution line naming every data
source, and the generation time.  The same input gives the same bytes: the generation
time is passed in and every file format's volatile metadata is fixed.

The module uses ``matplotlib.figure.Figure`` with the Agg canvas directly (no pyplot
state).  Rendering is serialised by a lock because matplotlib's rcParams are global.
Nothing is loaded at import time; the basemap is read on first use and its projected
geometries are cached per coordinate reference system.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import math
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from urllib.parse import urlsplit

from .codebook import EventType, event_types
from .errors import GeomapError

FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "slide": (13.333, 7.5),  # 16:9 presentation slide
    "a4-landscape": (11.693, 8.268),
    "a4-portrait": (8.268, 11.693),
}
DEFAULT_SIZE = "slide"
DEFAULT_DPI = 200
MIN_DPI, MAX_DPI = 50, 600
MAX_SIDE_PX = 12_000  # a guard against accidents; the web app applies tighter caps
MIN_SIDE_PX = 300
MIN_EXTENT_M = 60_000.0  # a fitted view is at least 60 km wide and tall
MAX_SPAN_DEG = (120.0, 70.0)  # lon, lat: larger views are refused
UTM_MAX_SPAN_DEG = 12.0  # wider views use a Lambert azimuthal equal-area projection
MAX_PLACE_LABELS = 60  # labels tried for the busiest places
MAX_COUNT_LABELS = 150  # "number of events" figures drawn, for the busiest symbols

SHAPE_MARKERS = {"circle": ("o", 1.0), "diamond": ("D", 0.78), "triangle": ("^", 1.12),
                 "square": ("s", 0.86), "star": ("*", 1.38)}
FALLBACK_COLOUR = "#555555"

# Basemap styling
WATER = "#aecde6"
WATER_EDGE = "#5a8fbf"
RIVER = "#3c7fc0"
ARAS = "#1b5aa6"
BORDER = "#2b2b2b"
ADMIN1 = "#7d7d7d"
NKAO = "#a50f15"
NEUTRAL_LAND = "#e3e3e1"
FOCUS_LAND = ("#ede1c8", "#e4d6e6", "#dbe6cf", "#f2d9c6", "#d6e2ec")
TEXT = "#1c1c1c"
WATER_TEXT = "#245c8f"

_RENDER_LOCK = threading.Lock()


class SnapshotError(GeomapError, ValueError):
    """A snapshot cannot be made with these parameters (size, format, view...)."""


# -- sizes and formats -----------------------------------------------------------------
@dataclass(frozen=True)
class Size:
    width_px: int
    height_px: int
    dpi: int

    @property
    def inches(self) -> tuple[float, float]:
        # A hair over the pixel count, so that Agg's int() truncation keeps every pixel.
        return (self.width_px + 1e-3) / self.dpi, (self.height_px + 1e-3) / self.dpi


def parse_size(value: str | None, dpi: int | None = None, *, max_side: int = MAX_SIDE_PX,
               max_pixels: int | None = None) -> Size:
    """``slide``, ``a4-landscape``, ``a4-portrait`` or ``WxH`` in pixels, at ``dpi``."""
    dpi = DEFAULT_DPI if dpi is None else dpi
    if not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
        raise SnapshotError(f"dpi must be a whole number from {MIN_DPI} to {MAX_DPI}, got {dpi!r}")
    text = (value or DEFAULT_SIZE).strip().lower()
    if text in PAPER_SIZES:
        width_in, height_in = PAPER_SIZES[text]
        width, height = round(width_in * dpi), round(height_in * dpi)
    else:
        parts = text.replace("×", "x").split("x")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            raise SnapshotError(
                f"size must be one of {', '.join(PAPER_SIZES)} or WIDTHxHEIGHT in pixels (e.g. 1920x1080), got {value!r}"
            )
        width, height = (int(p) for p in parts)
    if min(width, height) < MIN_SIDE_PX:
        raise SnapshotError(f"size {width}x{height} px is too small: each side needs at least {MIN_SIDE_PX} px")
    if max(width, height) > max_side:
        raise SnapshotError(f"size {width}x{height} px is too large: at most {max_side} px a side (lower the dpi?)")
    if max_pixels and width * height > max_pixels:
        raise SnapshotError(f"size {width}x{height} px is too large: at most {max_pixels:,} pixels (lower the dpi?)")
    return Size(width, height, dpi)


def format_of(filename: str) -> str:
    """png, svg or pdf from a file name's extension."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in FORMATS:
        raise SnapshotError(f"cannot tell the format of {filename!r}: the file name must end in .png, .svg or .pdf")
    return suffix


# -- projection and view ---------------------------------------------------------------
@lru_cache(maxsize=32)
def _transformers(crs: str):
    from pyproj import Transformer

    return (Transformer.from_crs("EPSG:4326", crs, always_xy=True),
            Transformer.from_crs(crs, "EPSG:4326", always_xy=True))


def projection_for(lon: float, lat: float, lon_span: float = 0.0, lat_span: float = 0.0) -> tuple[str, str]:
    """(crs, label): the UTM zone of (lon, lat); a centred equal-area projection for very wide views."""
    if lon_span > UTM_MAX_SPAN_DEG or lat_span > UTM_MAX_SPAN_DEG or abs(lat) > 80:
        crs = f"+proj=laea +lat_0={lat:.2f} +lon_0={lon:.2f} +datum=WGS84 +units=m +no_defs"
        return crs, f"Lambert azimuthal equal-area centred on {abs(lat):.1f}°{'N' if lat >= 0 else 'S'} {abs(lon):.1f}°{'E' if lon >= 0 else 'W'}"
    zone = min(60, max(1, int((lon + 180) // 6) + 1))
    north = lat >= 0
    epsg = (32600 if north else 32700) + zone
    return f"EPSG:{epsg}", f"UTM {zone}{'N' if north else 'S'} (EPSG:{epsg})"


@dataclass(frozen=True)
class View:
    crs: str
    crs_label: str
    xmin: float
    ymin: float
    xmax: float
    ymax: float

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin

    def project(self, lon, lat):
        return _transformers(self.crs)[0].transform(lon, lat)

    def unproject(self, x, y):
        return _transformers(self.crs)[1].transform(x, y)

    def lonlat_bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north of the view (its edges sampled, so curved edges count)."""
        import numpy as np

        t = np.linspace(0.0, 1.0, 41)
        xs = np.concatenate([self.xmin + t * self.width, np.full_like(t, self.xmax),
                             self.xmax - t * self.width, np.full_like(t, self.xmin)])
        ys = np.concatenate([np.full_like(t, self.ymin), self.ymin + t * self.height,
                             np.full_like(t, self.ymax), self.ymax - t * self.height])
        lon, lat = self.unproject(xs, ys)
        return float(np.min(lon)), float(np.min(lat)), float(np.max(lon)), float(np.max(lat))


@dataclass(frozen=True)
class Frame:
    """Where the map sits in the image: figure size and the map axes as figure fractions."""

    size: Size
    axes: tuple[float, float, float, float]  # left, bottom, width, height (figure fractions)
    scale: float  # text and symbol scale relative to a slide

    @property
    def axes_px(self) -> tuple[float, float]:
        return self.axes[2] * self.size.width_px, self.axes[3] * self.size.height_px


@dataclass(frozen=True)
class SnapshotPlan:
    frame: Frame
    view: View

    @property
    def metres_per_px(self) -> float:
        return self.view.width / self.frame.axes_px[0]

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Image pixel (x right, y down from the top-left corner) of a WGS84 position."""
        x, y = self.view.project(lon, lat)
        return self.pixel_of_xy(x, y)

    def pixel_of_xy(self, x: float, y: float) -> tuple[float, float]:
        left, bottom, width, height = self.frame.axes
        w, h = self.frame.size.width_px, self.frame.size.height_px
        px = (left + width * (x - self.view.xmin) / self.view.width) * w
        py = (bottom + height * (y - self.view.ymin) / self.view.height) * h
        return px, h - py


def _frame(size: Size) -> Frame:
    width_in, height_in = size.width_px / size.dpi, size.height_px / size.dpi
    scale = min(1.25, max(0.55, math.sqrt(width_in * height_in / (13.333 * 7.5))))
    top, bottom = 0.72 * scale, 0.62 * scale
    left, right = 0.62 * scale, 0.25 * scale
    return Frame(size, (left / width_in, bottom / height_in, 1 - (left + right) / width_in,
                        1 - (top + bottom) / height_in), scale)


def plan_snapshot(points: Sequence[tuple[float, float]], *, bbox: tuple[float, float, float, float] | None = None,
                  size: str | Size = DEFAULT_SIZE, dpi: int | None = None,
                  reserve_px: tuple[float, float] | None = None) -> SnapshotPlan:
    """The view for ``points`` ((lon, lat) pairs) or ``bbox`` (west, south, east, north), fitted to the map area.

    When fitting to points, ``reserve_px`` (width, height of the legend) keeps a strip along the
    right or the bottom edge (whichever costs less scale) free of points, for the legend.
    """
    import numpy as np

    size = size if isinstance(size, Size) else parse_size(size, dpi)
    frame = _frame(size)
    if bbox is not None:
        west, south, east, north = bbox
        if not (west < east and south < north):
            raise SnapshotError(f"bbox must have west < east and south < north (no antimeridian crossing), got {bbox!r}")
        lons, lats = [west, east], [south, north]
    elif points:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
    else:
        west, south, east, north = _pack("region.geojson").bbox
        lons, lats = [west, east], [south, north]
    lon_span, lat_span = max(lons) - min(lons), max(lats) - min(lats)
    if lon_span > MAX_SPAN_DEG[0] or lat_span > MAX_SPAN_DEG[1]:
        raise SnapshotError(f"the view is too large for a snapshot: at most {MAX_SPAN_DEG[0]:g}° of longitude "
                            f"and {MAX_SPAN_DEG[1]:g}° of latitude (use --bbox or filters)")
    centre = ((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    crs, label = projection_for(*centre, lon_span, lat_span)
    forward = _transformers(crs)[0]
    if bbox is not None:
        t = np.linspace(0.0, 1.0, 21)
        west, south, east, north = bbox
        edge_lon = np.concatenate([west + t * (east - west), np.full_like(t, east), east - t * (east - west), np.full_like(t, west)])
        edge_lat = np.concatenate([np.full_like(t, south), south + t * (north - south), np.full_like(t, north), north - t * (north - south)])
        xs, ys = forward.transform(edge_lon, edge_lat)
        xmin, xmax, ymin, ymax = float(np.min(xs)), float(np.max(xs)), float(np.min(ys)), float(np.max(ys))
    else:
        xs, ys = forward.transform(np.asarray(lons, float), np.asarray(lats, float))
        xmin, xmax, ymin, ymax = float(np.min(xs)), float(np.max(xs)), float(np.min(ys)), float(np.max(ys))
        pad = max(0.12 * max(xmax - xmin, ymax - ymin), 8_000.0)
        xmin, xmax, ymin, ymax = xmin - pad, xmax + pad, ymin - pad, ymax + pad
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        half_w, half_h = max((xmax - xmin) / 2, MIN_EXTENT_M / 2), max((ymax - ymin) / 2, MIN_EXTENT_M / 2)
        xmin, xmax, ymin, ymax = cx - half_w, cx + half_w, cy - half_h, cy + half_h
    axes_w, axes_h = frame.axes_px
    width, height = xmax - xmin, ymax - ymin
    if bbox is None and reserve_px:
        # Fit the points into the map area minus a strip for the legend: on the right or at the bottom.
        strip_w, strip_h = reserve_px
        strip_w, strip_h = min(strip_w, 0.6 * axes_w), min(strip_h, 0.6 * axes_h)
        right = max(width / (axes_w - strip_w), height / axes_h)  # metres per pixel
        bottom = max(width / axes_w, height / (axes_h - strip_h))
        scale = min(right, bottom)
        view_w, view_h = axes_w * scale, axes_h * scale
        if right <= bottom:  # points centred in the area left of the strip
            x0 = (xmin + xmax) / 2 - (axes_w - strip_w) * scale / 2
            y0 = (ymin + ymax) / 2 - view_h / 2
        else:  # points centred in the area above the strip
            x0 = (xmin + xmax) / 2 - view_w / 2
            y0 = (ymin + ymax) / 2 - (axes_h - strip_h) * scale / 2 - strip_h * scale
        return SnapshotPlan(frame, View(crs, label, x0, y0, x0 + view_w, y0 + view_h))
    # Grow the shorter side so that the view fills the map area at one scale.
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    if width / height < axes_w / axes_h:
        width = height * axes_w / axes_h
    else:
        height = width * axes_h / axes_w
    return SnapshotPlan(frame, View(crs, label, cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))


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


# -- events to marks ------------------------------------------------------------------
@dataclass(frozen=True)
class _Item:
    event: object
    sources: tuple[dict, ...]


def _items(events: Iterable) -> list[_Item]:
    out = []
    for item in events:
        event = getattr(item, "event", item)
        out.append(_Item(event, tuple(getattr(item, "sources", ()) or ())))
    return out


def marker_radius_pt(fatalities: int) -> float:
    """Marker radius in points (at slide scale): grows with the square root of the fatalities."""
    return min(14.0, 3.6 + 1.35 * math.sqrt(max(0, fatalities)))


@dataclass
class _Mark:
    x: float
    y: float
    etype: EventType
    approximate: bool
    count: int
    fatalities: int
    radius_pt: float
    dx_pt: float = 0.0
    dy_pt: float = 0.0


@dataclass
class _Cluster:
    x: float
    y: float
    items: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    order: int = 0


def _type_of(name: str) -> EventType:
    for et in event_types():
        if et.name == name:
            return et
    return EventType(name, FALLBACK_COLOUR, "circle", ())


def _clusters(items: Sequence[_Item], xy: Sequence[tuple[float, float]], radius_m: float, scale: float) -> list[_Cluster]:
    order = sorted(range(len(items)), key=lambda i: (-items[i].event.fatalities, items[i].event.event_date,
                                                      items[i].event.event_id))
    clusters: list[_Cluster] = []
    grid: dict[tuple[int, int], list[_Cluster]] = {}  # clusters by cell of radius_m, so that this stays linear
    cell = max(radius_m, 1e-6)
    for i in order:
        x, y = xy[i]
        cx, cy = int(math.floor(x / cell)), int(math.floor(y / cell))
        home = None
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for cluster in grid.get((gx, gy), ()):
                    if math.hypot(cluster.x - x, cluster.y - y) <= radius_m and (home is None or cluster.order < home.order):
                        home = cluster
        if home is None:
            home = _Cluster(x, y, [], order=len(clusters))
            clusters.append(home)
            grid.setdefault((cx, cy), []).append(home)
        home.items.append((items[i], x, y))
    type_rank = {et.name: n for n, et in enumerate(event_types())}
    for cluster in clusters:
        groups: dict[tuple[str, bool], list] = {}
        for item, _, _ in cluster.items:
            key = (item.event.event_type, item.event.geo_precision >= 3)
            groups.setdefault(key, []).append(item.event)
        for (name, approximate), members in sorted(groups.items(), key=lambda kv: (type_rank.get(kv[0][0], 99), kv[0][1])):
            fatalities = sum(max(0, e.fatalities) for e in members)
            cluster.marks.append(_Mark(cluster.x, cluster.y, _type_of(name), approximate, len(members), fatalities,
                                       marker_radius_pt(fatalities) * scale))
        marks = cluster.marks
        if len(marks) > 1:  # side by side around the place, so that no type hides another
            k = len(marks)
            ring = max((marks[i].radius_pt + marks[(i + 1) % k].radius_pt) / (2 * math.sin(math.pi / k))
                       for i in range(k)) * 0.92
            for n, mark in enumerate(marks):
                angle = math.pi / 2 + 2 * math.pi * n / k
                mark.dx_pt, mark.dy_pt = ring * math.cos(angle), ring * math.sin(angle)
    return clusters


# -- legend content -------------------------------------------------------------------
LEGEND_INSET_PT = 8.0
MAP_ROWS = {  # key: (colour, line width, line style, label), in legend order
    "border": (BORDER, 1.0, "-", "International boundary"),
    "nkao": (NKAO, 1.5, (0, (5.0, 2.0, 1.2, 2.0)), "Former NKAO boundary (1991)"),
    "admin1": (ADMIN1, 0.6, (0, (2.0, 1.6)), "Province / district (admin-1)"),
    "river": (RIVER, 0.85, "-", "River"),
    "aras": (ARAS, 1.9, "-", "Aras (Araz) river"),
    "lake": (WATER, 0.4, "-", "Lake / reservoir"),
    "town": ("#333333", 0.6, "-", "Town (no events shown)"),
}


@dataclass(frozen=True)
class _LegendSpec:
    types: tuple[tuple[EventType, int], ...]
    total: int
    size_top: int | None  # largest fatalities on one symbol; None: no events
    approximate: bool
    multiple: bool
    map_rows: tuple[str, ...]

    @classmethod
    def upper_bound(cls, items: Sequence[_Item]) -> "_LegendSpec":
        """The largest legend these events can need (to keep room for it before the view is known)."""
        counts = Counter(i.event.event_type for i in items)
        known = {et.name for et in event_types()}
        types = [(et, counts[et.name]) for et in event_types() if counts.get(et.name)]
        types += [(_type_of(name), counts[name]) for name in sorted(counts) if name not in known]
        return cls(tuple(types), len(items), sum(max(0, i.event.fatalities) for i in items) if items else None,
                   any(i.event.geo_precision >= 3 for i in items), len(items) > 1, tuple(MAP_ROWS))


# -- text helpers ---------------------------------------------------------------------
def _fmt_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def date_range_text(date_from, date_to, items: Sequence[_Item]) -> str:
    start = _as_date(date_from)
    end = _as_date(date_to)
    dates = sorted(i.event.event_date for i in items)
    if start is None and dates:
        start = dt.date.fromisoformat(dates[0])
    if end is None and dates:
        end = dt.date.fromisoformat(dates[-1])
    if start and end:
        if start == end:
            return _fmt_date(start)
        if start.year == end.year:
            left = f"{start.day} {start:%b}" if start.month != end.month else f"{start.day}"
            return f"{left} – {_fmt_date(end)}"
        return f"{_fmt_date(start)} – {_fmt_date(end)}"
    if start:
        return f"from {_fmt_date(start)}"
    if end:
        return f"until {_fmt_date(end)}"
    return "all dates"


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def publishers(items: Sequence[_Item]) -> list[str]:
    """The reports' publishers, most events first; a URL's host stands in for a missing publisher."""
    counts: Counter[str] = Counter()
    unnamed = set()
    for item in items:
        sources = item.sources or ({"source": item.event.source, "source_url": item.event.source_url,
                                    "article_id": item.event.article_id},)
        for src in sources:
            name = (src.get("source") or "").strip()
            if not name and src.get("source_url"):
                name = urlsplit(src["source_url"]).hostname or ""
                name = name.removeprefix("www.")
            if name:
                counts[name] += 1
            else:
                unnamed.add(src.get("article_id") or id(src))
    out = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))]
    if unnamed:
        out.append(f"{len(unnamed)} unnamed report{'s' if len(unnamed) > 1 else ''}")
    return out


def attribution_text(items: Sequence[_Item], sources: frozenset[str], crs_label: str) -> str:
    names = publishers(items)
    if len(names) > 10:
        names = names[:10] + [f"and {len(names) - 10} more"]
    parts = [
        "Events: geomap, from news reports" + (" — Reports: " + ", ".join(names) if names else ""),
        "Places: GeoNames (CC BY 4.0) and geomap's curated gazetteer",
    ]
    if "qgis" in sources:
        parts.append("Boundaries: Natural Earth 1:10m (public domain); admin-1 and former NKAO line: "
                     "Natural Earth via QGIS world_map")
    else:
        parts.append("Boundaries: Natural Earth 1:10m (public domain)")
    if "gshhg" in sources:
        parts.append("Lakes & rivers: GSHHG/WDBII 2.3.6, Wessel & Smith (LGPL-3.0)")
    parts.append(f"Projection: {crs_label}")
    parts.append("Boundaries are not authoritative")
    return " · ".join(parts) + "."


# -- rendering ------------------------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    data: bytes
    fmt: str
    plan: SnapshotPlan
    pack: str  # region, world or region+world
    legend_box: tuple[float, float, float, float]  # x0, y0, x1, y1 in image pixels (y down)
    counts: dict[str, int]


def render_snapshot(events: Iterable, *, fmt: str = "png", title: str | None = None, date_from=None, date_to=None,
                    bbox: tuple[float, float, float, float] | None = None, size: str | Size = DEFAULT_SIZE,
                    dpi: int | None = None, generated_at: dt.datetime | None = None) -> bytes:
    """The snapshot's bytes (see ``render``)."""
    return render(events, fmt=fmt, title=title, date_from=date_from, date_to=date_to, bbox=bbox, size=size,
                  dpi=dpi, generated_at=generated_at).data


def render(events: Iterable, *, fmt: str = "png", title: str | None = None, date_from=None, date_to=None,
           bbox: tuple[float, float, float, float] | None = None, size: str | Size = DEFAULT_SIZE,
           dpi: int | None = None, generated_at: dt.datetime | None = None, lock_timeout: float = -1) -> Snapshot:
    """Draw ``events`` (StoredEvents or Events) as a PNG, SVG or PDF snapshot.

    With ``bbox`` (west, south, east, north) the map shows that box and the events in it;
    without, the view is fitted to the events with a margin.  ``generated_at`` (shown on the
    map, and the PNG's creation time) is the only time that enters the output.
    """
    if fmt not in FORMATS:
        raise SnapshotError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    size = size if isinstance(size, Size) else parse_size(size, dpi)
    items = _items(events)
    if bbox is not None:
        west, south, east, north = bbox
        items = [i for i in items if west <= i.event.longitude <= east and south <= i.event.latitude <= north]
    if bbox is not None:
        plan_snapshot([], bbox=bbox, size=size)  # refuse a bad box before waiting for the lock
    if not _RENDER_LOCK.acquire(timeout=lock_timeout):
        raise SnapshotBusy("another snapshot is being drawn; try again shortly")
    try:
        return _Renderer(size, bbox, items, fmt, title, date_from, date_to, generated_at).run()
    finally:
        _RENDER_LOCK.release()


class SnapshotBusy(GeomapError, RuntimeError):
    """The renderer is busy (the web app waits only so long)."""


class _Boxes:
    """Display-space rectangles, with a vectorised 'how many overlap this one' test."""

    def __init__(self) -> None:
        self._rows: list[tuple[float, float, float, float]] = []
        self._array = None

    def add(self, box) -> None:
        if hasattr(box, "x0"):
            box = (box.x0, box.y0, box.x1, box.y1)
        self._rows.append(tuple(float(v) for v in box))
        self._array = None

    def count(self, box) -> int:
        import numpy as np

        if not self._rows:
            return 0
        if self._array is None:
            self._array = np.array(self._rows, float)
        a = self._array
        x0, y0, x1, y1 = (box.x0, box.y0, box.x1, box.y1) if hasattr(box, "x0") else box
        return int(np.count_nonzero((a[:, 0] < x1) & (a[:, 2] > x0) & (a[:, 1] < y1) & (a[:, 3] > y0)))


def _halo(width: float):
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


class _Renderer:
    def __init__(self, size: Size, bbox, items: list[_Item], fmt: str, title: str | None, date_from, date_to,
                 generated_at: dt.datetime | None):
        self.size, self.bbox, self.items, self.fmt = size, bbox, items, fmt
        self.title = (title or "").strip() or "Reported conflict events"
        self.date_from, self.date_to, self.generated_at = date_from, date_to, generated_at
        self.s = _frame(size).scale
        self.px_per_pt = size.dpi / 72.0
        self.obstacles = _Boxes()  # display-space boxes that labels must not cover
        self.event_boxes = _Boxes()  # the event symbols (furniture avoids them)
        self.furniture = _Boxes()  # legend, north arrow, scale bar

    def run(self) -> Snapshot:
        import matplotlib

        rc = {"svg.hashsalt": "geomap-snapshot", "svg.fonttype": "path", "pdf.fonttype": 42,
              "font.family": "DejaVu Sans", "path.simplify": True, "axes.unicode_minus": True}
        with matplotlib.rc_context(rc):
            return self._draw()

    def _draw(self) -> Snapshot:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        size = self.size
        figsize = size.inches if self.fmt == "png" else (size.width_px / size.dpi, size.height_px / size.dpi)
        fig = Figure(figsize=figsize, dpi=size.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        self.fig = fig
        self.renderer = fig.canvas.get_renderer()
        # The legend's largest possible size, so that a fitted view leaves room for it.
        probe = _LegendSpec.upper_bound(self.items)
        box = self._legend_box(probe, (0.0, 0.0), fig.transFigure, add_to=fig)
        reserve = box.get_window_extent(self.renderer)
        box.remove()
        inset = 2 * LEGEND_INSET_PT * self.s * self.px_per_pt
        self.plan = plan_snapshot([(i.event.longitude, i.event.latitude) for i in self.items], bbox=self.bbox,
                                  size=size, reserve_px=(reserve.width + inset, reserve.height + inset))
        frame, view = self.plan.frame, self.plan.view
        ax = fig.add_axes(frame.axes)
        self.ax = ax
        ax.set_xlim(view.xmin, view.xmax)
        ax.set_ylim(view.ymin, view.ymax)
        ax.set_aspect("auto")
        ax.set_facecolor(WATER)
        for spine in ax.spines.values():
            spine.set_linewidth(0.9 * self.s)
            spine.set_color("#222222")
        ax.set_axisbelow(False)

        layers, pack = _layers_for(view)
        self.layers = layers
        self._basemap(layers)
        self._graticule_ticks()
        clusters = self._events()
        legend_box = self._legend(clusters)
        self._north_arrow()
        self._scale_bar()
        self._place_labels(clusters)
        self._water_labels(layers)
        self._country_labels(layers)
        self._header()
        self._footer(layers)

        buf = io.BytesIO()
        metadata = self._metadata()
        fig.savefig(buf, format=self.fmt, dpi=frame.size.dpi, metadata=metadata, facecolor="white")
        counts = Counter(i.event.event_type for i in self.items)
        return Snapshot(buf.getvalue(), self.fmt, self.plan, pack, legend_box, dict(counts))

    def _metadata(self) -> dict:
        when = self.generated_at
        if self.fmt == "png":
            meta = {"Software": None, "Title": self.title}
            if when:
                meta["Creation Time"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            return meta
        if self.fmt == "svg":
            return {"Date": when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None, "Title": self.title,
                    "Creator": "geomap"}
        return {"CreationDate": when.replace(tzinfo=when.tzinfo or dt.timezone.utc) if when else None,
                "Title": self.title, "Creator": "geomap", "Producer": "geomap (matplotlib)"}

    # -- basemap ---------------------------------------------------------------------
    def _basemap(self, layers: list[_Layers]) -> None:
        from matplotlib.collections import LineCollection, PathCollection

        focus = self._focus_colours()
        ax, s = self.ax, self.s
        for layer in layers:
            paths, colours = [], []
            for f in layer.countries:
                paths.append(_polygon_path(f.geometry))
                colours.append(focus.get(f.iso_a2 or f.name, NEUTRAL_LAND))
            if paths:
                # Edges in the fill colour close the hairline seams between adjacent polygons.
                ax.add_collection(PathCollection(paths, facecolors=colours, edgecolors=colours, linewidths=0.5 * s,
                                                 zorder=1))
            water = [_polygon_path(f.geometry) for f in layer.water]
            if water:
                edges = [WATER_EDGE if f.layer == "lake" else "none" for f in layer.water]
                ax.add_collection(PathCollection(water, facecolors=WATER, edgecolors=edges, linewidths=0.4 * s, zorder=2))
            if layer.admin1:
                ax.add_collection(LineCollection(_segments(layer.admin1), colors=ADMIN1, linewidths=0.45 * s,
                                                 linestyles=(0, (2.0, 1.6)), zorder=3))
            plain = [f.geometry for f in layer.rivers if (f.name or "").lower() != "aras"]
            aras = [f.geometry for f in layer.rivers if (f.name or "").lower() == "aras"]
            if plain:
                widths = [0.85 * s if f.name else 0.55 * s for f in layer.rivers if (f.name or "").lower() != "aras"]
                segs, seg_widths = [], []
                for geom, width in zip(plain, widths):
                    parts = _segments([geom])
                    segs += parts
                    seg_widths += [width] * len(parts)
                ax.add_collection(LineCollection(segs, colors=RIVER, linewidths=seg_widths, zorder=4,
                                                 capstyle="round", joinstyle="round"))
            if aras:
                ax.add_collection(LineCollection(_segments(aras), colors=ARAS, linewidths=1.9 * s, zorder=4.1,
                                                 capstyle="round", joinstyle="round"))
            if layer.borders:
                ax.add_collection(LineCollection(_segments(layer.borders), colors=BORDER, linewidths=1.0 * s,
                                                 zorder=5, capstyle="round", joinstyle="round"))
            if layer.nkao:
                ax.add_collection(LineCollection(_segments(layer.nkao), colors=NKAO, linewidths=1.5 * s,
                                                 linestyles=(0, (5.0, 2.0, 1.2, 2.0)), zorder=6))

    def _focus_colours(self) -> dict[str, str]:
        """Warm fills for the countries the events are about: where they happened and whose forces took part."""
        names = {}
        for layer in self.layers:
            for f in layer.countries:
                if f.name and f.iso_a2:
                    names[f.iso_a2] = f.name
        score: Counter[str] = Counter()
        for item in self.items:
            e = item.event
            if e.country:
                score[e.country] += 1
            actors = f"{e.actor1} {e.actor2}".lower()
            for iso, name in names.items():
                if name.lower() in actors:
                    score[iso] += 1
        total = sum(score.values())
        chosen = [iso for iso, n in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])) if n >= 0.12 * total]
        return {iso: FOCUS_LAND[n % len(FOCUS_LAND)] for n, iso in enumerate(chosen[: len(FOCUS_LAND)])}

    def _visible(self, geom):
        from shapely.geometry import box

        v = self.plan.view
        return geom.intersection(box(v.xmin, v.ymin, v.xmax, v.ymax))

    # -- graticule ticks --------------------------------------------------------------
    def _graticule_ticks(self) -> None:
        import numpy as np

        view, ax, s = self.plan.view, self.ax, self.s
        xs = np.linspace(view.xmin, view.xmax, 400)
        lon, _ = view.unproject(xs, np.full_like(xs, view.ymin))
        ys = np.linspace(view.ymin, view.ymax, 400)
        _, lat = view.unproject(np.full_like(ys, view.xmin), ys)
        ticks = []
        for values, positions, hemis in ((lon, xs, "EW"), (lat, ys, "NS")):
            step = _nice_step(float(values.max() - values.min()))
            first = math.ceil(values.min() / step) * step
            found = []
            value = first
            while value <= values.max() + 1e-9:
                if np.all(np.diff(values) > 0):
                    found.append((float(np.interp(value, values, positions)), _deg(value, step, hemis)))
                value += step
            ticks.append(found)
        ax.set_xticks([p for p, _ in ticks[0]], [t for _, t in ticks[0]])
        ax.set_yticks([p for p, _ in ticks[1]], [t for _, t in ticks[1]])
        ax.tick_params(labelsize=6.5 * s, length=3 * s, width=0.6 * s, pad=2 * s, colors="#333333")

    # -- events -----------------------------------------------------------------------
    def _events(self) -> list[_Cluster]:
        import numpy as np

        ax, s, plan = self.ax, self.s, self.plan
        if not self.items:
            return []
        lon = np.array([i.event.longitude for i in self.items], float)
        lat = np.array([i.event.latitude for i in self.items], float)
        xs, ys = plan.view.project(lon, lat)
        radius_m = marker_radius_pt(0) * s * self.px_per_pt * 1.1 * plan.metres_per_px
        clusters = _clusters(self.items, list(zip(xs.tolist(), ys.tolist())), radius_m, s)
        m_per_pt = self.px_per_pt * plan.metres_per_px
        by_style: dict[tuple, list] = {}
        for cluster in clusters:
            for mark in cluster.marks:
                by_style.setdefault((mark.etype.name, mark.approximate), []).append(mark)
        type_rank = {et.name: n for n, et in enumerate(event_types())}
        for (name, approximate), marks in sorted(by_style.items(), key=lambda kv: (not kv[0][1], type_rank.get(kv[0][0], 99))):
            etype = marks[0].etype
            marker, factor = SHAPE_MARKERS.get(etype.shape, ("o", 1.0))
            order = sorted(marks, key=lambda m: -m.radius_pt)
            px = [m.x + m.dx_pt * m_per_pt for m in order]
            py = [m.y + m.dy_pt * m_per_pt for m in order]
            sizes = [(2 * m.radius_pt * factor) ** 2 for m in order]
            if approximate:
                ax.scatter(px, py, s=sizes, marker=marker, facecolors="none", edgecolors=etype.colour,
                           linewidths=1.7 * s, zorder=9, clip_on=True)
            else:
                ax.scatter(px, py, s=sizes, marker=marker, facecolors=etype.colour, edgecolors="#1a1a1a",
                           linewidths=0.6 * s, zorder=10 + type_rank.get(name, 9) * 0.01, clip_on=True)
        marks = [m for c in clusters for m in c.marks]
        centres = ax.transData.transform(np.array([(m.x, m.y) for m in marks], float))
        for mark, (cx, cy) in zip(marks, centres):
            cx += mark.dx_pt * self.px_per_pt
            cy += mark.dy_pt * self.px_per_pt
            r = mark.radius_pt * self.px_per_pt
            self.obstacles.add((cx - r, cy - r, cx + r, cy + r))
            self.event_boxes.add((cx - r, cy - r, cx + r, cy + r))
        counted = sorted((m for m in marks if m.count > 1), key=lambda m: (-m.count, m.x, m.y))[:MAX_COUNT_LABELS]
        for mark in counted:  # the count just outside the symbol, away from the place's other symbols
            norm = math.hypot(mark.dx_pt, mark.dy_pt)
            ux, uy = (mark.dx_pt / norm, mark.dy_pt / norm) if norm else (0.7071, 0.7071)
            off = mark.radius_pt * 0.8 + 1.0 * s
            text = ax.annotate(str(mark.count), (mark.x, mark.y),
                               xytext=(mark.dx_pt + ux * off, mark.dy_pt + uy * off), textcoords="offset points",
                               fontsize=6.2 * s, fontweight="bold", color=TEXT, zorder=12,
                               ha="left" if ux > 0.3 else "right" if ux < -0.3 else "center",
                               va="bottom" if uy > 0.3 else "top" if uy < -0.3 else "center",
                               path_effects=_halo(2.0 * s))
            self.obstacles.add(text.get_window_extent(self.renderer))
        return clusters

    # -- furniture: legend, north arrow, scale bar -------------------------------------
    def _corner(self, width: float, height: float, order: Sequence[str]):
        """The display Bbox of a width x height box in the first corner (of ``order``) that hides no event."""
        from matplotlib.transforms import Bbox

        axes = self.ax.get_window_extent(self.renderer)
        inset = LEGEND_INSET_PT * self.s * self.px_per_pt
        origins = {
            "lower right": (axes.x1 - inset - width, axes.y0 + inset),
            "upper left": (axes.x0 + inset, axes.y1 - inset - height),
            "lower left": (axes.x0 + inset, axes.y0 + inset),
            "upper right": (axes.x1 - inset - width, axes.y1 - inset - height),
        }
        best, best_cost = None, None
        for rank, name in enumerate(order):
            x0, y0 = origins[name]
            candidate = Bbox([[x0, y0], [x0 + width, y0 + height]])
            cost = (1000 * self.furniture.count(candidate) + 100 * self.event_boxes.count(candidate)
                    + self.obstacles.count(candidate) + rank)
            if best_cost is None or cost < best_cost:
                best, best_cost = candidate, cost
        return best

    def _claim(self, box) -> None:
        self.furniture.add(box)
        self.obstacles.add(box)

    def _north_arrow(self) -> None:
        from matplotlib.transforms import Bbox

        view, s, ax = self.plan.view, self.s, self.ax
        cx, cy = (view.xmin + view.xmax) / 2, (view.ymin + view.ymax) / 2
        lon, lat = view.unproject(cx, cy)
        nx, ny = view.project(lon, min(89.9, lat + 0.05))
        angle = math.atan2(ny - cy, nx - cx)  # true north on the grid (UTM grid convergence)
        pt = s * self.px_per_pt
        length = 30 * pt
        width, height = 26 * pt, length + 22 * pt
        box = self._corner(width, height, ("upper right", "upper left", "lower right", "lower left"))
        axes = ax.get_window_extent(self.renderer)
        mid_x, mid_y = box.x0 + width / 2 - axes.x0, box.y0 + 4 * pt + length / 2 - axes.y0
        head = (mid_x + length / 2 * math.cos(angle), mid_y + length / 2 * math.sin(angle))
        tail = (mid_x - length / 2 * math.cos(angle), mid_y - length / 2 * math.sin(angle))
        ax.annotate("", xy=head, xytext=tail, xycoords="axes pixels", textcoords="axes pixels", zorder=20,
                    arrowprops=dict(arrowstyle="-|>,head_length=0.55,head_width=0.3", color="black",
                                    lw=3.2 * s, mutation_scale=22 * s, shrinkA=0, shrinkB=0))
        ax.annotate("N", xy=head, xycoords="axes pixels", xytext=(4 * s * math.cos(angle), 4 * s * math.sin(angle)),
                    textcoords="offset points", ha="center", va="bottom", fontsize=11 * s, fontweight="bold",
                    zorder=20, path_effects=_halo(2.5 * s))
        self._claim(Bbox([[box.x0, box.y0], [box.x1, box.y1]]))

    def _scale_bar(self) -> None:
        from matplotlib.patches import Rectangle
        from matplotlib.transforms import Bbox

        view, s, ax = self.plan.view, self.s, self.ax
        km = _nice_km(view.width / 1000 * 0.2)
        length = km * 1000.0
        pt = s * self.px_per_pt
        m_per_px = self.plan.metres_per_px
        length_px = length / m_per_px
        width, height = length_px + 26 * pt, 22 * pt
        box = self._corner(width, height, ("lower left", "upper left", "lower right", "upper right"))
        axes = ax.get_window_extent(self.renderer)
        x0 = view.xmin + (box.x0 - axes.x0 + 4 * pt) * m_per_px
        y0 = view.ymin + (box.y0 - axes.y0 + 4 * pt) * m_per_px
        bar = 4.5 * pt * m_per_px
        for n in range(4):
            ax.add_patch(Rectangle((x0 + n * length / 4, y0), length / 4, bar, facecolor="black" if n % 2 == 0 else "white",
                                   edgecolor="black", linewidth=0.7 * s, zorder=20))
        for value, x in ((0, x0), (km / 2, x0 + length / 2), (km, x0 + length)):
            ax.text(x, y0 + bar + 2.5 * pt * m_per_px, _km_text(value), ha="center", va="bottom", fontsize=7 * s,
                    zorder=20, path_effects=_halo(2.2 * s))
        ax.text(x0 + length + 5 * pt * m_per_px, y0 + bar / 2, "km", ha="left", va="center", fontsize=7 * s, zorder=20,
                path_effects=_halo(2.2 * s))
        self._claim(Bbox([[box.x0, box.y0], [box.x1, box.y1]]))

    def _legend_box(self, spec: "_LegendSpec", anchor, transform, add_to):
        """The legend as an AnchoredOffsetbox (its lower left at ``anchor``), added to ``add_to``."""
        from matplotlib.offsetbox import AnchoredOffsetbox, HPacker, TextArea, VPacker

        s = self.s
        fontsize = 6.8 * s
        rows = []

        def text(label: str, bold: bool = False) -> TextArea:
            return TextArea(label, textprops=dict(fontsize=fontsize, color=TEXT, fontweight="bold" if bold else "normal"))

        def row(swatch, label: str) -> None:
            rows.append(HPacker(children=[swatch, text(label)], align="center", pad=0, sep=4 * s))

        rows.append(text(f"Events ({spec.total})" if spec.total else "No events match the filters", bold=True))
        for et, count in spec.types:
            row(_marker_swatch(et.shape, 1.25 * marker_radius_pt(0) * s, et.colour, "#1a1a1a", 0.6 * s, s, 10 * s),
                f"{et.name} ({count})")
        if spec.size_top is not None:
            rows.append(text("Fatalities per symbol", bold=True))
            sizes = []
            for value in _size_steps(spec.size_top):
                swatch = _marker_swatch("circle", marker_radius_pt(value) * s, "#c4c4c4", "#1a1a1a", 0.6 * s, s)
                sizes.append(VPacker(children=[swatch, text("none" if value == 0 else str(value))], align="center",
                                     pad=0, sep=1 * s))
            rows.append(HPacker(children=sizes, align="bottom", pad=0, sep=7 * s))
        if spec.approximate:
            row(_marker_swatch("circle", marker_radius_pt(0) * s, "none", "#555555", 1.7 * s, s),
                "Open symbol: region-level place")
        if spec.multiple:
            row(_text_swatch("3", fontsize, s), "Number of events, if more than one")
        rows.append(text("Map", bold=True))
        for key in spec.map_rows:
            colour, lw, style, label = MAP_ROWS[key]
            if key == "lake":
                row(_patch_swatch(WATER, WATER_EDGE, lw * s, s), label)
            elif key == "town":
                row(_marker_swatch("circle", 1.8 * s, colour, "white", 0.6 * s, s), label)
            else:
                row(_line_swatch(colour, lw * s, style, s), label)
        box = AnchoredOffsetbox(loc="lower left", child=VPacker(children=rows, align="left", pad=0, sep=2.6 * s),
                                pad=0.55, borderpad=0, frameon=True, bbox_to_anchor=anchor, bbox_transform=transform,
                                prop=dict(size=fontsize))
        box.patch.set(facecolor="white", alpha=0.93, edgecolor="#8c8c8c", linewidth=0.6 * s)
        box.set_zorder(30)
        add_to.add_artist(box)
        return box

    def _legend(self, clusters: list[_Cluster]) -> tuple[float, float, float, float]:
        """The legend (event types with counts, symbol sizes, map layers) in a corner that hides no event."""
        counts = Counter(i.event.event_type for i in self.items)
        listed = [(et, counts[et.name]) for et in event_types() if counts.get(et.name)]
        known = {et.name for et in event_types()}
        listed += [(_type_of(name), counts[name]) for name in sorted(counts) if name not in known]
        marks = [m for c in clusters for m in c.marks]
        shown = {
            "border": True,
            "nkao": self._shows(lambda L: L.nkao),
            "admin1": self._shows(lambda L: L.admin1),
            "river": self._shows(lambda L: [f.geometry for f in L.rivers if (f.name or "").lower() != "aras"]),
            "aras": self._shows(lambda L: [f.geometry for f in L.rivers if (f.name or "").lower() == "aras"]),
            "lake": self._shows(lambda L: [f.geometry for f in L.water if f.layer == "lake"]),
            "town": bool(self._anchor_candidates()),
        }
        spec = _LegendSpec(
            tuple(listed), len(self.items), max((m.fatalities for m in marks), default=None) if marks else None,
            any(m.approximate for m in marks), any(m.count > 1 for m in marks),
            tuple(key for key in MAP_ROWS if shown[key]),
        )
        probe = self._legend_box(spec, (0.0, 0.0), self.ax.transAxes, add_to=self.ax)
        extent = probe.get_window_extent(self.renderer)
        probe.remove()
        box = self._corner(extent.width, extent.height, ("lower right", "upper left", "lower left", "upper right"))
        axes = self.ax.get_window_extent(self.renderer)
        legend = self._legend_box(spec, ((box.x0 - axes.x0) / axes.width, (box.y0 - axes.y0) / axes.height),
                                  self.ax.transAxes, add_to=self.ax)
        final = legend.get_window_extent(self.renderer)
        self._claim(final.expanded(1.02, 1.02))
        height = self.plan.frame.size.height_px
        return float(final.x0), float(height - final.y1), float(final.x1), float(height - final.y0)

    def _shows(self, getter) -> bool:
        from shapely.geometry import box

        v = self.plan.view
        area = box(v.xmin, v.ymin, v.xmax, v.ymax)
        return any(g is not None and g.intersects(area) for layer in self.layers for g in getter(layer))

    # -- labels ---------------------------------------------------------------------
    def _fits(self, box) -> bool:
        axes = self.ax.get_window_extent(self.renderer)
        if box.x0 < axes.x0 + 2 or box.x1 > axes.x1 - 2 or box.y0 < axes.y0 + 2 or box.y1 > axes.y1 - 2:
            return False
        return not self.obstacles.count(box)

    def _try_label(self, x: float, y: float, text: str, offsets: Sequence[tuple[float, float, str, str]], **style):
        for dx, dy, ha, va in offsets:
            artist = self.ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                      annotation_clip=False, **style)
            box = artist.get_window_extent(self.renderer)
            if self._fits(box):
                self.obstacles.add(box.expanded(1.04, 1.1))
                return artist
            artist.remove()
        return None

    def _point_offsets(self, r: float) -> list[tuple[float, float, str, str]]:
        g = r + 2.5 * self.s
        d = g * 0.75
        return [(g, 0, "left", "center"), (-g, 0, "right", "center"), (d, d, "left", "bottom"),
                (d, -d, "left", "top"), (-d, d, "right", "bottom"), (-d, -d, "right", "top"),
                (0, g, "center", "bottom"), (0, -g, "center", "top")]

    def _anchor_candidates(self) -> list[_Place]:
        if hasattr(self, "_anchors"):
            return self._anchors
        view = self.plan.view
        west, south, east, north = view.lonlat_bounds()
        chosen = []
        for place in sorted(_places(), key=lambda p: (-p.priority, -p.population, p.name)):
            if not (place.priority >= 90 or place.feature_code == "PPLC"):
                continue
            if not (west <= place.lon <= east and south <= place.lat <= north):
                continue
            x, y = view.project(place.lon, place.lat)
            mx, my = 0.03 * view.width, 0.03 * view.height
            if not (view.xmin + mx <= x <= view.xmax - mx and view.ymin + my <= y <= view.ymax - my):
                continue
            reach = 24 * self.px_per_pt * self.plan.metres_per_px  # an event town this close names the area
            if any(math.hypot(ex - x, ey - y) < reach for ex, ey in self._precise_xy()):
                continue
            chosen.append((place, x, y))
            if len(chosen) >= 8:
                break
        self._anchors = chosen
        return chosen

    def _precise_xy(self) -> list[tuple[float, float]]:
        if not hasattr(self, "_precise"):
            import numpy as np

            precise = [i.event for i in self.items if i.event.geo_precision < 3]
            if precise:
                xs, ys = self.plan.view.project(np.array([e.longitude for e in precise], float),
                                                np.array([e.latitude for e in precise], float))
                self._precise = list(zip(np.atleast_1d(xs).tolist(), np.atleast_1d(ys).tolist()))
            else:
                self._precise = []
        return self._precise

    def _place_labels(self, clusters: list[_Cluster]) -> None:
        s, ax = self.s, self.ax
        town_style = dict(fontsize=7.8 * s, color=TEXT, zorder=13, path_effects=_halo(2.6 * s))
        area_style = dict(fontsize=7.0 * s, color="#444444", fontstyle="italic", zorder=13, path_effects=_halo(2.4 * s))

        def extent_pt(cluster: _Cluster) -> float:
            return max(math.hypot(m.dx_pt, m.dy_pt) + m.radius_pt for m in cluster.marks)

        def names(cluster: _Cluster, precise: bool) -> list[str]:
            out: Counter[str] = Counter()
            for item, _, _ in cluster.items:
                e = item.event
                if (e.geo_precision < 3) == precise and e.location:
                    label = _label_for(e.location, e.geonameid, e.longitude, e.latitude) if precise else e.location
                    out[label] += 1
            return [n for n, _ in sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))]

        ranked = sorted(clusters, key=lambda c: (-len(c.items), -sum(m.fatalities for m in c.marks), c.x, c.y))
        ranked = ranked[:MAX_PLACE_LABELS]  # the busiest places; a crowded map cannot name every one
        # 1. towns where events happened
        for cluster in ranked:
            labels = names(cluster, True)
            if labels:
                text = " / ".join(labels[:2]) + (" …" if len(labels) > 2 else "")
                self._try_label(cluster.x, cluster.y, text, self._point_offsets(extent_pt(cluster)), **town_style)
        # 2. regional anchors without events
        for place, x, y in self._anchor_candidates():
            ax.scatter([x], [y], s=(3.6 * s) ** 2, marker="o", facecolors="#333333", edgecolors="white",
                       linewidths=0.6 * s, zorder=12)
            r = 1.8 * s * self.px_per_pt
            cx, cy = ax.transData.transform((x, y))
            self.obstacles.add((cx - r, cy - r, cx + r, cy + r))
            offsets = self._point_offsets(1.8 * s) + self._point_offsets(14 * s)
            self._try_label(x, y, place.label, offsets, **{**town_style, "fontsize": 7.4 * s})
        # 3. areas named by region-level events
        for cluster in ranked:
            labels = names(cluster, False)
            if labels:
                text = labels[0] if len(labels[0]) <= 34 else labels[0][:32] + "…"
                self._try_label(cluster.x, cluster.y, text, self._point_offsets(extent_pt(cluster)), **area_style)

    def _water_labels(self, layers: list[_Layers]) -> None:
        from shapely import ops

        s = self.s
        view = self.plan.view
        style = dict(fontsize=7.2 * s, color=WATER_TEXT, fontstyle="italic", zorder=8, path_effects=_halo(2.2 * s))
        for layer in layers:
            for f in layer.water:
                if not f.name:
                    continue
                visible = self._visible(f.geometry)
                if visible.is_empty or visible.area < 0.004 * view.width * view.height:
                    continue
                part = max(getattr(visible, "geoms", [visible]), key=lambda g: g.area)
                if part.geom_type != "Polygon":
                    continue
                point = ops.polylabel(part, tolerance=max(view.width, view.height) / 500)
                self._try_label(point.x, point.y, _short_water(f.name), [(0, 0, "center", "center")], **style)
        for layer in layers:
            for f in layer.rivers:
                if not f.name:
                    continue
                visible = self._visible(f.geometry)
                if visible.is_empty:
                    continue
                merged = ops.linemerge(visible) if visible.geom_type == "MultiLineString" else visible
                parts = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "LineString"]
                if not parts:
                    continue
                line = max(parts, key=lambda g: g.length)
                if line.length < 0.15 * view.width:
                    continue
                label = "Aras (Araz)" if f.name.lower() == "aras" else f.name
                for at in (0.5, 0.35, 0.65, 0.2, 0.8):
                    p = line.interpolate(at, normalized=True)
                    a = line.interpolate(max(0.0, at - 0.03), normalized=True)
                    b = line.interpolate(min(1.0, at + 0.03), normalized=True)
                    angle = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
                    if angle > 90:
                        angle -= 180
                    elif angle < -90:
                        angle += 180
                    nx, ny = -math.sin(math.radians(angle)), math.cos(math.radians(angle))
                    gap = 3.0 * s
                    artist = self._try_label(p.x, p.y, label, [(nx * gap, ny * gap, "center", "bottom")],
                                             rotation=angle, rotation_mode="anchor", **{**style, "fontsize": 7.0 * s})
                    if artist is not None:
                        break

    def _country_labels(self, layers: list[_Layers]) -> None:
        from shapely import ops

        s = self.s
        view = self.plan.view
        pieces: dict[str, list] = {}
        for layer in layers:
            for f in layer.countries:
                visible = self._visible(f.geometry)
                if not visible.is_empty:
                    for g in getattr(visible, "geoms", [visible]):
                        if g.geom_type == "Polygon":
                            pieces.setdefault(f.name or "", []).append(g)
        style = dict(fontsize=10.5 * s, color="#3a3a3a", fontweight="bold", zorder=7, path_effects=_halo(3.0 * s))
        area = view.width * view.height
        for name, polys in sorted(pieces.items(), key=lambda kv: -max(p.area for p in kv[1])):
            if not name:
                continue
            part = max(polys, key=lambda p: p.area)
            if part.area < 0.02 * area:
                continue
            tolerance = max(view.width, view.height) / 300
            points = [ops.polylabel(part, tolerance=tolerance), part.representative_point(), part.centroid]
            text = name.upper()
            for point in points:
                if not part.contains(point):
                    continue
                if self._try_label(point.x, point.y, text, [(0, 0, "center", "center")], **style) is not None:
                    break

    # -- title, footer --------------------------------------------------------------
    def _header(self) -> None:
        frame, s, fig = self.plan.frame, self.s, self.fig
        left = frame.axes[0]
        right = frame.axes[0] + frame.axes[2]
        top_in = frame.size.height_px / frame.size.dpi
        y_title = 1 - (0.12 * s) / top_in
        title = fig.text(left, y_title, self.title, ha="left", va="top", fontsize=15 * s, fontweight="bold", color=TEXT)
        _shrink_to_width(title, self.renderer, (right - left) * frame.size.width_px)
        n_reports = len({src.get("article_id") for i in self.items for src in (i.sources or ({"article_id": i.event.article_id},))})
        subtitle = f"{date_range_text(self.date_from, self.date_to, self.items)}  ·  "
        subtitle += f"{len(self.items)} event{'s' if len(self.items) != 1 else ''}"
        if self.items:
            subtitle += f" from {n_reports} report{'s' if n_reports != 1 else ''}"
        y_sub = 1 - (0.44 * s) / top_in
        fig.text(left, y_sub, subtitle, ha="left", va="top", fontsize=9.5 * s, color="#333333")
        if self.generated_at:
            when = self.generated_at
            if when.tzinfo is not None:
                when = when.astimezone(dt.timezone.utc)
            fig.text(right, y_sub, f"Generated {when:%Y-%m-%d %H:%M} UTC", ha="right", va="top", fontsize=7.5 * s,
                     color="#555555")

    def _footer(self, layers: list[_Layers]) -> None:
        frame, s, fig = self.plan.frame, self.s, self.fig
        sources = frozenset().union(*(layer.sources for layer in layers)) if layers else frozenset()
        text = attribution_text(self.items, sources, self.plan.view.crs_label)
        width_px = frame.size.width_px - 2 * 0.12 * s * frame.size.dpi
        fontsize = 6.0 * s
        lines = _wrap(text, fontsize, width_px, self.renderer, fig)
        height_in = frame.size.height_px / frame.size.dpi
        fig.text(0.12 * s / (frame.size.width_px / frame.size.dpi), (0.08 * s) / height_in, "\n".join(lines),
                 ha="left", va="bottom", fontsize=fontsize, color="#444444", linespacing=1.35)


# -- small helpers --------------------------------------------------------------------
def _polygon_path(geom):
    import numpy as np
    import shapely
    from matplotlib.path import Path
    from shapely.geometry.polygon import orient

    verts, codes = [], []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon":
            continue
        poly = orient(poly, 1.0)
        for ring in [poly.exterior, *poly.interiors]:
            coords = np.asarray(ring.coords)
            if len(coords) < 4:
                continue
            verts.append(coords)
            ring_codes = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
            ring_codes[0] = Path.MOVETO
            ring_codes[-1] = Path.CLOSEPOLY
            codes.append(ring_codes)
    if not verts:
        return Path(np.zeros((0, 2)))
    return Path(np.concatenate(verts), np.concatenate(codes))


def _segments(geoms: Iterable) -> list:
    import numpy as np
    import shapely

    out = []
    for geom in geoms:
        if geom is None:
            continue
        for part in shapely.get_parts(geom):
            if part.geom_type == "LineString" and len(part.coords) > 1:
                out.append(np.asarray(part.coords))
            elif part.geom_type in ("Polygon",):
                out.append(np.asarray(part.exterior.coords))
    return out


def _swatch_area(width: float, height: float):
    from matplotlib.offsetbox import DrawingArea

    return DrawingArea(width, height, 0, 0)


def _marker_swatch(shape: str, radius: float, face: str, edge: str, lw: float, scale: float, height: float | None = None):
    from matplotlib.lines import Line2D

    marker, factor = SHAPE_MARKERS.get(shape, ("o", 1.0))
    width = max(16 * scale, 2 * radius + 2 * lw + 2)
    area = _swatch_area(width, height or 2 * radius * max(1.0, factor) + 2 * lw + 1)
    area.add_artist(Line2D([width / 2], [area.height / 2], linestyle="none", marker=marker,
                           markersize=2 * radius * factor, markerfacecolor=face, markeredgecolor=edge,
                           markeredgewidth=lw))
    return area


def _line_swatch(colour: str, lw: float, style, scale: float):
    from matplotlib.lines import Line2D

    area = _swatch_area(16 * scale, 7 * scale)
    area.add_artist(Line2D([0, 16 * scale], [3.5 * scale, 3.5 * scale], color=colour, lw=lw, linestyle=style))
    return area


def _patch_swatch(face: str, edge: str, lw: float, scale: float):
    from matplotlib.patches import Rectangle

    area = _swatch_area(16 * scale, 7 * scale)
    area.add_artist(Rectangle((1 * scale, 0.5 * scale), 14 * scale, 6 * scale, facecolor=face, edgecolor=edge, linewidth=lw))
    return area


def _text_swatch(label: str, fontsize: float, scale: float):
    from matplotlib.text import Text

    area = _swatch_area(16 * scale, 8 * scale)
    area.add_artist(Text(8 * scale, 4 * scale, label, ha="center", va="center", fontsize=fontsize, fontweight="bold",
                         color=TEXT))
    return area


def _nice_step(span: float) -> float:
    for step in (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30):
        if span / step <= 7:
            return step
    return 30.0


def _deg(value: float, step: float, hemis: str) -> str:
    decimals = 0 if step >= 1 else (1 if step >= 0.1 and round(step * 10) == step * 10 else 2)
    hemi = hemis[0] if value >= 0 else hemis[1]
    return f"{abs(value):.{decimals}f}°{hemi}"


def _nice_km(target: float) -> float:
    best = 1.0
    for value in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000):
        if value <= max(target, 1):
            best = value
    return float(best)


def _km_text(value: float) -> str:
    return f"{value:g}"


def _size_steps(top: int) -> list[int]:
    """Fatalities to show in the size legend: none, a round middle value, and the largest on the map."""
    if top <= 0:
        return [0]
    middle = [v for v in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if v <= top / 3]
    return [0] + middle[-1:] + [top]


def _short_water(name: str) -> str:
    return name.replace("Reservoir", "Res.")


def _shrink_to_width(text, renderer, width_px: float) -> None:
    for _ in range(8):
        if text.get_window_extent(renderer).width <= width_px:
            return
        text.set_fontsize(text.get_fontsize() * 0.9)


def _wrap(text: str, fontsize: float, width_px: float, renderer, fig) -> list[str]:
    probe = fig.text(0, 0, "", fontsize=fontsize)
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        probe.set_text(trial)
        if current and probe.get_window_extent(renderer).width > width_px:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    probe.remove()
    return lines
