"""Importing this package registers every indicator (one module per theme)."""

from . import continuity  # noqa: F401
