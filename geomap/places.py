"""Stage 4: each name resolved to one place in the context of its article."""

from __future__ import annotations

from gazetteer import Gazetteer, Place, ResolveContext

from .mentions import FoundName
from .model import Article, PlaceMention

_QUALIFIER_CHARS = 40


def _place_mention(**values) -> PlaceMention:
    """The same object as ``PlaceMention(**values)``, made ~3x faster: a frozen dataclass's ``__init__``
    sets its 16 fields one by one through ``object.__setattr__``, and a report has dozens of mentions.
    ``values`` must give every field (no defaults are filled in here)."""
    mention = object.__new__(PlaceMention)
    mention.__dict__.update(values)
    return mention


def resolve_names(article: Article, names: list[FoundName], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Best candidate per name; anchors are the article's unambiguous places."""
    west, south, east, north = gazetteer.focus_bbox
    # Per distinct name, worked out once: a report repeats "Armenia" dozens of times, and the same text
    # always comes with the same candidate places.
    anchor_of: dict[str, Place | None] = {}  # its one place, when unambiguous and not a country
    countries_of: dict[str, frozenset[str]] = {}
    outside: dict[str, bool] = {}
    for name in names:
        text = name.match.text
        if text not in outside:
            places = name.match.places
            anchor_of[text] = places[0] if len(places) == 1 and not places[0].is_country else None
            countries_of[text] = frozenset(p.country for p in places if p.is_country)
            outside[text] = bool(places) and all(
                p.is_country or not (west <= p.longitude <= east and south <= p.latitude <= north) for p in places)
    anchors_in_order: dict[Place, None] = {}
    for name in names:
        if name.role == "text":
            anchor = anchor_of[name.match.text]
            if anchor is not None:
                anchors_in_order[anchor] = None
    anchors = tuple(anchors_in_order)
    countries = frozenset().union(*countries_of.values())
    resolved = []
    settled: dict[str, dict] = {}  # text -> the fields of a name that needs no context (same place every time)
    for name in names:
        fields = settled.get(name.match.text)
        if fields is not None:
            resolved.append(_place_mention(text=name.match.text, start=name.match.start, end=name.match.end,
                                           role=name.role, **fields))
            continue
        places = name.match.places
        if outside[name.match.text]:
            # a country, or a name with no candidate in the region in focus: no event is set there, and
            # the choice between its candidates does not matter; take the first one (the index ranks them)
            place, score = places[0], 0.0
            reason = "a country" if place.is_country else "outside the region in focus (not resolved in context)"
        elif len(places) == 1:  # nothing to choose between: the context would only change the score
            place, score = places[0], 1.0
            reason = f"the only place named {name.match.text!r}"
        else:
            qualifier = article.text[name.match.end : name.match.end + _QUALIFIER_CHARS]
            prefix = article.text[max(0, name.match.start - _QUALIFIER_CHARS) : name.match.start]  # "kota "
            candidates = gazetteer.resolve(name.match.text, ResolveContext(anchors, countries, qualifier, prefix))
            if not candidates:
                continue
            best = candidates[0]
            place, score = best.place, best.score
            reason = best.reason if len(candidates) == 1 else \
                f"{best.reason}; chosen over {len(candidates) - 1} other(s)"
        fields = dict(name=place.name, latitude=place.latitude, longitude=place.longitude, country=place.country,
                      admin1=place.admin1, geonameid=place.geonameid, feature_code=place.feature_code,
                      precision=place.precision, score=score, reason=reason, key=place.key,
                      is_country=place.is_country)
        if outside[name.match.text] or len(places) == 1:
            settled[name.match.text] = fields
        resolved.append(_place_mention(text=name.match.text, start=name.match.start, end=name.match.end,
                                       role=name.role, **fields))
    return resolved
