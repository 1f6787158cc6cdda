"""Review: alerts decided by people, four-eyes approvals, the good-guy list, customers and
monitoring on list changes, all recorded in the hash-chained audit trail.

Exports are imported on first use (:mod:`magnitsky.lazy`): the role names and alert states the
command line shows in ``--help`` come without the database layer."""

from typing import TYPE_CHECKING

from magnitsky.lazy import lazy_exports

if TYPE_CHECKING:
    from magnitsky.cases.alerts import Alerts
    from magnitsky.cases.approvals import STRONG_MATCH
    from magnitsky.cases.customer_files import parse_mapping
    from magnitsky.cases.customers import Customer, Customers, ImportSummary
    from magnitsky.cases.errors import CaseError, ConflictError, NotFound, PermissionDenied
    from magnitsky.cases.monitoring import Monitor, MonitorReport
    from magnitsky.cases.records import Alert, AlertDecision, AlertState, Finding, FindingOutcome, FoundEntry, Subject
    from magnitsky.cases.roles import ROLES
    from magnitsky.cases.runs import RunSummary
    from magnitsky.cases.service import CaseService
    from magnitsky.cases.users import Actor, Users

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "magnitsky.cases.alerts": ("Alerts",),
        "magnitsky.cases.approvals": ("STRONG_MATCH",),
        "magnitsky.cases.customer_files": ("parse_mapping",),
        "magnitsky.cases.customers": ("Customer", "Customers", "ImportSummary"),
        "magnitsky.cases.errors": ("CaseError", "ConflictError", "NotFound", "PermissionDenied"),
        "magnitsky.cases.monitoring": ("Monitor", "MonitorReport"),
        "magnitsky.cases.records": (
            "Alert",
            "AlertDecision",
            "AlertState",
            "Finding",
            "FindingOutcome",
            "FoundEntry",
            "Subject",
        ),
        "magnitsky.cases.roles": ("ROLES",),
        "magnitsky.cases.runs": ("RunSummary",),
        "magnitsky.cases.service": ("CaseService",),
        "magnitsky.cases.users": ("Actor", "Users"),
    },
)

__all__ = [
    "ROLES",
    "STRONG_MATCH",
    "Actor",
    "Alert",
    "AlertDecision",
    "AlertState",
    "Alerts",
    "CaseError",
    "CaseService",
    "ConflictError",
    "Customer",
    "Customers",
    "Finding",
    "FindingOutcome",
    "FoundEntry",
    "ImportSummary",
    "Monitor",
    "MonitorReport",
    "NotFound",
    "PermissionDenied",
    "RunSummary",
    "Subject",
    "Users",
    "parse_mapping",
]
