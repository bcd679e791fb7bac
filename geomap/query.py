"""Event filters shared by the API, the exports, the CLI and the snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .codebook import event_types
from .errors import FilterError


@dataclass(frozen=True)
class EventQuery:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    types: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north

    @classmethod
    def parse(
        cls,
        date_from: str | None = None,
        date_to: str | None = None,
        types: Iterable[str] = (),
        bbox: str | None = None,
    ) -> "EventQuery":
        """Validate user-supplied strings; raise FilterError naming the bad one."""
        start, end = _date("from", date_from), _date("to", date_to)
        if start and end and start > end:
            raise FilterError(f"'from' ({start}) is after 'to' ({end})")
        return cls(start, end, _types(types), _bbox(bbox))

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "EventQuery":
        """From URL query arguments: from, to, type (repeatable or comma-separated), bbox."""
        getlist = getattr(args, "getlist", None)
        raw_types = getlist("type") if getlist else [args.get("type") or ""]
        types = [t for raw in raw_types for t in raw.split(",") if t.strip()]
        return cls.parse(args.get("from") or None, args.get("to") or None, types, args.get("bbox") or None)


def _date(label: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise FilterError(f"'{label}' must be a date as YYYY-MM-DD, got {value!r}") from None


def _types(values: Iterable[str]) -> tuple[str, ...]:
    known = {et.name.lower(): et.name for et in event_types()} | {et.slug: et.name for et in event_types()}
    out = []
    for value in values:
        name = known.get(value.strip().lower())
        if name is None:
            choices = ", ".join(et.name for et in event_types())
            raise FilterError(f"unknown event type {value!r}; choose from: {choices}")
        out.append(name)
    return tuple(dict.fromkeys(out))


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise FilterError(f"'bbox' must be west,south,east,north in degrees, got {value!r}") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise FilterError(f"'bbox' out of range: {value!r}")
    return west, south, east, north
