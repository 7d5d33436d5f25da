from __future__ import annotations

import pytest

from graph.ids import make_id
from graph.model import ENDPOINTS, Entity, Label, ModelError, Prop, Provenance, Rel, Relation, schema_names

PROV = Provenance(dataset="gleif", source_id="5493001KJTIIGC8Y1R12", retrieved_at="2026-11-25T00:00:00Z")


def test_entity_row_carries_provenance_and_drops_nulls() -> None:
    entity = Entity("gleif-X", Label.ORGANIZATION, PROV, {"name": "Bosch", "country": "DE", "lei": None})
    row = entity.row()
    assert row["id"] == "gleif-X"
    assert row["props"] == {
        "name": "Bosch",
        "country": "DE",
        "dataset": "gleif",
        "sourceId": "5493001KJTIIGC8Y1R12",
        "retrievedAt": "2026-11-25T00:00:00Z",
    }


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"nmae": "typo"}, "unknown property 'nmae'"),
        ({"country": "Germany"}, "ISO 3166-1 alpha-2"),
        ({"country": "de"}, "ISO 3166-1 alpha-2"),
        ({"validFrom": "25/11/2026"}, "validFrom must be an ISO date"),
        ({"aliases": [{"nested": 1}]}, "list of non-scalar values"),
        ({"name": {"en": "x"}}, "unsupported type dict"),
    ],
)
def test_entity_rejects_values_the_model_does_not_allow(props: dict[str, object], message: str) -> None:
    with pytest.raises(ModelError, match=message):
        Entity("x", Label.ORGANIZATION, PROV, props)


def test_relation_endpoints_must_be_declared() -> None:
    with pytest.raises(ModelError, match="OWNS cannot join Grant to Organization"):
        Relation("r", Rel.OWNS, "g", Label.GRANT, "o", Label.ORGANIZATION, PROV)


@pytest.mark.parametrize("share", [-1, 100.5, "50"])
def test_share_must_be_a_percentage(share: object) -> None:
    with pytest.raises(ModelError, match="sharePct must be a percentage"):
        Relation("r", Rel.OWNS, "a", Label.ORGANIZATION, "b", Label.ORGANIZATION, PROV, {"sharePct": share})


def test_share_range_must_be_ordered() -> None:
    with pytest.raises(ModelError, match="shareMin 50 is above shareMax 25"):
        Relation("r", Rel.OWNS, "a", Label.PERSON, "b", Label.ORGANIZATION, PROV, {"shareMin": 50, "shareMax": 25})


def test_relation_row_names_both_endpoints() -> None:
    rel = Relation(
        "r1",
        Rel.OWNS,
        "a",
        Label.ORGANIZATION,
        "b",
        Label.ORGANIZATION,
        PROV,
        {"shareMin": 25, "shareMax": 50, "validFrom": "2020-01-01"},
    )
    row = rel.row()
    assert (row["id"], row["src"], row["dst"]) == ("r1", "a", "b")
    assert row["props"]["shareMin"] == 25
    assert row["props"]["dataset"] == "gleif"


def test_every_relationship_type_declares_its_endpoints() -> None:
    assert set(ENDPOINTS) == set(Rel)
    assert all(ENDPOINTS[rel] for rel in Rel)


def test_schema_names_cover_the_model() -> None:
    names = schema_names()
    assert set(names["labels"]) == {label.value for label in Label}
    assert set(names["relationshipTypes"]) == {rel.value for rel in Rel}
    assert {p.value for p in Prop} <= set(names["propertyKeys"])


def test_make_id_is_stable_and_readable_for_plain_keys() -> None:
    assert make_id("gleif", "5493001KJTIIGC8Y1R12") == "gleif-5493001KJTIIGC8Y1R12"
    assert make_id("nih_reporter", "1R01CA123456-01", 2023) == "nih_reporter-1R01CA123456-01.2023"
    assert make_id("gleif", "5493001KJTIIGC8Y1R12") == make_id("gleif", " 5493001KJTIIGC8Y1R12 ")


def test_make_id_hashes_keys_that_are_long_or_not_plain() -> None:
    hashed = make_id("section117", "Université de Montréal", "2019-01-01")
    assert hashed.startswith("section117-")
    assert len(hashed) == len("section117-") + 40
    assert hashed == make_id("section117", "Université de Montréal", "2019-01-01")
    assert hashed != make_id("section117", "Universite de Montreal", "2019-01-01")


@pytest.mark.parametrize("source", ["", "GLEIF", "gle if", "-x"])
def test_make_id_refuses_bad_source_names(source: str) -> None:
    with pytest.raises(ValueError, match="source must be"):
        make_id(source, "x")


def test_make_id_needs_a_key() -> None:
    with pytest.raises(ValueError, match="at least one non-empty key part"):
        make_id("gleif", None, " ")
