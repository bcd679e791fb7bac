import datetime as dt
from pathlib import Path

import pytest

from geomap.errors import FilterError, GeomapError, SettingsError
from geomap.query import EventQuery
from geomap.settings import SETTINGS, Settings


def test_defaults_put_the_store_in_the_user_data_dir_not_the_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.load(environ={})
    assert settings.db.is_absolute()
    assert settings.db.name == "events.sqlite"
    assert tmp_path not in settings.db.parents


@pytest.mark.parametrize(
    "environ, overrides, expected_db, expected_tiles",
    [
        ({"GEOMAP_DB": "/tmp/a.sqlite"}, {}, Path("/tmp/a.sqlite"), False),
        ({"GEOMAP_DB": "/tmp/a.sqlite"}, {"db": "/tmp/b.sqlite"}, Path("/tmp/b.sqlite"), False),
        ({"GEOMAP_OSM_TILES": "yes"}, {"db": "/tmp/c.sqlite"}, Path("/tmp/c.sqlite"), True),
        ({"GEOMAP_OSM_TILES": "yes"}, {"db": "/tmp/c.sqlite", "osm_tiles": False}, Path("/tmp/c.sqlite"), False),
    ],
)
def test_precedence(environ, overrides, expected_db, expected_tiles):
    settings = Settings.load(overrides, environ)
    assert (settings.db, settings.osm_tiles) == (expected_db, expected_tiles)


@pytest.mark.parametrize("environ", [{"GEOMAP_OSM_TILES": "maybe"}, {"GEOMAP_MAX_REPORT_BYTES": "lots"}])
def test_bad_environment_values_are_named(environ):
    (name,) = environ
    with pytest.raises(SettingsError, match=name):
        Settings.load(environ=environ)


def test_every_setting_has_help():
    assert all(s.help and s.env.startswith("GEOMAP_") for s in SETTINGS)


def test_errors_are_also_builtin_errors():
    assert issubclass(FilterError, ValueError) and issubclass(FilterError, GeomapError)


@pytest.mark.parametrize(
    "args, expected",
    [
        (("2020-09-27", "2020-11-10", (), None), EventQuery(dt.date(2020, 9, 27), dt.date(2020, 11, 10))),
        ((None, None, ("battles", "Strategic developments"), None), EventQuery(types=("Battles", "Strategic developments"))),
        ((None, None, (), "45,38.5,48,41"), EventQuery(bbox=(45.0, 38.5, 48.0, 41.0))),
    ],
)
def test_query_parse(args, expected):
    assert EventQuery.parse(*args) == expected


@pytest.mark.parametrize(
    "args, message",
    [
        (("27/09/2020", None, (), None), "'from'"),
        (("2020-10-01", "2020-09-01", (), None), "after"),
        ((None, None, ("bombing",), None), "unknown event type"),
        ((None, None, (), "1,2,3"), "'bbox'"),
        ((None, None, (), "0,50,10,40"), "'bbox'"),
    ],
)
def test_query_errors_name_the_parameter(args, message):
    with pytest.raises(FilterError, match=message):
        EventQuery.parse(*args)


def test_readme_lists_the_settings_table():
    from geomap.cli import settings_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = readme.split("<!-- settings:start -->")[1].split("<!-- settings:end -->")[0].strip()
    assert documented == settings_markdown()
