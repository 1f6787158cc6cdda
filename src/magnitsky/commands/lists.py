"""List management: ``load``, ``sources``, ``show``, ``entities``, ``programs``, ``diff``, ``export``."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from magnitsky.commands.context import (
    actor,
    advance,
    database_url,
    err,
    fail,
    one_of,
    out,
    print_json,
    progress,
    settings,
    store,
)
from magnitsky.settings import SHRINK_LIMIT
from magnitsky.sources.formats import PARSERS

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported by the commands that use it, not by --help
    from magnitsky.store import PublicationState


def register(app: typer.Typer) -> None:
    for command in (load, sources, show, entities, programs, diff, export):
        app.command()(command)


def load(
    paths: Annotated[
        list[Path], typer.Argument(help="List files; companion files (OFAC add/alt/comments) are found beside them.")
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", callback=one_of(*PARSERS), help=f"One of: {', '.join(PARSERS)}. Default: detected."
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--list",
            "--source",
            help="The list this is (its source name, e.g. ofac_sdn or ofac_cons), when its content does not say; "
            "default: the list the content shows.",
        ),
    ] = None,
    without_companions: Annotated[
        bool,
        typer.Option(
            "--without-companions",
            help="Load an OFAC CSV even though some of its companion files (add.csv, alt.csv, sdn_comments.csv) "
            "are missing: the aliases, addresses and remarks they hold are left out, and the load says so.",
        ),
    ] = False,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help=f"Load even when the file lacks more than {SHRINK_LIMIT:.0%} of the current entries, or fewer "
            "entries than it states.",
        ),
    ] = False,
) -> None:
    """Load list files as new versions of their sources (a file equal to the current version is skipped).

    A file that would remove more than a fifth of a list's entries is refused (a cut download looks
    like a shorter list) unless --allow-shrink says the list really got shorter.

    A subject a list repeats under one id, once per programme (the EU's file does), becomes one entry
    with the names, facts and programmes of every listing; other entries sharing an id are kept, the
    later under a suffixed id ('5468#2'). The load says which."""
    from magnitsky.sources import ListUndecided, MissingCompanions, ParseError, UnknownFormat, open_list
    from magnitsky.store import ShrinkRefused, StoreError

    lists = store()
    for path in paths:
        try:
            listfile = open_list(path, format, source, without_companions)
            with progress() as bar:
                task = bar.add_task(f"{path.name} -> {listfile.meta.source}", total=None)
                result = lists.load(
                    listfile,
                    advance(bar, task),
                    actor=actor(),
                    allow_shrink=allow_shrink,
                    shrink_limit=settings().store.shrink_limit,
                )
        except ShrinkRefused as exc:
            fail(f"{exc}; nothing was loaded from {path} (pass --allow-shrink if the list really shrank)")
        except UnknownFormat as exc:
            fail(f"{exc}; pass --format (nothing was loaded from {path})")
        except MissingCompanions as exc:
            fail(f"{exc}; put them beside it, or pass --without-companions (nothing was loaded from {path})")
        except ListUndecided as exc:
            option = "--format" if set(exc.choices) <= set(PARSERS) else "--list"
            fail(f"{exc}; pass {option} (nothing was loaded from {path})")
        except (ParseError, StoreError, ValueError, OSError) as exc:
            fail(f"{exc} (nothing was loaded from {path})")
        v = result.version
        if listfile.meta.missing:
            left_out = ", ".join(listfile.meta.missing)
            err.print(f"[yellow]warning:[/] {path.name}: loaded without {left_out}: what they hold is not in the list")
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {path.name}: {warning}", highlight=False)
        if result.unchanged:
            out.print(f"{v.source}: unchanged (same file as version {v.number}, {v.entity_count} entries)")
        else:
            out.print(f"{v.source}: loaded version {v.number}, {v.entity_count} entries {_counts(v.schema_counts)}")


def _counts(counts: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")"


def sources(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Each loaded source: current version, publication date, entity counts by schema; and, for the
    sources `magnitsky update` fetches, when it last checked, last found a change and last failed."""
    from magnitsky.store.reading import shown

    found = shown(database_url())  # without SQLAlchemy, which would cost this command half its time
    if found is None:  # a database to create, upgrade or report on: the store does that
        from magnitsky.store import Publications

        lists = store()
        found = lists.current_versions(), Publications(lists.engine).all()
    versions, updates = found
    if as_json:
        loaded = {v.source for v in versions}
        print_json(
            [{**v.to_dict(), "update": _update_dict(updates.get(v.source))} for v in versions]
            + [{"source": s, "version": None, "update": u.to_dict()} for s, u in updates.items() if s not in loaded]
        )
        return
    table = Table("source", "version", "published", "loaded", "format", "entities", "by schema")
    for v in versions:
        table.add_row(
            v.source,
            str(v.number),
            v.publication_date or "-",
            v.loaded_at.strftime("%Y-%m-%d %H:%M"),
            v.format,
            str(v.entity_count),
            _counts(v.schema_counts),
        )
    out.print(table)
    if updates:
        checks = Table("source", "last checked", "last changed", "last error", title="magnitsky update")
        for state in updates.values():
            error = f"{_when(state.failed_at)}: {state.error}" if state.error else "-"
            checks.add_row(state.source, _when(state.checked_at), _when(state.changed_at), error)
        out.print(checks)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "never"


def _update_dict(state: PublicationState | None) -> dict | None:
    return state.to_dict() if state else None


def show(
    entity_id: Annotated[str, typer.Argument(metavar="SOURCE:SOURCE_ID", help="e.g. ofac_sdn:25617 or un_sc:QDi.196")],
    version: Annotated[int | None, typer.Option(help="Version number (default: current).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One listed entry with everything the list says about it; for a person or company on
    several lists (``magnitsky links``), the merged view too: each value with the lists stating it."""
    from magnitsky.model.merged import merged_values
    from magnitsky.screening.linkage import Linkage

    lists = store()
    entity = lists.entity(entity_id, version)
    data = entity.to_dict()
    linkage = Linkage.from_store(lists.engine)
    listings = [entity] + [_current(lists, other) for other in linkage.group(entity.id) if other != entity.id]
    listings = [listing for listing in listings if listing is not None]
    merged = merged_values(listings) if len(listings) > 1 else {}
    if as_json:
        extra = {}
        if merged:
            extra["merged"] = {
                "listings": [listing.id for listing in listings],
                "values": {f: [{"value": v, "listed_by": by} for v, by in values] for f, values in merged.items()},
                "links": linkage.why(entity.id),
            }
        print_json({"id": entity.id, "caption": entity.caption, **data, **extra})
        return
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in data.items():
        table.add_row(key, _render(value))
    out.print(f"[bold]{escape(entity.caption)}[/] ({entity.id}, {entity.schema})")
    out.print(table)
    if merged:
        out.print(f"[bold]One person on {len(listings)} lists[/]: {', '.join(listing.id for listing in listings)}")
        view = Table("field", "value", "listed by")
        for field, values in merged.items():
            for value, by in values:
                view.add_row(field, escape(value), ", ".join(by))
        out.print(view)
        for link in linkage.why(entity.id):
            out.print(
                f"  {link['left']} = {link['right']} ({link['status']}): {escape('; '.join(link['basis']))}",
                highlight=False,
            )


def _current(lists, entity_id: str):
    """The entry in its list's current version; None when it has left the list."""
    from magnitsky.store import StoreError

    try:
        return lists.entity(entity_id)
    except StoreError:
        return None


def _render(value) -> str:
    if isinstance(value, list):
        return "\n".join(_render(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def entities(
    program: Annotated[
        str | None,
        typer.Option(
            help='Only members of this program, by code or name in any case: GLOMAG, jvcfoa, "global magnitsky".'
        ),
    ] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one entity per line.")] = False,
) -> None:
    """List entries of the current versions, optionally of one program or source."""
    lists = store()
    versions = [lists.version(source)] if source else None
    for entity in lists.entities(versions, program=program):
        if as_json:
            record = {"id": entity.id, "caption": entity.caption, **entity.to_dict()}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:  # as written: a console would expand the tabs and read brackets in names as markup
            sys.stdout.write(f"{entity.id}\t{entity.schema}\t{entity.caption}\n")


def programs(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Each list's programs/regimes in the current versions with their number of entries (a regime
    named alike on two lists is two rows); the name of a program the list writes only as a code."""
    counts = store().programs()
    if as_json:
        print_json([asdict(c) for c in counts])
        return
    table = Table("list", "program", "name", "entries")
    for count in counts:
        table.add_row(count.source, count.program, count.name or "", str(count.entries))
    out.print(table)


def diff(
    source: Annotated[str, typer.Argument(help="Source name, e.g. ofac_sdn.")],
    from_version: Annotated[
        int | None, typer.Option("--from", help="Older version (default: the one before --to).")
    ] = None,
    to_version: Annotated[int | None, typer.Option("--to", help="Newer version (default: current).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Entries added, removed and changed (with the fields that changed) between two versions."""
    result = store().diff(source, from_version, to_version)
    if as_json:
        print_json(result.to_dict())
        return
    old = result.old.number if result.old else "nothing"
    out.print(
        f"{source}: version {old} -> {result.new.number}: {len(result.added)} added, "
        f"{len(result.removed)} removed, {len(result.changed)} changed"
    )
    for entity_id in result.added:
        out.print(f"[green]+ {entity_id}[/]", highlight=False)
    for entity_id in result.removed:
        out.print(f"[red]- {entity_id}[/]", highlight=False)
    for entity_id, fields in result.changed.items():
        out.print(f"[yellow]~ {entity_id}[/]: {', '.join(fields)}", highlight=False)


def export(
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            callback=one_of("ftm", "csv", "statements"),
            help="ftm (FollowTheMoney JSON lines, lossless), csv (own-list CSV) or statements (FtM statements: "
            "each value with its list, and the merged person's canonical_id).",
        ),
    ] = "ftm",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    merged: Annotated[
        bool,
        typer.Option(
            "--merged",
            help="ftm: one entity per person or company on several lists (magnitsky links), not one per listing.",
        ),
    ] = False,
) -> None:
    """Export the current versions of all (or one) sources, merged, in a standard format."""
    import csv

    from magnitsky.model.ftm import to_ftm
    from magnitsky.sources.csv_cells import safe_row
    from magnitsky.sources.simple_csv import COLUMNS, to_row

    lists = store()
    versions = [lists.version(source)] if source else None
    target = open(out_path, "w", encoding="utf-8", newline="") if out_path else sys.stdout
    try:
        if format == "csv":
            writer = csv.DictWriter(target, COLUMNS)
            writer.writeheader()
            writer.writerows(safe_row(to_row(entity)) for entity in lists.entities(versions))
        elif format == "statements" or merged:
            _export_merged(lists, versions, target, statements=format == "statements")
        else:
            for entity in lists.entities(versions):
                for record in to_ftm(entity):
                    target.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if out_path:
            target.close()


def _export_merged(lists, versions, target, statements: bool) -> None:
    """Each listing alone, or, linked to listings of other lists, together with them once the last
    of its group has been read: as FtM statements, or as one FtM entity per person."""
    from magnitsky.screening.linkage import Linkage

    linkage = Linkage.from_store(lists.engine)
    waiting: dict[tuple[str, ...], list] = {}
    for entity in lists.entities(versions):
        group = linkage.group(entity.id)
        waiting.setdefault(group, []).append(entity)
        if len(waiting[group]) == len(group):
            _write_group(waiting.pop(group), target, statements)
    for listings in waiting.values():  # groups with a member outside the lists exported
        _write_group(listings, target, statements)


def _write_group(listings, target, statements: bool) -> None:
    from magnitsky.model.merged import merged_entity, merged_statements

    if statements:
        for statement in merged_statements(listings):
            target.write(json.dumps(statement.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    else:
        for record in merged_entity(listings):
            target.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
