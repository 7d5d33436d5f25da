"""The list catalogue: every watchlist tietrace knows, declared once in `lists.yml` (data, not code).

Sources name lists in their own words: an OpenSanctions dataset (`us_ofac_sdn`), an FtM Sanction's programId
(`US-BIS-EL`), a CSL `source` ("Entity List (EL) - Bureau of Industry and Security"), a bundled snapshot's id
(`bis-entity-list`), a cn_sanctions `List` column ("UEL"). `Catalogue.identify` turns any of them into one stable
list id (`us.bis.entity_list`) with a title, authority, jurisdiction and kind, so profiles count lists by id and
every answer shows a title a person recognises. A Watchlist node of a catalogued list has the id
`list_node_id(list_id)` whichever source wrote it, so one list is one node.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from graph.ids import make_id
from graph.yaml_text import safe_load

CATALOGUE_FILE = Path(__file__).with_name("lists.yml")


class ListKind(StrEnum):
    SANCTIONS = "sanctions"
    EXPORT_CONTROL = "export_control"
    PROCUREMENT_BAN = "procurement_ban"
    IMPORT_BAN = "import_ban"
    RESEARCH_SECURITY = "research_security"
    COUNTER_SANCTIONS = "counter_sanctions"
    DEBARMENT = "debarment"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One list: its stable id, what a person reads, who publishes it, and how sources name it."""

    id: str
    title: str
    authority: str
    jurisdiction: str
    kind: ListKind
    url: str = ""
    bundled: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()

    def title_with(self, program: str | None) -> str:
        """The title with a listing's own program when it adds something: "US OFAC SDN (RUSSIA-EO14024)"."""
        if program and program.strip() and program.strip().lower() not in {self.title.lower(), self.id.lower()}:
            known = {p.lower() for p in self.programs} | {n.lower() for n in self.names}
            if program.strip().lower() not in known:
                return f"{self.title} ({program.strip()})"
        return self.title


def list_node_id(list_id: str) -> str:
    """The Watchlist node id of a catalogued list: the same from every source."""
    return make_id("list", list_id)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


class CatalogueError(ValueError):
    """lists.yml does not describe a valid catalogue; the message names the entry and field."""


class Catalogue:
    """Lookups from every way a source names a list to the one entry."""

    def __init__(self, entries: list[ListEntry]) -> None:
        self._entries = {e.id: e for e in entries}
        if len(self._entries) != len(entries):
            raise CatalogueError("lists.yml: two entries share an id")
        self._by: dict[str, dict[str, ListEntry]] = {
            "bundled": {},
            "datasets": {},
            "programs": {},
            "names": {},
            "authorities": {},
        }
        for entry in entries:
            for field_name, table in self._by.items():
                for key in getattr(entry, field_name):
                    norm = _norm(key)
                    if norm in table and table[norm].id != entry.id:
                        raise CatalogueError(
                            f"lists.yml: {field_name} {key!r} names both {table[norm].id} and {entry.id}"
                        )
                    table[norm] = entry

    def __iter__(self) -> Iterator[ListEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, list_id: str | None) -> ListEntry | None:
        return self._entries.get(list_id) if list_id else None

    def identify(
        self,
        *,
        list_id: str | None = None,
        bundled: str | None = None,
        datasets: tuple[str, ...] | list[str] = (),
        program: str | None = None,
        name: str | None = None,
        authority: str | None = None,
    ) -> ListEntry | None:
        """The list a source's words name, most specific first: an id, a bundled id, a dataset, a program, a
        name (alone or as "authority|name"), and only then the authority. None when nothing names a list."""
        if list_id and list_id in self._entries:
            return self._entries[list_id]
        if bundled and (found := self._by["bundled"].get(_norm(bundled))):
            return found
        for dataset in datasets:
            if found := self._by["datasets"].get(_norm(dataset)):
                return found
        if program and (found := self._by["programs"].get(_norm(program))):
            return found
        if name:
            if authority and (found := self._by["names"].get(_norm(f"{authority}|{name}"))):
                return found
            if found := self._by["names"].get(_norm(name)):
                return found
        if authority and (found := self._by["authorities"].get(_norm(authority))):
            return found
        return None


def _entry(raw: dict[str, Any]) -> ListEntry:
    where = f"lists.yml entry {raw.get('id', '?')}"
    try:
        lists = {k: tuple(str(v) for v in raw.get(k) or ()) for k in ("bundled", "datasets", "programs", "names")}
        return ListEntry(
            id=str(raw["id"]),
            title=str(raw["title"]),
            authority=str(raw["authority"]),
            jurisdiction=str(raw["jurisdiction"]),
            kind=ListKind(raw["kind"]),
            url=str(raw.get("url") or ""),
            authorities=tuple(str(v) for v in raw.get("authorities") or ()),
            **lists,
        )
    except KeyError as exc:
        raise CatalogueError(f"{where}: missing {exc.args[0]}") from None
    except ValueError as exc:
        raise CatalogueError(f"{where}: {exc}") from None


def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    return Catalogue([_entry(raw) for raw in data.get("lists") or []])


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, read once per process."""
    return load_catalogue()
