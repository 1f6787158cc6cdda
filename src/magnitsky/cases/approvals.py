"""Four-eyes: which decisions need a second reviewer, and who may be that reviewer.

Clearing an alert as a false positive frees money or lets a person through. When the alert holds
a payment (HOLD) or blocked funds (BLOCK), or the match was strong, the clearance only takes effect
once a supervisor other than the deciding reviewer approves it. Confirming a true match restricts
rather than releases, so it takes effect at once.
"""

from __future__ import annotations

from magnitsky.cases.errors import PermissionDenied
from magnitsky.cases.records import Alert, AlertDecision
from magnitsky.cases.users import Actor
from magnitsky.settings import FOUR_EYES_THRESHOLD

STRONG_MATCH = FOUR_EYES_THRESHOLD  # the default; a score at or above it is a strong match (magnitsky.settings)
RELEASING_MEASURES = frozenset({"BLOCK", "HOLD"})


def approval_reason(alert: Alert, decision: AlertDecision, four_eyes: float = STRONG_MATCH) -> str | None:
    """Why ``decision`` on ``alert`` needs a supervisor's approval, or None when it does not."""
    if decision != AlertDecision.FALSE_POSITIVE:
        return None
    if alert.measure in RELEASING_MEASURES:
        return f"clearing it releases a {alert.measure}"
    if alert.score >= four_eyes:
        return f"it clears a strong match (score {alert.score:.2f} >= {four_eyes})"
    return None


def check_approver(alert: Alert, actor: Actor) -> None:
    """Only a supervisor approves, and never their own decision."""
    if not actor.may_approve:
        raise PermissionDenied(f"{actor.name} is {actor.role}; only a supervisor may approve a decision")
    if actor.name == alert.decided_by:
        raise PermissionDenied(
            f"{actor.name} decided alert {alert.id} and cannot approve it; a second supervisor must (four-eyes)"
        )
