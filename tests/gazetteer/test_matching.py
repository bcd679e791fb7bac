"""Finding names in text and choosing between candidates, on a small hand-made gazetteer."""

import pytest

from gazetteer import Gazetteer, Place, ResolveContext
from gazetteer.normalize import normalize, normalize_with_offsets


def place(key, name, lat, lon, country="AZ", code="PPL", priority=50, precision=1, population=0, variants=()):
    cls = "A" if code.startswith(("PCL", "ADM")) else ("L" if code in {"AREA", "RGN"} else "P")
    return Place(key, name, lat, lon, None, country, "", cls, code, population, priority, precision, (name, *variants))


PLACES = [
    place("baku", "Baku", 40.3777, 49.892, code="PPLC", population=2_000_000, variants=("Bakı",)),
    place("ganja", "Ganja", 40.6828, 46.3606, population=330_000, variants=("Gəncə",)),
    place("khankendi", "Stepanakert", 39.8156, 46.752, priority=90, variants=("Khankendi", "Xankəndi")),
    place("shusha", "Shusha", 39.7581, 46.7487, priority=90, variants=("Shushi", "Şuşa")),
    place("karin-tak", "Karin Tak", 39.7631, 46.7795, variants=("K'arin Tak", "Dashalti")),
    place("martuni-nk", "Martuni", 39.7947, 47.1101, priority=90, variants=("Khojavend",)),
    place("martuni-am", "Martuni", 40.14, 45.3064, country="AM", priority=40, population=12_000),
    place("nagorno-karabakh", "Nagorno-Karabakh", 39.82, 46.75, code="AREA", precision=3, priority=80,
          variants=("Karabakh", "Artsakh")),
    place("armenia", "Armenia", 40.18, 44.51, country="AM", code="PCLI", precision=3),
    place("azerbaijan", "Azerbaijan", 40.4, 49.86, code="PCLI", precision=3),
    place("georgia", "Georgia", 41.7, 44.8, country="GE", code="PCLI", precision=3),
]
TRAPS = ["baku tembak", "bahan baku", "daun ganja"]
COMMON = ["baku", "ganja"]


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer(PLACES, TRAPS, COMMON)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Şuşa", "susa"),
        ("Xankəndi", "xankendi"),
        ("K'arin Tak", "karin tak"),
        ("K’arin  Tak", "karin tak"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("İsmayıllı", "ismayilli"),
        ("Ağdərə", "agdere"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_offsets_point_back_to_original():
    text = "di K'arin Tak dan Şuşa"
    folded, origin = normalize_with_offsets(text)
    index = folded.index("susa")
    assert text[origin[index] : origin[index + 3] + 1] == "Şuşa"


@pytest.mark.parametrize(
    "text, expected_keys",
    [
        ("Rudal menghantam desa K'arin Tak dan kota Shushi.", ["karin-tak", "shusha"]),
        ("pasukan terlibat baku tembak di perbatasan", []),
        ("harga bahan baku naik", []),
        ("Pejabat di Baku menegaskan", ["baku"]),
        ("polisi menyita daun ganja kering", []),
        ("polisi menyita ganja", []),
        ("Kota Ganja dibom", ["ganja"]),
        ("Xankəndi dan Stepanakertnya", ["khankendi", "khankendi"]),
        ("Nagorno-Karabakh", ["nagorno-karabakh"]),
        ("Stepanakerts", []),
    ],
)
def test_find_mentions(gaz, text, expected_keys):
    mentions = gaz.find_mentions(text)
    assert [m.places[0].key for m in mentions] == expected_keys
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_longest_match_wins(gaz):
    (mention,) = gaz.find_mentions("wilayah Nagorno-Karabakh")
    assert mention.text == "Nagorno-Karabakh"


@pytest.mark.parametrize(
    "context, expected",
    [
        (None, "martuni-nk"),
        ("rudal ditargetkan ke Martuni dan Shushi dekat Stepanakert", "martuni-nk"),
        (ResolveContext(qualifier=" di Armenia, dekat Danau Sevan"), "martuni-am"),
    ],
)
def test_ambiguous_martuni(gaz, context, expected):
    candidates = gaz.resolve("Martuni", context)
    assert [c.place.key for c in candidates][0] == expected
    assert len(candidates) == 2
    assert all(c.reason for c in candidates)
    assert candidates[0].score >= candidates[1].score


def test_context_distance_is_in_reason(gaz):
    best = gaz.resolve("Martuni", "Shushi dan Martuni")[0]
    assert "km from Shusha" in best.reason


def test_search_by_prefix(gaz):
    assert [p.key for p in gaz.search("shu")] == ["shusha"]


def test_unknown_focus_region_is_an_error():
    with pytest.raises(ValueError, match="focus region"):
        Gazetteer(PLACES, focus_region="mars")
