"""Web benchmarks: the map page with 10,000 events, and `geomap serve` start-up.

    python bench/bench_web.py [--events 10000]

Prints the server's render time for `/`, the page size, the time until every
marker is on the map in headless Chromium, and the start-up time and resident
memory of `geomap serve`.  Needs /usr/bin/chromium and the test extra.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from geomap.codebook import event_types
from geomap.model import Article, Event, Segment
from geomap.store import Store

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def synthetic_store(path: Path, count: int) -> None:
    rng = random.Random(7)
    types = event_types()
    with Store(path) as store:
        for batch in range(count // 100):
            article_id = f"bench{batch:05d}"
            text = f"Synthetic report {batch}."
            article = Article(article_id, f"{article_id}.txt", f"Report {batch}", text, (Segment(text, 0),), "en",
                              "Bench Wire", dt.datetime(2020, 9, 27) + dt.timedelta(days=batch % 45))
            events = []
            for i in range(100):
                et = types[(batch + i) % 4]
                events.append(Event(
                    event_id=f"{article_id}-{i}", event_date=(dt.date(2020, 9, 27) + dt.timedelta(days=rng.randrange(45))).isoformat(),
                    time_precision=1, event_type=et.name, sub_event_type=et.sub_types[0], actor1="A", actor2="B",
                    country="AZ", admin1="", location=f"Place {i}", latitude=39.3 + rng.random() * 1.4,
                    longitude=45.8 + rng.random() * 1.8, geo_precision=1, geonameid=None, fatalities=rng.randrange(5),
                    injured=0, claimed_by="", source="Bench Wire", source_url="", article_id=article_id, language="en",
                    quote=f"Synthetic sentence {i} of report {batch}.", quote_start=0, quote_end=10, title=article.title,
                ))
            # Distinct articles never merge with each other here: every event is its own.
            store._db.execute("BEGIN")
            store._db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?)",
                              (article_id, article.source, article.title, "Bench Wire", None, None, "en", "now"))
            for event in events:
                store._insert(event)
            store._db.execute("COMMIT")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_render(db: Path) -> tuple[float, int]:
    from web import create_app

    client = create_app({"db": str(db)}).test_client()
    client.get("/")  # warm: store opened, assets configured
    times, size = [], 0
    for _ in range(5):
        start = time.perf_counter()
        response = client.get("/")
        times.append(time.perf_counter() - start)
        size = len(response.data)
    return statistics.median(times), size


def bench_browser(db: Path, expected: int) -> float:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from web import create_app

    server = make_server("127.0.0.1", 0, create_app({"db": str(db)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(url, wait_until="commit")
            page.wait_for_function(f"window.geomapVisibleCount && window.geomapVisibleCount() === {expected}", timeout=120_000)
            elapsed = time.perf_counter() - start
            browser.close()
    finally:
        server.shutdown()
    return elapsed


def bench_serve(db: Path) -> tuple[float, int]:
    port = free_port()
    geomap = Path(sys.executable).with_name("geomap")
    start = time.perf_counter()
    proc = subprocess.Popen([str(geomap), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - start > 60:
                    raise RuntimeError("geomap serve did not start")
                time.sleep(0.02)
        startup = time.perf_counter() - start
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read()
        status = Path(f"/proc/{proc.pid}/status").read_text()
        rss_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    finally:
        proc.terminate()
        proc.wait(10)
    return startup, rss_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        synthetic_store(db, args.events)
        render, size = bench_render(db)
        print(f"events in store:                 {args.events}")
        print(f"server render time of /:         {render * 1000:.0f} ms (median of 5)")
        print(f"page size:                       {size / 1e6:.2f} MB")
        print(f"markers on the map in Chromium:  {bench_browser(db, args.events):.2f} s (navigation to all markers shown)")
        startup, rss = bench_serve(db)
        print(f"geomap serve start-up:           {startup:.2f} s (process start to /healthz answering)")
        print(f"geomap serve resident memory:    {rss / 1024:.0f} MB (after serving / once)")
        empty = Path(tmp) / "seeded.sqlite"
        startup, rss = bench_serve(empty)
        print(f"geomap serve on an empty store:  {startup:.2f} s start-up incl. ingesting the seeds, {rss / 1024:.0f} MB")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
