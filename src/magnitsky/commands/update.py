"""``magnitsky update``: fetch the lists from their publishers, load what changed, re-screen.

Run by hand, from cron or a systemd timer, or by ``magnitsky serve --update-every`` (docs/update.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, TaskID

from magnitsky.commands.context import actor, err, fail, out, progress, settings, store

if TYPE_CHECKING:  # the updater (parsers, the store) is imported when the command runs, not by --help
    from magnitsky.updates import Watch
    from magnitsky.updates.updater import Outcome


def update(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Only these sources (default: every source in the catalogue).")
    ] = None,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help="Load the named sources even when they lost more entries than the shrink limit allows.",
        ),
    ] = False,
) -> None:
    """Fetch every list from its official address, load those that changed, then re-screen the
    customers the changes can affect; a running service picks the new versions up at its next poll.

    Exit 1 when any source failed (the others are still updated)."""
    from magnitsky.updates import Updater, catalogue
    from magnitsky.updates.updater import FAILED, LOADED

    publications = catalogue(settings().update.sources_file)
    if sources:
        known = {p.source for p in publications}
        if unknown := [s for s in sources if s not in known]:
            fail(f"no source {unknown[0]!r} in the catalogue (sources: {', '.join(sorted(known))})")
        publications = [p for p in publications if p.source in sources]
    elif allow_shrink:
        fail("--allow-shrink needs the sources that really shrank named, e.g. magnitsky update --allow-shrink un_sc")
    updater = Updater(store(), settings().update, settings().store.shrink_limit, actor())
    outcomes = []
    for publication in publications:
        with progress() as bar:  # drawn only in a terminal, and gone when the source is done
            task = bar.add_task(f"{publication.source}: fetching", total=None)
            outcome = updater.update(publication, allow_shrink, _watch(bar, task, publication.source))
        _report(outcome)
        outcomes.append(outcome)
    if any(o.status == LOADED for o in outcomes):
        _monitor()
    if failed := [o.source for o in outcomes if o.status == FAILED]:
        fail(f"{len(failed)} of {len(outcomes)} sources failed: {', '.join(failed)}")


def _watch(bar: Progress, task: TaskID, source: str) -> Watch:
    """The progress bar's task follows the download (bytes of the declared length), then the load (entries)."""
    from magnitsky.updates import Watch

    return Watch(
        on_bytes=lambda received, declared: bar.update(task, completed=received, total=declared),
        on_loading=lambda: bar.update(task, description=f"{source}: loading", completed=0, total=None),
        on_entity=lambda count: bar.update(task, completed=count),
    )


def _report(outcome: Outcome) -> None:
    from magnitsky.updates.updater import FAILED, LOADED, SKIPPED

    style = {LOADED: "green", FAILED: "red", SKIPPED: "yellow"}.get(outcome.status)
    status = f"[{style}]{outcome.status}[/]" if style else outcome.status
    console = err if outcome.status == FAILED else out
    console.print(f"{outcome.source}: {status}: {escape(outcome.detail)}", highlight=False, soft_wrap=True)
    for warning in outcome.warnings:
        err.print(f"[yellow]warning:[/] {outcome.source}: {escape(warning)}", highlight=False, soft_wrap=True)


def _monitor() -> None:
    """Re-screen the customers the loaded changes can affect (as ``magnitsky monitor``)."""
    from magnitsky.cases import CaseService
    from magnitsky.commands.cases import monitor

    if not CaseService(store().engine).customers.count():
        out.print("no customers to re-screen")
        return
    monitor()


def register(app: typer.Typer) -> None:
    app.command()(update)
