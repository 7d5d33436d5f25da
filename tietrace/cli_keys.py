"""`tietrace keys create|revoke|list`: the API's keys, stored hashed in TIETRACE_DATA_DIR (access/keys.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

# At the top, unlike the CLI's other imports of access/: typer reads Role to offer its values in --help. The module
# is the standard library's and graph.errors, nothing more.
from access.keys import Role
from tietrace.cli_base import err, graph_errors, out, print_json

if TYPE_CHECKING:
    from access.keys import KeyStore

app = typer.Typer(name="keys", help="API keys: create (shown once), revoke, list. Stored hashed in TIETRACE_DATA_DIR.")


def key_store() -> KeyStore:
    from access.keys import KeyStore
    from graph.settings import get_settings

    return KeyStore(get_settings().keys_path)


@app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="viewer, investigator or admin.", case_sensitive=False)],
    name: Annotated[str, typer.Option(help="Who or what holds the key (shown in logs and the audit).")] = "",
) -> None:
    """Create a key and print it once on stdout; only its hash is kept."""
    record, key = key_store().create(role, name)
    err.print(
        f"key {record.id} ({record.role.value}, {record.name!r}) created; it is shown once, keep it now:",
        highlight=False,
    )
    out.print(key, markup=False, highlight=False, soft_wrap=True)


@app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (see `tietrace keys list`).")]) -> None:
    """Revoke a key: it stops working at once, also in a running API."""
    with graph_errors():
        record = key_store().revoke(key_id)
    out.print(f"key {record.id} ({record.name!r}) revoked at {record.revoked_at}", highlight=False)


@app.command("list")
def keys_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every key with its id, name, role and dates (never the key or its hash)."""
    from rich.table import Table

    found = key_store().all_keys()
    if as_json:
        print_json(json.dumps([k.public() for k in found]))
        return
    table = Table("id", "name", "role", "created", "revoked")
    for k in found:
        table.add_row(k.id, k.name, k.role.value, k.created_at, k.revoked_at or "")
    out.print(table)
    if not found:
        err.print("no keys yet: `tietrace keys create --role viewer --name NAME`")
