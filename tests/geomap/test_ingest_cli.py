"""The ingest path and the CLI, end to end on the seeds and on bad input."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GOOD_REPORT = (
    "Azerbaijan Gempur Stepanakert\n\n"
    "Senin 28 Sep 2020 15:52 WIB\n\n"
    "REPUBLIKA.CO.ID, JAKARTA -- Kementerian Pertahanan Armenia mengatakan artileri Azerbaijan "
    "menembaki kota Stepanakert pada Ahad (27/9), menewaskan dua warga sipil.\n"
)


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_DB", str(tmp_path / "store" / "events.sqlite"))
    return CliRunner()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_extract_prints_events_from_every_seed(runner):
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    result = runner.invoke(main, ["extract", *files, "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert {e["source_file"] for e in events} == set(files)
    for event in events:
        assert len(event["event_date"]) == 10 and event["event_type"] and event["quote"]


def test_ingest_twice_is_idempotent_and_summarised(runner, tmp_path):
    first = runner.invoke(main, ["ingest", str(SEEDS)])
    assert first.exit_code == 0, first.output
    assert "reports read: 5" in first.output and "duplicates skipped: 0" in first.output
    with Store(tmp_path / "store" / "events.sqlite") as store:
        count = store.count_events()
    assert count > 0
    second = runner.invoke(main, ["ingest", str(SEEDS)])
    assert "duplicates skipped: 5" in second.output
    with Store(tmp_path / "store" / "events.sqlite") as store:
        assert store.count_events() == count


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n  ", "empty"),
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("huge.txt", b"kata " * (50 * 1024 * 1024 // 5), "MB exceeds"),
    ],
)
def test_bad_reports_are_rejected_with_a_reason_while_others_go_in(runner, tmp_path, name, data, reason):
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder / name, data)
    write(folder / "good.txt", GOOD_REPORT.encode())
    result = runner.invoke(main, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert "reports rejected: 1" in result.output
    assert f"rejected {folder / name}:" in result.output and reason in result.output
    assert "reports read: 1" in result.output
    with Store(tmp_path / "store" / "events.sqlite") as store:
        assert store.count_articles() == 1 and store.count_events() >= 1


def test_latin1_report_is_read(runner, tmp_path):
    path = write(tmp_path / "latin1.txt", GOOD_REPORT.replace("Stepanakert pada", "Stepanakert dekat Füzuli pada").encode("latin-1"))
    result = runner.invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert any(e["location"] == "Stepanakert" for e in events)
    assert all("\ufffd" not in e["quote"] for e in events)
    assert any("Füzuli" in e["quote"] for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Laporan tanpa tanggal\n\nArtileri Azerbaijan menembaki kota Stepanakert, kata Armenia.\n",  # no date anywhere
        "Berita ekonomi\n\n8 Oktober 2020 16:25 WIB\n\nHarga bahan baku naik tajam di pasar.\n",  # no places
    ],
)
def test_reports_without_date_or_places_go_in_without_invented_events(runner, tmp_path, text):
    path = write(tmp_path / "r.txt", text.encode())
    result = runner.invoke(main, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "reports read: 1" in result.output and "reports rejected: 0" in result.output
    with Store(tmp_path / "store" / "events.sqlite") as store:
        assert store.count_articles() == 1
        assert all(s.event.event_date for s in store.events())


def test_export_geojson_with_filters(runner, tmp_path):
    runner.invoke(main, ["ingest", str(SEEDS)])
    out = tmp_path / "out.geojson"
    result = runner.invoke(main, ["export", "--format", "geojson", "-o", str(out), "--from", "2020-09-01", "--to", "2020-12-31"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["type"] == "FeatureCollection" and "crs" not in data and data["features"]
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 43 < lon < 51 and 37 < lat < 43  # [longitude, latitude] order
        assert "2020-09-01" <= feature["properties"]["event_date"] <= "2020-12-31"


def test_export_rejects_bad_filters_clearly(runner):
    result = runner.invoke(main, ["export", "--from", "yesterday"])
    assert result.exit_code != 0 and "'from' must be a date" in result.output


def test_every_command_has_help(runner):
    for command in (["ingest"], ["extract"], ["serve"], ["export"], ["places", "resolve"], ["places", "search"]):
        result = runner.invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
