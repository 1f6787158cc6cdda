"""The registry's two keys, kept as files outside the database.

* The submitter key (Fernet: AES-128-CBC with HMAC-SHA256) encrypts who submitted a nomination.
  Someone holding a copy of the database alone cannot read it.
* The signing key (Ed25519) signs every publication and evidence-pack manifest; its public half is
  published beside them, so anyone can check a file came from the authority unchanged.

Both live in ``$MAGNITSKY_HOME/registry/keys/`` (or ``$MAGNITSKY_REGISTRY_KEYS``), created on first
use with mode 0600. Back them up apart from the database: losing the submitter key loses the
submitters' details, by design nobody else has them.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from magnitsky.registry.errors import RegistryError
from magnitsky.store.key_files import ed25519_key, secret_file

SUBMITTER_KEY = "submitter.key"
SIGNING_KEY = "signing.key"
PUBLIC_KEY = "signing.pub.pem"


def keys_folder(home: Path, configured: Path | None = None) -> Path:
    """Where the keys live: the configured folder (``MAGNITSKY_REGISTRY_KEYS``), else ``home/registry/keys``."""
    return Path(configured) if configured else Path(home) / "registry" / "keys"


def submitter_cipher(folder: Path) -> Fernet:
    try:
        return Fernet(secret_file(folder / SUBMITTER_KEY, Fernet.generate_key).strip())
    except ValueError:
        raise RegistryError(f"{folder / SUBMITTER_KEY}: not a submitter key (32 url-safe base64 bytes)") from None


def signing_key(folder: Path) -> Ed25519PrivateKey:
    return ed25519_key(folder / SIGNING_KEY)
