"""Stage 1: a report (plain text or HTML) -> :class:`~geomap.model.Article`.

* :func:`decode_report` turns the raw bytes into text (UTF-8 with or without
  BOM, falling back to cp1252/Latin-1) and rejects empty, binary and oversized
  input with an :class:`~geomap.errors.ArticleError` naming the source.
* :func:`parse_article` finds the title, publisher, publication datetime,
  dateline city and language, and keeps the body as segments: the lines of
  the text that are not header or boilerplate ("Baca Juga", "ADVERTISEMENT",
  photo captions, share widgets, related-article headlines...). Segment
  offsets index into ``Article.text``.
* :func:`read_article` is the two together.

The boilerplate rules live in ``geomap/lexicons/boilerplate.json``, publisher
spellings in ``publishers.json`` and the language cues in ``stopwords.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .dates import conflict_year, find_dates, find_datetime, load_lexicon
from .errors import ArticleError
from .model import DAY, Article, DateMention, Segment

__all__ = ["decode_report", "parse_article", "read_article"]

STANDFIRST_MAX_WORDS = 45  # a summary line under the title, above the date line
HEADER_LINES = 15  # the header (title, date, dateline) lies within this many non-blank lines
LEAD_PARAGRAPHS = 3  # "Dilansir dari X, Rabu (20/9/2023)" is looked for in this many paragraphs
_BINARY_CONTROL_RATIO = 0.05
_CAPTION_MAX_WORDS = 60
_CAPTION_END_REACH = 240  # the caption_end rules end a line and span at most ~200 characters

_SPACE = " \t\r\n\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u3000\ufeff"
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_DOMAIN = re.compile(r"[A-Za-z0-9][\w-]*(?:\.[A-Za-z]{2,})+")


# --------------------------------------------------------------------------- decoding


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} bytes"


_CONTROL_BYTES = bytes([*range(9), *range(14, 32), 127])


def _looks_binary(raw: bytes) -> bool:
    if b"\x00" in raw:
        return True
    sample = raw[:65536]
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control / max(1, len(sample)) > _BINARY_CONTROL_RATIO


_HTML_TAG = re.compile(
    r"</?(?:html|head|body|meta|title|link|script|style|div|span|p|br|a|img|article|section|header|footer|nav|"
    r"main|aside|h[1-6]|ul|ol|li|table|tr|td|figure|figcaption|time|strong|em|b|i)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def _is_html(text: str) -> bool:
    head = text.lstrip(_SPACE)[:2048].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    if head.startswith("<?xml") and "<html" in head:
        return True
    sample = text[:200_000]
    tags = _HTML_TAG.findall(sample)
    if len(tags) < 5:
        return False
    markup = sum(len(t) for t in tags)
    return markup / max(1, len(sample)) > 0.05 or len(tags) * 1000 / max(1, len(sample)) > 3


def decode_report(raw: bytes, source: str, max_bytes: int) -> tuple[str, bool]:
    """Decode a report's bytes: ``(text, is_html)``.

    Raises :class:`ArticleError` naming ``source`` for an oversized, empty or
    binary file. UTF-8 (BOM or not) first, UTF-16 when it has a BOM, else
    cp1252, else Latin-1 (which decodes anything).
    """
    if len(raw) > max_bytes:
        raise ArticleError(f"{source}: {_size(len(raw))} exceeds the {_size(max_bytes)} limit")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError(f"{source}: looks binary, not a text report") from None
    else:
        if not raw.strip(_SPACE.encode("ascii", "ignore")) or raw.strip() == b"\xef\xbb\xbf":
            raise ArticleError(f"{source}: empty file")
        if _looks_binary(raw):
            raise ArticleError(f"{source}: looks binary, not a text report")
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if not text.strip(_SPACE):
        raise ArticleError(f"{source}: empty file")
    if "\x00" in text:
        raise ArticleError(f"{source}: looks binary, not a text report")
    return text, _is_html(text)


# --------------------------------------------------------------------------- lines and rules


class _Line(NamedTuple):  # a tuple: made for every line of every report, and cheaper than a dataclass
    start: int
    end: int
    text: str


_LINE = re.compile(r"[^\r\n]+")


def _lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text``, stripped, with their offsets."""
    out = []
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.lstrip(_SPACE)
        start = m.start() + len(raw) - len(stripped)
        stripped = stripped.rstrip(_SPACE)
        if stripped:
            out.append(_Line(start, start + len(stripped), stripped))
    return out


@dataclass(frozen=True)
class _Rules:
    drop: re.Pattern  # each list compiled to one alternation: one match per line, not one per rule
    related: re.Pattern  # marker i matches as group "r<i>"
    related_lines: dict[str, int]  # "r<i>" -> how many headline lines follow marker i
    credit: re.Pattern
    caption_end: re.Pattern
    caption_end_requires: tuple[str, ...]
    numbered: re.Pattern
    headline_max_words: int
    date_line_max_extra_words: int


@lru_cache(maxsize=None)
def _rules() -> _Rules:
    lex = load_lexicon("boilerplate")
    def one(patterns, ignore_case: bool = False) -> str:
        alternation = "|".join(f"(?:{p})" for p in patterns) or "(?!)"  # (?!): an empty list matches nothing
        return f"(?i:{alternation})" if ignore_case else alternation

    markers = lex["related_markers"]
    return _Rules(
        drop=re.compile(one(lex["drop_line"], True) + "|" + one(lex["drop_line_case_sensitive"])),
        related=re.compile("|".join(f"(?P<r{i}>{r['regex']})" for i, r in enumerate(markers)) or "(?!)",
                           re.IGNORECASE),
        related_lines={f"r{i}": int(r["max_lines"]) for i, r in enumerate(markers)},
        credit=re.compile(one(lex["credit_line"], True)),
        caption_end=re.compile(one(lex["caption_end"])),
        caption_end_requires=tuple(lex.get("caption_end_requires") or ("",)),
        numbered=re.compile(lex["numbered_heading"]),
        headline_max_words=int(lex["headline_max_words"]),
        date_line_max_extra_words=int(lex["date_line_max_extra_words"]),
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _headline_like(text: str, rules: _Rules) -> bool:
    return (
        len(text.split()) <= rules.headline_max_words
        and not _SENTENCE_END.search(text)
        and not rules.numbered.fullmatch(text)
    )


def _body_like(text: str) -> bool:
    """A paragraph of running text rather than a title, subtitle or tag."""
    n = len(text.split())
    return n >= 25 or (n >= 6 and _SENTENCE_END.search(text) is not None)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _boilerplate(lines: list[_Line], rules: _Rules) -> list[bool]:
    """For each line: True when it is boilerplate (not body text)."""
    n = len(lines)
    drop = [False] * n
    credit = [False] * n
    credit_line, drop_line, caption_end = rules.credit.fullmatch, rules.drop.fullmatch, rules.caption_end.search
    for i, line in enumerate(lines):
        t = line.text
        if credit_line(t):
            credit[i] = drop[i] = True
        elif drop_line(t):
            drop[i] = True
        else:
            for required in rules.caption_end_requires:  # a caption's end needs one of these
                if required in t:
                    drop[i] = caption_end(t, max(0, len(t) - _CAPTION_END_REACH)) is not None
                    break
    # a caption stands right before its credit line; a repeated copy may follow it
    def caption_like(j: int) -> bool:
        return (
            0 <= j < n
            and not drop[j]
            and len(lines[j].text.split()) <= _CAPTION_MAX_WORDS
            and not _dateline_split(lines[j].text)
        )

    captions: set[str] = set()
    for i in range(n):
        if not credit[i]:
            continue
        if caption_like(i - 1):
            drop[i - 1] = True
            captions.add(_norm(lines[i - 1].text))
    for i, line in enumerate(lines if captions else ()):
        if _norm(line.text) in captions:
            drop[i] = True
    # related-article lists: a marker line, then headline-like lines
    budget = 0
    for i, line in enumerate(lines):
        marker = rules.related.fullmatch(line.text)
        if marker is not None:
            drop[i] = True
            budget = rules.related_lines[marker.lastgroup]
            continue
        if budget <= 0 or drop[i]:
            continue
        if _headline_like(line.text, rules):
            drop[i] = True
            budget -= 1
        else:
            budget = 0
    return drop


# --------------------------------------------------------------------------- publishers and datelines


@dataclass(frozen=True)
class _Publishers:
    by_variant: dict[str, str]
    by_domain: dict[str, str]
    agencies: frozenset[str]
    name_words: frozenset[str]


@lru_cache(maxsize=None)
def _publishers() -> _Publishers:
    lex = load_lexicon("publishers")
    by_variant = {}
    for name, variants in lex["names"].items():
        for v in [name, *variants]:
            by_variant[_norm(v)] = name
    return _Publishers(
        by_variant=by_variant,
        by_domain={k.lower(): v for k, v in lex["domains"].items()},
        agencies=frozenset(_norm(a) for a in lex["agencies"]),
        name_words=frozenset(w.casefold() for w in lex["name_words"]),
    )


def _canonical_publisher(name: str) -> str:
    pubs = _publishers()
    name = name.strip(" .,-")
    key = _norm(name)
    if key in pubs.by_variant:
        return pubs.by_variant[key]
    host = key.removeprefix("www.")
    while host:
        if host in pubs.by_domain:
            return pubs.by_domain[host]
        if "." not in host:
            break
        host = host.split(".", 1)[1]
    return name


def _publisher_from_url(url: str | None) -> str | None:
    if not url:
        return None
    m = re.match(r"(?:[a-z][\w+.-]*://)?(?:[^@/]*@)?([^/:?#]+)", url.strip(), re.IGNORECASE)
    if not m or "." not in m.group(1):
        return None
    host = m.group(1).lower().removeprefix("www.")
    name = _canonical_publisher(host)
    return name if name != host else host


@dataclass(frozen=True)
class _Dateline:
    city: str | None
    publisher: str | None
    published: dt.datetime | None
    end: int  # where the body text starts in the line
    month_day: tuple[int, int] | None = None  # "Oct. 15": a date without its year


# "--", "—", " - ", "(Reuters) ", and "ARMENPRESS. " (an agency in capitals closing the dateline with a full stop)
_DATELINE_SEP = re.compile(r"\s*(?:-{2,3}|[\u2013\u2014\u2015])\s*|\s+-\s+|(?<=\))\s*[.:,]?\s+"
                           r"|(?<=[A-Z]{3})\.\s+(?=[A-Z])")
_PLACE_ELEMENT = re.compile(r"[^\W\d_][\w.'\u2019-]*(?:\s+[^\W\d_][\w.'\u2019-]*){0,3}")
_DOMAIN_CITY = re.compile(rf"(?P<dom>{_DOMAIN.pattern})\s*-\s*(?P<rest>.+)")


def _date_element(text: str) -> DateMention | None:
    """The date a dateline element consists of ("Oct. 15, 2020", "Oct. 15"), if it is one."""
    found = find_datetime(text)
    if found:
        return DateMention(found[0].date(), DAY, text, 0, len(text))
    # with a stand-in anchor, only to see whether the element is a date; the year is not known
    mentions = find_dates(text, dt.date(2000, 6, 15), "en") + find_dates(text, dt.date(2000, 6, 15), "id")
    return next((m for m in mentions if m.end - m.start >= 0.6 * len(text.strip(" ,."))), None)


def _is_date_element(text: str) -> bool:
    return _date_element(text) is not None


def _parse_prefix(prefix: str, rest: str, loose: bool, standalone: bool = False) -> _Dateline | None:
    pubs = _publishers()
    if not prefix[:1].isupper() or len(prefix.split()) > 10 or re.search(r"[\"\u201c\u201d]", prefix):
        return None
    parens = re.findall(r"\(([^()]*)\)", prefix)
    main = re.sub(r"\([^()]*\)", ",", prefix)
    elements: list[str] = []
    for element in main.split(","):
        element = re.sub(r"\s+", " ", element).strip(_SPACE + ".")
        if not element:
            continue
        m = _DOMAIN_CITY.fullmatch(element)
        if m:
            elements += [m["dom"], m["rest"].strip(_SPACE + ".")]
        else:
            elements.append(element)
    merged: list[str] = []
    for element in elements:  # "Oct. 28, 2020": the year split off its date by the comma
        if merged and re.fullmatch(r"(?:19|20)\d\d", element) and _is_date_element(merged[-1]):
            merged[-1] = f"{merged[-1]}, {element}"
        else:
            merged.append(element)
    elements = merged
    if not elements or len(elements) > 5:
        return None
    publisher = city = None
    published = None
    month_day = None
    has_date = False
    for pos, element in enumerate(elements):
        key = _norm(element)
        if key in pubs.by_variant or _DOMAIN.fullmatch(element):
            publisher = publisher or _canonical_publisher(element)
        elif (date := _date_element(element)) is not None:
            has_date = True
            published = published or (find_datetime(element) or (None,))[0]
            if date.precision == DAY:
                month_day = month_day or (date.date.month, date.date.day)
        elif all(_PLACE_ELEMENT.fullmatch(part) and all(w[:1].isupper() for w in part.split())
                 for part in element.split("/")):  # "BAKU/YEREVAN": a report filed from two cities
            if pos > 0 and publisher is None and pubs.name_words & {w.casefold() for w in element.split()}:
                publisher = element
            elif city is None:
                city = element.split("/")[0].strip()
        else:
            return None
    for inner in parens:
        inner = re.sub(r"\s+", " ", inner).strip(_SPACE)
        if not inner:
            continue
        if _norm(inner) in pubs.by_variant or _norm(inner) in pubs.agencies or _DOMAIN.fullmatch(inner):
            publisher = publisher or _canonical_publisher(inner)
        elif _is_date_element(inner):
            has_date = True
            published = published or (find_datetime(inner) or (None,))[0]
        else:
            return None
    confident = publisher is not None or has_date or (city is not None and city.isupper() and len(city) >= 3)
    n_rest = len(rest.split())
    if standalone:  # "Baku, October 27, APA" on a line of its own: a dateline with the body on the next line
        # ("JAMnews, Baku", "Azatutyun.am": the publisher's line, with or without the city)
        return _Dateline(city, publisher, published, 0, month_day) \
            if (has_date and (city or publisher)) or publisher else None
    if confident and n_rest >= 5:
        return _Dateline(city, publisher, published, 0, month_day)
    if loose and city is not None and len(elements) == 1 and len(city.split()) <= 2 and n_rest >= 15:
        return _Dateline(city, None, None, 0)
    return None


def _dateline_split(line: str, loose: bool = False) -> _Dateline | None:
    """The dateline at the start of a lead paragraph ("REPUBLIKA.CO.ID, MOSKOW -- ...")."""
    for m in _DATELINE_SEP.finditer(line[:160]):
        if m.start() < 2:
            continue
        found = _parse_prefix(line[: m.start()].strip(), line[m.end() :], loose)
        if found is not None:
            return _Dateline(found.city, found.publisher, found.published, m.end(), found.month_day)
    return None


# --------------------------------------------------------------------------- header


_STAMP = re.compile(r"(?:first\s+)?(?:published|posted|updated|last\s+updated|diterbitkan|dipublikasikan|"
                    r"diperbarui|terbit|diunggah)\b\s*(?:on|pada)?\s*:?\s*", re.IGNORECASE)


def _stamp_line(text: str, rules: _Rules) -> dt.datetime | None:
    """The datetime of a line such as "Published July 15, 2020" or "Diperbarui: 5 Oktober 2020 10:15 WIB"."""
    m = _STAMP.match(text)
    return _date_line(text[m.end() :], rules) if m and len(text) <= 80 else None


_DATE_LINE_MAX_SPACES = 20  # a date with weekday, time and zone is at most ~8 words, plus a few others


def _date_line(text: str, rules: _Rules) -> dt.datetime | None:
    """The datetime of a line that is (mostly) a date: "Senin 28 Sep 2020 15:52 WIB"."""
    if text.count(" ") > _DATE_LINE_MAX_SPACES:
        return None  # a paragraph, not a date line (saves the date patterns on every long line)
    found = find_datetime(text)
    if not found:
        return None
    when, start, end = found
    extra = _words(text[:start] + " " + text[end:])
    return when if len(extra) <= rules.date_line_max_extra_words else None


_ID_SHAPE = re.compile(r"(?:me[mn]?g?y?|di|ber|ter|pe[mn]?g?)[a-z]{3,}(?:kan|i|an|nya)?|[a-z]+(?:kan|nya)")
_EN_SHAPE = re.compile(r"[a-z]{3,}(?:ing|ed|tion|ly)|the|of|and|to|in")


@lru_cache(maxsize=None)
def _stopword_set(language: str) -> frozenset[str]:
    return frozenset(load_lexicon("stopwords")[language])


def _language(text: str) -> str:
    lex = load_lexicon("stopwords")
    found = Counter(re.findall(r"[a-z]+", text.lower()))
    present = found.keys()
    counts = {lang: sum(found[w] for w in present & _stopword_set(lang)) for lang in lex if not lang.startswith("_")}
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] == 0:
        # too short for function words ("Pasukan Armenia menembaki kota Tartar."): word shapes decide
        words = re.findall(r"[a-z]+", text.lower())
        indonesian = sum(1 for w in words if _ID_SHAPE.fullmatch(w))
        english = sum(1 for w in words if _EN_SHAPE.fullmatch(w))
        return "id" if indonesian > english else "en"
    if list(counts.values()).count(counts[best]) > 1:
        return "id" if counts.get("id") == counts[best] else best
    return best


def _continues(text: str, previous: Segment, line: _Line) -> bool:
    """True when ``line`` continues the paragraph of ``previous`` (hard-wrapped text)."""
    gap = text[previous.end : line.start]
    return (
        gap.count("\n") + gap.count("\r") - gap.count("\r\n") == 1
        and not _SENTENCE_END.search(previous.text)
        and line.text[:1].islower()
    )


_CROSSHEAD_MAX_WORDS = 6


def _crosshead(text: str) -> bool:
    """A short line with no sentence punctuation between paragraphs: a heading, not a sentence."""
    return len(text.split()) <= _CROSSHEAD_MAX_WORDS and not _SENTENCE_END.search(text) and \
        not text.rstrip().endswith((",", ";", ":", "\"", "\u201d"))


def _is_weekday(word: str) -> bool:
    return word.lower() in _weekday_words()


@lru_cache(maxsize=None)
def _weekday_words() -> frozenset[str]:
    lex = load_lexicon("dates")
    return frozenset(w.lower() for w in (*lex["weekdays"], *lex["weekdays_abbreviated"]))


def _title_from_body(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    if len(sentence) > 120:
        sentence = sentence[:120].rsplit(" ", 1)[0] + "\u2026"
    return sentence


# "Rabu (20/9/2023)", "Kamis, 21 September 2023": a weekday with a full date, as leads give their news day
_WEEKDAY_FULL_DATE = re.compile(r"[^\W\d_][\w'\u2019]*\s*,?\s*(?:\(|\d{1,2}\s+[^\W\d_]+\.?\s+\d{4})")


@dataclass(frozen=True)
class _Parsed:
    title: str
    segments: tuple[Segment, ...]
    language: str
    publisher: str | None
    published: dt.datetime | None
    dateline: str | None


def _parse_text(text: str, known_title: str | None = None, title_variants: tuple[str, ...] = ()) -> _Parsed:
    """Header fields and body segments of plain text.

    ``known_title`` (from HTML metadata) replaces title guessing; a line near the
    top equal to it or to one of ``title_variants`` is header, not body.
    """
    rules = _rules()
    lines = _lines(text)
    drop = _boilerplate(lines, rules)
    # "Published July 15, 2020", "Diperbarui 5 Okt 2020 10:15 WIB": a time stamp line, wherever the page put it
    stamps = {i: d for i in range(len(lines)) if not drop[i] and (d := _stamp_line(lines[i].text, rules))}
    keep = [i for i in range(len(lines)) if not drop[i] and i not in stamps]
    head = keep[:HEADER_LINES]
    date_lines = {i: d for i in head if (d := _date_line(lines[i].text, rules))}

    # title line
    title_idx: int | None = None
    if known_title:
        wanted = {_norm(t) for t in (known_title, *title_variants) if t}
        title_idx = next((i for i in head[:5] if _norm(lines[i].text) in wanted), None)
        if title_idx is None and head and _headline_like(lines[head[0]].text, rules):
            title_idx = head[0]  # the page's heading, worded unlike its <title>
    else:
        title_idx = next((i for i in head if i not in date_lines), None)

    # where the body starts: the dateline paragraph, else the first running-text line
    body_start: int | None = None
    dateline: _Dateline | None = None
    # a standfirst (one or two summary lines) between the title and the date line is header, not body
    standfirst: set[int] = set()
    if not known_title and title_idx is not None and not any(i < title_idx for i in date_lines):
        later = [i for i in head if i > title_idx]
        for n, i in enumerate(later[:3]):
            if i in date_lines:
                between = later[:n]
                if all(len(lines[j].text.split()) <= STANDFIRST_MAX_WORDS and _dateline_split(lines[j].text) is None
                       for j in between):
                    standfirst = set(between)
                break
    after_title = [i for i in head if (title_idx is None or i >= title_idx) and i not in standfirst]
    for i in after_title:
        if i in date_lines:
            continue
        if i == title_idx and known_title:
            continue
        strict = i == title_idx
        found = _dateline_split(lines[i].text, loose=not strict)
        if found is not None and (not strict or len(lines[i].text[found.end :].split()) >= 15):
            dateline, body_start = found, i
            break
        if not strict and _body_like(lines[i].text):
            break  # the lead paragraph has no dateline
    if body_start is None:
        for i in after_title:
            if i in date_lines or (i == title_idx and known_title):
                continue
            if i == title_idx:
                if len(lines[i].text.split()) >= 25:  # no title line: the text opens with the body
                    body_start = i
                    break
                continue
            if known_title or _body_like(lines[i].text):  # extracted HTML: no subtitle guessing
                body_start = i
                break
    if body_start is None:
        rest = [i for i in keep if i not in date_lines and i not in standfirst and i != title_idx
                and (title_idx is None or i > title_idx)]
        if rest:
            body_start = rest[0]
        elif title_idx is not None and not known_title and _body_like(lines[title_idx].text):
            body_start = title_idx  # a one-paragraph report

    # title
    if known_title:
        title = known_title.strip()
    elif title_idx is not None and title_idx != body_start:
        title = lines[title_idx].text
    elif body_start is not None:
        line = lines[body_start]
        title = _title_from_body(line.text[dateline.end :] if dateline else line.text)
    else:
        title = ""

    # body segments; a hard-wrapped continuation line joins its paragraph
    segments: list[Segment] = []
    if body_start is not None:
        for i in keep:
            if i < body_start:
                continue
            line = lines[i]
            start = line.start
            if i == body_start and dateline is not None:
                start = line.start + dateline.end
                while start < line.end and text[start] in _SPACE:
                    start += 1
                if start >= line.end:
                    continue
            if i != body_start and _crosshead(line.text) and not rules.numbered.fullmatch(line.text) and \
                    not (segments and _continues(text, segments[-1], line)):
                continue  # "Serangan di Garayusifli", "TUESDAY'S FIGHTING": a heading inside the story
            if segments and _continues(text, segments[-1], line):
                start = segments.pop().start
            segments.append(Segment(text[start : line.end], start))

    if dateline is None and body_start is not None:  # "Baku, October 27, APA" on the line before the body
        for i in (j for j in head if j < body_start and j != title_idx and j not in date_lines):
            dateline = _parse_prefix(lines[i].text, "", loose=False, standalone=True)
            if dateline is not None:
                break

    # publication datetime: a header date line, the dateline's date, "Rabu (20/9/2023)" in the lead
    published = None
    for i in head:
        if i in date_lines and (body_start is None or i <= body_start):
            published = date_lines[i]
            break
    if published is None and dateline is not None:
        published = dateline.published
    if published is None and dateline is not None and dateline.month_day is not None:
        # "BAKU, Azerbaijan, Oct. 15 (Reuters) -": the year from the conflict's spells of fighting
        year = conflict_year(*dateline.month_day)
        if year is not None:
            published = dt.datetime(year, *dateline.month_day)
    if published is None and stamps:
        published = stamps[min(stamps)]
    if published is None:
        for seg in segments[:LEAD_PARAGRAPHS]:
            for m in find_dates(seg.text, None, "id"):
                if _WEEKDAY_FULL_DATE.match(m.text) and _is_weekday(m.text.split()[0].strip(",(")):
                    published = dt.datetime.combine(m.date, dt.time())
                    break
            if published is not None:
                break

    body = "\n".join(s.text for s in segments)
    return _Parsed(
        title=title,
        segments=tuple(segments),
        language=_language(body or title),
        publisher=dateline.publisher if dateline else None,
        published=published,
        dateline=dateline.city if dateline else None,
    )




# --------------------------------------------------------------------------- HTML


def _iso_datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    found = find_datetime(value.strip())
    return found[0] if found else None


def _html_metadata(html: str) -> dict[str, str]:
    """og:/article: metadata, canonical link, <title> and JSON-LD dates of a page."""
    from lxml import html as lxml_html

    meta: dict[str, str] = {}
    source = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        doc = lxml_html.fromstring(source)
    except (ValueError, TypeError, Exception):  # lxml raises ParserError (an Exception) on junk
        return meta
    for el in doc.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in meta:
            meta[key] = content
    for el in doc.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            meta.setdefault("canonical", el.get("href").strip())
    for el in doc.iter("time"):
        if el.get("datetime"):
            meta.setdefault("time", el.get("datetime").strip())
            break
    title = doc.find(".//title")
    if title is not None and (title.text_content() or "").strip():
        meta.setdefault("html_title", title.text_content().strip())
    h1 = doc.find(".//h1")
    if h1 is not None and (h1.text_content() or "").strip():
        meta.setdefault("h1", re.sub(r"\s+", " ", h1.text_content()).strip())
    m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', html)
    if m:
        meta.setdefault("ld_date_published", m.group(1))
    return meta


_BLOCK_TAGS = (
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
    "article", "blockquote", "figcaption", "header", "footer", "pre", "dd", "dt",
)


def _html_fallback_text(html: str) -> str:
    """Plain text of a page, one block per line (when trafilatura finds nothing)."""
    from lxml import html as lxml_html

    try:
        doc = lxml_html.fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
    except Exception:
        return ""
    for bad in doc.xpath("//script|//style|//noscript|//nav|//form|//template|//head"):
        bad.drop_tree()
    for el in doc.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    lines = (re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in doc.text_content().splitlines())
    return "\n".join(ln for ln in lines if ln)


def _extract_html(html: str) -> tuple[str, str | None, tuple[str, ...], dict[str, str]]:
    """(main text, title, other spellings of the title, metadata) of an HTML page, offline."""
    meta = _html_metadata(html)
    text = ""
    title = None
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception:  # trafilatura may choke on odd markup: fall back to plain lxml
        doc = None
    if doc is not None:
        text = (getattr(doc, "text", None) or "").strip()
        title = getattr(doc, "title", None)
        for key, attr in (("trafilatura_date", "date"), ("trafilatura_url", "url"), ("trafilatura_site", "sitename")):
            value = getattr(doc, attr, None)
            if value:
                meta.setdefault(key, str(value))
    if not text:
        text = _html_fallback_text(html)
    candidates = [meta.get("og:title"), meta.get("twitter:title"), title, meta.get("h1"), meta.get("html_title")]
    candidates = [c.strip() for c in candidates if c and c.strip()]
    best = candidates[0] if candidates else None
    return text, best, tuple(candidates[1:]), meta


# --------------------------------------------------------------------------- API


def parse_article(text: str, source: str, *, is_html: bool = False, url: str | None = None) -> Article:
    """Parse a decoded report into an :class:`Article`.

    For HTML the main text is extracted (trafilatura, offline) and becomes
    ``Article.text``; metadata (og:site_name, article:published_time, canonical
    URL) wins over what the text says. Raises :class:`ArticleError` when no
    body text with letters remains.
    """
    meta: dict[str, str] = {}
    known_title = None
    variants: tuple[str, ...] = ()
    if is_html:
        text, known_title, variants, meta = _extract_html(text)
    parsed = _parse_text(text, known_title, variants)
    if not any(_WORD.search(s.text) for s in parsed.segments):
        raise ArticleError(f"{source}: no article text found")

    published = parsed.published
    publisher = parsed.publisher
    if is_html:
        keys = ("article:published_time", "og:published_time", "datepublished", "ld_date_published",
                "pubdate", "publishdate", "date", "dc.date.issued", "parsely-pub-date", "time")
        from_meta = next((w for k in keys if (w := _iso_datetime(meta.get(k))) is not None), None)
        published = from_meta or published or _iso_datetime(meta.get("trafilatura_date"))
        site = meta.get("og:site_name") or meta.get("application-name")
        if site:
            publisher = _canonical_publisher(site)
        url = url or meta.get("canonical") or meta.get("og:url") or meta.get("trafilatura_url")
    if publisher is None:
        publisher = _publisher_from_url(url)

    return Article(
        article_id=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16],
        source=source,
        title=parsed.title,
        text=text,
        segments=parsed.segments,
        language=parsed.language,
        publisher=publisher,
        published=published,
        dateline=parsed.dateline,
        url=url,
    )


def read_article(raw: bytes, source: str, max_bytes: int = 20_000_000) -> Article:
    """Decode and parse one report (plain text or HTML)."""
    text, is_html = decode_report(raw, source, max_bytes)
    return parse_article(text, source, is_html=is_html)


def body_text(article: Article) -> str:
    """``article.text`` with everything outside the body segments (title, header, boilerplate, dateline)
    replaced by line breaks: offsets stay valid, and a scan of it sees the body only."""
    text, pieces, position = article.text, [], 0
    for segment in article.segments:
        if segment.start < position:
            return text
        pieces.append("\n" * (segment.start - position))
        pieces.append(segment.text)
        position = segment.start + len(segment.text)
    pieces.append("\n" * (len(text) - position))
    return "".join(pieces)
