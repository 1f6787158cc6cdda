"""The designation registry: from a citizen's nomination to a published, enforced designation.

Sits above screening and the list store (it screens at intake and publishes into the store);
nothing below imports it. Start at :class:`Registry`.
"""

from magnitsky.registry.errors import ConflictError, IntegrityError, NotFound, PermissionDenied, RegistryError
from magnitsky.registry.roles import PUBLIC_OFFICER, ROLES, Officer
from magnitsky.registry.service import Registry

__all__ = [
    "PUBLIC_OFFICER",
    "ROLES",
    "ConflictError",
    "IntegrityError",
    "NotFound",
    "Officer",
    "PermissionDenied",
    "Registry",
    "RegistryError",
]
