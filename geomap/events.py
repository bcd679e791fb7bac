"""Stage 5: sentences with an event trigger become events, one per place.

A sentence is cut into clauses (hard breaks: ";", ":", clause openers such as "setelah", "when";
soft breaks: commas that do not continue a list of places).  Clauses that report nothing that
happened are blocked: calls, talks, warnings, conditions (soft clause of the cue), future or planned
happenings (soft clause), summaries over weeks and history (hard clause), the recap of how a war
began (the sentence).  What is left:

* triggers (lexicon roots through the morphology, and phrases), minus anaphora ("bentrokan tersebut",
  "this attack": already reported), aims ("untuk merebut"), negation and "sejak pertempuran";
* places bound to their trigger: a place is a location unless it is the origin of fire ("dari wilayah
  Armenia"), a distance reference ("15 km dari Stepanakert"), a speaker's city, a claimant or an actor
  ("Baku membebaskan"), or a region that only qualifies a named town.  "dekat X" is near X (precision 2);
  "X, termasuk kota Y" and "beberapa daerah dan kota Y" keep the region for the unnamed places.
  A territory trigger needs its place as object ("membebaskan kota Madagaskar");
* a date: the trigger's clause's own date, else the sentence's, else the paragraph's, else the report's
  week (precision 2);
* actors (agent and target from the clause, else from the side that held the place), the claimant
  (own, else carried from the paragraph, else "Media reports" for "dilaporkan"), and casualties.

A violent sentence with its own date and no place is set at the region the report is about.  Events
of one place, type and day are merged; a week-dated event is absorbed by a day-dated one of the same
place and type; a region-level event is dropped when a town-level event of the same kind and day
inside the region covers it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from geopy.distance import great_circle

from . import actors as actor_roles
from . import dates, lexicon
from .casualties import casualty_counts
from .lexicon import EventLexicon
from .model import DAY, MONTH, WEEK, Article, DateMention, Event, PlaceMention
from .morphology import candidate_roots
from .numbers import Count, find_counts
from .scan import Hits
from .sentences import sentences

_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_YEAR = re.compile(r"(?<![\w.,/-])(1[89]\d\d|20\d\d)(?:-an|s)?(?![\w/])")
_COMMA = re.compile(r",")
_HISTORY_DAYS = 400
_RECENT_DAYS = 2  # "sejak kemarin" is a date; "sejak 27 September" is a tally's start
_WEEK_BACK = 3  # a report-week date is the middle of the week before publication
_REGION_KM = 60.0
_NEAR_REACH = 25  # characters between "dekat"/"near" and the place ("near the districts of Dashkasan")
_REFERENCE_REACH = 90  # "15 kilometer dari kota terbesar di daerah kantong itu, Stepanakert"
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:dan|and|serta))\s*(?:(?:kota|desa|the\s+town\s+of|town|village)\s+)?",
                       re.IGNORECASE)
_OBJECT_WORDS = 5  # words between a territory verb and its place ("membebaskan kota penting Madagaskar")

_REGION_WORDS = frozenset("distrik wilayah provinsi kabupaten rayon daerah district province region oblast".split())
_REGION_WORD = re.compile(r"\b(?:" + "|".join(sorted(_REGION_WORDS)) + r")\b", re.IGNORECASE)
_APPOSITION = re.compile(r"\s*(?:,\s*|\s(?:di|in|of)\s+(?:the\s+)?)?(?:(?:distrik|wilayah|provinsi|kabupaten|"
                         r"rayon|daerah|district|province|region|oblast)\s+(?:of\s+)?)?", re.IGNORECASE)

VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory",
                       "Non-violent transfer of territory"})
# The more specific reading wins when a clause has several triggers.
_RANK = {
    "Agreement": 7, "Disrupted weapons use": 6, "Non-violent transfer of territory": 5,
    "Government regains territory": 5, "Non-state actor overtakes territory": 5,
    "Remote explosive/landmine/IED": 4, "Shelling/artillery/missile attack": 3, "Air/drone strike": 3,
    "Abduction/forced disappearance": 3, "Attack": 2, "Armed clash": 1,
}
_SUB_RANK_WEAPON = ("Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED")
# Roots whose meaning a weapon refines ("serangan ... dengan artileri" is shelling); ground-fighting words
# ("bentrokan", "clashes") stay battles whatever weapons are named with them.
_REFINABLE = frozenset("serang gempur hantam serbu ofensif attack assault strike struck hit target raid pound "
                       "offensive".split())


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    start: int
    end: int
    passive: bool
    refinable: bool


@dataclass
class _Sentence:
    paragraph: int
    start: int
    end: int
    hard: list[tuple[int, int]]
    soft: list[tuple[int, int]]
    blocked: list[tuple[int, int]]
    triggers: list[Trigger]
    dates: list[DateMention]
    claims: list[actor_roles.Claim]
    denied: list[tuple[int, int, str]] = field(default_factory=list)  # spans a claimant denies, and who
    fallback_date: DateMention | None = None  # the paragraph's
    produced: list[tuple] = field(default_factory=list)  # keys of the events it made


@dataclass
class _Draft:
    """An event being assembled (merged across sentences), frozen into an Event at the end."""

    place: PlaceMention
    date: DateMention
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    fatalities: int
    injured: int
    claimed_by: list[str]
    start: int
    end: int
    notes: list[str]
    keep_region: bool = False
    order: int = 0


# --------------------------------------------------------------------------- scanning


@lru_cache(maxsize=200_000)
def _word_trigger(word: str, language: str) -> tuple[str, str, str] | None:
    """(event type, sub-type, root) of a word, or None."""
    lex = lexicon.events(language)
    if word in lex.not_trigger_words:
        return None
    if word in lex.roots:
        return (*lex.roots[word], word)
    for root in candidate_roots(word, language):
        if root in lex.roots:
            return (*lex.roots[root], root)
    return None


_SCANNED_CUES = ("skip", "durative", "onset", "history", "civilian", "near", "others", "inclusion", "reference",
                 "speech", "own_forces", "own_civilians", "police", "subset", "reported", "cumulative", "since",
                 "reason", "opener_exceptions")


class _Scan:
    """Every list of the lexicons matched once against the article's text."""

    def __init__(self, article: Article, lex: EventLexicon, places: Sequence[PlaceMention]):
        text = article.text
        alex = lexicon.actor_lexicon()
        self.text = text
        self.phrases = Hits((m.start(), m.end(), lex.phrases.get(m.group(0))) for m in lex.phrases.pattern.finditer(text))
        words = []
        for m in _WORD.finditer(text):
            kind = _word_trigger(m.group(0).lower(), lex.language)
            if kind:
                words.append((m.start(), m.end(), kind))
        self.words = Hits(words)
        self.masks = Hits.of(lex.not_trigger_phrases, text)
        self.weapons = Hits((m.start(), m.end(), lex.weapons.get(m.group(0))) for m in lex.weapons.pattern.finditer(text))
        self.cues = {name: Hits.of(lex.cues[name], text) for name in _SCANNED_CUES}
        self.killed = Hits.of(lex.killed, text)
        self.injured = Hits.of(lex.injured, text)
        self.evacuated = Hits.of(lex.evacuated, text)
        self.verbs = Hits.of(lex.claim_verbs, text)
        self.reporting = Hits.of(lex.reporting, text)
        self.participial = Hits.of(lex.participial, text)
        self.denial = Hits.of(lex.denial, text)
        self.actors = Hits((m.start(), m.end(), alex.actors.get(m.group(0))) for m in alex.actors.pattern.finditer(text))
        self.claimants = Hits(
            (m.start(), m.end(), alex.claimants.get(m.group(0))) for m in alex.claimants.pattern.finditer(text)
        )
        self.breaks = Hits.of(lex.clause_break, text)
        self.commas = Hits.of(_COMMA, text)
        self.future = Hits((a, b, None) for a, b in dates.future_cues(text, lex.language))
        anchor = article.published.date() if article.published else None
        self.dates = Hits((d.start, d.end, d) for d in dates.find_dates(text, anchor, lex.language))
        self.years = Hits((m.start(), m.end(), int(m.group(1))) for m in _YEAR.finditer(text))
        self.counts = Hits((c.start, c.end, c) for c in find_counts(text, lex.language))
        self.places = Hits((p.start, p.end, p) for p in places if p.role == "text")


# --------------------------------------------------------------------------- the stage


def extract_events(article: Article, places: Sequence[PlaceMention],
                   focus_bbox: tuple[float, float, float, float],
                   lookup: Callable[[str], Sequence] | None = None) -> list[Event]:
    """The events of one article.  ``lookup`` (a gazetteer's name lookup) finds areas named in the
    actor lexicon (the front line); without it those events are set at the region in focus."""
    language = article.language if article.language in lexicon.LANGUAGES else "en"
    return _Extractor(article, places, focus_bbox, lookup, language).run()


class _Extractor:
    def __init__(self, article: Article, places: Sequence[PlaceMention], focus_bbox, lookup, language: str):
        self.article = article
        self.lex = lexicon.events(language)
        self.language = language
        self.anchor = article.published.date() if article.published else None
        self.bbox = focus_bbox
        self.lookup = lookup
        self.scan = _Scan(article, self.lex, places)
        self.drafts: dict[tuple[str, str, str, str], _Draft] = {}
        self.claim_carry: dict[int, str] = {}  # paragraph -> last claimant
        self.denials: list[tuple[str, str]] = []  # (place key, who denies)
        self.first_paragraph = -1
        self.protesters = ""  # the last protesters the report named
        self.last_claimant = ""
        west, south, east, north = focus_bbox
        self.usable = [
            p for p in places
            if p.role == "text" and not p.is_country and west <= p.longitude <= east and south <= p.latitude <= north
        ]
        self.place_hits = Hits((p.start, p.end, p) for p in self.usable)
        self.all_place_hits = self.scan.places
        self._main_region: PlaceMention | None | bool = False

    # -- driver ----------------------------------------------------------
    def run(self) -> list[Event]:
        paragraphs: dict[int, list[tuple[int, int]]] = {}
        for index, start, end in sentences(self.article):
            paragraphs.setdefault(index, []).append((start, end))
        previous: _Sentence | None = None
        self.first_paragraph = next(iter(paragraphs), -1)
        for index, spans in paragraphs.items():
            infos = [self._prepare(index, start, end) for start, end in spans]
            own = [self._sentence_date(info) for info in infos]
            for i, info in enumerate(infos):
                earlier = next((d for d in reversed(own[:i]) if d), None)
                info.fallback_date = earlier or next((d for d in own[i + 1 :] if d), None)
            for info in infos:
                made = self._events_of(info)
                if not made and previous is not None and previous.produced:
                    self._follow_up(info, previous)
                if made:
                    previous = info
                    for a, b, name in info.denied:  # "denied that its forces had fired on Barda"
                        self.denials += [(p.key, name) for _x, _y, p in self.place_hits.within(a, b)]
        return self._finish()

    # -- clauses -----------------------------------------------------------
    def _prepare(self, paragraph: int, start: int, end: int) -> _Sentence:
        scan, lex, text = self.scan, self.lex, self.article.text
        cuts = [b for b, _e, _ in scan.breaks.within(start, end)
                if b > start and not any(x <= b + 1 < y or x <= b < y
                                         for x, y, _ in scan.cues["opener_exceptions"].within(b - 12, b + 2))]
        bounds = [start, *cuts, end]
        hard = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        soft = []
        for a, b in hard:
            cut = [a]
            for c, _ce, _ in scan.commas.within(a, b):
                if not self._continues_list(c + 1, b):
                    cut.append(c + 1)
            cut.append(b)
            soft += [(x, y) for x, y in zip(cut, cut[1:]) if y > x]
        blocked: list[tuple[int, int]] = []

        def clause_of(position: int, clauses: list[tuple[int, int]]) -> tuple[int, int]:
            return next((c for c in clauses if c[0] <= position < c[1]), (start, end))

        for a, _b, _ in scan.cues["skip"].within(start, end):
            blocked.append(clause_of(a, soft))
        for a, _b, _ in scan.future.within(start, end):
            blocked.append(clause_of(a, soft))
        for a, _b, _ in scan.cues["durative"].within(start, end):
            blocked.append(clause_of(a, hard))
        if self.anchor and any(y < self.anchor.year for _a, _b, y in scan.years.within(start, end)):
            # history ("pada tahun 1990-an", "since the 2020 war"): only clauses with a day of their own
            # ("on Sunday ... the worst since 1994") still report something new
            recent = [d for _a, _b, d in scan.dates.within(start, end)
                      if d.precision == DAY and 0 <= (self.anchor - d.date).days <= _HISTORY_DAYS]
            for clause in hard:
                if not any(clause[0] <= d.start < clause[1] for d in recent):
                    blocked.append(clause)
        for a, _b, _ in scan.cues["history"].within(start, end):
            blocked.append(clause_of(a, hard))

        claims = actor_roles.claims(
            text, start, end, scan.verbs, scan.reporting, scan.participial, scan.denial, scan.claimants, scan.actors
        )
        denied = []
        for claim in claims:
            if claim.denial:
                clause = clause_of(claim.verb, soft)
                stop = re.search(r"\s(?:and|dan|but|tetapi|namun|serta)\s", text[claim.end : clause[1]])
                span_end = claim.end + stop.start() if stop else clause[1]
                denied.append((claim.end, span_end, claim.name))
        triggers = self._triggers(start, end, blocked + [(a, b) for a, b, _ in denied])
        info = _Sentence(paragraph, start, end, hard, soft, blocked, triggers, [], claims, denied)
        info.dates = self._dates(info)
        if triggers and paragraph != self.first_paragraph and self._is_recap(info):
            info.triggers = []
        if triggers and self._is_tally(info):
            info.triggers = []
        return info

    def _continues_list(self, position: int, limit: int) -> bool:
        """After a comma: a list of places goes on ("di Aghdere, Aghdam, dan Khojavend")."""
        m = re.compile(r"\s*(?:(?:dan|and|serta|atau|or|hingga)\s+)?(?:(?:kota|desa|the\s+town\s+of|town|village)\s+)?")\
            .match(self.article.text, position, limit)
        at = m.end() if m else position
        return any(h[0] == at for h in self.scan.places.within(at, at + 1))

    def _after_since(self, position: int) -> bool:
        words = actor_roles.words_before(self.article.text, position, 3, 30)
        return any(w in self.lex.words["since"] for w in words)

    def _triggers(self, start: int, end: int, blocked: list[tuple[int, int]]) -> list[Trigger]:
        scan, lex, text = self.scan, self.lex, self.article.text
        masks = [(a, b) for a, b, _ in scan.masks.within(start - 40, end)]
        found: list[Trigger] = []
        phrase_spans = []
        for a, b, kind in scan.phrases.within(start, end):
            if b > end or any(x < b and a < y for x, y in masks):
                continue
            surface = lexicon.key(text[a:b])
            passive = surface.startswith(tuple(lex.passive_prefixes)) if lex.passive_prefixes else \
                bool(re.search(r"\b(?:was|were|came under|come under)\b", surface)) or self._passive(a, b)
            found.append(Trigger(kind[0], kind[1], a, b, passive, False))
            phrase_spans.append((a, b))
        for a, b, (event_type, sub_type, root) in scan.words.within(start, end):
            if any(x < b and a < y for x, y in masks + phrase_spans):
                continue
            found.append(Trigger(event_type, sub_type, a, b, self._passive(a, b), root in _REFINABLE))
        kept = []
        for t in sorted(found, key=lambda t: t.start):
            if any(x <= t.start < y for x, y in blocked):
                continue
            before = actor_roles.words_before(text, t.start, 3, 40)
            after = actor_roles.words_after(text, t.end, 2, 30)
            word = text[t.start : t.end].lower()
            if self.language == "id":
                if any(w in lex.words["anaphora"] for w in after[:2]):
                    continue  # "bentrokan tersebut", "pertempuran terakhir itu"
            elif before[-1:] and (before[-1] in lex.words["anaphora"] or before[-2:] == ["the", "same"]):
                continue  # "this attack", "the same attack"
            if any(w in lex.words["since"] for w in before):
                continue  # "sejak pertempuran dimulai", "since the fighting began"
            if before[-1:] and before[-1] in lex.words["purpose"] and not \
                    (len(before) > 1 and before[-2] in lex.words["aspectual"]):
                if self.language == "id" or word in lex.roots:
                    continue  # "untuk merebut kembali", "to retake": an aim ("continued to shell" is a deed)
            if scan.cues["reason"].last_before(t.start, 30) is not None:
                continue  # "sebagai respons atas serangan", "in response to attacks": the cause, told before
            if any(w in lex.words["negation"] for w in before[-2:]):
                continue
            kept.append(t)
        return kept

    def _passive(self, a: int, b: int) -> bool:
        text, lex = self.article.text, self.lex
        word = text[a:b].lower()
        if lex.passive_prefixes:
            return word.startswith(tuple(lex.passive_prefixes)) and len(word) > 4 and word not in lex.roots
        before = actor_roles.words_before(text, a, 3, 40)
        if "under" in before:
            return True  # "came under heavy artillery fire"
        after = actor_roles.words_after(text, b, 1, 15)
        participle = word.split()[0].endswith(("ed", "en")) or word.split()[0] in {"hit", "struck", "shot", "fought",
                                                                                 "overrun", "downed"}
        return participle and (any(w in lex.be_auxiliaries for w in before[-2:]) or after[:1] == ["by"])

    def _is_tally(self, info: _Sentence) -> bool:
        """A running toll ("30 warga sipil tewas sejak 27 September", "killed so far"): no one event's."""
        scan = self.scan
        if not (scan.killed.any_within(info.start, info.end) or scan.injured.any_within(info.start, info.end)):
            return False
        if scan.cues["cumulative"].any_within(info.start, info.end):
            return True
        return any(not self._recent_since(a, info) for a, _b, _ in scan.cues["since"].within(info.start, info.end)
                   if scan.dates.any_within(a, a + 20))

    def _is_recap(self, info: _Sentence) -> bool:
        """How the war began ("Bentrokan perbatasan meledak minggu lalu", "since fighting erupted")."""
        battles = [t for t in info.triggers if t.event_type == "Battles"]
        if not battles:
            return False
        onset = [h for h in self.scan.cues["onset"].within(info.start, info.end)
                 if any(0 <= h[0] - t.end <= 25 or 0 <= t.start - h[1] <= 15 for t in battles)]
        if not onset:
            return False
        date = self._sentence_date(info)
        return not (date and date.precision == DAY and self.anchor and (self.anchor - date.date).days <= _RECENT_DAYS)

    # -- dates ---------------------------------------------------------------
    def _dates(self, info: _Sentence) -> list[DateMention]:
        found = []
        for a, _b, mention in self.scan.dates.within(info.start, info.end):
            if any(x <= a < y for x, y in info.blocked):
                continue
            if self.anchor:
                age = (self.anchor - mention.date).days
                if age < -1 or age > _HISTORY_DAYS:
                    continue
                if self._after_since(a) and not (mention.precision == DAY and age <= _RECENT_DAYS):
                    continue  # "sejak 27 September": when a tally started, not when this happened
            found.append(mention)
        return found

    def _sentence_date(self, info: _Sentence) -> DateMention | None:
        return info.dates[0] if info.dates else None

    def _date_for(self, trigger_start: int, info: _Sentence) -> tuple[DateMention, str]:
        clause = next((c for c in info.hard if c[0] <= trigger_start < c[1]), (info.start, info.end))
        in_clause = [d for d in info.dates if clause[0] <= d.start < clause[1]]
        if in_clause:
            best = min(in_clause, key=lambda d: abs(d.start - trigger_start))
            if lexicon.key(best.text) in self.lex.words["overnight"]:
                # "said on Saturday that ... overnight": the night that ended on the day of the statement
                day = [d for d in info.dates if d is not best and d.precision == DAY
                       and 0 <= (d.date - best.date).days <= 1]
                if day:
                    return day[0], f"date from '{best.text}' (the night before '{day[0].text}')"
            return best, f"date from '{best.text}'"
        if info.dates:
            return info.dates[0], f"date from '{info.dates[0].text}'"
        if info.fallback_date:
            return info.fallback_date, f"date from the paragraph's '{info.fallback_date.text}'"
        week = self.anchor - dt.timedelta(days=_WEEK_BACK)
        return DateMention(week, WEEK, "", 0, 0), "date: the week before the report (no date in the paragraph)"

    # -- places --------------------------------------------------------------
    def _locations(self, info: _Sentence) -> list[tuple[PlaceMention, bool, bool]]:
        """(place, near, region kept for unnamed others) of the places of a sentence used as locations."""
        text, lex, scan = self.article.text, self.lex, self.scan
        excluded = info.blocked + [(c.start, c.end) for c in info.claims] + [(a, b) for a, b, _ in info.denied]
        candidates: list[tuple[PlaceMention, bool]] = []
        previous: PlaceMention | None = None
        for a, b, place in self.place_hits.within(info.start, info.end):
            before_place, previous = previous, place
            if any(x <= a < y for x, y in excluded):
                continue
            before = actor_roles.words_before(text, a, 2, 30)
            if self._origin(a):
                continue  # fire "dari arah Kalbajar", "from the direction of Aghdam": where it came from
            reference = scan.cues["reference"].last_before(a, _REFERENCE_REACH)
            if reference and reference[0] >= info.start and not self.all_place_hits.any_within(reference[1], a) \
                    and len(_WORD.findall(text[reference[1] : a])) <= 8:
                continue  # "15 kilometer dari ... Stepanakert": a distance, not a place of the event
            if self._speaker_place(a, info):
                continue
            actor = next((h for h in scan.actors.within(a - 40, b) if h[0] <= a < h[1]), None)
            claimant = next((h for h in scan.claimants.within(a - 60, b) if h[0] <= a < h[1]), None)
            if (actor or claimant) and not (before[-1:] and before[-1] in lex.locatives):
                continue  # "Baku membebaskan": a government, not a place
            if before_place is not None and self._qualifies(before_place, place):
                continue  # "desa Gapanli, distrik Tartar", "garis kontak Nagorno-Karabakh": where the first one is
            near = self._near(a, place, info)
            candidates.append((place, near))
        result = []
        for place, near in candidates:
            keep = place.precision >= 3 and scan.cues["inclusion"].any_within(place.end, place.end + 30)
            result.append((place, near, keep))
        return result

    def _origin(self, position: int) -> bool:
        for word in reversed(actor_roles.words_before(self.article.text, position, 5, 50)):
            if word in self.lex.origin:
                return True
            if word not in self.lex.origin_fillers:
                return False
        return False

    def _near(self, position: int, place: PlaceMention, info: _Sentence) -> bool:
        """ "dekat Ganja", "near the village of Yeraskh", "near Hadrut and Fuzuli" (a list after "near")."""
        if place.precision >= 3:
            return False
        between = [h for h in self.all_place_hits.within(info.start, position) if h[0] < position]
        anchor = position
        while True:
            near = self.scan.cues["near"].last_before(anchor, _NEAR_REACH)
            if near is not None and near[0] >= info.start and not self.all_place_hits.any_within(near[1], anchor):
                return True
            previous = between.pop() if between else None
            if previous is None or not _LIST_GAP.fullmatch(self.article.text[previous[1] : anchor]):
                return False
            anchor = previous[0]

    def _qualifies(self, first: PlaceMention, second: PlaceMention) -> bool:
        """``second`` only says where ``first`` is: "Gapanli, distrik Tartar", "Martakert, wilayah
        Nagorno-Karabakh", "Gashalti in the Naftalan district", "garis kontak Nagorno-Karabakh"."""
        if second.precision < first.precision:
            return False
        gap = self.article.text[first.end : second.start]
        if not _APPOSITION.fullmatch(gap):
            return False
        after = actor_roles.words_after(self.article.text, second.end, 1, 20)
        region_word = _REGION_WORD.search(gap) or _REGION_WORD.search(second.text) or \
            (after and after[0] in _REGION_WORDS)
        return bool(region_word) or second.precision >= 3 or not gap.strip()

    def _speaker_place(self, position: int, info: _Sentence) -> bool:
        """ "berbicara di Baku", "told reporters in Yerevan", "said in Moscow", "kata Aliyev di Baku"."""
        text = self.article.text
        head = text[max(info.start, position - 12) : position]
        locative = re.search(r"(?:^|\s)(di|in|at)\s+(?:(?:kota|the\s+city\s+of)\s+)?$", head, re.IGNORECASE)
        if not locative:
            return False
        at = position - len(head) + locative.start(1)
        if any(t.start < position and t.end > at - 60 for t in info.triggers if t.start >= at - 60):
            return False
        speech = self.scan.cues["speech"].last_before(at, 40)
        if speech and speech[0] >= info.start and len(_WORD.findall(text[speech[1] : at])) <= 3:
            return True
        verb = self.scan.verbs.last_before(at, 40)
        if verb and verb[0] >= info.start:
            gap = _WORD.findall(text[verb[1] : at])
            return len(gap) <= 3 and all(w[:1].isupper() for w in gap)
        return False

    def _container(self, place: PlaceMention) -> PlaceMention | None:
        """The article's most-named region around a town, for "beberapa daerah dan pusat kota X"."""
        counts = Counter(p.key for p in self.usable if p.precision >= 3 and p.feature_code in {"RGN", "ADM1"})
        best = None
        for key, _n in counts.most_common():
            region = next(p for p in self.usable if p.key == key)
            if _km(region, place) <= _REGION_KM:
                best = region
                break
        return best

    def _main_region_place(self) -> PlaceMention | None:
        """The region the report is about: its most-named region (in focus), for events without a place."""
        if self._main_region is False:
            counts = Counter(p.key for p in self.usable if p.precision >= 3 and p.feature_code in {"RGN", "ADM1"})
            key = counts.most_common(1)[0][0] if counts else None
            self._main_region = next((p for p in self.usable if p.key == key), None) if key else None
        return self._main_region or None

    # -- events --------------------------------------------------------------
    def _events_of(self, info: _Sentence) -> bool:
        if not info.triggers or self.anchor is None:
            self._note_claim(info)
            return False
        locations = self._locations(info)
        text, lex = self.article.text, self.lex
        pairs = self._bind(info, locations)
        fallback_note = ""
        if not pairs and not locations:
            pairs, fallback_note = self._without_place(info)
        self._note_claim(info)
        if not pairs:
            return False
        excluded = [(p.start, p.end) for p, *_ in locations] + info.blocked + [(a, b) for a, b, _ in info.denied]
        found, hints = actor_roles.mentions(
            text, info.start, info.end, self.scan.actors, self.scan.cues["own_forces"],
            self.scan.cues["own_civilians"], self.scan.cues["police"], self.all_place_hits, info.claims, excluded,
            lex,
        )
        fatalities, injured, evacuated = self._casualties(info)
        made = False
        for index, (place, near, keep, trigger, event_type, sub_type) in enumerate(pairs):
            date, date_note = self._date_for(trigger.start, info)
            if self.anchor and (self.anchor - date.date).days > _HISTORY_DAYS:
                continue
            notes = [f"place '{place.text}': {place.reason}" if place.text else fallback_note, date_note]
            actor1, actor2, event_type, sub_type, inferred = self._actors(info, trigger, event_type, sub_type,
                                                                         place, date, found, hints)
            notes += inferred
            claimed = self._claimant(info, trigger)
            if near:
                place = replace(place, precision=max(2, place.precision), key=place.key + "~near")
                notes.append(f"near {place.name}")
            first = index == 0
            if evacuated and first:
                notes.append(f"evacuated: {evacuated}")
            if not first and fatalities:
                notes.append("the sentence's fatalities are counted once, on its first place")
            self._add(_Draft(place, date, event_type, sub_type, actor1, actor2, fatalities if first else 0,
                             injured if first else 0, [claimed] if claimed else [], info.start, info.end, notes,
                             keep), info)
            made = True
        return made

    def _bind(self, info: _Sentence, locations) -> list[tuple]:
        """(place, near, keep, trigger, event type, sub-type) for each location of the sentence.

        A place takes the territory trigger it is the object of, else the nearest trigger of its clause
        (the one before it first: "menembaki kota Tartar", "shelled Stepanakert"), refined by the weapons
        named in that clause.  A region is dropped when a town of the same sentence has an event of the same
        kind, unless the report says the region stands for other, unnamed places ("termasuk kota X",
        "beberapa daerah dan pusat kota X")."""
        pairs = []
        objects = self._territory_objects(info, [p for p, _, _ in locations])
        others = [t for t in info.triggers if t.sub_event_type not in TERRITORY]
        for place, near, keep in locations:
            if place.key in objects:
                trigger = objects[place.key]
                pairs.append((place, near, keep, trigger, trigger.event_type, trigger.sub_event_type))
                continue
            if not others:
                continue
            clause = next((c for c in info.hard if c[0] <= place.start < c[1]), (info.start, info.end))
            if any(clause[0] <= t.start < clause[1] for t in info.triggers):
                pool = [t for t in others if clause[0] <= t.start < clause[1]]
                if not pool:
                    continue  # its clause is about taking a place, and this one is not taken
            else:
                pool = others
            preceding = [t for t in pool if t.end <= place.start]
            best = preceding[-1] if preceding else min(pool, key=lambda t: t.start - place.end)
            trigger_clause = next((c for c in info.hard if c[0] <= best.start < c[1]), clause)
            event_type, sub_type = self._refine(best, pool, trigger_clause)
            if event_type == "Strategic developments" and sub_type == "Agreement" and place.feature_code == "PPLC":
                continue  # a capital as the venue of an agreement
            pairs.append((place, near, keep, best, event_type, sub_type))
        specific = {p[4] for p in pairs if p[0].precision < 3}
        pairs = [p for p in pairs if p[0].precision < 3 or p[2] or p[4] not in specific]
        if pairs and self.scan.cues["others"].any_within(info.start, info.end) and \
                not any(p[1] or p[2] for p in pairs):
            town = next((p for p in pairs if p[0].precision < 3 and p[5] not in TERRITORY), None)
            region = self._container(town[0]) if town else None
            if region is not None and all(p[0].key != region.key for p in pairs):
                pairs.append((region, False, True, *town[3:]))
        return pairs

    def _refine(self, best: Trigger, usable: list[Trigger], clause: tuple[int, int]) -> tuple[str, str]:
        """Weapons named in the clause make an attack a shelling, an air/drone strike or a mine blast."""
        if best.sub_event_type not in {"Armed clash", *_SUB_RANK_WEAPON}:
            return best.event_type, best.sub_event_type
        if best.event_type == "Battles" and not best.refinable:
            return best.event_type, best.sub_event_type
        weapons = {sub for _a, _b, sub in self.scan.weapons.within(clause[0], clause[1])}
        if best.event_type == "Battles":
            weapons.discard("Remote explosive/landmine/IED")
        for sub in _SUB_RANK_WEAPON:
            if sub in weapons:
                return "Explosions/Remote violence", sub
        return best.event_type, best.sub_event_type

    def _territory_objects(self, info: _Sentence, places: list[PlaceMention]) -> dict[str, Trigger]:
        """Places taken or handed over: the object of a territory trigger, the places listed after it, and the
        place "wilayah itu" / "the town" stands for."""
        text, nouns = self.article.text, self.lex.words["place_nouns"]
        objects: dict[str, Trigger] = {}
        ordered = sorted(places, key=lambda p: p.start)
        for trigger in info.triggers:
            if trigger.sub_event_type not in TERRITORY:
                continue
            last_end = None
            for place in ordered:
                if place.start < trigger.end:
                    continue
                if last_end is None:
                    gap = text[trigger.end : place.start]
                    if len(_WORD.findall(gap)) > _OBJECT_WORDS or re.search(r"[.;:]", gap):
                        break
                elif not _LIST_GAP.fullmatch(text[last_end : place.start]):
                    break
                objects.setdefault(place.key, trigger)
                last_end = place.end
            if trigger.passive:
                earlier = [p for p in ordered if p.end <= trigger.start]
                if earlier:
                    gap = _WORD.findall(text[earlier[-1].end : trigger.start])
                    refers = len(gap) >= 2 and gap[0].lower() not in nouns and any(
                        w.lower() in nouns and n.lower() in self.lex.words["anaphora"] for w, n in zip(gap, gap[1:]))
                    if len(gap) <= 3 or refers:  # "Hadrut direbut", "distrik Aghdam ... wilayah itu diserahkan"
                        objects.setdefault(earlier[-1].key, trigger)
            else:
                gap = _WORD.findall(text[trigger.end : trigger.end + 40])[:3]
                if len(gap) >= 2 and gap[0].lower() in nouns | {"the"} and gap[1].lower() in \
                        self.lex.words["anaphora"] | nouns:
                    earlier = [p for p in ordered if p.end <= trigger.start]
                    if earlier and not objects:
                        objects.setdefault(earlier[-1].key, trigger)  # "merebut kota itu", "captured the town"
        return objects

    def _without_place(self, info: _Sentence) -> tuple[list[tuple], str]:
        """A violent sentence whose trigger's clause has its own day and no place: the region the report is
        about (or the front, for the unnamed places of the side outside it)."""
        definite = self.lex.words["definite"]
        triggers = []
        for t in info.triggers:
            if not (t.event_type in VIOLENT and t.sub_event_type not in TERRITORY or t.sub_event_type == "Agreement"):
                continue
            if actor_roles.words_before(self.article.text, t.start, 1, 12)[-1:] in ([w] for w in definite):
                continue  # "The strike came hours after ...": the event told before
            clause = next((c for c in info.hard if c[0] <= t.start < c[1]), (info.start, info.end))
            if any(d.precision == DAY and clause[0] <= d.start < clause[1] for d in info.dates):
                triggers.append(t)
        if not triggers:
            return [], ""
        region = self._main_region_place()
        if region is None:
            return [], ""
        best = max(triggers, key=lambda t: (_RANK.get(t.sub_event_type, 0), -t.start))
        clause = next((c for c in info.hard if c[0] <= best.start < c[1]), (info.start, info.end))
        event_type, sub_type = self._refine(best, triggers, clause)
        own = next(d for d in info.dates if d.precision == DAY and clause[0] <= d.start < clause[1])
        place, note = region, "no place named: set at the region the report is about"
        front = self._front(info, region, own.date)
        if front is not None:
            place, note = front, f"no place named: {front.name}, where the unnamed places of the target's side lie"
        return [(place, False, True, best, event_type, sub_type)], note

    def _front(self, info: _Sentence, region: PlaceMention, date: dt.date) -> PlaceMention | None:
        """An attack on the unnamed places of the side outside the region the report is about."""
        if self.lookup is None:
            return None
        alex = lexicon.actor_lexicon()
        holder = actor_roles.side_of(region.longitude, region.latitude, region.country, region.feature_code, date)
        targets = set()
        owner = info.claims[0].side if info.claims else ""
        for _a, _b, _ in self.scan.cues["own_civilians"].within(info.start, info.end):
            targets.add(owner)
        for front in alex.fronts:
            if front.holder == holder and front.outside_side in targets:
                found = [p for p in self.lookup(front.area) if not p.is_country]
                if found:
                    return _place_mention(found[0], f"{front.area}: the front of {front.holder}")
        return None

    # -- actors ----------------------------------------------------------------
    def _actors(self, info, trigger: Trigger, event_type: str, sub_type: str, place: PlaceMention,
                date: DateMention, found, hints) -> tuple[str, str, str, str, list[str]]:
        """(actor1, actor2, event type, sub-type, notes): the agent and target the clause names, else the
        side holding the place (the target) and its opponent (the attacker)."""
        sides = lexicon.actor_lexicon().sides
        text = self.article.text
        clause = next((c for c in info.hard if c[0] <= trigger.start < c[1]), (info.start, info.end))
        agent, target = actor_roles.roles(text, trigger.start, trigger.end, trigger.passive, found, clause, self.lex)
        notes: list[str] = []
        if agent is None:
            agent = next((m for m in found if m.start <= trigger.start < m.end), None)  # "Azerbaijani protesters"
        if sub_type == "Remote explosive/landmine/IED":
            if agent is not None and agent.start < trigger.start:
                agent = None  # who laid a mine is known only when the report says "oleh"/"by"
            if target is None:
                near = [m for m in found if m is not agent]
                target = min(near, key=lambda m: abs(m.start - trigger.start), default=None)
        elif agent is None and not trigger.passive and info.claims:
            claim = next((c for c in reversed(info.claims) if c.end <= trigger.start and not c.denial), None)
            if claim and claim.side in sides and len(_WORD.findall(text[claim.end : trigger.start])) <= 3 \
                    and self._verbal(trigger, claim.end):
                side = sides[claim.side]  # "Kementerian ... mengatakan telah menembak jatuh": the claimant's forces
                agent = actor_roles.ActorMention(claim.end, claim.end, side.forces, side.code, "state")
        place_side = actor_roles.side_of(place.longitude, place.latitude, place.country, place.feature_code,
                                         date.date)
        if agent is not None and agent.kind == "protesters":
            event_type, sub_type = ("Riots", "Violent demonstration") if event_type in VIOLENT else \
                ("Protests", "Peaceful protest")
            if agent.side:
                self.protesters = name = agent.name
            else:  # "the protesters": the ones named before, else those of the place's country
                name = self.protesters or (sides[place_side].protesters if place_side in sides else "Protesters")
            return name, "", event_type, sub_type, notes
        actor1 = agent.name if agent else ""
        actor2 = target.name if target else ""
        agent_side = agent.side if agent else ""
        target_side = target.side if target else ""
        if target is not None and target.kind == "police" and not actor2:
            actor2 = sides[place_side].police if place_side in sides else ""
            target_side = place_side
        civilian = self.scan.cues["civilian"].any_within(info.start, info.end) or \
            self.scan.cues["own_civilians"].any_within(info.start, info.end)
        if event_type in {"Explosions/Remote violence", "Violence against civilians"} and civilian and \
                sub_type != "Remote explosive/landmine/IED" and (target is None or target.kind == "civilians"):
            hint = next((side for pos, side in hints if clause[0] <= pos < clause[1]), "")
            owner = (target.side if target is not None else "") or hint or place_side
            if owner in sides and owner != agent_side:
                actor2, target_side = sides[owner].civilians, owner
        if sub_type in TERRITORY:
            actor1, actor2, sub_type = self._territory_actors(actor1, actor2, agent, sub_type, place, place_side,
                                                              notes)
            return actor1, actor2, event_type, sub_type, notes
        party = place_side in sides and sides[place_side].party
        if not actor2 and event_type in VIOLENT and place_side in sides and place_side != agent_side:
            if civilian and event_type != "Battles" and sub_type != "Remote explosive/landmine/IED":
                actor2, target_side = sides[place_side].civilians, place_side
                notes.append("actor2: civilians of the side holding the place")
            elif party and sub_type != "Remote explosive/landmine/IED":
                actor2, target_side = sides[place_side].forces, place_side
                notes.append("actor2: the forces holding the place")
        if not actor1 and event_type in VIOLENT and sub_type != "Remote explosive/landmine/IED":
            opponent = sides[target_side].opponent if target_side in sides else ""
            if opponent in sides and sides[target_side].party:
                actor1 = sides[opponent].forces
                notes.append("actor1: the opponent of the side attacked")
        if actor1 == actor2:
            actor2 = ""
        return actor1, actor2, event_type, sub_type, notes

    def _verbal(self, trigger: Trigger, since: int) -> bool:
        """A trigger used as a verb ("telah menembak jatuh", "it had shot down"), not a noun ("pertempuran")."""
        word = self.article.text[trigger.start : trigger.end].lower()
        if self.language == "id":
            return word.startswith(("me", "ber", "di"))
        between = {w.lower() for w in _WORD.findall(self.article.text[since : trigger.start])}
        return word.split()[0].endswith("ed") or bool(between & {"it", "they", "had", "has", "have", "we", "he", "she"})

    def _territory_actors(self, actor1, actor2, agent, sub_type, place, place_side, notes):
        sides = lexicon.actor_lexicon().sides
        if sub_type == "Non-violent transfer of territory":
            return actor1, actor2, sub_type
        if not actor1:
            opponent = sides[place_side].opponent if place_side in sides else ""
            if opponent in sides:
                actor1 = sides[opponent].forces
                notes.append("actor1: the opponent of the side holding the place")
        if not actor2 and place_side in sides and sides[place_side].party and sides[place_side].forces != actor1:
            actor2 = sides[place_side].forces
        agent_side = agent.side if agent else next((c for c, s in sides.items() if s.forces == actor1), "")
        agent_kind = agent.kind if agent else "state"
        if agent_kind == "nonstate":
            sub_type = "Non-state actor overtakes territory"
        elif agent_side and agent_side != place.country:
            sub_type = "Armed clash"
            notes.append("territory taken by a foreign state's forces: coded as a clash")
        return actor1, actor2, sub_type

    # -- claims --------------------------------------------------------------
    def _claimant(self, info: _Sentence, trigger: Trigger) -> str:
        own = [c for c in info.claims if not c.denial]
        before = [c for c in own if c.verb <= trigger.start]
        after = [c for c in own if c.verb > trigger.start]
        claim = before[-1] if before else (after[0] if after else None)
        if claim:
            return claim.name
        carried = self.claim_carry.get(info.paragraph)
        if carried:
            return carried
        if self.scan.cues["reported"].any_within(info.start, info.end):
            return "Media reports"
        return ""

    def _note_claim(self, info: _Sentence) -> None:
        own = [c for c in info.claims if not c.denial]
        if own:
            self.claim_carry[info.paragraph] = own[-1].name
            self.last_claimant = own[-1].name

    # -- casualties ----------------------------------------------------------
    def _casualties(self, info: _Sentence) -> tuple[int, int, int]:
        scan, text = self.scan, self.article.text
        date_spans = [(d.start, d.end) for _a, _b, d in scan.dates.within(info.start, info.end)]
        counts = [c for _a, _b, c in scan.counts.within(info.start, info.end)
                  if not any(x <= c.start < y for x, y in date_spans)
                  and not (len(c.text) == 4 and c.text.isdigit() and 1900 <= c.value <= 2100)]
        if not counts:
            return 0, 0, 0
        tallies = [self._clause(a, info) for a, _b, _ in scan.cues["cumulative"].within(info.start, info.end)]
        tallies += [self._clause(a, info) for a, _b, _ in scan.cues["since"].within(info.start, info.end)
                    if not self._recent_since(a, info)]
        for a, _b, _ in scan.cues["durative"].within(info.start, info.end):
            tallies.append(self._clause(a, info))

        def cues(hits: Hits) -> list:
            return [h for h in hits.within(info.start, info.end)
                    if not any(x <= h[0] < y for x, y in tallies + info.blocked)]

        def is_subset(count: Count) -> bool:
            return scan.cues["subset"].last_before(count.start, 25) is not None

        found = casualty_counts(text, {"killed": cues(scan.killed), "injured": cues(scan.injured),
                                       "evacuated": cues(scan.evacuated)}, counts, self.lex, is_subset)
        killed, injured, evacuated = found["killed"], found["injured"], found["evacuated"]
        return killed, injured, evacuated

    def _clause(self, position: int, info: _Sentence) -> tuple[int, int]:
        return next((c for c in info.hard if c[0] <= position < c[1]), (info.start, info.end))

    def _recent_since(self, position: int, info: _Sentence) -> bool:
        for d in info.dates:
            if 0 <= d.start - position <= 15:
                return d.precision == DAY and self.anchor is not None and (self.anchor - d.date).days <= _RECENT_DAYS
        return False

    def _follow_up(self, info: _Sentence, previous: _Sentence) -> None:
        """A sentence after an event's sentence that only adds casualties or a denial to it
        ("Two civilians were wounded, they said."; "Armenia membantah tuduhan tersebut.")."""
        drafts = [self.drafts[k] for k in dict.fromkeys(previous.produced) if k in self.drafts]
        if not drafts:
            return
        for claim in info.claims:
            if claim.denial:
                for draft in drafts:
                    draft.notes.append(f"denied by {claim.name}")
        if info.paragraph != previous.paragraph:
            return
        named = {p.key for _a, _b, p in self.place_hits.within(info.start, info.end)}
        keys = {d.place.key.split("~")[0] for d in drafts}
        if not named <= keys:
            return  # another place: not the same event
        killed, injured, evacuated = self._casualties(info)
        target = next((d for d in drafts if d.place.key.split("~")[0] in named), drafts[0])
        if killed and not target.fatalities:
            target.fatalities = killed
            target.notes.append("fatalities from the next sentence")
        if injured and not target.injured:
            target.injured = injured
        if evacuated:
            target.notes.append(f"evacuated: {evacuated}")

    # -- merging ---------------------------------------------------------------
    def _add(self, draft: _Draft, info: _Sentence) -> None:
        key = (draft.place.key, draft.event_type, draft.sub_event_type, draft.date.date.isoformat())
        info.produced.append(key)
        existing = self.drafts.get(key)
        if existing is None:
            draft.order = len(self.drafts)
            self.drafts[key] = draft
            return
        _merge(existing, draft)

    def _finish(self) -> list[Event]:
        drafts = list(self.drafts.values())
        for key, name in self.denials:
            for draft in drafts:
                if draft.place.key.split("~")[0] == key:
                    draft.notes.append(f"denied by {name}")
        # a week-dated event is absorbed by a day-dated one of the same place and type
        for draft in [d for d in drafts if d.date.precision >= WEEK]:
            host = next((d for d in drafts if d is not draft and d.date.precision == DAY
                         and d.place.key == draft.place.key and d.event_type == draft.event_type
                         and d.sub_event_type == draft.sub_event_type
                         and abs((d.date.date - draft.date.date).days) <= 7), None)
            if host is not None:
                _merge(host, draft)
                drafts.remove(draft)
        # a region-level event covered by a town-level one of the same kind and day
        for draft in [d for d in drafts if d.place.precision >= 3 and not d.keep_region
                      and d.place.feature_code in {"RGN", "ADM1"}]:
            cover = next((d for d in drafts if d.place.precision < 3 and d.event_type == draft.event_type
                          and d.sub_event_type == draft.sub_event_type and d.date.date == draft.date.date
                          and _km(d.place, draft.place) <= _REGION_KM), None)
            if cover is not None:
                if draft.fatalities and not cover.fatalities:
                    cover.fatalities = draft.fatalities
                drafts.remove(draft)
        return [self._event(d) for d in sorted(drafts, key=lambda d: d.order)]

    def _event(self, d: _Draft) -> Event:
        article = self.article
        place = d.place
        return Event(
            event_id=_event_id(article.article_id, d.start, place.key, d.event_type),
            event_date=d.date.date.isoformat(),
            time_precision=d.date.precision,
            event_type=d.event_type,
            sub_event_type=d.sub_event_type,
            actor1=d.actor1,
            actor2=d.actor2 if d.actor2 != d.actor1 else "",
            country=place.country,
            admin1=place.admin1,
            location=place.name,
            latitude=place.latitude,
            longitude=place.longitude,
            geo_precision=place.precision,
            geonameid=place.geonameid,
            fatalities=d.fatalities,
            injured=d.injured,
            claimed_by="; ".join(dict.fromkeys(d.claimed_by)),
            source=article.publisher or "",
            source_url=article.url or "",
            article_id=article.article_id,
            language=article.language,
            quote=article.text[d.start : d.end],
            quote_start=d.start,
            quote_end=d.end,
            notes="; ".join(n for n in dict.fromkeys(d.notes) if n),
            title=article.title,
        )


def _merge(host: _Draft, other: _Draft) -> None:
    """Two reports of one event: every claimant, the lowest casualty figure, the surer type."""
    host.claimed_by += [c for c in other.claimed_by if c not in host.claimed_by]
    for name in ("fatalities", "injured"):
        a, b = getattr(host, name), getattr(other, name)
        setattr(host, name, min(a, b) if a and b else a or b)
    if _RANK.get(other.sub_event_type, 0) > _RANK.get(host.sub_event_type, 0):
        host.sub_event_type = other.sub_event_type
    host.actor1 = host.actor1 or other.actor1
    host.actor2 = host.actor2 or other.actor2
    host.keep_region = host.keep_region or other.keep_region
    if other.date.precision < host.date.precision:
        host.date = other.date
    host.notes += [n for n in other.notes if n not in host.notes and not n.startswith("place ")]


def _km(a: PlaceMention, b: PlaceMention) -> float:
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def _place_mention(place, reason: str) -> PlaceMention:
    return PlaceMention(
        text="", start=-1, end=-1, name=place.name, latitude=place.latitude, longitude=place.longitude,
        country=place.country, admin1=place.admin1, geonameid=place.geonameid, feature_code=place.feature_code,
        precision=place.precision, score=1.0, reason=reason, role="text", key=place.key,
        is_country=place.is_country,
    )


def _event_id(article_id: str, start: int, place_key: str, event_type: str) -> str:
    digest = hashlib.sha1(f"{article_id}|{start}|{place_key}|{event_type}".encode()).hexdigest()
    return digest[:16]


__all__ = ["TERRITORY", "VIOLENT", "Trigger", "extract_events", "MONTH"]
