"""The seed reports, bundled as package data (geomap.seeds)."""
