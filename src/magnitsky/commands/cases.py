"""Review commands: reviewers, customers, alerts, the audit trail and list-change monitoring.

magnitsky users bootstrap|add|activate|disable|list   (see magnitsky.cases.users)
magnitsky customers import FILE [--map name=full_name,birthDate=dob]   magnitsky customers screen
magnitsky alerts list|show|review|decide|approve
magnitsky audit verify [--against FILE]|checkpoint [--out FILE]|public-key|export
magnitsky monitor
"""

from __future__ import annotations

import csv
import json
import socket
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from magnitsky.cases.records import AlertDecision, AlertState
from magnitsky.cases.roles import ROLES
from magnitsky.commands.context import (
    MATCH_HELP,
    actor,
    err,
    fail,
    home,
    one_of,
    out,
    person,
    print_json,
    progress,
    screener,
    secret,
    settings,
    store,
)

if TYPE_CHECKING:  # the case store (SQLAlchemy) is imported by the commands that use it, not by --help
    from magnitsky.cases import Alert, CaseService

users_app = typer.Typer(
    help="Reviewers and their roles (analyst decides, supervisor also approves, admin manages reviewers). "
    "Commands acting as a reviewer take MAGNITSKY_USER (and your password) or MAGNITSKY_KEY.",
    no_args_is_help=True,
)
customers_app = typer.Typer(help="Import and screen the customer base.", no_args_is_help=True)
alerts_app = typer.Typer(help="Possible matches for a person to decide, with a reason.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)

Rationale = Annotated[str, typer.Option(help="Why: recorded with the decision in the audit trail.")]
Version = Annotated[int | None, typer.Option(help="The alert version you reviewed; refused if it changed since.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(customers_app, name="customers")
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(audit_app, name="audit")
    app.command()(monitor)


def _service() -> CaseService:
    from magnitsky.cases import CaseService

    return CaseService(store().engine, settings().screening.thresholds.four_eyes)


@contextmanager
def _reported():
    """Case, store and file errors end the command with exit 1 and their one-line cause."""
    from magnitsky.cases import CaseError
    from magnitsky.store import StoreError

    try:
        yield
    except (CaseError, StoreError, OSError) as exc:
        fail(str(exc))


# -- users -----------------------------------------------------------------------------------------


@users_app.command("bootstrap")
def users_bootstrap(name: Annotated[str, typer.Argument(help="The administrator's reviewer name.")]) -> None:
    """Make one of the first two administrators of a new installation, from this machine.

    Asks for their password (or reads MAGNITSKY_NEW_PASSWORD). Refused once two administrators
    exist: everyone after them is asked for by one administrator and approved by another."""
    password = secret(f"new password for {name}", "MAGNITSKY_NEW_PASSWORD", confirm=True)
    with _reported():
        _service().users.bootstrap(name, password, f"{actor()}@{socket.gethostname()}")
    out.print(f"{name}: admin (bootstrap, recorded in the audit trail)", highlight=False)


@users_app.command("add")
def users_add(
    name: str,
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    rationale: Rationale = "new reviewer",
) -> None:
    """Ask (as an administrator) for a reviewer account, a role change or a password reset.

    A second administrator approves it (`magnitsky requests approve ID`). You get the first half
    of the reviewer's setup code, the approver the second; the reviewer needs both
    (`magnitsky users activate NAME`)."""
    by = person()
    with _reported():
        grant = _service().users.request_grant(name, role, by, rationale)
    out.print(
        f"request {grant.request.id}: {name} as {role}, awaiting a second administrator "
        f"(`magnitsky requests approve {grant.request.id}`)",
        highlight=False,
    )
    out.print(f"setup code, first half (give it to {name} yourself): {grant.half}", highlight=False)


@users_app.command("activate")
def users_activate(name: str) -> None:
    """Choose your password with the setup code (both halves, `FIRST-SECOND`; or MAGNITSKY_SETUP_CODE,
    and the password from MAGNITSKY_NEW_PASSWORD)."""
    code = secret("setup code (FIRST-SECOND)", "MAGNITSKY_SETUP_CODE")
    password = secret(f"new password for {name}", "MAGNITSKY_NEW_PASSWORD", confirm=True)
    with _reported():
        reviewer = _service().users.activate(name, code, password)
    out.print(f"{name}: password set ({reviewer.role})", highlight=False)


@users_app.command("disable")
def users_disable(name: str) -> None:
    """Take a reviewer's rights away (an administrator; their past decisions stay in the audit trail)."""
    by = person()
    with _reported():
        _service().users.disable(name, by)
    out.print(f"{name}: disabled", highlight=False)


@users_app.command("list")
def users_list(as_json: AsJson = False) -> None:
    """Reviewers with their roles."""
    users = _service().users.list()
    if as_json:
        print_json(users)
        return
    table = Table("name", "role", "active", "password", "since", "added by")
    for user in users:
        password = "set" if user["password"] else "-"
        if user["setup_pending"]:
            password += " (setup code pending)"
        table.add_row(
            user["name"],
            user["role"],
            "yes" if user["active"] else "no",
            password,
            user["created_at"][:16],
            user["created_by"],
        )
    out.print(table)


# -- customers -------------------------------------------------------------------------------------


@customers_app.command("import")
def customers_import(
    path: Annotated[Path, typer.Argument(help="Customer file: .csv, .jsonl or .parquet.")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help="PROPERTY=COLUMN pairs, comma-separated, e.g. id=customer_no,name=full_name,birthDate=dob."
        ),
    ] = None,
    schema: Annotated[str, typer.Option(help="Schema of records without a schema column.")] = "Person",
) -> None:
    """Add new and update changed customers from a file (all or nothing)."""
    from magnitsky.cases import parse_mapping

    service = _service()
    with _reported(), progress() as bar:
        task = bar.add_task(f"importing {path.name}", total=None)
        summary = service.customers.import_file(
            path, parse_mapping(map_), schema, actor(), lambda n: bar.update(task, completed=n)
        )
    out.print(
        f"{summary.records} customers in {path.name}: {summary.added} new, {summary.updated} changed, "
        f"{summary.unchanged} unchanged ({service.customers.count()} kept)",
        highlight=False,
    )


@customers_app.command("screen")
def customers_screen(
    threshold: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help=MATCH_HELP),
    ] = None,
    commit_every: Annotated[int, typer.Option(min=1, help="Customers per committed batch.")] = 500,
) -> None:
    """Screen every customer against the current lists; open alerts for new hits."""
    service = _service()
    total = service.customers.count()
    if not total:
        fail("no customers yet; run `magnitsky customers import FILE` first")
    engine = screener(threshold)
    with _reported(), progress() as bar:
        task = bar.add_task("screening customers", total=total)
        summary = service.customers.screen(engine, actor(), lambda n: bar.update(task, completed=n), commit_every)
    out.print(
        f"run {summary.run_id}: {summary.screened} customers screened against {', '.join(engine.versions)}: "
        f"{summary.opened} new alert(s), {summary.active} already open, {summary.known} known true match(es), "
        f"{summary.suppressed} cleared before (good-guy list) - {summary.seconds:.1f} s",
        highlight=False,
    )


@customers_app.command("list")
def customers_list(
    limit: Annotated[int | None, typer.Option(min=1)] = None,
    as_json: AsJson = False,
) -> None:
    """Customers kept, by id."""
    customers = _service().customers.list(limit)
    if as_json:
        print_json([c.to_dict() for c in customers])
        return
    table = Table("id", "schema", "name", "properties", "updated")
    for c in customers:
        props = "; ".join(f"{k}={'|'.join(v)}" for k, v in c.properties.items())
        table.add_row(c.id, c.schema, c.caption, props, c.updated_at.strftime("%Y-%m-%d %H:%M"))
    out.print(table)


# -- alerts ----------------------------------------------------------------------------------------


@alerts_app.command("list")
def alerts_list(
    state: Annotated[str | None, typer.Option(help=f"Only alerts in this state: {', '.join(AlertState)}.")] = None,
    customer: Annotated[str | None, typer.Option(help="Only alerts on this customer id.")] = None,
    limit: Annotated[int | None, typer.Option(min=1)] = None,
    as_json: AsJson = False,
) -> None:
    """Alerts, oldest first."""
    with _reported():
        alerts = _service().alerts.list(state, customer, limit=limit)
    if as_json:
        print_json([a.to_dict() for a in alerts])
        return
    table = Table("id", "state", "score", "customer", "listed entry", "decision", "by", "updated")
    for a in alerts:
        decision = a.decision or "-"
        table.add_row(
            str(a.id),
            a.state + (f" ({a.flag})" if a.flag else ""),
            f"{a.score:.3f}",
            f"{a.subject_caption} ({a.subject_id})",
            f"{a.entity_caption} ({a.entity_id})",
            decision,
            ", ".join(filter(None, (a.decided_by, a.approved_by))) or "-",
            a.updated_at.strftime("%Y-%m-%d %H:%M"),
        )
    out.print(table)


@alerts_app.command("show")
def alerts_show(alert_id: int, as_json: AsJson = False) -> None:
    """One alert: who was matched to which entry, why, and every step taken on it."""
    service = _service()
    with _reported():
        alert = service.alerts.get(alert_id)
        history = service.alerts.history(alert_id)
    if as_json:
        print_json({**alert.to_dict(), "history": [r.to_dict() for r in history]})
        return
    out.print(
        f"[bold]alert {alert.id}[/] ({alert.state}{', ' + alert.flag if alert.flag else ''}, version "
        f"{alert.version}): {alert.subject_kind} {alert.subject_caption} ({alert.subject_id}) ~ "
        f"{alert.entity_caption} ({alert.entity_id}, {alert.list_version}), score {alert.score:.3f}",
        highlight=False,
    )
    out.print(_explain(alert), highlight=False)
    table = Table("#", "at", "who", "what", "state", "rationale")
    for record in history:
        d = record.details
        table.add_row(
            str(record.seq),
            record.at[:19],
            record.actor,
            record.action.removeprefix("alert."),
            f"{d['from']} -> {d['to']}" if "to" in d else "open",
            d.get("rationale", ""),
        )
    out.print(table)


def _explain(alert: Alert) -> str:
    name = alert.explanation.get("name", {})
    parts = [f"name '{name.get('query')}' ~ {name.get('kind')} name '{name.get('list')}'"]
    parts += [f"{e['feature']} {e['effect']:+.2f}: {e['detail']}" for e in alert.explanation.get("evidence", [])]
    return "why: " + "; ".join(parts)


@alerts_app.command("review")
def alerts_review(alert_id: int, rationale: Rationale, version: Version = None) -> None:
    """Take an open alert into review (as the reviewer MAGNITSKY_USER or MAGNITSKY_KEY proves)."""
    reviewer = person()
    service = _service()
    with _reported():
        alert = service.alerts.review(alert_id, reviewer, rationale, version)
    _said(alert)


@alerts_app.command("decide")
def alerts_decide(
    alert_id: int,
    decision: Annotated[str, typer.Option(help=f"One of: {', '.join(AlertDecision)}.")],
    rationale: Rationale,
    version: Version = None,
) -> None:
    """Decide an alert: a true match, a false positive, or escalate to a supervisor."""
    reviewer = person()
    service = _service()
    with _reported():
        alert = service.alerts.decide(alert_id, reviewer, decision, rationale, version)
    _said(alert)


@alerts_app.command("approve")
def alerts_approve(
    alert_id: int,
    rationale: Rationale,
    reject: Annotated[bool, typer.Option("--reject", help="Send the decision back to review instead.")] = False,
    version: Version = None,
) -> None:
    """Approve (or --reject) a decision awaiting a second reviewer (supervisors; never your own)."""
    reviewer = person()
    service = _service()
    with _reported():
        if reject:
            alert = service.alerts.reject(alert_id, reviewer, rationale, version)
        else:
            alert = service.alerts.approve(alert_id, reviewer, rationale, version)
    _said(alert)


def _said(alert: Alert) -> None:
    outcome = alert.state + (f": {alert.decision}" if alert.decision else "")
    if alert.state == AlertState.AWAITING_APPROVAL:
        outcome += " - a supervisor other than you must approve it (`magnitsky alerts approve`)"
    out.print(f"alert {alert.id} is {outcome} (version {alert.version})", highlight=False)


# -- audit -----------------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(
    as_json: AsJson = False,
    against: Annotated[
        Path | None,
        typer.Option(help="A checkpoint file kept outside the data directory (from `audit checkpoint --out`)."),
    ] = None,
) -> None:
    """Recompute the hash chain and check it against the signed checkpoints; exit 1 naming the first
    record edited, deleted, reordered or rewritten."""
    from magnitsky.store.checkpoints import CheckpointSigner, verify_anchored

    result = verify_anchored(_service().audit, CheckpointSigner(home()), against)
    if as_json:
        print_json(
            {
                "ok": result.ok,
                "records": result.records,
                "head": result.head,
                "checkpoints": result.checkpoints,
                "problem": result.problem,
            }
        )
        if not result.ok:
            raise typer.Exit(1)
        return
    if not result.ok:
        fail(f"audit trail broken: {result.problem}")
    anchored = f"; matches {result.checkpoints} signed checkpoints" if result.checkpoints else "; no checkpoint yet"
    out.print(
        f"audit trail intact: {result.records} records, head {result.head}{anchored}", highlight=False, soft_wrap=True
    )


@audit_app.command("checkpoint")
def audit_checkpoint(
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also append it to this file (keep it outside the database).")
    ] = None,
) -> None:
    """Sign the chain's head (after verifying the chain) and append it to the data directory's
    checkpoints; prints it as one JSON line to keep elsewhere."""
    from magnitsky.store.checkpoints import CheckpointError, CheckpointSigner, verify_anchored

    signer = CheckpointSigner(home())
    result = verify_anchored(_service().audit, signer)
    if not result.ok:
        fail(f"audit trail broken, no checkpoint written: {result.problem}")
    try:
        checkpoint = signer.write(store().engine)
        if out_path:
            with open(out_path, "a", encoding="utf-8") as fh:
                fh.write(checkpoint.to_line() + "\n")
    except (CheckpointError, OSError) as exc:
        fail(f"no checkpoint written: {exc}")
    sys.stdout.write(checkpoint.to_line() + "\n")


@audit_app.command("public-key")
def audit_public_key() -> None:
    """The public key checkpoints are signed with (PEM), for whoever checks them elsewhere."""
    from magnitsky.store.checkpoints import CheckpointError, CheckpointSigner

    try:
        sys.stdout.write(CheckpointSigner(home()).public_key_pem().decode("ascii"))
    except (CheckpointError, OSError) as exc:
        fail(str(exc))


@audit_app.command("export")
def audit_export(
    format: Annotated[
        str, typer.Option("--format", "-f", callback=one_of("jsonl", "csv"), help="jsonl or csv.")
    ] = "jsonl",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    subject: Annotated[str | None, typer.Option(help="Only records about this subject, e.g. alert:3.")] = None,
) -> None:
    """Every audit record with its hashes, oldest first."""
    service = _service()
    columns = ("seq", "at", "actor", "action", "subject", "details", "prev_hash", "hash")
    with open(out_path, "w", encoding="utf-8", newline="") if out_path else nullcontext(sys.stdout) as target:
        writer = csv.writer(target) if format == "csv" else None
        if writer:
            writer.writerow(columns)
        for record in service.audit.records(subject):
            data = record.to_dict()
            if writer:
                writer.writerow(
                    [
                        json.dumps(data[c], ensure_ascii=False, sort_keys=True) if c == "details" else data[c]
                        for c in columns
                    ]
                )
            else:
                target.write(json.dumps(data, ensure_ascii=False) + "\n")
    head = service.audit.verify().head
    err.print(f"chain head {head} (`magnitsky audit checkpoint --out FILE` signs it for safekeeping)", highlight=False)


# -- monitoring ------------------------------------------------------------------------------------


def monitor(
    as_json: AsJson = False,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the JSON report here.")] = None,
) -> None:
    """After list loads: re-screen the customers the list changes can affect and report new hits."""
    service = _service()
    lists = store()
    engine = screener()
    with _reported(), progress() as bar:
        task = bar.add_task("monitoring customers", total=service.customers.count())
        report = service.monitor(lists).run(engine, "system:monitor", lambda n: bar.update(task, completed=n))
        if out_path:
            out_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if as_json:
        print_json(report.to_dict())
        return
    if not report.changes:
        out.print("no list changes since the last screening")
        return
    for change in report.changes:
        since = f"version {change.old}" if change.old else "never screened"
        out.print(
            f"{change.source}: {since} -> {change.new}: {len(change.added)} added, {len(change.changed)} "
            f"changed, {len(change.removed)} removed",
            highlight=False,
        )
    run = report.run
    out.print(f"{run.screened} of {report.customers} customers re-screened: {run.opened} new alert(s)", highlight=False)
    if report.hits:
        table = Table("alert", "customer", "listed entry", "change", "score", "outcome")
        for hit in report.hits:
            change = hit["change"] + (f" ({', '.join(hit['fields'])})" if hit["fields"] else "")
            table.add_row(
                str(hit["alert_id"] or "-"),
                f"{hit['customer']} ({hit['customer_id']})",
                f"{hit['listed_name']} ({hit['entity_id']})",
                change,
                f"{hit['score']:.3f}",
                hit["outcome"],
            )
        out.print(table)
    if report.closed:
        out.print(f"closed (entry removed from its list): alerts {', '.join(map(str, report.closed))}")
    if report.flagged:
        out.print(f"[yellow]delisted after a true match[/]: alerts {', '.join(map(str, report.flagged))}")
