"""The snapshot's palette and symbols: basemap colours, event shapes as matplotlib markers, and the map rows
of the legend."""

SHAPE_MARKERS = {"circle": ("o", 1.0), "diamond": ("D", 0.78), "triangle": ("^", 1.12),
                 "square": ("s", 0.86), "star": ("*", 1.38)}
FALLBACK_COLOUR = "#555555"

# Basemap styling
WATER = "#aecde6"
WATER_EDGE = "#5a8fbf"
RIVER = "#3c7fc0"
ARAS = "#1b5aa6"
BORDER = "#2b2b2b"
ADMIN1 = "#7d7d7d"
NKAO = "#a50f15"
NEUTRAL_LAND = "#e3e3e1"
FOCUS_LAND = ("#ede1c8", "#e4d6e6", "#dbe6cf", "#f2d9c6", "#d6e2ec")
TEXT = "#1c1c1c"
WATER_TEXT = "#245c8f"

MAP_ROWS = {  # key: (colour, line width, line style, label), in legend order
    "border": (BORDER, 1.0, "-", "International boundary"),
    "nkao": (NKAO, 1.5, (0, (5.0, 2.0, 1.2, 2.0)), "Former NKAO boundary (1991)"),
    "admin1": (ADMIN1, 0.6, (0, (2.0, 1.6)), "Province / district (admin-1)"),
    "river": (RIVER, 0.85, "-", "River"),
    "aras": (ARAS, 1.9, "-", "Aras (Araz) river"),
    "lake": (WATER, 0.4, "-", "Lake / reservoir"),
    "town": ("#333333", 0.6, "-", "Town (no events shown)"),
}
