"""Review: alerts decided by people, four-eyes approvals, the good-guy list, customers and
monitoring on list changes, all recorded in the hash-chained audit trail."""

from magnitsky.cases.alerts import Alerts
from magnitsky.cases.approvals import STRONG_MATCH
from magnitsky.cases.customer_files import parse_mapping
from magnitsky.cases.customers import Customer, Customers, ImportSummary
from magnitsky.cases.errors import CaseError, ConflictError, NotFound, PermissionDenied
from magnitsky.cases.monitoring import Monitor, MonitorReport
from magnitsky.cases.records import Alert, AlertDecision, AlertState, Finding, FindingOutcome, FoundEntry, Subject
from magnitsky.cases.runs import RunSummary
from magnitsky.cases.service import CaseService
from magnitsky.cases.users import ROLES, Actor, Users

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
    "FindingOutcome",
    "PermissionDenied",
    "RunSummary",
    "Subject",
    "Users",
    "parse_mapping",
]
