"""``magnitsky generate-customers``: a synthetic customer file with listed people planted in it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from magnitsky.commands.context import err, fail, store


def register(app: typer.Typer) -> None:
    app.command("generate-customers")(generate_customers)


def generate_customers(
    count: Annotated[int, typer.Argument(min=1, help="Number of customers.")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Customer file: .csv, .jsonl or .parquet.")],
    planted_share: Annotated[float, typer.Option(min=0.0, max=1.0, help="Share of listed people among them.")] = 0.001,
    seed: Annotated[int, typer.Option(help="Same seed, same file.")] = 1,
    truth: Annotated[Path | None, typer.Option(help="Ground truth CSV (default: OUT with .truth.csv).")] = None,
) -> None:
    """Realistic customers of many origins, with a known share of listed people in customer-file
    spellings; the ground truth (customer id -> listed entity id) goes beside it."""
    from magnitsky.batch import BatchError
    from magnitsky.batch.synthetic import customers, plantable, write_customers

    listed = plantable(store().entities()) if planted_share else []
    if planted_share and not listed:
        fail("no listed people with a date of birth to plant; load lists first (`magnitsky demo`)")
    truth = truth or out_path.with_name(out_path.name.split(".")[0] + ".truth.csv")
    try:
        total, planted = write_customers(out_path, customers(count, listed, planted_share, seed), truth)
    except ImportError as exc:
        fail(f"{exc}: install the synthetic-data extra, pip install 'magnitsky[synthetic]'")
    except (BatchError, OSError) as exc:
        fail(str(exc))
    err.print(f"{total} customers ({planted} listed people planted) -> {out_path}; ground truth -> {truth}")
