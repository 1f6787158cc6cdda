"""One object for everything the CLI and the HTTP service do with cases.

``CaseService(engine)`` (or ``CaseService.open(url)``) bundles the parts on one database:
``users``, ``alerts``, ``customers``, ``good_guys`` and ``audit``; ``monitor(store)`` runs
list-change monitoring. Every method that changes something writes its audit record in the same
transaction.
"""

from __future__ import annotations

from sqlalchemy import Engine

from magnitsky.cases.alerts import Alerts
from magnitsky.cases.customers import Customers
from magnitsky.cases.goodguys import GoodGuys
from magnitsky.cases.monitoring import Monitor
from magnitsky.cases.users import Users
from magnitsky.settings import FOUR_EYES_THRESHOLD
from magnitsky.store import AuditLog, ListStore, open_database


class CaseService:
    def __init__(self, engine: Engine, four_eyes: float = FOUR_EYES_THRESHOLD):
        self.engine = engine
        self.users = Users(engine)
        self.alerts = Alerts(engine, four_eyes)
        self.customers = Customers(engine)
        self.good_guys = GoodGuys(engine)
        self.audit = AuditLog(engine)

    @classmethod
    def open(cls, url: str) -> CaseService:
        return cls(open_database(url))

    def monitor(self, store: ListStore) -> Monitor:
        return Monitor(self.engine, store)
