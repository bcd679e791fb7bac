"""Stage 5: sentences with an event trigger become events, one per place.

A sentence yields events when it has a trigger from the lexicon, at least one
place in the focus region used as a location (not an actor, not the origin of
fire, not a dateline), a date (its own, or the last one given earlier in the
same paragraph), and does not describe a future, conditional or diplomatic
happening.  Actors, the claimant and casualty counts come from the same sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import dates, lexicon
from .lexicon import EventLexicon
from .model import WEEK, Article, DateMention, Event, PlaceMention
from .morphology import candidate_roots
from .numbers import find_counts
from .sentences import sentences

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(?:-an|s)?\b")
_HISTORY_DAYS = 400
_COUNT_WINDOW = 60
_CLAIM_REACH = 45  # characters between a claimant and its verb ("X yang ... mengatakan")  # characters between a count and its casualty word
# The more specific reading wins when a sentence has several triggers.
_RANK = {
    "Agreement": 6, "Disrupted weapons use": 5, "Government regains territory": 4,
    "Non-state actor overtakes territory": 4, "Air/drone strike": 3, "Shelling/artillery/missile attack": 3,
    "Remote explosive/landmine/IED": 3, "Abduction/forced disappearance": 3, "Attack": 2, "Armed clash": 1,
}


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    start: int
    end: int
    passive: bool


def _triggers(text: str, lex: EventLexicon) -> list[Trigger]:
    found = []
    covered: list[tuple[int, int]] = []
    for match in lex.phrases.finditer(text):
        kind = lex.phrase_types[re.sub(r"[\s-]+", " ", match.group(0).lower())]
        found.append(Trigger(kind[0], kind[1], match.start(), match.end(), False))
        covered.append(match.span())
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word in lex.not_triggers or any(a <= match.start() < b for a, b in covered):
            continue
        for root in candidate_roots(word, lex.language):
            if root in lex.roots:
                kind = lex.roots[root]
                passive = word.startswith("di") if lex.language == "id" else word.endswith("ed")
                found.append(Trigger(kind[0], kind[1], match.start(), match.end(), passive))
                break
    return found


def _choose_type(triggers: list[Trigger], text: str, lex: EventLexicon) -> tuple[str, str, Trigger]:
    best = max(triggers, key=lambda t: (_RANK.get(t.sub_event_type, 0), -t.start))
    event_type, sub_type = best.event_type, best.sub_event_type
    if sub_type in {"Armed clash", "Shelling/artillery/missile attack"}:
        weapons = [lex.weapons[m.group(0).lower()] for m in lex.weapon_pattern.finditer(text)]
        if weapons:
            preferred = "Shelling/artillery/missile attack" if "Shelling/artillery/missile attack" in weapons else weapons[0]
            event_type, sub_type = "Explosions/Remote violence", preferred
    return event_type, sub_type, best


def _preceding_words(text: str, position: int, count: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, position - 40) : position])][-count:]


def _spans(patterns: Sequence[lexicon.Named], text: str) -> list[tuple[int, int, lexicon.Named]]:
    taken: list[tuple[int, int, lexicon.Named]] = []
    hits = sorted(
        ((m.start(), m.end(), named) for named in patterns for m in named.pattern.finditer(text)),
        key=lambda h: (h[0], h[0] - h[1]),
    )
    for start, end, named in hits:
        if not any(a < end and start < b for a, b, _ in taken):
            taken.append((start, end, named))
    return taken


def _claimant(text: str, lex: EventLexicon) -> tuple[str, tuple[int, int] | None]:
    """Who says so: a claimant named up to a short phrase before a claim verb, or right after
    a reporting word ("kata X", "according to X")."""
    verbs = [m.span() for m in lex.claim_verbs.finditer(text)]
    reporting = [m.end() for m in lex.reporting.finditer(text)]
    for start, end, named in _spans(lexicon.claimants(), text):
        before_verb = any(0 <= vs - end <= _CLAIM_REACH for vs, _ve in verbs)
        after_reporting = any(0 <= start - re_end <= 3 for re_end in reporting)
        if before_verb or after_reporting:
            denied = " (denies)" if lex.denial.search(text[start : end + _CLAIM_REACH]) else ""
            return named.name + denied, (start, end)
    return "", None


def _actors(text: str, trigger: Trigger, lex: EventLexicon, skip: tuple[int, int] | None,
            location_spans: list[tuple[int, int]]) -> tuple[str, str]:
    found = [
        (start, end, named)
        for start, end, named in _spans(lexicon.actors(), text)
        if not (skip and skip[0] <= start < skip[1])
        and not any(a <= start < b for a, b in location_spans)
    ]
    actor1 = actor2 = ""
    if trigger.passive:
        for start, _end, named in found:
            if start > trigger.end and set(_preceding_words(text, start, 2)) & lex.passive_by:
                actor1 = named.name
                break
        for start, _end, named in found:
            if named.name != actor1 and not actor2:
                actor2 = named.name
    else:
        before = [n for s, _e, n in found if s < trigger.start]
        after = [n for s, _e, n in found if s >= trigger.end]
        actor1 = before[-1].name if before else (after[0].name if after else "")
        actor2 = next((n.name for n in after if n.name != actor1), "")
    return actor1, actor2


def _casualties(text: str, pattern: re.Pattern[str], lex: EventLexicon) -> int:
    """The count nearest a casualty word; cumulative tallies ("since", "total") are not one event's."""
    if lex.cumulative.search(text):
        return 0
    counts = find_counts(text, lex.language)
    best = 0
    for word in pattern.finditer(text):
        near = [c for c in counts if -_COUNT_WINDOW <= word.start() - c.end <= _COUNT_WINDOW or 0 <= c.start - word.end() <= 30]
        if near:
            nearest = min(near, key=lambda c: min(abs(word.start() - c.end), abs(c.start - word.end())))
            best = best or nearest.value
    return best


def _is_location(place: PlaceMention, text: str, offset: int, lex: EventLexicon,
                 actor_spans: list[tuple[int, int]]) -> bool:
    """A place where something happened: not the origin of fire, not a city standing for a
    government ("Baku membebaskan ..."), unless a locative word introduces it ("di Baku")."""
    before = _preceding_words(text, place.start - offset, 2)
    if before and before[-1] in lex.origin:
        return False
    local = place.start - offset
    as_actor = any(a <= local < b for a, b in actor_spans)
    return not as_actor or bool(before and before[-1] in lex.locatives)


def _open_clauses(text: str, lex: EventLexicon, language: str) -> list[tuple[int, int]]:
    """Clauses that report something that happened (not future, conditional or diplomatic)."""
    bounds = [0, *(m.start() for m in lex.clause_break.finditer(text)), len(text)]
    clauses = []
    for start, end in zip(bounds, bounds[1:]):
        clause = text[start:end]
        if clause.strip() and not lex.skip.search(clause) and not dates.is_future(clause, language):
            clauses.append((start, end))
    return clauses


def _event_date(found: list[DateMention], text: str) -> DateMention | None:
    for mention in found:
        if not re.search(r"(?:sejak|since)\s*$", text[max(0, mention.start - 12) : mention.start], re.I):
            return mention
    return None


def extract_events(article: Article, places: Sequence[PlaceMention], focus_bbox: tuple[float, float, float, float]) -> list[Event]:
    lex = lexicon.events(article.language if article.language in lexicon.LANGUAGES else "en")
    anchor = article.published.date() if article.published else None
    west, south, east, north = focus_bbox
    events: dict[tuple[str, str, str], Event] = {}
    paragraph_date: dict[int, DateMention] = {}
    for segment_index, start, end in sentences(article):
        text = article.text[start:end]
        found_dates = dates.find_dates(text, anchor, article.language)
        own_date = _event_date(found_dates, text)
        if own_date:
            paragraph_date[segment_index] = own_date
        date = own_date or paragraph_date.get(segment_index)
        clauses = _open_clauses(text, lex, article.language)
        inside = lambda offset: any(a <= offset < b for a, b in clauses)  # noqa: E731
        triggers = [t for t in _triggers(text, lex) if inside(t.start)]
        if not triggers or (lex.cumulative.search(text) and lex.killed.search(text)):
            continue  # nothing happened here, or a running tally rather than an event
        if date is None:
            years = [int(y) for y in _YEAR.findall(text)]
            if anchor is None or any(y < anchor.year for y in years):
                continue  # undated or a history paragraph
            date = DateMention(anchor, WEEK, "", 0, 0)  # the report's own week
        if anchor and (anchor - date.date).days > _HISTORY_DAYS:
            continue
        claimed_by, claim_span = _claimant(text, lex)
        actor_spans = [(a, b) for a, b, _named in _spans(lexicon.actors(), text)]
        in_sentence = [
            p for p in places
            if start <= p.start < end and p.role == "text" and not p.is_country
            and inside(p.start - start)
            and west <= p.longitude <= east and south <= p.latitude <= north
            and not (claim_span and claim_span[0] <= p.start - start < claim_span[1])
            and _is_location(p, text, start, lex, actor_spans)
        ]
        if any(p.precision == 1 for p in in_sentence):
            in_sentence = [p for p in in_sentence if p.precision < 3]
        in_sentence = list({p.key: p for p in in_sentence}.values())
        if not in_sentence:
            continue
        event_type, sub_type, trigger = _choose_type(triggers, text, lex)
        location_spans = [(p.start - start, p.end - start) for p in in_sentence if not p.is_country]
        actor1, actor2 = _actors(text, trigger, lex, claim_span, location_spans)
        fatalities = _casualties(text, lex.killed, lex)
        injured = _casualties(text, lex.injured, lex)
        civilians = bool(lex.civilian.search(text))
        for index, place in enumerate(in_sentence):
            target = lexicon.civilians_of(place.country) if civilians and event_type != "Battles" else actor2
            key = (place.key, event_type, date.date.isoformat())
            if key in events:
                continue
            events[key] = Event(
                event_id=_event_id(article.article_id, start, place.key, event_type),
                event_date=date.date.isoformat(),
                time_precision=date.precision,
                event_type=event_type,
                sub_event_type=sub_type,
                actor1=actor1,
                actor2=target if target != actor1 else "",
                country=place.country,
                admin1=place.admin1,
                location=place.name,
                latitude=place.latitude,
                longitude=place.longitude,
                geo_precision=place.precision,
                geonameid=place.geonameid,
                fatalities=fatalities if index == 0 else 0,
                injured=injured if index == 0 else 0,
                claimed_by=claimed_by,
                source=article.publisher or "",
                source_url=article.url or "",
                article_id=article.article_id,
                language=article.language,
                quote=text,
                quote_start=start,
                quote_end=end,
                notes=_notes(place, date, index, fatalities),
                title=article.title,
            )
    return list(events.values())


def _notes(place: PlaceMention, date: DateMention, index: int, fatalities: int) -> str:
    notes = [f"place '{place.text}': {place.reason}"]
    notes.append(f"date from '{date.text}'" if date.text else "date: the report's week (no date in the text)")
    if index and fatalities:
        notes.append("the sentence's fatalities are counted once, on its first place")
    return "; ".join(notes)


def _event_id(article_id: str, start: int, place_key: str, event_type: str) -> str:
    digest = hashlib.sha1(f"{article_id}|{start}|{place_key}|{event_type}".encode()).hexdigest()
    return digest[:16]

