"""What can go wrong with a case operation; each is a kind of :mod:`magnitsky.errors` with its HTTP status."""

from magnitsky import errors


class CaseError(errors.StateError):
    """The operation cannot be done as asked (bad input, wrong state); the message says why. HTTP 422."""


class NotFound(CaseError, errors.NotFoundError):
    """No such alert, customer or reviewer. HTTP 404."""


class PermissionDenied(CaseError, errors.PermissionDeniedError):
    """The actor's role does not allow this, or it would be a self-approval. HTTP 403."""


class ConflictError(CaseError, errors.ConflictError):
    """Someone else changed the alert since it was read (optimistic locking). HTTP 409."""
