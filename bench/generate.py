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
- name variants: every organization has a legal-form suffix and some an alias, for screening benchmarks.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import Entity, GiftType, Label, Provenance, Rel, Relation
from graph.settings import get_settings
from graph.store import GraphStore, open_store

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
TREE = 60


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass
class Generated:
    orgs: int
    items: int
    seconds: float


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


def funding(rng: random.Random, n: int, funders: list[int]) -> Iterator[Entity | Relation]:
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
        yield Relation(f"{gid}-f", Rel.FUNDS, f"bench-o{rng.choice(funders)}", org, gid, Label.GRANT, PROV)
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


def generate(store: GraphStore, orgs: int, seed: int = 7, progress: bool = False) -> Generated:
    """Write the graph through the project's writer, streaming: at 1M organizations nothing is held but a batch.

    Funders are remembered by index while organizations stream by (the grants need them), so the output is the
    same as building the organization list first, for the same seed.
    """
    if orgs < 1:
        raise ValueError("orgs must be at least 1")
    rng = random.Random(seed)
    began = time.perf_counter()
    count = 0
    funders: list[int] = []
    every = max(100_000, orgs // 2)

    def streamed_orgs() -> Iterator[Entity]:
        for index, entity in enumerate(organizations(rng, orgs)):
            if entity.props["kind"] == "funder":
                funders.append(index)
            yield entity

    def stages() -> Iterator[Iterator[Entity | Relation]]:
        yield streamed_orgs()
        yield ownership(rng, orgs)
        yield funding(rng, orgs, funders or [0])  # funders is complete: the organizations stage has run
        yield research(rng, orgs)
        yield listings(rng, orgs)

    with store.writer(batch_size=5000) as writer:
        for stream in stages():
            for item in stream:
                writer.add(item)
                count += 1
                if progress and count % every == 0:
                    print(f"  {count:,} items written ({time.perf_counter() - began:.0f} s)", flush=True)
    return Generated(orgs=orgs, items=count, seconds=time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with open_store(get_settings()) as store:
        done = generate(store, args.orgs, args.seed, progress=True)
    print(f"{done.items:,} nodes and relationships for {done.orgs:,} organizations in {done.seconds:.0f} s")


if __name__ == "__main__":
    main()
