"""What can go wrong in the designation registry; each maps to one HTTP status in the API."""


class RegistryError(ValueError):
    """The operation cannot be done as asked (bad input, wrong state); the message says why. HTTP 400/422."""


class NotFound(RegistryError):
    """No such nomination, evidence item or publication. HTTP 404."""


class PermissionDenied(RegistryError):
    """The person's registry roles do not allow this, or it would be approving their own proposal. HTTP 403."""


class ConflictError(RegistryError):
    """The nomination is not in a state where this step applies. HTTP 409."""


class IntegrityError(RegistryError):
    """Stored or published bytes no longer match their hash or signature: they are never served. HTTP 409."""
