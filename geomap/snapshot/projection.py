"""The map projection: cached pyproj transformers per CRS, and the choice of CRS for a view (its UTM zone, or
an equal-area projection for wide views)."""

from __future__ import annotations

from functools import lru_cache

UTM_MAX_SPAN_DEG = 12.0  # wider views use a Lambert azimuthal equal-area projection


@lru_cache(maxsize=32)
def _transformers(crs: str):
    from pyproj import Transformer

    return (Transformer.from_crs("EPSG:4326", crs, always_xy=True),
            Transformer.from_crs(crs, "EPSG:4326", always_xy=True))


def projection_for(lon: float, lat: float, lon_span: float = 0.0, lat_span: float = 0.0) -> tuple[str, str]:
    """(crs, label): the UTM zone of (lon, lat); a centred equal-area projection for very wide views."""
    if lon_span > UTM_MAX_SPAN_DEG or lat_span > UTM_MAX_SPAN_DEG or abs(lat) > 80:
        crs = f"+proj=laea +lat_0={lat:.2f} +lon_0={lon:.2f} +datum=WGS84 +units=m +no_defs"
        return crs, f"Lambert azimuthal equal-area centred on {abs(lat):.1f}°{'N' if lat >= 0 else 'S'} {abs(lon):.1f}°{'E' if lon >= 0 else 'W'}"
    zone = min(60, max(1, int((lon + 180) // 6) + 1))
    north = lat >= 0
    epsg = (32600 if north else 32700) + zone
    return f"EPSG:{epsg}", f"UTM {zone}{'N' if north else 'S'} (EPSG:{epsg})"

