"""Review: alerts decided by people, four-eyes approvals, the good-guy list, customers and
monitoring on list changes, all recorded in the hash-chained audit trail."""

from magnitsky.cases.alerts import DECISIONS, STATES, Alert, Alerts, Finding, Subject
from magnitsky.cases.approvals import STRONG_MATCH
from magnitsky.cases.customer_files import parse_mapping
from magnitsky.cases.customers import Customer, Customers, ImportSummary
from magnitsky.cases.errors import CaseError, ConflictError, NotFound, PermissionDenied
from magnitsky.cases.monitoring import Monitor, MonitorReport
from magnitsky.cases.runs import RunSummary
from magnitsky.cases.service import CaseService
from magnitsky.cases.users import ROLES, Actor, Users

__all__ = [
    "DECISIONS",
    "ROLES",
    "STATES",
    "STRONG_MATCH",
    "Actor",
    "Alert",
    "Alerts",
    "CaseError",
    "CaseService",
    "ConflictError",
    "Customer",
    "Customers",
    "Finding",
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
