"""Converting funding amounts to one currency with the documented table in rates.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.yaml_text import safe_load

RATES_FILE = Path(__file__).parent / "rates.yml"


@dataclass(frozen=True, slots=True)
class Rates:
    date: str
    source: str
    per_eur: dict[str, float]

    def convert(self, amount: float, currency: str, to: str) -> float | None:
        """The amount in `to`, or None when either currency has no rate."""
        src, dst = self.per_eur.get(currency.upper()), self.per_eur.get(to.upper())
        if src is None or dst is None:
            return None
        return amount / src * dst


@cache
def load_rates(path: Path = RATES_FILE) -> Rates:
    data = safe_load(path.read_text(encoding="utf-8"))
    return Rates(
        date=str(data["date"]), source=str(data["source"]), per_eur={k: float(v) for k, v in data["per_eur"].items()}
    )
