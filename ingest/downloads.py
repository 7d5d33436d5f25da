"""Staying current with a published list: download the full current export with a conditional request, load it
through the normal ingest path, and end the listings the new export no longer carries.

- OpenSanctions: https://data.opensanctions.org/datasets/latest/<dataset>/entities.ftm.json (the URL scheme of
  OpenSanctions' bulk-data documentation, docs/bulk/updates), CC BY-NC 4.0, attribution "OpenSanctions".
- The US Consolidated Screening List: https://data.trade.gov/downloadable_consolidated_screening_list/v1/
  consolidated.csv (public domain).

The request carries If-None-Match / If-Modified-Since from the previous download (RFC 9110 validators): a 304 means
the export did not change and nothing is loaded or ended. A 200 is written beside the previous export, loaded as
`tietrace ingest SOURCE --file` would load it, and compared with the previous export by listing: a Sanction
entity (FtM) or a row (CSL) keyed by its id and hashed by its content. Listings gone from the new export are
loaded once more from the previous export with an end date of today, so their LISTED_ON edges END (validTo)
instead of lingering. The run reports added, changed and removed listings.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from graph.store import GraphStore
from ingest.errors import SourceError
from ingest.files import csv_rows, json_lines
from ingest.http import HttpFetcher
from ingest.run import IngestOptions, IngestSummary, run_source, source_dir
from ingest.sources import get

log = logging.getLogger(__name__)

OPENSANCTIONS_URL = "https://data.opensanctions.org/datasets/latest/{dataset}/entities.ftm.json"
CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
LICENCES = {
    "opensanctions": "CC BY-NC 4.0: non-commercial use only, attribution OpenSanctions "
    "(https://www.opensanctions.org/licensing/)",
    "trade_csl": "Public domain (US Government work)",
}
# Per-entity timestamps OpenSanctions rewrites on every export: not a change of the listing.
_VOLATILE = ("first_seen", "last_seen", "last_change")


@dataclass(slots=True)
class Refresh:
    """What one refresh did: the download, the load, and the listings added, changed and removed."""

    source: str
    url: str
    licence: str
    status: str = "downloaded"  # or "unchanged" (HTTP 304)
    etag: str | None = None
    last_modified: str | None = None
    added: int = 0
    changed: int = 0
    removed: int = 0
    loads: list[IngestSummary] = field(default_factory=list)

    @property
    def failed(self) -> str | None:
        return next((s.failed for s in self.loads if s.failed), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "url": self.url,
            "licence": self.licence,
            "status": self.status,
            "etag": self.etag,
            "lastModified": self.last_modified,
            "listings": {"added": self.added, "changed": self.changed, "removed": self.removed},
            "loads": [s.as_dict() for s in self.loads],
            "failed": self.failed,
        }


def download(http: HttpFetcher, url: str, target: Path, validators: dict[str, str]) -> httpx.Response | None:
    """GET `url` into `target` unless the server says it is unchanged (None on 304)."""
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("lastModified"):
        headers["If-Modified-Since"] = validators["lastModified"]
    response = http.get_file(url, headers=headers)
    if response.status_code == 304:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(response.content)
    partial.replace(target)  # a half-written export is never loaded
    return response


def listing_hashes(source: str, path: Path) -> dict[str, str]:
    """{listing key: content hash} of an export: FtM Sanction entities, or CSL rows."""
    found: dict[str, str] = {}
    for key, record in _listings(source, path):
        found[key] = hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()
    return found


def _listings(source: str, path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if source == "opensanctions":
        for _, value in json_lines(path):
            if isinstance(value, dict) and value.get("schema") == "Sanction" and isinstance(value.get("id"), str):
                yield value["id"], {k: v for k, v in value.items() if k not in _VOLATILE}
    else:
        for _, row in csv_rows(path):
            if row.get("_id") or row.get("entity_number"):
                yield _csl_key(row), row


def _csl_key(row: dict[str, str]) -> str:
    """A CSL listing: the row's id on one list (Treasury ids are entity numbers shared across its lists)."""
    return f"{row.get('_id') or row.get('entity_number')}|{row.get('source', '')}"


def write_ended(source: str, previous: Path, removed: set[str], day: str, target: Path, current: Path) -> int:
    """The removed listings of the previous export, each ended on `day`, as a file the source reads. A listed
    party still in the current export is written as it is there, so ending its listing does not bring back its
    old names."""
    if source == "opensanctions":
        sanctions = {}
        things: dict[str, dict[str, Any]] = {}
        for _, value in json_lines(previous):
            if not isinstance(value, dict):
                continue
            if value.get("id") in removed and value.get("schema") == "Sanction":
                props = dict(value.get("properties") or {})
                props["endDate"] = [day]
                sanctions[value["id"]] = {**value, "properties": props}
            elif value.get("schema") not in {"Sanction", "Ownership", "Directorship", "Payment"}:
                things[str(value.get("id"))] = value
        wanted = {ref for s in sanctions.values() for ref in s["properties"].get("entity", [])}
        for _, value in json_lines(current):
            if isinstance(value, dict) and value.get("id") in wanted and value.get("schema") != "Sanction":
                things[str(value["id"])] = value
        with target.open("w", encoding="utf-8") as handle:
            for ref in sorted(wanted):
                if ref in things:  # the listed party, so the listing finds its endpoint
                    handle.write(json.dumps(things[ref]) + "\n")
            for value in sanctions.values():
                handle.write(json.dumps(value) + "\n")
        return len(sanctions)
    rows = [row for _, row in csv_rows(previous) if _csl_key(row) in removed]
    if not rows:
        return 0
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "end_date": day})
    return len(rows)


def refresh(
    store: GraphStore,
    source: str,
    data_dir: Path,
    *,
    dataset: str | None = None,
    transport: httpx.BaseTransport | None = None,
    commit_every: int = 1000,
    today: str | None = None,
) -> Refresh:
    """Download the current export of `source` (an OpenSanctions dataset, or the full CSL) and apply it."""
    if source == "opensanctions":
        if not dataset:
            raise SourceError(
                "opensanctions: name a dataset (--dataset default, sanctions, us_dod_chinese_milcorps...)"
            )
        url, name = OPENSANCTIONS_URL.format(dataset=dataset), f"{dataset}.ftm.json"
    elif source == "trade_csl":
        url, name, dataset = CSL_URL, "consolidated.csv", "consolidated"
    else:
        raise SourceError(f"{source}: no download; sources that download their full list: opensanctions, trade_csl")
    folder = source_dir(data_dir, source) / "downloads" / str(dataset)
    state_file = folder / "state.json"
    state: dict[str, Any] = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else {}
    result = Refresh(source=source, url=url, licence=LICENCES[source])
    # `applied` is the last export loaded in full; a new one is fetched beside it and only replaces it (with the
    # validators and listings in state.json) once loaded, so a failed run leaves the comparison base intact.
    applied, incoming = folder / name, folder / f"incoming.{name}"
    http = HttpFetcher(source, None, transport=transport)
    try:
        response = download(http, url, incoming, state.get("validators", {}) if applied.is_file() else {})
    finally:
        http.close()
    if response is None:
        result.status = "unchanged"
        kept = state.get("validators", {})
        result.etag, result.last_modified = kept.get("etag"), kept.get("lastModified")
        return result
    log.info("%s: downloaded %s; licence: %s", source, url, result.licence)
    result.etag, result.last_modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    options = IngestOptions(file=incoming, commit_every=commit_every, transport=transport, progress=False)
    result.loads.append(run_source(store, get(source), options, data_dir))
    if result.failed:
        return result
    before: dict[str, str] = state.get("listings", {})
    now = listing_hashes(source, incoming)
    result.added = len(now.keys() - before.keys())
    result.changed = sum(1 for k in now.keys() & before.keys() if now[k] != before[k])
    removed = set(before) - set(now)
    if removed and applied.is_file():
        day = today or datetime.now(UTC).date().isoformat()
        ended = folder / f"ended.{name}"
        result.removed = write_ended(source, applied, removed, day, ended, incoming)
        if result.removed:
            result.loads.append(run_source(store, get(source), IngestOptions(file=ended, progress=False), data_dir))
            if result.failed:
                return result
    incoming.replace(applied)
    validators = {"etag": result.etag, "lastModified": result.last_modified}
    state_file.write_text(json.dumps({"url": url, "validators": validators, "listings": now}), encoding="utf-8")
    return result
