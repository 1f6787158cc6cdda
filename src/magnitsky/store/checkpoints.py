"""Signed checkpoints of the audit chain's head, kept outside the database.

The hash chain shows that records were edited, inserted or reordered, but someone able to write
the database can also cut its tail and move the head back, or recompute every hash after a
rewrite, or empty it: the chain is then consistent again. A checkpoint is the head (record number
and hash) at one moment, signed with an Ed25519 key that lives in the data directory, not in the
database. ``verify`` checks the chain against every checkpoint: a record a checkpoint vouches for
must still be there with the same hash.

Checkpoints are appended to ``audit/checkpoints.jsonl`` in the data directory (periodically by the
HTTP service, on ``magnitsky audit checkpoint``), one JSON line each, so they can also be copied to
a place the database's administrators cannot reach (a log line, a ticket, another host) and given
back with ``verify --against FILE``. The private key file is created on first use with mode 0600;
its public half (``audit/checkpoint.pub.pem``) is what anyone needs to check a checkpoint.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Engine, select

from magnitsky.store.audit import AuditLog, Verification
from magnitsky.store.key_files import KeyFileError, ed25519_key, load_public_key
from magnitsky.store.schema import audit_head

FOLDER = "audit"
PRIVATE_KEY = "checkpoint.key"
PUBLIC_KEY = "checkpoint.pub.pem"
CHECKPOINTS = "checkpoints.jsonl"
EVERY = 1000  # records between the service's automatic checkpoints


class CheckpointError(ValueError):
    """A checkpoint or key file that cannot be read or does not verify; the message names it."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    signature: str  # base64 Ed25519 signature of ``signed_bytes()``

    def signed_bytes(self) -> bytes:
        return f"magnitsky-audit-checkpoint\x1f{self.seq}\x1f{self.hash}\x1f{self.at}".encode()

    def to_line(self) -> str:
        data = {"seq": self.seq, "hash": self.hash, "at": self.at, "signature": self.signature}
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_line(cls, text: str, where: str) -> Checkpoint:
        try:
            data = json.loads(text)
            found = cls(int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["signature"]))
        except (ValueError, KeyError, TypeError):
            raise CheckpointError(
                f"{where}: not a checkpoint (expected a JSON line with seq, hash, at, signature)"
            ) from None
        return found


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint in a JSON-lines file (blank lines skipped); a bad line is a CheckpointError naming it."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"{path}: cannot read checkpoints ({type(exc).__name__})") from None
    return [Checkpoint.from_line(line, f"{path}, line {n}") for n, line in enumerate(lines, 1) if line.strip()]


class CheckpointSigner:
    """The checkpoint key pair and checkpoint file of one data directory."""

    def __init__(self, home: Path):
        self.folder = Path(home) / FOLDER
        self.file = self.folder / CHECKPOINTS

    # -- keys --------------------------------------------------------------------------------

    def _private_key(self) -> Ed25519PrivateKey:
        try:
            return ed25519_key(self.folder / PRIVATE_KEY, self.folder / PUBLIC_KEY)
        except KeyFileError as exc:
            raise CheckpointError(str(exc)) from None

    def public_key_pem(self) -> bytes:
        """The public key, created with the key pair on first use: give it to whoever checks checkpoints."""
        self._private_key()
        return (self.folder / PUBLIC_KEY).read_bytes()

    def public_key(self) -> Ed25519PublicKey | None:
        """The public key, or None when this data directory has never written a checkpoint."""
        path = self.folder / PUBLIC_KEY
        if not path.exists():
            return None
        try:
            return load_public_key(path)
        except KeyFileError as exc:
            raise CheckpointError(str(exc)) from None

    # -- checkpoints -------------------------------------------------------------------------

    def write(self, engine: Engine) -> Checkpoint:
        """Sign the committed head of ``engine``'s chain and append it to the checkpoint file."""
        with engine.connect() as conn:
            seq, digest = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one()
        at = datetime.now(UTC).isoformat(timespec="seconds")
        unsigned = Checkpoint(seq, digest, at, "")
        signature = base64.b64encode(self._private_key().sign(unsigned.signed_bytes())).decode("ascii")
        checkpoint = Checkpoint(seq, digest, at, signature)
        with open(self.file, "a", encoding="utf-8") as fh:
            fh.write(checkpoint.to_line() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return checkpoint

    def latest(self) -> Checkpoint | None:
        saved = self.saved()
        return saved[-1] if saved else None

    def saved(self) -> list[Checkpoint]:
        return read_checkpoints(self.file) if self.file.exists() else []


def anchors(checkpoints: list[Checkpoint], public_key: Ed25519PublicKey | None, where: str) -> dict[int, str]:
    """Record number -> hash the checkpoints vouch for, after checking every signature.

    A checkpoint whose signature does not verify is a CheckpointError naming it: a forged anchor
    must not pass, and a genuine one the key no longer verifies means the key was replaced.
    """
    if not checkpoints:
        return {}
    if public_key is None:
        raise CheckpointError(f"{where}: no public key in the data directory to check the checkpoints with")
    found: dict[int, str] = {}
    for checkpoint in checkpoints:
        try:
            public_key.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.signed_bytes())
        except (InvalidSignature, binascii.Error, ValueError):
            raise CheckpointError(
                f"{where}: the checkpoint at record {checkpoint.seq} ({checkpoint.at}) does not verify: "
                "altered, or signed by another key"
            ) from None
        if found.get(checkpoint.seq, checkpoint.hash) != checkpoint.hash:
            raise CheckpointError(f"{where}: two checkpoints at record {checkpoint.seq} name different hashes")
        found[checkpoint.seq] = checkpoint.hash
    return found


def verify_anchored(log: AuditLog, signer: CheckpointSigner, against: Path | None = None) -> Verification:
    """The chain checked against the data directory's checkpoints and those in ``against``.

    Every failure (a broken chain, an unreadable or forged checkpoint) is a Verification with a
    one-line problem, never an exception.
    """
    try:
        public_key = signer.public_key()
        found = anchors(signer.saved(), public_key, str(signer.file))
        if against is not None:
            external = read_checkpoints(against)
            if not external:
                raise CheckpointError(f"{against}: holds no checkpoint")
            vouched = anchors(external, public_key, str(against))
            clash = next((seq for seq, digest in vouched.items() if found.get(seq, digest) != digest), None)
            if clash is not None:
                raise CheckpointError(f"{against}: the checkpoint at record {clash} contradicts the local one")
            found.update(vouched)
    except CheckpointError as exc:
        return Verification(False, 0, "", str(exc))
    result = log.verify(found)
    return replace(result, checkpoints=len(found))
