"""``magnitsky payment FILE`` and ``magnitsky frozen list|export|release``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from magnitsky.commands.context import (
    MEASURES_HELP,
    RULES_HELP,
    actor,
    database_url,
    fail,
    jurisdiction_rules,
    measures_table,
    one_of,
    out,
    person,
    print_json,
    screener,
    settings,
)

MAX_INPUT_BYTES = 50 * 1024 * 1024

frozen_app = typer.Typer(help="The frozen-assets register: funds blocked by payment screening.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(payment)
    app.add_typer(frozen_app, name="frozen")


def payment(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A pacs.008, pain.001 (XML) or MT103 message; - for stdin.")
    ],
    measures: Annotated[
        Path | None,
        typer.Option(help=MEASURES_HELP),
    ] = None,
    jurisdictions: Annotated[
        Path | None,
        typer.Option(help=RULES_HELP),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Screen a payment message: PASS, HOLD, REJECT or BLOCK, with the parties and entries that caused it.

    BLOCK records the funds in the frozen-assets register; HOLD opens alerts for a reviewer
    (`magnitsky alerts list`). The same message again returns the stored decision and records
    nothing new (but opens any alert missing, e.g. after a crash)."""
    from magnitsky.cases.enforcement import EnforcementAlerts
    from magnitsky.screening.payments import MessageConflict, MessageError, PaymentScreening
    from magnitsky.store import open_database

    name = "stdin" if file == "-" else file
    try:
        data = _read(file)
        lists, database = screener(), open_database(database_url())
        service = PaymentScreening(
            lists,
            database,
            measures_table(measures),
            jurisdiction_rules(jurisdictions),
            settings().screening.thresholds.review,
        )
        outcome = service.screen(data, actor(), name)
    except (MessageError, MessageConflict, OSError) as exc:
        fail(f"{exc} (nothing was recorded)")
    alerts = EnforcementAlerts(database, lists).for_payment(outcome, actor())
    result = {**outcome.to_dict(), "alerts": [a.to_dict() for a in alerts]}
    if as_json:
        print_json(result)
        return
    message = result["message"]
    colour = {"PASS": "green", "HOLD": "yellow", "REJECT": "red", "BLOCK": "bold red"}[result["decision"]]
    out.print(
        f"[{colour}]{result['decision']}[/] {message['version']} {message['message_id']} "
        f"from {message['sender'] or 'unknown sender'} (decision {result['decision_id']}, {result['decided_at']}"
        f"{', screened before: stored decision returned' if outcome.replayed else ''})",
        highlight=False,
    )
    for tx in result["transactions"]:
        out.print(
            f"  transaction {tx['id']}: {tx['amount']} {tx['currency']}, "
            f"{len(tx['parties'])} parties -> {tx['decision']}",
            highlight=False,
        )
        for cause in tx["causes"]:
            out.print(f"    {cause['decision']:6} {cause['field']}: {cause['reason']}", highlight=False, soft_wrap=True)
            if cause.get("basis"):
                out.print(f"           basis: {'; '.join(cause['basis'])}", highlight=False, soft_wrap=True)
    out.print(
        f"thresholds match {result['thresholds']['match']} review {result['thresholds']['review']}; "
        f"lists {', '.join(result['list_versions']) or '-'}; measures table {result['measures_table']}; "
        f"jurisdiction rules {result['jurisdiction_rules']}",
        highlight=False,
    )
    for alert in alerts:
        out.print(f"  {alert.describe()}", highlight=False, soft_wrap=True)


def _read(file: str) -> bytes:
    stream = sys.stdin.buffer if file == "-" else open(file, "rb")
    with stream:
        data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise OSError(f"{file}: larger than {MAX_INPUT_BYTES:,} bytes; not a single payment message")
    return data


def _register():
    from magnitsky.screening.payments import FrozenAssetsRegister
    from magnitsky.store import open_database

    return FrozenAssetsRegister(open_database(database_url()))


@frozen_app.command("list")
def list_assets(
    all_: Annotated[bool, typer.Option("--all", help="Include released assets.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Funds in the register (frozen ones; --all for released too)."""
    assets = _register().assets(include_released=all_)
    if as_json:
        print_json(assets)
        return
    table = Table("id", "status", "blocked", "value", "owner", "program", "message")
    for a in assets:
        table.add_row(
            str(a["asset_id"]),
            a["status"],
            a["date_blocked"],
            f"{a['value']} {a['currency']}",
            a["owner"],
            a["program"],
            f"{a['message_type']} {a['message_reference']}",
        )
    out.print(table)
    out.print(f"{len(assets)} asset(s)")


@frozen_app.command("export")
def export_assets(
    format: Annotated[str, typer.Option("--format", "-f", callback=one_of("csv", "json"), help="csv or json.")] = "csv",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Every register row with the fields a blocked-property report needs (owner, property, value, date,
    program, location)."""
    from magnitsky.screening.payments.register import write_report_csv

    assets = _register().assets()
    target = open(out_path, "w", encoding="utf-8", newline="") if out_path else sys.stdout
    try:
        if format == "json":
            target.write(json.dumps(assets, ensure_ascii=False, indent=2) + "\n")
        else:
            write_report_csv(assets, target)
    finally:
        if out_path:
            target.close()


@frozen_app.command("release")
def release_asset(
    asset_id: Annotated[int, typer.Argument(metavar="ID", help="Register id (see `magnitsky frozen list`).")],
    rationale: Annotated[str, typer.Option(help="Why: the licence, delisting or error that justifies the release.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Ask for frozen funds to be released (as MAGNITSKY_USER or MAGNITSKY_KEY proves). They stay
    frozen until a supervisor other than you approves (`magnitsky requests approve ID`)."""
    from magnitsky.cases.releases import FundReleases
    from magnitsky.store import open_database

    by = person()
    request = FundReleases(open_database(database_url())).request(asset_id, by, rationale)
    if as_json:
        print_json(request.to_dict())
        return
    out.print(
        f"release of frozen asset {asset_id} requested (request {request.id}); the funds stay frozen until a "
        f"supervisor other than you approves it (`magnitsky requests approve {request.id}`)",
        highlight=False,
    )
