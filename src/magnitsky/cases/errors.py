"""What can go wrong with a case operation; each maps to one HTTP status in the API."""


class CaseError(ValueError):
    """The operation cannot be done as asked (bad input, wrong state); the message says why. HTTP 400/422."""


class NotFound(CaseError):
    """No such alert, customer or reviewer. HTTP 404."""


class PermissionDenied(CaseError):
    """The actor's role does not allow this, or it would be a self-approval. HTTP 403."""


class ConflictError(CaseError):
    """Someone else changed the alert since it was read (optimistic locking). HTTP 409."""
