"""Pages: the full-page map and a health check."""

from __future__ import annotations

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


def _render_popup(view: mapview.PopupView) -> str:
    return render_template("popup.html", p=view)


@bp.get("/")
def index():
    date_from, date_to = _initial_range()
    export_url = url_for("api.export")
    events = list(store().events())
    m = mapview.build_map(
        events,
        osm_tiles=settings().osm_tiles,
        date_from=date_from,
        date_to=date_to,
        render_popup=_render_popup,
        export_url=export_url,
    )
    args = {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    return render_template(
        "map.html",
        page=mapview.page_parts(m),
        n_events=len(events),
        export_href=url_for("api.export", **args),
    )


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", events=store().count_events())
