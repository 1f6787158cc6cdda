"""The designation registry's Python API: one object an interface (CLI, HTTP, web pages) calls.

Every method takes the acting :class:`~magnitsky.registry.roles.Officer`, checks the role and the
state, changes the database and appends the audit record in one transaction. Nominations never
enter the list store; only :meth:`Registry.publish` puts designations there, as a new version of
the authority's own source that screening, visa and payments read like any other list.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from magnitsky.cases.db import canonical, now, utc, writing
from magnitsky.registry.clocks import Clocks, start_clocks
from magnitsky.registry.errors import ConflictError, NotFound, PermissionDenied, RegistryError
from magnitsky.registry.evidence import Evidence, Upload
from magnitsky.registry.intake import NOMINATIONS, screen_subject
from magnitsky.registry.keys import keys_folder, signing_key, submitter_cipher
from magnitsky.registry.nomination import Nomination, parse_nomination
from magnitsky.registry.orders import open_proposal
from magnitsky.registry.petitions import Petitions
from magnitsky.registry.publication import Designation, write_feed, write_version
from magnitsky.registry.regimes import ELEMENTS, load_regimes
from magnitsky.registry.reviews import Reviews
from magnitsky.registry.roles import PUBLIC, Officer, Roles
from magnitsky.registry.schema import (
    registry_checklist,
    registry_nominations,
    registry_proposals,
    registry_publications,
    registry_statements,
)
from magnitsky.registry.statement import Paragraph, compare, parse_paragraphs, statement_of_reasons
from magnitsky.registry.submitters import Submitters
from magnitsky.registry.workflow import (
    LISTED_STATES,
    PROPOSALS,
    check_approver,
    check_proposal,
    check_publisher,
    check_step,
)
from magnitsky.screening import Screener
from magnitsky.sources import open_list
from magnitsky.store import AuditLog, ListStore
from magnitsky.store.key_files import public_pem

STATUSES = ("met", "not_met", "not_assessed")
ASSESSING_STATES = ("investigation", "legal_review")
WRITING_STATES = ("triage", "investigation", "legal_review", "under_review")
DEFAULT_SOURCE = "registry"
DEFAULT_AUTHORITY = "Magnitsky designation registry"


def _checked(name: str, text: str | None) -> str | None:
    """Free text as given, refused when no database could keep it (PostgreSQL text holds no NUL)."""
    if text is not None and "\x00" in text:
        raise RegistryError(f"{name}: contains a NUL character")
    return text


class Registry:
    def __init__(
        self,
        store: ListStore,
        home: Path,
        source: str = DEFAULT_SOURCE,
        authority: str = DEFAULT_AUTHORITY,
        keys: Path | None = None,
    ):
        """``keys``: the folder of the registry's key files (the setting ``store.registry_keys``);
        None keeps them in ``home/registry/keys``."""
        self.store = store
        self.engine = store.engine
        self.home = Path(home)
        self.source = source
        self.authority = authority
        self.regimes = load_regimes(self.home)
        self.roles = Roles(self.engine)
        self.keys = keys_folder(self.home, keys)
        self.submitters = Submitters(self.engine, submitter_cipher(self.keys))
        self.evidence = Evidence(self.engine, self.home / "registry" / "evidence")
        self.petitions = Petitions(self.engine, self.regimes, self.evidence)
        self.reviews = Reviews(self.engine, self.regimes)
        self.clocks = Clocks(self.engine, self.regimes, self.roles)
        self.publications = self.home / "registry" / "publications"
        self.audit = AuditLog(self.engine)

    # -- nominations ---------------------------------------------------------------------------

    def nominate(
        self,
        data: Any,
        officer: Officer,
        screener: Screener | None = None,
        evidence: Sequence[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """File a nomination: a draft for a registered submitter, submitted at once (and screened)
        when it comes through the public channel. ``evidence``: files sent with it, each
        ``{"data", "filename", "description", "captured_at", "captured_by"}``."""
        officer.require("submitter", doing="file a nomination")
        nomination, submitter = parse_nomination(data, self.regimes)
        public = officer.name == PUBLIC
        if public and screener is None:
            raise RegistryError("a public nomination is submitted at once and needs the screener for intake")
        at, state = now(), "submitted" if public else "draft"
        with writing(self.engine) as conn:
            nomination_id = conn.execute(
                insert(registry_nominations)
                .values(
                    state=state,
                    schema=nomination.schema,
                    caption=nomination.caption,
                    regimes=canonical(nomination.regimes),
                    body=canonical(nomination.body()),
                    intake="{}",
                    created_at=at,
                    created_by=officer.name,
                    updated_at=at,
                )
                .returning(registry_nominations.c.id)
            ).scalar_one()
            if submitter:
                self.submitters.keep(conn, nomination_id, submitter)
            details = {
                "regimes": nomination.regimes,
                "anonymous": submitter is None,
                "state": state,
                # categories (no names): the annual report's coverage is recounted from these
                "nationalities": nomination.subject["nationalities"],
                "victim_groups": nomination.conduct["victim_groups"],
            }
            self.audit.append(officer.name, "nomination.create", f"nomination:{nomination_id}", details, conn=conn)
            for item in evidence:
                self.evidence.add(nomination_id, by=officer.name, conn=conn, **item)
            if public and screener is not None:  # a public nomination always has one (checked above)
                self._intake(conn, nomination_id, nomination, screener, officer.name)
        return self.view(nomination_id)

    def _intake(self, conn: Connection, nomination_id: int, nomination: Nomination, screener: Screener, by: str):
        result = screen_subject(nomination, screener, self.store, self._earlier_subjects(conn, nomination_id))
        conn.execute(
            update(registry_nominations)
            .where(registry_nominations.c.id == nomination_id)
            .values(intake=canonical(result))
        )
        details = {"summary": result["summary"], "duplicates": [d["nomination"] for d in result["duplicates"]]}
        self.audit.append(by, "nomination.intake", f"nomination:{nomination_id}", details, conn=conn)

    def _earlier_subjects(self, conn: Connection, nomination_id: int) -> list:
        rows = conn.execute(
            select(registry_nominations.c.id, registry_nominations.c.body, registry_nominations.c.regimes).where(
                registry_nominations.c.id != nomination_id
            )
        )
        return [
            Nomination.from_stored(json.loads(r.body), json.loads(r.regimes)).subject_entity(NOMINATIONS, str(r.id))
            for r in rows
        ]

    def step(
        self, nomination_id: int, name: str, officer: Officer, reason: str = "", screener: Screener | None = None
    ) -> dict[str, Any]:
        """Take a workflow step (submit, triage, investigate, to_legal_review, reject, withdraw,
        review, maintain). Submitting runs the intake screening."""
        _checked("reason", reason)
        with writing(self.engine) as conn:
            row = self._row(conn, nomination_id)
            step = check_step(name, row.state, officer, row.created_by)
            self._set_state(conn, nomination_id, step.target)
            details = {"from": row.state, "to": step.target, "reason": reason}
            self.audit.append(officer.name, f"nomination.{name}", f"nomination:{nomination_id}", details, conn=conn)
            if step.target == "submitted":
                if screener is None:
                    raise RegistryError("submitting runs the intake screening: a screener is needed")
                self._intake(conn, nomination_id, _nomination(row), screener, officer.name)
        return self.view(nomination_id)

    def _row(self, conn: Connection, nomination_id: int):
        row = conn.execute(select(registry_nominations).where(registry_nominations.c.id == nomination_id)).first()
        if row is None:
            raise NotFound(f"no nomination {nomination_id}")
        return row

    def _set_state(self, conn: Connection, nomination_id: int, state: str, **values: Any) -> None:
        conn.execute(
            update(registry_nominations)
            .where(registry_nominations.c.id == nomination_id)
            .values(state=state, updated_at=now(), **values)
        )

    def _readable(self, row, officer: Officer) -> None:
        """Officers read every nomination; a submitter only their own."""
        if officer.roles - {"submitter"}:
            return
        if officer.name == PUBLIC or row.created_by != officer.name:
            raise PermissionDenied(f"{officer.name} may read only the nominations they filed")

    def view(self, nomination_id: int, officer: Officer | None = None) -> dict[str, Any]:
        """Everything an officer sees of a nomination (never its submitter)."""
        with self.engine.connect() as conn:
            row = self._row(conn, nomination_id)
            if officer is not None:
                self._readable(row, officer)
            proposals = conn.execute(
                select(registry_proposals)
                .where(registry_proposals.c.nomination_id == nomination_id)
                .order_by(registry_proposals.c.id)
            ).all()
            versions = conn.execute(
                select(func.count()).where(registry_statements.c.nomination_id == nomination_id)
            ).scalar_one()
        regimes = json.loads(row.regimes)
        return {
            "id": row.id,
            "state": row.state,
            "schema": row.schema,
            "caption": row.caption,
            "regimes": regimes,
            **json.loads(row.body),
            "intake": json.loads(row.intake),
            "created_at": utc(row.created_at).isoformat(),
            "created_by": row.created_by,
            "updated_at": utc(row.updated_at).isoformat(),
            "designation_id": row.designation_id,
            "listed_on": row.listed_on,
            "review_due": self.reviews.next_due(row.id),
            "evidence": [item.to_dict() for item in self.evidence.items(nomination_id)],
            "statement_versions": versions,
            "proposals": [_proposal(p) for p in proposals],
        }

    def nominations(self, officer: Officer, state: str | None = None) -> list[dict[str, Any]]:
        query = select(registry_nominations).order_by(registry_nominations.c.id)
        if state:
            query = query.where(registry_nominations.c.state == state)
        if not officer.roles - {"submitter"}:
            query = query.where(registry_nominations.c.created_by == officer.name)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            {
                "id": r.id,
                "state": r.state,
                "caption": r.caption,
                "regimes": sorted(json.loads(r.regimes)),
                "designation_id": r.designation_id,
                "updated_at": utc(r.updated_at).isoformat(),
            }
            for r in rows
        ]

    # -- evidence ------------------------------------------------------------------------------

    def add_evidence(
        self,
        nomination_id: int,
        data: bytes | Upload,
        filename: str,
        description: str,
        officer: Officer,
        captured_at: str | None = None,
        captured_by: str | None = None,
    ) -> dict[str, Any]:
        officer.require("submitter", "investigator", "legal_reviewer", doing="add evidence")
        with writing(self.engine) as conn:
            row = self._row(conn, nomination_id)
            if not officer.roles - {"submitter"} and (
                officer.name == PUBLIC or row.created_by != officer.name or row.state != "draft"
            ):
                raise PermissionDenied("a submitter adds evidence to their own draft (or with a public nomination)")
            item = self.evidence.add(
                nomination_id, data, filename, description, officer.name, captured_at, captured_by, conn=conn
            )
        return item.to_dict()

    def read_evidence(self, evidence_id: int, officer: Officer, reason: str) -> tuple[dict[str, Any], bytes]:
        officer.require("investigator", "legal_reviewer", "decision_maker", "auditor", doing="read evidence")
        item, data = self.evidence.read(evidence_id, officer.name, reason)
        return item.to_dict(), data

    def evidence_pack(self, nomination_id: int, officer: Officer, reason: str) -> bytes:
        officer.require("investigator", "legal_reviewer", "decision_maker", "auditor", doing="export evidence")
        return self.evidence.pack(nomination_id, signing_key(self.keys), officer.name, reason)

    # -- checklist -----------------------------------------------------------------------------

    def assess(
        self,
        nomination_id: int,
        regime: str,
        criterion: str,
        element: str,
        status: str,
        note: str,
        officer: Officer,
        supporting: Sequence[int] = (),
        exculpatory: Sequence[int] = (),
    ) -> list[dict[str, Any]]:
        """Record one element of a criterion as met / not met / not assessed, with the evidence for and against."""
        officer.require("investigator", "legal_reviewer", doing="assess the criteria")
        _checked("note", note)
        if status not in STATUSES:
            raise RegistryError(f"status {status!r}: use one of {', '.join(STATUSES)}")
        if element not in ELEMENTS:
            raise RegistryError(f"element {element!r}: use one of {', '.join(ELEMENTS)}")
        evidence_ids = {item.id for item in self.evidence.items(nomination_id)}
        if unknown := sorted((set(supporting) | set(exculpatory)) - evidence_ids):
            raise RegistryError(f"no evidence {', '.join(map(str, unknown))} in nomination {nomination_id}")
        with writing(self.engine) as conn:
            row = self._row(conn, nomination_id)
            if row.state not in ASSESSING_STATES:
                raise ConflictError(f"the checklist is filled in {' or '.join(ASSESSING_STATES)}, not in {row.state}")
            proposed = json.loads(row.regimes)
            if criterion not in proposed.get(regime, []):
                raise RegistryError(f"nomination {nomination_id} does not propose {regime}/{criterion}")
            key = {"nomination_id": nomination_id, "regime": regime, "criterion": criterion, "element": element}
            values = {
                "status": status,
                "note": note,
                "supporting": json.dumps(sorted(set(supporting))),
                "exculpatory": json.dumps(sorted(set(exculpatory))),
                "assessed_by": officer.name,
                "assessed_at": now(),
            }
            where = [registry_checklist.c[k] == v for k, v in key.items()]
            if conn.execute(update(registry_checklist).where(*where).values(**values)).rowcount == 0:
                conn.execute(insert(registry_checklist).values(**key, **values))
            details = {
                **key,
                "status": status,
                "supporting": values["supporting"],
                "exculpatory": values["exculpatory"],
            }
            self.audit.append(officer.name, "checklist.assess", f"nomination:{nomination_id}", details, conn=conn)
        return self.checklist(nomination_id)

    def checklist(self, nomination_id: int) -> list[dict[str, Any]]:
        """Every element of every proposed criterion, with its regime's wording; unassessed ones as such."""
        with self.engine.connect() as conn:
            row = self._row(conn, nomination_id)
            assessed = {
                (r.regime, r.criterion, r.element): r
                for r in conn.execute(
                    select(registry_checklist).where(registry_checklist.c.nomination_id == nomination_id)
                )
            }
        out = []
        for regime_id, criteria in json.loads(row.regimes).items():
            regime = self.regimes[regime_id]
            for criterion_id in criteria:
                criterion = regime.criterion(criterion_id)
                for element in ELEMENTS:
                    done = assessed.get((regime_id, criterion_id, element))
                    out.append(
                        {
                            "regime": regime_id,
                            "criterion": criterion_id,
                            "provision": criterion.provision,
                            "element": element,
                            "requirement": criterion.elements[element],
                            "standard_of_proof": regime.standard_of_proof,
                            "status": done.status if done else "not_assessed",
                            "note": done.note if done else "",
                            "supporting": json.loads(done.supporting) if done else [],
                            "exculpatory": json.loads(done.exculpatory) if done else [],
                            "assessed_by": done.assessed_by if done else None,
                        }
                    )
        return out

    def unmet(self, nomination_id: int) -> list[str]:
        return [
            f"{r['regime']}/{r['criterion']}/{r['element']}: {r['status']}"
            for r in self.checklist(nomination_id)
            if r["status"] != "met"
        ]

    # -- statement of case ---------------------------------------------------------------------

    def write_statement(self, nomination_id: int, paragraphs: Any, officer: Officer) -> int:
        """Save a new version of the statement of case; its number."""
        officer.require("investigator", "legal_reviewer", doing="write the statement of case")
        parsed = parse_paragraphs(paragraphs, {item.id for item in self.evidence.items(nomination_id)})
        with writing(self.engine) as conn:
            row = self._row(conn, nomination_id)
            if row.state not in WRITING_STATES:
                raise ConflictError(f"the statement of case is written in {', '.join(WRITING_STATES)}, not {row.state}")
            number = (
                1
                + conn.execute(
                    select(func.coalesce(func.max(registry_statements.c.number), 0)).where(
                        registry_statements.c.nomination_id == nomination_id
                    )
                ).scalar_one()
            )
            conn.execute(
                insert(registry_statements).values(
                    nomination_id=nomination_id,
                    number=number,
                    paragraphs=canonical([p.to_dict() for p in parsed]),
                    written_by=officer.name,
                    written_at=now(),
                )
            )
            details = {"version": number, "paragraphs": len(parsed), "releasable": sum(p.releasable for p in parsed)}
            self.audit.append(officer.name, "statement.write", f"nomination:{nomination_id}", details, conn=conn)
        return number

    def statement(self, nomination_id: int, version: int | None = None) -> list[Paragraph]:
        query = select(registry_statements).where(registry_statements.c.nomination_id == nomination_id)
        if version is not None:
            query = query.where(registry_statements.c.number == version)
        with self.engine.connect() as conn:
            row = conn.execute(query.order_by(registry_statements.c.number.desc()).limit(1)).first()
        if row is None:
            what = f"version {version} of the statement" if version else "a statement of case"
            raise NotFound(f"nomination {nomination_id} has no {what}")
        return [Paragraph(p["text"], p["releasable"], tuple(p["evidence"])) for p in json.loads(row.paragraphs)]

    def statement_of_reasons(self, nomination_id: int) -> str:
        return statement_of_reasons(self.statement(nomination_id))

    def compare_statements(self, nomination_id: int, old: int, new: int) -> list[str]:
        return compare(self.statement(nomination_id, old), self.statement(nomination_id, new))

    # -- four eyes -----------------------------------------------------------------------------

    def propose(self, nomination_id: int, action: str, reasons: str, officer: Officer) -> dict[str, Any]:
        """Propose to designate (from legal review), vary or revoke (from review)."""
        if not reasons.strip():
            raise RegistryError("a proposal needs its reasons")
        _checked("reasons", reasons)
        if action in ("designate", "vary") and not self.statement_of_reasons(nomination_id):
            raise ConflictError("no releasable paragraph in the statement of case: there is no statement of reasons")
        with writing(self.engine) as conn:
            row = self._row(conn, nomination_id)
            waiting = check_proposal(action, row.state, officer).waiting
            if open_proposal(conn, nomination_id) is not None:
                raise ConflictError(f"nomination {nomination_id} already has an open proposal")
            proposal_id = conn.execute(
                insert(registry_proposals)
                .values(
                    nomination_id=nomination_id,
                    action=action,
                    state="pending",
                    reasons=reasons,
                    proposed_by=officer.name,
                    proposed_at=now(),
                )
                .returning(registry_proposals.c.id)
            ).scalar_one()
            self._set_state(conn, nomination_id, waiting)
            details = {"proposal": proposal_id, "action": action, "from": row.state, "to": waiting}
            self.audit.append(officer.name, "proposal.create", f"nomination:{nomination_id}", details, conn=conn)
            if action == "revoke":
                concerning = f"removal of designation {row.designation_id} proposed (proposal {proposal_id})"
                start_clocks(
                    conn, self.audit, self.regimes, "revocation", nomination_id, officer.name, officer.name, concerning
                )
        return self.view(nomination_id)

    def approve(self, nomination_id: int, officer: Officer, override: str | None = None) -> dict[str, Any]:
        """A decision-maker other than the proposer approves the open proposal. Deciding to designate
        or vary with an element not met needs ``override``: the reasons for deciding anyway."""
        _checked("override", override)
        unmet = self.unmet(nomination_id)
        with writing(self.engine) as conn:
            proposal = self._pending(conn, nomination_id)
            check_approver(officer, proposal.proposed_by)
            if proposal.action != "revoke" and unmet and not (override or "").strip():
                raise ConflictError(
                    f"{len(unmet)} checklist element(s) not met ({'; '.join(unmet)}); "
                    "approving needs an explicit override with reasons"
                )
            conn.execute(
                update(registry_proposals)
                .where(registry_proposals.c.id == proposal.id)
                .values(state="approved", approved_by=officer.name, approved_at=now(), override=override or None)
            )
            details = {"proposal": proposal.id, "action": proposal.action, "override": override, "unmet": unmet}
            self.audit.append(officer.name, "proposal.approve", f"nomination:{nomination_id}", details, conn=conn)
        return self.view(nomination_id)

    def refuse(self, nomination_id: int, officer: Officer, reasons: str) -> dict[str, Any]:
        """A decision-maker refuses the open proposal: back to legal review (or to the review)."""
        _checked("reasons", reasons)
        with writing(self.engine) as conn:
            proposal = self._pending(conn, nomination_id)
            check_approver(officer, proposal.proposed_by)
            conn.execute(
                update(registry_proposals)
                .where(registry_proposals.c.id == proposal.id)
                .values(state="refused", approved_by=officer.name, approved_at=now(), override=reasons)
            )
            back = "legal_review" if proposal.action == "designate" else "under_review"
            self._set_state(conn, nomination_id, back)
            details = {"proposal": proposal.id, "action": proposal.action, "reasons": reasons, "to": back}
            self.audit.append(officer.name, "proposal.refuse", f"nomination:{nomination_id}", details, conn=conn)
        return self.view(nomination_id)

    def _pending(self, conn: Connection, nomination_id: int):
        proposal = open_proposal(conn, nomination_id)
        if proposal is None or proposal.state != "pending":
            raise ConflictError(f"nomination {nomination_id} has no proposal awaiting a decision")
        return proposal

    # -- publication ---------------------------------------------------------------------------

    def publish(self, nomination_id: int, officer: Officer) -> dict[str, Any]:
        """Carry out an approved proposal: write, sign and load the authority's list's next version.

        The new version goes into the list store as source ``self.source``, from the very FtM file
        published, so visa and payment screening enforce it as soon as they reload."""
        with self.engine.connect() as conn:
            row = self._row(conn, nomination_id)
            proposal = open_proposal(conn, nomination_id)
        if proposal is None or proposal.state != "approved":
            raise ConflictError(f"nomination {nomination_id} has no approved proposal to publish")
        check_publisher(officer, proposal.proposed_by, proposal.approved_by)
        outcome = PROPOSALS[proposal.action].outcome
        designation_id = row.designation_id or f"{self.source.replace('_', '-')}-{nomination_id:05d}"
        listed_on = row.listed_on or now().date().isoformat()
        change = {"designate": "added", "vary": "varied", "revoke": "removed"}[proposal.action]
        designations = self._designations(exclude=nomination_id)
        if outcome in LISTED_STATES:
            designations.append(self._designation(row, designation_id, listed_on))
        number = self._next_publication()
        key = signing_key(self.keys)
        self.publications.mkdir(parents=True, exist_ok=True)
        (self.publications / "signing.pub.pem").write_bytes(public_pem(key))
        ftm_path = write_version(self.publications, number, designations, self.authority, key)
        try:
            # A removal is a revocation approved by four eyes, not a truncated download: no shrink
            # guard, and revoking the last designation leaves the authority's list empty on purpose.
            listfile = open_list(ftm_path, "ftm_json", self.source)
            removal = change == "removed"
            loaded = self.store.load(listfile, actor=officer.name, allow_shrink=removal, allow_empty=removal)
        except Exception:
            shutil.rmtree(ftm_path.parent, ignore_errors=True)  # nothing half-published is kept
            raise
        sha = loaded.version.sha256
        changes = [{"designation": designation_id, "change": change}]
        with writing(self.engine) as conn:
            conn.execute(
                insert(registry_publications).values(
                    number=number,
                    published_at=now(),
                    published_by=officer.name,
                    sha256=sha,
                    entries=len(designations),
                    changes=canonical(changes),
                )
            )
            conn.execute(
                update(registry_proposals).where(registry_proposals.c.id == proposal.id).values(state="executed")
            )
            self._set_state(conn, nomination_id, outcome, designation_id=designation_id, listed_on=listed_on)
            details = {
                "publication": number,
                "designation": designation_id,
                "change": change,
                "list_version": loaded.version.number,
                "sha256": sha,
                "entries": len(designations),
            }
            self.audit.append(officer.name, "registry.publish", f"nomination:{nomination_id}", details, conn=conn)
        write_feed(self.publications, self.authority, self._publication_records(), key)
        return {**details, "files": str(ftm_path.parent), "source": self.source}

    def _designation(self, row, designation_id: str, listed_on: str) -> Designation:
        regimes = tuple(self.regimes[r] for r in json.loads(row.regimes))
        return Designation(designation_id, _nomination(row), regimes, listed_on, self.statement_of_reasons(row.id))

    def _designations(self, exclude: int) -> list[Designation]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(registry_nominations).where(
                    registry_nominations.c.state.in_(sorted(LISTED_STATES)), registry_nominations.c.id != exclude
                )
            ).all()
        return [self._designation(r, r.designation_id, r.listed_on) for r in rows]

    def _next_publication(self) -> int:
        with self.engine.connect() as conn:
            return 1 + conn.execute(select(func.coalesce(func.max(registry_publications.c.number), 0))).scalar_one()

    def _publication_records(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(registry_publications).order_by(registry_publications.c.number)).all()
        return [
            {
                "number": r.number,
                "published_at": utc(r.published_at),
                "sha256": r.sha256,
                "entries": r.entries,
                "changes": json.loads(r.changes),
            }
            for r in rows
        ]

    def public_key(self) -> bytes:
        return public_pem(signing_key(self.keys))


def _nomination(row) -> Nomination:
    return Nomination.from_stored(json.loads(row.body), json.loads(row.regimes))


def _proposal(row) -> dict[str, Any]:
    return {
        "id": row.id,
        "action": row.action,
        "state": row.state,
        "reasons": row.reasons,
        "override": row.override,
        "proposed_by": row.proposed_by,
        "proposed_at": utc(row.proposed_at).isoformat(),
        "approved_by": row.approved_by,
        "approved_at": utc(row.approved_at).isoformat() if row.approved_at else None,
    }
