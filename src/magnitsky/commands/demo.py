"""``magnitsky demo``: load the bundled list excerpts and show what the lists and screening do."""

from __future__ import annotations

import typer

from magnitsky.commands.context import out, store, use_demo_home
from magnitsky.commands.lists import load, sources
from magnitsky.commands.screen import screen


def register(app: typer.Typer) -> None:
    app.command()(demo)


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
