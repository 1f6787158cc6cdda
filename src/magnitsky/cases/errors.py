"""What can go wrong with a case operation; each is a kind of :mod:`magnitsky.errors` with its HTTP status."""

from collections.abc import Iterator
from contextlib import contextmanager

from magnitsky import errors
from magnitsky.store.requests import refusals_as


class CaseError(errors.StateError):
    """The operation cannot be done as asked (bad input, wrong state); the message says why. HTTP 422."""


class NotFound(CaseError, errors.NotFoundError):
    """No such alert, customer or reviewer. HTTP 404."""


class PermissionDenied(CaseError, errors.PermissionDeniedError):
    """The actor's role does not allow this, or it would be a self-approval. HTTP 403."""


class ConflictError(CaseError, errors.ConflictError):
    """Someone else changed the alert since it was read (optimistic locking). HTTP 409."""


@contextmanager
def request_errors() -> Iterator[None]:
    """A four-eyes request's refusal as the case error it means: no such request (NotFound),
    deciding your own (PermissionDenied), anything else (CaseError)."""
    with refusals_as(NotFound, PermissionDenied, CaseError):
        yield
