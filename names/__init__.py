"""Names as text: normalization, similarity scores and the display-name rule. Pure functions, no graph."""
