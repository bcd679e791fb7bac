"""Reading reports from disk into the store (the I/O edge of the pipeline)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from gazetteer import Gazetteer

from .errors import ArticleError, GeomapError
from .pipeline import extract_report
from .store import Store

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".md")


@dataclass
class IngestSummary:
    read: int = 0
    duplicates: int = 0
    events_added: int = 0
    events_merged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"reports read: {self.read}",
            f"duplicates skipped: {self.duplicates}",
            f"reports rejected: {len(self.rejected)}",
            f"events stored: {self.events_added} new, {self.events_merged} merged into existing events",
        ]
        out += [f"  rejected {source}: {why}" for source, why in self.rejected]
        return out


def report_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and report files (by suffix) found under folders, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        else:
            yield path


def ingest_reports(store: Store, reports: Iterable[tuple[str, bytes | Exception]], gazetteer: Gazetteer,
                   max_bytes: int) -> IngestSummary:
    """Ingest (source, bytes-or-read-error) pairs; a bad report is recorded, never fatal."""
    summary = IngestSummary()
    for source, raw in reports:
        if isinstance(raw, Exception):
            summary.rejected.append((source, str(raw)))
            continue
        try:
            extraction = extract_report(raw, source, gazetteer, max_bytes)
        except ArticleError as exc:
            summary.rejected.append((source, str(exc).removeprefix(f"{source}: ")))
            continue
        result = store.ingest(extraction.article, extraction.events)
        summary.read += 1
        summary.duplicates += result.duplicate
        summary.events_added += result.events_added
        summary.events_merged += result.events_merged
    return summary


def read_files(paths: Iterable[Path], max_bytes: int) -> Iterator[tuple[str, bytes | Exception]]:
    for path in paths:
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise ArticleError(f"{size / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.0f} MB limit")
            yield str(path), path.read_bytes()
        except (OSError, GeomapError) as exc:
            yield str(path), exc


def seed_reports() -> Iterator[tuple[str, bytes]]:
    """The bundled seed reports (found in a checkout and in an installed wheel alike)."""
    seeds = files("geomap.seeds")
    for item in sorted(seeds.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".txt"):
            yield f"seeds/{item.name}", item.read_bytes()
