"""One error hierarchy for the whole project.

Every error a user can cause derives from ``GeomapError`` and also from the
builtin it resembles, so callers may catch either.
"""


class GeomapError(Exception):
    """Base of every error geomap raises on purpose."""


class SettingsError(GeomapError, ValueError):
    """A setting has a value that cannot be used."""


class ArticleError(GeomapError, ValueError):
    """A report cannot be read as an article (empty, binary, too large...)."""


class StoreError(GeomapError, RuntimeError):
    """The event store cannot be opened or written."""


class FilterError(GeomapError, ValueError):
    """A query filter (date, type, bbox) is malformed."""


class GazetteerError(GeomapError, ValueError):
    """Gazetteer data is missing or malformed."""
