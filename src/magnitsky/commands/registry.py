"""``magnitsky registry ...``: the designation registry from nomination to signed publication.

magnitsky registry regimes                          magnitsky registry grant NAME ROLE
magnitsky registry nominate FILE.json [--evidence FILE]... [--public]
magnitsky registry submit|step|show|list|assess|checklist|statement|reasons|compare
magnitsky registry propose|approve|refuse|publish   magnitsky registry verify FILE
magnitsky registry evidence add|read|custody|pack    magnitsky registry submitter ID
magnitsky registry petition file|status|reply|list|show|message|propose|decide
magnitsky registry reviews|clocks [--overdue]         magnitsky registry review|clock ...
magnitsky registry report --year YEAR [--format html|pdf] [--annex] --out FILE
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from magnitsky.commands.context import err, fail, home, out, person, print_json, screener, settings, store

registry_app = typer.Typer(help="Designation registry: nominate, investigate, decide, publish.", no_args_is_help=True)
evidence_app = typer.Typer(
    help="Evidence files: content-addressed, hash-checked, custody-logged.", no_args_is_help=True
)
registry_app.add_typer(evidence_app, name="evidence")

AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
Nomination = Annotated[int, typer.Argument(help="Nomination number.")]
Reason = Annotated[str, typer.Option(help="Why: recorded in the audit trail.")]
EvidenceFiles = Annotated[list[Path] | None, typer.Option(help="An evidence file sent with it (repeatable).")]


def register(app: typer.Typer) -> None:
    from magnitsky.commands import registry_duties, registry_report
    from magnitsky.commands.registry_petitions import petition_app

    registry_app.add_typer(petition_app, name="petition")
    registry_duties.register(registry_app)
    registry_report.register(registry_app)
    app.add_typer(registry_app, name="registry")


@contextmanager
def _reported() -> Iterator[None]:
    """A file that cannot be read or written ends the command with exit 1 and its one-line cause.
    (Registry, store and parse errors are Magnitsky's own: ``cli`` reports those, once, for every command.)"""
    try:
        yield
    except OSError as exc:
        fail(str(exc))


def _registry():
    from magnitsky.registry import Registry

    with _reported():
        return Registry(store(), home(), keys=settings().store.registry_keys)


def _officer(registry):
    """The registry officer running the command, proven by their credential (MAGNITSKY_KEY, or
    MAGNITSKY_USER with their password), never by a name typed on the command line."""
    acting = person()
    with _reported():
        return registry.roles.officer(acting.name)


def _administrator(doing: str) -> str:
    """The signed-in administrator's name for the audit trail; anyone else is refused. Their account
    was itself made under four eyes, so no one person both holds and hands out registry roles unseen."""
    acting = person()
    if not acting.may_administer:
        fail(f"{acting.name} may not {doing}: that needs an administrator")
    return acting.name


def _filer(registry, public: bool):
    """Who files: the public channel (no sign-in), or the signed-in officer."""
    from magnitsky.registry.roles import PUBLIC_OFFICER

    return PUBLIC_OFFICER if public else _officer(registry)


def _evidence(paths: list[Path] | None) -> list[dict[str, Any]]:
    """Evidence files named on the command line, read, each described by its name."""
    with _reported():
        return [{"data": path.read_bytes(), "filename": path.name, "description": path.name} for path in paths or []]


def _json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {path}: {exc}")
    except json.JSONDecodeError as exc:
        fail(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})")


def _summary(view: dict[str, Any]) -> None:
    out.print(f"nomination {view['id']}: {view['state']}  {view['caption']}", highlight=False, soft_wrap=True)
    if view["intake"]:
        out.print(f"  intake: {view['intake']['summary']}", highlight=False, soft_wrap=True)
    if view["proposals"] and view["proposals"][-1]["state"] in ("pending", "approved"):
        p = view["proposals"][-1]
        by = f"proposed by {p['proposed_by']}" + (f", approved by {p['approved_by']}" if p["approved_by"] else "")
        out.print(f"  proposal to {p['action']}: {p['state']} ({by})", highlight=False, soft_wrap=True)
    if view["designation_id"]:
        out.print(f"  designation {view['designation_id']} listed on {view['listed_on']}", highlight=False)


# -- regimes and roles -------------------------------------------------------------------------


@registry_app.command("regimes")
def regimes(as_json: AsJson = False) -> None:
    """The legal regimes loaded (bundled, and $MAGNITSKY_HOME/regimes/*.yaml)."""
    from magnitsky.registry.regimes import load_regimes

    with _reported():
        loaded = load_regimes(home())
    if as_json:
        print_json([r.to_dict() for r in loaded.values()])
        return
    table = Table("id", "jurisdiction", "program", "standard of proof", "measures", "criteria")
    for r in loaded.values():
        table.add_row(
            r.id,
            r.jurisdiction,
            r.program,
            r.standard_of_proof,
            ", ".join(r.measures),
            ", ".join(c.id for c in r.criteria),
        )
    out.print(table)


@registry_app.command("grant")
def grant(
    name: str,
    role: str,
    rationale: Annotated[str, typer.Option(help="Why: recorded with the request in the audit trail.")],
) -> None:
    """Ask for a registered user (`magnitsky users add`) to get a registry role: an administrator,
    signed in; a second administrator approves it (`magnitsky requests approve ID`)."""
    registry = _registry()
    with _reported():
        request = registry.roles.request_grant(name, role, person(), rationale)
    out.print(
        f"request {request.id}: registry role {role} for {name}, pending; "
        f"a second administrator approves it with `magnitsky requests approve {request.id}`",
        highlight=False,
    )


@registry_app.command("revoke-role")
def revoke_role(name: str, role: str) -> None:
    """Take a registry role away: an administrator, signed in."""
    registry = _registry()
    by = _administrator("revoke registry roles")
    with _reported():
        registry.roles.revoke(name, role, by)
    out.print(f"{name}: {role} revoked", highlight=False)


# -- nominations -------------------------------------------------------------------------------


@registry_app.command("nominate")
def nominate(
    file: Annotated[Path, typer.Argument(help="The nomination as JSON (see docs/registry.md).")],
    evidence: EvidenceFiles = None,
    public: Annotated[
        bool, typer.Option("--public", help="File it as the public channel does: submitted and screened at once.")
    ] = False,
) -> None:
    """File a nomination (a draft, until `magnitsky registry submit`)."""
    registry = _registry()
    officer = _filer(registry, public)
    with _reported():
        view = registry.nominate(_json_file(file), officer, screener() if public else None, _evidence(evidence))
    _summary(view)
    for item in view["evidence"]:
        out.print(
            f"  evidence {item['id']}: {item['filename']} {item['media_type']} sha256 {item['sha256']}",
            highlight=False,
            soft_wrap=True,
        )


@registry_app.command("submit")
def submit(nomination: Nomination) -> None:
    """Send a draft to the authority; the subject is screened against every loaded list at intake."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.step(nomination, "submit", officer, screener=screener())
    _summary(view)


@registry_app.command("step")
def step(
    nomination: Nomination,
    name: Annotated[
        str, typer.Argument(help="triage, investigate, to_legal_review, reject, withdraw, review, maintain")
    ],
    reason: Reason = "",
) -> None:
    """Move a nomination along its workflow."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.step(nomination, name, officer, reason)
    _summary(view)


@registry_app.command("show")
def show(nomination: Nomination, as_json: AsJson = False) -> None:
    """A nomination with its intake screening, evidence and proposals (never its submitter)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.view(nomination, officer)
    if as_json:
        print_json(view)
        return
    _summary(view)
    for source, status in view["intake"].get("lists", {}).items():
        entries = ", ".join(f"{e['entity_id']} {e['caption']} ({e['score']:.2f})" for e in status["entries"])
        out.print(f"    {source} v{status['version']}: {entries or 'not listed'}", highlight=False, soft_wrap=True)
    for item in view["evidence"]:
        out.print(f"  evidence {item['id']}: {item['filename']} ({item['media_type']}, {item['size']} B)")
    for p in view["proposals"]:
        out.print(
            f"  proposal {p['id']} {p['action']}: {p['state']} (by {p['proposed_by']}, approved by {p['approved_by']})"
        )


@registry_app.command("list")
def list_(
    state: Annotated[str | None, typer.Option(help="Only nominations in this state.")] = None,
    as_json: AsJson = False,
) -> None:
    """Nominations (a submitter sees their own)."""
    registry = _registry()
    officer = _officer(registry)
    rows = registry.nominations(officer, state)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "state", "subject", "regimes", "designation")
    for r in rows:
        table.add_row(str(r["id"]), r["state"], r["caption"], ", ".join(r["regimes"]), r["designation_id"] or "")
    out.print(table)


# -- checklist and statement -------------------------------------------------------------------


@registry_app.command("assess")
def assess(
    nomination: Nomination,
    regime: str,
    criterion: str,
    element: Annotated[str, typer.Argument(help="conduct, link, victims or time_window")],
    status: Annotated[str, typer.Argument(help="met, not_met or not_assessed")],
    note: Annotated[str, typer.Option(help="The assessment in words.")] = "",
    supporting: Annotated[list[int] | None, typer.Option(help="Evidence id supporting it (repeatable).")] = None,
    exculpatory: Annotated[list[int] | None, typer.Option(help="Evidence id against it (repeatable).")] = None,
) -> None:
    """Assess one element of a criterion."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        rows = registry.assess(
            nomination, regime, criterion, element, status, note, officer, supporting or [], exculpatory or []
        )
    _print_checklist(rows)


@registry_app.command("checklist")
def checklist(nomination: Nomination, as_json: AsJson = False) -> None:
    """Every element of every proposed criterion: met / not met / not assessed, with its evidence."""
    registry = _registry()
    with _reported():
        rows = registry.checklist(nomination)
    if as_json:
        print_json(rows)
        return
    _print_checklist(rows)


def _print_checklist(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        evidence = f" for {r['supporting']}" if r["supporting"] else ""
        evidence += f" against {r['exculpatory']}" if r["exculpatory"] else ""
        out.print(
            f"  {r['regime']}/{r['criterion']}/{r['element']}: {r['status']}{evidence}", highlight=False, soft_wrap=True
        )


@registry_app.command("statement")
def statement(
    nomination: Nomination,
    file: Annotated[Path, typer.Argument(help='JSON list of {"text", "releasable", "evidence": [ids]}.')],
) -> None:
    """Save a new version of the statement of case."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        number = registry.write_statement(nomination, _json_file(file), officer)
    out.print(f"nomination {nomination}: statement of case version {number}")


@registry_app.command("reasons")
def reasons(nomination: Nomination) -> None:
    """The public statement of reasons (the releasable paragraphs)."""
    registry = _registry()
    with _reported():
        out.print(registry.statement_of_reasons(nomination), highlight=False, soft_wrap=True)


@registry_app.command("compare")
def compare(nomination: Nomination, old: int, new: int) -> None:
    """What changed between two versions of the statement of case."""
    registry = _registry()
    with _reported():
        for line in registry.compare_statements(nomination, old, new):
            out.print(line, highlight=False, soft_wrap=True)


# -- four eyes and publication -----------------------------------------------------------------


@registry_app.command("propose")
def propose(
    nomination: Nomination,
    action: Annotated[str, typer.Argument(help="designate, vary or revoke")],
    reasons: Annotated[str, typer.Option(help="Why: the proposal's reasons.")],
) -> None:
    """Propose a decision; another person approves it."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.propose(nomination, action, reasons, officer)
    _summary(view)


@registry_app.command("approve")
def approve(
    nomination: Nomination,
    override: Annotated[str | None, typer.Option(help="Reasons for deciding although an element is not met.")] = None,
) -> None:
    """Approve the open proposal (a decision-maker who did not propose it)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.approve(nomination, officer, override)
    _summary(view)


@registry_app.command("refuse")
def refuse(nomination: Nomination, reasons: Annotated[str, typer.Option(help="Why.")]) -> None:
    """Refuse the open proposal."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        view = registry.refuse(nomination, officer, reasons)
    _summary(view)


@registry_app.command("publish")
def publish(nomination: Nomination) -> None:
    """Publish an approved decision: signed FtM and CSV files, the change feed, and a new version of
    the authority's list in the store (screening, visa and payments enforce it)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        result = registry.publish(nomination, officer)
    out.print(
        f"published {result['designation']} ({result['change']}): publication {result['publication']}, "
        f"{result['source']} list version {result['list_version']}, {result['entries']} designation(s)",
        highlight=False,
        soft_wrap=True,
    )
    out.print(f"  files: {result['files']}", highlight=False, soft_wrap=True)


@registry_app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="A published file (designations.ftm.json, .csv, feed.json ...).")],
    signature: Annotated[Path | None, typer.Option(help="Its signature (default FILE.sig).")] = None,
    public_key: Annotated[
        Path | None, typer.Option(help="The authority's public key PEM (default: signing.pub.pem beside the feed).")
    ] = None,
) -> None:
    """Check a published file against its Ed25519 signature; exit 1 if a byte changed."""
    from magnitsky.registry.keys import PUBLIC_KEY
    from magnitsky.registry.signing import verify_file
    from magnitsky.store.key_files import load_public_key

    key_path = public_key or next(
        (p / PUBLIC_KEY for p in (file.parent, file.parent.parent) if (p / PUBLIC_KEY).is_file()), None
    )
    if key_path is None:
        fail(f"no {PUBLIC_KEY} beside {file}; pass --public-key")
    with _reported():
        verify_file(load_public_key(key_path), file, signature)
    out.print(f"{file}: signature valid ({key_path})", highlight=False, soft_wrap=True)


# -- evidence and source protection ------------------------------------------------------------


@evidence_app.command("add")
def evidence_add(
    nomination: Nomination,
    file: Path,
    description: Annotated[str, typer.Option(help="What the file shows.")],
    captured_at: Annotated[str | None, typer.Option(help="When the original was captured.")] = None,
    captured_by: Annotated[str | None, typer.Option(help="Who captured it.")] = None,
) -> None:
    """Add an evidence file (PDF, image, audio, video or text; stored by SHA-256)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        item = registry.add_evidence(
            nomination, file.read_bytes(), file.name, description, officer, captured_at, captured_by
        )
    out.print(
        f"evidence {item['id']}: {item['filename']} {item['media_type']} sha256 {item['sha256']}",
        highlight=False,
        soft_wrap=True,
    )


@evidence_app.command("read")
def evidence_read(
    evidence_id: int,
    reason: Reason,
    output: Annotated[Path | None, typer.Option("-o", help="Write the file here (default stdout).")] = None,
) -> None:
    """Read an evidence file after checking its hash; the read goes into its custody log."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        item, data = registry.read_evidence(evidence_id, officer, reason)
    if output:
        output.write_bytes(data)
        err.print(f"evidence {evidence_id}: {item['size']} bytes, sha256 verified -> {output}", highlight=False)
    else:
        sys.stdout.buffer.write(data)


@evidence_app.command("custody")
def evidence_custody(evidence_id: int, as_json: AsJson = False) -> None:
    """Who added, read and exported an evidence file, when and why."""
    registry = _registry()
    with _reported():
        rows = registry.evidence.custody(evidence_id)
    if as_json:
        print_json(rows)
        return
    for r in rows:
        out.print(f"  {r['at']}  {r['actor']}  {r['action']}  {r['reason']}", highlight=False, soft_wrap=True)


@evidence_app.command("pack")
def evidence_pack(
    nomination: Nomination,
    output: Annotated[Path, typer.Option("-o", help="The zip file to write.")],
    reason: Reason,
) -> None:
    """Export every evidence file of a nomination with a signed manifest (zip)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        output.write_bytes(registry.evidence_pack(nomination, officer, reason))
    out.print(f"{output}: evidence pack with manifest.json and manifest.json.sig", highlight=False)


@registry_app.command("submitter")
def submitter(nomination: Nomination, reason: Reason) -> None:
    """Who submitted a nomination (source_protection role only; the read is recorded)."""
    registry = _registry()
    officer = _officer(registry)
    with _reported():
        details = registry.submitters.read(nomination, officer, reason)
    print_json(details or {"anonymous": True})
