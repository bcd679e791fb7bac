"""Distances between places: geopy's great-circle distance, imported on first use (geopy's import is slow)."""

from __future__ import annotations

from functools import cache


@cache
def _great_circle():
    from geopy.distance import great_circle

    return great_circle


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points (geopy)."""
    return _great_circle()(a, b).km
