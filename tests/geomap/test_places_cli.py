"""`geomap places resolve | search | import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
CANDIDATE_KEYS = {"name", "latitude", "longitude", "geonameid", "country", "feature_code", "population", "score",
                  "reason"}


@pytest.fixture
def runner():
    return CliRunner()


def test_resolve_json_shape(runner):
    result = runner.invoke(main, ["places", "resolve", "Martuni", "Madagaskar", "--context",
                                  "Rudal menghantam Martuni dekat Stepanakert", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [q["query"] for q in out] == ["Martuni", "Madagaskar"]
    martuni = out[0]["candidates"]
    assert len(martuni) >= 2 and all(CANDIDATE_KEYS <= set(c) for c in martuni)
    assert martuni[0]["geonameid"] == 146969 and "km from Stepanakert" in martuni[0]["reason"]
    assert martuni[0]["score"] >= martuni[1]["score"]
    assert out[1]["candidates"][0]["geonameid"] == 585612  # Madagiz, not the island


def test_resolve_unknown_name_has_no_candidates(runner):
    result = runner.invoke(main, ["places", "resolve", "Xyzzyville"])
    assert result.exit_code == 0
    assert json.loads(result.output) == [{"query": "Xyzzyville", "candidates": []}]


def test_search(runner):
    result = runner.invoke(main, ["places", "search", "Stepan"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("Stepanakert\tAZ\t39.8")


def test_import_then_resolve_the_imported_places(runner, tmp_path):
    env = {"GEOMAP_PLACES_DIR": str(tmp_path / "places"), "GEOMAP_WORLD_PLACES": "false",
           "GEOMAP_CACHE_DIR": str(tmp_path / "cache")}
    extra = str(DATA / "geonames_fixture_extra.txt")
    result = runner.invoke(main, ["places", "import", extra, "--no-progress"], env=env)
    assert result.exit_code == 0, result.output
    assert "8 rows, 6 places kept, 6 added or updated, 0 unchanged" in result.output
    assert (tmp_path / "places" / "imported.sqlite").is_file()
    again = runner.invoke(main, ["places", "import", extra, "--no-progress"], env=env)
    assert "6 places kept, 0 added or updated, 6 unchanged" in again.output
    resolved = runner.invoke(main, ["places", "resolve", "Sharur City"], env=env)
    (best, *_) = json.loads(resolved.output)[0]["candidates"]
    assert (best["geonameid"], best["country"]) == (146858, "AZ")


def test_import_places_dir_option(runner, tmp_path):
    result = runner.invoke(main, ["places", "import", str(DATA / "geonames_fixture.txt"), "--places-dir",
                                  str(tmp_path / "mine"), "--progress"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mine" / "imported.sqlite").is_file()


def test_import_malformed_file_names_file_and_line(runner, tmp_path):
    bad = tmp_path / "AM.txt"
    bad.write_text((DATA / "geonames_fixture_extra.txt").read_text("utf-8") + "123\tbroken row\n", "utf-8")
    result = runner.invoke(main, ["places", "import", str(bad), "--places-dir", str(tmp_path / "places")])
    assert result.exit_code == 1
    assert "AM.txt, line 9: expected 19 tab-separated columns" in result.output
