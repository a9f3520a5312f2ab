from probation.allocation import synth  # noqa: F401
