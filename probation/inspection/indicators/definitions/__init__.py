"""Importing this package registers every indicator (one module per theme), in the order the
dashboard lists them."""

from . import assessment, continuity, delivery, oversight, partners, planning, risk  # noqa: F401
