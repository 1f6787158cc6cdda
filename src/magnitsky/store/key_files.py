"""Secret key files kept beside the database, never in it: the audit checkpoint key and the
registry's submitter and signing keys.

Someone holding a copy of the database alone must not be able to forge a signature or read what
a key protects, so every key is a file in the data directory (or a folder the operator names),
created on first use with mode 0600 and never overwritten: when two processes create one at the
same moment, the one that loses uses the winner's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from magnitsky.errors import ConfigurationError


class KeyFileError(ConfigurationError):
    """A key file that exists but is not the key it should be; the message names the file."""


def secret_file(path: Path, make: Callable[[], bytes]) -> bytes:
    """The bytes in ``path``, first written from ``make()`` (mode 0600, exclusively) when there is none."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as fh:
            fh.write(make())
    return path.read_bytes()


def ed25519_key(path: Path, public_path: Path | None = None) -> Ed25519PrivateKey:
    """The Ed25519 private key in the PEM file ``path``, made on first use; its public half is
    (re)written to ``public_path`` when that is given and missing, for whoever checks signatures."""
    try:
        key = serialization.load_pem_private_key(secret_file(path, _new_ed25519_pem), password=None)
    except (OSError, ValueError):
        raise KeyFileError(f"{path}: not a readable PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 key")
    if public_path is not None and not Path(public_path).exists():
        Path(public_path).write_bytes(public_pem(key))
    return key


def public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in the PEM file ``path``; a KeyFileError naming it otherwise."""
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError):
        raise KeyFileError(f"{path}: not a readable PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path}: not an Ed25519 public key")
    return key


def _new_ed25519_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
