"""Stage 3: gazetteer names found in an article's clean body.

The gazetteer's scan already drops trap phrases ("baku tembak") and lower-case
common words ("ganja").  Here the article's own structure is applied: the
dateline city ("REPUBLIKA.CO.ID, MOSKOW --") is where the report was filed, not
where anything happened, so it is kept apart with the role ``dateline``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from gazetteer import Gazetteer
from gazetteer import Mention as NameMatch

from .article import body_text
from .model import Article

# "SITE, CITY --", "CITY, Country, Oct. 15 (Reuters) -", "Jakarta, IDN Times -", "Site.com-Jakarta (04/10/2020)."
_DATELINE = re.compile(r"^[^\n.!?]{0,80}?(?:\s--?\s|\s—\s|\s–\s|\(\d{1,2}/\d{1,2}/\d{2,4}\)\.?)")


class FoundName(NamedTuple):
    match: NameMatch
    role: str  # "text" or "dateline"


def find_names(article: Article, gazetteer: Gazetteer) -> list[FoundName]:
    """Names in the clean body: one scan of the whole text, kept when inside a body segment."""
    segments = article.segments
    if not segments:
        return []
    matches = gazetteer.find_mentions(body_text(article))
    found, index, count = [], 0, len(matches)
    for number, segment in enumerate(segments):
        segment_start, segment_end = segment.start, segment.end  # end is a property: read it once
        # a dateline opens the body (article.py cuts it off; this catches one it did not recognise)
        dateline = _DATELINE.match(segment.text) if number == 0 else None
        dateline_end = segment_start + dateline.end() if dateline else -1
        while index < count and matches[index].start < segment_start:
            index += 1
        while index < count and matches[index].start < segment_end:
            match = matches[index]
            index += 1
            if match.end <= segment_end:
                found.append(FoundName(match, "dateline" if match.end <= dateline_end else "text"))
    return found
