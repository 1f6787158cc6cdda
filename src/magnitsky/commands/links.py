"""One person across lists: ``links update`` (find links and proposals), ``links list``,
``links confirm`` / ``links reject`` (a supervisor's judgement, proven by a credential)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from magnitsky.commands.context import actor, one_of, out, person, print_json, screener, store
from magnitsky.store.link_statuses import AUTO, CONFIRMED, PROPOSED, REJECTED

if TYPE_CHECKING:  # the database layer is imported by the commands that use it, not by --help
    from magnitsky.store.links import Link

links_app = typer.Typer(
    help="Entries of different lists that are one person or company: found, proposed, judged.", no_args_is_help=True
)
Rationale = Annotated[str, typer.Option(help="Why: recorded with the judgement in the audit trail.")]


def register(app: typer.Typer) -> None:
    app.add_typer(links_app, name="links")


@links_app.command("update")
def links_update() -> None:
    """Link the entries of the current lists: automatically where strong evidence agrees, else
    proposed for a supervisor. Run it after loading lists; judgements already made are kept."""
    from magnitsky.linking import relink

    run = relink(store(), screener().index, actor())
    found = ", ".join(f"{count:,} {status}" for status, count in sorted(run.stored.items())) or "nothing"
    out.print(f"{run.entities:,} entries compared in {run.seconds:.1f} s: {found}", highlight=False)


@links_app.command("list")
def links_list(
    status: Annotated[
        str, typer.Option(callback=one_of(AUTO, PROPOSED, CONFIRMED, REJECTED), help="Which links.")
    ] = PROPOSED,
    entity: Annotated[str | None, typer.Option(help="Only those of this entry (SOURCE:SOURCE_ID).")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Stored links of one status (default: proposals waiting for a judgement), with their evidence."""
    from magnitsky.store.links import LinkStore

    found = LinkStore(store().engine).links(status, entity, limit, offset)
    if as_json:
        print_json([link.to_dict() for link in found])
        return
    captions = _captions(found)
    table = Table("left", "right", "evidence", "decided")
    for link in found:
        table.add_row(
            escape(f"{link.left}\n{captions.get(link.left, '')}"),
            escape(f"{link.right}\n{captions.get(link.right, '')}"),
            escape("; ".join(link.basis)),
            escape(f"{link.decided_by}: {link.rationale}" if link.decided_by else ""),
        )
    out.print(table)


def _captions(links: list[Link]) -> dict[str, str]:
    lists = store()
    captions: dict[str, str] = {}
    for version in lists.current_versions():
        wanted = [i for link in links for i in (link.left, link.right) if i.startswith(f"{version.source}:")]
        captions.update(lists.captions(version, wanted))
    return captions


@links_app.command("confirm")
def links_confirm(left: str, right: str, rationale: Rationale) -> None:
    """Confirm that two entries are one person or company (a supervisor, as MAGNITSKY_USER or MAGNITSKY_KEY proves)."""
    _judge(left, right, True, rationale)


@links_app.command("reject")
def links_reject(left: str, right: str, rationale: Rationale) -> None:
    """Reject a proposal or an automatic link: the two entries stay apart in screening."""
    _judge(left, right, False, rationale)


def _judge(left: str, right: str, confirm: bool, rationale: str) -> None:
    from magnitsky.cases.link_reviews import judge_link

    link = judge_link(store().engine, person(), left, right, confirm, rationale)
    out.print(f"{link.left} = {link.right}: {link.status} by {link.decided_by}", highlight=False)
