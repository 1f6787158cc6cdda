"""``magnitsky requests list|approve|reject``: changes awaiting a second person (four-eyes).

Reviewer accounts (`magnitsky users add`), keys bound to reviewers (`magnitsky keys request`),
registry roles (`magnitsky registry grant`) and releases of frozen funds (`magnitsky frozen
release`) wait here until someone other than who asked approves them, as the reviewer
MAGNITSKY_USER (with a password) or MAGNITSKY_KEY proves.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from magnitsky.commands.context import out, person, print_json, store

requests_app = typer.Typer(help="Changes awaiting a second person's approval (four-eyes).", no_args_is_help=True)
Rationale = Annotated[str, typer.Option(help="Why: recorded with the decision in the audit trail.")]


def register(app: typer.Typer) -> None:
    app.add_typer(requests_app, name="requests")


@requests_app.command("list")
def list_requests(
    all_: Annotated[bool, typer.Option("--all", help="Include decided requests.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Pending requests (--all: decided ones too), oldest first."""
    from magnitsky.store.requests import Requests

    found = Requests(store().engine).list(pending_only=not all_)
    if as_json:
        print_json([r.to_dict() for r in found])
        return
    table = Table("id", "kind", "subject", "asked by", "at", "why", "state")
    for r in found:
        state = r.state + (f" by {r.decided_by}" if r.decided_by else "")
        table.add_row(
            str(r.id),
            r.kind,
            r.subject,
            f"{r.requested_by} ({r.requested_via})",
            f"{r.requested_at:%Y-%m-%d %H:%M}",
            r.rationale,
            state,
        )
    out.print(table)


@requests_app.command("approve")
def approve(request_id: Annotated[int, typer.Argument(metavar="ID")], rationale: Rationale) -> None:
    """Approve a request someone else made: the change takes effect now."""
    _decide(request_id, rationale, approve=True)


@requests_app.command("reject")
def reject(request_id: Annotated[int, typer.Argument(metavar="ID")], rationale: Rationale) -> None:
    """Reject a request someone else made: nothing changes."""
    _decide(request_id, rationale, approve=False)


def _decide(request_id: int, rationale: str, approve: bool) -> None:
    from magnitsky.api.approvals import decide

    by = person()
    decided = decide(store().engine, request_id, by, rationale, approve)
    request = decided.request
    out.print(
        f"request {request.id} ({request.kind} {request.subject}, asked by {request.requested_by}): "
        f"{request.state} by {by.name}",
        highlight=False,
    )
    if decided.setup_half:
        name = request.subject.removeprefix("user:")
        out.print(
            f"setup code, second half (give it to {name} yourself): {decided.setup_half}; "
            f"{name} then runs `magnitsky users activate {name}` with FIRST-SECOND",
            highlight=False,
        )
