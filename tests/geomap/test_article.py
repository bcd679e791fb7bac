"""Stage 1: reports -> Article (header fields, clean body with offsets, bad input)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.article import decode_report, parse_article, read_article
from geomap.errors import ArticleError, GeomapError

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
DT = dt.datetime


def assert_offsets(article):
    for s in article.segments:
        assert article.text[s.start : s.end] == s.text


# --------------------------------------------------------------------------- synthetic reports

ID_IDN = """Serangan Drone Hantam Gudang Amunisi di Tartar

Militer Azerbaijan menyebut serangan dilakukan dari wilayah Armenia

Jakarta, IDN Times - Sebuah gudang amunisi di distrik Tartar terbakar setelah dihantam drone pada Selasa (13/10/2020), menurut kementerian pertahanan Azerbaijan.

Baca Juga: Turki Kirim Bantuan ke Baku

1. Warga dievakuasi

Sekitar 300 warga dievakuasi dari desa-desa di sekitar gudang tersebut.
"""

ID_REPUBLIKA = """Kamis 15 Okt 2020 09:10 WIB

Armenia Klaim Tembak Jatuh Jet Azerbaijan

Yerevan menyebut pesawat itu jatuh di dekat Vardenis

Rep: Fulan Fulani/ Red: Fulanah
Pesawat tempur melintas di atas pegunungan. Ilustrasi.
Foto: Reuters/Stringer
Pesawat tempur melintas di atas pegunungan. Ilustrasi.

REPUBLIKA.CO.ID, YEREVAN -- Kementerian Pertahanan Armenia mengatakan pasukannya menembak jatuh sebuah jet tempur Azerbaijan pada Rabu (14/10).

Baca Juga

Azerbaijan membantah klaim tersebut dan menyebutnya sebagai propaganda yang tidak berdasar sama sekali.

sumber : Reuters
Advertisement
Berita Lainnya
Advertisement
"""

ID_SITE_DATE = """Warga Stepanakert Berlindung di Ruang Bawah Tanah
BeritaKita.com-Yerevan (11/10/2020). Ratusan warga Stepanakert berlindung di ruang bawah tanah setelah kota itu kembali ditembaki pada Sabtu malam.
Bagaimana reaksi Anda?
Bagikan
Read Previous
Erdogan Bertemu Putin di Sochi
"""

ID_KUMPARAN = """Gencatan Senjata Kemanusiaan Kembali Dilanggar

18 Oktober 2020 7:45 WIB
comment
2
sosmed-facebook-white
copy-link-circle
Warga berjalan melewati bangunan yang hancur di Ganja. Foto: AFP
zoom-in-whitePerbesar
Warga berjalan melewati bangunan yang hancur di Ganja. Foto: AFP
ADVERTISEMENT
Azerbaijan dan Armenia saling tuduh melanggar gencatan senjata kemanusiaan yang baru berlaku sejak tengah malam.
ADVERTISEMENT
Kementerian Pertahanan Armenia mengatakan Azerbaijan menembakkan artileri ke arah selatan pada Minggu pagi.
"""

EN_REUTERS = """Azerbaijan says Armenian missile hit Mingachevir

BAKU, Azerbaijan, Oct. 6 (Reuters) - Azerbaijan said on Tuesday that an Armenian missile struck the city of Mingachevir, home to a large reservoir and power station, but caused no casualties.

The Armenian defence ministry denied firing at the city.

Reporting by Fulan; Editing by Fulanah
"""

EN_HEADER = """Published October 20, 2020 6:15 PM
Villagers flee as front line moves toward Lachin

STEPANAKERT, Nagorno-Karabakh (AP) — Families loaded cars with blankets and food on Tuesday as the front line crept closer to the road linking the region with Armenia.
Advertisement
"Nobody knows what happens tomorrow," said one resident.
Related:
Ceasefire talks stall again in Washington
"""

EN_SOURCE_LINE = """Clashes reported on the Tavush border
2021-07-28
Armenia and Azerbaijan reported an exchange of fire on their northern border on Wednesday, with each side blaming the other for the incident.
Source: AP
Share this article
"""

EN_STANDFIRST = """Drones strike supply route near Lachin

Both sides report heavy losses as the fighting moves toward the road linking the region with Armenia.

Published On 21 Oct 2020

Azerbaijan said its forces destroyed an Armenian convoy near Lachin on Wednesday, while Armenia said the attack failed.
"""

EN_BYLINE_STANDFIRST = """Fighting edges toward the Iranian border

Baku's forces advance along the Aras river while Armenian forces say they hold the line.

Fulan Fulanov Oct 20, 2020

Azerbaijan's forces have taken several villages near the Iranian border, the defence ministry said on Tuesday.
"""

EN_DATED_DATELINE = """Rockets hit a town far from the front

BARDA, Azerbaijan, Oct. 28, 2020 (AP) - Rockets fired by Armenian forces slammed into the town of Barda on Wednesday, killing civilians, officials said.
"""

EN_TOP_DATED_DATELINE = """Rockets hit a town far from the front

BARDA, Azerbaijan, Oct. 28, 2020 (AP) — Rockets fired by Armenian forces slammed into the town of Barda on Wednesday, killing civilians, officials said.
"""

EN_STAMP_FOOTER = """Clashes on the border kill a general

BAKU, Azerbaijan (AP) — Armenian and Azerbaijani forces traded fire on Tuesday along the border, and Azerbaijan said a general was killed.

Published July 15, 2020
"""

EN_DOTTED_DATE = """Protesters storm government buildings
Azatutyun.am
10.11.2020

Thousands of angry protesters broke into the main government building in Yerevan early on Tuesday, hours after the prime minister signed the agreement.
"""

EN_AGENCY_DATELINE = """Azerbaijan shells Stepanakert, Ombudsman says

YEREVAN, OCTOBER 29, ARMENPRESS. Azerbaijani armed forces on October 28 shelled Stepanakert, hitting the maternity hospital, the Ombudsman said.
"""

EN_DATELINE_LINE = """Armenian forces fire on Tartar villages - MoD

Baku, October 27, APA

The Armenian armed forces on October 27 subjected the village of Shikharkh of Tartar district to fire, the Ministry of Defence said.
"""

ID_DASHED_DATE = """Bentrokan di perbatasan
15-09-2022 08:30 WIB

Jakarta - Pasukan Armenia dan Azerbaijan kembali terlibat kontak tembak di perbatasan kedua negara pada Rabu malam, kata kementerian pertahanan.
"""


@pytest.mark.parametrize(
    "text, title, publisher, published, dateline, language",
    [
        # a time stamp line wherever the page put it; d.m.yyyy and d-m-yyyy date lines
        (EN_STAMP_FOOTER, "Clashes on the border kill a general", "Associated Press", DT(2020, 7, 15), "BAKU", "en"),
        (EN_DOTTED_DATE, "Protesters storm government buildings", "Azatutyun", DT(2020, 11, 10), None, "en"),
        # an agency in capitals closing the dateline; a dateline on a line of its own (yearless: the conflict's year)
        (EN_AGENCY_DATELINE, "Azerbaijan shells Stepanakert, Ombudsman says", "Armenpress", DT(2020, 10, 29),
         "YEREVAN", "en"),
        (EN_DATELINE_LINE, "Armenian forces fire on Tartar villages - MoD", "APA", DT(2020, 10, 27), "Baku", "en"),
        (ID_DASHED_DATE, "Bentrokan di perbatasan", None, DT(2022, 9, 15, 8, 30), "Jakarta", "id"),
        (ID_IDN, "Serangan Drone Hantam Gudang Amunisi di Tartar", "IDN Times", DT(2020, 10, 13), "Jakarta", "id"),
        (ID_REPUBLIKA, "Armenia Klaim Tembak Jatuh Jet Azerbaijan", "Republika", DT(2020, 10, 15, 9, 10), "YEREVAN", "id"),
        (ID_SITE_DATE, "Warga Stepanakert Berlindung di Ruang Bawah Tanah", "BeritaKita.com", DT(2020, 10, 11), "Yerevan", "id"),
        (ID_KUMPARAN, "Gencatan Senjata Kemanusiaan Kembali Dilanggar", None, DT(2020, 10, 18, 7, 45), None, "id"),
        # "Oct. 6" with no year: the year of the spell of fighting it falls in (actors.json)
        (EN_REUTERS, "Azerbaijan says Armenian missile hit Mingachevir", "Reuters", DT(2020, 10, 6), "BAKU", "en"),
        (EN_HEADER, "Villagers flee as front line moves toward Lachin", "Associated Press", DT(2020, 10, 20, 18, 15), "STEPANAKERT", "en"),
        (EN_SOURCE_LINE, "Clashes reported on the Tavush border", None, DT(2021, 7, 28), None, "en"),
        (EN_STANDFIRST, "Drones strike supply route near Lachin", None, DT(2020, 10, 21), None, "en"),
        (EN_BYLINE_STANDFIRST, "Fighting edges toward the Iranian border", None, DT(2020, 10, 20), None, "en"),
        (EN_DATED_DATELINE, "Rockets hit a town far from the front", "Associated Press", DT(2020, 10, 28), "BARDA", "en"),
        (EN_TOP_DATED_DATELINE, "Rockets hit a town far from the front", "Associated Press", DT(2020, 10, 28), "BARDA", "en"),
    ],
)
def test_header_fields(text, title, publisher, published, dateline, language):
    article = parse_article(text, "report.txt")
    assert article.title == title
    assert article.publisher == publisher
    assert article.published == published
    assert article.dateline == dateline
    assert article.language == language
    assert_offsets(article)


@pytest.mark.parametrize(
    "text, first_segment, absent",
    [
        (ID_IDN, "Sebuah gudang amunisi", ["Baca Juga", "IDN Times", "Militer Azerbaijan menyebut"]),
        (ID_REPUBLIKA, "Kementerian Pertahanan Armenia", ["Foto:", "Rep:", "Pesawat tempur", "sumber", "Advertisement", "Berita Lainnya", "Baca Juga"]),
        (ID_SITE_DATE, "Ratusan warga", ["Bagikan", "reaksi", "Read Previous", "Erdogan"]),
        (ID_KUMPARAN, "Azerbaijan dan Armenia saling tuduh", ["comment", "sosmed", "copy-link", "Foto:", "ADVERTISEMENT", "Perbesar"]),
        (EN_REUTERS, "Azerbaijan said on Tuesday", ["(Reuters)", "Reporting by"]),
        (EN_HEADER, "Families loaded cars", ["Advertisement", "Related", "Ceasefire talks", "(AP)"]),
        (EN_SOURCE_LINE, "Armenia and Azerbaijan reported", ["Source:", "Share this"]),
    ],
)
def test_body_is_clean(text, first_segment, absent):
    article = parse_article(text, "report.txt")
    assert article.segments[0].text.startswith(first_segment)
    body = "\n".join(s.text for s in article.segments)
    for phrase in absent:
        assert phrase not in body
    assert article.title not in body
    assert_offsets(article)


def test_numbered_subheadings_are_kept():
    article = parse_article(ID_IDN, "report.txt")
    assert "1. Warga dievakuasi" in [s.text for s in article.segments]


def test_standalone_baca_juga_keeps_a_following_paragraph():
    article = parse_article(ID_REPUBLIKA, "report.txt")
    assert any(s.text.startswith("Azerbaijan membantah klaim") for s in article.segments)


def test_standalone_baca_juga_drops_a_following_headline():
    text = ID_IDN.replace("Baca Juga: Turki Kirim Bantuan ke Baku", "Baca Juga\n\nTurki Kirim Bantuan ke Baku")
    body = "\n".join(s.text for s in parse_article(text, "r.txt").segments)
    assert "Turki Kirim Bantuan" not in body
    assert "1. Warga dievakuasi" in body


def test_hard_wrapped_paragraph_is_one_segment():
    text = (
        "Ceasefire breaks down\n\n"
        "YEREVAN (Reuters) - Shelling resumed in the south of the region\n"
        "within hours of the truce, officials said on Sunday.\n\n"
        "Both sides blamed each other.\n"
    )
    article = parse_article(text, "r.txt")
    assert [s.text for s in article.segments] == [
        "Shelling resumed in the south of the region\nwithin hours of the truce, officials said on Sunday.",
        "Both sides blamed each other.",
    ]
    assert_offsets(article)


def test_article_id_is_a_content_hash():
    a = parse_article(ID_IDN, "a.txt")
    b = parse_article(ID_IDN, "elsewhere/b.txt")
    c = parse_article(ID_IDN + "\nTambahan paragraf baru di akhir berita ini.\n", "a.txt")
    assert a.article_id == b.article_id
    assert a.article_id != c.article_id
    assert len(a.article_id) == 16 and int(a.article_id, 16) >= 0


def test_url_gives_publisher_when_text_has_none():
    article = parse_article(ID_KUMPARAN, "r.txt", url="https://kumparan.com/kumparannews/gencatan-senjata")
    assert article.publisher == "Kumparan"
    assert article.url == "https://kumparan.com/kumparannews/gencatan-senjata"


# --------------------------------------------------------------------------- the seed reports


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_reports(path):
    article = read_article(path.read_bytes(), str(path))
    assert article.title
    assert article.published is not None
    assert article.language == "id"
    assert article.segments
    for s in article.segments:
        assert article.text[s.start : s.end] == s.text
        for phrase in ("Baca Juga", "BACA JUGA", "ADVERTISEMENT", "Advertisement", "Foto:"):
            assert phrase not in s.text
    assert article.title not in [s.text for s in article.segments]


def test_there_are_seed_reports():
    assert len(SEEDS) >= 5


# --------------------------------------------------------------------------- decoding and bad input

LEAD = "Pasukan Armenia menembaki Füzuli pada Sabtu malam, kata kementerian pertahanan Azerbaijan."


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "r.txt: empty file"),
        (b"   \n\t\r\n  ", "r.txt: empty file"),
        (b"\xef\xbb\xbf\n", "r.txt: empty file"),
        (b"PK\x03\x04\x00\x00binary\x00stuff", "r.txt: looks binary, not a text report"),
        (bytes(range(0, 32)) * 20, "r.txt: looks binary, not a text report"),
    ],
)
def test_bad_input(raw, message):
    with pytest.raises(ArticleError) as err:
        read_article(raw, "r.txt")
    assert str(err.value) == message
    assert isinstance(err.value, GeomapError) and isinstance(err.value, ValueError)


def test_oversized_input():
    with pytest.raises(ArticleError, match=r"^big\.txt: 1\.5 kB exceeds the 1 kB limit$"):
        decode_report(b"a" * 1500, "big.txt", 1000)


def test_oversized_message_in_megabytes():
    class Big(bytes):
        def __len__(self):
            return 52_400_000

    with pytest.raises(ArticleError, match=r"^big\.txt: 52\.4 MB exceeds the 20 MB limit$"):
        decode_report(Big(b"x"), "big.txt", 20_000_000)


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("latin-1", b""), ("cp1252", b""), ("utf-16", b"")],
)
def test_decoding(encoding, bom):
    raw = bom + f"Serangan di Füzuli\n\n{LEAD}\n".encode(encoding)
    text, is_html = decode_report(raw, "r.txt", 10_000)
    assert "Füzuli" in text and not text.startswith("\ufeff")
    assert is_html is False


def test_latin1_report_parses():
    article = read_article(f"Serangan di Füzuli\n\n{LEAD}\n".encode("latin-1"), "r.txt")
    assert article.title == "Serangan di Füzuli"
    assert "Füzuli" in article.segments[0].text


def test_report_without_body_text():
    with pytest.raises(ArticleError, match=r"^r\.txt: no article text found$"):
        read_article(b"Judul Saja\n\nADVERTISEMENT\n12345\n", "r.txt")


# --------------------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Drone strike reported near Hadrut | Caucasus Wire</title>
<meta property="og:site_name" content="Caucasus Wire">
<meta property="og:title" content="Drone strike reported near Hadrut">
<meta property="og:url" content="https://caucasuswire.example/2020/10/drone-hadrut">
<meta property="article:published_time" content="2020-10-12T08:30:00+04:00">
<link rel="canonical" href="https://caucasuswire.example/drone-hadrut">
<script>var tracking = "ADVERTISEMENT";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/caucasus">Caucasus</a></nav>
<article>
<h1>Drone strike reported near Hadrut</h1>
<p>STEPANAKERT (Reuters) - A drone struck a convoy near Hadrut on Sunday morning, officials in the region said, in the latest attack since the ceasefire collapsed.</p>
<p>Azerbaijan's defence ministry said its forces had taken several villages around the town and that fighting continued along the southern front.</p>
<p>Read more: Why the truce failed</p>
</article>
<footer>Copyright 2020 Caucasus Wire. All rights reserved.</footer>
</body></html>
"""


def test_html_report():
    article = read_article(HTML.encode("utf-8"), "page.html")
    assert article.title == "Drone strike reported near Hadrut"
    assert article.publisher == "Caucasus Wire"
    assert article.published == DT(2020, 10, 12, 8, 30)
    assert article.url == "https://caucasuswire.example/drone-hadrut"
    assert article.dateline == "STEPANAKERT"
    assert article.language == "en"
    texts = [s.text for s in article.segments]
    assert texts[0].startswith("A drone struck a convoy near Hadrut")
    assert any(t.startswith("Azerbaijan's defence ministry") for t in texts)
    body = "\n".join(texts)
    for junk in ("Home", "Read more", "Copyright", "tracking", "Drone strike reported"):
        assert junk not in body
    assert_offsets(article)


def test_html_detected_by_tag_density():
    raw = b"<div><p>Ganja diserang roket pada Minggu dini hari, kata pejabat setempat.</p><p>Dua warga terluka.</p></div><div><span>x</span></div>"
    text, is_html = decode_report(raw, "frag.txt", 10_000)
    assert is_html is True
    assert decode_report(b"Judul\n\nIsi berita <b>tebal</b> di sini.", "r.txt", 10_000)[1] is False


def test_small_html_page_without_metadata():
    raw = (
        "<html><body><h1>Ganja diserang roket</h1>"
        "<p>Kota Ganja diserang roket pada Minggu dini hari, kata pejabat setempat kepada wartawan.</p>"
        "</body></html>"
    ).encode("utf-8")
    article = read_article(raw, "small.html")
    assert article.title == "Ganja diserang roket"
    assert [s.text for s in article.segments] == [
        "Kota Ganja diserang roket pada Minggu dini hari, kata pejabat setempat kepada wartawan."
    ]
    assert article.language == "id"
