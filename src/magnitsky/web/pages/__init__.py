"""One module per desk; ROUTERS lists them for :func:`magnitsky.web.install`."""

from magnitsky.web.pages import alerts, home, sign_in

ROUTERS = [sign_in.router, home.router, alerts.router]
