"""Events to map symbols and words: items, clusters of nearby events with one mark per type, the marker size,
the legend's content, and the date-range, publisher and attribution texts."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..codebook import EventType, event_types
from .style import FALLBACK_COLOUR, MAP_ROWS


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
