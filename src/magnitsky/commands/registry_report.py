"""``magnitsky registry report``: the report to the legislature for a year or a period.

magnitsky registry report --year 2026 [--format html|pdf] [--annex] --out FILE
magnitsky registry report --from 2026-01-01 --to 2026-06-30 --out FILE
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from magnitsky.commands.context import out
from magnitsky.commands.registry import _officer, _registry, _reported

ANNEX_HELP = "The confidential annex instead (legal reviewers, decision-makers and auditors only)."


def register(registry_app: typer.Typer) -> None:
    registry_app.command("report")(report)


def report(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write it (replaced only once it is complete).")],
    year: Annotated[int | None, typer.Option(help="A calendar year.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day of the period (YYYY-MM-DD).")] = None,
    format: Annotated[str, typer.Option(help="html or pdf.")] = "html",
    annex: Annotated[bool, typer.Option("--annex", help=ANNEX_HELP)] = False,
) -> None:
    """The annual report: designations added and removed, petitions, reviews, clocks, coverage."""
    from magnitsky.registry.report import report as build
    from magnitsky.registry.report_figures import period

    first, last = period(year, start, end)
    registry = _registry()
    officer = _officer(registry)
    document = build(registry, officer, first, last, format, annex)
    partial = out_file.with_name(out_file.name + ".partial")
    with _reported():
        try:
            partial.write_bytes(document)
            partial.replace(out_file)
        finally:
            partial.unlink(missing_ok=True)
    what = "confidential annex" if annex else "report"
    out.print(f"{what} for {first} to {last} written to {out_file} ({len(document)} bytes)", highlight=False)
