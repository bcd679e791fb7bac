"""ACLED event types, sub-event types and their map styling (read from codebook.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class EventType:
    name: str
    colour: str
    shape: str
    sub_types: tuple[str, ...]

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.name.lower()).strip("-")


@cache
def event_types() -> tuple[EventType, ...]:
    data = json.loads(files("geomap.lexicons").joinpath("codebook.json").read_text("utf-8"))
    return tuple(
        EventType(name, spec["colour"], spec["shape"], tuple(spec["sub_types"]))
        for name, spec in data["types"].items()
    )


def event_type(name: str) -> EventType:
    for et in event_types():
        if et.name == name:
            return et
    raise KeyError(name)
