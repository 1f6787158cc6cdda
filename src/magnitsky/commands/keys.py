"""``magnitsky keys create|list|revoke``: API keys of the HTTP service."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from magnitsky.commands.context import actor, err, fail, out, print_json, store

keys_app = typer.Typer(help="API keys of the HTTP service (magnitsky serve).", no_args_is_help=True)
ROLES = "screener (may screen), analyst (may read cases), supervisor (may approve), admin (may manage keys and lists)"


def _keys():
    from magnitsky.api.keys import KeyStore

    return KeyStore(store().engine)


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who or what uses the key, e.g. bank-onboarding.")],
    role: Annotated[str, typer.Option(help=ROLES)] = "screener",
    rate: Annotated[float | None, typer.Option(min=0.001, help="Requests per second (default: the server's).")] = None,
    user: Annotated[
        str | None,
        typer.Option(
            help="The reviewer (see `magnitsky users list`) the key acts for: "
            "only such a key decides and approves alerts."
        ),
    ] = None,
) -> None:
    """Create a key and print it. It is shown this once: only a hash of it is stored."""
    from magnitsky.api.keys import ApiKeyError, Role

    try:
        key, secret = _keys().create(name, Role.parse(role), actor(), rate, user)
    except ApiKeyError as exc:
        fail(str(exc))
    acting = f", acting for reviewer {key.user!r}" if key.user else ""
    err.print(
        f"API key {key.name!r} (role {key.role.label}{acting}) created. Store it now: it cannot be shown again.",
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
    from magnitsky.api.keys import ApiKeyError

    try:
        _keys().revoke(name, actor())
    except ApiKeyError as exc:
        fail(str(exc))
    out.print(f"API key {name!r} revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
