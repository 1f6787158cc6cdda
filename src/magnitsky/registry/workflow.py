"""The path of a nomination, as data: which step leads from which states to which, and who may take it.

draft -> submitted -> triage -> investigation -> legal_review -> decision -> published, then
under_review -> varied / revoked (or back to published); rejected and withdrawn end it early.
Entering ``decision`` files a proposal to designate; a decision-maker other than its proposer
approves it; a publisher who is neither publishes it. Variation and revocation go the same way
from ``under_review``. Pure logic: :class:`~magnitsky.registry.service.Registry` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from magnitsky.registry.errors import ConflictError, PermissionDenied
from magnitsky.registry.roles import Officer

STATES = (
    "draft",
    "submitted",
    "triage",
    "investigation",
    "legal_review",
    "decision",
    "published",
    "under_review",
    "varied",
    "revoked",
    "rejected",
    "withdrawn",
)
LISTED_STATES = frozenset({"published", "under_review", "varied"})  # the designation is in force
OPEN_STATES = frozenset({"draft", "submitted", "triage", "investigation", "legal_review", "decision"})


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    help: str


STEPS = {
    step.name: step
    for step in (
        Step("submit", ("draft",), "submitted", ("submitter",), "send a draft to the authority"),
        Step("triage", ("submitted",), "triage", ("investigator",), "take a submitted nomination into triage"),
        Step("investigate", ("triage",), "investigation", ("investigator",), "open an investigation"),
        Step("to_legal_review", ("investigation",), "legal_review", ("investigator",), "hand over for legal review"),
        Step(
            "reject",
            ("submitted", "triage", "investigation", "legal_review", "decision"),
            "rejected",
            ("investigator", "legal_reviewer", "decision_maker"),
            "close the nomination without designation",
        ),
        Step(
            "withdraw",
            ("draft", "submitted", "triage", "investigation"),
            "withdrawn",
            ("submitter",),
            "withdraw one's own nomination",
        ),
        Step(
            "review",
            ("published", "varied"),
            "under_review",
            ("legal_reviewer", "decision_maker"),
            "open a review of a designation (periodic, on request, or on new information)",
        ),
        Step("maintain", ("under_review",), "published", ("decision_maker",), "keep the designation as it is"),
    )
}


@dataclass(frozen=True)
class Proposal:
    """A four-eyes action: from which states, who proposes, the state it waits in, the state publishing makes."""

    sources: tuple[str, ...]
    roles: tuple[str, ...]
    waiting: str
    outcome: str


PROPOSALS = {
    "designate": Proposal(("legal_review",), ("legal_reviewer",), "decision", "published"),
    "vary": Proposal(("under_review",), ("legal_reviewer", "decision_maker"), "under_review", "varied"),
    "revoke": Proposal(("under_review",), ("legal_reviewer", "decision_maker"), "under_review", "revoked"),
}


def check_step(step_name: str, state: str, officer: Officer, created_by: str) -> Step:
    """The step, when ``officer`` may take it from ``state``; else why not."""
    step = STEPS.get(step_name)
    if step is None:
        raise ConflictError(f"unknown step {step_name!r}; steps: {', '.join(STEPS)}")
    if state not in step.sources:
        raise ConflictError(f"cannot {step_name} a nomination in state {state} (only from {', '.join(step.sources)})")
    officer.require(*step.roles, doing=step.help)
    if step.name in ("submit", "withdraw") and officer.name != created_by:
        raise PermissionDenied(f"only the nomination's author may {step.name} it")
    return step


def check_proposal(action: str, state: str, officer: Officer) -> Proposal:
    """The proposal, when ``officer`` may propose ``action`` now; else why not."""
    if action not in PROPOSALS:
        raise ConflictError(f"unknown proposal {action!r}; proposals: {', '.join(PROPOSALS)}")
    proposal = PROPOSALS[action]
    if state not in proposal.sources:
        only = ", ".join(proposal.sources)
        raise ConflictError(f"cannot propose to {action} a nomination in state {state} (only from {only})")
    officer.require(*proposal.roles, doing=f"propose to {action}")
    return proposal


def check_approver(officer: Officer, proposed_by: str) -> None:
    officer.require("decision_maker", doing="approve a proposal")
    if officer.name == proposed_by:
        raise PermissionDenied(f"{officer.name} proposed this and cannot approve it; another decision-maker must")


def check_publisher(officer: Officer, proposed_by: str, approved_by: str) -> None:
    officer.require("publisher", doing="publish a designation")
    if officer.name in (proposed_by, approved_by):
        raise PermissionDenied(
            f"{officer.name} proposed or approved this and cannot also publish it; another publisher must"
        )
