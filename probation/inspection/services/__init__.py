"""Inspection services: computing answers and ratings for a sample (`assessment`), and the writes
behind the inspection pages (`inspections`)."""
