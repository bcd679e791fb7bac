"""Stage 3: gazetteer names found in an article's clean body.

The gazetteer's scan already drops trap phrases ("baku tembak") and lower-case
common words ("ganja").  Here the article's own structure is applied: the
dateline city ("REPUBLIKA.CO.ID, MOSKOW --") is where the report was filed, not
where anything happened, so it is kept apart with the role ``dateline``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazetteer import Gazetteer
from gazetteer import Mention as NameMatch

from .model import Article

# "SITE, CITY --", "CITY, Country, Oct. 15 (Reuters) -", "Jakarta, IDN Times -", "Site.com-Jakarta (04/10/2020)."
_DATELINE = re.compile(r"^[^\n.!?]{0,80}?(?:\s--?\s|\s—\s|\s–\s|\(\d{1,2}/\d{1,2}/\d{2,4}\)\.?)")


@dataclass(frozen=True)
class FoundName:
    match: NameMatch
    role: str  # "text" or "dateline"


def find_names(article: Article, gazetteer: Gazetteer) -> list[FoundName]:
    found = []
    for segment in article.segments:
        dateline = _DATELINE.match(segment.text)
        dateline_end = dateline.end() if dateline else -1
        for match in gazetteer.find_mentions(segment.text):
            shifted = NameMatch(match.text, match.start + segment.start, match.end + segment.start, match.places)
            found.append(FoundName(shifted, "dateline" if match.end <= dateline_end else "text"))
    return found
