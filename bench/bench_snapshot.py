"""Snapshot benchmark: `geomap snapshot -o brief.png --from 2020-09-27 --to 2020-11-10` on the seeds.

    python bench/bench_snapshot.py [--runs 5] [--size slide] [--dpi 200]

Ingests the bundled seed reports into a temporary store, then times
* cold: the whole command in a fresh process (interpreter start, imports, basemap load), and
* warm: the same command again inside one process (basemap and projection cached),
and prints a Markdown section (machine, command, medians) for bench/RESULTS.md.
Target: under 5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe as describe_machine  # bench/machine.py (scripts run from bench/)

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 5.0


def geomap_command() -> list[str]:
    exe = shutil.which("geomap", path=str(Path(sys.executable).parent)) or shutil.which("geomap")
    return [exe] if exe else [sys.executable, "-m", "geomap.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="slide")
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args()

    from click.testing import CliRunner

    from geomap.cli import main as cli

    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        tmp = Path(tmp)
        db = tmp / "seeds.sqlite"
        out = tmp / "brief.png"
        ingest = subprocess.run([*geomap_command(), "ingest", str(ROOT / "seeds"), "--db", str(db)],
                                capture_output=True, text=True)
        if ingest.returncode:
            sys.exit(f"ingest failed: {ingest.stderr}")
        snapshot_args = ["snapshot", "-o", str(out), "--from", "2020-09-27", "--to", "2020-11-10",
                         "--size", args.size, "--dpi", str(args.dpi), "--db", str(db)]

        cold = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run([*geomap_command(), *snapshot_args], capture_output=True, text=True)
            cold.append(time.perf_counter() - start)
            if done.returncode:
                sys.exit(f"snapshot failed: {done.stderr}")
        size_bytes = out.stat().st_size

        runner = CliRunner()
        first_start = time.perf_counter()
        result = runner.invoke(cli, snapshot_args)
        first = time.perf_counter() - first_start
        if result.exit_code:
            sys.exit(f"in-process snapshot failed: {result.output}")
        warm = []
        for _ in range(args.runs):
            start = time.perf_counter()
            runner.invoke(cli, snapshot_args)
            warm.append(time.perf_counter() - start)

    cold_s, warm_s = statistics.median(cold), statistics.median(warm)
    verdict = "meets" if max(cold_s, warm_s) < TARGET_S else "MISSES"
    command = (f"geomap snapshot -o brief.png --from 2020-09-27 --to 2020-11-10 --size {args.size} --dpi {args.dpi} "
               f"--db <seeds store>")
    print(f"""## Snapshot ({time.strftime('%Y-%m-%d')})

Machine: {describe_machine()}

Command: `{command}` on a store of the five seed reports
(`python bench/bench_snapshot.py --runs {args.runs} --size {args.size} --dpi {args.dpi}`).

| run | median of {args.runs} | min | max |
| --- | ---: | ---: | ---: |
| cold (new process: interpreter, imports, basemap load, render, write) | {cold_s:.2f} s | {min(cold):.2f} s | {max(cold):.2f} s |
| first in-process (imports matplotlib and pyproj, reads and projects the basemap) | {first:.2f} s | | |
| warm in-process (basemap and projection cached) | {warm_s:.2f} s | {min(warm):.2f} s | {max(warm):.2f} s |

Output: {size_bytes / 1024:.0f} KiB PNG. Target < {TARGET_S:.0f} s: {verdict}.
""")


if __name__ == "__main__":
    main()
