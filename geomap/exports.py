"""Event exports.  GeoJSON follows RFC 7946: WGS84, [longitude, latitude], no ``crs``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from .store import StoredEvent


def feature(stored: StoredEvent) -> dict:
    event = stored.event
    properties = event.to_record()
    properties.pop("latitude")
    properties.pop("longitude")
    properties["n_sources"] = stored.n_sources
    properties["sources"] = list(stored.sources)
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": {"type": "Point", "coordinates": [round(event.longitude, 6), round(event.latitude, 6)]},
        "properties": properties,
    }


def geojson_chunks(events: Iterable[StoredEvent]) -> Iterator[str]:
    """A FeatureCollection as text chunks, so large exports stream."""
    yield '{"type": "FeatureCollection", "features": ['
    for index, stored in enumerate(events):
        yield ("," if index else "") + "\n" + json.dumps(feature(stored), ensure_ascii=False)
    yield "\n]}\n"


def feature_collection(events: Iterable[StoredEvent]) -> dict:
    return {"type": "FeatureCollection", "features": [feature(e) for e in events]}
