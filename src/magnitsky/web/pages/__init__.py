"""One module per desk; ROUTERS lists them for :func:`magnitsky.web.install`."""

from magnitsky.web.pages import alerts, audit, dashboard, home, payments, sign_in

ROUTERS = [sign_in.router, home.router, alerts.router, dashboard.router, audit.router, payments.router]
