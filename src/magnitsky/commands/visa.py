"""``magnitsky visa``: screen a passport MRZ or an applicant form; DENY / REFER / CLEAR, audited.

A REFER opens an alert per referred entry in the case store (``magnitsky alerts list``).

The decision is the command's result, not an error: DENY and REFER exit 0 like CLEAR. A malformed
MRZ or form exits 1 with the field and position that are wrong, before any list is touched.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from magnitsky.commands.context import (
    MATCH_HELP,
    MEASURES_HELP,
    actor,
    err,
    fail,
    measures_table,
    out,
    print_json,
    screener,
    settings,
    store,
)

_STYLE = {"DENY": "bold white on red", "REFER": "bold black on yellow", "CLEAR": "bold white on green"}


def register(app: typer.Typer) -> None:
    app.command()(visa)


def visa(
    mrz: Annotated[
        str | None, typer.Option("--mrz", metavar="FILE|-", help="MRZ text file (2 or 3 lines), or - for stdin.")
    ] = None,
    surname: Annotated[str | None, typer.Option(help="Applicant form: surname (any script).")] = None,
    given: Annotated[str | None, typer.Option(help="Applicant form: given names.")] = None,
    dob: Annotated[str | None, typer.Option(help="Applicant form: birth date, YYYY-MM-DD (or YYYY-MM, YYYY).")] = None,
    nationality: Annotated[str | None, typer.Option(help="Applicant form: ICAO/ISO code or country name.")] = None,
    passport: Annotated[str | None, typer.Option(help="Applicant form: passport number.")] = None,
    sex: Annotated[str | None, typer.Option(help="Applicant form: M, F or X.")] = None,
    issuing_state: Annotated[
        str | None, typer.Option(help="Applicant form: state that issued the passport (default: nationality).")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Match threshold: a possible match. " + MATCH_HELP),
    ] = None,
    strong: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Strong threshold: with a confirming birth date or document, a confirmed identity "
            "(default: $MAGNITSKY_CONFIRM_THRESHOLD, else 0.92).",
        ),
    ] = None,
    measures: Annotated[
        Path | None,
        typer.Option(help=MEASURES_HELP),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Screen a traveller or visa applicant: DENY, REFER or CLEAR with the reasons (every decision is
    audited; a REFER opens alerts for an officer: `magnitsky alerts list`)."""
    from magnitsky.cases.enforcement import EnforcementAlerts
    from magnitsky.screening.visa import (
        Applicant,
        ApplicantError,
        MrzError,
        Thresholds,
        TravelDocument,
        VisaScreener,
        parse_mrz,
    )
    from magnitsky.store import AuditLog

    form = (surname, given, dob, nationality, passport, sex, issuing_state)
    if (mrz is None) == all(value is None for value in form):
        err.print(
            "error: give either --mrz FILE|- or the applicant form "
            "(--surname, --given, --dob, --nationality, --passport)"
        )
        raise typer.Exit(2)
    try:
        subject = (
            parse_mrz(_read(mrz))
            if mrz is not None
            else Applicant.from_form(surname or "", given or "", dob, nationality, passport, sex, issuing_state)
        )
        configured = settings().screening.thresholds
        match = configured.match if threshold is None else threshold
        strong = configured.confirm if strong is None else strong
        Thresholds(match, strong)  # reject an inverted pair before loading the lists
        table = measures_table(measures)
    except (MrzError, ApplicantError, ValueError) as exc:
        fail(str(exc))
    lists, database = screener(threshold), store().engine
    engine = VisaScreener(lists, table, AuditLog(database), strong)
    if isinstance(subject, TravelDocument):
        decision = engine.screen_document(subject, actor())
    else:
        decision = engine.screen_applicant(subject, actor())
    alerts = EnforcementAlerts(database, lists).for_visa(decision, actor())
    if as_json:
        print_json({**decision.to_dict(), "alerts": [a.to_dict() for a in alerts]})
        return
    _print(decision)
    for alert in alerts:
        out.print(f"  {alert.describe()}", highlight=False, soft_wrap=True)


def _read(source: str) -> str:
    from magnitsky.screening.visa.mrz import MAX_INPUT

    if source == "-":
        return sys.stdin.read(MAX_INPUT + 1)
    try:
        with open(source, encoding="utf-8", errors="replace") as handle:
            return handle.read(MAX_INPUT + 1)
    except OSError as exc:
        fail(f"cannot read MRZ file {source}: {exc.strerror}")


def _print(decision) -> None:
    applicant = decision.applicant
    out.print(
        f"[{_STYLE[decision.decision]}] {decision.decision} [/] {applicant.full_name}"
        f"  born {applicant.birth_date or '?'}  {(applicant.nationality or '?').upper()}"
        f"  document {applicant.document_number or '-'}",
        highlight=False,
    )
    for reason in decision.reasons:
        out.print(f"  - {reason}", highlight=False, soft_wrap=True)
    for note in decision.notes:
        out.print(f"  [yellow]note:[/] {note}", highlight=False, soft_wrap=True)
    for entry in decision.matches:
        out.print(
            f"  {entry.outcome:<5} {entry.score:.3f}  {entry.entity_id}  {entry.caption}  "
            f"[{', '.join(entry.programs)}]  measures: {', '.join(entry.measures) or 'none stated'}",
            highlight=False,
            soft_wrap=True,
        )
        for basis in entry.basis:
            out.print(f"        basis: {basis}", highlight=False, soft_wrap=True)
    audit = f"; audit record {decision.audit['seq']}" if decision.audit else ""
    out.print(
        f"thresholds: match {decision.thresholds.match}, strong {decision.thresholds.strong}; lists "
        f"{', '.join(decision.list_versions)}; measures table {decision.measures_version}{audit}",
        highlight=False,
        soft_wrap=True,
    )
