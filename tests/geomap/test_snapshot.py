"""Static map snapshots: size, event colours where the events are, legend, determinism, formats, CLI."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from geomap import snapshot
from geomap.cli import main
from geomap.codebook import event_type
from geomap.snapshot import SnapshotError, format_of, parse_size, plan_snapshot, render, render_snapshot
from geomap.store import Store

GENERATED = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.timezone.utc)
BATTLES, EXPLOSIONS, STRATEGIC = "Battles", "Explosions/Remote violence", "Strategic developments"

# Far enough apart (> 25 km) that each is drawn on its own, without being moved aside.
PLACES = [
    ("e-ganja", BATTLES, "Ganja", 40.6816, 46.3613, 4, 1),
    ("e-barda", EXPLOSIONS, "Barda", 40.3758, 47.1262, 21, 1),
    ("e-stepanakert", EXPLOSIONS, "Stepanakert", 39.8177, 46.7528, 2, 1),
    ("e-fuzuli", BATTLES, "Fuzuli", 39.6009, 47.1453, 0, 1),
    ("e-yerevan", STRATEGIC, "Yerevan", 40.1777, 44.5126, 0, 1),
    ("e-lachin", STRATEGIC, "Lachin district", 39.6507, 46.3991, 0, 3),
]


def _events(make_event):
    out = []
    for n, (event_id, etype, place, lat, lon, fatalities, precision) in enumerate(PLACES):
        out.append(make_event(
            event_id=event_id, event_type=etype, location=place, latitude=lat, longitude=lon,
            fatalities=fatalities, geo_precision=precision, event_date=f"2020-10-{10 + n:02d}",
            country="AM" if place == "Yerevan" else "AZ", geonameid=None,
            source=["Example Wire", "Contoh Berita"][n % 2], article_id=f"a{n % 3}",
        ))
    return out


@pytest.fixture
def sample(make_event):
    return _events(make_event)


def png(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def near(pixels: np.ndarray, colour: str, tolerance: int = 12) -> np.ndarray:
    return np.abs(pixels - rgb(colour)).max(axis=-1) <= tolerance


# -- sizes and formats -------------------------------------------------------------------
@pytest.mark.parametrize(
    "size, dpi, expected",
    [
        ("800x600", 100, (800, 600)),
        ("1920x1080", 200, (1920, 1080)),
        ("slide", 50, (667, 375)),
        ("a4-landscape", 60, (702, 496)),
        ("a4-portrait", 60, (496, 702)),
    ],
)
def test_png_has_the_requested_pixel_size(sample, size, dpi, expected):
    data = render_snapshot(sample, fmt="png", size=size, dpi=dpi, generated_at=GENERATED)
    assert data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(data)).size == expected


@pytest.mark.parametrize("value", ["", "huge", "10x", "x10", "0x600", "100x100", "20000x600", "1.5x2", "-800x600"])
def test_bad_sizes_are_refused_with_a_message(value):
    if value == "":
        assert parse_size(value, 100).width_px == round(13.333 * 100)  # empty means the default (slide)
        return
    with pytest.raises(SnapshotError, match="size"):
        parse_size(value, 100)


@pytest.mark.parametrize("dpi", [0, 10, 49, 601, 2000])
def test_bad_dpi_is_refused(dpi):
    with pytest.raises(SnapshotError, match="dpi"):
        parse_size("slide", dpi)


def test_size_caps_apply():
    with pytest.raises(SnapshotError, match="too large"):
        parse_size("4000x4000", 100, max_pixels=10_000_000)
    with pytest.raises(SnapshotError, match="too large"):
        parse_size("slide", 400, max_side=4000)


@pytest.mark.parametrize("name, fmt", [("a.png", "png"), ("b.SVG", "svg"), ("dir.x/c.pdf", "pdf")])
def test_format_follows_the_extension(name, fmt):
    assert format_of(name) == fmt


@pytest.mark.parametrize("name", ["a.gif", "a", "a.png.txt", "png"])
def test_unknown_extension_is_refused(name):
    with pytest.raises(SnapshotError, match=r"\.png, \.svg or \.pdf"):
        format_of(name)


# -- where the events are ---------------------------------------------------------------
def test_type_colours_appear_at_the_events_projected_pixels(sample):
    shot = render(sample, fmt="png", size="1400x900", dpi=100, generated_at=GENERATED)
    pixels = png(shot.data)
    for event in sample:
        x, y = shot.plan.pixel(event.longitude, event.latitude)
        x, y = int(round(x)), int(round(y))
        window = pixels[y - 4:y + 5, x - 4:x + 5]
        colour = event_type(event.event_type).colour
        if event.geo_precision >= 3:  # open symbol: the colour is on its outline, around the place
            window = pixels[y - 14:y + 15, x - 14:x + 15]
            assert near(window, colour, 40).sum() >= 6, event.event_id
        else:
            assert near(window, colour).sum() >= 20, event.event_id


def test_pixel_positions_follow_the_projection_used(sample):
    plan = render(sample, fmt="png", size="1000x700", dpi=100).plan
    assert plan.view.crs == "EPSG:32638"  # UTM 38N: the view's centre is near 45.8°E
    x0, y0 = plan.pixel(46.0, 40.0)
    x1, _ = plan.pixel(46.5, 40.0)
    _, y1 = plan.pixel(46.0, 40.5)
    assert x1 > x0 and y1 < y0  # east is right, north is up
    left, bottom, width, height = plan.frame.axes
    assert left * 1000 <= x0 <= (left + width) * 1000


def test_fitted_view_holds_every_event_with_a_margin(sample):
    plan = render(sample, fmt="png", size="1000x700", dpi=100).plan
    for event in sample:
        x, y = plan.view.project(event.longitude, event.latitude)
        assert plan.view.xmin + 5_000 < x < plan.view.xmax - 5_000
        assert plan.view.ymin + 5_000 < y < plan.view.ymax - 5_000


def test_one_event_gets_at_least_sixty_km(sample):
    plan = plan_snapshot([(46.75, 39.82)], size="1000x700", dpi=100)
    assert plan.view.width >= 60_000 and plan.view.height >= 60_000
    x, y = plan.view.project(46.75, 39.82)
    assert plan.view.xmin < x < plan.view.xmax and plan.view.ymin < y < plan.view.ymax


def test_bbox_sets_the_view_and_drops_events_outside(sample):
    bbox = (46.0, 39.4, 47.5, 40.0)
    shot = render(sample, fmt="png", size="900x700", dpi=100, bbox=bbox)
    assert shot.counts == {EXPLOSIONS: 1, BATTLES: 1, STRATEGIC: 1}  # Stepanakert, Fuzuli, Lachin district
    west, south, east, north = shot.plan.view.lonlat_bounds()
    assert west <= 46.0 and east >= 47.5 and south <= 39.4 and north >= 40.0


@pytest.mark.parametrize(
    "bbox, pack, crs",
    [
        ((46.0, 39.4, 47.5, 40.5), "region", "EPSG:32638"),
        ((30.0, 45.0, 36.0, 50.0), "world", "EPSG:32636"),  # outside the regional pack: world countries
        ((-75.0, -15.0, -70.0, -10.0), "world", "EPSG:32718"),  # southern hemisphere
        ((42.0, 38.0, 52.0, 43.0), "region+world", "EPSG:32638"),
    ],
)
def test_basemap_pack_and_utm_zone_follow_the_view(bbox, pack, crs):
    shot = render([], fmt="png", size="600x450", dpi=100, bbox=bbox)
    assert (shot.pack, shot.plan.view.crs) == (pack, crs)
    assert Image.open(io.BytesIO(shot.data)).size == (600, 450)


@pytest.mark.parametrize("bbox", [(47.0, 39.0, 46.0, 40.0), (46.0, 40.0, 47.0, 40.0), (-179.0, -80.0, 179.0, 80.0)])
def test_bad_bbox_is_refused(bbox):
    with pytest.raises(SnapshotError):
        render([], fmt="png", size="600x450", dpi=100, bbox=bbox)


# -- legend, text ------------------------------------------------------------------------
def test_legend_shows_the_type_colours(sample):
    shot = render(sample, fmt="png", size="1400x900", dpi=100, generated_at=GENERATED)
    x0, y0, x1, y1 = (int(round(v)) for v in shot.legend_box)
    pixels = png(shot.data)
    assert 0 <= x0 < x1 <= 1400 and 0 <= y0 < y1 <= 900
    legend = pixels[y0:y1, x0:x1]
    for name in (BATTLES, EXPLOSIONS, STRATEGIC):
        assert near(legend, event_type(name).colour).sum() >= 15, name
    # No event symbol hides under the legend of a fitted view.
    for event in sample:
        x, y = shot.plan.pixel(event.longitude, event.latitude)
        assert not (x0 <= x <= x1 and y0 <= y <= y1), event.event_id


def test_counts_per_type(sample):
    assert render(sample, fmt="png", size="600x450", dpi=100).counts == {BATTLES: 2, EXPLOSIONS: 2, STRATEGIC: 2}


def test_attribution_names_every_source(sample):
    items = snapshot._items(sample)
    text = snapshot.attribution_text(items, snapshot.REGION_SOURCES, "UTM 38N (EPSG:32638)")
    for needle in ("Natural Earth", "GSHHG/WDBII", "GeoNames", "Example Wire", "Contoh Berita", "EPSG:32638"):
        assert needle in text
    world = snapshot.attribution_text(items, snapshot.WORLD_SOURCES, "UTM 36N (EPSG:32636)")
    assert "Natural Earth" in world and "GSHHG" not in world


def test_publisher_falls_back_to_the_url_host(make_event):
    items = snapshot._items([make_event(source="", source_url="https://www.idntimes.com/news/x"), make_event(source="", source_url="", article_id="zz")])
    assert snapshot.publishers(items) == ["idntimes.com", "1 unnamed report"]


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2020-09-27", "2020-11-10", "27 Sep – 10 Nov 2020"),
        ("2020-10-01", "2020-10-31", "1 – 31 Oct 2020"),
        ("2020-12-30", "2021-01-02", "30 Dec 2020 – 2 Jan 2021"),
        ("2020-10-08", "2020-10-08", "8 Oct 2020"),
        ("2020-10-08", None, "from 8 Oct 2020"),
    ],
)
def test_date_range_text(start, end, expected):
    assert snapshot.date_range_text(start, end, []) == expected


# -- determinism and formats ------------------------------------------------------------------
@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_same_input_gives_the_same_bytes(sample, fmt, magic):
    first = render_snapshot(sample, fmt=fmt, size="700x500", dpi=100, title="Brief", generated_at=GENERATED)
    second = render_snapshot(sample, fmt=fmt, size="700x500", dpi=100, title="Brief", generated_at=GENERATED)
    assert first.startswith(magic)
    assert first == second
    if fmt == "svg":
        assert b"<svg" in first[:2000]


def test_markup_in_the_title_stays_text_in_svg(sample):
    data = render_snapshot(sample, fmt="svg", size="600x450", dpi=100, title="Brief <script>alert(1)</script>")
    assert b"<script" not in data and b"&lt;script&gt;" in data


def test_generation_time_enters_the_output(sample):
    a = render_snapshot(sample, fmt="png", size="600x450", dpi=100, generated_at=GENERATED)
    b = render_snapshot(sample, fmt="png", size="600x450", dpi=100, generated_at=GENERATED + dt.timedelta(hours=1))
    assert a != b


def test_no_events_still_draws_a_map():
    data = render_snapshot([], fmt="png", size="600x450", dpi=100)
    assert Image.open(io.BytesIO(data)).size == (600, 450)


def test_unknown_format_is_refused(sample):
    with pytest.raises(SnapshotError, match="format"):
        render_snapshot(sample, fmt="gif")


# -- CLI ---------------------------------------------------------------------------------
@pytest.fixture
def filled_db(tmp_path, make_article, make_event):
    path = tmp_path / "events.sqlite"
    with Store(path) as store:
        store.ingest(make_article(article_id="a1"), _events(lambda **kw: make_event(**{**kw, "article_id": "a1"})))
    return path


def test_cli_snapshot_writes_each_format(tmp_path, filled_db, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714555800")
    runner = CliRunner()
    for name, magic in (("brief.png", b"\x89PNG"), ("brief.svg", b"<?xml"), ("brief.pdf", b"%PDF")):
        out = tmp_path / name
        result = runner.invoke(main, ["snapshot", "-o", str(out), "--from", "2020-10-01", "--to", "2020-10-31",
                                      "--size", "640x400", "--dpi", "80", "--db", str(filled_db)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)
    assert Image.open(tmp_path / "brief.png").size == (640, 400)
    assert not list(tmp_path.glob(".*part*"))  # written atomically, no leftovers
    again = tmp_path / "again.png"
    runner.invoke(main, ["snapshot", "-o", str(again), "--from", "2020-10-01", "--to", "2020-10-31",
                         "--size", "640x400", "--dpi", "80", "--db", str(filled_db)])
    assert again.read_bytes() == (tmp_path / "brief.png").read_bytes()  # SOURCE_DATE_EPOCH: reproducible


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "x.gif"], ".png, .svg or .pdf"),
        (["-o", "x.png", "--size", "big"], "size must be one of"),
        (["-o", "x.png", "--size", "50000x400"], "too large"),
        (["-o", "x.png", "--dpi", "5"], "dpi"),
        (["-o", "x.png", "--fit", "--bbox", "46,39,47,40"], "exclude each other"),
        (["-o", "x.png", "--bbox", "47,39,46,40"], "west < east"),
        (["-o", "x.png", "--from", "yesterday"], "'from'"),
        (["-o", "x.png", "--type", "Nonsense"], "event type"),
    ],
)
def test_cli_snapshot_errors_are_clear(tmp_path, filled_db, args, message):
    args = [a if a != "x.gif" and a != "x.png" else str(tmp_path / a) for a in args]
    result = CliRunner().invoke(main, ["snapshot", *args, "--db", str(filled_db)])
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x.png").exists()
