"""The JSON/GeoJSON API and the GeoJSON export (RFC 7946)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, stream_with_context

from geomap.exports import feature, geojson_chunks
from geomap.query import EventQuery

from . import settings, store

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


@bp.get("/api/places")
def places():
    """Gazetteer look-up: ?q=NAME gives the candidates for that name, best first, each with
    its score and reason; when no place has that exact name, places whose name starts with it."""
    import gazetteer

    name = (request.args.get("q") or "").strip()
    if not name:
        return jsonify(error="'q' is required: a place name or the start of one"), 400
    if len(name) > 200:
        return jsonify(error="'q' is longer than 200 characters"), 400
    gaz = gazetteer.load(settings())
    candidates = [c.to_dict() for c in gaz.resolve(name, request.args.get("context") or None)]
    matched = "exact" if candidates else "prefix"
    if not candidates:
        candidates = [c.to_dict() for place in gaz.search(name, limit=20) for c in gaz.resolve(place.name)[:1]]
    return jsonify(query=name, match=matched, candidates=candidates)
