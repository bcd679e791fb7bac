"""The JSON/GeoJSON API and the GeoJSON export (RFC 7946)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, stream_with_context

from geomap.exports import feature, geojson_chunks
from geomap.query import EventQuery

from . import store

bp = Blueprint("api", __name__)

GEOJSON = "application/geo+json"


def _stream(query: EventQuery) -> Response:
    return Response(stream_with_context(geojson_chunks(store().events(query))), mimetype=GEOJSON)


@bp.get("/api/events")
def events():
    """Events as a FeatureCollection, filtered by from, to, type (repeatable) and bbox."""
    return _stream(EventQuery.from_args(request.args))


@bp.get("/api/events/<event_id>")
def event(event_id: str):
    stored = store().event(event_id)
    if stored is None:
        return jsonify(error=f"no event with id {event_id!r}"), 404
    response = jsonify(feature(stored))
    response.mimetype = GEOJSON
    return response


def export_filename(query: EventQuery) -> str:
    """geomap-events.geojson, or geomap-events-FROM_TO.geojson for a date range."""
    if not (query.date_from or query.date_to):
        return "geomap-events.geojson"
    start = query.date_from.isoformat() if query.date_from else "start"
    end = query.date_to.isoformat() if query.date_to else "end"
    return f"geomap-events-{start}_{end}.geojson"


@bp.get("/export.geojson")
def export():
    query = EventQuery.from_args(request.args)
    response = _stream(query)
    response.headers["Content-Disposition"] = f'attachment; filename="{export_filename(query)}"'
    return response
