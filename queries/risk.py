"""Risk of X under a profile: a 0-100 score from named factors, each with its weight, value and evidence.

A factor's value is 0 unless it has evidence: every point of the score can be traced to paths and records.

Factors (weight, then what sets the value):
- watchlist_proximity (30): 1.0 when X itself is on a list the profile counts, 0.8 one hop away, down to 0.2
  at four; times the profile's `uncounted_weight` for lists it does not count; listings weighed as information
  (queries/proximity.py `weigh`: a home entity on a foreign list under a profile that says so, a listing of
  unknown date under a past --as-of) are shown and never weighed.
- foreign_control (25): 1.0 when a foreign owner or controller controls X, else the largest foreign effective
  share at or above the beneficial-ownership threshold, relative to the control threshold.
- foreign_funding (20): the foreign share of funding relative to the profile's threshold (0.6 of the value),
  plus 0.4 when money comes from a country of concern.
- sensitive_exposure (10): 1.0 for sensitive equipment or work with a foreign or listed partner, 0.5 domestic.
- flagged_equipment (10): equipment from a listed donor 1.0, from a country of concern 0.7, other foreign 0.4.
- data_quality (5): the share of the answer's facts with an unknown country, share or currency; 1.0 when GLEIF
  says who controls X is withheld (a reporting exception NON_PUBLIC or NO_KNOWN_PERSON).

Levels come from the score: critical at 75 or more, high at 50, medium at 25, low below. The level rules
(LEVEL_RULES, below) set a minimum level from facts no weighted sum should dilute, and lift the score to that
level's floor, so a level and its score always agree (never "critical 30/100"):

| rule                   | when                                                                  | at least (score) |
|------------------------|-----------------------------------------------------------------------|------------------|
| listed_on_counted_list | X itself (or another record of it) is on a list the profile counts   | critical (90)    |
| controlled_by_listed   | an owner or controller that controls X is on a counted list           | high (60)        |
| unit_of_listed         | X is part of (ROR `PART_OF`, up the chain) an organization on a       | high (60)        |
|                        | counted list: a lab or school of a listed university                  |                  |
| sanctioned_elsewhere   | X itself is on another jurisdiction's sanctions list (weighed, not    | high (60)        |
|                        | counted: a freeze anywhere binds every partner and payment there)     |                  |
| listed_on_other_list   | X itself is on another list the profile weighs less (export control,  | medium (25)      |
|                        | debarment, counter-sanctions...; not information only)                |                  |
"""

from __future__ import annotations

from typing import Any

from graph.lists import ListKind
from queries.answers import (
    Controller,
    EntityRef,
    Funding,
    LevelRule,
    Proximity,
    ReportingException,
    Risk,
    RiskFactor,
    Tie,
)
from queries.profiles import ListWeight, Profile

WEIGHTS = {
    "watchlist_proximity": 30.0,
    "foreign_control": 25.0,
    "foreign_funding": 20.0,
    "sensitive_exposure": 10.0,
    "flagged_equipment": 10.0,
    "data_quality": 5.0,
}
PROXIMITY_VALUE = {0: 1.0, 1: 0.8, 2: 0.6, 3: 0.4, 4: 0.2}
MAX_EVIDENCE = 10
LEVELS = ("low", "medium", "high", "critical")
LEVEL_FLOOR = {"low": 0, "medium": 25, "high": 50, "critical": 75}
# rule -> (minimum level, the score it lifts to): one table, documented in the module docstring.
LEVEL_RULES = {
    "listed_on_counted_list": ("critical", 90),
    "controlled_by_listed": ("high", 60),
    "unit_of_listed": ("high", 60),
    "sanctioned_elsewhere": ("high", 60),
    "listed_on_other_list": ("medium", 25),
}


def _ref(entity: EntityRef) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "country": entity.country}


def listing_summary(p: Proximity) -> str:
    """One line a person reads: who is listed, on which list, how far, since when, and how it weighs."""
    since = f" since {p.listed_from}" if p.listed_from else " (listing date unknown)"
    snapshot = f", as published in {p.list.snapshot}" if p.list.snapshot else ""
    where = "itself" if p.hops == 0 else f"{p.hops} hop(s) away"
    note = f" [{p.note}]" if p.note else ""
    return f"{p.listed.name or p.listed.id} is listed on {p.list.title}{since}{snapshot}, {where}{note}"


def listing_value(p: Proximity, profile: Profile) -> float:
    return PROXIMITY_VALUE.get(p.hops, 0.0) * profile.weight_of(ListWeight(p.weight))


def watchlist_factor(found: list[Proximity], profile: Profile) -> RiskFactor:
    scored = [(listing_value(p, profile), p) for p in found]
    scored.sort(key=lambda sp: -sp[0])
    value = scored[0][0] if scored else 0.0
    weighed = [(v, p) for v, p in scored if v > 0]
    evidence = [
        {
            "summary": listing_summary(p),
            "listed": _ref(p.listed),
            "watchlist": _ref(p.watchlist),
            "list": p.list.model_dump(),
            "weight": p.weight,
            "hops": p.hops,
            "path": p.path.model_dump(),
        }
        for _, p in weighed[:MAX_EVIDENCE]
    ]
    shown = len(found) - len(weighed)
    if weighed:
        explanation = f"closest weighed listing {weighed[0][1].hops} hop(s) away ({weighed[0][1].list.title})"
    else:
        explanation = "no listed entity within reach"
    if shown:
        explanation += f"; {shown} listing(s) shown as information only"
    return RiskFactor(
        name="watchlist_proximity",
        weight=WEIGHTS["watchlist_proximity"],
        value=round(value, 3),
        explanation=explanation,
        evidence=evidence,
    )


def control_factor(found: list[Controller], profile: Profile) -> RiskFactor:
    foreign = [c for c in found if profile.is_foreign(c.country)]
    threshold = profile.thresholds.control_pct
    value = 0.0
    evidence = []
    for c in foreign:
        if c.controls:
            strength = 1.0
        else:
            pct = c.effective_pct if c.effective_pct is not None else (c.effective_pct_range or [0.0, 0.0])[1]
            strength = min(1.0, pct / threshold) if pct >= profile.thresholds.beneficial_ownership_pct else 0.0
        if strength == 0.0:
            continue
        value = max(value, strength)
        evidence.append(
            {
                "summary": f"{c.name or c.id} ({c.country}) "
                + ("controls it" if c.controls else f"owns {c.effective_pct or c.effective_pct_range}% effectively")
                + (" (country of concern)" if profile.of_concern(c.country) else ""),
                "controller": _ref(c),
                "effective_pct": c.effective_pct,
                "effective_pct_range": c.effective_pct_range,
                "controls": c.controls,
                "is_ultimate": c.is_ultimate,
                "path": c.paths[0].model_dump(),
            }
        )
    explanation = (
        f"{len(evidence)} foreign owner(s) or controller(s) at or above "
        f"{profile.thresholds.beneficial_ownership_pct:g}%"
        if evidence
        else "no foreign control found"
    )
    return RiskFactor(
        name="foreign_control",
        weight=WEIGHTS["foreign_control"],
        value=round(value, 3),
        explanation=explanation,
        evidence=evidence[:MAX_EVIDENCE],
    )


def funding_factor(money: Funding, profile: Profile) -> RiskFactor:
    foreign = [f for f in money.flows if f.foreign]
    if not foreign:
        return RiskFactor(
            name="foreign_funding", weight=WEIGHTS["foreign_funding"], value=0.0, explanation="no foreign funding found"
        )
    share = money.foreign_share or 0.0
    concern = any(
        profile.of_concern(f.funder.country) or profile.of_concern(f.funder_ultimate_country) for f in foreign
    )
    value = 0.6 * min(1.0, share / profile.thresholds.foreign_funding_share) if share else 0.3
    value = min(1.0, value + (0.4 if concern else 0.0))
    evidence = [
        {
            "summary": f"{f.kind} from {f.funder.name or f.funder.id} ({f.funder.country or 'country unknown'}"
            + (f", controlled from {f.funder_ultimate_country}" if f.funder_ultimate_country else "")
            + ")"
            + (f": {f.amount_converted:,.0f} {money.currency}" if f.amount_converted is not None else ""),
            "funder": _ref(f.funder),
            "amount": f.amount,
            "currency": f.currency,
            "date": f.date,
            "path": f.path.model_dump(),
        }
        for f in foreign[:MAX_EVIDENCE]
    ]
    explanation = f"{share:.0%} of {money.total:,.0f} {money.currency} is foreign" + (
        "; some from a country of concern" if concern else ""
    )
    return RiskFactor(
        name="foreign_funding",
        weight=WEIGHTS["foreign_funding"],
        value=round(value, 3),
        explanation=explanation,
        evidence=evidence,
    )


def sensitive_factor(found: list[Tie]) -> RiskFactor:
    hits = [t for t in found if t.sensitive]
    value = max((1.0 if (t.foreign or t.listed) else 0.5 for t in hits), default=0.0)
    evidence = [
        {
            "summary": f"{t.kind}: {t.via.name if t.via else ''} ({', '.join(t.sensitive)})"
            + (f" with {t.other.name} ({t.other.country})" if t.other else ""),
            "tie": t.kind,
            "terms": t.sensitive,
            "other": _ref(t.other) if t.other else None,
            "date": t.date,
            "path": t.path.model_dump(),
        }
        for t in hits[:MAX_EVIDENCE]
    ]
    return RiskFactor(
        name="sensitive_exposure",
        weight=WEIGHTS["sensitive_exposure"],
        value=value,
        explanation=f"{len(hits)} tie(s) in sensitive domains" if hits else "no sensitive ties found",
        evidence=evidence,
    )


def equipment_factor(found: list[Tie], profile: Profile) -> RiskFactor:
    scored = []
    for t in (t for t in found if t.kind == "equipment"):
        vendor_country = t.details.get("vendorCountry")
        donor_country = t.other.country if t.other else None
        if t.listed:
            strength = 1.0
        elif profile.of_concern(donor_country) or profile.of_concern(vendor_country):
            strength = 0.7
        elif t.foreign:
            strength = 0.4
        else:
            continue
        scored.append((strength, t))
    scored.sort(key=lambda st: -st[0])
    evidence = [
        {
            "summary": f"{t.details.get('item') or (t.via.name if t.via else 'equipment')} from "
            f"{t.other.name if t.other else 'an unknown donor'} ({t.other.country if t.other else '?'})"
            + (f", vendor {t.details.get('vendor')}" if t.details.get("vendor") else ""),
            "donor": _ref(t.other) if t.other else None,
            "details": t.details,
            "date": t.date,
            "path": t.path.model_dump(),
        }
        for _, t in scored[:MAX_EVIDENCE]
    ]
    return RiskFactor(
        name="flagged_equipment",
        weight=WEIGHTS["flagged_equipment"],
        value=scored[0][0] if scored else 0.0,
        explanation=f"{len(scored)} equipment gift(s) from foreign or listed sources"
        if scored
        else "no equipment from flagged sources",
        evidence=evidence,
    )


def quality_factor(
    owners: list[Controller], money: Funding, exceptions: list[ReportingException] | None = None
) -> RiskFactor:
    issues: list[dict[str, Any]] = []
    withheld = [e for e in exceptions or [] if e.withholding]
    for e in withheld:
        issues.append(
            {
                "summary": f"GLEIF reports no {e.category.split('_')[0].lower()} parent of "
                + f"{e.entity_name or e.entity_id}: {', '.join(e.reasons)}"
                + (f" (as of {e.as_of})" if e.as_of else ""),
                "entity": {"id": e.entity_id, "name": e.entity_name},
                "reporting_exception": e.model_dump(),
            }
        )
    for c in owners:
        if c.country is None:
            issues.append({"summary": f"controller {c.name or c.id} has no known country", "entity": _ref(c)})
        if (
            c.effective_pct is None
            and c.effective_pct_range is None
            and any(h.type == "OWNS" for p in c.paths for h in p.hops)
        ):
            issues.append({"summary": f"ownership share of {c.name or c.id} is not published", "entity": _ref(c)})
    for f in money.flows:
        if f.funder.country is None:
            issues.append(
                {"summary": f"funder {f.funder.name or f.funder.id} has no known country", "entity": _ref(f.funder)}
            )
        if f.amount is not None and f.amount_converted is None:
            issues.append({"summary": f"{f.currency} has no conversion rate", "entity": _ref(f.funder)})
    facts = len(owners) + len(money.flows) + len(withheld)
    # A withheld parent is itself the signal: the one fact that would say who controls X is missing on purpose.
    value = 1.0 if withheld else (min(1.0, len(issues) / facts) if facts and issues else 0.0)
    return RiskFactor(
        name="data_quality",
        weight=WEIGHTS["data_quality"],
        value=round(value, 3),
        explanation=f"{len(issues)} unknown(s) among {facts} facts" if issues else "no gaps found",
        evidence=issues[:MAX_EVIDENCE],
    )


def level_for(score: int) -> str:
    if score >= LEVEL_FLOOR["critical"]:
        return "critical"
    if score >= LEVEL_FLOOR["high"]:
        return "high"
    if score >= LEVEL_FLOOR["medium"]:
        return "medium"
    return "low"


def level_rules(owners: list[Controller], near: list[Proximity]) -> list[LevelRule]:
    """The rules of LEVEL_RULES that the facts meet, each with the facts as evidence."""
    fired: list[LevelRule] = []
    own_counted = [p for p in near if p.hops == 0 and p.weight == ListWeight.COUNTED.value]
    if own_counted:
        fired.append(_rule("listed_on_counted_list", "it is itself on a list the profile counts", own_counted))
    counted_ids = {p.listed.id for p in near if p.weight == ListWeight.COUNTED.value}
    listed_controllers = [c for c in owners if c.controls and ({c.id} | {twin.id for twin in c.same_as}) & counted_ids]
    if listed_controllers:
        by_controller = [
            p for p in near if p.weight == ListWeight.COUNTED.value and p.listed.id in _ids(listed_controllers)
        ]
        names = ", ".join(c.name or c.id for c in listed_controllers)
        fired.append(_rule("controlled_by_listed", f"controlled by listed {names}", by_controller))
    parents = [p for p in near if p.hops > 0 and p.weight == ListWeight.COUNTED.value and is_unit_path(p)]
    if parents and not own_counted:
        names = ", ".join(dict.fromkeys(p.listed.name or p.listed.id for p in parents))
        fired.append(_rule("unit_of_listed", f"part of listed {names}", parents))
    own_other = [p for p in near if p.hops == 0 and p.weight == ListWeight.UNCOUNTED.value]
    sanctioned = [p for p in own_other if p.list.kind == ListKind.SANCTIONS.value]
    if sanctioned and not own_counted:
        titles = ", ".join(dict.fromkeys(p.list.title for p in sanctioned))
        fired.append(
            _rule(
                "sanctioned_elsewhere", f"it is itself on another jurisdiction's sanctions list: {titles}", sanctioned
            )
        )
    elif own_other and not own_counted:
        fired.append(_rule("listed_on_other_list", "it is itself on a list the profile weighs less", own_other))
    return fired


def is_unit_path(p: Proximity) -> bool:
    """The path climbs from X to the listed organization only through PART_OF (and records of one organization):
    X is one of its units."""
    steps = list(zip(p.path.nodes, p.path.hops, strict=False))[:-1]  # the last step is the listing itself
    climbs = [(node, hop) for node, hop in steps if hop.type != "SAME_AS"]
    return bool(climbs) and all(hop.type == "PART_OF" and hop.start == node.id for node, hop in climbs)


def _ids(owners: list[Controller]) -> set[str]:
    return {c.id for c in owners} | {twin.id for c in owners for twin in c.same_as}


def _rule(name: str, explanation: str, listings: list[Proximity]) -> LevelRule:
    return LevelRule(
        rule=name,
        level=LEVEL_RULES[name][0],
        explanation=explanation,
        evidence=[
            {"summary": listing_summary(p), "list": p.list.model_dump(), "path": p.path.model_dump()}
            for p in listings[:MAX_EVIDENCE]
        ],
    )


def assess(
    owners: list[Controller],
    money: Funding,
    near: list[Proximity],
    research: list[Tie],
    profile: Profile,
    exceptions: list[ReportingException] | None = None,
) -> Risk:
    factors = [
        watchlist_factor(near, profile),
        control_factor(owners, profile),
        funding_factor(money, profile),
        sensitive_factor(research),
        equipment_factor(research, profile),
        quality_factor(owners, money, exceptions),
    ]
    for factor in factors:
        if factor.value and not factor.evidence:  # an invariant of every factor above; never ship a bare number
            raise RuntimeError(f"risk factor {factor.name} fired without evidence")
    weighted = round(sum(f.weight * f.value for f in factors))
    rules = level_rules(owners, near)
    # A rule lifts the score to its floor, so the level read from the score is the rule's level or above.
    score = max(0, min(100, max([weighted, *(LEVEL_RULES[r.rule][1] for r in rules)])))
    return Risk(score=score, level=level_for(score), profile=profile.name, factors=factors, rules=rules)
