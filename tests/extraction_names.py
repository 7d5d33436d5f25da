"""Real funder names for the text-extraction tests (shared by test_extract and test_source_acknowledgements)."""

from __future__ import annotations

# Real funder names (as the funders and the Crossref Funder Registry spell them) under test ids.
FUNDERS = [
    ("nih", "National Institutes of Health"),
    ("nih", "NIH"),
    ("nsf", "National Science Foundation"),
    ("nsf", "NSF"),
    ("cuny", "City University of New York"),
    ("cnrs", "Centre National de la Recherche Scientifique"),
    ("cnrs", "CNRS"),
    ("anr", "Agence Nationale de la Recherche"),
    ("anr", "ANR"),
    ("nsfc", "National Natural Science Foundation of China"),
    ("nsfc", "NSFC"),
    ("cas", "Chinese Academy of Sciences"),
    ("uu", "Utrecht University"),
    ("uw", "University of Washington"),
]
