"""`tietrace demo [--no-serve] [--host H] [--port P] [--profile P]`: real public records, one answer, the API.

Loads the bundled demo data (tietrace/demo.py) into the graph, starting the embedded engine if needed, prints
the due-diligence answer for the demo partner with its sources (the report of `tietrace check`) and the demo
researcher's answer under the DoW decision matrix (the report of `tietrace researcher`), then serves the API and its
page and prints the page's URL, the researcher's page, an API key and three requests that work as printed.

The key: an investigator key named `tietrace-demo`, kept in TIETRACE_DATA_DIR/demo-api-key (mode 0600, beside
the hashed keys file) and reused by every later run while it is active, so demo runs do not pile up keys. When it
was revoked or the file is gone, the older demo keys still active are revoked and a new one is made.
"""

from __future__ import annotations

import os
import socket
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

import typer

from tietrace.cli_base import collect_as_usual, err, fail, graph_errors, out

if TYPE_CHECKING:
    from rich.console import Console

    from access.keys import KeyStore
    from tietrace.demo import DemoSummary

DEMO_KEY_NAME = "tietrace-demo"
DEMO_KEY_FILE = "demo-api-key"
# Read-only Cypher for the investigator example: the partner's owners with their shares and dates.
OWNERS_CYPHER = (
    "MATCH (o:Organization {id: $id})<-[r:OWNS]-(owner) "
    "RETURN owner.name AS owner, r.sharePct AS sharePct, r.validFrom AS validFrom, r.validTo AS validTo"
)
SHOWN_LISTINGS = 5  # the answer stays short; `tietrace check` shows every listing
ANY_INTERFACE = {"0.0.0.0", "::", ""}  # noqa: S104 - recognised to print a reachable URL, not bound to


def demo_key(keys: KeyStore, saved: Path) -> tuple[str, bool]:
    """(the demo's investigator key, whether it was created now)."""
    from access.keys import Role

    try:
        key = saved.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    record = keys.verify(key) if key else None
    if record is not None and record.name == DEMO_KEY_NAME and record.role is Role.INVESTIGATOR:
        return key, False
    for old in keys.all_keys():
        if old.name == DEMO_KEY_NAME and old.active:
            keys.revoke(old.id)
    _, key = keys.create(Role.INVESTIGATOR, DEMO_KEY_NAME)
    _write_private(saved, key + "\n")
    return key, True


def _write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only, replacing any older one atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def examples(base: str, key: str, partner: str, profile: str) -> list[str]:
    """Three requests, as shell commands that work when pasted: a search, the answer, investigator Cypher."""
    auth = f'-H "Authorization: Bearer {key}"'
    body = '{"query": "' + OWNERS_CYPHER + '", "params": {"id": "' + partner + '"}}'
    return [
        f"curl {auth} '{base}/v1/entities?q=Zala%20Aero'",
        f"curl {auth} '{base}/v1/entities/{partner}/check?profile={profile}'",
        f"curl {auth} -H 'Content-Type: application/json' -d '{body}' {base}/v1/cypher",
    ]


def print_loaded(console: Console, summary: DemoSummary) -> None:
    """Per source: files, records read and rejected, and what the source holds in the graph now."""
    from rich.table import Table

    from tietrace.demo import DEMO_DIR

    table = Table("source", "files", "read", "rejected", "nodes", "relationships", title="demo data loaded")
    for name, counts in summary.sources.items():
        files = [f for f in summary.files if f.source == name]
        table.add_row(
            name,
            str(len(files)),
            f"{sum(f.read for f in files):,}",
            f"{sum(f.rejected for f in files):,}",
            f"{sum(counts['nodes'].values()):,}",
            f"{sum(counts['relationships'].values()):,}",
        )
    console.print(table)
    rejects = sorted({f.rejects_file for f in summary.files if f.rejects_file})
    console.print(
        f"{summary.rejected:,} records rejected"
        + (f" (reasons in {', '.join(rejects)})" if rejects else "")
        + f"; resolution linked {summary.linked:,} pairs (SAME_AS), {summary.review:,} left for review; "
        f"{summary.seconds:.1f} s",
        highlight=False,
    )
    console.print(
        f'Data: OpenSanctions (CC BY-NC 4.0, attribution "OpenSanctions"), trade.gov, US Department of Education, '
        f"NIH, NSF (public domain), OpenAlex (CC0); each file's origin in {DEMO_DIR / 'SOURCES.md'}",
        style="dim",
        highlight=False,
    )


def port_free(host: str, port: int) -> bool:
    """Whether the API could listen there; checked before loading, so a busy port fails fast and clearly."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


app = typer.Typer()


@app.command("demo")
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Load and answer, then exit; no server.")] = False,
    host: Annotated[str, typer.Option(help="Interface the API listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port of the API.", min=1, max=65535)] = 8000,
    profile: Annotated[str, typer.Option(help="Jurisdiction profile of the answer.")] = "us-research-security",
) -> None:
    """Load real public records, answer for one partner with sources, and serve the API and its page."""
    from access.keys import KeyStore
    from graph.settings import get_settings
    from graph.store import open_store
    from queries import decision_rules
    from queries.check import check
    from queries.profiles import load as load_profile
    from queries.researcher import review
    from tietrace.cli_check import report
    from tietrace.cli_researcher import report as researcher_report
    from tietrace.demo import PARTNER_NAME, RESEARCHER, RESEARCHER_NAME, RESEARCHER_RULES, DemoError, load_demo

    settings = get_settings()
    with graph_errors():
        chosen = load_profile(profile)
    if not no_serve and not port_free(host, port):
        fail(f"port {port} on {host} is in use; pass another --port (or --no-serve)", 2)
    err.print("opening the graph (the embedded engine starts if it is not running)", highlight=False)
    with graph_errors(), open_store() as store:
        try:
            summary = load_demo(store, settings, progress=True)
        except DemoError as exc:
            fail(str(exc))
        result = check(store, summary.partner, chosen)
        researcher = review(store, RESEARCHER, decision_rules.load(RESEARCHER_RULES), date.today())
    print_loaded(out, summary)
    out.print(f"\n[bold]Due diligence for the demo partner, {PARTNER_NAME}[/]\n", highlight=False)
    report(out, result.model_copy(update={"proximity": result.proximity[:SHOWN_LISTINGS]}))
    more = len(result.proximity) - SHOWN_LISTINGS
    if more > 0:
        out.print(f"  and {more} more: `tietrace check {summary.partner}` shows every listing", highlight=False)
    out.print(f"\n[bold]Researcher due diligence for the demo researcher, {RESEARCHER_NAME}[/]\n", highlight=False)
    researcher_report(out, researcher)
    out.print(f"  (`tietrace researcher {RESEARCHER}` gives the same; --rules nsf-dcl-2026-07-08 for NSF's letter)")

    key, created = demo_key(KeyStore(settings.keys_path), settings.data_dir / DEMO_KEY_FILE)
    shown = "127.0.0.1" if host in ANY_INTERFACE else (f"[{host}]" if ":" in host else host)
    base = f"http://{shown}:{port}"
    out.print(f"\nThe page: {base}/ui", markup=False, highlight=False, soft_wrap=True)
    page = f"{base}/ui/#/researcher/{quote(RESEARCHER, safe='')}"
    out.print(f"The researcher's page: {page}", markup=False, highlight=False, soft_wrap=True)
    state = "new" if created else "kept from an earlier run"
    out.print(f"API key ({DEMO_KEY_NAME}, investigator, {state}): {key}", markup=False, highlight=False, soft_wrap=True)
    out.print("Three requests to try:", highlight=False)
    for line in examples(base, key, summary.partner, chosen.name):
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    if no_serve:
        out.print(f"\nStart the API with `tietrace serve --host {host} --port {port}`.", markup=False, highlight=False)
        return

    import uvicorn

    from api.app import create_app

    collect_as_usual()
    err.print("Serving the API; Ctrl-C stops it (the graph keeps running: `tietrace graph stop`).")
    # access_log off: the API writes its own JSON line per request, as `tietrace serve` does.
    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=False)
