"""Static map snapshots for briefings: PNG, SVG or PDF over the offline basemap pack.

``render_snapshot(events, ...)`` draws the events (by type, with the map's colour and
shape, sized by fatalities) on Natural Earth countries, admin-1 lines, GSHHG lakes and
WDBII rivers (the Aras highlighted) and the former NKAO line, in the UTM zone of the
view's centre, with labelled places, a title and the date range, a legend with the
count per type, a scale bar, a north arrow, an attribution line naming every data
source, and the generation time.  The same input gives the same bytes: the generation
time is passed in and every file format's volatile metadata is fixed.

The package uses ``matplotlib.figure.Figure`` with the Agg canvas directly (no pyplot
state).  Rendering is serialised by a lock because matplotlib's rcParams are global.
Nothing is loaded at import time; the basemap is read on first use and its projected
geometries are cached per coordinate reference system.
"""

from .basemap import REGION_SOURCES, WORLD_SOURCES
from .marks import _items  # noqa: F401  (the tests build items with it)
from .marks import attribution_text, date_range_text, marker_radius_pt, publishers
from .plan import (FORMATS, PAPER_SIZES, Frame, Size, SnapshotError, SnapshotPlan, View, format_of, parse_size,
                   plan_snapshot)
from .projection import projection_for
from .render import Snapshot, SnapshotBusy, render, render_snapshot

__all__ = [
    "FORMATS", "PAPER_SIZES", "REGION_SOURCES", "WORLD_SOURCES", "Frame", "Size", "Snapshot", "SnapshotBusy",
    "SnapshotError", "SnapshotPlan", "View", "attribution_text", "date_range_text", "format_of", "marker_radius_pt",
    "parse_size", "plan_snapshot", "projection_for", "publishers", "render", "render_snapshot",
]
