"""Every source's name, title, licence and modes, without importing the source modules.

`tietrace ingest --list` reads this, so listing the sources costs nothing; the registry (ingest.sources) imports
every module, their parsers and their dependencies. tests/unit/test_source_index.py holds the two alike: a source
added, renamed or retitled in its module fails that test until its line here says the same.
"""

from __future__ import annotations

from typing import NamedTuple


class SourceEntry(NamedTuple):
    name: str
    title: str
    license: str
    modes: tuple[str, ...]  # "api", "file"


SOURCES: tuple[SourceEntry, ...] = (
    SourceEntry(
        "acknowledgements",
        "Funding acknowledgements of publications (text, linked to the graph's funders)",
        "as each passage states (its license field)",
        ("file",),
    ),
    SourceEntry(
        "bods",
        "Beneficial Ownership Data Standard (Open Ownership) statements",
        "depends on the publisher (e.g. UK PSC register data: Open Government Licence v3.0)",
        ("file",),
    ),
    SourceEntry(
        "donations",
        "Donation register (an institution's own record of equipment and other gifts)",
        "the institution's own data",
        ("file",),
    ),
    SourceEntry(
        "gleif",
        "GLEIF LEI records, Level 2 parent relationships and reporting exceptions",
        "CC0 1.0 (GLEIF LEI data)",
        ("api", "file"),
    ),
    SourceEntry(
        "list_tables",
        "Lists kept as tables by OpenSanctions: China's lists, DoD 1260H, Section 1286, BIS MIEU",
        "CC BY-NC 4.0 (non-commercial; attribution: OpenSanctions); the lists themselves are public",
        ("file",),
    ),
    SourceEntry(
        "nih_reporter", "NIH RePORTER projects (API v2)", "Public domain (US government work)", ("api", "file")
    ),
    SourceEntry("nsf_awards", "NSF Award Search API", "Public domain (US government work)", ("api", "file")),
    SourceEntry(
        "openalex", "OpenAlex works (authorships, institutions, funders)", "CC0 (OpenAlex data)", ("api", "file")
    ),
    SourceEntry(
        "opensanctions",
        "OpenSanctions (FollowTheMoney JSON lines)",
        "CC BY-NC 4.0 (non-commercial; attribution: OpenSanctions)",
        ("file",),
    ),
    SourceEntry("own_list", "Your own restricted list (CSV or XLSX)", "Yours", ("file",)),
    SourceEntry("ror", "Research Organization Registry (ROR) data dump", "CC0 1.0 (ROR data)", ("file",)),
    SourceEntry(
        "section117",
        "US Department of Education Section 117 foreign gifts and contracts",
        "US government work (public domain)",
        ("file",),
    ),
    SourceEntry(
        "trade_csl", "US Consolidated Screening List (trade.gov)", "Public domain (US Government work)", ("api", "file")
    ),
    SourceEntry(
        "us_lists",
        "US restricted lists of NSF's 2026-07-08 letter (bundled snapshot, one JSON file per list)",
        "Public domain (US Government works)",
        ("file",),
    ),
)
