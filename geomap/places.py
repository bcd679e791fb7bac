"""Stage 4: each name resolved to one place in the context of its article."""

from __future__ import annotations

from gazetteer import Gazetteer, ResolveContext

from .mentions import FoundName
from .model import Article, PlaceMention

_QUALIFIER_CHARS = 40


def resolve_names(article: Article, names: list[FoundName], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Best candidate per name; anchors are the article's unambiguous places."""
    anchors = tuple(
        dict.fromkeys(
            n.match.places[0]
            for n in names
            if n.role == "text" and len(n.match.places) == 1 and not n.match.places[0].is_country
        )
    )
    countries = frozenset(p.country for n in names for p in n.match.places if p.is_country)
    resolved = []
    for name in names:
        qualifier = article.text[name.match.end : name.match.end + _QUALIFIER_CHARS]
        prefix = article.text[max(0, name.match.start - _QUALIFIER_CHARS) : name.match.start]  # "kota ", "Atlanta, "
        context = ResolveContext(anchors, countries, qualifier, prefix)
        candidates = gazetteer.resolve(name.match.text, context)
        if not candidates:
            continue
        best = candidates[0]
        place = best.place
        reason = best.reason if len(candidates) == 1 else f"{best.reason}; chosen over {len(candidates) - 1} other(s)"
        resolved.append(
            PlaceMention(
                text=name.match.text,
                start=name.match.start,
                end=name.match.end,
                name=place.name,
                latitude=place.latitude,
                longitude=place.longitude,
                country=place.country,
                admin1=place.admin1,
                geonameid=place.geonameid,
                feature_code=place.feature_code,
                precision=place.precision,
                score=best.score,
                reason=reason,
                role=name.role,
                key=place.key,
                is_country=place.is_country,
            )
        )
    return resolved
