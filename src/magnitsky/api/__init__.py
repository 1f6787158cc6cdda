"""The HTTP service: a yente-compatible ``/match`` API and the screening endpoints.

``magnitsky serve`` runs it; ``magnitsky.api.app.create_app(settings)`` builds the ASGI app.
See docs/http-api.md for every endpoint with examples.
"""
