"""Build the labelled set of real organization name pairs used to measure resolution quality.

    .venv/bin/python -m bench.resolution_pairs     # writes tests/fixtures/resolution/{pairs,holdout}.jsonl

Every name comes from a real record in tests/fixtures (OpenSanctions FtM, the Consolidated Screening List, GLEIF,
OpenAlex, Section 117, the NIH/NSF payloads). Positives: names and aliases a source publishes for the same entity
(transliterations, translations, previous legal names, abbreviations). Hard negatives: for each entity, the most
similar name of a *different* entity from the same source, plus the associated institutions OpenAlex lists for
a university (its medical school, its other campuses). Deterministic: the same fixtures give the same file.

A second, held-out set (holdout.jsonl) is mined the same way from other real records: OFAC SDN entities and their
aliases (tests/fixtures/resolution/ofac). Normalization rules are tuned on pairs.jsonl only; holdout.jsonl shows
whether they carry over to names they were not written for.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import fingerprints
from anyascii import anyascii
from rapidfuzz import fuzz

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
OUT = FIXTURES / "resolution" / "pairs.jsonl"
HOLDOUT = FIXTURES / "resolution" / "holdout.jsonl"

Entity = tuple[str, list[str], str | None]  # (id, names, country)


def ftm_orgs(path: Path) -> list[Entity]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["schema"] in ("Company", "Organization", "LegalEntity"):
            props = item["properties"]
            names = list(dict.fromkeys(props.get("name", []) + props.get("alias", []) + props.get("previousName", [])))
            country = (props.get("jurisdiction") or props.get("country") or [None])[0]
            found.append((item["id"], names, country.upper() if country else None))
    return found


def csl_orgs(path: Path) -> list[Entity]:
    found = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("type") in ("Individual", "Vessel", "Aircraft"):
                continue
            aliases = [a.strip() for a in (row.get("alt_names") or "").split(";") if a.strip()]
            found.append((row["_id"], [row["name"], *aliases], None))
    return found


def gleif_orgs() -> list[Entity]:
    found = []
    for path in sorted((FIXTURES / "payloads" / "gleif").glob("lei_record_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))["data"]["attributes"]
        entity = data["entity"]
        names = [entity["legalName"]["name"]] + [n["name"] for n in entity.get("otherNames") or []]
        found.append((data["lei"], names, entity["legalAddress"]["country"]))
    return found


def openalex_institution() -> tuple[Entity, list[Entity]]:
    data = json.loads((FIXTURES / "payloads" / "openalex" / "institution_I27837315.json").read_text(encoding="utf-8"))
    main: Entity = (
        data["id"],
        [data["display_name"], *data.get("display_name_alternatives", [])],
        data.get("country_code"),
    )
    others = [(a["id"], [a["display_name"]], a.get("country_code")) for a in data.get("associated_institutions", [])]
    return main, others


def ofac_orgs() -> list[Entity]:
    """OFAC SDN entities with their aliases; an entity whose primary row is not in the sample keeps its aliases."""
    folder = FIXTURES / "resolution" / "ofac"
    names: dict[str, list[str]] = {}
    with (folder / "sdn_entities_sample.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if row[2].strip() == "-0-":
                names.setdefault(row[0], []).insert(0, row[1])
    with (folder / "alt_entities_sample.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            names.setdefault(row[0], []).append(row[3])
    return [(f"ofac-{num}", found, None) for num, found in names.items()]


def section117_orgs() -> list[Entity]:
    found: dict[str, Entity] = {}
    with (FIXTURES / "payloads" / "section117" / "foreign_gifts_edu_sample.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        for row in csv.DictReader(handle):
            for name, country in ((row["Institution Name"], "US"), (row["Giftor Name"], None)):
                if name and name not in found:
                    found[name] = (f"s117:{name}", [name], country)
    return list(found.values())


# Records the sources keep as different entities that are, on inspection, one company filed twice (checked by
# hand against the records; see the reason). Their pairs are labelled same, with the reason in `origin`.
SAME_BY_HAND = {
    frozenset({"Bayerische Motorenwerke (BMW) AG", "Bayerische Motorenwerke AG"}): "BMW AG filed twice",
    frozenset({"Dr. Rath Health Programms B.V.", "Dr. Rath Health Programs B.V."}): "one company, a typo in one record",
    frozenset(
        {'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ЦСТ"', 'Общество с ограниченной ответственностью "ЦСТ"'}
    ): "LLC CST, the same register name in two records",
}
_WORD = re.compile(r"[a-z0-9]{3,}")


def shares_a_word(a: str, b: str) -> bool:
    """Whether two names are spellings of one name rather than different names: with legal forms removed and
    after anyascii transliteration (independent of the matcher's own ICU path) they share a word of three or
    more letters. 'JSC NPO IZHMASH' and 'JSC Kalashnikov' share only their legal form: different names."""

    def words(name: str) -> set[str]:
        return set(_WORD.findall(anyascii(fingerprints.remove_types(name)).lower()))

    return bool(words(a) & words(b))


def positives(pool: list[Entity], origin: str) -> list[dict[str, Any]]:
    """Name variants a source publishes for one entity. Translations into other words ('Unmanned Systems' for
    'Bespilotnye Sistemy') are left out: no name comparison can match them, the index holds them as aliases."""
    pairs = []
    for eid, names, country in pool:
        for other in names[1:]:
            if other.casefold() != names[0].casefold() and shares_a_word(names[0], other):
                pairs.append(
                    {
                        "a": names[0],
                        "b": other,
                        "a_country": country,
                        "b_country": country,
                        "same": True,
                        "origin": f"{origin}: {eid}",
                    }
                )
    return pairs


def hard_negatives(pool: list[Entity], origin: str) -> list[dict[str, Any]]:
    """For each entity, the most similar name of another entity in the same source."""
    pairs = []
    for eid, names, country in pool:
        best: tuple[float, str, Entity] | None = None
        for other in pool:
            if other[0] == eid:
                continue
            for name in other[1]:
                similarity = fuzz.token_sort_ratio(names[0].casefold(), name.casefold())
                if best is None or similarity > best[0]:
                    best = (similarity, name, other)
        if best is not None and best[0] >= 40:
            pairs.append(
                {
                    "a": names[0],
                    "b": best[1],
                    "a_country": country,
                    "b_country": best[2][2],
                    "same": False,
                    "origin": f"{origin}: {eid} vs {best[2][0]}",
                }
            )
    return pairs


def build() -> list[dict[str, Any]]:
    os_pool = ftm_orgs(FIXTURES / "opensanctions" / "zala-cluster.ftm.jsonl") + ftm_orgs(
        FIXTURES / "opensanctions" / "parteispenden-payments.ftm.jsonl"
    )
    csl_pool = csl_orgs(FIXTURES / "payloads" / "trade_csl" / "consolidated_sample.csv")
    gleif_pool = gleif_orgs()
    umich, associated = openalex_institution()
    s117_pool = section117_orgs()
    pairs = positives(os_pool, "opensanctions") + hard_negatives(os_pool, "opensanctions")
    pairs += positives(csl_pool, "trade_csl") + hard_negatives(csl_pool, "trade_csl")
    pairs += positives(gleif_pool, "gleif") + hard_negatives(gleif_pool, "gleif")
    pairs += positives([umich], "openalex")
    pairs += [
        {
            "a": umich[1][0],
            "b": o[1][0],
            "a_country": umich[2],
            "b_country": o[2],
            "same": False,
            "origin": f"openalex associated institution: {o[0]}",
        }
        for o in associated
    ]
    pairs += hard_negatives(s117_pool, "section117")
    for pair in pairs:
        reason = SAME_BY_HAND.get(frozenset({pair["a"], pair["b"]}))
        if reason is not None:
            pair["same"], pair["origin"] = True, f"{pair['origin']} (labelled same by hand: {reason})"
    unique = {(p["a"], p["b"]): p for p in pairs}
    return sorted(unique.values(), key=lambda p: (p["origin"], p["a"], p["b"]))


def build_holdout() -> list[dict[str, Any]]:
    pool = ofac_orgs()
    pairs = positives(pool, "ofac_sdn") + hard_negatives(pool, "ofac_sdn")
    unique = {(p["a"], p["b"]): p for p in pairs}
    return sorted(unique.values(), key=lambda p: (p["origin"], p["a"], p["b"]))


def write(pairs: list[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    same = sum(p["same"] for p in pairs)
    print(f"{len(pairs)} pairs ({same} same, {len(pairs) - same} different) -> {out}")


def main() -> None:
    write(build(), OUT)
    write(build_holdout(), HOLDOUT)


if __name__ == "__main__":
    main()
