"""The list catalogue (graph/lists.yml): every way a real source names a list leads to one entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.lists import Catalogue, CatalogueError, ListEntry, ListKind, catalogue, list_node_id

COUNTERMEASURES = "List of Targets of Countermeasures"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_catalogue_covers_the_nsf_letter_lists_and_ofac_sdn() -> None:
    bundled = {"dow-1260h", "dow-1286", "bis-entity-list", "bis-meu", "bis-dpl", "ofac-eo14032", "ofac-nscmic",
               "state-debarred-statutory", "state-debarred-admin", "state-nonproliferation", "fcc-covered",
               "dhs-uflpa", "cbp-wro"}  # fmt: skip
    found = {name: catalogue().identify(bundled=name) for name in bundled}
    assert all(found.values()), [name for name, entry in found.items() if entry is None]
    assert len({entry.id for entry in found.values() if entry}) == 13
    assert catalogue().get("us.ofac.sdn") is not None


@pytest.mark.skipif(not (SHARED / "us-restricted-lists" / "lists.json").exists(), reason="shared data not present")
def test_every_bundled_list_of_the_snapshot_is_catalogued() -> None:
    lists = json.loads((SHARED / "us-restricted-lists" / "lists.json").read_text(encoding="utf-8"))["lists"]
    assert {entry["id"] for entry in lists} <= {b for e in catalogue() for b in e.bundled}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # Sanction records of the real ZALA cluster (tests/fixtures/opensanctions/zala-cluster.ftm.jsonl)
        ({"datasets": ["us_ofac_sdn"], "program": "US-RUSHAR"}, "us.ofac.sdn"),
        ({"datasets": ["us_trade_csl"], "program": "US-BIS-EL"}, "us.bis.entity_list"),
        ({"datasets": ["mc_fund_freezes"], "authority": "La Principauté de Monaco"}, "mc.fund_freezes"),
        ({"datasets": ["ua_nsdc_sanctions"], "program": "UA-SA1644"}, "ua.nsdc"),
        # a CSL `source` as the bulk file writes it
        ({"name": "Military End User (MEU) List - Bureau of Industry and Security"}, "us.bis.meu"),
        ({"name": "Specially Designated Nationals (SDN) - Treasury Department"}, "us.ofac.sdn"),
        # cn_sanctions.csv: Body and List columns
        ({"authority": "Ministry of Commerce", "name": "UEL"}, "cn.mofcom.uel"),
        (
            {"authority": "Ministry of Commerce", "name": "List of Targets of Countermeasures"},
            "cn.mofcom.countermeasures",
        ),
        (
            {"authority": "Ministry of Foreign Affairs", "name": "List of Targets of Countermeasures"},
            "cn.mfa.countermeasures",
        ),
        ({"authority": "Ministry of Foreign Affairs"}, "cn.mfa.countermeasures"),
        ({"program": "topic:sanction"}, "topic.sanction"),
    ],
)
def test_identify_names_the_list(words: dict[str, object], expected: str) -> None:
    entry = catalogue().identify(**words)  # type: ignore[arg-type]
    assert entry is not None and entry.id == expected


def test_identify_gives_none_for_words_that_name_no_list() -> None:
    assert catalogue().identify(datasets=["ext_ru_egrul"], program="nothing", name="Reciprocal") is None


def test_title_adds_the_listing_program_only_when_it_says_more() -> None:
    sdn = catalogue().get("us.ofac.sdn")
    assert sdn is not None
    assert sdn.title_with("RUSSIA-EO14024") == "US OFAC Specially Designated Nationals (RUSSIA-EO14024)"
    assert sdn.title_with("SDN") == sdn.title
    assert sdn.title_with(None) == sdn.title


def test_one_node_per_list_whatever_the_source() -> None:
    assert list_node_id("us.bis.entity_list") == "list-us.bis.entity_list"


def test_a_name_claimed_by_two_lists_is_refused() -> None:
    a = ListEntry("a", "A", "x", "US", ListKind.SANCTIONS, names=("Same",))
    b = ListEntry("b", "B", "x", "US", ListKind.SANCTIONS, names=("same",))
    with pytest.raises(CatalogueError, match="names both a and b"):
        Catalogue([a, b])
