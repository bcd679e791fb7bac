"""Throughput of the extraction stage: reports per second on one core.

Builds a corpus of at least 1,000 distinct reports from the seeds and the test reports (Indonesian and
English): each variant shuffles a report's body paragraphs after its lead and moves its header date by a
few days, so every variant has its own content hash and its own dates.  The gazetteer is loaded once,
outside the timing; the timing covers everything `geomap extract` does per report: reading the article
(boilerplate, dateline, language, publication date), dates, place names and their resolution, events.

    python bench/bench_extract.py [--reports 1000] [--repeat 3] [--cpu 0] [--profile]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

from machine import describe as describe_machine  # bench/machine.py (scripts run from bench/)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_DAY_IN_DATE_LINE = re.compile(r"\b(\d{1,2})(?=\s+[A-Z][a-z]+\.?,?\s+\d{4})"  # 28 Sep 2020, 5 Oktober 2020
                               r"|(?<=[a-z] )(\d{1,2})(?=,\s+\d{4})"  # October 11, 2020
                               r"|\b(\d{1,2})(?=/\d{1,2}/\d{4})")  # 10/10/2020


def base_reports() -> list[tuple[str, str]]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "reports").glob("*/*.txt"))
    return [(str(f.relative_to(ROOT)), f.read_text("utf-8")) for f in files]


def variant(text: str, k: int, rng: random.Random) -> str:
    """Shuffle the paragraphs after the lead; move the first header date by a few days."""
    paragraphs = text.split("\n\n")
    head, tail = paragraphs[:4], paragraphs[4:]
    rng.shuffle(tail)
    shift = k % 5

    def move(m: re.Match) -> str:
        day = int(next(g for g in m.groups() if g))
        return str(min(28, max(1, day - shift)))

    head = [_DAY_IN_DATE_LINE.sub(move, part, count=1) if i < 3 else part for i, part in enumerate(head)]
    return "\n\n".join(head + tail)


def corpus(n: int, seed: int = 7) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    bases = base_reports()
    reports, seen, k = [], set(), 0
    while len(reports) < n:
        name, text = bases[k % len(bases)]
        body = variant(text, k // len(bases), rng) if k >= len(bases) else text
        if body not in seen:
            seen.add(body)
            reports.append((f"{name}#{k}", body.encode("utf-8")))
        k += 1
        if k > 50 * n:
            raise SystemExit("could not build enough distinct variants")
    return reports


def calibration() -> float:
    """Seconds for a fixed pure-Python loop: the same code runs up to ~25 % slower when the shared host is
    busy, and this shows which phase a run fell in."""
    best = float("inf")
    for _ in range(3):
        t0, total = time.perf_counter(), 0
        for i in range(2_000_000):
            total += i * i
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", type=int, default=0, help="pin the process to this core (Linux)")
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions (cProfile)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})

    import gazetteer

    from geomap.pipeline import extract_report
    from geomap.settings import Settings

    settings = Settings.load({}, environ={})
    started = time.perf_counter()
    places = gazetteer.load(settings)
    reports = corpus(args.reports)
    for source, raw in reports[:30]:  # warm-up: compiled lexicons, caches of the first names
        extract_report(raw, source, places, settings.max_report_bytes)
    setup = time.perf_counter() - started
    languages = {"id": 0, "en": 0}
    size = sum(len(raw) for _, raw in reports)

    def run() -> int:
        events = 0
        for source, raw in reports:
            extraction = extract_report(raw, source, places, settings.max_report_bytes)
            events += len(extraction.events)
            languages[extraction.article.language] = languages.get(extraction.article.language, 0) + 1
        return events

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    calibration_before = calibration()
    best, best_cpu, events = float("inf"), float("inf"), 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        events = run()
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    per_run = {k: v // args.repeat for k, v in languages.items()}
    print(f"corpus: {len(reports)} distinct reports ({per_run.get('id', 0)} Indonesian, {per_run.get('en', 0)} "
          f"English), {size / 1e6:.2f} MB, {events} events per run")
    print(f"setup (gazetteer load, corpus, warm-up): {setup:.2f} s")
    print(f"extract: {len(reports) / best:.0f} reports/s on one core (best of {args.repeat}: {best:.2f} s, "
          f"{size / 1e6 / best:.2f} MB/s); by process CPU time: {len(reports) / best_cpu:.0f} reports/s")
    print(f"calibration loop (2e6 multiply-adds, best of 3): {calibration_before:.3f} s before, "
          f"{calibration():.3f} s after")
    print(f"machine: {describe_machine()}")


if __name__ == "__main__":
    main()
