"""``magnitsky keys create|request|list|revoke``: API keys of the HTTP service.

A system's key (bound to no reviewer) an administrator creates alone; a key acting for a reviewer
that reviewer asks for themselves (``keys request``), and a second person approves it
(``magnitsky requests approve``): nobody ever holds a key of someone else."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from magnitsky.commands.context import actor, err, fail, out, person, print_json, store

keys_app = typer.Typer(help="API keys of the HTTP service (magnitsky serve).", no_args_is_help=True)
ROLES = "screener (may screen), analyst (may read cases), supervisor (may approve), admin (may manage keys and lists)"


def _keys():
    from magnitsky.api.keys import KeyStore

    return KeyStore(store().engine)


Rate = Annotated[float | None, typer.Option(min=0.001, help="Requests per second (default: the server's).")]


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who or what uses the key, e.g. bank-onboarding.")],
    role: Annotated[str, typer.Option(help=ROLES)] = "screener",
    rate: Rate = None,
) -> None:
    """Create a key for a system (it acts for no reviewer, so it decides nothing) and print it.
    It is shown this once: only a hash of it is stored."""
    from magnitsky.api.keys import Role

    key, secret = _keys().create(name, Role.parse(role), actor(), rate)
    err.print(
        f"API key {key.name!r} (role {key.role.label}) created. Store it now: it cannot be shown again.",
        soft_wrap=True,
    )
    out.print(secret, highlight=False, soft_wrap=True)


@keys_app.command("request")
def request(
    name: Annotated[str, typer.Argument(help="The key's name, e.g. alice-desk.")],
    role: Annotated[str, typer.Option(help="At most your own role.")] = "analyst",
    rate: Rate = None,
    rationale: Annotated[str, typer.Option(help="Why: recorded in the audit trail.")] = "personal key",
) -> None:
    """Ask for a key acting for you (MAGNITSKY_USER with your password): it decides and approves
    alerts as you once an administrator other than you approves it. Printed this once."""
    from magnitsky.api.keys import ApiKeyError, Role
    from magnitsky.cases import CaseError

    by = person()
    try:
        pending, secret = _keys().request(name, Role.parse(role), by, rationale, rate)
    except (ApiKeyError, CaseError) as exc:
        fail(str(exc))
    err.print(
        f"API key {name!r} (role {role}, acting for {by.name}) requested as request {pending.id}: it works once "
        f"an administrator other than you approves it (`magnitsky requests approve {pending.id}`). "
        "Store it now: it cannot be shown again.",
        soft_wrap=True,
    )
    out.print(secret, highlight=False, soft_wrap=True)


@keys_app.command("list")
def list_keys(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every key with its role and state (the keys themselves are not stored)."""
    keys = _keys().list()
    if as_json:
        print_json([k.to_dict() for k in keys])
        return
    table = Table("name", "role", "reviewer", "rate", "created", "by", "state")
    for k in keys:
        state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
        table.add_row(
            k.name,
            k.role.label,
            k.user or "-",
            f"{k.rate:g}/s" if k.rate else "default",
            f"{k.created_at:%Y-%m-%d %H:%M}",
            k.created_by,
            state,
        )
    out.print(table)


@keys_app.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key: running servers refuse it within seconds."""

    _keys().revoke(name, actor())
    out.print(f"API key {name!r} revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
