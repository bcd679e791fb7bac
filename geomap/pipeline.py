"""The whole extraction: article text -> events.  Pure, given a gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

from gazetteer import Gazetteer

from .article import read_article
from .events import extract_events
from .mentions import find_names
from .model import Article, Event, PlaceMention
from .places import resolve_names


@dataclass(frozen=True)
class Extraction:
    article: Article
    places: tuple[PlaceMention, ...]
    events: tuple[Event, ...]


def extract(article: Article, gazetteer: Gazetteer) -> Extraction:
    places = resolve_names(article, find_names(article, gazetteer), gazetteer)
    events = extract_events(article, places, gazetteer.focus_bbox, gazetteer.lookup)
    return Extraction(article, tuple(places), tuple(events))


def extract_report(raw: bytes, source: str, gazetteer: Gazetteer, max_bytes: int) -> Extraction:
    """Read one report's bytes (raises ArticleError) and extract its events."""
    return extract(read_article(raw, source, max_bytes), gazetteer)
