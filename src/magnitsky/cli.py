"""The ``magnitsky`` command line.

Exit codes: 0 success, 1 an error with a one-line cause on stderr, 2 a usage error.
"""

from __future__ import annotations

import json
import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from magnitsky.commands.context import (
    actor,
    advance,
    configure,
    err,
    fail,
    out,
    print_json,
    progress,
    screener,
    store,
    use_demo_home,
)
from magnitsky.sources import PARSERS, ParseError, open_list
from magnitsky.store import ShrinkRefused, StoreError, database_problem
from magnitsky.store.lists import SHRINK_LIMIT

app = typer.Typer(
    name="magnitsky",
    help="Targeted-sanctions lists, screening and enforcement.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _options(
    home: Annotated[Path | None, typer.Option(help="Data directory (default $MAGNITSKY_HOME or ~/.magnitsky).")] = None,
    db: Annotated[str | None, typer.Option(help="Database URL, e.g. postgresql+psycopg://user@host/db.")] = None,
) -> None:
    configure(home, db)


@app.command()
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="List files; companion files (OFAC add/alt/comments) are found beside them.")
    ],
    format: Annotated[
        str | None, typer.Option("--format", "-f", help=f"One of: {', '.join(PARSERS)}. Default: detected.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Store the list under this source name instead of the format's default.")
    ] = None,
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
    like a shorter list) unless --allow-shrink says the list really got shorter."""
    lists = store()
    for path in paths:
        try:
            listfile = open_list(path, format, source)
            with progress() as bar:
                task = bar.add_task(f"{path.name} -> {listfile.meta.source}", total=None)
                result = lists.load(listfile, advance(bar, task), actor=actor(), allow_shrink=allow_shrink)
        except ShrinkRefused as exc:
            fail(f"{exc}; nothing was loaded from {path} (pass --allow-shrink if the list really shrank)")
        except (ParseError, StoreError, ValueError, OSError) as exc:
            fail(f"{exc} (nothing was loaded from {path})")
        v = result.version
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {path.name}: {warning}", highlight=False)
        if result.unchanged:
            out.print(f"{v.source}: unchanged (same file as version {v.number}, {v.entity_count} entries)")
        else:
            out.print(f"{v.source}: loaded version {v.number}, {v.entity_count} entries {_counts(v.schema_counts)}")


def _counts(counts: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")"


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Each loaded source: current version, publication date, entity counts by schema."""
    versions = store().current_versions()
    if as_json:
        print_json([v.to_dict() for v in versions])
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


@app.command()
def show(
    entity_id: Annotated[str, typer.Argument(metavar="SOURCE:SOURCE_ID", help="e.g. ofac_sdn:25617 or un_sc:QDi.196")],
    version: Annotated[int | None, typer.Option(help="Version number (default: current).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One listed entry with everything the list says about it."""
    try:
        entity = store().entity(entity_id, version)
    except StoreError as exc:
        fail(str(exc))
    data = entity.to_dict()
    if as_json:
        print_json({"id": entity.id, **data})
        return
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in data.items():
        table.add_row(key, _render(value))
    out.print(f"[bold]{entity.caption}[/] ({entity.id}, {entity.schema})")
    out.print(table)


def _render(value) -> str:
    if isinstance(value, list):
        return "\n".join(_render(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


@app.command()
def entities(
    program: Annotated[str | None, typer.Option(help="Only members of this program, e.g. MAGNIT or GLOMAG.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one entity per line.")] = False,
) -> None:
    """List entries of the current versions, optionally of one program or source."""
    lists = store()
    try:
        versions = [lists.version(source)] if source else None
    except StoreError as exc:
        fail(str(exc))
    for entity in lists.entities(versions, program=program):
        if as_json:
            sys.stdout.write(json.dumps({"id": entity.id, **entity.to_dict()}, ensure_ascii=False) + "\n")
        else:
            out.print(f"{entity.id}\t{entity.schema}\t{entity.caption}", highlight=False)


@app.command()
def programs(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Programs/regimes in the current versions with their number of entries."""
    counts = store().programs()
    if as_json:
        print_json(counts)
        return
    table = Table("program", "entries")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)


@app.command()
def diff(
    source: Annotated[str, typer.Argument(help="Source name, e.g. ofac_sdn.")],
    from_version: Annotated[
        int | None, typer.Option("--from", help="Older version (default: the one before --to).")
    ] = None,
    to_version: Annotated[int | None, typer.Option("--to", help="Newer version (default: current).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Entries added, removed and changed (with the fields that changed) between two versions."""
    try:
        result = store().diff(source, from_version, to_version)
    except StoreError as exc:
        fail(str(exc))
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


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="ftm (FollowTheMoney JSON lines, lossless) or csv (own-list CSV).")
    ] = "ftm",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
) -> None:
    """Export the current versions of all (or one) sources, merged, in a standard format."""
    import csv

    from magnitsky.model.ftm import to_ftm
    from magnitsky.sources.csv_cells import safe_row
    from magnitsky.sources.simple_csv import COLUMNS, to_row

    if format not in ("ftm", "csv"):
        err.print(f"error: unknown export format {format!r}; use ftm or csv")
        raise typer.Exit(2)
    lists = store()
    try:
        versions = [lists.version(source)] if source else None
    except StoreError as exc:
        fail(str(exc))
    target = open(out_path, "w", encoding="utf-8", newline="") if out_path else sys.stdout
    try:
        if format == "csv":
            writer = csv.DictWriter(target, COLUMNS)
            writer.writeheader()
            writer.writerows(safe_row(to_row(entity)) for entity in lists.entities(versions))
        else:
            for entity in lists.entities(versions):
                for record in to_ftm(entity):
                    target.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if out_path:
            target.close()


@app.command()
def screen(
    name: Annotated[list[str], typer.Argument(help="Name(s) to screen, in any script.")],
    dob: Annotated[list[str] | None, typer.Option("--dob", help="Birth date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Nationality/country, name or ISO code.")
    ] = None,
    id_number: Annotated[list[str] | None, typer.Option("--id", help="Passport or other document number.")] = None,
    schema: Annotated[
        str, typer.Option(help="Person, Organization, Company, LegalEntity, Vessel, Airplane or Thing.")
    ] = "Thing",
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Match threshold (default 0.85).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Is this person or company on a list? Candidates best first, with explanations."""
    from magnitsky.match import QueryError

    query = {
        "schema": schema,
        "properties": {
            "name": [" ".join(name)],
            "birthDate": dob or [],
            "nationality": country or [],
            "idNumber": id_number or [],
        },
    }
    engine = screener(threshold)
    try:
        result = engine.screen(query, threshold=threshold, limit=limit)
    except QueryError as exc:
        fail(str(exc))
    if as_json:
        print_json(
            {
                "query": query,
                "threshold": result.threshold,
                "versions": list(engine.versions),
                "matches": [m.to_dict() for m in result.matches],
            }
        )
        return
    table = Table("score", "match", "entity", "schema", "listed name", "why")
    for hit in result.matches:
        table.add_row(
            f"{hit.score:.3f}",
            "[bold red]MATCH[/]" if hit.match else "-",
            hit.entity_id,
            hit.schema,
            hit.caption,
            _why(hit.explanation),
        )
    out.print(table)
    out.print(f"{len(result.hits)} match(es) at threshold {result.threshold} against {', '.join(engine.versions)}")


def _why(explanation: dict) -> str:
    name = explanation["name"]
    parts = [f"{name['kind']} name '{name['list']}'"]
    parts += [f"{t['query']}~{t['list']} ({t['how']})" for t in name["tokens"] if t["how"] != "exact"]
    parts += [f"{e['feature']} {e['effect']:+.2f}: {e['detail']}" for e in explanation["evidence"]]
    return "; ".join(parts)


@app.command()
def batch(
    input: Annotated[
        Path, typer.Argument(help="Queries: .jsonl ({id, schema, properties} per line), .csv or .parquet.")
    ],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Results: .jsonl, .csv or .parquet.")],
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0)] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Candidates per query.")] = 5,
    only_matches: Annotated[bool, typer.Option(help="Write only candidates at or above the threshold.")] = False,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: all cores).")] = None,
    engine: Annotated[str, typer.Option(help="local (this machine's cores) or spark.")] = "local",
    master: Annotated[str, typer.Option(help="Spark master URL, with --engine spark.")] = "local[2]",
    resume: Annotated[bool, typer.Option(help="Carry on an interrupted run of the same input and options.")] = True,
) -> None:
    """Screen every query in a file; results best first per query, in input order."""
    from concurrent.futures.process import BrokenProcessPool

    from magnitsky.batch import BatchError, count_records, default_workers, run_batch
    from magnitsky.batch.progress import batch_progress

    if engine not in ("local", "spark"):
        err.print(f"error: unknown engine {engine!r}; use local or spark")
        raise typer.Exit(2)
    lists = screener(threshold)
    try:
        if engine == "spark":
            from magnitsky.spark import run_spark_batch

            summary = run_spark_batch(lists, input, out_path, threshold, limit, only_matches, master)
        else:
            total = count_records(input)
            with batch_progress(err) as bar:
                task = bar.add_task(f"screening {input.name}", total=total)
                summary = run_batch(
                    lists,
                    input,
                    out_path,
                    threshold,
                    limit,
                    only_matches,
                    lambda n: bar.update(task, completed=n),
                    workers or default_workers(),
                    resume,
                )
    except BatchError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(str(exc))
    except BrokenProcessPool:
        fail("a worker process died (out of memory?); the work done so far is kept: rerun to resume")
    except ImportError as exc:
        fail(f"{exc}: install the Spark extra, pip install 'magnitsky[spark]'")
    resumed = f" ({summary.resumed} by an earlier run)" if summary.resumed else ""
    err.print(
        f"{summary.records} records{resumed}, {summary.with_hits} with matches, {summary.seconds:.1f} s "
        f"({summary.rate:,.0f}/s) -> {out_path}"
    )


@app.command()
def demo() -> None:
    """Load the bundled real list excerpts (OFAC MAGNIT/GLOMAG, UN) into a data directory of their
    own, HOME/demo, and show what they contain; your own lists stay as they are."""
    from magnitsky.data import default_lists

    demo_home = use_demo_home()
    out.print(f"Demo data directory: {demo_home} (your lists in {demo_home.parent} are not touched)\n")
    load([*default_lists()], format=None, source=None)
    sources(as_json=False)
    out.print("\n[bold]Russia Magnitsky (MAGNIT) program members, first 10:[/]")
    for count, entity in enumerate(store().entities(program="MAGNIT")):
        if count == 10:
            break
        out.print(f"  {entity.id}\t{entity.caption}", highlight=False)
    out.print("\n[bold]Screening the ICAO passport spelling KLIUEV DMITRII, born 1967:[/]")
    screen(
        ["KLIUEV DMITRII"],
        dob=["1967"],
        country=None,
        id_number=None,
        schema="Person",
        threshold=None,
        limit=3,
        as_json=False,
    )
    here = f"magnitsky --home {demo_home}"
    out.print(f"\nNext: {here} screen 'Клюев Дмитрий'   {here} show ofac_sdn:16399   magnitsky --help", highlight=False)


# Command groups of the higher layers, each in its own module under magnitsky/commands/.
for _module in ("visa", "ownership", "batchgen", "serve", "keys", "cases", "payments", "registry", "requests"):
    import_module(f"magnitsky.commands.{_module}").register(app)


def main() -> None:
    """Console-script entry point. A database failure (read-only, full disk, a concurrent writer)
    ends any command with one line saying what the database said, not a traceback quoting the
    statement's parameters: names of customers and persons."""
    try:
        app()
    except SQLAlchemyError as exc:
        err.print(
            f"[bold red]error:[/] the database could not complete the command ({escape(database_problem(exc))}). "
            "If another command was writing to it at the same time, run this one again.",
            highlight=False,
            soft_wrap=True,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
