"""The donor -> gift -> recipient relationships every gift source writes, with ids stable across reruns."""

from __future__ import annotations

from graph.ids import make_id
from graph.model import Entity, Label, Provenance, Rel, Relation


def gift_flow(
    source: str, gift_key: str, donor: Entity, gift: Entity, recipient: Entity, prov: Provenance
) -> list[Relation]:
    """GAVE (donor to gift) and GIVEN_TO (gift to recipient), ids `<source>-<gift_key>.gave` / `.given_to`."""
    return [
        Relation(make_id(source, gift_key, "gave"), Rel.GAVE, donor.id, donor.label, gift.id, Label.GIFT, prov),
        Relation(
            make_id(source, gift_key, "given_to"),
            Rel.GIVEN_TO,
            gift.id,
            Label.GIFT,
            recipient.id,
            recipient.label,
            prov,
        ),
    ]
