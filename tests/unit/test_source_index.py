"""The light source index that `tietrace ingest --list` reads says what the source modules themselves declare."""

from __future__ import annotations

from ingest.source_index import SOURCES, SourceEntry
from ingest.sources import registry


def test_the_index_lists_every_source_as_its_module_declares_it() -> None:
    declared = [
        SourceEntry(name, source.spec.title, source.spec.license, source.spec.modes)
        for name, source in registry().items()
    ]
    assert list(SOURCES) == declared  # same sources, same order (by name), same words
