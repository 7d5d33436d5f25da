"""ROR's Latin-script names in a benchmark graph, each as names.normalize reads it: what bench/field_words.py and
bench/place_words.py pair up."""

from __future__ import annotations

from collections.abc import Iterator

from names.normalize import cjk, variants


def ror_names(graph_rows: list[dict[str, object]]) -> Iterator[tuple[str, str, str, frozenset[str]]]:
    """(country, record, normalized name, its words) for every name and alias of the graph's ROR records that is
    not in Han script (nor kana or hangul): the first variant of each, as the matcher compares it first."""
    for row in graph_rows:
        rid = str(row["id"])
        if not rid.startswith("ror-"):
            continue
        for name in [row["name"], *row.get("aliases", [])]:  # type: ignore[misc]
            if not isinstance(name, str) or not name or cjk(name):
                continue
            for form in variants(name)[:1]:
                yield str(row.get("country") or ""), rid, form, frozenset(form.split())
