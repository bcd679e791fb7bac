"""The ``geomap`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import GeomapError
from .settings import SETTINGS, Settings

_HELP = {s.name: f"{s.help} [env: {s.env}]" for s in SETTINGS}


def _settings(**overrides: object) -> Settings:
    try:
        return Settings.load(overrides)
    except GeomapError as exc:
        raise click.UsageError(str(exc)) from exc


def db_option(func):
    return click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=_HELP["db"])(func)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GeomapError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geomap")
def main() -> None:
    """geomap: war reports -> dated, geolocated, sourced events on a layered map.

    Settings come from options, then GEOMAP_* environment variables, then defaults
    (see `geomap settings`).
    """


@main.command()
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (as in the README).")
def settings(markdown: bool) -> None:
    """List every setting, its environment variable, default and meaning."""
    if markdown:
        click.echo(settings_markdown())
        return
    for setting in SETTINGS:
        click.echo(f"{setting.name:18} {setting.env:26} default={setting.default!r}\n    {setting.help}")


def settings_markdown() -> str:
    rows = ["| setting | environment | default | meaning |", "|---|---|---|---|"]
    rows += [f"| {s.name} | `{s.env}` | `{s.default!r}` | {s.help} |" for s in SETTINGS]
    return "\n".join(rows)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when on a terminal).")
def ingest(paths: tuple[Path, ...], db: Path | None, progress: bool | None) -> None:
    """Read report files or folders of reports into the store.

    Ingesting is idempotent: a report already in the store (same content) is skipped.
    A report that cannot be read is rejected with the reason; the others still go in.
    """
    import gazetteer
    from tqdm import tqdm

    from .ingest import ingest_reports, read_files, report_files
    from .store import Store

    config = _settings(db=db)
    files = list(report_files(paths))
    bar = tqdm(files, desc="ingesting", unit="report", disable=not (sys.stderr.isatty() if progress is None else progress))
    with Store(config.db) as store:
        summary = ingest_reports(store, read_files(bar, config.max_report_bytes), gazetteer.load(config), config.max_report_bytes)
        total = store.count_events()
    for line in summary.lines():
        click.echo(line)
    click.echo(f"store: {config.db} ({total} events)")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "geojson"]), default="json", show_default=True)
def extract(files: tuple[Path, ...], fmt: str) -> None:
    """Print the events found in report FILES, without using the store.

    JSON: one array of event records, each with `source_file` (the path as given).
    """
    import gazetteer

    from .ingest import read_files
    from .pipeline import extract_report

    config = _settings()
    places = gazetteer.load(config)
    records, failed = [], 0
    for source, raw in read_files(files, config.max_report_bytes):
        try:
            if isinstance(raw, Exception):
                raise raw
            extraction = extract_report(raw, source, places, config.max_report_bytes)
        except (GeomapError, OSError) as exc:
            click.echo(f"geomap: skipped {source}: {exc}", err=True)
            failed += 1
            continue
        records += [{**event.to_record(), "source_file": source} for event in extraction.events]
    if fmt == "geojson":
        features = [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
             "properties": {k: v for k, v in r.items() if k not in {"latitude", "longitude"}}}
            for r in records
        ]
        json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, ensure_ascii=False, indent=1)
    else:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    if failed and not records:
        sys.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@db_option
@click.option("--osm-tiles/--no-osm-tiles", default=None, help=_HELP["osm_tiles"])
def serve(host: str, port: int, db: Path | None, osm_tiles: bool | None) -> None:
    """Serve the map and the API.  An empty store is first filled from the bundled seeds."""
    import gazetteer

    from web import create_app

    from .ingest import ingest_reports, seed_reports
    from .store import Store

    config = _settings(db=db, osm_tiles=osm_tiles)
    with Store(config.db) as store:
        if config.seed_empty_store and store.count_articles() == 0:
            summary = ingest_reports(store, seed_reports(), gazetteer.load(config), config.max_report_bytes)
            click.echo(f"empty store: loaded the bundled seed reports ({summary.events_added} events)")
        click.echo(f"store: {config.db} ({store.count_events()} events)")
    app = create_app({"db": str(config.db), "osm_tiles": config.osm_tiles})
    click.echo(f"serving on http://{host}:{port}/  (Ctrl-C to stop)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


def filter_options(func):
    """--from, --to, --type, --bbox: the same filters as the API (EventQuery)."""
    func = click.option("--bbox", metavar="W,S,E,N", help="Only events inside this box (degrees).")(func)
    func = click.option("--type", "types", multiple=True, metavar="TYPE",
                        help="Only this ACLED event type (repeatable).")(func)
    func = click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Only events on or before this date.")(func)
    func = click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Only events on or after this date.")(func)
    return func


def _part_path(output: Path) -> Path:
    """A hidden sibling with the same extension (GDAL picks drivers by extension) to write before renaming."""
    return output.with_name(f".{output.stem}.part{output.suffix}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv", "gpkg", "kml"]), default=None,
              help="Output format (default: from the -o extension, else geojson).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (required for gpkg).")
@filter_options
@db_option
def export(fmt: str | None, output: Path | None, date_from: str | None, date_to: str | None, types: tuple[str, ...],
           bbox: str | None, db: Path | None) -> None:
    """Export stored events as GeoJSON (RFC 7946), CSV (ACLED's column names), GeoPackage or KML.

    CSV, GeoPackage and KML carry ACLED's columns (event_id_cnty, event_date, year, ...,
    fatalities) and the provenance columns injured, claimed_by, source_url, article_id,
    language, quote and n_sources.  Files are written atomically.
    """
    from .exports import csv_chunks, format_for_path, geojson_chunks, kml_chunks, write_gpkg
    from .query import EventQuery
    from .store import Store

    if fmt is None:
        fmt = (format_for_path(output.name) if output else None) or "geojson"
    if fmt == "gpkg" and not output:
        raise click.UsageError("--format gpkg needs -o FILE.gpkg (a GeoPackage cannot go to standard output)")
    query = EventQuery.parse(date_from, date_to, types, bbox)
    config = _settings(db=db)
    with Store(config.db) as store:
        events = store.events(query)
        if fmt == "gpkg":
            tmp = _part_path(output)
            tmp.unlink(missing_ok=True)
            try:
                count = write_gpkg(events, tmp)
                tmp.replace(output)
            finally:
                tmp.unlink(missing_ok=True)
            click.echo(f"wrote {output} ({count} events)", err=True)
            return
        stream = {"geojson": geojson_chunks, "csv": csv_chunks, "kml": kml_chunks}[fmt](events)
        if output:
            tmp = _part_path(output)
            try:
                with tmp.open("w", encoding="utf-8", newline="") as fp:
                    fp.writelines(stream)
                tmp.replace(output)  # never leave a half-written export under the real name
            finally:
                tmp.unlink(missing_ok=True)
            click.echo(f"wrote {output}", err=True)
        else:
            sys.stdout.writelines(stream)


def _generated_at():
    """Now (UTC, to the minute), or SOURCE_DATE_EPOCH when set, for reproducible snapshots."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The image: FILE.png, FILE.svg or FILE.pdf (the format follows the extension).")
@filter_options
@click.option("--fit", is_flag=True, help="Fit the view to the events (the default without --bbox).")
@click.option("--title", default=None, help="Title over the map (default: 'Reported conflict events').")
@click.option("--size", default="slide", show_default=True, metavar="SIZE",
              help="slide (13.33x7.5 in), a4-landscape, a4-portrait, or WIDTHxHEIGHT in pixels (e.g. 1920x1080).")
@click.option("--dpi", type=int, default=200, show_default=True, help="Resolution (50-600); pixel sizes keep their pixels.")
@db_option
def snapshot(output: Path, date_from: str | None, date_to: str | None, types: tuple[str, ...], bbox: str | None,
             fit: bool, title: str | None, size: str, dpi: int, db: Path | None) -> None:
    """Draw a static map of the stored events for a briefing (PNG, SVG or PDF).

    The map shows --bbox W,S,E,N and the events in it, or (--fit, the default) fits the
    view to the filtered events.  Set SOURCE_DATE_EPOCH for byte-identical re-runs.
    """
    from .query import EventQuery
    from .snapshot import SnapshotError, format_of, parse_size, render_snapshot
    from .store import Store

    if fit and bbox:
        raise click.UsageError("--fit and --bbox exclude each other: --bbox sets the view, --fit fits it to the events")
    try:
        fmt = format_of(output.name)
    except SnapshotError as exc:
        raise click.BadParameter(str(exc), param_hint="'-o'") from None
    try:
        parsed_size = parse_size(size, dpi)
    except SnapshotError as exc:
        raise click.BadParameter(str(exc), param_hint="'--size' / '--dpi'") from None
    query = EventQuery.parse(date_from, date_to, types, bbox)
    config = _settings(db=db)
    with Store(config.db) as store:
        events = list(store.events(query))
    data = render_snapshot(events, fmt=fmt, title=title, date_from=query.date_from, date_to=query.date_to,
                           bbox=query.bbox, size=parsed_size, generated_at=_generated_at())
    tmp = _part_path(output)
    try:
        tmp.write_bytes(data)
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)
    click.echo(f"wrote {output} ({len(events)} events, {parsed_size.width_px}x{parsed_size.height_px} px)", err=True)


@main.group()
def places() -> None:
    """Look up places in the gazetteer."""


@places.command("resolve")
@click.argument("names", nargs=-1, required=True)
@click.option("--context", default=None, help="Text around the names (other places help choose).")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def places_resolve(names: tuple[str, ...], context: str | None, fmt: str) -> None:
    """Resolve NAMES to candidate places, best first, each with a score and a reason."""
    import gazetteer

    places_ = gazetteer.load(_settings())
    out = [{"query": name, "candidates": [c.to_dict() for c in places_.resolve(name, context)]} for name in names]
    click.echo(json.dumps(out, ensure_ascii=False, indent=1))


@places.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--places-dir", type=click.Path(file_okay=False, path_type=Path), help=_HELP["places_dir"])
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when on a terminal).")
def places_import(files: tuple[Path, ...], places_dir: Path | None, progress: bool | None) -> None:
    """Import GeoNames dumps (AZ.txt, AM.txt, allCountries.txt: 19 tab-separated columns).

    Places of feature classes P, A, L, H, T and S go into the user's gazetteer, which ranks
    them below the curated regional file and above the world data.  Importing the same file
    twice changes nothing.  A malformed row stops that file's import (nothing of it is kept)
    with the file name and line number.
    """
    import gazetteer
    from gazetteer.geonames import STORE_NAME, GeonamesFormatError, ImportedStore, import_files

    config = _settings(places_dir=places_dir)
    store = ImportedStore(Path(config.places_dir or gazetteer.default_places_dir()) / STORE_NAME)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        summaries = import_files(files, store, progress=show)
    except GeonamesFormatError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot import: {exc}") from exc
    for summary in summaries:
        click.echo(summary.line())
    gazetteer.load.cache_clear()
    click.echo(f"places: {store.path} ({store.count()} imported places)")


@places.command("search")
@click.argument("prefix")
@click.option("--limit", default=20, show_default=True)
def places_search(prefix: str, limit: int) -> None:
    """List places whose name starts with PREFIX."""
    import gazetteer

    for place in gazetteer.load(_settings()).search(prefix, limit):
        click.echo(f"{place.name}\t{place.country}\t{place.latitude:.4f}\t{place.longitude:.4f}\t{place.feature_code}")


@main.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold files, one <article stem>.json per article.")
@click.argument("articles", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--min-f1", type=float, default=None, help="Exit with status 1 when the overall F1 is below this.")
def evaluate(gold_dir: Path, articles: tuple[Path, ...], fmt: str, min_f1: float | None) -> None:
    """Score the events extracted from ARTICLES against hand-coded gold events.

    A match needs the same event type, dates within the looser precision (day, week, month) and places
    within 10 km or with the same GeoNames id; matching is one-to-one and never crosses articles.
    """
    import gazetteer

    from .evaluate import agreement, combine, load_gold, match
    from .ingest import read_files
    from .pipeline import extract_report

    config = _settings()
    places = gazetteer.load(config)
    per_file = []
    for source, raw in read_files(articles, config.max_report_bytes):
        gold_path = gold_dir / f"{Path(source).stem}.json"
        if not gold_path.is_file():
            raise click.ClickException(f"no gold file for {source}: {gold_path}")
        try:
            gold = load_gold(gold_path)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{gold_path}: {exc}") from exc
        predicted = ()
        try:
            if isinstance(raw, Exception):
                raise raw
            predicted = extract_report(raw, source, places, config.max_report_bytes).events
        except (GeomapError, OSError) as exc:
            click.echo(f"geomap: {source}: {exc} (scored as no events)", err=True)
        per_file.append((source, match(predicted, gold)))
    total = combine(score for _, score in per_file)

    def row(event, source: str) -> dict:
        return {"file": source, "event_date": event.event_date, "event_type": event.event_type,
                "location": event.location, "quote": (event.quote or "")[:80]}

    misses = [row(e, src) for src, s in per_file for e in s.misses]
    alarms = [row(e, src) for src, s in per_file for e in s.false_alarms]
    agree = agreement(total.matches)
    if fmt == "json":
        out = {**total.to_dict(), "articles": {src: s.to_dict() for src, s in per_file},
               "matched_agree": {name: {"agree": a, "of": n} for name, (a, n) in agree.items()},
               "misses": misses, "false_alarms": alarms}
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        click.echo(f"{'':34} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6}")
        lines = [("overall", total)] + sorted(total.by_type.items())
        for name, c in lines:
            click.echo(f"{name:34} {c.tp:4} {c.fp:4} {c.fn:4} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
        if total.tp:
            click.echo("\nMatched events that also agree on: " + ", ".join(
                f"{name} {a}/{n} ({a / n:.0%})" for name, (a, n) in agree.items()))
        for title, items in (("Misses:", misses), ("False alarms:", alarms)):
            click.echo(f"\n{title}" + ("" if items else " none"))
            for r in items:
                click.echo(f"  {r['event_date']}  {r['event_type']:27} {r['location'][:30]:30} "
                           f"{r['quote']!r}  [{r['file']}]")
    if min_f1 is not None and total.f1 < min_f1:
        sys.exit(1)
