"""``magnitsky ownership FILE.csv`` / ``magnitsky ownership blocked``: the 50 percent rule."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from magnitsky.commands.context import MEASURES_HELP, actor, err, fail, lists_loaded, measures_table, out, print_json

BLOCKED = "blocked"


def register(app: typer.Typer) -> None:
    app.command(name="ownership")(ownership)


def ownership(
    target: Annotated[
        str,
        typer.Argument(
            metavar="FILE.csv|blocked",
            help=(
                "An ownership CSV to load (docs/ownership-csv.md), or 'blocked' to list the entities the rule "
                "blocks now (a file named 'blocked': write ./blocked)."
            ),
        ),
    ],
    measures: Annotated[
        Path | None,
        typer.Option(help="Deciding which listed owners are frozen. " + MEASURES_HELP),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Entities owned 50% or more by blocked persons, with the ownership paths that block them."""
    from magnitsky.screening.ownership import OwnershipCsvError, OwnershipStore
    from magnitsky.sources import ParseError

    lists = lists_loaded()
    table = measures_table(measures)
    owners = OwnershipStore(lists.engine)
    if target == BLOCKED:
        analysis, version, unchanged = owners.analysis(lists, table), owners.current(), None
    else:
        try:
            loaded = owners.load(Path(target), lists, actor(), table)
        except (OwnershipCsvError, ParseError, OSError) as exc:
            fail(escape(str(exc)))
        analysis, version, unchanged = loaded.analysis, loaded.version, loaded.unchanged
    if as_json:
        print_json(
            {
                "ownership_version": version.to_dict() if version else None,
                "unchanged": unchanged,
                "measures_table": table.version,
                **analysis.to_dict(),
            }
        )
        return
    if version is None:
        out.print("No ownership file loaded: blocks below come from ownership the lists state.")
    elif unchanged is None:
        out.print(
            f"Ownership version {version.number} ({version.file_name}, loaded {version.loaded_at:%Y-%m-%d %H:%M})."
        )
    elif unchanged:
        out.print(f"ownership: unchanged (same file as version {version.number}); nothing loaded")
    else:
        out.print(
            f"ownership: loaded version {version.number} from {version.file_name}: "
            f"{len(version.file.stakes)} stakes, {len(version.file.parties)} entities defined"
        )
    _print_blocks(analysis.derivations)
    for issue in analysis.issues:
        err.print(f"[yellow]warning:[/] {escape(str(issue))}", highlight=False, soft_wrap=True)


def _print_blocks(derivations) -> None:
    if not derivations:
        out.print("No entity is blocked by the ownership rule.")
        return
    for d in derivations:
        programs = f", programs {', '.join(d['programs'])}" if d["programs"] else ""
        out.print(
            f"\n[bold]{escape(d['caption'])}[/] ({escape(d['entity_id'])}, {d['schema']}): "
            f"blocked owners hold {d['blocked_share']}{programs}",
            highlight=False,
        )
        for path in d["paths"]:
            out.print(f"  {path['text']}", highlight=False, markup=False, soft_wrap=True)
    out.print(
        f"\n{len(derivations)} entit{'y' if len(derivations) == 1 else 'ies'} blocked by the ownership rule "
        f"(owned 50% or more, directly or indirectly, in aggregate, by blocked persons)"
    )
