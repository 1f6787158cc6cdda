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

import os
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from magnitsky.registry.errors import RegistryError

SUBMITTER_KEY = "submitter.key"
SIGNING_KEY = "signing.key"
PUBLIC_KEY = "signing.pub.pem"


def keys_folder(home: Path) -> Path:
    return Path(os.environ.get("MAGNITSKY_REGISTRY_KEYS") or Path(home) / "registry" / "keys")


def _secret_file(path: Path, make: bytes) -> bytes:
    """The key in ``path``, written first (mode 0600, never overwritten) when there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as fh:
            fh.write(make)
    return path.read_bytes()


def submitter_cipher(folder: Path) -> Fernet:
    try:
        return Fernet(_secret_file(folder / SUBMITTER_KEY, Fernet.generate_key()).strip())
    except ValueError:
        raise RegistryError(f"{folder / SUBMITTER_KEY}: not a submitter key (32 url-safe base64 bytes)") from None


def signing_key(folder: Path) -> Ed25519PrivateKey:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    data = _secret_file(folder / SIGNING_KEY, pem)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError:
        raise RegistryError(f"{folder / SIGNING_KEY}: not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise RegistryError(f"{folder / SIGNING_KEY}: not an Ed25519 key")
    return key


def public_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise RegistryError(f"{path}: not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise RegistryError(f"{path}: not an Ed25519 public key")
    return key
