"""One module per desk; ROUTERS lists them for :func:`magnitsky.web.install`."""

from magnitsky.web.pages import (
    alerts,
    audit,
    consular,
    dashboard,
    home,
    links,
    lists,
    payments,
    public_registry,
    registry,
    registry_duties,
    screening,
    sign_in,
)

ROUTERS = [
    sign_in.router,
    home.router,
    screening.router,
    alerts.router,
    payments.router,
    consular.router,
    lists.router,
    links.router,
    registry_duties.router,  # before registry: its /registry/{number} would take /registry/petitions
    registry.router,
    public_registry.router,
    dashboard.router,
    audit.router,
]
