"""``magnitsky registry petition ...``: petitions against a designation, from filing to decision.

magnitsky registry petition file NOMINATION FILE.json [--evidence FILE]... [--public]
magnitsky registry petition status            (the petitioner, with the receipt token)
magnitsky registry petition reply TEXT        (the petitioner, with the receipt token)
magnitsky registry petition list|show|message|propose|decide
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from magnitsky.commands.context import out, print_json
from magnitsky.commands.registry import (
    AsJson,
    EvidenceFiles,
    Nomination,
    _evidence,
    _filer,
    _json_file,
    _officer,
    _registry,
    _reported,
)

petition_app = typer.Typer(
    help="Petitions for removal or variation of a designation: file, exchange, decide (four eyes).",
    no_args_is_help=True,
)
Petition = Annotated[int, typer.Argument(help="Petition number.")]
Token = Annotated[
    str,
    typer.Option(
        envvar="MAGNITSKY_PETITION_TOKEN",
        prompt="Receipt token",
        hide_input=True,
        help="The receipt token given when the petition was filed (or MAGNITSKY_PETITION_TOKEN).",
    ),
]


def _summary(view: dict[str, Any]) -> None:
    grounds = ", ".join(view["grounds"])
    out.print(
        f"petition {view['id']}: {view['state']}  nomination {view['nomination']}, "
        f"seeks to {view['sought']} ({grounds})",
        highlight=False,
        soft_wrap=True,
    )
    if view["decision"]:
        by = f"proposed by {view['proposed_by']}" + (f", decided by {view['decided_by']}" if view["decided_by"] else "")
        out.print(f"  decision: {view['decision']} ({by}): {view['reasons']}", highlight=False, soft_wrap=True)


@petition_app.command("file")
def file_petition(
    nomination: Nomination,
    file: Annotated[Path, typer.Argument(help="The petition as JSON (see docs/registry.md).")],
    evidence: EvidenceFiles = None,
    public: Annotated[bool, typer.Option("--public", help="File it as the petitioner does (no sign-in).")] = False,
) -> None:
    """File a petition against a designation in force; prints the petitioner's receipt token, once."""
    registry = _registry()
    officer = _filer(registry, public)
    with _reported():
        view, token = registry.petitions.file(nomination, _json_file(file), officer, _evidence(evidence))
    _summary(view)
    out.print(f"  receipt token: {token}", highlight=False, soft_wrap=True)
    out.print("  (the petitioner's only key to its status: it is not stored and cannot be shown again)")


@petition_app.command("status")
def status(token: Token, as_json: AsJson = False) -> None:
    """The petitioner's view of their own petition: state, exchanges, and the decision with reasons."""
    registry = _registry()
    with _reported():
        view = registry.petitions.status(token)
    if as_json:
        print_json(view)
        return
    out.print(f"petition {view['petition']}: {view['state']}", highlight=False)
    for message in view["messages"]:
        out.print(f"  {message['at']} {message['from']}: {message['text']}", highlight=False, soft_wrap=True)
    if view["reasons"]:
        out.print(f"  reasons: {view['reasons']}", highlight=False, soft_wrap=True)


@petition_app.command("reply")
def reply(text: Annotated[str, typer.Argument(help="What the petitioner writes.")], token: Token) -> None:
    """The petitioner writes to the authority about their petition."""
    registry = _registry()
    with _reported():
        view = registry.petitions.reply(token, text)
    out.print(f"petition {view['petition']}: message sent", highlight=False)


@petition_app.command("list")
def list_petitions(
    nomination: Annotated[int | None, typer.Option(help="Only petitions against this nomination.")] = None,
    state: Annotated[str | None, typer.Option(help="open, decision, granted or refused.")] = None,
    as_json: AsJson = False,
) -> None:
    """Petitions, oldest first."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        rows = registry.petitions.list(officer, nomination, state)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "nomination", "state", "seeks", "grounds", "filed")
    for r in rows:
        table.add_row(
            str(r["id"]), str(r["nomination"]), r["state"], r["sought"], ", ".join(r["grounds"]), r["filed_at"]
        )
    out.print(table)


@petition_app.command("show")
def show(petition: Petition, as_json: AsJson = False) -> None:
    """A petition with its petitioner, statement, evidence and exchanges."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.petitions.view(petition, officer)
    if as_json:
        print_json(view)
        return
    _summary(view)
    out.print(f"  statement: {view['statement']}", highlight=False, soft_wrap=True)
    for message in view["messages"]:
        out.print(f"  {message['at']} {message['from']}: {message['text']}", highlight=False, soft_wrap=True)


@petition_app.command("message")
def message(petition: Petition, text: Annotated[str, typer.Argument(help="What to write to the petitioner.")]) -> None:
    """Write to the petitioner (they read it with their receipt token)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        _summary(registry.petitions.message(petition, text, officer))


@petition_app.command("propose")
def propose(
    petition: Petition,
    decision: Annotated[str, typer.Argument(help="grant or refuse")],
    reasons: Annotated[str, typer.Option(help="The reasons the petitioner will read.")],
) -> None:
    """Propose the decision (a legal reviewer or decision-maker); another decision-maker decides."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        _summary(registry.petitions.propose(petition, decision, reasons, officer))


@petition_app.command("decide")
def decide(
    petition: Petition,
    send_back: Annotated[
        bool, typer.Option("--send-back", help="Disagree: the petition goes back open, without a decision.")
    ] = False,
) -> None:
    """Take the proposed decision (a decision-maker who did not propose it). Granting orders the
    designation revoked or varied: `magnitsky registry publish NOMINATION` by a publisher carries it out."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.petitions.decide(petition, officer, agree=not send_back)
    _summary(view)
    if view["state"] == "granted":
        out.print(
            f"  ordered: {view['sought']} the designation; a publisher runs "
            f"`magnitsky registry publish {view['nomination']}`",
            highlight=False,
            soft_wrap=True,
        )
