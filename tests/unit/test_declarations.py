"""One declaration per concept, and every Cypher file, reader and client held to it: identifier schemes
(graph.model), the path row shape (queries.paths), the SAME_AS walking rules (queries.identity) and the match
thresholds on one scale (names.thresholds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.schemas import SEARCHABLE_SCHEMES
from graph.cypher import Query, blank_strings_and_comments
from graph.model import ENTITY_SCHEMES, IDENTIFIER_PROPS, PERSON_ONLY_SCHEMES, Rel
from names import thresholds
from queries import identity, target, walks
from queries.answers import IDENTIFIER_KEYS, EntityRef
from queries.control import DEFAULT_MAX_HOPS
from queries.paths import HOP_KEYS, NODE_KEYS, hop
from resolve import matcher
from resolve.judgements import Judgement
from tietrace.catalog import shipped_cypher

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [q for q in shipped_cypher() if q.mode.value == "read"]
PROP_OF = {scheme: IDENTIFIER_PROPS[scheme].value for scheme in ENTITY_SCHEMES}


def map_literals(text: str) -> list[dict[str, str]]:
    """Every map literal `{key: value, ...}` of a Cypher text as key -> value text, nested maps included.
    Strings and comments are blanked first, so a brace or comma inside them is not read as syntax."""
    body = blank_strings_and_comments(text)
    found: list[dict[str, str]] = []
    stack: list[int] = []
    for i, ch in enumerate(body):
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            start = stack.pop()
            found.append(_entries(body[start + 1 : i]))
    return [m for m in found if m]


def _entries(inner: str) -> dict[str, str]:
    """Top-level `key: value` pairs (a pattern's property map or a projection alike); empty when not a map."""
    parts, depth, current = [], 0, ""
    for ch in inner:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    entries: dict[str, str] = {}
    for part in parts:
        key, sep, value = part.partition(":")
        if not sep or not re.fullmatch(r"\s*\w+\s*", key):
            return {}
        entries[key.strip()] = " ".join(value.split())
    return entries


def returned_list_map(query: Query, column: str) -> dict[str, str]:
    """The map of a `[x IN ... | {...}] AS column` projection."""
    body = blank_strings_and_comments(query.text)
    match = re.search(r"\[\s*(\w+)\s+IN\s+[^|]+\|\s*(\{[^\[\]]*\})\s*\]\s+AS\s+" + column + r"\b", body, re.DOTALL)
    assert match, f"{query.name}: no `[x IN ... | {{...}}] AS {column}`"
    return _entries(match.group(2)[1:-1])


PATH_QUERIES = [q for q in SHIPPED if {"nodes", "hops"} <= set(q.returns)]


def test_path_queries_are_found() -> None:
    # The questions and the person's roles: a regex that stopped finding them would pass vacuously. Controllers,
    # controlled and proximity through ownership are walked from steps (below).
    assert {"funding", "proximity", "ties", "person_roles"} <= {q.name for q in PATH_QUERIES}


# The files queries/walks.py builds path rows from, and which of their columns is a node map and which a hop map.
STEP_QUERIES = {"steps": ("node", "steps"), "listed_on": ("list", "hop")}


@pytest.mark.parametrize("name", sorted(STEP_QUERIES))
def test_step_rows_have_the_declared_shape(name: str) -> None:
    """A path walked in Python is made of these maps: each carries what a path-returning file's maps carry."""
    [query] = [q for q in SHIPPED if q.name == name]
    assert set(STEP_QUERIES[name]) <= set(query.returns)
    maps = map_literals(query.text)
    nodes = [m for m in maps if "lei" in m]
    hops = [m for m in maps if "sharePct" in m]
    assert nodes and hops, name
    for entries in nodes:
        assert set(NODE_KEYS) <= set(entries), f"{name}: a node map lacks {sorted(set(NODE_KEYS) - set(entries))}"
    for entries in hops:
        assert set(HOP_KEYS) <= set(entries), f"{name}: a hop map lacks {sorted(set(HOP_KEYS) - set(entries))}"


@pytest.mark.parametrize("query", PATH_QUERIES, ids=lambda q: q.name)
def test_path_rows_have_the_declared_shape(query: Query) -> None:
    nodes, hops = returned_list_map(query, "nodes"), returned_list_map(query, "hops")
    assert set(NODE_KEYS) <= set(nodes), f"{query.name}: node map lacks {sorted(set(NODE_KEYS) - set(nodes))}"
    assert set(HOP_KEYS) <= set(hops), f"{query.name}: hop map lacks {sorted(set(HOP_KEYS) - set(hops))}"
    # Each key reads the property of its name (labels and the hop's ends excepted), so no map renames a property.
    for key, value in nodes.items():
        assert key == "labels" or value.endswith(f".{key}"), f"{query.name}: node key {key} reads {value}"
    for key, value in hops.items():
        assert key in ("type", "start", "end") or value.endswith(f".{key}"), f"{query.name}: hop {key} is {value}"


def test_every_node_map_carries_every_identifier() -> None:
    """Any map of an entity (a path node, a partner, a neighbour) carries all the schemes, by property or scheme."""
    checked = 0
    for query in SHIPPED:
        for entries in map_literals(query.text):
            # Every node map carries the LEI read from a node: without it, not an entity's map (or a pattern's).
            if not re.fullmatch(r"\w+\.lei", entries.get("lei", "")):
                continue
            checked += 1
            keyed_by_scheme = "registry" in entries
            expected = set(ENTITY_SCHEMES) if keyed_by_scheme else set(IDENTIFIER_KEYS)
            assert expected <= set(entries), f"{query.name}: a node map lacks {sorted(expected - set(entries))}"
            for scheme in ENTITY_SCHEMES:
                key = scheme if keyed_by_scheme else PROP_OF[scheme]
                assert entries[key].endswith(f".{PROP_OF[scheme]}"), f"{query.name}: {key} reads {entries[key]}"
    assert checked >= 9  # path and step files, ties' partner, the neighbours' two ends, the entity's identifiers


@pytest.mark.parametrize("query", [q for q in SHIPPED if "lei" in q.returns or "lei" in q.params], ids=lambda q: q.name)
def test_identifier_columns_and_parameters_are_every_scheme(query: Query) -> None:
    named = set(query.returns) | set(query.params)
    expected = set(IDENTIFIER_KEYS)
    if not re.search(r":Person\b", query.text):  # a query of organizations only may leave out people's schemes
        expected -= {PROP_OF[s] for s in PERSON_ONLY_SCHEMES}
    assert expected <= named, f"{query.name}: lacks {sorted(expected - named)}"


def test_readers_read_every_declared_key() -> None:
    """The Python readers of a path row read every declared key: a key the Cypher returns is never dropped."""
    node = EntityRef.from_row({k: f"v-{k}" for k in NODE_KEYS} | {"labels": ["Organization"]})
    assert set(node.identifiers) == set(ENTITY_SCHEMES)
    assert node.country_note == "v-countryNote"
    row: dict[str, object] = {k: f"v-{k}" for k in HOP_KEYS} | {"sharePct": 1.0, "shareMin": 1.0, "shareMax": 2.0}
    row["sourceUrl"] = "https://example.org/record"  # only a web address is kept
    read = hop(row).model_dump()
    source = read.pop("source")
    assert None not in read.values() and None not in source.values(), (read, source)
    # The matcher names a record's identifiers by their schemes (lei:, registry:), read from the same declaration.
    assert matcher._identifiers({PROP_OF[s]: f"V-{s}" for s in ENTITY_SCHEMES}) == {s: f"v-{s}" for s in ENTITY_SCHEMES}


def test_clients_list_the_declared_schemes() -> None:
    assert tuple(SEARCHABLE_SCHEMES) == ENTITY_SCHEMES
    page = (ROOT / "api/ui/js/search.js").read_text(encoding="utf-8")
    match = re.search(r"const IDENTIFIER = /\^\(([\w|]+)\):", page)
    assert match and tuple(match.group(1).split("|")) == ENTITY_SCHEMES


# Files that walk SAME_AS links, alone or among other types, for any number of steps, and the steps walked in Python.
SAME_AS_WALKS = [q for q in SHIPPED if re.search(r"SAME_AS\*", q.text) or q.name == "steps"]


def test_same_as_judgements_agree_with_resolution() -> None:
    """identity.py merges every judgement resolution writes except a rejection, as the Cypher crosses them."""
    assert set(identity._ORDER) | {identity.REJECTED} == {j.value for j in Judgement}
    assert Rel.SAME_AS.value == identity.SAME_AS


@pytest.mark.parametrize("query", SAME_AS_WALKS, ids=lambda q: q.name)
def test_same_as_walks_skip_rejected_links(query: Query) -> None:
    """Crossed: a link judged and not rejected. `r.judgement <> 'rejected'` is null, so false, on a link without a
    judgement, which identity.py never merges either; coalesce(r.judgement, '') would cross it (the researcher
    queries did)."""
    rule = r"\b\w+\.judgement <> '" + identity.REJECTED + "'"
    assert re.search(rule, query.text), f"{query.name} crosses rejected SAME_AS links"
    assert not re.search(r"coalesce\(\s*\w+\.judgement", query.text), f"{query.name} crosses unjudged SAME_AS links"


def test_same_as_walks_read_clusters_as_deep_as_identity() -> None:
    """A walk through a record's twins goes no deeper than identity.py reads a cluster (twins.cypher), so every
    record a path crosses into is one the clusters know; ownership walks never end on a SAME_AS step."""
    assert {"twins", "proximity", "ties", "steps"} <= {q.name for q in SAME_AS_WALKS}
    texts = {q.name: " ".join(q.text.split()) for q in SAME_AS_WALKS}
    steps = identity.SAME_AS_STEPS
    assert f"[:SAME_AS*0..{steps}]" in texts["twins"]
    for walk in (walks.upstream(DEFAULT_MAX_HOPS), walks.downstream(DEFAULT_MAX_HOPS)):
        assert (walk.max_steps, walk.max_hops) == (DEFAULT_MAX_HOPS + steps, DEFAULT_MAX_HOPS), walk
        same_as = walks.Step("b", {"type": identity.SAME_AS, "start": "a", "end": "b"})
        owns = walks.Step("b", {"type": "OWNS", "start": "a", "end": "b"})
        organization = {"labels": ["Organization"]}
        assert not walk.keeps(same_as, organization) and walk.keeps(owns, organization), walk
    for name, text in texts.items():
        for high in re.findall(r"\[:SAME_AS\*\d+\.\.(\d+)\]", text):
            assert int(high) <= steps, f"{name} walks {high} SAME_AS steps; clusters are read {steps} deep"


def test_match_thresholds_are_declared_once_on_one_scale() -> None:
    declared = {k: v for k, v in vars(thresholds).items() if k.isupper()}
    assert declared and all(0 < v < 1 for v in declared.values()), declared
    assert thresholds.REVIEW < thresholds.MATCH and thresholds.NAME_LISTED < thresholds.NAME_TAKEN
    assert (matcher.MATCH_THRESHOLD, matcher.REVIEW_THRESHOLD, matcher.AMBIGUITY_MARGIN) == (
        thresholds.MATCH,
        thresholds.REVIEW,
        thresholds.AMBIGUITY_MARGIN,
    )
    assert (target.CONFIDENT, target.MARGIN, target.LISTED) == (90.0, 5.0, 50.0)  # the lookup answers as it did
    # Nowhere else is a threshold written as a number: a second scale would start there.
    literal = re.compile(r"^\s*\w*(THRESHOLD|MARGIN|CONFIDENT)\w*\s*(:[^=]+)?=\s*[\d.]+\s*(#.*)?$", re.MULTILINE)
    sources = [
        p for d in ("names", "resolve", "queries", "screening", "api", "tietrace") for p in (ROOT / d).rglob("*.py")
    ]
    offenders = [p.name for p in sources if p.name != "thresholds.py" and literal.search(p.read_text(encoding="utf-8"))]
    assert not offenders
