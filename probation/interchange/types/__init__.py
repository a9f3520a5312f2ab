"""The foundation's record types: organisation and staff, people, sentences. Other apps declare
theirs in their own `interchange.py`."""

from . import people, sentences, workforce  # noqa: F401  (importing registers the types)
