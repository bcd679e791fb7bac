"""Stage 2: date expressions -> (date, precision), against fixed anchors."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.dates import find_dates, find_datetime, is_future, parse_datetime
from geomap.model import DAY, MONTH, WEEK

D = dt.date
SUN_4_OCT = D(2020, 10, 4)  # a Sunday
MON_28_SEP = D(2020, 9, 28)  # a Monday
THU_8_OCT = D(2020, 10, 8)  # a Thursday
MID_JAN = D(2021, 1, 10)  # a Sunday, early in the year: year roll-back


# --------------------------------------------------------------------------- parse_datetime

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Senin 28 Sep 2020 15:52 WIB", dt.datetime(2020, 9, 28, 15, 52)),
        ("8 Oktober 2020 16:25 WIB", dt.datetime(2020, 10, 8, 16, 25)),
        ("Kamis, 12 Agu 2021 | 07:05 WITA", dt.datetime(2021, 8, 12, 7, 5)),
        ("Jum'at, 9 Okt 2020 pukul 20.15 WIT", dt.datetime(2020, 10, 9, 20, 15)),
        ("Jumat 11 Des 2020", dt.datetime(2020, 12, 11)),
        ("Minggu, 3 Mei 2020 06:00 WIB", dt.datetime(2020, 5, 3, 6, 0)),
        ("Ahad 1 Agt 2021 10:00", dt.datetime(2021, 8, 1, 10, 0)),
        ("Konfirmasitimes.com-Jakarta (04/10/2020).", dt.datetime(2020, 10, 4)),
        ("Rabu (20/9/2023)", dt.datetime(2023, 9, 20)),
        ("Oct. 15, 2020", dt.datetime(2020, 10, 15)),
        ("October 15, 2020 10:31 AM", dt.datetime(2020, 10, 15, 10, 31)),
        ("Published: Thursday, Oct 15, 2020 3:05 PM GMT", dt.datetime(2020, 10, 15, 15, 5)),
        ("Sep 27 2020 12:30 am UTC", dt.datetime(2020, 9, 27, 0, 30)),
        ("2020-10-15T10:31:00+04:00", dt.datetime(2020, 10, 15, 10, 31)),
        ("2023-09-19", dt.datetime(2023, 9, 19)),
        ("15 November 2020 11:00 GMT", dt.datetime(2020, 11, 15, 11, 0)),
        ("no date here", None),
        ("27 September", None),  # no year: not a header date
        ("", None),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


def test_find_datetime_span_covers_weekday_and_time():
    text = "Diperbarui: Senin 28 Sep 2020 15:52 WIB"
    when, start, end = find_datetime(text)
    assert when == dt.datetime(2020, 9, 28, 15, 52)
    assert text[start:end] == "Senin 28 Sep 2020 15:52 WIB"


# --------------------------------------------------------------------------- find_dates

@pytest.mark.parametrize(
    "text, anchor, language, expected",
    [
        # absolute, day precision
        ("Serangan terjadi pada 8 Oktober 2020 di Ganja.", SUN_4_OCT, "id", [("8 Oktober 2020", D(2020, 10, 8), DAY)]),
        ("Kejadian 5 Agu 2021 malam.", None, "id", [("5 Agu 2021", D(2021, 8, 5), DAY)]),
        ("The strike on Oct. 15, 2020 hit a school.", None, "en", [("Oct. 15, 2020", D(2020, 10, 15), DAY)]),
        ("Talks began on October 15, 2020 in Moscow.", None, "en", [("October 15, 2020", D(2020, 10, 15), DAY)]),
        ("It happened on 3 November 2020.", None, "en", [("3 November 2020", D(2020, 11, 3), DAY)]),
        ("Jakarta (04/10/2020). Pasukan bergerak.", None, "id", [("(04/10/2020)", D(2020, 10, 4), DAY)]),
        ("Dilansir Rabu (20/9/2023), korban bertambah.", None, "id", [("Rabu (20/9/2023)", D(2023, 9, 20), DAY)]),
        ("tanggal 20/9/2023 pagi", None, "id", [("20/9/2023", D(2023, 9, 20), DAY)]),
        ("Seorang pria, Senin, 19 Oktober 2020.", None, "id", [("Senin, 19 Oktober 2020", D(2020, 10, 19), DAY)]),
        # day and month, year from the anchor
        ("sejak pertempuran dimulai pada 27 September", SUN_4_OCT, "id", [("27 September", D(2020, 9, 27), DAY)]),
        ("fighting that began on Sept. 27 continued", SUN_4_OCT, "en", [("Sept. 27", D(2020, 9, 27), DAY)]),
        ("dijadwalkan 2 Nov", SUN_4_OCT, "id", [("2 Nov", D(2020, 11, 2), DAY)]),
        # year roll-back: more than ~2 months after the anchor -> previous year
        ("serangan pada 27 Desember", MID_JAN, "id", [("27 Desember", D(2020, 12, 27), DAY)]),
        ("the attack on Dec. 30", MID_JAN, "en", [("Dec. 30", D(2020, 12, 30), DAY)]),
        ("pada 15 Februari", MID_JAN, "id", [("15 Februari", D(2021, 2, 15), DAY)]),
        # weekday with day/month
        ("bentrokan pada Kamis (8/10) pagi", THU_8_OCT, "id", [("Kamis (8/10)", D(2020, 10, 8), DAY)]),
        ("Lavrov menelepon pada Ahad (27/9).", MON_28_SEP, "id", [("Ahad (27/9)", D(2020, 9, 27), DAY)]),
        ("Sabtu (3/10) malam", SUN_4_OCT, "id", [("Sabtu (3/10)", D(2020, 10, 3), DAY)]),
        ("pada Jumat (25/12)", MID_JAN, "id", [("Jumat (25/12)", D(2020, 12, 25), DAY)]),
        # month precision
        ("Konflik dimulai pada Februari 1988.", None, "id", [("Februari 1988", D(1988, 2, 1), MONTH)]),
        ("the offensive of September 2023", None, "en", [("September 2023", D(2023, 9, 1), MONTH)]),
        ("sejak awal Oktober", THU_8_OCT, "id", [("Oktober", D(2020, 10, 1), MONTH)]),
        # too coarse: bare years and decades
        ("pada tahun 1990-an dan 2020 silam", SUN_4_OCT, "id", []),
        ("Selama konflik 1992-1994, sejak 1992", SUN_4_OCT, "id", []),
        # relative: days
        ("Pasukan menggempur sejak kemarin.", D(2023, 9, 20), "id", [("kemarin", D(2023, 9, 19), DAY)]),
        ("Gubadli diserang semalam.", D(2020, 11, 2), "id", [("semalam", D(2020, 11, 2), DAY)]),  # the night ended
        ("ditembaki tadi malam", SUN_4_OCT, "id", [("tadi malam", D(2020, 10, 3), DAY)]),
        ("tidak dapat berubah dalam semalam", SUN_4_OCT, "id", []),
        ("Pertemuan digelar hari ini.", SUN_4_OCT, "id", [("hari ini", SUN_4_OCT, DAY)]),
        ("dua hari lalu", SUN_4_OCT, "id", [("dua hari lalu", D(2020, 10, 2), DAY)]),
        ("3 hari yang lalu", SUN_4_OCT, "id", [("3 hari yang lalu", D(2020, 10, 1), DAY)]),
        ("Ganja was shelled yesterday.", SUN_4_OCT, "en", [("yesterday", D(2020, 10, 3), DAY)]),
        # "overnight" in an English report: the night that ended on the day of publication (gold conventions)
        ("shelling overnight killed two", SUN_4_OCT, "en", [("overnight", D(2020, 10, 4), DAY)]),
        ("fighting last night", SUN_4_OCT, "en", [("last night", D(2020, 10, 3), DAY)]),
        ("Talks resume today.", SUN_4_OCT, "en", [("today", SUN_4_OCT, DAY)]),
        ("two days ago", SUN_4_OCT, "en", [("two days ago", D(2020, 10, 2), DAY)]),
        # relative: bare weekdays (most recent on or before the anchor)
        ("Pada hari Sabtu, kementerian mengatakan", SUN_4_OCT, "id", [("Sabtu", D(2020, 10, 3), DAY)]),
        ("Pertempuran pada Ahad dipusatkan di Aghdam", D(2020, 11, 2), "id", [("Ahad", D(2020, 11, 1), DAY)]),
        ("Pada Ahad lalu, pasukan bertempur", MON_28_SEP, "id", [("Ahad lalu", D(2020, 9, 27), DAY)]),
        ("pada Minggu pagi", SUN_4_OCT, "id", [("Minggu", SUN_4_OCT, DAY)]),
        ("pada hari Minggu lalu", SUN_4_OCT, "id", [("Minggu lalu", D(2020, 9, 27), DAY)]),
        ("Kamis kemarin", SUN_4_OCT, "id", [("Kamis kemarin", D(2020, 10, 1), DAY)]),
        ("Jum'at", SUN_4_OCT, "id", [("Jum'at", D(2020, 10, 2), DAY)]),
        ("said on Saturday", SUN_4_OCT, "en", [("Saturday", D(2020, 10, 3), DAY)]),
        ("shelled on Sunday", SUN_4_OCT, "en", [("Sunday", SUN_4_OCT, DAY)]),
        ("since last Sunday", SUN_4_OCT, "en", [("last Sunday", D(2020, 9, 27), DAY)]),
        ("will meet next Monday", SUN_4_OCT, "en", []),
        ("akan bertemu Senin depan", SUN_4_OCT, "id", []),
        # relative: weeks and months
        ("Pertempuran meningkat Minggu lalu", SUN_4_OCT, "id", [("Minggu lalu", D(2020, 9, 27), WEEK)]),
        ("meledak minggu lalu ketika", SUN_4_OCT, "id", [("minggu lalu", D(2020, 9, 27), WEEK)]),
        ("pekan lalu", THU_8_OCT, "id", [("pekan lalu", D(2020, 10, 1), WEEK)]),
        ("dua pekan lalu", THU_8_OCT, "id", [("dua pekan lalu", D(2020, 9, 24), WEEK)]),
        ("fighting erupted last week", SUN_4_OCT, "en", [("last week", D(2020, 9, 27), WEEK)]),
        ("serangan awal pekan ini", THU_8_OCT, "id", [("awal pekan ini", D(2020, 10, 5), WEEK)]),
        ("clashes earlier this week", THU_8_OCT, "en", [("earlier this week", D(2020, 10, 5), WEEK)]),
        ("bulan lalu", THU_8_OCT, "id", [("bulan lalu", D(2020, 9, 1), MONTH)]),
        ("a truce agreed last month", MID_JAN, "en", [("last month", D(2020, 12, 1), MONTH)]),
        # ambiguous month words need a capital
        ("troops may 5 times", SUN_4_OCT, "en", []),
        # several mentions, in text order
        (
            "Ganja dibom pada Kamis (8/10) pagi; 30 warga tewas sejak 27 September.",
            THU_8_OCT,
            "id",
            [("Kamis (8/10)", D(2020, 10, 8), DAY), ("27 September", D(2020, 9, 27), DAY)],
        ),
    ],
)
def test_find_dates(text, anchor, language, expected):
    found = find_dates(text, anchor, language)
    assert [(m.text, m.date, m.precision) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text, language",
    [
        ("Pasukan menggempur sejak kemarin", "id"),
        ("Pada hari Sabtu", "id"),
        ("Minggu lalu", "id"),
        ("pada Kamis (8/10)", "id"),
        ("27 September", "id"),
        ("yesterday, on Saturday, last week", "en"),
    ],
)
def test_relative_dates_need_an_anchor(text, language):
    assert find_dates(text, None, language) == []


def test_absolute_dates_need_no_anchor():
    (m,) = find_dates("pada 8 Oktober 2020", None, "id")
    assert (m.date, m.precision) == (D(2020, 10, 8), DAY)


def test_anchor_may_be_a_datetime():
    (m,) = find_dates("kemarin", dt.datetime(2020, 10, 4, 15, 52), "id")
    assert m.date == D(2020, 10, 3)


# --------------------------------------------------------------------------- is_future

@pytest.mark.parametrize(
    "sentence, language, expected",
    [
        ("Menlu Azerbaijan diperkirakan akan hadir.", "id", True),
        ("Mereka akan bertemu di Moskow pekan depan.", "id", True),
        ("Perundingan dijadwalkan besok.", "id", True),
        ("Rusia berencana mengirim pasukan penjaga perdamaian.", "id", True),
        ("“Jika tidak, operasi antiteroris ini akan terus berlanjut,” kata Pemerintah Azerbaijan.", "id", True),
        ("Pertemuan digelar minggu depan.", "id", True),
        ("Kota Ganja dibom pada Kamis pagi.", "id", False),
        ("Akan tetapi, pasukan Armenia mundur dari Hadrut.", "id", False),
        ("Warga khawatir akan serangan susulan.", "id", False),
        ("Azerbaijan menembak jatuh dua drone.", "id", False),
        ("The ministers will meet in Geneva.", "en", True),
        ("Russia plans to send peacekeepers.", "en", True),
        ("The foreign minister is expected to attend.", "en", True),
        ("Talks are scheduled for next week.", "en", True),
        ("We'll respond tomorrow.", "en", True),
        ("Azerbaijan shelled Stepanakert on Sunday.", "en", False),
        ("It was the will of the people.", "en", False),
        ("", "en", False),
    ],
)
def test_is_future(sentence, language, expected):
    assert is_future(sentence, language) is expected


@pytest.mark.parametrize("month, day, expected", [
    (10, 15, 2020),  # inside the 2020 war
    (10, 6, 2020),  # inside the 2020 war and within two weeks after the 2023 offensive: the spell it falls in
    (9, 13, 2022),  # the September 2022 border clashes
    (9, 20, 2023),  # the 2023 offensive
    (3, 1, None),  # in no spell of fighting: no year is made up
])
def test_conflict_year_of_a_date_without_its_year(month, day, expected):
    from geomap.dates import conflict_year

    assert conflict_year(month, day) == expected


@pytest.mark.parametrize("text, expected", [
    ("10.11.2020", D(2020, 11, 10)),
    ("29.10.2020 11:20", D(2020, 10, 29)),
    ("pada 15-10-2020 pagi", D(2020, 10, 15)),
    ("versi 2.10.2020.1", None),  # a version number, not a date
    ("harga 1.000.000", None),
])
def test_numeric_dates_with_dots_and_dashes(text, expected):
    found = find_datetime(text)
    assert (found[0].date() if found else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("on the night of October 19-20 Armenian units repelled an attack", D(2020, 10, 20)),  # the day it ended
    ("pada malam 19-20 Oktober", D(2020, 10, 20)),
    ("fighting on October 19-20", D(2020, 10, 19)),  # not a night: its first day
    ("during the night of October 19 to 20 the units fired", D(2020, 10, 20)),
])
def test_a_night_is_dated_to_the_day_it_ended(text, expected):
    assert [m.date for m in find_dates(text, D(2020, 10, 22), "en" if "Oktober" not in text else "id")] == [expected]
