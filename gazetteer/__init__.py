"""Place names -> places: data, normalisation, matching in text, disambiguation.

This package knows nothing of events or the web.  ``load()`` reads the curated
regional file shipped in ``gazetteer/data``.
"""

from __future__ import annotations

from .gazetteer import FOCUS_REGIONS, Gazetteer, ResolveContext
from .loader import load, read_places
from .places import Candidate, Mention, Place

__all__ = ["FOCUS_REGIONS", "Candidate", "Gazetteer", "Mention", "Place", "ResolveContext", "load", "read_places"]
