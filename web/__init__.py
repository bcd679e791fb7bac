"""The Flask app: translates HTTP into calls of ``geomap``.

``create_app(config)`` builds the settings, points the map's assets at this app and
registers the blueprints.  Nothing is loaded at import time; the event store is
opened on first use, once per app.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from flask import Flask, current_app, jsonify
from werkzeug.exceptions import HTTPException

from geomap.errors import FilterError, GeomapError
from geomap.settings import SETTINGS, Settings

_SETTING_NAMES = frozenset(s.name for s in SETTINGS)
_STORE_LOCK = threading.Lock()


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the app.  ``config`` mixes geomap settings (``db``, ``osm_tiles``...) and Flask keys."""
    config = dict(config or {})
    overrides = {k: v for k, v in config.items() if k in _SETTING_NAMES}
    flask_config = {k: v for k, v in config.items() if k not in _SETTING_NAMES}

    app = Flask(__name__)
    app.config.from_mapping(flask_config)
    app.json.ensure_ascii = False
    app.extensions["geomap.settings"] = Settings.load(overrides)

    from geomap import mapview

    mapview.configure_assets(mapview.AssetUrls(assets="/assets", static=app.static_url_path, basemap="/basemap"))

    from . import api, assets, pages, snapshots

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(assets.bp)
    app.register_blueprint(snapshots.bp)
    _register_error_handlers(app)
    return app


def settings() -> Settings:
    """The current app's settings."""
    return current_app.extensions["geomap.settings"]


def store():
    """The current app's event store, opened on first use."""
    extensions = current_app.extensions
    if "geomap.store" not in extensions:
        with _STORE_LOCK:
            if "geomap.store" not in extensions:
                from geomap.store import Store

                extensions["geomap.store"] = Store(settings().db)
    return extensions["geomap.store"]


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(FilterError)
    def bad_filter(exc: FilterError):
        return jsonify(error=str(exc)), 400

    @app.errorhandler(GeomapError)
    def geomap_error(exc: GeomapError):
        # Errors a user can fix (they also inherit ValueError) are 400; the rest
        # (e.g. the store cannot be opened) are the server's problem.
        if isinstance(exc, ValueError):
            return jsonify(error=str(exc)), 400
        current_app.logger.error("geomap error: %s", exc)
        return jsonify(error=f"{type(exc).__name__}: {exc}"), 500

    @app.errorhandler(404)
    def not_found(exc: HTTPException):
        return jsonify(error=exc.description or "not found"), 404
