"""Researcher review latency: one researcher with many works, cold and warm, at the 100k-organization scale.

    .venv/bin/python -m bench.researcher --orgs 100000 [--works 300] [--coauthors 6] [--repeats 5] [--heap 1g]

Loads a generated graph (bench/generate.py) into a private embedded engine, then writes one researcher (an ORCID)
with `--works` publications, each with `--coauthors` co-authors drawn from a pool of 1,000 people, each co-author
affiliated (per work, as OpenAlex writes it) with a random organization of the graph, some of them listed; the
researcher is affiliated per work with one of three organizations and holds 20 grants. Times
`queries.researcher.review` (the four questions and the rule evaluation) under the DoW rule set: cold (first call)
and warm (median of the repeats). Issue 17's target: 300 works under 1 s warm. Writes
bench/results/researcher-<orgs>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import queries
from bench.generate import generate
from bench.machine import context
from bench.workspace import private_graph
from graph.model import Entity, Label, Provenance, Rel, Relation
from queries import decision_rules
from queries.researcher import review

RESULTS = Path(__file__).parent / "results"
PROV = Provenance(dataset="bench", source_id="bench-researcher", retrieved_at="2026-12-06T00:00:00+00:00")
ORCID = "0000-0000-0000-0001"


def researcher(rng: random.Random, orgs: int, works: int, coauthors: int) -> Iterator[Entity | Relation]:
    me = "bench-r0"
    yield Entity(me, Label.PERSON, PROV, {"name": "Bench Researcher", "orcid": ORCID})
    pool = [f"bench-r{i}" for i in range(1, 1001)]
    for pid in pool:
        yield Entity(pid, Label.PERSON, PROV, {"name": f"Coauthor {pid}"})
    homes = [f"bench-o{rng.randrange(orgs)}" for _ in range(3)]
    org, person, pub = Label.ORGANIZATION, Label.PERSON, Label.PUBLICATION
    for w in range(works):
        wid = f"bench-w{w}"
        day = f"{rng.randrange(2010, 2027)}-{rng.randrange(1, 13):02d}-15"
        work_prov = Provenance(dataset="bench", source_id=wid, retrieved_at=PROV.retrieved_at)
        yield Entity(wid, pub, work_prov, {"title": f"Work {w}", "date": day, "year": int(day[:4])})
        home = homes[w % 3]
        yield Relation(f"{wid}-a0", Rel.AUTHORED, me, person, wid, pub, work_prov)
        yield Relation(f"{wid}-i0", Rel.AUTHORED, home, org, wid, pub, work_prov)
        yield Relation(f"{wid}-f0", Rel.AFFILIATED_WITH, me, person, home, org, work_prov, {"validFrom": day})
        for k, co in enumerate(rng.sample(pool, coauthors), start=1):
            inst = f"bench-o{rng.randrange(orgs)}"
            yield Relation(f"{wid}-a{k}", Rel.AUTHORED, co, person, wid, pub, work_prov)
            yield Relation(f"{wid}-i{k}", Rel.AUTHORED, inst, org, wid, pub, work_prov)
            yield Relation(f"{wid}-f{k}", Rel.AFFILIATED_WITH, co, person, inst, org, work_prov, {"validFrom": day})
    for g in range(20):
        gid = f"bench-rg{g}"
        yield Entity(gid, Label.GRANT, PROV, {"title": f"Grant {g}", "startDate": f"{2015 + g % 10}-01-01"})
        yield Relation(f"{gid}-f", Rel.FUNDS, f"bench-o{rng.randrange(orgs)}", org, gid, Label.GRANT, PROV)
        yield Relation(f"{gid}-p", Rel.AWARDED_TO, gid, Label.GRANT, me, person, PROV)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--works", type=int, default=300)
    parser.add_argument("--coauthors", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--heap", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rules = decision_rules.load("dow-decision-matrix-2026-03")
    with private_graph(args.heap) as ws:
        generated = generate(ws.store, args.orgs, seed=args.seed)
        began = time.perf_counter()
        with ws.store.writer(batch_size=5000) as writer:
            for item in researcher(random.Random(args.seed), args.orgs, args.works, args.coauthors):
                writer.add(item)
        written = time.perf_counter() - began
        timings: list[float] = []
        answer = None
        for _ in range(args.repeats + 1):
            start = time.perf_counter()
            answer = review(ws.store, f"orcid:{ORCID}", rules, date(2026, 6, 1))
            timings.append((time.perf_counter() - start) * 1000)
        assert answer is not None
        ids = [r.id for r in answer.records]
        per_query: dict[str, float] = {}
        for name in ("researcher_records", "researcher_namesakes", "researcher_affiliations", "researcher_funding",
                     "researcher_coauthorships", "researcher_equipment"):  # fmt: skip
            params: dict[str, object] = {"ids": ids, "maxRows": 20_000, "id": ids[0], "orcid": ORCID}
            query = queries.load(name)
            start = time.perf_counter()
            ws.store.run(query, {k: v for k, v in params.items() if k in query.params})
            per_query[name] = round((time.perf_counter() - start) * 1000, 1)
        result = {
            "orgs": args.orgs,
            "graph_items": generated.items,
            "works": args.works,
            "coauthors_per_work": args.coauthors,
            "researcher_written_s": round(written, 1),
            "cold_ms": round(timings[0], 1),
            "warm_ms_median": round(statistics.median(timings[1:]), 1),
            "warm_ms_max": round(max(timings[1:]), 1),
            "warm_ms_per_query": per_query,
            "facts": answer.counts,
            "overall": answer.overall.value,
            "context": context(),
        }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"researcher-{args.orgs}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "context"}, indent=2))


if __name__ == "__main__":
    main()
