"""Vendored browser libraries and the offline basemap, served by the app (no CDN)."""

from __future__ import annotations

import re
from importlib.resources import as_file, files
from pathlib import Path

from flask import Blueprint, abort, current_app, send_file, send_from_directory

bp = Blueprint("assets", __name__)

MAX_AGE = 7 * 24 * 3600
_BASEMAP_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _xstatic_dir(module: str) -> str:
    from importlib import import_module

    return import_module(f"xstatic.pkg.{module}").BASE_DIR


def _folium_templates_dir() -> str:
    import folium

    return str(Path(folium.__file__).parent / "templates")


_LIBRARIES = {
    "leaflet": lambda: _xstatic_dir("leaflet"),
    "markercluster": lambda: _xstatic_dir("leaflet_markercluster"),
    "fontawesome": lambda: _xstatic_dir("font_awesome"),
    "folium": _folium_templates_dir,  # leaflet_heat.min.js
}


@bp.get("/assets/<library>/<path:filename>")
def library_file(library: str, filename: str):
    base = _LIBRARIES.get(library)
    if base is None:
        abort(404, description=f"no asset library {library!r}")
    if library == "folium" and not filename.endswith(".js"):
        abort(404)
    return send_from_directory(base(), filename, max_age=MAX_AGE)


def basemap_dir():
    """geomap/data/basemap, as a package resource."""
    return files("geomap") / "data" / "basemap"


@bp.get("/basemap/<name>.geojson")
def basemap(name: str):
    """A basemap layer file from geomap/data/basemap (or BASEMAP_DIR when configured)."""
    if not _BASEMAP_NAME.fullmatch(name):
        abort(404)
    override = current_app.config.get("BASEMAP_DIR")
    if override:
        return send_from_directory(override, f"{name}.geojson", mimetype="application/geo+json", max_age=MAX_AGE)
    resource = basemap_dir() / f"{name}.geojson"
    if not resource.is_file():
        abort(404, description=f"no basemap file {name}.geojson")
    with as_file(resource) as path:
        return send_file(path, mimetype="application/geo+json", max_age=MAX_AGE)
