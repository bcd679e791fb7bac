"""Reading the sentences of a report: clauses, what they block, triggers and dates.

A sentence is cut into clauses (hard breaks: ";", ":", clause openers such as "setelah", "when";
soft breaks: commas that do not continue a list of places).  Clauses that report nothing that
happened are blocked: calls, talks, warnings, conditions (the soft clause of the cue), future or
planned happenings (soft clause), summaries over weeks and history (hard clause), what a claimant
denies, the recap of how a war began and running tolls (the sentence).  In what is left, triggers
(lexicon roots through the morphology, and phrases) count unless they are anaphora ("bentrokan
tersebut", "this attack": already reported), aims ("untuk merebut"), causes ("sebagai respons atas
serangan"), negated, or follow "sejak"/"since".

:class:`ReportScan` matches every lexicon list once against the report's body; :class:`Clauses` is
the part of the extractor (see :mod:`geomap.events`) that reads one sentence at a time from it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import compress
from typing import TYPE_CHECKING, NamedTuple

from . import actors as actor_roles
from . import dates, lexicon
from .article import body_text
from .lexicon import EventLexicon
from .model import DAY, WEEK, Article, DateMention, PlaceMention
from .morphology import candidate_roots
from .numbers import Count, find_counts
from .scan import Hits, Tokens

if TYPE_CHECKING:
    from collections.abc import Sequence

WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
# (the look-behind follows the first two digits, so that the scan can skip to the digits 1 and 2)
_YEAR = re.compile(r"((?:1[89]|20)(?<![\w.,/-]..)\d\d)(?:-an|s)?(?![\w/])")
_COMMA = re.compile(r",")
_ARTICLES = frozenset({"a", "an"})
_CONSEQUENCE_ROOTS = ("destroy", "damag")  # "..., destroying a house", "damaging a school": an attack's effect
_STRONG_BREAK = re.compile(r"[;:]")
HISTORY_DAYS = 60
RECENT_DAYS = 2  # "sejak kemarin" is a date; "sejak 27 September" is a tally's start
_SMALL_HOURS = 3  # a report published before 03:00 tells the statements of the day before (00:00: no time)
_PASSIVE_PHRASE = re.compile(r"\b(?:was|were|came under|come under)\b")
_LIST_GOES_ON = re.compile(r"\s*(?:(?:dan|and|serta|atau|or|hingga)\s+)?(?:(?:kota|desa|the\s+town\s+of|town|"
                           r"village)\s+)?", re.IGNORECASE)

VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory",
                       "Non-violent transfer of territory"})
# Roots whose meaning a weapon refines ("serangan ... dengan artileri" is shelling); ground-fighting words
# ("bentrokan", "clashes") stay battles whatever weapons are named with them.
_REFINABLE = frozenset("serang gempur hantam serbu ofensif attack assault strike struck hit target raid pound "
                       "offensive".split())


# relative days resolved against the date said before them in the sentence or paragraph
# ("the previous day": the day before the date said before it, as "a day after" before the event it dates)
RELATIVE_DAY = re.compile(r"\b(?:(?P<after>a day after|one day after|sehari setelah|sehari sesudah|satu hari setelah)|"
                           r"(?P<previous>the previous day|the day before|a day earlier|sehari sebelumnya|"
                           r"hari sebelumnya)|"
                           r"(?P<same>(?:on |later )?the same day|later that day|pada hari yang sama|di hari yang sama|"
                           r"hari itu juga))\b", re.IGNORECASE)


_CITATION_REACH = 40  # characters from "dilansir"/"dikutip dari" to the date of the report it cites
_WEAPON_SUBJECT_REACH = 40  # characters from a weapon to the verb of falling it is the subject of
_AGREEMENT_REACH = 40  # characters from a truce to the verb that says it was agreed or took effect
_PARTIES_REACH = 100  # the same when the parties come between them ("a truce between ... and ...")
_BETWEEN = re.compile(r"\s+(?:between|antara)\s", re.IGNORECASE)


class Trigger(NamedTuple):
    event_type: str
    sub_event_type: str
    start: int
    end: int
    passive: bool
    refinable: bool


@dataclass
class Sentence:
    """One sentence as the extractor reads it (offsets into ``Article.text``)."""

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
    demands: list[tuple[int, int]] = field(default_factory=list)  # what protesters demand: no places of theirs
    fallback_date: DateMention | None = None  # the paragraph's
    produced: list[tuple] = field(default_factory=list)  # keys of the events it made


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


_TRIGGER_WORDS: dict[str, dict[str, tuple | bool]] = {}  # language -> word -> trigger or False (a plain dict: hot path)


_SCANNED_CUES = ("skip", "durative", "onset", "history", "civilian", "near", "others", "inclusion",
                 "reference", "speech", "own_forces", "own_civilians", "police", "subset", "reported",
                 "cumulative", "since", "reason", "opener_exceptions", "agreement_verbs", "agreement_nouns",
                 "riot", "celebration", "weapon_verbs", "accident", "protesters", "recap", "border",
                 "citation", "destination", "called_off")


class ReportScan:
    """Every list of the lexicons matched once against the article's text (one pass over its words)."""

    def __init__(self, article: Article, lex: EventLexicon, places: Sequence[PlaceMention]):
        text = body_text(article)  # the report's text with everything but its body blanked out, offsets kept
        self.text = text
        hits, tokens = lexicon.events_index(lex.language).scan(text)
        self.tokens = tokens
        self.phrases = hits["phrases"]
        known = _TRIGGER_WORDS.setdefault(lex.language, {})
        kinds = list(map(known.get, tokens.words))  # None: a word not seen before
        for i, kind in enumerate(kinds) if None in kinds else ():
            if kind is None:
                word = tokens.words[i]
                kinds[i] = kind = _word_trigger(word, lex.language) or False
                if len(known) < 200_000:
                    known[word] = kind
        starts, ends = tokens.starts, tokens.ends
        self.words = Hits.sorted_items([(starts[i], ends[i], kinds[i]) for i in compress(range(len(kinds)), kinds)])
        self.masks = hits["masks"]
        self.weapons = hits["weapons"]
        self.cues = {name: hits["cue:" + name] for name in _SCANNED_CUES}
        self.killed, self.injured, self.evacuated = hits["killed"], hits["injured"], hits["evacuated"]
        self.verbs, self.reporting = hits["verbs"], hits["reporting"]
        self.participial, self.denial = hits["participial"], hits["denial"]
        self.actors, self.claimants = hits["actors"], hits["claimants"]
        breaks = [(m.start(), m.end(), None) for m in _STRONG_BREAK.finditer(text)]
        breaks += [(a - 1, a, None) for a, _b, _ in hits["openers"].items if a and text[a - 1].isspace()]
        self.breaks = Hits(breaks)
        self.commas = Hits.sorted_items([(m.start(), m.end(), None) for m in _COMMA.finditer(text)])
        excluded = hits["future_exclude"].items
        self.future = Hits.sorted_items([h for h in hits["future"].items
                                         if not any(x <= h[0] < y for x, y, _ in excluded)])
        anchor = article.published.date() if article.published else None
        gates = {group: [a for a, _b, _ in hits["date:" + group].items]
                 for group in dates.GATE_GROUPS}
        found = dates.find_dates(text, anchor, lex.language, gates)
        published = article.published
        if published is not None and published.hour < _SMALL_HOURS and published.time() != dt.time(0, 0):
            # "Senin 02 Nov 2020 01:50 WIB": written in the small hours, the report tells the statements of
            # the day before, and "semalam" is the night that ended on that day
            overnight = lex.words["overnight"]
            found = [replace(d, date=d.date - dt.timedelta(days=1))
                     if d.date == anchor and lexicon.key(d.text) in overnight else d for d in found]
        self.dates = Hits.sorted_items([(d.start, d.end, d) for d in found])
        self.years = Hits.sorted_items([(m.start(), m.end(), int(m.group(1))) for m in _YEAR.finditer(text)])
        numbers = [(a, b) for a, b, _ in hits["numbers"].items]
        counts = find_counts(text, lex.language, numbers)
        if lex.language == "en":  # "a farmer was killed", "a local farmer": one person (alone, "a" counts nobody)
            words, starts, ends = tokens.words, tokens.starts, tokens.ends
            taken = {c.start for c in counts}
            for i in compress(range(len(words) - 1), map(_ARTICLES.__contains__, words)):
                if starts[i] not in taken and (lex.persons.match(text, starts[i + 1]) or (
                        i + 2 < len(words) and lex.persons.match(text, starts[i + 2]))):
                    counts.append(Count(1, starts[i], ends[i], text[starts[i] : ends[i]]))
            counts.sort(key=lambda c: c.start)
        self.counts = Hits.sorted_items([(c.start, c.end, c) for c in counts])
        self.places = Hits((p.start, p.end, p) for p in places if p.role == "text")



def inside_quote(text: str, start: int, position: int) -> bool:
    """Whether ``position`` lies inside a quotation opened after ``start`` (the sentence's start)."""
    opened = text.count('"', start, position) + text.count("\u201c", start, position) - \
        text.count("\u201d", start, position)
    return opened % 2 == 1


class Clauses:
    """Sentence reading for the extractor.  Expects ``article``, ``lex``, ``language``, ``anchor``,
    ``scan`` (a :class:`ReportScan`), ``tokens``, ``place_hits`` and ``first_paragraph`` on the instance."""

    article: Article
    lex: EventLexicon
    language: str
    anchor: dt.date | None
    scan: ReportScan
    tokens: Tokens
    place_hits: Hits
    first_paragraph: int
    last_told: DateMention | None  # the day of the last event made from a dated sentence
    relative_cues: dict[int, list[re.Match]]  # sentence start -> its relative-day cues

    def _prepare(self, paragraph: int, start: int, end: int) -> Sentence:
        scan, text = self.scan, self.article.text
        self.tokens.within(start, end)
        has_trigger = scan.words.any_within(start, end) or scan.phrases.any_within(start, end) or (
            scan.cues["agreement_verbs"].any_within(start, end) and scan.cues["agreement_nouns"].any_within(start, end)
        ) or (scan.cues["weapon_verbs"].any_within(start, end) and scan.weapons.any_within(start, end))
        if has_trigger and not (self.place_hits.any_within(start, end) or scan.dates.any_within(start, end)
                                or scan.cues["protesters"].any_within(start, end)):
            has_trigger = False  # neither a place nor a date of its own (nor protesters, who go on where they
            # were): it cannot make an event
        if not has_trigger:
            # most sentences: only their dates (for the paragraph), claims (carried on) and counts matter
            needs_clauses = scan.dates.any_within(start, end) or scan.killed.any_within(start, end) or \
                scan.injured.any_within(start, end) or scan.evacuated.any_within(start, end)
            if not needs_clauses:
                claims = actor_roles.claims(text, self.tokens, start, end, scan.verbs, scan.reporting,
                                            scan.participial,
                                            scan.denial, scan.claimants, scan.actors) \
                    if scan.verbs.any_within(start, end) else []
                return Sentence(paragraph, start, end, [(start, end)], [(start, end)], [], [], [], claims)
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

        call_cues = [(a, clause_of(a, soft)) for a, _b, _ in scan.cues["skip"].within(start, end)]
        calls = [clause for _a, clause in call_cues]
        for a, _b, _ in scan.future.within(start, end):
            blocked.append(clause_of(a, soft))
        for a, _b, _ in scan.cues["durative"].within(start, end):
            blocked.append(clause_of(a, hard))
        for a, _b, _ in scan.cues["called_off"].within(start, end):
            blocked.append(clause_of(a, hard))  # "the handover of Kalbajar ... was postponed": it did not happen
        if self.anchor and (any(y < self.anchor.year for _a, _b, y in scan.years.within(start, end)) or any(
                (self.anchor - d.date).days > HISTORY_DAYS and not self._after_since(a)
                for a, _b, d in scan.dates.within(start, end))):
            # history ("pada tahun 1990-an", "since the 2020 war", "pada Juli lalu ketika ..." in October): only
            # clauses with a day of their own
            # ("on Sunday ... the worst since 1994") still report something new
            recent = [d for _a, _b, d in scan.dates.within(start, end)
                      if d.precision == DAY and 0 <= (self.anchor - d.date).days <= HISTORY_DAYS]
            for clause in hard:
                if not any(clause[0] <= d.start < clause[1] for d in recent):
                    blocked.append(clause)
        for a, _b, _ in scan.cues["history"].within(start, end):
            # "residents recall the sound of artillery in October, when fighting reached ...": the memory runs on
            blocked.append((clause_of(a, hard)[0], end))

        claims = actor_roles.claims(
            text, self.tokens, start, end, scan.verbs, scan.reporting, scan.participial, scan.denial, scan.claimants, scan.actors
        )
        denied = []
        for claim in claims:
            if claim.denial:
                clause = clause_of(claim.verb, soft)
                stop = re.search(r"\s(?:and|dan|but|tetapi|namun|serta)\s", text[claim.end : clause[1]])
                span_end = claim.end + stop.start() if stop else clause[1]
                denied.append((claim.end, span_end, claim.name))
        hard_blocked = blocked + [(a, b) for a, b, _ in denied]
        triggers = self._triggers(start, end, hard_blocked + calls, hard_blocked) if has_trigger else []
        demands: list[tuple[int, int]] = []
        if any(t.event_type in {"Protests", "Riots"} for t in triggers):
            # what protesters demand is not a call: only the places they demand something of are not theirs
            demands = [(a, clause[1]) for a, clause in call_cues]
        else:
            blocked = blocked + calls
        info = Sentence(paragraph, start, end, hard, soft, blocked, triggers, [], claims, denied, demands)
        info.dates = self._dates(info)
        if triggers and paragraph != self.first_paragraph and self._is_recap(info):
            info.triggers = []
        if triggers and self._is_tally(info):
            info.triggers = []
        return info

    def _continues_list(self, position: int, limit: int) -> bool:
        """After a comma: a list of places goes on ("di Aghdere, Aghdam, dan Khojavend")."""
        m = _LIST_GOES_ON.match(self.article.text, position, limit)
        at = m.end() if m else position
        return any(h[0] == at for h in self.scan.places.within(at, at + 1))

    def _after_since(self, position: int) -> bool:
        words = self.tokens.before(position, 3, 30)
        return any(w in self.lex.words["since"] for w in words)

    def _triggers(self, start: int, end: int, blocked: list[tuple[int, int]],
                  hard_blocked: list[tuple[int, int]] = ()) -> list[Trigger]:
        """The triggers of a sentence outside its ``blocked`` spans (``hard_blocked``: spans blocked for
        protests too: future, history, summaries, denials)."""
        scan, lex, text = self.scan, self.lex, self.article.text
        masks = [(a, b) for a, b, _ in scan.masks.within(start - 40, end)]
        found: list[tuple[int, int, str, str, bool, bool]] = []  # start, end, type, sub-type, refinable, phrase
        covered = list(masks)
        for a, b, kind in scan.phrases.within(start, end):
            if b > end or any(x < b and a < y for x, y in masks):
                continue
            found.append((a, b, kind[0], kind[1], False, True))
            covered.append((a, b))
        for a, b, (event_type, sub_type, root) in scan.words.within(start, end):
            if covered and any(x < b and a < y for x, y in covered):
                continue
            found.append((a, b, event_type, sub_type, root in _REFINABLE, False))
        for a, b, _ in scan.cues["weapon_verbs"].within(start, end):
            # "Rockets also landed in Barda", "rudal jatuh di ...": a verb of falling with a weapon as its subject
            weapon = scan.weapons.last_before(a, _WEAPON_SUBJECT_REACH)
            if weapon is not None and weapon[0] >= start and not any(x < b and a < y for x, y in covered) \
                    and not any(f[0] < b and a < f[1] for f in found):  # "exploded" may be a trigger already
                found.append((a, b, "Explosions/Remote violence", weapon[2], False, False))
        for a, b in self._agreements(start, end):
            if not any(x < b and a < y for x, y in covered[len(masks):]):
                found.append((a, b, "Strategic developments", "Agreement", False, False))
        found = [Trigger(event_type, sub_type, a, b, False, refinable)  # the voice is settled for kept ones
                 for a, b, event_type, sub_type, refinable, _phrase in found]
        kept = []
        for t in sorted(found, key=lambda t: t.start):
            exempt = t.event_type in {"Protests", "Riots"} or t.sub_event_type == "Agreement"
            if any(x <= t.start < y for x, y in blocked) and \
                    not (exempt and not any(x <= t.start < y for x, y in hard_blocked)):
                continue  # (a protest makes demands, "menuntut"; a truce follows talks: neither is a call)
            before = self.tokens.before(t.start, 3, 40)
            after = self.tokens.after(t.end, 2, 30)
            word = text[t.start : t.end].lower()
            if self.language == "id":
                if any(w in lex.words["anaphora"] for w in after[:2]):
                    continue  # "bentrokan tersebut", "pertempuran terakhir itu"
            elif before[-1:] and (before[-1] in lex.words["anaphora"] or before[-2:] == ["the", "same"] or (
                    before[-1] == "the" and t.event_type in {"Protests", "Riots"}
                    and not word.endswith(("ers", "ors", "ants", "ists")))):
                continue  # "this attack", "the same attack", "the rally remained peaceful" (not "the protesters")
            if any(w in lex.words["since"] for w in before):
                continue  # "sejak pertempuran dimulai", "since the fighting began"
            if before[-1:] and before[-1] in lex.words["purpose"] and not \
                    (len(before) > 1 and before[-2] in lex.words["aspectual"]):
                if self.language == "id" or word in lex.roots:
                    continue  # "untuk merebut kembali", "to retake": an aim ("continued to shell" is a deed)
            if scan.cues["recap"].last_before(t.start, 25) is not None and not scan.dates.any_within(start, end):
                continue  # "Armenia sebelumnya telah menyerahkan Aghdam", "had previously taken": told before
            if t.sub_event_type in TERRITORY and any(w in lex.words["since"] for w in self.tokens.after(t.end, 6, 60)):
                continue  # "telah menguasai kota Jebrail sejak 9 Oktober": a hold since then, not a taking
            if word.endswith("ing") and any(r in word for r in _CONSEQUENCE_ROOTS) and \
                    any(k.start < t.start and k.event_type in VIOLENT for k in kept):
                continue  # "bombarded Geghamasar, destroying a house": what the attack did, not another event
            if scan.cues["celebration"].last_before(t.start, 30) is not None:
                continue  # "to celebrate the capture of Shusha", "merayakan pembebasan": told, not happening
            if scan.cues["reason"].last_before(t.start, 30) is not None:
                continue  # "sebagai respons atas serangan", "in response to attacks": the cause, told before
            if any(w in lex.words["negation"] for w in before[-2:]):
                continue
            kept.append(t)
        return [t._replace(passive=self._voice(t)) for t in kept]

    def _voice(self, t: Trigger) -> bool:
        """Whether a kept trigger is passive ("ditembaki", "ditembak jatuh", "was shelled", "came under fire")."""
        surface = lexicon.key(self.article.text[t.start : t.end])
        if self.lex.passive_prefixes and " " in surface:  # a phrase: "ditembak jatuh", "diambil alih"
            return surface.startswith(tuple(self.lex.passive_prefixes))
        if not self.lex.passive_prefixes and _PASSIVE_PHRASE.search(surface):
            return True
        return self._passive(t.start, t.end)

    def _agreements(self, start: int, end: int) -> list[tuple[int, int]]:
        """ "agreed to a humanitarian ceasefire", "menyepakati gencatan senjata kemanusiaan": a verb of
        agreeing and a truce within a few words of each other."""
        verbs = self.scan.cues["agreement_verbs"].within(start, end)
        nouns = self.scan.cues["agreement_nouns"].within(start, end)
        spans = []
        for va, vb, _ in verbs:
            for na, nb, _ in nouns:
                gap = self.article.text[min(vb, nb) : max(va, na)]
                if 0 <= na - vb <= 25 and not re.search(r"[.;:,]", gap):
                    spans.append((va, nb))  # "agreed to a ceasefire"
                elif 0 <= va - nb <= (_PARTIES_REACH if _BETWEEN.match(gap) else _AGREEMENT_REACH) and \
                        not re.search(r"[.;:]", gap) and gap.count(",") <= 2:
                    # "a ceasefire, brokered by France and agreed on ...", "yang ... berlaku", "The truce, the
                    # second in a week, was agreed", "a ceasefire between Azerbaijan and the ethnic Armenian
                    # forces of Nagorno-Karabakh took effect"
                    spans.append((na, vb))
        return spans

    def _passive(self, a: int, b: int) -> bool:
        text, lex = self.article.text, self.lex
        word = text[a:b].lower()
        if lex.passive_prefixes:
            return word.startswith(tuple(lex.passive_prefixes)) and len(word) > 4 and word not in lex.roots
        before = self.tokens.before(a, 3, 40)
        if "under" in before:
            return True  # "came under heavy artillery fire"
        after = self.tokens.after(b, 1, 15)
        participle = word.split()[0].endswith(("ed", "en")) or word.split()[0] in {"hit", "struck", "shot", "fought",
                                                                                 "overrun", "downed"}
        return participle and (any(w in lex.be_auxiliaries for w in before[-2:]) or after[:1] == ["by"])

    def _is_tally(self, info: Sentence) -> bool:
        """A running toll ("30 warga sipil tewas sejak 27 September", "killed so far"): no one event's."""
        scan = self.scan
        if not (scan.killed.any_within(info.start, info.end) or scan.injured.any_within(info.start, info.end)):
            return False
        if scan.cues["cumulative"].any_within(info.start, info.end):
            return True
        return any(not self._recent_since(a, info) for a, _b, _ in scan.cues["since"].within(info.start, info.end)
                   if scan.dates.any_within(a, a + 20))

    def _is_recap(self, info: Sentence) -> bool:
        """How the war began ("Bentrokan perbatasan meledak minggu lalu", "since fighting erupted")."""
        battles = [t for t in info.triggers if t.event_type == "Battles"]
        if not battles:
            return False
        onset = [h for h in self.scan.cues["onset"].within(info.start, info.end)
                 if any(0 <= h[0] - t.end <= 25 or 0 <= t.start - h[1] <= 15 for t in battles)]
        if not onset:
            return False
        date = self._sentence_date(info)
        return not (date and date.precision == DAY and self.anchor and (self.anchor - date.date).days <= RECENT_DAYS)

    def _dates(self, info: Sentence) -> list[DateMention]:
        found = []
        for a, _b, mention in self.scan.dates.within(info.start, info.end):
            if any(x <= a < y for x, y in info.blocked):
                continue
            citation = self.scan.cues["citation"].last_before(a, _CITATION_REACH)
            if citation is not None and citation[0] >= info.start and "." not in self.article.text[citation[1] : a]:
                continue  # "Dikutip dari Al Jazeera, Senin (2/11/2020), ...": when it was reported, not happened
            if self.anchor:
                age = (self.anchor - mention.date).days
                if age < -1 or age > HISTORY_DAYS:
                    continue
                if self._after_since(a) and not (mention.precision == DAY and age <= RECENT_DAYS):
                    continue  # "sejak 27 September": when a tally started, not when this happened
            found.append(self._speakers_day(mention, info))
        return found

    def _speakers_day(self, mention: DateMention, info: Sentence) -> DateMention:
        """ "Hari ini tentara kami ...," kata Aliyev: a relative day inside a quote counts from the day the speaker
        spoke, the day of the event told before it (a report often quotes yesterday's speech)."""
        told = self.last_told
        if told is None or self.anchor is None or mention.text[:1].isdigit() or \
                not 0 < (self.anchor - told.date).days <= RECENT_DAYS or \
                lexicon.key(mention.text) not in self.lex.words["speech_relative"]:
            return mention
        if not inside_quote(self.article.text, info.start, mention.start):
            return mention
        return replace(mention, date=mention.date - (self.anchor - told.date))

    def _sentence_date(self, info: Sentence) -> DateMention | None:
        return info.dates[0] if info.dates else None

    def _date_for(self, trigger_start: int, info: Sentence) -> tuple[DateMention, str]:
        clause = next((c for c in info.hard if c[0] <= trigger_start < c[1]), (info.start, info.end))
        relative = self._relative_date(trigger_start, clause, info)
        if relative is not None:
            return relative
        in_clause = [d for d in info.dates if clause[0] <= d.start < clause[1]]
        if in_clause:
            best = min(in_clause, key=lambda d: abs(d.start - trigger_start))
            if lexicon.key(best.text) in self.lex.words["overnight"]:
                # "said on Saturday that ... overnight": the night that ended on the day of the statement
                day = [d for d in info.dates if d is not best and d.precision == DAY
                       and -RECENT_DAYS <= (d.date - best.date).days <= 1]
                if day:
                    return day[0], f"date from '{best.text}' (the night before '{day[0].text}')"
            return best, f"date from '{best.text}'"
        if info.dates:  # the sentence's date nearest before the trigger ("Sehari sebelumnya, Senin (2/10), ...")
            best = next((d for d in reversed(info.dates) if d.start < trigger_start), info.dates[0])
            return best, f"date from '{best.text}'"
        if info.fallback_date:
            return info.fallback_date, f"date from the paragraph's '{info.fallback_date.text}'"
        # No date in the paragraph: a report tells the news of one day, so the day of the event it told last
        # (else the day it was published) is the best guess; the precision says it is a guess.
        if self.last_told is not None:
            return DateMention(self.last_told.date, WEEK, "", 0, 0), \
                f"date: about the day of the event told before ('{self.last_told.text}'; no date in the paragraph)"
        return DateMention(self.anchor, WEEK, "", 0, 0), "date: about the report's day (no date in the paragraph)"

    def _relative_cues(self, info: Sentence) -> list[re.Match]:
        """The relative-day cues of a sentence (found once per sentence; every one has "day" or "hari")."""
        cues = self.relative_cues.get(info.start)
        if cues is None:
            sentence = self.article.text[info.start : info.end].lower()
            cues = list(RELATIVE_DAY.finditer(self.article.text, info.start, info.end)) \
                if "day" in sentence or "hari" in sentence else []
            self.relative_cues[info.start] = cues
        return cues

    def _relative_date(self, trigger_start: int, clause: tuple[int, int], info: Sentence):
        """"(on Wednesday,) a day after X launched ...", "sehari setelah ...": the day before the date said
        before it; "the same day", "pada hari yang sama": the date said before it in the paragraph."""
        cues = self._relative_cues(info)
        if not cues:
            return None
        cue = None
        for m in cues:
            if m.end() <= trigger_start:
                cue = m
        if cue is None:  # "Beylagan juga dihantam roket pada hari yang sama": after the trigger, in its clause
            cue = next((m for m in cues if trigger_start <= m.start() and m.end() <= clause[1]
                        and (m.group("same") or m.group("previous"))), None)
        if cue is None or not (clause[0] <= cue.start() < clause[1] or trigger_start - cue.end() <= 60):
            return None
        if any(cue.end() <= d.start < trigger_start for d in info.dates):
            return None  # the event's clause has its own date
        earlier = [d for d in info.dates if d.start < cue.start() and d.precision == DAY]
        if earlier:
            base = earlier[-1]
        elif cue.group("same"):  # the day of the event told before, not of the statement reporting it
            base = self.last_told or info.fallback_date
        else:
            base = info.fallback_date or self.last_told
        if base is None or base.precision != DAY:
            return None
        if cue.group("same"):
            return base, f"date from '{base.text}' ('{cue.group(0)}')"
        day = DateMention(base.date - dt.timedelta(days=1), DAY, cue.group(0), cue.start(), cue.end())
        return day, f"date: the day before '{base.text}' ('{cue.group(0)}')"

    def _clause(self, position: int, info: Sentence) -> tuple[int, int]:
        return next((c for c in info.hard if c[0] <= position < c[1]), (info.start, info.end))

    def _recent_since(self, position: int, info: Sentence) -> bool:
        for d in info.dates:
            if 0 <= d.start - position <= 15:
                return d.precision == DAY and self.anchor is not None and (self.anchor - d.date).days <= RECENT_DAYS
        return False
