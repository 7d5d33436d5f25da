"""Screening a list of collaborators against the graph: reading the list, matching each row, its risk."""
