"""A deterministic generator of realistic graphs for benchmarks (not for tests: tests use real payloads).

    .venv/bin/python -m bench.generate --orgs 100000 --seed 7     # into the configured graph (TIETRACE_*)

Scales to 1,000,000 organizations (about 6.4 million nodes and relationships): the items stream into the writer,
so the generator's memory stays flat whatever the size.

Shape per N organizations (all counts scale with N; the seed fixes everything):
- countries: US 40 %, CN 12 %, DE 8 %, GB 8 %, JP 6 %, FR 6 %, RU 4 %, IR 1 %, and 15 others;
- kinds: 30 % universities, 55 % companies, 5 % hospitals, 5 % government, 1 % funders, the rest nonprofits;
- ownership: trees of 60 organizations, up to 10 levels deep; 15 % of members get a second owner in the same
  tree (diamonds); shares exact (70 %), published as a range (20 %) or unknown (10 %); 0.5 % back-edges (cycles);
- control without equity: 2 % of organizations (board seats, golden shares, consolidation, founding);
- grants: N/2, each funded by a funder and awarded to one or two organizations (shared grants), amounts in USD,
  EUR, GBP, JPY or CNY;
- gifts: N/5, 30 % equipment (sequencers, servers, microscopes) with a vendor, the rest monetary or contracts;
- publications: N/2, each co-authored by 2-4 organizations;
- watchlists: 6 lists, 1.5 % of organizations listed;
- name variants: every organization has a legal-form suffix and some an alias, for screening benchmarks;
- optional, off unless asked (so the graph other benchmarks measured stays the same for a seed):
  - a funding hub (`hub_share`): that share of grants comes from one funder, as NIH dominates RePORTER;
  - twins (`twin_share`): that share of organizations recorded again by a second source (`bench_registry`,
    the name as a registry spells it), joined by SAME_AS both ways as resolve/judgements.py writes them
    (90 % auto with a score of 0.92-1, 10 % confirmed). The second source records some ties of its own on the
    twin: 60 % hold one of the organization's subsidiaries again, 30 % have an outside owner, 30 % receive a
    grant, 5 % are listed; so controllers, funding and proximity cross SAME_AS at scale. The twins come from a
    random stream of their own, after the base graph: adding them leaves every other item as it was.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from graph.model import Entity, GiftType, Label, Provenance, Rel, Relation
from graph.settings import get_settings
from graph.store import GraphStore, open_store
from resolve.judgements import Judgement, same_as

COUNTRIES = [("US", 40), ("CN", 12), ("DE", 8), ("GB", 8), ("JP", 6), ("FR", 6), ("RU", 4), ("IR", 1)] + [
    (c, 1) for c in ("KR", "IN", "CA", "AU", "CH", "NL", "SE", "IT", "ES", "BR", "SG", "IL", "TW", "HK", "KP")
]
KINDS = [("university", 30), ("company", 55), ("hospital", 5), ("government", 5), ("funder", 1), ("nonprofit", 4)]
WORDS = [
    "Advanced",
    "Applied",
    "Bio",
    "Central",
    "Digital",
    "East",
    "Global",
    "Grand",
    "Green",
    "Harbor",
    "Infinite",
    "Joint",
    "Keystone",
    "Lunar",
    "Meridian",
    "National",
    "Northern",
    "Ocean",
    "Pacific",
    "Quantum",
    "Royal",
    "Silver",
    "Southern",
    "Summit",
    "Union",
    "United",
    "Vector",
    "Western",
    "Zenith",
]
NOUNS = [
    "Technologies",
    "Systems",
    "Instruments",
    "Genomics",
    "Materials",
    "Dynamics",
    "Networks",
    "Devices",
    "Energy",
    "Health",
    "Sciences",
    "Research",
    "Holdings",
    "Industries",
    "Electronics",
    "Robotics",
    "Medical",
    "Analytics",
    "Semiconductor",
    "Aerospace",
]
LEGAL = ["Co., Ltd.", "Inc.", "GmbH", "S.A.", "Ltd", "LLC", "PLC", "AG", "Corporation", "K.K."]
EQUIPMENT = [
    "DNA sequencer",
    "genome sequencing system",
    "GPU server cluster",
    "electron microscope",
    "mass spectrometer",
]
CURRENCIES = ["USD", "USD", "USD", "EUR", "GBP", "JPY", "CNY"]
PROV = Provenance(dataset="bench", source_id="generated", retrieved_at="2026-11-25T00:00:00+00:00")
REGISTRY = Provenance(dataset="bench_registry", source_id="generated", retrieved_at="2026-11-25T00:00:00+00:00")
TREE = 60


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass
class Generated:
    orgs: int
    items: int
    seconds: float
    hub: str | None = None  # the funder with hub_share of the grants, when asked for one
    twinned: list[str] = field(default_factory=list)  # the organizations recorded twice, in generation order


@dataclass
class TwinPlan:
    """What the twins stage remembers while the base graph streams by: only the organizations that get a twin."""

    records: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> name, country, kind
    holdings: dict[str, Relation] = field(default_factory=dict)  # id -> one holding of a subsidiary

    def note(self, item: Entity | Relation) -> None:
        if isinstance(item, Relation) and item.type == Rel.OWNS and item.start_id in self.records:
            self.holdings.setdefault(item.start_id, item)


def organizations(rng: random.Random, n: int) -> Iterator[Entity]:
    for i in range(n):
        kind = pick(rng, KINDS)
        base = f"{rng.choice(WORDS)} {rng.choice(NOUNS)} {i}"
        name = f"University of {base}" if kind == "university" else f"{base} {rng.choice(LEGAL)}"
        props: dict[str, object] = {
            "name": name,
            "nameNorm": name.lower(),
            "country": pick(rng, COUNTRIES),
            "kind": kind,
        }
        if rng.random() < 0.3:
            props["aliases"] = [base.upper()]
        if rng.random() < 0.2:
            props["lei"] = f"BENCH{i:015d}"
        yield Entity(f"bench-o{i}", Label.ORGANIZATION, PROV, props)


def ownership(rng: random.Random, n: int) -> Iterator[Relation]:
    org = Label.ORGANIZATION
    for start in range(0, n, TREE):
        members = list(range(start, min(start + TREE, n)))
        depth = {members[0]: 0}
        for i in members[1:]:
            candidates = [m for m in members if m < i and depth[m] < 9]
            owners = {rng.choice(candidates)}
            if rng.random() < 0.15:
                owners.add(rng.choice(candidates))
            depth[i] = 1 + max(depth[o] for o in owners)
            for owner in owners:
                props: dict[str, object] = {}
                roll = rng.random()
                if roll < 0.7:
                    props["sharePct"] = round(rng.uniform(5, 100), 1)
                elif roll < 0.9:
                    low = rng.choice([10, 25, 50, 75])
                    props["shareMin"], props["shareMax"] = low, min(100, low + 25)
                yield Relation(
                    f"bench-own{owner}-{i}", Rel.OWNS, f"bench-o{owner}", org, f"bench-o{i}", org, PROV, props
                )
        if rng.random() < 0.3:  # a back-edge makes a cycle
            low, high = members[0], members[-1]
            yield Relation(
                f"bench-cyc{high}", Rel.OWNS, f"bench-o{high}", org, f"bench-o{low}", org, PROV, {"sharePct": 3.0}
            )
    for i in range(n // 50):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            ctype = rng.choice(["board_seats", "golden_share", "accounting_consolidation", "established_by"])
            yield Relation(
                f"bench-ctl{i}", Rel.CONTROLS, f"bench-o{a}", org, f"bench-o{b}", org, PROV, {"controlType": ctype}
            )


def funding(rng: random.Random, n: int, funders: list[int], hub_share: float = 0.0) -> Iterator[Entity | Relation]:
    org = Label.ORGANIZATION
    for g in range(n // 2):
        gid = f"bench-g{g}"
        yield Entity(
            gid,
            Label.GRANT,
            PROV,
            {
                "title": f"Grant {g}",
                "amount": float(rng.randrange(10_000, 5_000_000)),
                "currency": rng.choice(CURRENCIES),
                "startDate": f"{rng.randrange(2010, 2026)}-01-01",
            },
        )
        # Without a hub no extra draw is made, so the graph stays the one earlier benchmarks measured.
        funder = funders[0] if hub_share and rng.random() < hub_share else rng.choice(funders)
        yield Relation(f"{gid}-f", Rel.FUNDS, f"bench-o{funder}", org, gid, Label.GRANT, PROV)
        for k in range(1 if rng.random() < 0.8 else 2):
            yield Relation(f"{gid}-a{k}", Rel.AWARDED_TO, gid, Label.GRANT, f"bench-o{rng.randrange(n)}", org, PROV)
    for j in range(n // 5):
        gid = f"bench-gift{j}"
        equipment = rng.random() < 0.3
        props: dict[str, object] = {
            "giftType": GiftType.EQUIPMENT.value if equipment else rng.choice(["monetary", "contract"]),
            "amount": float(rng.randrange(1_000, 2_000_000)),
            "currency": rng.choice(CURRENCIES),
            "date": f"{rng.randrange(2012, 2026)}-06-01",
        }
        if equipment:
            props["item"] = rng.choice(EQUIPMENT)
        yield Entity(gid, Label.GIFT, PROV, props)
        yield Relation(f"{gid}-d", Rel.GAVE, f"bench-o{rng.randrange(n)}", org, gid, Label.GIFT, PROV)
        yield Relation(f"{gid}-r", Rel.GIVEN_TO, gid, Label.GIFT, f"bench-o{rng.randrange(n)}", org, PROV)
        if equipment:
            yield Relation(f"{gid}-v", Rel.SUPPLIED_BY, gid, Label.GIFT, f"bench-o{rng.randrange(n)}", org, PROV)


def research(rng: random.Random, n: int) -> Iterator[Entity | Relation]:
    org = Label.ORGANIZATION
    for p in range(n // 2):
        pid = f"bench-p{p}"
        yield Entity(pid, Label.PUBLICATION, PROV, {"title": f"Paper {p}", "year": rng.randrange(2010, 2026)})
        for author in {rng.randrange(n) for _ in range(rng.randrange(2, 5))}:
            yield Relation(f"{pid}-{author}", Rel.AUTHORED, f"bench-o{author}", org, pid, Label.PUBLICATION, PROV)


def listings(rng: random.Random, n: int) -> Iterator[Entity | Relation]:
    lists = ["US-BIS-EL", "US-DOD-1260H", "EU-FSF", "GB-HMT", "UN-SC", "US-OFAC-SDN"]
    for program in lists:
        yield Entity(f"bench-list-{program}", Label.WATCHLIST, PROV, {"name": program, "program": program})
    for i in rng.sample(range(n), k=max(1, int(n * 0.015))):
        program = rng.choice(lists)
        yield Relation(
            f"bench-l{i}",
            Rel.LISTED_ON,
            f"bench-o{i}",
            Label.ORGANIZATION,
            f"bench-list-{program}",
            Label.WATCHLIST,
            PROV,
            {"program": program},
        )


def twins(rng: random.Random, plan: TwinPlan, n: int, funders: list[int]) -> Iterator[Entity | Relation]:
    """A second source's record of each planned organization, the SAME_AS judgement joining them, and the ties
    that source records on its own record (see the module docstring for the shares)."""
    org = Label.ORGANIZATION
    lists = ["US-BIS-EL", "US-DOD-1260H", "EU-FSF", "GB-HMT", "UN-SC", "US-OFAC-SDN"]
    for oid, props in plan.records.items():
        tid = oid.replace("bench-o", "bench-t", 1)
        name = str(props["name"]).upper()  # the registry's spelling
        yield Entity(tid, org, REGISTRY, {**props, "name": name, "nameNorm": name.lower()})
        if rng.random() < 0.1:
            yield from same_as(oid, tid, Judgement.CONFIRMED, 1.0, "human", "bench twin", "bench.generate")
        else:
            score = round(rng.uniform(0.92, 1.0), 4)
            yield from same_as(oid, tid, Judgement.AUTO, score, "bench", "bench twin", "bench.generate")
        held = plan.holdings.get(oid)
        if held is not None and rng.random() < 0.6:  # the same holding, filed by the second source
            yield Relation(f"{tid}-own", Rel.OWNS, tid, org, held.end_id, org, REGISTRY, held.props)
        if rng.random() < 0.3:  # an owner only the second source knows
            owner, share = f"bench-o{rng.randrange(n)}", {"sharePct": round(rng.uniform(10, 60), 1)}
            if owner != oid:
                yield Relation(f"{tid}-owner", Rel.OWNS, owner, org, tid, org, REGISTRY, share)
        if rng.random() < 0.3:  # a grant the funder awarded to the registry's record
            gid = f"{tid}-grant"
            amount = float(rng.randrange(10_000, 5_000_000))
            grant = {"title": f"Grant to {name}", "amount": amount, "currency": "USD", "startDate": "2024-01-01"}
            yield Entity(gid, Label.GRANT, REGISTRY, grant)
            yield Relation(f"{gid}-f", Rel.FUNDS, f"bench-o{rng.choice(funders)}", org, gid, Label.GRANT, REGISTRY)
            yield Relation(f"{gid}-a", Rel.AWARDED_TO, gid, Label.GRANT, tid, org, REGISTRY)
        if rng.random() < 0.05:  # a watchlist that lists the registry's record
            program = rng.choice(lists)
            yield Relation(
                f"{tid}-listed",
                Rel.LISTED_ON,
                tid,
                org,
                f"bench-list-{program}",
                Label.WATCHLIST,
                REGISTRY,
                {"program": program},
            )


def _share(name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a share between 0 and 1, got {value}")
    return value


def generate(
    store: GraphStore,
    orgs: int,
    seed: int = 7,
    progress: bool = False,
    twin_share: float = 0.0,
    hub_share: float = 0.0,
) -> Generated:
    """Write the graph through the project's writer, streaming: at 1M organizations nothing is held but a batch
    (and, with twins, the few fields each twin copies).

    Funders are remembered by index while organizations stream by (the grants need them), so the output is the
    same as building the organization list first, for the same seed.
    """
    if orgs < 1:
        raise ValueError("orgs must be at least 1")
    twin_share, hub_share = _share("twin_share", twin_share), _share("hub_share", hub_share)
    rng = random.Random(seed)
    twin_rng = random.Random(f"twins-{seed}")  # a stream of its own: the base graph is the same with or without
    planned = set(twin_rng.sample(range(orgs), k=int(orgs * twin_share)))
    plan = TwinPlan()
    began = time.perf_counter()
    count = 0
    funders: list[int] = []
    every = max(100_000, orgs // 2)

    def streamed_orgs() -> Iterator[Entity]:
        for index, entity in enumerate(organizations(rng, orgs)):
            if entity.props["kind"] == "funder":
                funders.append(index)
            if index in planned:
                plan.records[entity.id] = {k: entity.props[k] for k in ("name", "country", "kind")}
            yield entity

    def stages() -> Iterator[Iterator[Entity | Relation]]:
        yield streamed_orgs()
        yield ownership(rng, orgs)
        yield funding(rng, orgs, funders or [0], hub_share)  # funders is complete: the organizations stage has run
        yield research(rng, orgs)
        yield listings(rng, orgs)
        yield twins(twin_rng, plan, orgs, funders or [0])  # the plan is complete: ownership has streamed by

    with store.writer(batch_size=5000) as writer:
        for stream in stages():
            for item in stream:
                if planned:
                    plan.note(item)
                writer.add(item)
                count += 1
                if progress and count % every == 0:
                    print(f"  {count:,} items written ({time.perf_counter() - began:.0f} s)", flush=True)
    hub = f"bench-o{(funders or [0])[0]}" if hub_share else None
    seconds = time.perf_counter() - began
    return Generated(orgs=orgs, items=count, seconds=seconds, hub=hub, twinned=list(plan.records))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--twins", type=float, default=0.0, help="share of organizations recorded twice (0-1)")
    parser.add_argument("--hub-share", type=float, default=0.0, help="share of grants from one funder (0-1)")
    args = parser.parse_args()
    with open_store(get_settings()) as store:
        done = generate(store, args.orgs, args.seed, progress=True, twin_share=args.twins, hub_share=args.hub_share)
    print(f"{done.items:,} nodes and relationships for {done.orgs:,} organizations in {done.seconds:.0f} s")


if __name__ == "__main__":
    main()
