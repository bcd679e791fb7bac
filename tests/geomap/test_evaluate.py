"""geomap.evaluate: matching predicted events to gold events, the gold files, the CLI command."""

import datetime as dt
import json
import types
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from geopy.distance import great_circle

from geomap.evaluate import Counts, GoldEvent, combine, load_gold, match

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "data" / "gold"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

GANJA = (40.68157, 46.36134)
GOLD = GoldEvent(
    article="a1.txt", event_date="2020-10-08", time_precision=1, event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack", location="Ganja", latitude=GANJA[0], longitude=GANJA[1],
    geonameid=586523, geo_precision=1, actor1="Military Forces of Armenia", actor2="Civilians (Azerbaijan)",
    fatalities=1, quote="Kota Ganja telah dibom.",
)


def gold(**changes):
    return replace(GOLD, **changes)


def moved(km, bearing=0.0, origin=GANJA):
    point = great_circle(kilometers=km).destination(origin, bearing)
    return {"latitude": point.latitude, "longitude": point.longitude}


# --------------------------------------------------------------------------- match(): one pair

PAIRS = [
    # id, predicted changes, gold changes, matched?
    ("same event", {}, {}, True),
    ("same event, different sub-type", {"sub_event_type": "Air/drone strike"}, {}, True),
    ("day off by one, both day precision", {"event_date": "2020-10-09"}, {}, False),
    ("day off by one, gold week precision", {"event_date": "2020-10-09"}, {"time_precision": 2}, True),
    ("7 days off, predicted week precision", {"event_date": "2020-10-15", "time_precision": 2}, {}, True),
    ("8 days off, week precision", {"event_date": "2020-10-16", "time_precision": 2}, {}, False),
    ("31 days off, month precision", {"event_date": "2020-11-08", "time_precision": 3}, {}, True),
    ("32 days off, month precision", {"event_date": "2020-11-09"}, {"time_precision": 3}, False),
    ("9 km away, other id", {**moved(9), "geonameid": None}, {}, True),
    ("11 km away, other id", {**moved(11), "geonameid": None}, {}, False),
    ("11 km away (east), other id", {**moved(11, 90), "geonameid": 1}, {}, False),
    ("same geonameid, coordinates 200 km apart", moved(200), {}, True),
    ("both geonameid None, 200 km apart", {**moved(200), "geonameid": None}, {"geonameid": None}, False),
    ("type differs", {"event_type": "Battles", "sub_event_type": "Armed clash"}, {}, False),
]


@pytest.mark.parametrize("pred_changes, gold_changes, matched", [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_match_one_pair(make_event, pred_changes, gold_changes, matched):
    predicted = make_event(**pred_changes)
    score = match([predicted], [gold(**gold_changes)])
    expected = (1, 0, 0) if matched else (0, 1, 1)
    assert (score.tp, score.fp, score.fn) == expected
    assert len(score.matches) == score.tp
    if not matched:
        assert score.misses == (gold(**gold_changes),)
        assert score.false_alarms == (predicted,)


def test_match_is_one_to_one(make_event):
    score = match([make_event(), make_event(event_id="e2")], [gold()])
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert score.precision == 0.5 and score.recall == 1.0
    assert score.f1 == pytest.approx(2 / 3)


def test_match_pairs_the_closest_first(make_event):
    # Stepanakert and the Nagorno-Karabakh region point are 0.35 km apart: both gold events must be found
    town = gold(location="Stepanakert", latitude=39.8177, longitude=46.7528, geonameid=146970)
    region = gold(location="Nagorno-Karabakh", latitude=39.82, longitude=46.75, geonameid=None, geo_precision=3)
    p_region = make_event(event_id="r", location="Nagorno-Karabakh", latitude=39.82, longitude=46.75, geonameid=None)
    p_town = make_event(event_id="t", location="Stepanakert", latitude=39.8177, longitude=46.7528, geonameid=146970)
    score = match([p_region, p_town], [town, region])
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)
    assert {(p.location, g.location) for p, g in score.matches} == {
        ("Nagorno-Karabakh", "Nagorno-Karabakh"), ("Stepanakert", "Stepanakert")}


def test_match_prefers_the_nearer_place_over_the_nearer_date(make_event):
    # a region-level prediction 6.7 km from Shusha, on the right day, must not take Shusha's gold event
    # from the Shusha prediction dated within its week
    shusha = gold(location="Shusha", latitude=39.76006, longitude=46.74989, geonameid=147105, event_date="2020-11-01")
    region = make_event(event_id="r", location="Nagorno-Karabakh", latitude=39.82, longitude=46.75, geonameid=None,
                        event_date="2020-11-01")
    town = make_event(event_id="s", location="Shusha", latitude=39.76006, longitude=46.74989, geonameid=147105,
                      event_date="2020-11-02", time_precision=2)
    score = match([region, town], [shusha])
    assert score.matches == ((town, shusha),) and score.false_alarms == (region,)


def test_match_prefers_the_nearer_date(make_event):
    week = gold(time_precision=2)
    exact = gold(event_date="2020-10-10")
    score = match([make_event(event_date="2020-10-10")], [week, exact])
    assert score.tp == 1 and score.misses == (week,)


def test_per_type_breakdown(make_event):
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    shoot_down = {"event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"}
    golds = [gold(), gold(**battle), gold(**battle, event_date="2020-10-07")]
    predicted = [make_event(), make_event(**battle), make_event(**shoot_down)]
    score = match(predicted, golds)
    assert (score.tp, score.fp, score.fn) == (2, 1, 1)
    assert score.by_type == {
        "Explosions/Remote violence": Counts(1, 0, 0),
        "Battles": Counts(1, 0, 1),
        "Strategic developments": Counts(0, 1, 0),
    }
    assert score.by_type["Battles"].recall == 0.5 and score.by_type["Battles"].precision == 1.0
    assert score.by_type["Strategic developments"].f1 == 0.0
    assert score.to_dict()["by_type"]["Battles"]["f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_agreement_of_matched_events(make_event):
    from geomap.evaluate import agreement

    pairs = [(make_event(), gold()),  # the same in everything
             (make_event(fatalities=3, actor1="Military Forces of Azerbaijan"), gold()),
             (make_event(sub_event_type="Air/drone strike", event_date="2020-10-09", time_precision=2), gold())]
    assert agreement(pairs) == {"sub_event_type": (2, 3), "event_date": (2, 3), "fatalities": (2, 3),
                                "actor1": (2, 3), "actor2": (3, 3), "geo_precision": (3, 3)}
    assert agreement([]) == {name: (0, 0) for name in agreement([])}


def test_empty_sides():
    assert (match([], []).precision, match([], []).recall, match([], []).f1) == (1.0, 1.0, 1.0)
    nothing_found = match([], [gold()])
    assert (nothing_found.fn, nothing_found.precision, nothing_found.recall, nothing_found.f1) == (1, 0.0, 0.0, 0.0)


def test_combine_adds_articles(make_event):
    a = match([make_event()], [gold()])
    b = match([make_event(event_date="2020-01-01")], [gold()])
    total = combine([a, b])
    assert (total.tp, total.fp, total.fn) == (1, 1, 1)
    assert total.by_type["Explosions/Remote violence"] == Counts(1, 1, 1)
    assert len(total.misses) == len(total.false_alarms) == 1


# --------------------------------------------------------------------------- load_gold()

def test_load_gold(tmp_path):
    path = tmp_path / "x.json"
    record = {k: v for k, v in GOLD.__dict__.items() if k not in {"article", "notes", "country"}}
    path.write_text(json.dumps({"article": "x.txt", "published": "2020-10-08", "events": [record]}), "utf-8")
    assert load_gold(path) == [GOLD.__class__(**{**record, "article": "x.txt"})]


@pytest.mark.parametrize("events, message", [
    ([{"event_date": "2020-10-08"}], "missing"),
    ([{**{k: v for k, v in GOLD.__dict__.items()}, "event_date": "8 Oktober"}], "event 0"),
    ([{**{k: v for k, v in GOLD.__dict__.items()}, "time_precision": 5}], "time_precision"),
])
def test_load_gold_rejects_malformed(tmp_path, events, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"article": "bad.txt", "events": events}), "utf-8")
    with pytest.raises(ValueError, match=message):
        load_gold(path)


def test_every_seed_has_a_consistent_gold_file():
    codebook = json.loads((ROOT / "geomap" / "lexicons" / "codebook.json").read_text("utf-8"))["types"]
    assert SEEDS and len(list(GOLD_DIR.glob("*.json"))) == len(SEEDS)
    for seed in SEEDS:
        doc = json.loads((GOLD_DIR / f"{seed.stem}.json").read_text("utf-8"))
        text = seed.read_text("utf-8")
        published = dt.date.fromisoformat(doc["published"])
        assert doc["article"] == seed.name
        for event in load_gold(GOLD_DIR / f"{seed.stem}.json"):
            assert event.sub_event_type in codebook[event.event_type]["sub_types"], event
            assert event.quote in text, event.quote
            assert dt.date.fromisoformat(event.event_date) <= published, event
            assert -90 <= event.latitude <= 90 and -180 <= event.longitude <= 180
            assert event.geo_precision in (1, 2, 3) and event.fatalities >= 0


# --------------------------------------------------------------------------- the CLI command

@pytest.fixture
def fake_pipeline(monkeypatch, make_event):
    """The CLI with a stand-in pipeline: every article yields one Ganja shelling event."""
    import gazetteer

    import geomap.ingest  # noqa: F401  (imported first, so it keeps the real extract_report)
    import geomap.pipeline

    fake = lambda raw, source, places, max_bytes: types.SimpleNamespace(events=(make_event(),))  # noqa: E731
    monkeypatch.setattr(geomap.pipeline, "extract_report", fake)
    monkeypatch.setattr(gazetteer, "load", lambda settings=None: None)


def _gold_dir(tmp_path, *events):
    (tmp_path / "gold").mkdir()
    records = [{k: v for k, v in e.__dict__.items() if k != "article"} for e in events]
    (tmp_path / "gold" / "r1.json").write_text(json.dumps({"article": "r1.txt", "events": records}), "utf-8")
    (tmp_path / "r1.txt").write_text("Kota Ganja telah dibom pada Kamis (8/10).", "utf-8")
    return tmp_path / "gold", tmp_path / "r1.txt"


def test_cli_evaluate_table_and_json(tmp_path, fake_pipeline):
    from geomap.cli import main

    gold_dir, article = _gold_dir(tmp_path, GOLD, gold(event_type="Battles", sub_event_type="Armed clash",
                                                          location="Aghdam", quote="Pertempuran di Aghdam."))
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_dir), str(article)])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "Battles" in result.output
    assert "Misses:" in result.output and "Aghdam" in result.output and "r1.txt" in result.output
    assert "False alarms: none" in result.output

    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_dir), "--format", "json", str(article)])
    out = json.loads(result.output)
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 1)
    assert out["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["by_type"]["Battles"]["recall"] == 0.0
    assert out["misses"][0]["location"] == "Aghdam"


def test_cli_evaluate_min_f1(tmp_path, fake_pipeline):
    from geomap.cli import main

    gold_dir, article = _gold_dir(tmp_path, GOLD)
    assert CliRunner().invoke(main, ["evaluate", "--gold", str(gold_dir), "--min-f1", "1.0", str(article)]).exit_code == 0
    gold_dir.joinpath("r1.json").write_text(json.dumps({"article": "r1.txt", "events": []}), "utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_dir), "--min-f1", "0.5", str(article)])
    assert result.exit_code == 1
    assert "False alarms:" in result.output and "Ganja" in result.output


def test_cli_evaluate_needs_a_gold_file(tmp_path, fake_pipeline):
    from geomap.cli import main

    (tmp_path / "gold").mkdir()
    (tmp_path / "r2.txt").write_text("text", "utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "gold"), str(tmp_path / "r2.txt")])
    assert result.exit_code != 0 and "no gold file" in result.output


# --------------------------------------------------------------------------- the real pipeline on the seeds

def test_pipeline_on_the_seeds_reaches_f1_090():
    import gazetteer

    from geomap.pipeline import extract_report
    from geomap.settings import Settings

    settings = Settings.load({}, environ={})
    places = gazetteer.load(settings)
    scores = []
    for seed in SEEDS:
        extraction = extract_report(seed.read_bytes(), f"seeds/{seed.name}", places, settings.max_report_bytes)
        scores.append(match(extraction.events, load_gold(GOLD_DIR / f"{seed.stem}.json")))
    total = combine(scores)
    report = "\n".join(
        [f"F1 {total.f1:.3f} (P {total.precision:.3f}, R {total.recall:.3f}; tp {total.tp} fp {total.fp} fn {total.fn})"]
        + [f"miss: {g.article} {g.event_date} {g.event_type} {g.location}" for g in total.misses]
        + [f"false alarm: {p.event_date} {p.event_type} {p.location} {p.quote[:60]!r}" for p in total.false_alarms]
    )
    assert total.f1 >= 0.9, report
