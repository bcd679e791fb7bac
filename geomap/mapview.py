"""The map view: stored events -> a folium map with layers per event type and a date range.

Pure apart from reading the popup template: no Flask, no network.  Everything the
browser loads is served by the app itself (see :func:`configure_assets`), so the map
works offline; the OpenStreetMap tile layer is only added when asked for.

Article-derived text is untrusted.  It reaches the page in two ways only: popups
rendered from an autoescaping Jinja template, and JSON written into the page by
:func:`page_json`, which also escapes ``<``, ``>`` and ``&``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import folium
from folium.elements import JSCSSMixin
from folium.map import FitBounds
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template
from markupsafe import Markup, escape

from .codebook import event_types
from .store import StoredEvent

# Default view when there is nothing to fit: the South Caucasus.
SOUTH_CAUCASUS = (40.6, 45.6)
SOUTH_CAUCASUS_ZOOM = 7
FALLBACK_COLOUR = "#7f7f7f"
PLAY_WINDOW_DAYS = 7
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
    markers and its own popups, so none of them is needed.  Idempotent.
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
        ("geomap_daterange", urls.own("js/daterange.js")),
    ]
    DateRangeControl.default_css = [
        ("fontawesome_css", urls.asset("fontawesome/css/all.min.css")),
        ("geomap_css", urls.own("css/geomap.css")),
    ]


# -- popups -------------------------------------------------------------------
@dataclass(frozen=True)
class SourceView:
    title: str
    publisher: str
    url: str | None  # only http(s) URLs are linked


@dataclass(frozen=True)
class PopupView:
    """What a popup shows, as plain (unescaped) text: the template escapes it."""

    event_id: str
    date: str
    time_precision: str
    place: str
    geo_precision: str
    event_type: str
    sub_event_type: str
    colour: str
    actors: str
    fatalities: int
    injured: int
    claimed_by: str
    quote: str
    n_sources: int
    sources: tuple[SourceView, ...]


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def popup_view(stored: StoredEvent) -> PopupView:
    event = stored.event
    place = ", ".join(dict.fromkeys(p for p in (event.location, event.admin1, event.country) if p))
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    sources = tuple(
        SourceView(s.get("title") or "(untitled report)", s.get("source") or "", _safe_url(s.get("source_url")))
        for s in stored.sources
    ) or (SourceView(event.title or "(untitled report)", event.source, _safe_url(event.source_url)),)
    return PopupView(
        event_id=event.event_id,
        date=event.event_date,
        time_precision=TIME_PRECISION_WORDS.get(event.time_precision, "unknown"),
        place=place or "unknown place",
        geo_precision=GEO_PRECISION_WORDS.get(event.geo_precision, "unknown"),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        colour=type_colour(event.event_type),
        actors=actors,
        fatalities=event.fatalities,
        injured=event.injured,
        claimed_by=event.claimed_by,
        quote=event.quote,
        n_sources=max(stored.n_sources, len(sources)),
        sources=sources,
    )


PopupRenderer = Callable[[PopupView], str]


@cache
def default_popup_renderer() -> PopupRenderer:
    """Render popups with the web package's ``popup.html`` (autoescaped).

    The app passes its own renderer (its Jinja environment); this default lets
    other callers (CLI, notebooks) build the same map.
    """
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("web", "templates"), autoescape=True)
    template = env.get_template("popup.html")
    return lambda view: template.render(p=view)


class EventPopup(folium.MacroElement):
    """Binds an already-escaped popup HTML and tooltip to its parent marker.

    folium's own Popup puts the HTML into a JS template literal and parses it with
    jQuery; this writes it as escaped JSON instead and needs no jQuery.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindPopup({{ this.html_json }}, {{ this.options_json }})
                .bindTooltip({{ this.tooltip_json }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, tooltip: str, max_width: int = 340):
        super().__init__()
        self._name = "EventPopup"
        self.html_json = page_json(str(html))
        self.tooltip_json = page_json(str(escape(tooltip)))
        self.options_json = page_json({"maxWidth": max_width, "className": "gm-popup-wrap"})


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


def marker_radius(fatalities: int) -> float:
    return round(min(18.0, 5.0 + 1.5 * math.sqrt(max(0, fatalities))), 1)


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
class _TypeLayer:
    name: str
    colour: str
    group: folium.FeatureGroup
    cluster: MarkerCluster


class DateRangeControl(JSCSSMixin):
    """A two-handle date range over every marker layer and the heat layer.

    The page gets one JSON config: each marker's JS name -> its ISO date, event id and
    layer; the heat points with their dates; the slider's domain and initial range.
    ``web/static/js/daterange.js`` (GeomapDateRange.init) draws the control and adds /
    removes markers from their clusters, so LayerControl stays in charge of layers.
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
        markers: Sequence[tuple[folium.CircleMarker, StoredEvent, _TypeLayer]],
        heat: HeatMap | None,
        heat_points: Sequence[tuple[float, float, float, str]],
        domain: tuple[str, str] | None,
        initial: tuple[str, str] | None,
        export_url: str | None,
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
            "markers": {
                marker.get_name(): {
                    "date": stored.event.event_date,
                    "id": stored.event.event_id,
                    "layer": layer.cluster.get_name(),
                    "group": layer.group.get_name(),
                }
                for marker, stored, layer in markers
            },
            "heat": {"layer": heat.get_name(), "points": [list(p) for p in heat_points]} if heat else None,
        }
        self.config_json = page_json(config)
        names = [layer.group.get_name() for layer in layers] + [layer.cluster.get_name() for layer in layers]
        names += [marker.get_name() for marker, _, _ in markers]
        if heat is not None:
            names.append(heat.get_name())
        self.js_names = names


def _iso(value: dt.date | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def _ordered_types(events: Iterable[StoredEvent]) -> list[str]:
    present = {s.event.event_type for s in events}
    known = [et.name for et in event_types() if et.name in present]
    return known + sorted(present - set(known))


def build_map(
    events: Sequence[StoredEvent],
    *,
    osm_tiles: bool = False,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    render_popup: PopupRenderer | None = None,
    export_url: str | None = None,
) -> folium.Map:
    """The interactive map of ``events``.

    ``date_from``/``date_to`` are the initially selected range (default: all the
    events' dates; ``?from=&to=`` in the page URL overrides them in the browser).
    ``render_popup`` turns a :class:`PopupView` into escaped HTML (default: the web
    package's ``popup.html``).  ``export_url`` is kept in step with the selected
    range by the date control.
    """
    if not _configured:
        configure_assets()
    events = list(events)
    render_popup = render_popup or default_popup_renderer()
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

    layers: list[_TypeLayer] = []
    markers: list[tuple[folium.CircleMarker, StoredEvent, _TypeLayer]] = []
    for type_name in _ordered_types(events):
        of_type = [s for s in events if s.event.event_type == type_name]
        colour = type_colour(type_name)
        group = folium.FeatureGroup(name=legend_label(type_name, colour, len(of_type)), overlay=True, show=True)
        group.add_to(m)
        cluster = MarkerCluster(
            control=False,
            icon_create_function=f"GeomapLayers.clusterIcon({page_json(colour)})",
            options={"showCoverageOnHover": False, "maxClusterRadius": 36, "spiderfyOnMaxZoom": True},
        ).add_to(group)
        layer = _TypeLayer(type_name, colour, group, cluster)
        layers.append(layer)
        for stored in of_type:
            event = stored.event
            marker = folium.CircleMarker(
                location=(event.latitude, event.longitude),
                radius=marker_radius(event.fatalities),
                color="#222222",
                weight=1,
                fill=True,
                fill_color=colour,
                fill_opacity=0.85,
            ).add_to(cluster)
            view = popup_view(stored)
            EventPopup(render_popup(view), f"{view.date} · {view.place} · {view.event_type}").add_to(marker)
            markers.append((marker, stored, layer))

    heat = None
    heat_points = [
        (s.event.latitude, s.event.longitude, heat_weight(s.event.fatalities), s.event.event_date) for s in events
    ]
    if heat_points:
        heat = HeatMap(
            [p[:3] for p in heat_points], name="Heat map (events)", show=False, radius=28, blur=22,
            min_opacity=0.35, max_zoom=10,
        ).add_to(m)

    dates = sorted(s.event.event_date for s in events)
    domain = (dates[0], dates[-1]) if dates else None
    start, end = _iso(date_from), _iso(date_to)
    initial = (start or (domain[0] if domain else None), end or (domain[1] if domain else None)) if (start or end) else None
    DateRangeControl(layers, markers, heat, heat_points, domain, initial, export_url).add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)

    if events:
        lats = [s.event.latitude for s in events]
        lons = [s.event.longitude for s in events]
        fit = FitBounds(
            [[min(lats), min(lons)], [max(lats), max(lons)]],
            padding_top_left=(40, 40),
            padding_bottom_right=(260, 130),
            max_zoom=10,
        )
        fit.options["animate"] = False  # open on the events, without a zoom animation from the default view
        m.add_child(fit)
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
