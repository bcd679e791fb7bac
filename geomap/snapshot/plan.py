"""The snapshot's geometry before anything is drawn: image sizes and file formats, the map frame within the
image, and the projected view fitted to the events or to a bounding box (``plan_snapshot``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import GeomapError
from .basemap import _pack
from .projection import _transformers, projection_for

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


# -- view and frame --------------------------------------------------------------------
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
