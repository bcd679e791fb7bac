"""Who did what to whom, and who says so.

* :func:`claims`: claimants and their claim verbs in a sentence ("Kementerian Pertahanan Armenia
  mengatakan", "kata Kemlu Rusia", "Azerbaijan's defence ministry said", "..., dengan mengatakan").
* :func:`mentions`: actor mentions, with their side, minus those that only qualify a place
  ("kota-kota Azerbaijan", "the Azerbaijani city of Ganja") and those inside a claim.
* :func:`roles`: the agent (actor1) and the target (actor2) of a trigger, from the sentence's
  structure: subject before an active verb, "oleh"/"by" after a passive one, "X dan Y" for both
  sides of a clash, a genitive after a noun ("serangan Azerbaijan").
* :func:`side_of`: the side that held a place on a day (territories in actors.json), so the target of an
  attack on a place can be named when the report names only the place.

Offsets are absolute (into ``Article.text``).  Pure functions over the article's scan.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from . import lexicon
from .lexicon import ActorLexicon, EventLexicon
from .scan import Hits, Tokens

_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_PRONOUNS = frozenset("ia dia mereka kami pihaknya it he she they we".split())
_CLAIM_GAP_WORDS = 3  # "Armenia's defence ministry spokeswoman Shushan Stepanyan said"
_CLAIM_REACH = 60  # characters: "X yang dikendalikan etnis Armenia mengatakan"
_GENITIVE = re.compile(r"^\s*(?:yang\s+di\w+|oleh|by|of|from|milik|dari)\s*$", re.IGNORECASE)
_PREPOSITIONAL = frozenset({"menurut", "according to", "dilansir dari", "dikutip dari", "citing", "reported by",
                            "a statement from", "statement by"})
_CHAINED = re.compile(r"^\S+[^.;:]{0,60}?\s(?:and|dan|serta)(?:\s+(?:balik|juga|also|then|kemudian))?\s*$", re.IGNORECASE)
# "X yang dikendalikan etnis Armenia mengatakan", "X, an aide to Y, said": what stands between a claimant and its verb
_RELATIVE = re.compile(r"^\s*(?:\(|yang\b|which\b|who\b|that\b|,[^,]{0,50},\s*$)", re.IGNORECASE)


class Claim(NamedTuple):
    name: str
    side: str
    start: int  # the claim's whole span (claimant and verb), absolute
    end: int
    verb: int  # where the claim verb starts
    denial: bool


class ActorMention(NamedTuple):
    start: int
    end: int
    name: str
    side: str
    kind: str  # state | nonstate | peacekeepers | police | civilians




# --------------------------------------------------------------------------- sides


def side_of(longitude: float, latitude: float, country: str, feature_code: str, date: dt.date) -> str:
    """The side holding a place on ``date``: a territory of actors.json, else the place's country."""
    lex = lexicon.actor_lexicon()
    side = lex.sides.get(country)
    if feature_code == "AREA" and (side is None or side.party):
        return ""  # a front line or a border belongs to no one side
    for territory in lex.territories:
        if territory.holds(longitude, latitude, date):
            return territory.side
    return country if side is not None else ""


# --------------------------------------------------------------------------- claims


def claims(text: str, tokens: Tokens, start: int, end: int, verbs: Hits, reporting: Hits, participial: Hits,
           denial: Hits, claimant_hits: Hits, actor_hits: Hits) -> list[Claim]:
    """The claims of the sentence ``text[start:end]``, in the order of their verbs."""
    lex = lexicon.actor_lexicon()
    named = []
    wider = actor_hits.within(max(0, start - 40), end)
    for hit in claimant_hits.within(start, end):
        outer = next((a for a in wider if a[0] <= hit[0] and hit[1] <= a[1] and a[1] - a[0] > hit[1] - hit[0]), None)
        if outer is not None:  # "etnis Armenia mengatakan": the party the actor belongs to
            side = lex.sides.get(outer[2].side)
            if side is None:
                continue
            hit = (outer[0], outer[1], lexicon.Named(side.government, "claimant", side.code))
        named.append(hit)
    found: list[Claim] = []
    for v_start, v_end, _ in verbs.within(start, end):
        is_denial = denial.any_within(v_start, v_end + 1) or denial.any_within(v_start - 1, v_start + 1)
        participle = next((h for h in participial.within(start, end) if h[0] <= v_start < h[1]), None)
        if participle:
            subject = _subject(named, actor_hits.within(start, v_start), lex, start)
            if subject:
                found.append(Claim(subject[0], subject[1], participle[0], participle[1], v_start, is_denial))
            continue
        after = None
        lead = text[max(start, v_start - 3) : v_start].strip()
        prepositional = lexicon.key(text[v_start:v_end]) in _PREPOSITIONAL
        if reporting.any_within(v_start, v_start + 1) and (prepositional or not lead or lead[-1] in ",\"'”’"):
            after = next((h for h in named if 0 <= h[0] - v_end <= 3), None)
        if after:
            n = after[2]
            found.append(Claim(n.name, n.side, v_start, after[1], v_start, is_denial))
            continue
        if found and _CHAINED.search(text[found[-1].verb : v_start]) and v_start - found[-1].verb <= 80:
            last = found[-1]  # "X membantah ... dan menyatakan", "X denied the claim and said"
            found.append(Claim(last.name, last.side, v_start, v_end, v_start, is_denial))
            continue
        if tokens.before(v_start, 1)[-1:] and tokens.before(v_start, 1)[-1] in _PRONOUNS:
            continue  # "mereka sebut", "they said": the claimant is someone named earlier
        before = [h for h in named if h[1] <= v_start and v_start - h[1] <= _CLAIM_REACH]
        # the head of "X yang dikendalikan etnis Armenia mengatakan" is X, not the nearer name
        chosen = next((h for h in before if _RELATIVE.match(text[h[1] : v_start])), None)
        if chosen is None and before and len(_WORD.findall(text[before[-1][1] : v_start])) <= _CLAIM_GAP_WORDS:
            chosen = before[-1]
        if chosen is not None and not any(chosen[1] <= f.verb < v_start for f in found):
            c_start, _c_end, n = chosen
            found.append(Claim(n.name, n.side, c_start, v_end, v_start, is_denial))
    return found


def _subject(named: list, actor_hits: list, lex: ActorLexicon, start: int) -> tuple[str, str] | None:
    """The first claimant or actor of the sentence, as a claimant (its side's government)."""
    first_named = named[0] if named else None
    first_actor = actor_hits[0] if actor_hits else None
    if first_actor and (not first_named or first_actor[0] < first_named[0]):
        side = lex.sides.get(first_actor[2].side)
        return (side.government, side.code) if side else None
    if first_named:
        return first_named[2].name, first_named[2].side
    return None


# --------------------------------------------------------------------------- mentions


def mentions(text: str, tokens: Tokens, start: int, end: int, actor_hits: Hits, own_forces: Hits,
             own_civilians: Hits, police: Hits, places: Hits, found_claims: list[Claim],
             excluded: list[tuple[int, int]], lex: EventLexicon) -> tuple[list[ActorMention], list[tuple[int, str]]]:
    """Actor mentions of a sentence, and side hints of place qualifiers ("permukiman sipil Azerbaijan").

    ``excluded``: spans whose actors do not count (claims, places used as locations, skipped clauses).
    """
    sides = lexicon.actor_lexicon().sides
    claim_spans = [(c.start, c.end) for c in found_claims]
    blocked = excluded + claim_spans

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in blocked)

    found: list[ActorMention] = []
    hints: list[tuple[int, str]] = []
    for a, b, named in actor_hits.within(start, end):
        if not free(a, b):
            continue
        before = tokens.before(a, 2)
        single = " " not in text[a:b].strip()
        if single and _qualifies_place(text, tokens, b, before, places, lex):
            hints.append((a, named.side))  # "wilayah Azerbaijan", "the Azerbaijani city of": whose, not who
            continue
        if single and text[a:a + 1].isupper() and before and before[-1] in lex.locatives \
                and before[-1] not in lex.passive_by:
            continue  # "di Azerbaijan", "into Armenia": a place, not a party
        found.append(ActorMention(a, b, named.name, named.side, named.kind))
    claim_side = found_claims[0].side if found_claims else ""
    first_side = found[0].side if found else ""
    for a, b, _ in own_forces.within(start, end):
        if not free(a, b):
            continue
        owner = next((c.side for c in reversed(found_claims) if c.verb < a), claim_side) or first_side
        if owner in sides:
            found.append(ActorMention(a, b, sides[owner].forces, owner, "state" if owner != "NK" else "nonstate"))
    for a, b, _ in own_civilians.within(start, end):
        if not free(a, b):
            continue
        owner = next((c.side for c in reversed(found_claims) if c.verb < a), claim_side) or first_side
        if owner in sides:
            found.append(ActorMention(a, b, sides[owner].civilians, owner, "civilians"))
    for a, b, _ in police.within(start, end):
        if not free(a, b) or any(m.start <= a < m.end for m in found):
            continue
        near = min((m for m in found if m.kind != "police"), key=lambda m: abs(m.start - a), default=None)
        side = (near.side if near else "") or claim_side
        found.append(ActorMention(a, b, sides[side].police if side in sides else "", side, "police"))
    found.sort(key=lambda m: m.start)
    return found, hints


def _qualifies_place(text: str, tokens: Tokens, end: int, before: list[str], places: Hits, lex: EventLexicon) -> bool:
    """A one-word actor that only says whose a place is: "wilayah Azerbaijan", "permukiman sipil Armenia",
    "the Azerbaijani town of Barda", "Azerbaijan's second city Ganja", "Azerbaijan's Nakhchivan exclave"."""
    nouns = lex.words["place_nouns"]
    if any(w in nouns for w in before):
        return True
    possessive = text[end : end + 2] in ("'s", "\u2019s")
    at = end + 2 if possessive else end
    after = tokens.after(at, 3 if possessive else 1)
    if any(w in nouns for w in after):
        return True
    gap = re.match(r"\s+", text[at : at + 3])
    return bool(gap and places.any_within(at + gap.end(), at + gap.end() + 1))


# --------------------------------------------------------------------------- roles


def roles(text: str, trigger_start: int, trigger_end: int, passive: bool, found: list[ActorMention],
          clause: tuple[int, int], lex: EventLexicon) -> tuple[ActorMention | None, ActorMention | None]:
    """(agent, target) of the trigger at ``trigger_start``, either possibly None."""
    a, b = clause
    in_clause = [m for m in found if a <= m.start < b]
    before = [m for m in in_clause if m.end <= trigger_start] or [m for m in found if m.end <= trigger_start]
    after = [m for m in in_clause if m.start >= trigger_end]
    inside = [m for m in in_clause if m.start < trigger_end and trigger_start < m.end and m.start > trigger_start]
    agent = target = None
    if passive:
        for m in after:
            gap = words_between(text, trigger_end, m.start)
            if (gap and gap[-1] in lex.passive_by) or (lex.language == "id" and len(gap) <= 1):
                agent = m
                break
        if before:
            target = before[-1]
        else:
            target = next((m for m in after if m is not agent), None)
    else:
        attached = next((m for m in reversed(before) if not text[m.end : trigger_start].strip()), None)
        if attached is not None and text[max(0, attached.start - 12) : attached.start].lower().split()[-1:] and \
                text[max(0, attached.start - 12) : attached.start].lower().split()[-1] in lex.passive_by:
            # "killed by Azerbaijani sniper fire": the weapon's owner acted on the subject
            agent = attached
            target = next((m for m in before if m is not attached and m.name != attached.name), None)
            return agent, target
        if before:
            agent = before[0]
            if len(before) > 1 and before[1].name != agent.name:
                between = words_between(text, before[0].end, before[1].start)
                listed = not between and text[before[0].end : before[1].start].strip() == ","
                if listed or (between and between[-1] in lex.coordination and len(between) <= 2):
                    target = before[1]  # "pasukan Armenia dan Azerbaijan terlibat pertempuran"
        elif inside:
            agent = inside[0]  # "tembakan artileri Armenia": the weapon's owner
        rest = after
        if agent is None and after:
            gap = text[trigger_end : after[0].start]
            if not gap.strip() or _GENITIVE.match(gap):
                agent, rest = after[0], after[1:]  # "serangan Azerbaijan", "operasi yang diluncurkan Azerbaijan"
        if target is None:
            target = next((m for m in rest if agent is None or m.name != agent.name), None)
    if agent and target and agent.name == target.name:
        target = None
    return agent, target


def words_between(text: str, a: int, b: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[a:b])] if b > a else []
