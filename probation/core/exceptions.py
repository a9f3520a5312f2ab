class StaleRecord(Exception):
    """The record changed after the user opened it; their edit would overwrite someone else's."""


class NotPermitted(Exception):
    """The acting user may not make this change."""
