"""Which places of a sentence are where its events happened.

A place is a location unless it is the origin of fire ("dari arah Kalbajar"), a distance reference
("15 km dari Stepanakert", kept as "near" when it is the only place), a speaker's city ("told
reporters in Yerevan"), a claimant or an actor ("Baku membebaskan"), or a region or district that
only says where the place before it is ("desa Gapanli, distrik Tartar").  "dekat X", "near X",
"north of X" is near X (precision 2, a place of its own); towns listed as "the Zangilan and Fuzuli
districts" stand for their districts (precision 2).  A territory trigger takes the place that is its
object ("membebaskan kota Madagaskar", "Hadrut direbut", "wilayah itu diserahkan").  Without a
place, an event is set at the region the report is about, or at the front when the unnamed places
belong to the side outside that region.

:class:`Locations` is the part of the extractor (see :mod:`geomap.events`) that does this.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from geopy.distance import great_circle

from . import actors as actor_roles
from . import lexicon
from .clauses import TERRITORY, WORD, Sentence, Trigger
from .lexicon import EventLexicon
from .model import Article, PlaceMention
from .scan import Hits, Tokens

REGION_KM = 60.0
# a road named by the towns it links ("the Ahmadbeyli-Fuzuli-Shusha highway", "jalan Lachin-Shusha"): one
# mention, located near its first town
_ROAD_NOUN = r"(?:highway|road|motorway|route|pipeline|railway|jalan raya|jalan|jalur|ruas jalan|pipa|rel)"
_CHAIN_LINK = r"\s*[-\u2013\u2014]\s*[A-Z][\w'\u2019.]*(?:\s+[A-Z][\w'\u2019.]*)?"
_ROAD_AFTER_FIRST = re.compile(rf"(?:{_CHAIN_LINK})+\s+{_ROAD_NOUN}s?\b", re.IGNORECASE)
_ROAD_AFTER_LATER = re.compile(rf"(?:{_CHAIN_LINK})*\s+{_ROAD_NOUN}s?\b", re.IGNORECASE)
_ROAD_BEFORE = re.compile(rf"\b{_ROAD_NOUN}\s+$", re.IGNORECASE)
_CHAIN_AFTER = re.compile(rf"(?:{_CHAIN_LINK})+")
_ROAD_IN_PLACE = re.compile(r"\s+(?:in|di)\s+(?:the\s+)?(?:(?:distrik|district|rayon|kabupaten|provinsi)\s+)?[A-Z]")
_DISTRICT_SUFFIX = re.compile(r"\s+(?:District|Rayon|Raion|Region)$", re.IGNORECASE)
_DASHES = "-\u2013\u2014"
_ROAD_NOUN_REACH = 30  # the road noun and the spaces right before a place ("jalan raya ")
_NEAR_REACH = 25  # characters between "dekat"/"near" and the place ("near the districts of Dashkasan")
_REFERENCE_REACH = 90  # "15 kilometer dari kota terbesar di daerah kantong itu, Stepanakert"
LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:dan|and|serta))\s*(?:(?:kota|desa|the\s+town\s+of|town|village)\s+)?",
                      re.IGNORECASE)
# villages the gazetteer may not know, named before the district they lie in (the event goes to the district)
_VILLAGES_OF = re.compile(r"\s*(?:the\s+)?(?:villages?|settlements?|desa(?:-desa)?|permukiman)\s+(?:of\s+)?"
                          r"[A-Z][\w'\u2019-]*(?:(?:\s*,\s*|\s+and\s+|\s+dan\s+|,\s+and\s+)[A-Z][\w'\u2019-]*)*"
                          r"\s+(?:of|in|di)\s+(?:the\s+)?(?:(?:distrik|district|kabupaten)\s+)?")
_OBJECT_WORDS = 7  # words between a territory verb and its place ("taken full control of the town of Hadrut")
_DISTRICT_WORDS = frozenset("district districts distrik rayon kabupaten".split())
_REGION_WORDS = frozenset("distrik wilayah provinsi kabupaten rayon daerah district province region oblast".split())
_REGION_WORD = re.compile(r"\b(?:" + "|".join(sorted(_REGION_WORDS)) + r")\b", re.IGNORECASE)
_APPOSITION = re.compile(r"\s*(?:,\s*|\s(?:di|in|of)\s+(?:the\s+)?)?(?:(?:distrik|wilayah|provinsi|kabupaten|"
                         r"rayon|daerah|district|province|region|oblast)\s+(?:of\s+)?)?", re.IGNORECASE)


class Locations:
    """Place reading for the extractor.  Expects ``article``, ``lex``, ``scan``, ``tokens``, ``lookup``,
    ``usable`` (the article's places in the region in focus), ``place_hits`` (the same as hits) and
    ``all_place_hits`` (every place of the body) on the instance."""

    article: Article
    lex: EventLexicon
    tokens: Tokens
    lookup: Callable[[str], Sequence] | None
    usable: list[PlaceMention]
    place_hits: Hits
    all_place_hits: Hits

    def _locations(self, info: Sentence) -> list[tuple[PlaceMention, bool, bool]]:
        """(place, near, region kept for unnamed others) of the places of a sentence used as locations."""
        text, lex, scan = self.article.text, self.lex, self.scan
        excluded = info.blocked + [(c.start, c.end) for c in info.claims] + [(a, b) for a, b, _ in info.denied] + \
            info.demands
        candidates: list[tuple[PlaceMention, bool]] = []
        references: list[PlaceMention] = []
        previous: PlaceMention | None = None
        for a, b, place in self.place_hits.within(info.start, info.end):
            before_place, previous = previous, place
            if any(x <= a < y for x, y in excluded):
                continue
            before = self.tokens.before(a, 2, 30)
            given_up = any(t.sub_event_type in TERRITORY and 0 <= a - t.end <= 6 for t in info.triggers)
            if self._origin(a) and not given_up:
                continue  # fire "dari arah Kalbajar", "from the direction of Aghdam": where it came from (not
                # "withdrew from Hadrut", "menarik diri dari Hadrut": the place given up)
            destination = scan.cues["destination"].last_before(a, _REFERENCE_REACH)
            if destination and destination[0] >= info.start and len(WORD.findall(text[destination[1] : a])) <= 4:
                continue  # "warga mengungsi ke Barda dan Yevlakh", "fled to Goris": where people went, not the event
            reference = scan.cues["reference"].last_before(a, _REFERENCE_REACH)
            listed = bool(references) and LIST_GAP.fullmatch(text[references[-1].end : a]) is not None
            if reference and reference[0] >= info.start and len(WORD.findall(text[reference[1] : a])) <= 8 \
                    and (listed or not any(not h[2].is_country for h in self.all_place_hits.within(reference[1], a))):
                # (a list after the cue shares it: "20 km from Barda and Yevlakh")
                # (a country between them qualifies the place: "the border with Azerbaijan's Nakhchivan")
                references.append(place)  # "15 kilometer dari ... Stepanakert": a distance from the place
                continue
            if self._speaker_place(a, info):
                continue
            actor = next((h for h in scan.actors.within(a - 40, b) if h[0] <= a < h[1]), None)
            claimant = next((h for h in scan.claimants.within(a - 60, b) if h[0] <= a < h[1]), None)
            if (actor or claimant) and not (before[-1:] and before[-1] in lex.locatives):
                continue  # "Baku membebaskan": a government, not a place
            if before_place is not None and self._qualifies(before_place, place):
                continue  # "desa Gapanli, distrik Tartar", "garis kontak Nagorno-Karabakh": where the first one is
            road = self._road_link(a, b)
            if road == "later":
                continue  # a further town in a road's name: the road is set at its first town
            near = self._near(a, place, info) or road == "first"
            candidates.append((place, near))
        if not candidates:  # "came within 5 km of Shusha": near the only place named (not "near the border
            # with Nakhchivan": a whole region is no landmark)
            candidates = [(place, True) for place in references[:1] if place.precision < 3]
        result = []
        for place, near in candidates:
            keep = place.precision >= 3 and scan.cues["inclusion"].any_within(place.end, place.end + 30)
            if place.precision == 1 and self._named_as_district(place):
                place = replace(place, precision=2, reason=place.reason + "; named as a district")
            centre = self._district_centre(place)
            if centre is not None:
                place, keep = centre, False
            result.append((place, near, keep))
        return result

    def _district_centre(self, place: PlaceMention) -> PlaceMention | None:
        """A district named after its centre town ("the Khojavend district", "distrik Goranboy") is set at that
        town with precision 2: the gazetteer's town of the same name in the same first-level division."""
        if self.lookup is None or place.feature_code not in {"ADM1", "ADM2"} or place.is_country:
            return None
        base = _DISTRICT_SUFFIX.sub("", place.name).strip()
        if not base or base == place.name:
            return None
        towns = [c for c in self.lookup(base) if getattr(c, "feature_class", "") == "P"
                 and c.country == place.country and c.admin1 == place.admin1]
        if not towns:
            return None
        town = max(towns, key=lambda c: (c.feature_code.startswith("PPLA"), c.priority, c.population))
        return replace(place, name=town.name, latitude=town.latitude, longitude=town.longitude,
                       geonameid=town.geonameid, feature_code=town.feature_code, precision=2,
                       key=town.key + "~near", reason=place.reason + f"; district set at its centre {town.name}")

    def _road_link(self, a: int, b: int) -> str:
        """'first' or 'later' for a town in a road's name ("the Lachin-Shusha road", "jalan Lachin-Shusha")."""
        text = self.article.text
        after, before = text[b : b + 120], text[max(0, a - 120) : a]
        if before.rstrip()[-1:] in _DASHES:
            head = re.search(r"[A-Z][\w'\u2019.]*(?:" + _CHAIN_LINK + r")*\s*[-\u2013\u2014]\s*$", before)
            lead = before[: head.start()] if head else before
            if _ROAD_AFTER_LATER.match(after) or (head and _ROAD_BEFORE.search(lead)):
                return "later"
            return ""
        m = _ROAD_AFTER_FIRST.match(after) or (_ROAD_BEFORE.search(before, max(0, len(before) - _ROAD_NOUN_REACH))
                                               and _CHAIN_AFTER.match(after))
        if m:
            if _ROAD_IN_PLACE.match(after[m.end() :]):
                return "later"  # "the A-B highway in the Khojavend district": the place it runs through
            return "first"
        return ""

    def _named_as_district(self, place: PlaceMention) -> bool:
        """ "the Zangilan, Fuzuli and Gubadli districts": towns that stand for the districts named after them."""
        text, end = self.article.text, place.end
        for _a, b, following in self.all_place_hits.within(place.end, place.end + 120):
            if not LIST_GAP.fullmatch(text[end : following.start]):
                break
            end = following.end
        after = self.tokens.after(end, 1, 20)
        return bool(after) and after[0] in _DISTRICT_WORDS

    def _origin(self, position: int) -> bool:
        for word in reversed(self.tokens.before(position, 5, 50)):
            if word in self.lex.origin:
                return True
            if word not in self.lex.origin_fillers:
                return False
        return False

    def _near(self, position: int, place: PlaceMention, info: Sentence) -> bool:
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
            if previous is None or not LIST_GAP.fullmatch(self.article.text[previous[1] : anchor]):
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
        after = self.tokens.after(second.end, 1, 20)
        region_word = _REGION_WORD.search(gap) or _REGION_WORD.search(second.text) or \
            (after and after[0] in _REGION_WORDS)
        return bool(region_word) or second.precision >= 3 or not gap.strip()

    def _speaker_place(self, position: int, info: Sentence) -> bool:
        """ "berbicara di Baku", "told reporters in Yerevan", "said in Moscow", "kata Aliyev di Baku"."""
        text = self.article.text
        head = text[max(info.start, position - 12) : position]
        locative = re.search(r"(?:^|\s)(di|in|at)\s+(?:(?:kota|the\s+city\s+of)\s+)?$", head, re.IGNORECASE)
        if not locative:
            return False
        at = position - len(head) + locative.start(1)
        verb = self.scan.verbs.last_before(at, 40)
        speaker = WORD.findall(text[verb[1] : at]) if verb and verb[0] >= info.start else []
        named = 1 <= len(speaker) <= 3 and all(w[:1].isupper() for w in speaker)  # "kata Kementerian Pertahanan"
        if any(t.start < position and t.end > at - 60 for t in info.triggers if t.start >= at - 60) and \
                not (named and all(t.end <= verb[0] for t in info.triggers if t.start < position)):
            # "menembaki ... di Baku", "clashes were reported in Hadrut": the trigger's place (unless the
            # speaker is named after it: "..., kata Kementerian Pertahanan di Baku")
            return False
        speech = self.scan.cues["speech"].last_before(at, 40)
        if speech and speech[0] >= info.start and len(WORD.findall(text[speech[1] : at])) <= 3:
            return True
        if verb and verb[0] >= info.start:
            gap = WORD.findall(text[verb[1] : at])
            return len(gap) <= 3 and all(w[:1].isupper() for w in gap)
        return False

    def _container(self, place: PlaceMention) -> PlaceMention | None:
        """The article's most-named region around a town, for "beberapa daerah dan pusat kota X"."""
        counts = Counter(p.key for p in self.usable if p.precision >= 3 and p.feature_code in {"RGN", "ADM1"})
        best = None
        for key, _n in counts.most_common():
            region = next(p for p in self.usable if p.key == key)
            if km(region, place) <= REGION_KM:
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

    def _territory_objects(self, info: Sentence, places: list[PlaceMention]) -> dict[str, Trigger]:
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
                    if place.end > trigger.end and last_end is None:  # "menyerahkan [distrik] Aghdam": overlapping
                        objects.setdefault(place.key, trigger)
                        last_end = place.end
                    continue
                if last_end is None:
                    gap = text[trigger.end : place.start]
                    words = [w.lower() for w in WORD.findall(gap)]
                    if _VILLAGES_OF.fullmatch(gap):
                        pass  # "liberated the villages of Gumlag, Hajili and Shahvalli of the Jabrayil district"
                    elif len(words) > _OBJECT_WORDS or re.search(r"[.;:]", gap) or \
                            any(w not in self.lex.words["territory_fillers"] and w not in nouns for w in words):
                        break  # "merebut pijakan baru di Nagorno-Karabakh": footholds, not the region
                elif not LIST_GAP.fullmatch(text[last_end : place.start]):
                    break
                objects.setdefault(place.key, trigger)
                last_end = place.end
            if trigger.passive:
                earlier = [p for p in ordered if p.end <= trigger.start]
                if earlier:
                    gap = WORD.findall(text[earlier[-1].end : trigger.start])
                    refers = len(gap) >= 2 and gap[0].lower() not in nouns and any(
                        w.lower() in nouns and n.lower() in self.lex.words["anaphora"] for w, n in zip(gap, gap[1:]))
                    if len(gap) <= 3 or refers:  # "Hadrut direbut", "distrik Aghdam ... wilayah itu diserahkan"
                        objects.setdefault(earlier[-1].key, trigger)
            else:
                gap = WORD.findall(text[trigger.end : trigger.end + 40])[:3]
                if len(gap) >= 2 and gap[0].lower() in nouns | {"the"} and gap[1].lower() in \
                        self.lex.words["anaphora"] | nouns:
                    earlier = [p for p in ordered if p.end <= trigger.start]
                    if earlier and not objects:
                        objects.setdefault(earlier[-1].key, trigger)  # "merebut kota itu", "captured the town"
        return objects

    def _front(self, info: Sentence, region: PlaceMention, date: dt.date) -> PlaceMention | None:
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
                    return place_mention(found[0], f"{front.area}: the front of {front.holder}")
        return None


def km(a: PlaceMention, b: PlaceMention) -> float:
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def place_mention(place, reason: str) -> PlaceMention:
    """A gazetteer place as a mention that stands for no words of the text (a region, a front)."""
    return PlaceMention(
        text="", start=-1, end=-1, name=place.name, latitude=place.latitude, longitude=place.longitude,
        country=place.country, admin1=place.admin1, geonameid=place.geonameid, feature_code=place.feature_code,
        precision=place.precision, score=1.0, reason=reason, role="text", key=place.key,
        is_country=place.is_country,
    )
