"""``magnitsky registry reviews|review|clocks|clock``: the duties that follow a designation.

magnitsky registry reviews [--overdue] [--on DATE]     the review schedule
magnitsky registry review propose NOMINATION keep|vary|revoke --reasons ... [findings]
magnitsky registry review decide REVIEW [--send-back]
magnitsky registry clocks [--overdue] [--on DATE]      the statutory clocks
magnitsky registry clock open REGIME KIND --concerning ... --owner NAME [--opened-on DATE]
magnitsky registry clock answer CLOCK --answer ... [--on DATE]
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from magnitsky.commands.context import fail, out, print_json
from magnitsky.commands.registry import AsJson, Nomination, _officer, _registry, _reported

review_app = typer.Typer(help="Periodic reviews of designations: propose an outcome, decide (four eyes).")
clock_app = typer.Typer(help="Statutory clocks: open one when a duty starts, answer it when done.")
Overdue = Annotated[bool, typer.Option("--overdue", help="Only those past their date.")]
On = Annotated[str | None, typer.Option("--on", help="Count as of this date (YYYY-MM-DD; default today, UTC).")]


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        fail(f"--on: {value!r} is not a date (YYYY-MM-DD)")


def register(registry_app: typer.Typer) -> None:
    registry_app.command("reviews")(reviews)
    registry_app.command("clocks")(clocks)
    registry_app.add_typer(review_app, name="review")
    registry_app.add_typer(clock_app, name="clock")


def reviews(overdue: Overdue = False, on: On = None, as_json: AsJson = False) -> None:
    """Designations in force with their next review date, soonest first."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        rows = registry.reviews.schedule(officer, _date(on), overdue)
    if as_json:
        print_json(rows)
        return
    table = Table("nomination", "designation", "name", "regimes", "last review", "due", "overdue")
    for r in rows:
        late = f"{r['days_overdue']} days" if r["overdue"] else ""
        table.add_row(
            str(r["nomination"]),
            r["designation"],
            r["caption"],
            ", ".join(r["regimes"]),
            r["last_review"] or "-",
            r["due_on"],
            late + (" (review pending)" if r["review_pending"] else ""),
        )
    out.print(table)


def _review_summary(view: dict[str, Any]) -> None:
    by = f"proposed by {view['proposed_by']}" + (f", decided by {view['decided_by']}" if view["decided_by"] else "")
    out.print(
        f"review {view['id']} of nomination {view['nomination']}: {view['outcome']} ({view['state']}; {by})",
        highlight=False,
        soft_wrap=True,
    )


@review_app.command("propose")
def review_propose(
    nomination: Nomination,
    outcome: Annotated[str, typer.Argument(help="keep, vary or revoke")],
    reasons: Annotated[str, typer.Option(help="Why this outcome.")],
    criteria_met: Annotated[bool, typer.Option("--criteria-met/--criteria-not-met", help="Still met?")] = True,
    deceased: Annotated[bool, typer.Option("--deceased", help="The person has died.")] = False,
    changed_circumstances: Annotated[bool, typer.Option("--changed-circumstances")] = False,
    new_evidence: Annotated[bool, typer.Option("--new-evidence")] = False,
    note: Annotated[str, typer.Option(help="What was found.")] = "",
) -> None:
    """Record a review's findings and propose its outcome (a legal reviewer or decision-maker)."""
    registry = _registry()
    officer = _officer(registry)
    findings = {
        "criteria_met": criteria_met,
        "deceased": deceased,
        "changed_circumstances": changed_circumstances,
        "new_evidence": new_evidence,
        "note": note,
    }
    with _reported():
        _review_summary(registry.reviews.propose(nomination, findings, outcome, reasons, officer))


@review_app.command("decide")
def review_decide(
    review: Annotated[int, typer.Argument(help="Review number.")],
    send_back: Annotated[bool, typer.Option("--send-back", help="Disagree: no decision is taken.")] = False,
) -> None:
    """Decide a proposed review (a decision-maker who did not propose it); vary or revoke is then
    published by a publisher with `magnitsky registry publish NOMINATION`."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        _review_summary(registry.reviews.decide(review, officer, agree=not send_back))


def clocks(overdue: Overdue = False, on: On = None, as_json: AsJson = False) -> None:
    """Statutory clocks, soonest due first, with their owner and status."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        rows = registry.clocks.list(officer, overdue, _date(on))
    if as_json:
        print_json(rows)
        return
    table = Table("id", "regime", "clock", "concerning", "opened", "due", "owner", "status")
    for c in rows:
        status = c["status"] + (" OVERDUE" if c["overdue"] else "") + (" (late)" if c["late"] else "")
        table.add_row(
            str(c["id"]), c["regime"], c["kind"], c["concerning"], c["opened_on"], c["due_on"], c["owner"], status
        )
    out.print(table)


def _clock_summary(view: dict[str, Any]) -> None:
    state = f"answered on {view['answered_on']}" if view["answered_on"] else f"open, due {view['due_on']}"
    out.print(
        f"clock {view['id']}: {view['regime']}/{view['kind']} owned by {view['owner']}: {state}"
        + (" (late)" if view["late"] else ""),
        highlight=False,
        soft_wrap=True,
    )


@clock_app.command("open")
def clock_open(
    regime: Annotated[str, typer.Argument(help="Regime id (magnitsky registry regimes).")],
    kind: Annotated[str, typer.Argument(help="The regime's clock id, e.g. congressional_request.")],
    concerning: Annotated[str, typer.Option(help="What it is about: the request, the person, the year.")],
    owner: Annotated[str, typer.Option(help="The officer who must answer it.")],
    opened_on: Annotated[str | None, typer.Option(help="When it started (YYYY-MM-DD; default today).")] = None,
    nomination: Annotated[int | None, typer.Option(help="The nomination it concerns, if any.")] = None,
) -> None:
    """Start a statutory clock; its due date follows from the regime."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        _clock_summary(registry.clocks.open(regime, kind, concerning, owner, officer, opened_on, nomination))


@clock_app.command("answer")
def clock_answer(
    clock: Annotated[int, typer.Argument(help="Clock number.")],
    answer: Annotated[str, typer.Option(help="What was done: the answer sent, the notice given.")],
    on: Annotated[str | None, typer.Option("--on", help="When (YYYY-MM-DD; default today).")] = None,
) -> None:
    """Record the duty done (its owner, or a decision-maker)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        _clock_summary(registry.clocks.answer(clock, answer, officer, on))
