"""Screening names: ``screen`` (one query) and ``batch`` (a file of them, on this machine or Spark)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from magnitsky.commands.context import MATCH_HELP, err, fail, one_of, out, print_json, screener, skip_teardown


def register(app: typer.Typer) -> None:
    app.command()(screen)
    app.command()(batch)


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
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help=MATCH_HELP)] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Is this person or company on a list? Candidates best first, with explanations."""

    query = {
        "schema": schema,
        "properties": {
            "name": [" ".join(name)],
            "birthDate": dob or [],
            "nationality": country or [],
            "idNumber": id_number or [],
        },
    }
    skip_teardown()  # reads only: nothing to close or clean up when the process ends (cli.main)
    engine = screener(threshold)
    result = engine.screen(query, threshold=threshold, limit=limit)
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
            "\n".join(listing["entity_id"] for listing in hit.linked) or hit.entity_id,
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
    if merged := explanation.get("merged"):
        parts.append(f"one person on {len(merged['listings'])} lists (magnitsky show {explanation_id(merged)})")
    return "; ".join(parts)


def explanation_id(merged: dict) -> str:
    """The merged person's best listing, the one ``show`` gives the merged view of."""
    return merged["listings"][0]["entity_id"]


def batch(
    input: Annotated[
        Path, typer.Argument(help="Queries: .jsonl ({id, schema, properties} per line), .csv or .parquet.")
    ],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Results: .jsonl, .csv or .parquet.")],
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help=MATCH_HELP)] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Candidates per query.")] = 5,
    only_matches: Annotated[bool, typer.Option(help="Write only candidates at or above the threshold.")] = False,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: all cores).")] = None,
    engine: Annotated[
        str, typer.Option(callback=one_of("local", "spark"), help="local (this machine's cores) or spark.")
    ] = "local",
    master: Annotated[str, typer.Option(help="Spark master URL, with --engine spark.")] = "local[2]",
    resume: Annotated[bool, typer.Option(help="Carry on an interrupted run of the same input and options.")] = True,
) -> None:
    """Screen every query in a file; results best first per query, in input order."""
    from concurrent.futures.process import BrokenProcessPool

    from magnitsky.batch import BatchError, count_records, default_workers, run_batch
    from magnitsky.batch.progress import batch_progress

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
