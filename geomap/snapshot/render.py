"""Drawing the snapshot with matplotlib: ``render``/``render_snapshot`` and the ``_Renderer`` that lays out the
basemap, event symbols, legend, north arrow, scale bar, labels, header and attribution footer, plus its drawing helpers."""

from __future__ import annotations

import datetime as dt
import io
import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..codebook import event_types
from ..errors import GeomapError
from .basemap import _Layers, _layers_for, _Place, _places, _label_for
from .marks import (_Cluster, _clusters, _Item, _items, _LegendSpec, _type_of, attribution_text, date_range_text,
                    marker_radius_pt)
from .plan import DEFAULT_SIZE, FORMATS, Size, SnapshotError, SnapshotPlan, _frame, parse_size, plan_snapshot
from .style import (ADMIN1, ARAS, BORDER, FOCUS_LAND, MAP_ROWS, NEUTRAL_LAND, NKAO, RIVER, SHAPE_MARKERS, TEXT,
                    WATER, WATER_EDGE, WATER_TEXT)

MAX_PLACE_LABELS = 60  # labels tried for the busiest places
MAX_COUNT_LABELS = 150  # "number of events" figures drawn, for the busiest symbols
LEGEND_INSET_PT = 8.0

_RENDER_LOCK = threading.Lock()


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
