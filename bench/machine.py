"""One line describing the machine a benchmark ran on (for bench/RESULTS.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _first(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def describe() -> str:
    model = _first("/proc/cpuinfo", "model name") or "CPU unknown"
    mem = _first("/proc/meminfo", "MemTotal")
    ram = f"{int(mem.split()[0]) / 1024 / 1024:.1f} GiB RAM" if mem else "RAM unknown"
    return f"nproc {os.cpu_count()}, {model}, {ram}, Python {sys.version.split()[0]}"
