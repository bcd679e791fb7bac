"""Stage 2: date expressions in Indonesian and English news text.

* :func:`parse_datetime` reads a header or dateline string
  ("Senin 28 Sep 2020 15:52 WIB", "October 15, 2020 10:31 AM", "(04/10/2020)").
* :func:`find_dates` finds the date expressions of a sentence or paragraph
  (absolute, weekday with day/month, relative) and resolves each against the
  publication date, with a precision (DAY, WEEK or MONTH) and offsets.
* :func:`is_future` tells whether a clause describes a planned or future
  happening.

All vocabulary (month and weekday names, relative phrases, modality cues)
lives in ``geomap/lexicons/dates.json``; regexes are compiled on first use and
cached, nothing is loaded at import time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .model import DAY, MONTH, WEEK, DateMention

__all__ = ["find_dates", "find_datetime", "future_cues", "is_future", "load_lexicon", "parse_datetime"]

# A date without a year may lie at most this far after the publication date;
# further than that it is taken to be in the previous year.
_MAX_DAYS_AHEAD = 62
_PRECISIONS = {"day": DAY, "week": WEEK, "month": MONTH}
_DIGIT = re.compile(r"\d")
_NUMERIC_HINT = re.compile(r"\d[/.-]\d{1,2}[/.-]\d{4}")  # what every d/m/yyyy date holds (a cheap test first)
_YEAR = re.compile(r"\d{4}")


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> dict:
    """The parsed ``geomap/lexicons/<name>.json`` (cached; treat it as read-only)."""
    text = files("geomap.lexicons").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def conflict_year(month: int, day: int) -> int | None:
    """The year of a day-and-month date with no year, from the conflict's spells of fighting (actors.json):
    the latest spell the day falls in, else the latest it shortly follows; None when there is none."""
    spec = load_lexicon("actors")
    follow = dt.timedelta(days=int(spec.get("follow_days", 0)))
    inside, after = [], []
    for period in spec.get("conflict_periods", ()):
        start, until = dt.date.fromisoformat(period["from"]), dt.date.fromisoformat(period["until"])
        for year in {start.year, until.year}:
            try:
                day_in_year = dt.date(year, month, day)
            except ValueError:
                continue
            if start <= day_in_year <= until:
                inside.append(year)
            elif until < day_in_year <= until + follow:
                after.append(year)
    years = inside or after
    return max(years) if years else None


# --------------------------------------------------------------------------- patterns


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first, apostrophes loosened."""
    out = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        pat = re.escape(word).replace("'", "['\u2019]?").replace("\u2019", "['\u2019]?")
        pat = pat.replace(r"\ ", r"\s+")
        out.append(pat)
    return "(?:" + "|".join(out) + ")"


def _word(pattern: str) -> str:
    return rf"(?<![\w]){pattern}(?![\w])"


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    weekdays_abbr: dict[str, int]
    number_words: dict[str, int]
    # find_dates
    dmy: re.Pattern
    mdy: re.Pattern
    numeric: re.Pattern
    iso: re.Pattern
    weekday_dm: re.Pattern
    dm: re.Pattern
    md: re.Pattern
    month_year: re.Pattern
    month_ctx: re.Pattern
    weekday: re.Pattern
    # parse_datetime
    header_dmy: re.Pattern
    header_mdy: re.Pattern
    iso_datetime: re.Pattern
    time: re.Pattern
    time_gap: re.Pattern


@lru_cache(maxsize=None)
def _patterns() -> _Patterns:
    lex = load_lexicon("dates")
    months = {k.lower(): v for k, v in lex["months"].items()}
    weekdays = {k.lower(): v for k, v in lex["weekdays"].items()}
    weekdays_abbr = {k.lower(): v for k, v in lex["weekdays_abbreviated"].items()}
    full_months = [m for m in months if len(m) > 4 or m in ("mei", "may", "juni", "juli", "june", "july")]
    M = _alternation(months)
    FM = _alternation(full_months)
    WD = _alternation(weekdays)
    WDA = _alternation(list(weekdays) + list(weekdays_abbr))
    tz = _alternation(lex["time_zones"])
    ctx = lex["weekday_context"]
    flags = re.IGNORECASE

    opt_wd = rf"(?:(?P<wd>{WD})\s*,?\s*)?"
    opt_wda = rf"(?:(?P<wd>{WDA})\.?\s*,?\s*)?"
    ordinal = r"(?:st|nd|rd|th)?"
    dmy = rf"{opt_wd}(?P<d>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<m>{M})\.?,?\s+(?P<y>\d{{4}})(?!\d)"
    mdy = rf"{opt_wd}(?P<m>{M})\.?\s+(?P<d>\d{{1,2}}){ordinal},?\s+(?P<y>\d{{4}})(?!\d)"
    numeric = (
        rf"(?:(?P<wd>{WD})\s*,?\s*)?(?P<open>\()?\s*(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)"
        rf"(?P<y>\d{{4}})(?!\d)"
        r"(?(open)\s*\))"
    )
    ctx_words = _alternation(lex["month_context"])
    return _Patterns(
        months=months,
        ambiguous_months=frozenset(m.lower() for m in lex["months_ambiguous"]),
        weekdays=weekdays,
        weekdays_abbr=weekdays_abbr,
        number_words={k.lower(): v for k, v in lex["number_words"].items()},
        dmy=re.compile(_word(dmy), flags),
        mdy=re.compile(_word(mdy), flags),
        numeric=re.compile(rf"(?<![\w/]){numeric}(?![\w/]|\.\d)", flags),  # not in "2.10.2020.1"
        iso=re.compile(r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w])"),
        weekday_dm=re.compile(
            _word(rf"(?P<wd>{WD})\s*,?\s*\(\s*(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})\s*\)"), flags
        ),
        dm=re.compile(_word(rf"{opt_wd}(?P<d>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<m>{M})(?:\.(?!\d))?"), flags),
        md=re.compile(_word(rf"{opt_wd}(?P<m>{M})\.?\s+(?P<d>\d{{1,2}}){ordinal}") + r"(?![.,]?\d)", flags),
        month_year=re.compile(_word(rf"(?P<m>{M})\.?\s+(?:tahun\s+)?(?P<y>\d{{4}})"), flags),
        month_ctx=re.compile(_word(rf"(?P<ctx>{ctx_words})[\s-]+(?:bulan\s+)?(?P<m>{FM})"), flags),
        weekday=re.compile(
            _word(
                rf"(?:(?P<before>{_alternation(ctx['last_before'] + ctx['next_before'])})\s+)?"
                rf"(?:(?P<hari>hari)\s+)?(?P<wd>{WD})"
                rf"(?:\s+(?P<after>{_alternation(ctx['last_after'] + ctx['next_after'] + ctx['week_words_after'])})(?![\w]))?"
            ),
            flags,
        ),
        header_dmy=re.compile(
            _word(rf"{opt_wda}(?P<d>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<m>{M})\.?,?\s+(?P<y>\d{{4}})(?!\d)"), flags
        ),
        header_mdy=re.compile(
            _word(rf"{opt_wda}(?P<m>{M})\.?\s+(?P<d>\d{{1,2}}){ordinal},?\s+(?P<y>\d{{4}})(?!\d)"), flags
        ),
        iso_datetime=re.compile(
            r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
            r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\.\d+)?)?"
            r"(?:Z|[+-]\d{2}:?\d{2})?(?![\w])"
        ),
        time=re.compile(
            r"(?<![\w.:])(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?![\w]|[.:]\d)"
            r"(?:\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b))?"
            rf"(?:\s*(?P<tz>{tz})(?![\w]))?",
            flags,
        ),
        time_gap=re.compile(r"[\s,|\-\u2013\u2014/]*(?:(?:pukul|jam|at|@)[\s,]*)?", flags),
    )


# --------------------------------------------------------------------------- helpers


def _month(p: _Patterns, word: str) -> int | None:
    """Month number of a matched month word; ambiguous words need a capital."""
    key = word.lower().rstrip(".")
    if key in p.ambiguous_months and not word[:1].isupper():
        return None
    return p.months.get(key)


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day_month(d: int, m: int) -> tuple[int, int]:
    """Numeric dates are day/month unless that is impossible and month/day is not."""
    if m > 12 and d <= 12:
        return m, d
    return d, m


def _with_anchor_year(anchor: dt.date, m: int, d: int = 1) -> dt.date | None:
    date = _make_date(anchor.year, m, d)
    if date is None:
        if m == 2 and d == 29:  # a leap day in the previous year(s)
            date = _make_date(anchor.year - 1, m, d)
        return date
    if (date - anchor).days > _MAX_DAYS_AHEAD:
        date = _make_date(anchor.year - 1, m, d)
    return date


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + (date.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _as_date(anchor: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    return anchor


# --------------------------------------------------------------------------- parse_datetime


def _time_near(p: _Patterns, text: str, start: int, end: int):
    """The time written next to a date span: (hour, minute, second, new_start, new_end)."""
    best = None
    for m in p.time.finditer(text):
        if start <= m.start() < end:
            continue
        if m.start() >= end:
            gap = text[end : m.start()]
        else:
            gap = text[m.end() : start]
        adjacent = p.time_gap.fullmatch(gap) is not None
        if best is None or (adjacent and not best[1]):
            best = (m, adjacent)
        if adjacent:
            break
    if best is None:
        return None
    m, adjacent = best
    hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if adjacent:
        return hour, minute, second, min(start, m.start()), max(end, m.end())
    return hour, minute, second, start, end


def find_datetime(text: str) -> tuple[dt.datetime, int, int] | None:
    """The first full date (day, month and year) in ``text``, with a nearby time.

    Returns ``(naive datetime, start, end)`` where the span covers the date, a
    leading weekday and an adjacent time/time zone, or None.
    """
    if not text or not _YEAR.search(text):
        return None  # every full date has a four-digit year in it
    p = _patterns()
    found: list[tuple[int, int, dt.date, bool]] = []  # start, end, date, has_time(iso)
    iso_times: dict[int, tuple[int, int, int]] = {}
    for m in p.iso_datetime.finditer(text):
        date = _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if date:
            found.append((m.start(), m.end(), date, m["H"] is not None))
            if m["H"] is not None:
                iso_times[m.start()] = (int(m["H"]), int(m["M"]), int(m["S"] or 0))
            break
    for pat in (p.header_dmy, p.header_mdy):
        for m in pat.finditer(text):
            month = _month(p, m["m"])
            date = month and _make_date(int(m["y"]), month, int(m["d"]))
            if date:
                found.append((m.start(), m.end(), date, False))
                break
    for m in p.numeric.finditer(text):
        d, mo = _day_month(int(m["d"]), int(m["m"]))
        date = _make_date(int(m["y"]), mo, d)
        if date:
            found.append((m.start(), m.end(), date, False))
            break
    if not found:
        return None
    start, end, date, has_time = min(found, key=lambda f: (f[0], -f[1]))
    if has_time:
        h, mi, s = iso_times[start]
        return dt.datetime(date.year, date.month, date.day, h, mi, s), start, end
    near = _time_near(p, text, start, end)
    if near is None:
        return dt.datetime(date.year, date.month, date.day), start, end
    h, mi, s, start, end = near
    return dt.datetime(date.year, date.month, date.day, h, mi, s), start, end


def parse_datetime(text: str) -> dt.datetime | None:
    """Parse a header/dateline string such as "Senin 28 Sep 2020 15:52 WIB".

    Both languages, full and abbreviated month names, optional weekday, optional
    time (24 h or AM/PM, with WIB/WITA/WIT/GMT/UTC...). The time zone is dropped:
    the result is the naive local time as written. None when no full date
    (day, month, year) is found.
    """
    found = find_datetime(text)
    return found[0] if found else None


# --------------------------------------------------------------------------- find_dates


class _Spans:
    """Accepted mentions; later (weaker) patterns may not overlap earlier ones."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[DateMention] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= m.start or start >= m.end for m in self.items)

    def add(self, start: int, end: int, date: dt.date | None, precision: int) -> None:
        if date is None or not self.free(start, end):
            return
        self.items.append(DateMention(date, precision, self.text[start:end], start, end))


class _Shifted:
    """A window of a longer text: offsets are moved back into the whole text."""

    def __init__(self, spans: _Spans, offset: int) -> None:
        self.spans, self.offset = spans, offset

    def add(self, start: int, end: int, date: dt.date | None, precision: int) -> None:
        self.spans.add(start + self.offset, end + self.offset, date, precision)


_DIGITS = re.compile(r"\d+")
_WINDOW_BEFORE, _WINDOW_AFTER = 32, 24  # "Wednesday, September 27" before a day; ", 2020)" after it




def _cut(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen [a, b) to white space on both sides, so that no word is cut in two."""
    n = len(text)
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < n and not text[b].isspace():
        b += 1
    return a, b


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around its numbers, cut at white space: every date with a number lies in
    one, and the patterns need not try every position of a long report."""
    windows: list[tuple[int, int]] = []
    n = len(text)
    for m in _DIGITS.finditer(text):
        a, b = _cut(text, max(0, m.start() - _WINDOW_BEFORE), min(n, m.end() + _WINDOW_AFTER))
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(b, windows[-1][1]))
        else:
            windows.append((a, b))
    return windows


_WORDS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _month_words() -> re.Pattern:
    """Any month name or abbreviation as a word (a window without one needs no month pattern)."""
    months = load_lexicon("dates")["months"]
    return re.compile(r"(?<![^\W\d_])" + _alternation(months) + r"(?![^\W\d_])", re.IGNORECASE)


def _word_windows(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """Stretches of ``text`` around the given word positions, cut at white space and merged."""
    windows: list[tuple[int, int]] = []
    n = len(text)
    for position in positions:
        a, b = _cut(text, max(0, position - _WINDOW_BEFORE), min(n, position + _WINDOW_BEFORE + _WINDOW_AFTER))
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(b, windows[-1][1]))
        else:
            windows.append((a, b))
    return windows


@lru_cache(maxsize=None)
def _gates(language: str) -> dict[str, frozenset[str]]:
    """Words without which a group of patterns cannot match (to skip the group on most texts)."""
    lex = load_lexicon("dates")

    def runs(word: str) -> list[str]:
        return _WORDS.findall(word.lower())  # "Jum'at" is looked up as "jum" and "at"

    def longest(phrases) -> frozenset[str]:
        # the most telling word of each phrase ("yesterday" of "the day before yesterday"): the windows
        # around it are wide enough for the whole phrase, and frequent words ("the", "pada") open none
        return frozenset(max(reversed(runs(ph)), key=len) for ph in phrases if runs(ph))  # ties: the last

    relative = lex["relative"]
    languages = [language] if language in relative else list(relative)
    ago = lex["ago"]
    ago_languages = [language] if language in ago else list(ago)
    return {
        # a month without day or year needs a full month name after its context word ("awal Oktober")
        "month_context": frozenset(m.lower() for m in lex["months"]
                                   if len(m) > 4 or m.lower() in ("mei", "may", "juni", "juli", "june", "july")),
        "weekdays": longest(lex["weekdays"]),
        "relative": longest(e["phrase"] for lang in languages for e in relative[lang]),
        "ago": longest(s for lang in ago_languages for s in ago[lang]["suffixes"]),
    }


@lru_cache(maxsize=None)
def _groups_of(language: str) -> dict[str, tuple[str, ...]]:
    """word -> the pattern groups that need it (one lookup per word of a report)."""
    gates = dict(_gates(language))
    gates["month_context"] = _gates("en")["month_context"] | _gates("id")["month_context"]
    table: dict[str, list[str]] = {}
    for group, words in gates.items():
        for word in words:
            table.setdefault(word, []).append(group)
    return {word: tuple(groups) for word, groups in table.items()}


def _absolute(p: _Patterns, text: str, anchor: dt.date | None, spans: _Spans | _Shifted,
              month_context: list[int] | None = None) -> None:
    if _DIGIT.search(text):
        if len(text) <= 2 * (_WINDOW_BEFORE + _WINDOW_AFTER):
            _numbered(p, text, anchor, spans)
        else:
            for a, b in _digit_windows(text):
                _numbered(p, text[a:b], anchor, _Shifted(spans, a) if a else spans)
    if anchor is None or month_context == []:
        return
    windows = [(0, len(text))] if month_context is None or len(text) <= 400 else _word_windows(text, month_context)
    for a, b in windows:
        for m in p.month_ctx.finditer(text, a, b):
            if not m["m"][:1].isupper():
                continue
            month = _month(p, m["m"])
            if month:
                spans.add(m.start("m"), m.end("m"), _with_anchor_year(anchor, month), MONTH)


def _numbered(p: _Patterns, text: str, anchor: dt.date | None, spans: _Spans | _Shifted) -> None:
    """Date expressions with a number in them: all but bare months and relative phrases."""
    has_month = _month_words().search(text) is not None
    slash = "/" in text
    for pat in (p.dmy, p.mdy) if has_month else ():
        for m in pat.finditer(text):
            month = _month(p, m["m"])
            if month:
                spans.add(m.start(), m.end(), _make_date(int(m["y"]), month, int(m["d"])), DAY)
    for m in p.numeric.finditer(text) if _NUMERIC_HINT.search(text) else ():
        d, mo = _day_month(int(m["d"]), int(m["m"]))
        spans.add(m.start(), m.end(), _make_date(int(m["y"]), mo, d), DAY)
    for m in p.iso.finditer(text) if "-" in text else ():
        spans.add(m.start(), m.end(), _make_date(int(m["y"]), int(m["m"]), int(m["d"])), DAY)
    if anchor is not None:
        for m in p.weekday_dm.finditer(text) if slash else ():
            if not m["wd"][:1].isupper():
                continue
            d, mo = _day_month(int(m["d"]), int(m["m"]))
            spans.add(m.start(), m.end(), _with_anchor_year(anchor, mo, d), DAY)
        for pat in (p.dm, p.md) if has_month else ():
            for m in pat.finditer(text):
                month = _month(p, m["m"])
                if not month:
                    continue
                end = m.end()
                if pat is p.dm and text[end - 1 : end] == "." and len(m["m"]) > 4:
                    end -= 1  # a sentence's full stop, not an abbreviation's
                spans.add(m.start(), end, _with_anchor_year(anchor, month, int(m["d"])), DAY)
    for m in p.month_year.finditer(text) if has_month else ():
        month = _month(p, m["m"])
        if month and m["m"][:1].isupper():
            spans.add(m.start(), m.end(), _make_date(int(m["y"]), month, 1), MONTH)


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").lower())


@lru_cache(maxsize=None)
def _weekday_context() -> tuple[frozenset[str], ...]:
    ctx = load_lexicon("dates")["weekday_context"]
    return tuple(frozenset(ctx[k]) for k in ("last_after", "next_after", "last_before", "next_before",
                                              "week_words_after"))


_WORD_STARTS = re.compile(r"\b\w")
_WEEKDAY_PREFIX = 20  # characters a weekday's leading words take at most: "pada this past", "hari"


def _weekday_matches(p: _Patterns, text: str, positions: list[int]):
    """The weekday pattern's match around each weekday word at ``positions``: tried from the words just
    before it (its optional "last", "hari") and from the word itself, as a scan would find it, without
    trying every position of the text (the pattern opens with optional alternations)."""
    for position in positions:
        floor = max(0, position - _WEEKDAY_PREFIX)
        for start in [*(w.start() for w in _WORD_STARTS.finditer(text, floor, position)), position]:
            m = p.weekday.match(text, start)
            if m is not None and m.start("wd") == position:
                yield m
                break


def _weekdays(p: _Patterns, text: str, anchor: dt.date, spans: _Spans, positions: list[int]) -> None:
    last_after, next_after, last_before, next_before, week_words = _weekday_context()
    for m in _weekday_matches(p, text, positions):
        wd_word = m["wd"]
        if not wd_word[:1].isupper():
            continue  # "minggu" (week), or a weekday name used as an ordinary word
        key = _norm(wd_word).replace("\u2019", "'")
        weekday = p.weekdays.get(key)
        if weekday is None:
            continue
        before, after = _norm(m["before"]), _norm(m["after"])
        if key == "minggu" and after in week_words and not m["hari"]:
            continue  # "Minggu lalu": last week, left to the relative phrases
        if before in next_before or after in next_after:
            continue  # a future weekday is not an event date
        last = before in last_before or after in last_after
        delta = (anchor.weekday() - weekday) % 7
        if last and delta == 0:
            delta = 7
        start = m.start("before") if m["before"] else m.start("wd")
        end = m.end("after") if (m["after"] and after in last_after) else m.end("wd")
        spans.add(start, end, anchor - dt.timedelta(days=delta), DAY)


def _phrase_key(text: str) -> str:
    return " ".join(text.lower().split())


@lru_cache(maxsize=None)
def _relative_pattern(language: str) -> tuple[re.Pattern, dict[str, dict]]:
    """One alternation of every relative phrase (longest first) and phrase -> entry."""
    lex = load_lexicon("dates")["relative"]
    languages = [language] if language in lex else list(lex)
    entries = {_phrase_key(e["phrase"]): e for lang in reversed(languages) for e in lex[lang]}
    parts = []
    for key in sorted(entries, key=len, reverse=True):
        pat = r"\s+".join(re.escape(w) for w in key.split())
        guard = "".join(rf"(?<!\b{re.escape(w)}\s)" for w in entries[key].get("not_after") or [])
        parts.append(guard + pat)
    return re.compile(_word("(?:" + "|".join(parts) + ")"), re.IGNORECASE), entries


def _resolve_relative(entry: dict, anchor: dt.date) -> dt.date:
    kind, offset = entry["kind"], int(entry.get("offset", 0))
    if kind == "days":
        return anchor + dt.timedelta(days=offset)
    if kind == "week_of":
        return anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=offset)
    if kind == "month_of":
        return _add_months(anchor.replace(day=1), offset)
    if kind == "weekend_before":
        # the most recent Saturday strictly before the anchor's own weekend
        delta = (anchor.weekday() - 5) % 7
        if delta <= 1:  # published on a Saturday or Sunday
            delta += 7
        return anchor - dt.timedelta(days=delta)
    raise ValueError(f"dates.json: unknown relative kind {kind!r}")


@lru_cache(maxsize=None)
def _ago_patterns(language: str) -> tuple[tuple[re.Pattern, dict, dict, dict], ...]:
    lex = load_lexicon("dates")
    ago = lex["ago"]
    languages = [language] if language in ago else list(ago)
    numbers = _alternation(lex["number_words"])
    out = []
    for lang in languages:
        spec = ago[lang]
        suffix = _alternation(spec["suffixes"])
        units = spec["units"]
        pat = rf"(?P<n>\d{{1,2}}|{numbers})\s+(?P<u>{_alternation(units)})\s+(?P<s>{suffix})"
        prefixed = spec.get("prefixed") or {}
        if prefixed:
            pat = rf"(?:{pat}|(?P<p>{_alternation(prefixed)})\s+(?P<s2>{suffix}))"
        out.append((re.compile(_word(pat), re.IGNORECASE), units, prefixed, lex["number_words"]))
    return tuple(out)


def _relative(text: str, anchor: dt.date, language: str, spans: _Spans) -> None:
    pattern, entries = _relative_pattern(language)
    for m in pattern.finditer(text):
        entry = entries[_phrase_key(m.group())]
        spans.add(m.start(), m.end(), _resolve_relative(entry, anchor), _PRECISIONS[entry["precision"]])


def _ago(text: str, anchor: dt.date, language: str, spans: _Spans) -> None:
    for pat, units, prefixed, numbers in _ago_patterns(language):
        for m in pat.finditer(text):
            word = m.groupdict().get("p")
            if word:
                n, (size, prec) = 1, prefixed[word.lower()]
            else:
                raw = m["n"].lower()
                n = int(raw) if raw.isdigit() else numbers.get(raw, 0)
                size, prec = units[m["u"].lower()]
            if n <= 0:
                continue
            if prec == "month":
                date = _add_months(anchor.replace(day=1), -n)
            else:
                date = anchor - dt.timedelta(days=n * size)
            spans.add(m.start(), m.end(), date, _PRECISIONS[prec])


GATE_GROUPS = ("ago", "weekdays", "relative", "month_context")


def gate_words(language: str) -> dict[str, frozenset[str]]:
    """The words each group of date patterns needs (for a caller that finds them in its own scan)."""
    return {group: frozenset(w for w, groups in _groups_of(language).items() if group in groups)
            for group in GATE_GROUPS}


def find_dates(text: str, anchor: dt.date | None, language: str,
               words_at: dict[str, list[int]] | None = None) -> list[DateMention]:
    """Date expressions in ``text``, resolved against ``anchor`` (the publication date).

    Absolute dates ("8 Oktober 2020", "October 15, 2020", "(04/10/2020)") need
    no anchor; dates without a year ("27 September", "Kamis (8/10)") take the
    anchor's year (the previous year when that would put them more than about
    two months after the anchor); relative expressions ("kemarin", "pada hari
    Sabtu", "Minggu lalu", "two days ago") are only returned with an anchor.
    Bare years are too coarse and are not returned. Mentions do not overlap and
    come in text order; ``text[m.start:m.end] == m.text``.  ``words_at``: where the words of
    :func:`gate_words` are in ``text``, when the caller has already found them.
    """
    if not text:
        return []
    anchor = _as_date(anchor)
    p = _patterns()
    spans = _Spans(text)
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text  # a character whose lower case is longer ("İ"): offsets must stay one for one
    if words_at is not None:
        found = words_at
    else:
        found = {group: [] for group in GATE_GROUPS}
        groups_of = _groups_of(language)
        for m in _WORDS.finditer(lowered):
            groups = groups_of.get(m.group())
            if groups:
                for group in groups:
                    found[group].append(m.start())
    _absolute(p, text, anchor, spans, found["month_context"])
    if anchor is not None:
        long_text = len(text) > 4 * (_WINDOW_BEFORE + _WINDOW_AFTER)
        for group, run in (("ago", lambda t, sp: _ago(t, anchor, language, sp)),
                           ("weekdays", None),  # tried at its words' positions, not in windows
                           ("relative", lambda t, sp: _relative(t, anchor, language, sp))):
            if not found[group]:
                continue
            if run is None:
                _weekdays(p, text, anchor, spans, found[group])
                continue
            if not long_text:
                run(text, spans)
                continue
            for a, b in _word_windows(text, found[group]):  # only around the words the patterns need
                run(text[a:b], _Shifted(spans, a) if a else spans)
    return [_night_end(text, m) for m in sorted(spans.items, key=lambda m: m.start)]


_NIGHT_RANGE = re.compile(r"(?:\s*[-\u2013]\s*|\s+(?:to|and|hingga|sampai|ke)\s+)(\d{1,2})(?![\d/.])")
_NIGHT_WORDS = ("night", "malam")


def _night_end(text: str, mention: DateMention) -> DateMention:
    """ "the night of October 19-20": the night is dated to the day it ended (as "19-20 October" already is)."""
    end = _NIGHT_RANGE.match(text, mention.end)
    if end is None or mention.precision != DAY or \
            not any(w in text[max(0, mention.start - 15) : mention.start].lower() for w in _NIGHT_WORDS):
        return mention
    try:
        day = mention.date.replace(day=int(end.group(1)))
    except ValueError:
        return mention
    if not 0 < (day - mention.date).days <= 1:
        return mention
    return DateMention(day, DAY, text[mention.start : end.end()], mention.start, end.end())


# --------------------------------------------------------------------------- is_future


def _cue_pattern(cues) -> re.Pattern | None:
    parts = []
    for cue in sorted(set(cues), key=len, reverse=True):
        pat = r"\s+".join(re.escape(w) for w in cue.lower().split())
        if cue[:1].isalnum():
            pat = r"(?<!\w)" + pat
        if cue[-1:].isalnum():
            pat = pat + r"(?!\w)"
        parts.append(pat)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


@lru_cache(maxsize=None)
def _modality(language: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    lex = load_lexicon("dates")["modality"]
    languages = [language] if language in lex else list(lex)
    future = [c for lang in languages for c in lex[lang]["future"]]
    exclude = [c for lang in languages for c in lex[lang].get("exclude", [])]
    return _cue_pattern(future), _cue_pattern(exclude)


def is_future(sentence: str, language: str) -> bool:
    """True when the clause describes a future or planned happening.

    Conservative cue matching ("akan", "pekan depan", "berencana", "will",
    "plans to", "is expected to", "tomorrow"...), with phrases in which a cue
    word is not a future marker ("akan tetapi", "khawatir akan", "free will")
    masked out first. Cues inside quotes count too ("... akan terus berlanjut").
    """
    if not sentence:
        return False
    future, exclude = _modality(language)
    if future is None:
        return False
    if exclude is not None:
        sentence = exclude.sub(lambda m: " " * len(m.group()), sentence)
    return future.search(sentence) is not None


def future_cues(text: str, language: str) -> list[tuple[int, int]]:
    """Spans of the future/planning cues of ``text`` (what :func:`is_future` looks for), found in one scan.

    A long text is scanned once and each clause then asks whether a cue lies inside it.
    """
    if not text:
        return []
    future, exclude = _modality(language)
    if future is None:
        return []
    if exclude is not None:
        text = exclude.sub(lambda m: " " * len(m.group()), text)
    return [m.span() for m in future.finditer(text)]
