"""geomap: war reports -> dated, geolocated, sourced events on a layered map."""
