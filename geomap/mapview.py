"""The map view: stored events -> a folium map with layers per event type and a date range.

Pure: no Flask, no network, no templates.  Everything the browser loads is served
by the app itself (see :func:`configure_assets`), so the map works offline; the
OpenStreetMap tile layer is only added when asked for.

folium builds the map, one FeatureGroup (with its legend label) and one
MarkerCluster per event type, the heat layer, the LayerControl and our
:class:`DateRangeControl`.  The markers themselves are made in the browser
(``web/static/js/daterange.js``) from one compact, columnar JSON payload: per
event only its id, position, day, type and radius.  Popups are not in the page:
``web/static/js/popup.js`` fetches the event from the JSON API when a popup opens
and builds it with ``textContent``, so a 10,000-event page stays small.

Article-derived text is untrusted.  It never reaches the page's HTML: data goes
into the page only through :func:`page_json` (which also escapes ``<``, ``>`` and
``&``), and popups build their DOM from the API's JSON as text nodes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import folium
from folium.elements import JSCSSMixin
from folium.map import FitBounds
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template
from markupsafe import Markup

from .codebook import event_types
from .store import StoredEvent

# Default view when there is nothing to fit: the South Caucasus.
SOUTH_CAUCASUS = (40.6, 45.6)
SOUTH_CAUCASUS_ZOOM = 7
FALLBACK_COLOUR = "#7f7f7f"
PLAY_WINDOW_DAYS = 7
COORD_DECIMALS = 5  # about 1 m: plenty for a marker, and a compact page
POPUP_MAX_WIDTH = 340
# The API URL of one event: the page's JS puts the (URL-encoded) event id in place of the slot.
EVENT_ID_SLOT = "__EVENT_ID__"
DEFAULT_EVENT_URL = f"/api/events/{EVENT_ID_SLOT}"
MARKER_STYLE = {"color": "#222222", "weight": 1, "fillOpacity": 0.85}  # fillColor: the type's colour
BASEMAP_FILES = ("world_countries", "region")  # drawn in this order, coarse first

TIME_PRECISION_WORDS = {1: "day", 2: "week", 3: "month"}
GEO_PRECISION_WORDS = {1: "town", 2: "near a town / part of a region", 3: "region"}

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")


# -- JSON into pages ------------------------------------------------------
def page_json(value: object) -> Markup:
    """JSON safe to place inside a <script> element (or an HTML attribute).

    The one escaping helper for data written into pages: ``<``, ``>`` and ``&``
    become ``\\u003c``-style escapes, so no ``</script>`` or ``<!--`` can end the
    script early, and the line separators U+2028/U+2029 are escaped too.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


# -- where the browser finds its files --------------------------------------
@dataclass(frozen=True)
class AssetUrls:
    """URL prefixes of the files the map page loads (all served by the app)."""

    assets: str = "/assets"  # vendored libraries: leaflet/, markercluster/, fontawesome/, folium/
    static: str = "/static"  # our own js/ and css/
    basemap: str = "/basemap"  # <name>.geojson

    def asset(self, path: str) -> str:
        return f"{self.assets.rstrip('/')}/{path}"

    def own(self, path: str) -> str:
        return f"{self.static.rstrip('/')}/{path}"

    def basemap_file(self, name: str) -> str:
        return f"{self.basemap.rstrip('/')}/{name}.geojson"


_urls = AssetUrls()
_configured = False


def configure_assets(urls: AssetUrls = AssetUrls()) -> None:
    """Point folium's class-level JS/CSS lists at local URLs.  Call once at start-up.

    Drops jQuery, Bootstrap, glyphicons and awesome-markers: the map uses circle
    markers and builds its own popups, so none of them is needed.  Idempotent.
    """
    global _urls, _configured
    _urls, _configured = urls, True
    folium.Map.default_js = [("leaflet", urls.asset("leaflet/leaflet.js"))]
    folium.Map.default_css = [("leaflet_css", urls.asset("leaflet/leaflet.css"))]
    MarkerCluster.default_js = [("markerclusterjs", urls.asset("markercluster/leaflet.markercluster.js"))]
    MarkerCluster.default_css = [
        ("markerclustercss", urls.asset("markercluster/MarkerCluster.css")),
        ("markerclusterdefaultcss", urls.asset("markercluster/MarkerCluster.Default.css")),
    ]
    HeatMap.default_js = [("leaflet-heat.js", urls.asset("folium/leaflet_heat.min.js"))]
    HeatMap.default_css = []
    OfflineBasemap.default_js = [("geomap_layers", urls.own("js/layers.js"))]
    OfflineBasemap.default_css = []
    DateRangeControl.default_js = [
        ("geomap_layers", urls.own("js/layers.js")),
        ("geomap_popup", urls.own("js/popup.js")),
        ("geomap_daterange", urls.own("js/daterange.js")),
    ]
    DateRangeControl.default_css = [
        ("fontawesome_css", urls.asset("fontawesome/css/all.min.css")),
        ("geomap_css", urls.own("css/geomap.css")),
    ]


# -- layers -------------------------------------------------------------------
def type_colour(name: str) -> str:
    for et in event_types():
        if et.name == name:
            return et.colour if _HEX_COLOUR.fullmatch(et.colour) else FALLBACK_COLOUR
    return FALLBACK_COLOUR


def legend_label(name: str, colour: str, count: int) -> Markup:
    """A LayerControl label that doubles as the legend entry."""
    return Markup('<span class="gm-swatch" style="background:{}"></span>{} <span class="gm-layer-n">{}</span>').format(
        colour if _HEX_COLOUR.fullmatch(colour) else FALLBACK_COLOUR, name, count
    )


@lru_cache(maxsize=1024)
def marker_radius(fatalities: int) -> float:
    return round(min(18.0, 5.0 + 1.5 * math.sqrt(max(0, fatalities))), 1)


@lru_cache(maxsize=1024)
def heat_weight(fatalities: int) -> float:
    return round(0.4 + 0.6 * min(1.0, math.log1p(max(0, fatalities)) / math.log1p(50)), 3)


class OfflineBasemap(JSCSSMixin):
    """Fills its parent FeatureGroup (a child of the map) client-side from the basemap GeoJSON files."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GeomapLayers.loadBasemap(
                {{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }}, {{ this.config_json }}
            );
        {% endmacro %}
        """
    )
    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []

    def __init__(self, urls: Sequence[str]):
        super().__init__()
        self._name = "OfflineBasemap"
        self.config_json = page_json({"urls": list(urls)})


@dataclass(frozen=True)
class EventPoints:
    """What the map page needs of each event, column by column (index i is one event).

    Built in one pass over the events; nothing else of an event (quotes, sources,
    actors) is kept, so the page never carries article text.
    """

    ids: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # YYYY-MM-DD
    types: tuple[str, ...] = ()
    latitudes: tuple[float, ...] = ()
    longitudes: tuple[float, ...] = ()
    fatalities: tuple[int, ...] = ()

    @classmethod
    def from_events(cls, events: Iterable[StoredEvent]) -> "EventPoints":
        ids: list[str] = []
        dates: list[str] = []
        types: list[str] = []
        lats: list[float] = []
        lons: list[float] = []
        deaths: list[int] = []
        for stored in events:
            event = stored.event
            ids.append(event.event_id)
            dates.append(event.event_date)
            types.append(event.event_type)
            lats.append(float(event.latitude))
            lons.append(float(event.longitude))
            deaths.append(int(event.fatalities or 0))
        return cls(tuple(ids), tuple(dates), tuple(types), tuple(lats), tuple(lons), tuple(deaths))

    def __len__(self) -> int:
        return len(self.ids)

    def domain(self) -> tuple[str, str] | None:
        return (min(self.dates), max(self.dates)) if self.dates else None

    def bounds(self) -> list[list[float]] | None:
        if not self.ids:
            return None
        return [[min(self.latitudes), min(self.longitudes)], [max(self.latitudes), max(self.longitudes)]]


@dataclass(frozen=True)
class _TypeLayer:
    name: str
    colour: str
    group: folium.FeatureGroup
    cluster: MarkerCluster


def _day_numbers(dates: Sequence[str]) -> list[int]:
    """Each ISO date as a day number (proleptic ordinal), parsing each distinct date once."""
    ordinals: dict[str, int] = {}
    out = []
    for date in dates:
        day = ordinals.get(date)
        if day is None:
            day = ordinals[date] = dt.date.fromisoformat(date).toordinal()
        out.append(day)
    return out


def event_columns(points: EventPoints, layer_names: Sequence[str]) -> dict:
    """The compact marker payload: one list per field, index i is one event.

    ``day`` counts days from the first event's date (the slider's 0); ``type`` indexes
    ``layer_names``; ``r`` is the marker radius and ``w`` the heat weight, both from
    the fatalities.
    """
    index = {name: i for i, name in enumerate(layer_names)}
    days = _day_numbers(points.dates)
    first = min(days) if days else 0
    return {
        "id": list(points.ids),
        "lat": [round(v, COORD_DECIMALS) for v in points.latitudes],
        "lon": [round(v, COORD_DECIMALS) for v in points.longitudes],
        "day": [d - first for d in days],
        "type": [index[name] for name in points.types],
        "r": [marker_radius(f) for f in points.fatalities],
        "w": [heat_weight(f) for f in points.fatalities],
    }


class DateRangeControl(JSCSSMixin):
    """A two-handle date range over every marker layer and the heat layer, and the markers themselves.

    The page gets one JSON config: the layers (JS names of each type's group and
    cluster), the events as columns (see :func:`event_columns`), the heat layer's
    name, the slider's domain and initial range, and where popups fetch an event.
    ``web/static/js/daterange.js`` (GeomapDateRange.init) makes the circle markers,
    draws the control and adds / removes markers from their clusters in batches, so
    LayerControl stays in charge of layers.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GeomapDateRange.init({{ this._parent.get_name() }}, {{ this.config_json }}, {
                {%- for name in this.js_names %}
                {{ name }}: {{ name }},
                {%- endfor %}
            });
        {% endmacro %}
        """
    )
    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []

    def __init__(
        self,
        layers: Sequence[_TypeLayer],
        points: EventPoints,
        heat: HeatMap | None,
        domain: tuple[str, str] | None,
        initial: tuple[str, str] | None,
        export_url: str | None,
        event_url: str = DEFAULT_EVENT_URL,
        window_days: int = PLAY_WINDOW_DAYS,
    ):
        super().__init__()
        self._name = "DateRangeControl"
        config = {
            "domain": list(domain) if domain else None,
            "initial": list(initial) if initial else None,
            "windowDays": window_days,
            "exportUrl": export_url,
            "layers": [
                {"name": layer.name, "group": layer.group.get_name(), "cluster": layer.cluster.get_name(),
                 "colour": layer.colour}
                for layer in layers
            ],
            "marker": MARKER_STYLE,
            "events": event_columns(points, [layer.name for layer in layers]),
            "heat": {"layer": heat.get_name()} if heat else None,
            "popup": {
                "url": event_url,
                "slot": EVENT_ID_SLOT,
                "maxWidth": POPUP_MAX_WIDTH,
                "timePrecision": {str(k): v for k, v in TIME_PRECISION_WORDS.items()},
                "geoPrecision": {str(k): v for k, v in GEO_PRECISION_WORDS.items()},
            },
        }
        self.config_json = page_json(config)
        names = [layer.group.get_name() for layer in layers] + [layer.cluster.get_name() for layer in layers]
        if heat is not None:
            names.append(heat.get_name())
        self.js_names = names


def _iso(value: dt.date | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def _ordered_types(present: Iterable[str]) -> list[str]:
    present = set(present)
    known = [et.name for et in event_types() if et.name in present]
    return known + sorted(present - set(known))


def build_map(
    events: Iterable[StoredEvent] | EventPoints,
    *,
    osm_tiles: bool = False,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    export_url: str | None = None,
    event_url: str = DEFAULT_EVENT_URL,
) -> folium.Map:
    """The interactive map of ``events`` (stored events, or their :class:`EventPoints`).

    ``date_from``/``date_to`` are the initially selected range (default: all the
    events' dates; ``?from=&to=`` in the page URL overrides them in the browser).
    ``export_url`` is kept in step with the selected range by the date control.
    ``event_url`` is where a popup fetches its event as JSON, with
    :data:`EVENT_ID_SLOT` standing for the event id.
    """
    if not _configured:
        configure_assets()
    points = events if isinstance(events, EventPoints) else EventPoints.from_events(events)
    m = folium.Map(
        location=SOUTH_CAUCASUS,
        zoom_start=SOUTH_CAUCASUS_ZOOM,
        tiles=None,
        control_scale=True,
        maxZoom=18,
        minZoom=2,
    )

    basemap = folium.FeatureGroup(name="Offline basemap", overlay=False, show=True).add_to(m)
    OfflineBasemap([_urls.basemap_file(name) for name in BASEMAP_FILES]).add_to(basemap)
    if osm_tiles:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=False, max_zoom=19
        ).add_to(m)

    counts = Counter(points.types)
    layers: list[_TypeLayer] = []
    for type_name in _ordered_types(counts):
        colour = type_colour(type_name)
        group = folium.FeatureGroup(name=legend_label(type_name, colour, counts[type_name]), overlay=True, show=True)
        group.add_to(m)
        cluster = MarkerCluster(
            control=False,
            icon_create_function=f"GeomapLayers.clusterIcon({page_json(colour)})",
            options={"showCoverageOnHover": False, "maxClusterRadius": 36, "spiderfyOnMaxZoom": True,
                     "chunkedLoading": True},
        ).add_to(group)
        layers.append(_TypeLayer(type_name, colour, group, cluster))

    heat = None
    if len(points):
        # Empty here: the date control fills it with the in-range points.
        heat = HeatMap(
            [], name="Heat map (events)", show=False, radius=28, blur=22, min_opacity=0.35, max_zoom=10,
        ).add_to(m)

    # Fit the view before the markers are made, so the clusters are built once, at the final zoom.
    bounds = points.bounds()
    if bounds:
        fit = FitBounds(bounds, padding_top_left=(40, 40), padding_bottom_right=(260, 130), max_zoom=10)
        fit.options["animate"] = False  # open on the events, without a zoom animation from the default view
        m.add_child(fit)

    domain = points.domain()
    start, end = _iso(date_from), _iso(date_to)
    initial = (start or (domain[0] if domain else None), end or (domain[1] if domain else None)) if (start or end) else None
    DateRangeControl(layers, points, heat, domain, initial, export_url, event_url).add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    return m


@dataclass(frozen=True)
class MapPage:
    """The rendered parts of a map's page, for a template that lays out the page."""

    header: Markup
    html: Markup
    script: Markup


def page_parts(m: folium.Map) -> MapPage:
    """Render the map's figure once and return its header, body html and script."""
    figure = m.get_root()
    for child in figure._children.values():  # what Figure.render does before its own template
        child.render()
    return MapPage(Markup(figure.header.render()), Markup(figure.html.render()), Markup(figure.script.render()))
