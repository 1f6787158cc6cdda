"""What can go wrong in the designation registry: kinds of :mod:`magnitsky.errors`, so each front end
maps them as it maps every other refusal (the service: one status per kind)."""

from magnitsky import errors


class RegistryError(errors.StateError):
    """The operation cannot be done as asked (a malformed nomination, a step the state does not allow);
    the message says why, never with submitter details. HTTP 422."""


class NotFound(RegistryError, errors.NotFoundError):
    """No such nomination, evidence item or publication. HTTP 404."""


class PermissionDenied(RegistryError, errors.PermissionDeniedError):
    """The person's registry roles do not allow this, or it would be approving their own proposal. HTTP 403."""


class ConflictError(RegistryError, errors.ConflictError):
    """The nomination is not in a state where this step applies. HTTP 409."""


class IntegrityError(RegistryError, errors.ConflictError):
    """Stored or published bytes no longer match their hash or signature: they are never served. HTTP 409."""
