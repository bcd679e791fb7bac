"""Pages: the full-page map and a health check."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, jsonify, render_template, request, url_for

from geomap import mapview
from geomap.errors import FilterError
from geomap.query import EventQuery

from . import settings, store

bp = Blueprint("pages", __name__)


def _initial_range() -> tuple[str | None, str | None]:
    """The page's ?from=&to=, if valid (the page ignores a bad range rather than failing)."""
    try:
        query = EventQuery.parse(request.args.get("from") or None, request.args.get("to") or None)
    except FilterError:
        return None, None
    return (
        query.date_from.isoformat() if query.date_from else None,
        query.date_to.isoformat() if query.date_to else None,
    )


@bp.get("/")
def index():
    date_from, date_to = _initial_range()
    export_url = url_for("api.export")
    # Only what the markers and the slider need; popups fetch their event from the API.
    points = mapview.EventPoints.from_events(store().events())
    m = mapview.build_map(
        points,
        osm_tiles=settings().osm_tiles,
        date_from=date_from,
        date_to=date_to,
        export_url=export_url,
        event_url=url_for("api.event", event_id=mapview.EVENT_ID_SLOT),
    )
    args = {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    return render_template(
        "map.html",
        page=mapview.page_parts(m),
        n_events=len(points),
        export_href=url_for("api.export", **args),
        share=_share_links(args),
    )


# The other download formats and the snapshot (web/snapshots.py).
EXPORT_FORMATS = (("csv", "CSV"), ("gpkg", "GeoPackage"), ("kml", "KML"))


def _share_links(args: dict[str, str]) -> dict:
    exports = {fmt: url_for(f"snapshots.export_{fmt}") for fmt, _label in EXPORT_FORMATS}
    query = ("?" + urlencode(args)) if args else ""
    return {
        "formats": EXPORT_FORMATS,
        "exports": {fmt: url + query for fmt, url in exports.items()},
        "config": mapview.page_json({
            "snapshotUrl": url_for("snapshots.snapshot", fmt="png"),
            "exports": {"geojson": url_for("api.export"), **exports},
        }),
    }


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", events=store().count_events())
