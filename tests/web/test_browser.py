"""The map in a real browser: Debian's chromium driven by Playwright, against a live local server.

Chromium is required: if it is missing these tests fail (CI installs it), they do not skip.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
HOST = "127.0.0.1"
DOMAIN_START = "2020-09-27"  # the synthetic store's first date: the sliders' value 0


def day_index(iso: str) -> int:
    import datetime as dt

    return (dt.date.fromisoformat(iso) - dt.date.fromisoformat(DOMAIN_START)).days


@pytest.fixture(scope="module")
def live_server(store_path):
    from werkzeug.serving import make_server

    from web import create_app

    app = create_app({"db": store_path, "TESTING": True})
    server = make_server(HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"chromium is required for the browser tests but {CHROMIUM} is missing "
                    "(install Debian's `chromium` package; never `playwright install`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the dev environment has it
        pytest.fail(f"playwright is required for the browser tests: {exc}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """Everything the page asked for, every dialog it opened, every script error."""

    def __init__(self):
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != HOST]


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def page(browser, watch):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    # Nothing may leave the machine: refuse anything not local (the request is still recorded).
    context.route(lambda url: urlsplit(url).hostname not in (HOST, None), lambda route: route.abort())
    yield page
    context.close()
    assert watch.dialogs == [], f"a dialog fired: {watch.dialogs}"
    assert watch.foreign_requests() == [], f"requests left {HOST}: {watch.foreign_requests()}"
    assert watch.errors == [], f"script errors: {watch.errors}"


def open_map(page, live_server, query: str = ""):
    page.goto(f"{live_server}/{query}")
    page.wait_for_function("typeof window.geomapVisibleCount === 'function'")
    page.wait_for_function("window.geomapBasemapLoaded !== undefined")


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def set_handle(page, selector: str, iso: str):
    page.eval_on_selector(
        selector,
        """(input, value) => {
            input.value = String(value);
            input.dispatchEvent(new Event('input', {bubbles: true}));
            input.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
        day_index(iso),
    )


def counts(page) -> dict:
    return page.evaluate("window.geomapLayerCounts()")


def layer_checkbox(page, name: str):
    return page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input")


def test_map_loads_everything_locally(page, live_server, synthetic, watch):
    open_map(page, live_server)
    assert page.evaluate("typeof window.L") == "object"
    assert page.evaluate("window.geomapVisibleCount()") == len(synthetic.events)
    assert counts(page) == synthetic.type_counts
    assert page.inner_text("#gm-count") == f"{len(synthetic.events)} events visible"
    assert "2020-09-27" in page.inner_text("#gm-range-label") and "2020-11-10" in page.inner_text("#gm-range-label")
    assert any(url.endswith("/basemap/region.geojson") for url in watch.requests)
    assert all(urlsplit(url).hostname == HOST for url in watch.requests)
    # The legend: one labelled, coloured entry per type in the layer control.
    for name in synthetic.type_counts:
        assert layer_checkbox(page, name).is_checked()


def test_range_handles_hide_markers_outside_the_range_in_every_layer(page, live_server, synthetic):
    open_map(page, live_server)
    set_handle(page, "#gm-from", "2020-10-04")
    set_handle(page, "#gm-to", "2020-10-11")
    inside = synthetic.between("2020-10-04", "2020-10-11")
    assert counts(page) == synthetic.types_of(inside)
    assert page.evaluate("window.geomapVisibleCount()") == len(inside) == 4
    assert page.inner_text("#gm-count") == "4 events visible"
    assert "2020-10-04" in page.inner_text("#gm-range-label") and "2020-10-11" in page.inner_text("#gm-range-label")
    # The range is kept in the URL and in the export link.
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"from": ["2020-10-04"], "to": ["2020-10-11"]}
    assert page.get_attribute("#gm-export", "href") == "/export.geojson?from=2020-10-04&to=2020-10-11"
    # The heat layer follows the range too.
    assert page.evaluate("window.geomapDateRange.heatCount()") == 4


def test_keyboard_moves_the_handles(page, live_server, synthetic):
    open_map(page, live_server)
    page.focus("#gm-from")
    page.keyboard.press("End")  # from -> last day; pushes nothing (to is already there)
    last = synthetic.between("2020-11-10", "2020-11-10")
    assert page.evaluate("window.geomapVisibleCount()") == len(last) == 1
    page.keyboard.press("Home")
    assert page.evaluate("window.geomapVisibleCount()") == len(synthetic.events)
    page.focus("#gm-to")
    page.keyboard.press("Home")  # to -> first day; pushes "from" along
    assert page.evaluate("window.geomapRange()") == {"from": "2020-09-27", "to": "2020-09-27"}
    assert page.evaluate("window.geomapVisibleCount()") == 1


def test_layer_control_stays_in_charge(page, live_server, synthetic):
    open_map(page, live_server)
    set_handle(page, "#gm-from", "2020-10-04")
    set_handle(page, "#gm-to", "2020-10-11")
    battle_paths = page.locator('.leaflet-overlay-pane path.leaflet-interactive[fill="#d62728"]')
    assert battle_paths.count() == 1  # Hadrut, alone in range
    page.locator(".leaflet-control-layers-overlays label", has_text="Battles").click()
    assert not layer_checkbox(page, "Battles").is_checked()
    assert counts(page)["Battles"] == 0
    assert battle_paths.count() == 0
    assert page.evaluate("window.geomapVisibleCount()") == 3
    assert page.inner_text("#gm-count") == "3 events visible"

    # Moving the range does not bring an unchecked layer back...
    set_handle(page, "#gm-to", "2020-11-10")
    set_handle(page, "#gm-from", "2020-10-15")
    assert not layer_checkbox(page, "Battles").is_checked()
    assert counts(page)["Battles"] == 0
    # ...and checking it again shows only its in-range markers.
    page.locator(".leaflet-control-layers-overlays label", has_text="Battles").click()
    assert layer_checkbox(page, "Battles").is_checked()
    inside = synthetic.between("2020-10-15", "2020-11-10")
    assert counts(page) == synthetic.types_of(inside)
    assert counts(page)["Battles"] == 2


def marker_centre(page, event_id: str) -> dict:
    return page.evaluate(
        "(id) => { const r = window.geomapDateRange.markerOf(id)._path.getBoundingClientRect();"
        " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }",
        event_id,
    )


def test_click_a_marker_shows_its_report(page, live_server, synthetic, watch):
    open_map(page, live_server)
    assert not any("/api/events/" in url for url in watch.requests)  # nothing fetched until a popup opens
    box = marker_centre(page, "evt-bat-1")
    page.mouse.click(box["x"], box["y"])
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(synthetic.quote("evt-bat-1"))
    text = popup.inner_text()
    assert "2020-09-27" in text and "precise to the day" in text
    assert "Martakert" in text and "(town)" in text
    assert "Battles" in text and "Armed clash" in text
    assert "Fatalities" in text and "10" in text
    assert "Shelling hits Stepanakert" in text and "Example Wire" in text  # the report and its publisher
    assert "1 source" in text
    assert popup.locator("a[href='https://news.example.org/a']").count() == 1
    assert [url for url in watch.requests if "/api/events/" in url] == [f"{live_server}/api/events/evt-bat-1"]
    # Closing and clicking again reuses the loaded popup.
    page.click(".leaflet-popup-close-button")
    expect(popup).to_have_count(0)
    page.mouse.click(box["x"], box["y"])
    expect(popup).to_contain_text(synthetic.quote("evt-bat-1"))
    assert len([url for url in watch.requests if "/api/events/" in url]) == 1


def test_popup_shows_loading_until_the_event_arrives(page, live_server, synthetic):
    held = []
    page.route("**/api/events/evt-bat-2", lambda route: held.append(route))
    open_map(page, live_server)
    page.evaluate("void window.geomapOpenPopup('evt-bat-2')")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_have_text("Loading\u2026")
    for _ in range(100):  # the request reaches the route handler while Playwright waits
        if held:
            break
        page.wait_for_timeout(20)
    assert len(held) == 1
    expect(popup).to_have_text("Loading\u2026")  # still: the response is held
    held[0].continue_()
    expect(popup).to_contain_text(synthetic.quote("evt-bat-2"))
    assert "Loading" not in popup.inner_text()


def test_popup_reports_a_failed_fetch(page, live_server):
    page.route("**/api/events/evt-bat-2", lambda route: route.fulfill(status=500, body="{}"))
    open_map(page, live_server)
    assert page.evaluate("window.geomapOpenPopup('evt-bat-2')") is False
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Could not load")


def test_merged_event_lists_each_source(page, live_server):
    open_map(page, live_server)
    assert page.evaluate("window.geomapOpenPopup('evt-exp-2')") is True
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "2 sources" in text
    assert popup.locator("li.gm-source").count() == 2
    assert "Ganja struck again" in text and "Contoh Berita" in text
    assert "Ceasefire signed; Lachin to be handed over" in text and "Example Daily" in text
    assert popup.locator("a[href='https://berita.example.id/b']").count() == 1
    assert popup.locator("a").count() == 1  # the report without a URL is not linked


def test_injected_text_is_shown_as_text(page, live_server, synthetic, watch):
    open_map(page, live_server)
    assert page.evaluate(f"window.geomapOpenPopup({synthetic.xss_event_id!r})") is True
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert synthetic.quote(synthetic.xss_event_id) in text  # the whole sentence, shown literally...
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "Ministry of Defence " + '"><img src=x onerror=alert(1)>' in text  # the claim
    assert "Shelling hits Stepanakert " + '"><img src=x onerror=alert(1)>' in text  # the report's title
    assert page.locator("img").count() == 0  # ...never parsed as HTML
    assert page.locator(".leaflet-popup-content script").count() == 0
    page.wait_for_timeout(200)
    assert watch.dialogs == []


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://news.example.org/a", True),
        ("http://news.example.org/a", True),
        ("  https://news.example.org/a  ", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("https://", False),
        ("", False),
        (None, False),
    ],
)
def test_popup_links_only_web_urls(page, live_server, url, linked):
    open_map(page, live_server)
    feature = {"type": "Feature", "id": "x", "properties": {
        "event_date": "2020-10-04", "time_precision": 1, "event_type": "Battles", "location": "Hadrut",
        "geo_precision": 1, "fatalities": 0, "quote": "A quote.", "n_sources": 1,
        "sources": [{"title": "A report", "source": "A wire", "source_url": url}]}}
    html = page.evaluate("(f) => window.GeomapPopup.build(f, {}).outerHTML", feature)
    assert ("<a " in html) is linked
    assert "javascript:" not in html.lower() and "<script>" not in html
    assert "A report" in html and "A wire" in html


def test_url_range_is_honoured_on_load(page, live_server, synthetic):
    open_map(page, live_server, "?from=2020-10-18&to=2020-10-28")
    inside = synthetic.between("2020-10-18", "2020-10-28")
    assert page.evaluate("window.geomapVisibleCount()") == len(inside) == 2
    assert counts(page) == synthetic.types_of(inside)
    assert page.input_value("#gm-from") == str(day_index("2020-10-18"))
    assert page.input_value("#gm-to") == str(day_index("2020-10-28"))


def test_play_steps_a_window_through_time(page, live_server, synthetic):
    open_map(page, live_server)
    page.click("#gm-play")
    assert page.get_attribute("#gm-play", "aria-pressed") == "true"
    assert page.evaluate("window.geomapRange()") == {"from": "2020-09-27", "to": "2020-10-03"}
    assert page.evaluate("window.geomapVisibleCount()") == len(synthetic.between("2020-09-27", "2020-10-03"))
    page.wait_for_function("window.geomapRange().from > '2020-09-27'", timeout=5000)
    page.click("#gm-play")
    assert page.get_attribute("#gm-play", "aria-pressed") == "false"
    paused = page.evaluate("window.geomapRange()")
    page.wait_for_timeout(900)
    assert page.evaluate("window.geomapRange()") == paused
    visible = synthetic.between(paused["from"], paused["to"])
    assert page.evaluate("window.geomapVisibleCount()") == len(visible)


def test_popup_of_a_clustered_marker(page, live_server, synthetic):
    open_map(page, live_server)
    page.evaluate("void window.geomapDateRange.markerOf('evt-exp-3')._map.setZoom(4, {animate: false})")
    page.wait_for_function("!window.geomapDateRange.markerOf('evt-exp-3')._map")  # now inside a cluster
    assert page.evaluate("window.geomapOpenPopup('evt-exp-3')") is True  # resolves once the content is in
    popup = page.locator(".leaflet-popup-content")
    assert synthetic.quote("evt-exp-3") in popup.inner_text()


def test_share_permalink_round_trips_the_view(page, live_server, synthetic):
    open_map(page, live_server)
    set_handle(page, "#gm-from", "2020-10-01")
    set_handle(page, "#gm-to", "2020-10-20")
    page.locator(".leaflet-control-layers-overlays label", has_text="Battles").click()
    page.evaluate("() => { window.geomapDateRange.map.setView([39.9, 46.8], 9, {animate: false}); }")
    page.click("#gm-share")
    expect(page.locator("#gm-share-panel")).to_be_visible()
    permalink = page.input_value("#gm-permalink")
    view = page.evaluate("window.geomapShare.view()")
    params = parse_qs(urlsplit(permalink).query)
    assert params["from"] == ["2020-10-01"] and params["to"] == ["2020-10-20"]
    assert "battles" not in params["layers"][0].split(",")
    assert "<iframe" in page.input_value("#gm-iframe") and "embed=1" in page.input_value("#gm-iframe")
    snapshot = page.input_value("#gm-snapshot")
    assert urlsplit(snapshot).path == "/snapshot.png" and "bbox=" in snapshot and "type=" in snapshot
    csv_href = page.get_attribute("#gm-download-csv", "href")
    assert "from=2020-10-01" in csv_href and "type=" in csv_href

    other = page.context.new_page()
    other.goto(permalink)
    other.wait_for_function("typeof window.geomapShare === 'object'")
    again = other.evaluate("window.geomapShare.view()")
    assert (again["from"], again["to"], again["layers"]) == (view["from"], view["to"], view["layers"])
    before = [float(x) for x in view["bounds"].split(",")]
    after = [float(x) for x in again["bounds"].split(",")]
    assert all(abs(a - b) < 0.05 for a, b in zip(before, after)), (before, after)
    other.close()


def test_embedded_view_hides_the_page_bar(page, live_server, synthetic):
    open_map(page, live_server, "?embed=1")
    expect(page.locator(".gm-bar")).to_be_hidden()
    assert page.evaluate("window.geomapVisibleCount()") == len(synthetic.events)
