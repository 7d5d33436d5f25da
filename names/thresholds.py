"""Every threshold on a name-match score, declared once and on one scale: 0 (nothing alike) to 1 (the same).

Resolution (resolve/run.py: automatic SAME_AS or review), screening (the matcher behind /v1/screen and the
collaborator lists), the extraction of names from text (resolve/extract.py) and the lookup of an entity by name
(queries/target.py: `tietrace check NAME`) read these. The lookup shows its scores to people as 0-100; it converts
with `percent`, never with a second set of numbers.
"""

from __future__ import annotations

from typing import Final

MATCH: Final = 0.92  # at or above: the same organization (an automatic SAME_AS, a screening match)
REVIEW: Final = 0.80  # at or above, below MATCH: a person decides. Calibrated on the screening dev set (BENCHMARKS.md)
AMBIGUITY_MARGIN: Final = 0.03  # a match leads the runner-up by at least this, or it is a review
NAME_TAKEN: Final = 0.90  # a lookup by name takes its best hit without asking at or above this ...
NAME_TAKEN_MARGIN: Final = 0.05  # ... when clear of the runner-up by this much
NAME_LISTED: Final = 0.50  # an ambiguous name lists the hits at or above this (else the best five)


def percent(score: float) -> float:
    """A score on this scale as people read it, 0-100 (rounded so that 0.9 is 90.0 exactly)."""
    return round(100 * score, 6)
