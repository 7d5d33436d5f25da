"""Small hand-built graphs with known answers (tests/fixtures/graphs/*.yml), loaded under a unique prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.model import Entity, Label, Provenance, Rel, Relation
from graph.store import GraphStore

GRAPHS = Path(__file__).parent / "fixtures" / "graphs"


def load_graph(store: GraphStore, name: str, prefix: str, name_suffix: str = "") -> dict[str, str]:
    """Write the graph; returns {fixture id: graph id}. A suffix keeps names unique when several test modules
    load the same graph into one session's store."""
    spec: dict[str, Any] = yaml.safe_load((GRAPHS / f"{name}.yml").read_text(encoding="utf-8"))
    labels: dict[str, Label] = {}
    items: list[Entity | Relation] = []
    for node in spec["nodes"]:
        fid = node.pop("id")
        label = Label(node.pop("label"))
        labels[fid] = label
        if name_suffix and "name" in node:
            node["name"] = f"{node['name']}{name_suffix}"
        prov = Provenance(dataset="fixture", source_id=fid, retrieved_at="2026-11-25T00:00:00+00:00")
        items.append(Entity(f"{prefix}-{fid}", label, prov, node))
    for edge in spec["edges"]:
        fid, start, end = edge.pop("id"), edge.pop("from"), edge.pop("to")
        rel = Rel(edge.pop("type"))
        prov = Provenance(dataset="fixture", source_id=fid, retrieved_at="2026-11-25T00:00:00+00:00")
        items.append(
            Relation(
                f"{prefix}-{fid}", rel, f"{prefix}-{start}", labels[start], f"{prefix}-{end}", labels[end], prov, edge
            )
        )
    with store.writer() as writer:
        writer.add_all(items)
    return {fid: f"{prefix}-{fid}" for fid in labels}
