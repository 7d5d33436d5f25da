"""A board seat is influence, not control, unless a source states control (issue 14)."""

from __future__ import annotations

from queries.answers import EntityRef, Hop, PathAnswer, Source
from queries.control import controllers_from_paths, is_control_hop, is_influence_hop

SRC = Source(dataset="t", source_id="1")


def ref(i: str) -> EntityRef:
    return EntityRef(id=i, name=i.upper(), label="Organization")


def hop(kind: str, start: str, end: str, control_type: str | None = None, pct: float | None = None) -> Hop:
    return Hop(type=kind, start=start, end=end, control_type=control_type, share_pct=pct, source=SRC)


def test_a_board_seat_is_influence_and_never_an_ultimate_controller() -> None:
    seat = PathAnswer(nodes=[ref("x"), ref("d")], hops=[hop("CONTROLS", "d", "x", "board_seats")])
    [director] = controllers_from_paths([seat])
    assert (director.controls, director.influence, director.is_ultimate) == (False, True, False)


def test_a_board_seat_above_a_majority_holding_is_influence_over_both() -> None:
    paths = [
        PathAnswer(nodes=[ref("x"), ref("p")], hops=[hop("OWNS", "p", "x", pct=80)]),
        PathAnswer(
            nodes=[ref("x"), ref("p"), ref("d")],
            hops=[hop("OWNS", "p", "x", pct=80), hop("CONTROLS", "d", "p", "board_seats")],
        ),
    ]
    found = {c.id: c for c in controllers_from_paths(paths)}
    assert found["p"].controls and found["p"].is_ultimate  # nobody controls the parent: a director does not
    assert found["d"].influence and not found["d"].controls and not found["d"].is_ultimate


def test_control_a_source_states_stays_control() -> None:
    golden = hop("CONTROLS", "g", "x", "golden_share")
    assert is_control_hop(golden, 50.0) and not is_influence_hop(golden)
    [holder] = controllers_from_paths([PathAnswer(nodes=[ref("x"), ref("g")], hops=[golden])])
    assert holder.controls and holder.is_ultimate and not holder.influence
