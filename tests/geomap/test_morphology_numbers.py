import pytest

from geomap.morphology import candidate_roots
from geomap.numbers import find_counts


@pytest.mark.parametrize(
    "word, root",
    [
        ("ditembaki", "tembak"), ("menembaki", "tembak"), ("penembakan", "tembak"), ("tembakan", "tembak"),
        ("pertempuran", "tempur"), ("bertempur", "tempur"), ("menggempur", "gempur"), ("pengeboman", "bom"),
        ("dibom", "bom"), ("ditargetkan", "target"), ("membebaskan", "bebas"), ("merebut", "rebut"),
        ("menguasai", "kuasa"), ("bentrokan", "bentrok"), ("menewaskan", "tewas"), ("diserang", "serang"),
    ],
)
def test_indonesian_roots(word, root):
    assert root in candidate_roots(word, "id")


@pytest.mark.parametrize(
    "word, root",
    [("shelled", "shell"), ("shelling", "shell"), ("captured", "capture"), ("clashes", "clash"), ("hitting", "hit")],
)
def test_english_roots(word, root):
    assert root in candidate_roots(word, "en")


def test_unrelated_word_has_no_trigger_root():
    assert "tembak" not in candidate_roots("tempat", "id")


@pytest.mark.parametrize(
    "text, language, values",
    [
        ("lebih dari tujuh ribu orang dari 16 desa", "id", [7000, 16]),
        ("misi dua ribu orang", "id", [2000]),
        ("telah melampaui 1.000", "id", [1000]),
        ("Belasan orang tewas", "id", [11]),
        ("puluhan tentara", "id", [12]),
        ("dua belas tentara dan lima puluh tiga warga", "id", [12, 53]),
        ("seorang warga sipil", "id", [1]),
        ("at least 16 people killed and 1,200 injured", "en", [16, 1200]),
        ("two hundred soldiers and dozens of civilians", "en", [200, 12]),
        ("a soldier", "en", []),
    ],
)
def test_counts(text, language, values):
    assert [c.value for c in find_counts(text, language)] == values
