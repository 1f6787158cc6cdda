"""Detached Ed25519 signatures of published files: ``FILE.sig`` holds the base64 signature of FILE's bytes.

``verify_file`` is what ``magnitsky registry verify`` runs: one changed byte in the file or the
signature, or another key, and it says so.
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from magnitsky.registry.errors import IntegrityError, RegistryError

SUFFIX = ".sig"


def signature_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def signature(key: Ed25519PrivateKey, data: bytes) -> str:
    """The detached signature of ``data``, as the text of a ``.sig`` file."""
    return base64.b64encode(key.sign(data)).decode("ascii") + "\n"


def sign_file(key: Ed25519PrivateKey, path: Path) -> Path:
    """Write ``path.sig`` beside ``path``."""
    target = signature_path(path)
    target.write_text(signature(key, path.read_bytes()), encoding="ascii")
    return target


def verify_file(public_key: Ed25519PublicKey, path: Path, signature_file: Path | None = None) -> None:
    """Return when ``path`` is signed by ``public_key``; else an :class:`IntegrityError` saying what failed."""
    signature_file = signature_file or signature_path(path)
    try:
        data, encoded = Path(path).read_bytes(), Path(signature_file).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"cannot read {path} and its signature {signature_file}: {exc}") from None
    try:
        public_key.verify(base64.b64decode(encoded, validate=True), data)
    except (InvalidSignature, ValueError):
        raise IntegrityError(
            f"{path}: the signature in {signature_file.name} does not match: the file was changed after signing, "
            "or was signed by another key"
        ) from None
