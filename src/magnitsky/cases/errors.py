"""What can go wrong with a case operation; each is a kind of :mod:`magnitsky.errors` with its HTTP status."""

from collections.abc import Iterator
from contextlib import contextmanager

from magnitsky import errors
from magnitsky.store.requests import RequestError, SelfApproval, UnknownRequest


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
    try:
        yield
    except UnknownRequest as exc:
        raise NotFound(str(exc)) from exc
    except SelfApproval as exc:
        raise PermissionDenied(str(exc)) from exc
    except RequestError as exc:
        raise CaseError(str(exc)) from exc
