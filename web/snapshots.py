"""Static map snapshots (PNG, SVG, PDF) and the CSV, GeoPackage and KML downloads.

Every route takes the map URL's filters (from, to, type, bbox); snapshots also take
title, size (slide, a4-landscape, a4-portrait or WxH pixels) and dpi, capped so that
one request cannot exhaust the server.  Bad parameters give 400 with a message.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, jsonify, request, stream_with_context

from geomap.exports import EXPORT_FORMATS, csv_chunks, gpkg_file, kml_chunks
from geomap.query import EventQuery
from geomap.snapshot import FORMATS, SnapshotBusy, SnapshotError, parse_size, render

from . import store
from .api import export_filename

bp = Blueprint("snapshots", __name__)

MAX_DPI = 300
MAX_SIDE_PX = 4000
MAX_PIXELS = 12_000_000
MAX_TITLE = 160
RENDER_WAIT_S = 20.0


def _dpi(value: str | None) -> int:
    if not value:
        return 200
    try:
        dpi = int(value)
    except ValueError:
        raise SnapshotError(f"'dpi' must be a whole number, got {value!r}") from None
    if not 50 <= dpi <= MAX_DPI:
        raise SnapshotError(f"'dpi' must be from 50 to {MAX_DPI}, got {dpi}")
    return dpi


def _filename(query: EventQuery, extension: str, stem: str = "geomap-events") -> str:
    name = export_filename(query)  # geomap-events[-FROM_TO].geojson
    return stem + name[len("geomap-events"):].rsplit(".", 1)[0] + extension


@bp.get("/snapshot.<fmt>")
def snapshot(fmt: str):
    """The map as an image for briefings: /snapshot.png?from=...&to=...&type=...&bbox=...&title=...&size=...&dpi=..."""
    if fmt not in FORMATS:
        return jsonify(error=f"no snapshot format {fmt!r}; use png, svg or pdf"), 404
    query = EventQuery.from_args(request.args)
    title = (request.args.get("title") or "").strip()
    if len(title) > MAX_TITLE:
        raise SnapshotError(f"'title' is too long ({len(title)} characters; at most {MAX_TITLE})")
    size = parse_size(request.args.get("size") or None, _dpi(request.args.get("dpi")), max_side=MAX_SIDE_PX,
                      max_pixels=MAX_PIXELS)
    events = list(store().events(query))
    generated = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    try:
        image = render(events, fmt=fmt, title=title or None, date_from=query.date_from, date_to=query.date_to,
                       bbox=query.bbox, size=size, generated_at=generated, lock_timeout=RENDER_WAIT_S)
    except SnapshotBusy as exc:
        response = jsonify(error=str(exc))
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return response
    response = Response(image.data, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = f'inline; filename="{_filename(query, "." + fmt, "geomap-snapshot")}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _attachment(response: Response, query: EventQuery, fmt: str) -> Response:
    extension = EXPORT_FORMATS[fmt].extension
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(query, extension)}"'
    return response


@bp.get("/export.csv")
def export_csv():
    """Events as CSV with ACLED's column names plus provenance columns."""
    query = EventQuery.from_args(request.args)
    events = store().events(query)
    response = Response(stream_with_context(csv_chunks(events)), mimetype="text/csv")
    return _attachment(response, query, "csv")


@bp.get("/export.kml")
def export_kml():
    """Events as KML 2.2: one Placemark per event, styled by event type."""
    query = EventQuery.from_args(request.args)
    events = store().events(query)
    response = Response(stream_with_context(kml_chunks(events)), mimetype=EXPORT_FORMATS["kml"].mimetype)
    return _attachment(response, query, "kml")


@bp.get("/export.gpkg")
def export_gpkg():
    """Events as a GeoPackage (written to a temporary file, then streamed)."""
    query = EventQuery.from_args(request.args)
    handle = gpkg_file(store().events(query))

    def chunks():
        try:
            while block := handle.read(256 * 1024):
                yield block
        finally:
            handle.close()

    response = Response(chunks(), mimetype=EXPORT_FORMATS["gpkg"].mimetype)
    response.call_on_close(handle.close)
    return _attachment(response, query, "gpkg")
