"""Who funds X: grants, gifts, contracts, equipment and acknowledged funding into X and everything X controls.

Amounts are converted to the profile's currency with the documented table (queries/rates.yml); a flow in a
currency without a rate is kept in the answer but left out of the sums and counted as unconverted. A funder is
foreign when its own country, or the country of its ultimate controller, is not the profile's home: a domestic
subsidiary of a foreign group is foreign money.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import queries
from graph.store import GraphStore
from queries.answers import FunderGroup, Funding, FundingFlow
from queries.control import controlled_entities, ultimate_countries
from queries.paths import path as to_path
from queries.profiles import Profile
from queries.rates import load_rates


def _groups(flows: list[FundingFlow], key: Callable[[FundingFlow], str]) -> list[FunderGroup]:
    amounts: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for flow in flows:
        k = key(flow)
        amounts[k] += flow.amount_converted or 0.0
        counts[k] += 1
    return sorted(
        (FunderGroup(key=k, amount=round(amounts[k], 2), flows=counts[k]) for k in amounts),
        key=lambda g: (-g.amount, -g.flows, g.key),
    )


def funding(store: GraphStore, entity_id: str, profile: Profile, as_of: str | None = None) -> Funding:
    rates = load_rates()
    recipients = [entity_id] + [
        ref.id for ref, _ in controlled_entities(store, entity_id, as_of, profile.thresholds.control_pct)
    ]
    rows = store.run(queries.load("funding"), {"ids": recipients, "asOf": as_of})
    rows = [r for r in rows if r["kind"] in profile.funding_kinds or not profile.funding_kinds]
    funder_ids = sorted({r["funder"] for r in rows})
    tops = ultimate_countries(store, funder_ids, as_of, profile.thresholds.control_pct) if funder_ids else {}
    flows: list[FundingFlow] = []
    unconverted = 0
    for row in rows:
        p = to_path(row["nodes"], row["hops"])
        by_id = {n.id: n for n in p.nodes}
        funder, recipient = by_id[row["funder"]], by_id[row["recipient"]]
        amount, currency = row["amount"], row["currency"]
        converted = None
        if amount is not None:
            converted = rates.convert(float(amount), currency or profile.currency, profile.currency)
            if converted is None:
                unconverted += 1
        ultimate = tops.get(funder.id) or []
        foreign = profile.is_foreign(funder.country) or any(profile.is_foreign(c) for c in ultimate)
        flows.append(
            FundingFlow(
                kind=row["kind"],
                funder=funder,
                recipient=recipient,
                via=by_id.get(row["via"]),
                amount=amount,
                currency=currency,
                amount_converted=round(converted, 2) if converted is not None else None,
                date=row["date"],
                funder_ultimate_country=ultimate[0] if len(ultimate) == 1 else (",".join(ultimate) or None),
                foreign=foreign,
                path=p,
            )
        )
    flows.sort(key=lambda f: (-(f.amount_converted or 0.0), f.date or "", f.funder.id))
    total = sum(f.amount_converted or 0.0 for f in flows)
    foreign_total = sum(f.amount_converted or 0.0 for f in flows if f.foreign)
    return Funding(
        currency=profile.currency,
        rates_date=rates.date,
        total=round(total, 2),
        foreign_total=round(foreign_total, 2),
        foreign_share=round(foreign_total / total, 4) if total else None,
        unconverted=unconverted,
        by_funder=_groups(flows, lambda f: f"{f.funder.name or f.funder.id} [{f.funder.id}]"),
        by_funder_country=_groups(flows, lambda f: f.funder.country or "unknown"),
        by_ultimate_country=_groups(flows, lambda f: f.funder_ultimate_country or f.funder.country or "unknown"),
        flows=flows,
    )
