"""The real-data demo: load the bundled public records through the normal ingest path, then resolve them.

The files in `tietrace/demo_data/` (origins and licenses in its SOURCES.md) are loaded in the order of its
`manifest.yml`, each by `ingest.run.run_source` in file mode, exactly as `tietrace ingest SOURCE --file FILE`
loads it: so the demo also proves ingest, checkpoints and rejects included. The bundled lists follow (as
`tietrace lists load`: the 13 US lists of NSF's 2026 letter, China's lists, 1260H, 1286, MIEU). Resolution
(`resolve.run.resolve`, as `tietrace resolve run`) follows, so records of one organization get SAME_AS links. A
rerun changes nothing but `lastSeen`: ingest upserts on stable ids and resolution rewrites the same SAME_AS
relationships.

The demo partner is CST LLC (OOO "TsST", OGRN 1101841007938), the Russian drone maker trading as ZALA AERO GROUP,
from the OpenSanctions ZALA cluster. It was chosen because its answer under `us-research-security` shows every
part of a due-diligence answer with a source for each fact:
- who controls it: Aleksandr Zakharov (51 %, controls, ultimate), JSC NPO IZHMASH, i.e. Concern Kalashnikov
  (49 %), and its general director (a board seat), each from a Russian company register record (EGRUL) carried
  by OpenSanctions, with start dates and no end date;
- watchlist proximity: it is listed itself on the BIS Entity List (a list the profile counts) and on many
  other lists (OFAC, UK, EU, Japan, Ukraine...), and its controlling owner is listed too.
The other candidates answer less: ZALA AERO JSC's only owner record ended on 2024-06-24, so it has no current
controller, and Concern Kalashnikov carries no listing in this cluster.

The demo researcher (RESEARCHER below) shows the person-level question on the same graph: `tietrace researcher`'s
answer for an author of the demo's OpenAlex page, with his records, affiliations over time and each decision rule.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from graph.ids import make_id
from graph.settings import Settings
from graph.store import GraphStore
from ingest.errors import IngestError
from ingest.run import IngestOptions, IngestSummary, run_source
from ingest.sources import get
from resolve.matcher import Matcher
from resolve.run import resolve
from tietrace.bundled_lists import FileLoad, load_lists

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
MANIFEST = DEMO_DIR / "manifest.yml"
# CST LLC (ZALA AERO GROUP) in zala-cluster.ftm.jsonl; the id the opensanctions source gives that FtM entity.
PARTNER = make_id("opensanctions", "NK-abdzbEBkqyT29GyREbiURZ")
PARTNER_NAME = "LLC CST (Zala Aero Group)"  # one of the record's own names; the graph shows its first, in Ukrainian
RESOLUTION_DATASET = "resolve"  # the dataset resolve.judgements writes SAME_AS links under
# The demo researcher: Vincent Larivière, an author of the OpenAlex work W2741809807 on the demo's /works page, known
# there by his ORCID. His answer under the DoW decision matrix is built only from public records: his OpenAlex
# authorships and institutions, his eight co-authors' institutions, and the bundled lists they are checked against.
RESEARCHER = "orcid:0000-0002-2733-0689"
RESEARCHER_NAME = "Vincent Larivière"
RESEARCHER_RULES = "dow-decision-matrix-2026-03"


class DemoError(Exception):
    """The demo could not load: a broken manifest, a missing file, or a source that failed (named)."""


@dataclass(frozen=True, slots=True)
class DemoFile:
    source: str
    name: str  # as written in the manifest, relative to its folder
    path: Path


@dataclass(slots=True)
class DemoSummary:
    partner: str
    files: list[FileLoad] = field(default_factory=list)
    # Nodes per label and relationships per type of each demo source (and of resolution) in the graph afterwards:
    # the same numbers `tietrace stats --json` gives under `sources`, unchanged by a rerun.
    sources: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    linked: int = 0  # SAME_AS pairs resolution wrote
    review: int = 0  # pairs left for a person to decide (`tietrace resolve run` lists them)
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)


def manifest(path: Path = MANIFEST) -> list[DemoFile]:
    """The demo files in load order; a malformed entry, an unknown source or a missing file is a DemoError."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DemoError(f"{path}: cannot be read as YAML ({exc})") from exc
    entries = data.get("files") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DemoError(f"{path}: expected a non-empty list under 'files'")
    files = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("source"), str) or not entry.get("file"):
            raise DemoError(f"{path}: entry {number} needs 'source' and 'file', got {entry!r}")
        try:
            get(entry["source"])
        except IngestError as exc:
            raise DemoError(f"{path}: entry {number}: {exc}") from None
        name = str(entry["file"])
        file = (path.parent / name).resolve()
        if not file.is_relative_to(path.parent.resolve()) or not file.is_file():
            raise DemoError(f"{path}: entry {number}: {name} is not a file in {path.parent}")
        files.append(DemoFile(entry["source"], name, file))
    return files


def load_demo(store: GraphStore, settings: Settings, *, progress: bool = False) -> DemoSummary:
    """Load every demo file through ingest, then resolve; a rerun leaves the graph as it was."""
    began = time.monotonic()
    console = Console(stderr=True) if progress else None
    summary = DemoSummary(partner=PARTNER)
    # The ROR records bundled with the lists first: the funding statements' funders are found among the graph's
    # organizations, which must be the same on the first run as on a rerun (the lists name no funder).
    references = load_lists(store, settings, progress=progress, resolve_after=False, files="references")
    for demo_file in manifest():
        if console is not None:
            console.print(f"loading {demo_file.name} ({demo_file.source})", highlight=False)
        options = IngestOptions(
            file=demo_file.path,
            commit_every=settings.ingest_commit_every,
            # The ingest spinner only on a terminal; the lines here say what is being loaded either way.
            progress=None if progress else False,
        )
        loaded = run_source(store, get(demo_file.source), options, settings.data_dir)
        if loaded.failed:
            raise DemoError(f"{demo_file.name} ({demo_file.source}) failed: {loaded.failed}")
        summary.files.append(_file_load(demo_file, loaded))
        if console is not None:
            console.print(
                f"  {loaded.read:,} read, {loaded.rejected:,} rejected, {loaded.upserted:,} upserted "
                f"in {loaded.seconds:.1f} s",
                highlight=False,
                style="dim",
            )
    # The bundled lists (tietrace/lists_data/), so a newcomer can screen real names against real lists at once;
    # resolution below links them with the rest, as `tietrace lists load` does.
    if console is not None:
        console.print("loading the bundled lists (tietrace/lists_data/)", highlight=False)
    lists = load_lists(store, settings, progress=progress, resolve_after=False, files="lists")
    summary.files.extend(replace(f, file=f"lists_data/{f.file}") for f in (*lists.files, *references.files))
    if console is not None:
        console.print("resolving organizations across sources", highlight=False)
    # Every organization against the whole graph, the list records among themselves too: one institution on the
    # Entity List, the 1286 list and 1260H is one organization to check and to screen (about 20 s on 5,400).
    # Resolution writes links only: one index serves both passes, and `tietrace screen` loads it (resolve/snapshots.py).
    matcher = Matcher.from_store(store, keep_in=settings.index_folder)
    resolved = resolve(store, matcher)
    # ...and the bundled ROR records by every one of their names, as `tietrace lists load` resolves them.
    referenced = resolve(store, matcher, only=references.reference_ids)
    summary.linked, summary.review = resolved.merged + referenced.merged, len(resolved.review) + len(referenced.review)
    wanted = {f.source for f in summary.files} | {RESOLUTION_DATASET}
    per_source: dict[str, dict[str, dict[str, int]]] = store.stats()["sources"]
    summary.sources = {name: counts for name, counts in sorted(per_source.items()) if name in wanted}
    summary.seconds = time.monotonic() - began
    return summary


def _file_load(demo_file: DemoFile, loaded: IngestSummary) -> FileLoad:
    return FileLoad(
        source=demo_file.source,
        file=demo_file.name,
        read=loaded.read,
        rejected=loaded.rejected,
        upserted=loaded.upserted,
        seconds=loaded.seconds,
        rejects_file=loaded.rejects_file,
    )
