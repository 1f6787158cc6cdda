"""The one place where an error Magnitsky raises on purpose becomes an HTTP status.

Each kind of :mod:`magnitsky.errors` means one status; the most specific kind an error is wins
(a ``cases.NotFound`` is a ``StateError`` too, and answers 404). The answer is
``{"detail": "<the one-line cause>"}``, like every other error of the service.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from magnitsky import errors

STATUS = (  # most specific first
    (errors.NotFoundError, 404),
    (errors.PermissionDeniedError, 403),
    (errors.ConflictError, 409),
    (errors.StateError, 422),
    (errors.UnavailableError, 503),
    (errors.ConfigurationError, 500),
    (errors.MagnitskyError, 400),
)


def status_of(exc: errors.MagnitskyError) -> int:
    return next(status for kind, status in STATUS if isinstance(exc, kind))


async def magnitsky_error(_request: Request, exc: errors.MagnitskyError) -> JSONResponse:
    """A refusal as the status it means, with its message."""
    return JSONResponse({"detail": str(exc)}, status_of(exc))
