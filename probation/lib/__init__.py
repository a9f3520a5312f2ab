"""Framework-free helpers: identifiers, working days, statistics."""
