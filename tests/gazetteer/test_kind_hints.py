"""Indonesian and English words next to a name hint at the kind of place: "kota", "desa", "distrik", "sungai"..."""

import pytest

from gazetteer import Gazetteer, Place, ResolveContext


def place(key, name, lat, lon, cls, code, priority, precision=1):
    return Place(key, name, lat, lon, None, "AZ", "", cls, code, 0, priority, precision, (name,))


PLACES = [
    place("fuzuli-town", "Fuzuli", 39.60, 47.14, "P", "PPLA", 60),
    place("fuzuli-district", "Fuzuli", 39.58, 47.16, "A", "ADM1", 65, precision=2),
    place("aras-river", "Aras", 39.30, 47.00, "H", "STM", 70, precision=2),
    place("aras-village", "Aras", 39.90, 46.50, "P", "PPL", 50),
    place("murov-range", "Murov", 40.30, 46.30, "T", "MTS", 60, precision=2),
    place("murov-village", "Murov", 40.35, 46.20, "P", "PPL", 55),
]


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer(PLACES)


@pytest.mark.parametrize(
    "name, prefix, qualifier, expected",
    [
        ("Fuzuli", "", "", "fuzuli-district"),  # no hint: priority decides
        ("Fuzuli", "pasukan memasuki kota ", "", "fuzuli-town"),
        ("Fuzuli", "warga desa ", "", "fuzuli-town"),
        ("Fuzuli", "serangan di distrik ", "", "fuzuli-district"),
        ("Fuzuli", "pejabat provinsi ", "", "fuzuli-district"),
        ("Fuzuli", "di wilayah ", "", "fuzuli-district"),
        ("Fuzuli", "", " district was shelled", "fuzuli-district"),
        ("Fuzuli", "troops entered the town of ", "", "fuzuli-town"),
        ("Aras", "", "", "aras-river"),
        ("Aras", "penduduk desa ", "", "aras-village"),
        ("Aras", "jembatan di atas sungai ", "", "aras-river"),
        ("Aras", "the village of ", "", "aras-village"),
        ("Aras", "", " river", "aras-river"),
        ("Murov", "", "", "murov-range"),
        ("Murov", "kampung ", "", "murov-village"),
        ("Murov", "puncak gunung ", "", "murov-range"),
        ("Fuzuli", "kota Ganja, ", "", "fuzuli-district"),  # a comma ends the hint
    ],
)
def test_kind_words(gaz, name, prefix, qualifier, expected):
    best = gaz.resolve(name, ResolveContext(prefix=prefix, qualifier=qualifier))[0]
    assert best.place.key == expected, best.reason


def test_the_hint_is_in_the_reason(gaz):
    town, district = gaz.resolve("Fuzuli", ResolveContext(prefix="kota "))
    assert "'kota' suggests a populated place" in town.reason
    assert "'kota' suggests a populated place, not ADM1" in district.reason


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pasukan Azerbaijan memasuki kota Fuzuli.", "fuzuli-town"),
        ("Penembakan terjadi di distrik Fuzuli.", "fuzuli-district"),
        ("Desa Aras dibom.", "aras-village"),
        ("Jembatan sungai Aras dihancurkan.", "aras-river"),
        ("Kota Fuzulinya sudah kosong.", "fuzuli-town"),  # the -nya suffix
    ],
)
def test_hints_from_text_context(gaz, text, expected):
    (mention,) = gaz.find_mentions(text)
    assert gaz.resolve(mention.text, text)[0].place.key == expected
