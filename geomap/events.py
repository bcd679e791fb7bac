"""Stage 5: sentences with an event trigger become events, one per place.

The extractor reads a report one sentence at a time (:mod:`geomap.clauses`: clauses, what is blocked,
triggers, dates), finds where things happened (:mod:`geomap.locations`) and puts together for each
location an event:

* its type: the territory trigger whose object the place is, else the nearest trigger of the place's
  clause, refined by the weapons named with it ("serangan ... dengan artileri" is shelling);
* a date: the trigger's clause's own date, else the sentence's, else the paragraph's, else the report's
  week (precision 2);
* actors (agent and target from the clause, else from the side that held the place: :mod:`geomap.actors`),
  the claimant (own, else carried from the paragraph, else "Media reports" for "dilaporkan"), and the
  casualties (:mod:`geomap.casualties`); a following sentence may add casualties or a denial.

Events of one place, type, sub-type and day are merged; a week-dated event is absorbed by a day-dated one
of the same place and kind; a region-level event is dropped when a town-level event of the same kind and
day inside the region covers it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from . import actors as actor_roles
from . import lexicon
from .casualties import casualty_counts
from .clauses import (HISTORY_DAYS, RELATIVE_DAY, TERRITORY, VIOLENT, WORD, Clauses, ReportScan, Sentence, Trigger,
                      inside_quote)
from .dates import find_dates, load_lexicon
from .locations import REGION_KM, Locations, km, place_mention
from .model import DAY, WEEK, Article, DateMention, Event, PlaceMention
from .numbers import Count
from .scan import Hits
from .sentences import sentences

# The more specific reading wins when a clause has several triggers.
_RANK = {
    "Agreement": 7, "Disrupted weapons use": 6, "Non-violent transfer of territory": 5,
    "Government regains territory": 5, "Non-state actor overtakes territory": 5,
    "Remote explosive/landmine/IED": 4, "Shelling/artillery/missile attack": 3, "Air/drone strike": 3,
    "Abduction/forced disappearance": 3, "Attack": 2, "Arrests": 2, "Protest with intervention": 2, "Armed clash": 1,
    "Peaceful protest": 1,
}
_SUB_RANK_WEAPON = ("Remote explosive/landmine/IED", "Shelling/artillery/missile attack", "Air/drone strike")


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


# --------------------------------------------------------------------------- the stage


def extract_events(article: Article, places: Sequence[PlaceMention],
                   focus_bbox: tuple[float, float, float, float],
                   lookup: Callable[[str], Sequence] | None = None) -> list[Event]:
    """The events of one article.  ``lookup`` (a gazetteer's name lookup) finds areas named in the
    actor lexicon (the front line); without it those events are set at the region in focus."""
    language = article.language if article.language in lexicon.LANGUAGES else "en"
    west, south, east, north = focus_bbox
    if not any(p.role == "text" and not p.is_country and west <= p.longitude <= east and south <= p.latitude <= north
               for p in places):
        return []  # no place in the region in focus: nothing to locate an event at
    return _Extractor(article, places, focus_bbox, lookup, language).run()


def _latest_absolute_date(article: Article, language: str):
    """For a report with no publication date: the latest full date (with its year) its body states, so
    that events dated by absolute dates are still found; None when the body states none."""
    found = [m.date for seg in article.segments for m in find_dates(seg.text, None, language)
             if m.date is not None and m.precision == DAY]
    return max(found) if found else None


_LINES = frozenset({"STM"})  # a river is hundreds of kilometres long: its point says nothing of where


@lru_cache(maxsize=1)
def _frame_areas() -> frozenset[str]:
    """Areas wider than the conflict, named as its setting ("the worst fighting in the South Caucasus")."""
    return frozenset(load_lexicon("actors").get("frame_areas", ()))


_ATTACK_NOUNS = frozenset({"attack", "attacks", "serangan", "penyerangan"})  # nouns that may restate an attack
# verbs whose subject, when a drone, makes an air/drone strike (and whose object, when a drone, a shoot-down)
_DESTROY_ROOTS = ("destroy", "hancur", "took out", "neutrali", "lumpuh")
_SUBJECT_REACH = 45  # characters between a weapon and the verb it is the subject of
_BLAST_ROOTS = ("explo", "blast", "ledak")  # "exploded", "explosion", "blast", "ledakan", "meledak"
RECAP_DAYS = 4  # an event told past the lead more than this many days before publication is a recap
ROUNDUP_DAYS = 7
_PROTEST_REACH = 600  # characters back to the protest a place-less sentence about protesters goes on with
_HIT_VERBS = frozenset({"hit", "hits", "struck", "strikes", "menghantam", "mengenai"})  # "... struck the helicopter"
_OBJECT_REACH = 30  # characters between a verb and the weapon it destroys ("destroyed an enemy drone")


class _Extractor(Clauses, Locations):
    """The events of one article: reads its sentences (Clauses), their places (Locations), and puts
    events together, merging what several sentences say of one event."""

    def __init__(self, article: Article, places: Sequence[PlaceMention], focus_bbox, lookup, language: str):
        self.article = article
        self.lex = lexicon.events(language)
        self.language = language
        self.anchor = article.published.date() if article.published else _latest_absolute_date(article, language)
        self.bbox = focus_bbox
        self.lookup = lookup
        self.scan = ReportScan(article, self.lex, places)
        self.tokens = self.scan.tokens
        # how far back the report's own news goes: a week for a weekly round-up ("over the past week" in its
        # lead), else RECAP_DAYS
        lead = article.segments[0] if article.segments else None
        roundup = lead is not None and self.scan.cues["durative"].any_within(lead.start, lead.end)
        self.recap_days = ROUNDUP_DAYS if roundup else RECAP_DAYS
        self.drafts: dict[tuple[str, str, str, str], _Draft] = {}
        self.claim_carry: dict[int, str] = {}  # paragraph -> last claimant
        self.denials: list[tuple[str, str]] = []  # (place key, who denies)
        self.first_paragraph = -1
        self.last_told: DateMention | None = None
        self.relative_cues: dict[int, list] = {}
        self.protesters = ""  # the last protesters the report named
        west, south, east, north = focus_bbox
        self.usable = [
            p for p in places
            if p.role == "text" and not p.is_country and west <= p.longitude <= east and south <= p.latitude <= north
            and p.feature_code not in _LINES and p.name not in _frame_areas()
        ]
        self.place_hits = Hits((p.start, p.end, p) for p in self.usable)
        self.all_place_hits = self.scan.places
        self._main_region: PlaceMention | None | bool = False

    # -- driver ----------------------------------------------------------
    def run(self) -> list[Event]:
        paragraphs: dict[int, list[tuple[int, int]]] = {}
        for index, start, end in sentences(self.article):
            paragraphs.setdefault(index, []).append((start, end))
        previous: Sentence | None = None
        self.first_paragraph = next(iter(paragraphs), -1)
        scan = self.scan
        for index, spans in paragraphs.items():
            first, last = spans[0][0], spans[-1][1]
            active = scan.words.any_within(first, last) or scan.phrases.any_within(first, last) or \
                scan.cues["agreement_verbs"].any_within(first, last) or \
                scan.cues["weapon_verbs"].any_within(first, last)
            denies = previous is not None and previous.produced and index == previous.paragraph + 1 and \
                scan.denial.any_within(first, last)
            if not (active or denies):
                continue  # nothing happens in this paragraph, and it denies nothing said just before
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

    # -- events --------------------------------------------------------------
    def _events_of(self, info: Sentence) -> bool:
        self.tokens.within(info.start, info.end)
        if not info.triggers or self.anchor is None:
            self._note_claim(info)
            return False
        locations = self._locations(info)
        text, lex = self.article.text, self.lex
        pairs = self._bind(info, locations)
        fallback_note = ""
        if not pairs and not locations:
            pairs, fallback_note = self._protest_told_before(info) or self._without_place(info)
        self._note_claim(info)
        if not pairs:
            return False
        excluded = [(p.start, p.end) for p, *_ in locations] + info.blocked + [(a, b) for a, b, _ in info.denied]
        found, hints = actor_roles.mentions(
            text, self.tokens, info.start, info.end, self.scan.actors, self.scan.cues["own_forces"],
            self.scan.cues["own_civilians"], self.scan.cues["police"], self.all_place_hits, info.claims, excluded,
            lex,
        )
        fatalities, injured, evacuated = self._casualties(info)
        made = False
        for index, (place, near, keep, trigger, event_type, sub_type) in enumerate(pairs):
            date, date_note = self._date_for(trigger.start, info)
            if self.anchor and (self.anchor - date.date).days > HISTORY_DAYS:
                continue
            if self.article.published and info.paragraph != self.first_paragraph and (self.anchor - date.date).days > \
                    (ROUNDUP_DAYS if sub_type == "Agreement" else self.recap_days):  # (truces are recalled longer)
                continue  # "On September 27, Azerbaijan launched an offensive" in an October report: told before
            notes = [f"place '{place.text}': {place.reason}" if place.text else fallback_note, date_note]
            actor1, actor2, event_type, sub_type, inferred = self._actors(info, trigger, event_type, sub_type,
                                                                         place, date, found, hints)
            notes += inferred
            claimed = self._claimant(info, trigger)
            if near:
                place = replace(place, precision=max(2, place.precision), key=place.key + "~near")
                notes.append(f"near {place.name}")
            if (event_type, sub_type) == ("Battles", "Armed clash") and \
                    self.article.text[trigger.start:trigger.end].casefold() in _ATTACK_NOUNS:
                # "The attack on Ganja came hours after ...", "Serangan ke Ganja terjadi ...": a bare attack noun
                # at a place that already has a violent event that day restates it, not a new battle
                told = next((d for d in self.drafts.values() if d.place.key == place.key
                             and abs((d.date.date - date.date).days) <= 1 and d.event_type in VIOLENT), None)
                if told is not None:
                    event_type, sub_type, date = told.event_type, told.sub_event_type, told.date
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

    def _bind(self, info: Sentence, locations) -> list[tuple]:
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
            if place.precision < 3:  # a truce covers the conflict area, not a town named with it
                pool = [t for t in pool if t.sub_event_type != "Agreement"]
                if not pool:
                    continue
            preceding = [t for t in pool if t.end <= place.start]
            best = preceding[-1] if preceding else min(pool, key=lambda t: t.start - place.end)
            downed = [t for t in pool if t.sub_event_type == "Disrupted weapons use"]
            if downed and best.event_type == "Explosions/Remote violence":
                best = downed[0]  # "a Smerch rocket fired at Barda was shot down": it hit nothing
            trigger_clause = next((c for c in info.hard if c[0] <= best.start < c[1]), clause)
            if best.event_type in {"Protests", "Riots"} and trigger_clause != clause:
                continue  # "protesters stormed ... hours after Pashinyan signed a deal to end the war in X"
            event_type, sub_type = self._refine(best, pool, trigger_clause)
            if event_type == "Protests" and any(t.sub_event_type == "Arrests" for t in pool):
                sub_type = "Protest with intervention"  # "police detained dozens of protesters"
            elif sub_type == "Arrests" and (any(t.event_type == "Protests" for t in info.triggers) or
                                            self.scan.cues["protesters"].any_within(info.start, info.end)):
                # "police detained 40 people as opposition supporters tried to block the entrance"
                event_type, sub_type = "Protests", "Protest with intervention"
            elif event_type == "Protests" and self.scan.cues["riot"].any_within(*trigger_clause):
                event_type, sub_type = "Riots", "Violent demonstration"  # "protesters ransacked offices"
            if event_type == "Protests" and self.scan.cues["celebration"].any_within(*trigger_clause):
                continue  # "turun ke jalan untuk merayakan ...": a celebration makes no demand
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
        masks = self.scan.masks.within(clause[0] - 20, clause[1])  # "air defence" is no aircraft
        aerial = [(a, b) for a, b, sub in self.scan.weapons.within(clause[0], clause[1])
                  if sub == "Air/drone strike" and not any(x <= a < y for x, y, _ in masks)]
        aerial_subject = any(0 <= best.start - b <= _SUBJECT_REACH for _a, b in aerial)
        aerial_object = any(0 <= a - best.end <= _OBJECT_REACH for a, _b in aerial)
        if best.event_type == "Battles" and not best.refinable:
            word = self.article.text[best.start:best.end].casefold()
            if not best.passive and any(r in word for r in _DESTROY_ROOTS):
                # "a drone destroyed ...", "pesawat nirawaknya menghancurkan ...": a drone or aircraft as the
                # subject of a destroying verb is an air/drone strike; as its object ("air defence units
                # destroyed an enemy drone"), a shoot-down
                if aerial_subject:
                    return "Explosions/Remote violence", "Air/drone strike"
                if aerial_object:
                    return "Strategic developments", "Disrupted weapons use"
                subject = self.scan.weapons.last_before(best.start, _SUBJECT_REACH)
                if subject is not None and subject[0] >= clause[0] and subject[2] in _SUB_RANK_WEAPON:
                    return "Explosions/Remote violence", subject[2]  # "a missile destroyed part of a building"
            return best.event_type, best.sub_event_type
        hitting = self.article.text[best.start:best.end].casefold() in _HIT_VERBS
        if (best.passive and aerial_subject) or (hitting and not best.passive and aerial_object):
            # "the Mi-24 was hit by a missile", "a missile struck the helicopter": an aircraft hit is brought down
            return "Strategic developments", "Disrupted weapons use"
        weapons = {sub for _a, _b, sub in self.scan.weapons.within(clause[0], clause[1])}
        if "Armed clash" in weapons and "Remote explosive/landmine/IED" not in weapons:
            # "ditembaki ... dengan senjata ringan", "fire on our positions with small arms, mortars and
            # artillery": small arms are fire between forces, a battle even with artillery named with them
            return "Battles", "Armed clash"
        word = self.article.text[best.start:best.end].casefold()
        if not weapons and any(r in word for r in _BLAST_ROOTS) and \
                self.scan.cues["accident"].any_within(clause[0], clause[1]):
            # "a fuel depot exploded", "ledakan di SPBU": no weapon, an accident; not political violence
            return "Strategic developments", "Other"
        if best.event_type == "Battles":
            weapons.discard("Remote explosive/landmine/IED")
        for sub in _SUB_RANK_WEAPON:
            if sub in weapons:
                return "Explosions/Remote violence", sub
        return best.event_type, best.sub_event_type

    def _protest_told_before(self, info: Sentence) -> tuple[list[tuple], str] | None:
        """ "Protesters gathered in Baku ... Some demonstrators broke into the parliament": a sentence about
        protesters with no place of its own goes on at the place of the protest told just before."""
        if not (any(t.event_type in {"Protests", "Riots"} for t in info.triggers) or
                self.scan.cues["protesters"].any_within(info.start, info.end)):
            return None
        before = [d for d in self.drafts.values() if d.event_type in {"Protests", "Riots"}
                  and 0 <= info.start - d.end <= _PROTEST_REACH]
        if not before or not info.triggers:
            return None
        told = max(before, key=lambda d: d.end)
        violent = [t for t in info.triggers if t.event_type in VIOLENT]
        arrests = [t for t in info.triggers if t.sub_event_type == "Arrests"]
        if arrests:  # "Polisi menahan puluhan demonstran": the protest met the police
            trigger, event_type, sub_type = arrests[-1], "Protests", "Protest with intervention"
        elif violent or self.scan.cues["riot"].any_within(info.start, info.end):
            trigger, event_type, sub_type = (violent or info.triggers)[-1], "Riots", "Violent demonstration"
        else:
            return None  # "the protesters left the buildings before dawn": the same protest, told on
        return [(told.place, False, False, trigger, event_type, sub_type)], \
            f"no place named: the protest at {told.place.name} told just before"

    def _without_place(self, info: Sentence) -> tuple[list[tuple], str]:
        """A violent sentence whose trigger's clause has its own day and no place: the region the report is
        about (or the front, for the unnamed places of the side outside it)."""
        definite = self.lex.words["definite"]
        triggers = []
        for t in info.triggers:
            if not (t.event_type in VIOLENT and t.sub_event_type not in TERRITORY or t.sub_event_type == "Agreement"):
                continue
            agreement = t.sub_event_type == "Agreement"
            before = self.tokens.before(t.start, 1, 12)
            if before and before[-1] in definite and not agreement:
                continue  # "The strike came hours after ...": the event told before
            clause = next((c for c in info.hard if c[0] <= t.start < c[1]), (info.start, info.end))
            if agreement:  # "a ceasefire, brokered by France and agreed on October 17": the verb's clause too
                last = next((c for c in info.hard if c[0] <= t.end - 1 < c[1]), clause)
                clause = (clause[0], max(clause[1], last[1]))
            opener = self.tokens.after(clause[0], 1, 20)
            if opener and opener[0] in self.lex.words["background_openers"]:
                continue  # "hours after a ceasefire took effect on Saturday": the background of the news
            if any(d.precision == DAY and clause[0] <= d.start < clause[1] for d in info.dates):
                triggers.append(t)
        if not triggers:
            return [], ""
        triggers = [t for t in triggers if t.sub_event_type == "Agreement" or
                    not inside_quote(self.article.text, info.start, t.start)]  # (a quote's rhetoric names no place)
        if not triggers:
            return [], ""
        best = max(triggers, key=lambda t: (_RANK.get(t.sub_event_type, 0), -t.start))
        region = None
        if best.sub_event_type == "Agreement":
            region = self._conflict_area(info)  # an agreement covers the conflict area, not where it was signed
        elif self.scan.cues["border"].any_within(info.start, info.end):
            region = self._border_area()  # "traded heavy fire along a northern stretch of their border"
        if region is None:
            region = self._main_region_place()
        if region is None:
            return [], ""
        clause = next((c for c in info.hard if c[0] <= best.start < c[1]), (info.start, info.end))
        if best.sub_event_type == "Agreement":
            last = next((c for c in info.hard if c[0] <= best.end - 1 < c[1]), clause)
            clause = (clause[0], max(clause[1], last[1]))
        event_type, sub_type = self._refine(best, triggers, clause)
        own = next(d for d in info.dates if d.precision == DAY and clause[0] <= d.start < clause[1])
        place, note = region, "no place named: set at the region the report is about"
        front = self._front(info, region, own.date)
        if front is not None:
            place, note = front, f"no place named: {front.name}, where the unnamed places of the target's side lie"
        return [(place, False, True, best, event_type, sub_type)], note

    def _border_area(self) -> PlaceMention | None:
        """The border area (actor lexicon's "border_area") of a report with places in the border country."""
        spec = load_lexicon("actors")
        if not any(p.country == spec.get("border_country") for p in self.usable):
            return None
        return self._area(spec.get("border_area"), "no place named but the border: the border area")

    def _area(self, name: str | None, reason: str) -> PlaceMention | None:
        """The gazetteer's area of that name (not a country) as a place mention."""
        found = [p for p in self.lookup(name) if not p.is_country] if name and self.lookup else []
        return place_mention(found[0], reason) if found else None

    def _conflict_area(self, info: Sentence) -> PlaceMention | None:
        """The area the wars are fought over (actor lexicon's "conflict_area"), for a report that never names it
        but whose places lie in the territory held by its side then (not a border war elsewhere)."""
        spec = load_lexicon("actors")
        if not info.dates:
            return None
        when = info.dates[0].date
        # the towns the report names (a region or a capital named as background says little), by side
        towns = [p for p in self.usable if p.precision < 3 and p.feature_code != "PPLC"]
        held = sum(actor_roles.side_of(p.longitude, p.latitude, p.country, p.feature_code, when) == "NK" for p in towns)
        border = sum(p.country == spec.get("border_country") for p in towns)
        if held and held >= border:
            name = spec.get("conflict_area")
        elif border:
            name = spec.get("border_area")  # a truce in a border war (September 2022) covers the border
        else:
            return None
        return self._area(name, f"{name}: the conflict area the agreement covers")

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
            if claim and claim.side in sides and len(WORD.findall(text[claim.end : trigger.start])) <= 3 \
                    and self._verbal(trigger, claim.end):
                side = sides[claim.side]  # "Kementerian ... mengatakan telah menembak jatuh": the claimant's forces
                agent = actor_roles.ActorMention(claim.end, claim.end, side.forces, side.code, "state")
        place_side = actor_roles.side_of(place.longitude, place.latitude, place.country, place.feature_code,
                                         date.date)
        if sub_type == "Agreement":
            # the parties that agreed (mediators are no party): the sides the sentence names, else the side
            # holding the place and its opponent
            parties = list(dict.fromkeys(m.side for m in found if m.side in sides and sides[m.side].party))
            if not parties and place_side in sides and sides[place_side].party:
                parties = [place_side]
            if len(parties) == 1 and sides[parties[0]].opponent:
                parties.append(sides[parties[0]].opponent)
            names = [sides[side].government for side in parties[:2]] + ["", ""]
            return names[0], names[1], event_type, sub_type, notes
        if sub_type == "Protest with intervention":
            protesters = next((m for m in found if m.kind == "protesters"), None)
            police = next((m for m in found if m.kind == "police"), None)
            name = protesters.name if protesters and protesters.side else \
                (self.protesters or (sides[place_side].protesters if place_side in sides else "Protesters"))
            state = sides[place_side].police if place_side in sides else ""
            return name, (police.name if police and police.name else state), event_type, sub_type, notes
        if event_type in {"Protests", "Riots"} and (agent is None or agent.kind == "civilians"):
            agent = next((m for m in found if m.kind == "protesters"), None) or actor_roles.ActorMention(
                trigger.start, trigger.start, "", "", "protesters")  # "warga berunjuk rasa": the place's people
        if agent is not None and agent.kind == "protesters" and not (event_type in VIOLENT or
                                                                    event_type in {"Protests", "Riots"}):
            agent = None  # a deal or a handover told next to a protest is not the protesters' deed
        if agent is not None and agent.kind == "protesters":
            event_type, sub_type = ("Riots", "Violent demonstration") if event_type in VIOLENT or \
                event_type == "Riots" else ("Protests", "Peaceful protest")
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
        # a town shelled with no military target named: its people are the target (ACLED codes civilians)
        town_hit = event_type == "Explosions/Remote violence" and target is None and place.precision == 1 and \
            place.feature_code.startswith("PPL") and sub_type != "Air/drone strike"
        if event_type in {"Explosions/Remote violence", "Violence against civilians"} and (civilian or town_hit) and \
                sub_type != "Remote explosive/landmine/IED" and (target is None or target.kind == "civilians"):
            hint = next((side for pos, side in hints if clause[0] <= pos < clause[1]), "")
            owner = (target.side if target is not None else "") or hint or place_side
            if owner in sides and owner != agent_side:
                actor2, target_side = sides[owner].civilians, owner
        if sub_type == "Arrests":
            if target is not None and target.side and agent_side and target.side != agent_side \
                    and place_side != agent_side:
                # (held where the arresting side rules, as in Khankendi after September 2023: an arrest)
                event_type, sub_type = "Violence against civilians", "Abduction/forced disappearance"
                notes.append("people of the other side taken by force: an abduction, not an arrest")
                if civilian and target.kind != "civilians" and target.side in sides:
                    actor2 = sides[target.side].civilians
            return actor1, actor2, event_type, sub_type, notes
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
        between = {w.lower() for w in WORD.findall(self.article.text[since : trigger.start])}
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
    def _claimant(self, info: Sentence, trigger: Trigger) -> str:
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

    def _note_claim(self, info: Sentence) -> None:
        own = [c for c in info.claims if not c.denial]
        if own:
            self.claim_carry[info.paragraph] = own[-1].name

    # -- casualties ----------------------------------------------------------
    def _casualties(self, info: Sentence) -> tuple[int, int, int]:
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

    def _follow_up(self, info: Sentence, previous: Sentence) -> None:
        """A sentence after an event's sentence that only adds casualties or a denial to it
        ("Two civilians were wounded, they said."; "Armenia membantah tuduhan tersebut.")."""
        self.tokens.within(info.start, info.end)
        drafts = [self.drafts[k] for k in dict.fromkeys(previous.produced) if k in self.drafts]
        if not drafts or info.paragraph > previous.paragraph + 1:
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
    def _add(self, draft: _Draft, info: Sentence) -> None:
        key = (draft.place.key, draft.event_type, draft.sub_event_type, draft.date.date.isoformat())
        info.produced.append(key)
        if draft.date.precision == DAY and draft.date.text and not RELATIVE_DAY.fullmatch(draft.date.text):
            self.last_told = draft.date  # (a day counted from another, "the previous day", is not a new base)
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
        # one protest per place and day: a peaceful protest the police then broke up is one protest with intervention
        protests = sorted((d for d in drafts if d.event_type == "Protests"),
                          key=lambda d: _RANK.get(d.sub_event_type, 0))
        for draft in protests:
            host = next((d for d in drafts if d is not draft and d.event_type == "Protests"
                         and d.place.key == draft.place.key and d.date.date == draft.date.date
                         and _RANK.get(d.sub_event_type, 0) >= _RANK.get(draft.sub_event_type, 0)), None)
            if host is not None:
                _merge(host, draft)
                drafts.remove(draft)
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
                      and d.place.feature_code in {"RGN", "ADM1", "AREA"}]:
            border = draft.place.name == load_lexicon("actors").get("border_area")  # a line, not a point
            cover = next((d for d in drafts if d.place.precision < 3 and d.event_type == draft.event_type
                          and d.sub_event_type == draft.sub_event_type
                          and (d.date.date == draft.date.date or  # ("this week's fighting": any day of it)
                               draft.date.precision >= WEEK and abs((d.date.date - draft.date.date).days) <= 7)
                          and (border or km(d.place, draft.place) <= REGION_KM)), None)
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


def _event_id(article_id: str, start: int, place_key: str, event_type: str) -> str:
    digest = hashlib.sha1(f"{article_id}|{start}|{place_key}|{event_type}".encode()).hexdigest()
    return digest[:16]


__all__ = ["TERRITORY", "VIOLENT", "Trigger", "extract_events"]
