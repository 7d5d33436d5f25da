"""Who funds X: grants, gifts, contracts, equipment and acknowledged funding into X and everything X controls.

Amounts are converted to the profile's currency with the documented table (queries/rates.yml); a flow in a
currency without a rate is kept in the answer but left out of the sums and counted as unconverted. A funder is
foreign when its own country, or the country of its ultimate controller, is not the profile's home: a domestic
subsidiary of a foreign group is foreign money. Records of one organization (SAME_AS) are one: every record of X
receives, one grant reaching two records is one flow, and a funder known under two records is one funder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

import queries
from graph.store import GraphStore
from queries.answers import EntityRef, FunderGroup, Funding, FundingFlow, PathAnswer
from queries.control import controlled_entities, ultimate_countries
from queries.identity import Identity, IdentityCache, identity_of
from queries.paths import path as to_path
from queries.profiles import Profile
from queries.rates import Rates, load_rates


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


def _cluster_names(flows: list[FundingFlow], funders: Identity) -> dict[str, str]:
    """One display name per funder organization: the name its canonical record gives, else its first named one."""
    names: dict[str, str] = {}
    for f in sorted(flows, key=lambda f: (f.funder.id != funders.canonical(f.funder.id), f.funder.id)):
        if f.funder.name:
            names.setdefault(funders.canonical(f.funder.id), f.funder.name)
    return names


def _funder_key(flow: FundingFlow, funders: Identity, names: dict[str, str]) -> str:
    """Funders group by organization, not by record: NIH from two sources is one funder."""
    canonical = funders.canonical(flow.funder.id)
    return f"{names.get(canonical, canonical)} [{canonical}]"


def funding(
    store: GraphStore,
    entity_id: str,
    profile: Profile,
    as_of: str | None = None,
    identities: IdentityCache | None = None,
    controlled: list[tuple[EntityRef, PathAnswer]] | None = None,
) -> Funding:
    """Funding into the entity and what it controls (`controlled`, when the caller has already found it)."""
    if controlled is None:
        controlled = controlled_entities(store, entity_id, as_of, profile.thresholds.control_pct, identities)
    return funding_of(store, [entity_id], profile, as_of, identities, {entity_id: controlled})[entity_id]


def funding_of(
    store: GraphStore,
    entity_ids: list[str],
    profile: Profile,
    as_of: str | None,
    identities: IdentityCache | None,
    controlled: Mapping[str, list[tuple[EntityRef, PathAnswer]]],
) -> dict[str, Funding]:
    """Funding into each entity and what it controls, by its id: the flows of all of them in one query, and their
    funders' controllers and clusters in one walk and one lookup."""
    # Every record of the entity (other sources' records of it, SAME_AS) and of what it controls receives funding.
    identity = identity_of(store, entity_ids, identities)
    recipients = {
        i: list(dict.fromkeys([*identity.members(i), *(ref.id for ref, _ in controlled[i])])) for i in entity_ids
    }
    every = list(dict.fromkeys(r for ids in recipients.values() for r in ids))
    rows = store.run(queries.load("funding"), {"ids": every, "asOf": as_of})
    rows = [r for r in rows if r["kind"] in profile.funding_kinds or not profile.funding_kinds]
    received: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        received[row["recipient"]].append(row)
    funder_ids = sorted({r["funder"] for r in rows})
    pct = profile.thresholds.control_pct
    tops = ultimate_countries(store, funder_ids, as_of, pct, identities) if funder_ids else {}
    funders = identity_of(store, funder_ids, identities)
    rates = load_rates()
    return {
        i: _funding([row for r in recipients[i] for row in received[r]], profile, rates, tops, funders)
        for i in entity_ids
    }


def _funding(
    rows: list[dict[str, Any]], profile: Profile, rates: Rates, tops: Mapping[str, list[str]], funders: Identity
) -> Funding:
    flows: list[FundingFlow] = []
    unconverted = 0
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = (row["kind"], row["via"], funders.canonical(row["funder"]))
        if key in seen:  # one grant or gift reaching two records of one recipient is one flow
            continue
        seen.add(key)
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
    names = _cluster_names(flows, funders)
    total = sum(f.amount_converted or 0.0 for f in flows)
    foreign_total = sum(f.amount_converted or 0.0 for f in flows if f.foreign)
    return Funding(
        currency=profile.currency,
        rates_date=rates.date,
        total=round(total, 2),
        foreign_total=round(foreign_total, 2),
        foreign_share=round(foreign_total / total, 4) if total else None,
        unconverted=unconverted,
        by_funder=_groups(flows, lambda f: _funder_key(f, funders, names)),
        by_funder_country=_groups(flows, lambda f: f.funder.country or "unknown"),
        by_ultimate_country=_groups(flows, lambda f: f.funder_ultimate_country or f.funder.country or "unknown"),
        flows=flows,
    )
