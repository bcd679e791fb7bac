"""Reading gazetteer data files (through importlib.resources)."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib.resources import files

from .gazetteer import Gazetteer
from .places import Place

_REQUIRED = ("key", "name", "latitude", "longitude", "country", "feature_class", "feature_code", "precision")


def read_places(text: str, origin: str = "regional.tsv") -> list[Place]:
    """Parse the curated TSV format; raise ValueError naming the line on bad rows."""
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"{origin}: missing column(s) {', '.join(missing)}")
    places = []
    for line, row in enumerate(reader, start=2):
        try:
            variants = [v.strip() for v in (row.get("variants") or "").split("|") if v.strip()]
            places.append(
                Place(
                    key=row["key"],
                    name=row["name"],
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    geonameid=int(row["geonameid"]) if row.get("geonameid") else None,
                    country=row["country"],
                    admin1=row.get("admin1") or "",
                    feature_class=row["feature_class"],
                    feature_code=row["feature_code"],
                    population=int(row["population"]) if row.get("population") else 0,
                    priority=int(row["priority"]) if row.get("priority") else 50,
                    precision=int(row["precision"]),
                    names=tuple(dict.fromkeys([row["name"], *variants])),
                )
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{origin}, line {line}: {exc}") from exc
    return places


@lru_cache(maxsize=4)
def _load(focus_region: str) -> Gazetteer:
    data = files("gazetteer") / "data"
    places = read_places((data / "regional.tsv").read_text("utf-8"))
    traps = json.loads((data / "traps.json").read_text("utf-8"))
    return Gazetteer(places, traps["phrases"], traps["common_words"], focus_region=focus_region)


def load(settings: object | None = None) -> Gazetteer:
    """The shipped gazetteer, built once per focus region (``settings.focus_region``)."""
    return _load(getattr(settings, "focus_region", None) or "south-caucasus")
