"""Pure parts of the investigations: chain arithmetic, profiles, rates."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import NotFound, QueryError
from graph.settings import get_settings
from queries import profiles
from queries.answers import Hop, Source
from queries.control import ChainShare, chain_share, effective_ownership, is_control_hop
from queries.rates import load_rates

SRC = Source(dataset="t", source_id="1")


def owns(pct: float | None = None, low: float | None = None, high: float | None = None) -> Hop:
    span = [low, high] if low is not None and high is not None else None
    return Hop(type="OWNS", start="a", end="b", share_pct=pct, share_range=span, source=SRC)


def test_chain_share_multiplies_exact_shares() -> None:
    assert chain_share([owns(60), owns(70)]) == ChainShare(
        pytest.approx(0.42), pytest.approx(0.42), pytest.approx(0.42)
    )


def test_chain_share_carries_ranges_and_unknowns() -> None:
    ranged = chain_share([owns(50), owns(low=25, high=75)])
    assert ranged is not None and ranged.exact is None
    assert (ranged.low, ranged.high) == (pytest.approx(0.125), pytest.approx(0.375))
    unknown = chain_share([owns(50), owns()])
    assert unknown == ChainShare(None, None, None)


def test_a_chain_with_control_is_not_ownership() -> None:
    assert chain_share([owns(50), Hop(type="CONTROLS", start="a", end="b", source=SRC)]) is None


def test_effective_ownership_sums_and_caps() -> None:
    assert effective_ownership([ChainShare(0.6, 0.6, 0.6), ChainShare(0.5, 0.5, 0.5)]) == (100.0, None)
    assert effective_ownership([ChainShare(0.2, 0.2, 0.2), ChainShare(None, 0.1, 0.3)]) == (None, [30.0, 50.0])
    assert effective_ownership([ChainShare(0.2, 0.2, 0.2), ChainShare(None, None, None)]) == (None, None)
    assert effective_ownership([]) == (None, None)


@pytest.mark.parametrize(
    ("hop", "expected"),
    [
        (owns(51), True),
        (owns(50), False),
        (owns(low=60, high=80), True),
        (owns(low=40, high=80), False),
        (owns(), False),
    ],
)
def test_control_hops(hop: Hop, expected: bool) -> None:
    assert is_control_hop(hop, 50.0) is expected


def test_shipped_profiles_load() -> None:
    us = profiles.load("us-research-security")
    assert us.home == "US" and set(us.countries_of_concern) == {"CN", "RU", "IR", "KP"}
    assert us.counts("US-BIS-EL", None) and us.counts(None, "Entity List (EL) - Bureau of Industry and Security")
    assert not us.counts("EU-UKR", "Council of the European Union")
    cn = profiles.load("cn-biosecurity")
    assert cn.home == "CN" and cn.is_foreign("US") and not cn.is_foreign("CN")
    assert cn.sensitive("Donation of a DNA sequencer with access to samples") == ["sequencer", "dna"]


def test_users_add_profiles_without_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "eu-dual-use.yml").write_text("name: eu-dual-use\nhome: DE\ncountries_of_concern: [RU]\n")
    (tmp_path / "broken.yml").write_text("name: broken\nhome: Germany\n")
    monkeypatch.setenv("TIETRACE_PROFILES_DIR", str(tmp_path))
    profiles._all.cache_clear()
    try:
        assert "eu-dual-use" in profiles.names()
        assert profiles.load("eu-dual-use").home == "DE"
        with pytest.raises(QueryError, match=r"broken\.yml is not valid"):
            profiles.load("broken")
    finally:
        profiles._all.cache_clear()
    monkeypatch.delenv("TIETRACE_PROFILES_DIR")
    get_settings.cache_clear()  # settings are read once per process; this test changes them halfway
    with pytest.raises(NotFound, match="no profile named 'eu-dual-use'"):
        profiles.load("eu-dual-use")
    profiles._all.cache_clear()


def test_rates_convert_through_eur() -> None:
    rates = load_rates()
    assert rates.convert(1.0389, "USD", "EUR") == pytest.approx(1.0)
    assert rates.convert(100, "EUR", "CNY") == pytest.approx(758.33)
    assert rates.convert(100, "KRW", "USD") is None
