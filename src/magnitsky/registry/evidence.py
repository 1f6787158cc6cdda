"""Evidence files: stored by their SHA-256, re-hashed on every read, with a custody log.

A file is kept once under ``evidence/<sha256[:2]>/<sha256>``; its row says what it is (size,
media type checked against the bytes, capture metadata) and the custody log says who added,
read or exported it, when and why. A read whose bytes no longer hash to the recorded value is an
:class:`IntegrityError`: altered evidence is reported, never served. Only document, image, audio,
video and plain-text types are accepted, recognised from the bytes themselves; nothing a browser
would run (HTML, SVG, scripts) gets in.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Engine, insert, select

from magnitsky.cases.db import now, utc, writing
from magnitsky.registry.errors import IntegrityError, NotFound, RegistryError
from magnitsky.registry.schema import registry_custody, registry_evidence
from magnitsky.registry.signing import signature
from magnitsky.store import AuditLog

MAX_BYTES = 50 * 1024 * 1024
# Media types recognised by their leading bytes: (magic, offset, media type).
_MAGIC = (
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"ftyp", 4, "video/mp4"),
    (b"ID3", 0, "audio/mpeg"),
    (b"OggS", 0, "audio/ogg"),
)
_MARKUP = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")


class EvidenceRefused(RegistryError):
    """The upload is too big, empty, or of a type the registry does not keep."""


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    nomination_id: int
    sha256: str
    size: int
    media_type: str
    filename: str
    description: str
    captured_at: str | None
    captured_by: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "nomination_id": self.nomination_id,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "filename": self.filename,
            "description": self.description,
            "captured_at": self.captured_at,
            "captured_by": self.captured_by,
        }


class _Recogniser:
    """Tells the media type of a file fed in pieces: by its leading bytes, else UTF-8 text (checked
    to the end, as it arrives) whose start is no markup."""

    HEAD = 4096

    def __init__(self):
        self.head = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._utf8, self._nul = True, False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if len(self.head) < self.HEAD:
            self.head += chunk[: self.HEAD - len(self.head)]
        if self._utf8:
            try:
                self._nul = self._nul or "\x00" in self._decoder.decode(chunk, final)
            except UnicodeDecodeError:
                self._utf8 = False

    def media_type(self) -> str:
        """The media type, or :class:`EvidenceRefused`; call after the last piece was fed with ``final``."""
        for magic, offset, kind in _MAGIC:
            if self.head[offset : offset + len(magic)] == magic:
                return kind
        if not self._utf8:
            raise EvidenceRefused("the file is not a PDF, image, audio, video or UTF-8 text file")
        head = self.head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")[:512].lower().encode()
        if self._nul or any(head.startswith(tag) or tag in head for tag in _MARKUP):
            raise EvidenceRefused("markup (HTML, SVG, XML) and binary text are not kept as evidence; convert it to PDF")
        return "text/plain"


def media_type(data: bytes) -> str:
    """The media type the bytes are, or :class:`EvidenceRefused` for anything else."""
    recogniser = _Recogniser()
    recogniser.feed(data, final=True)
    return recogniser.media_type()


class Upload:
    """An evidence file received in pieces (an HTTP body as it streams in): written to a temporary
    file beside the kept ones, counted, hashed and its type recognised on the way, so a scan of
    tens of megabytes is never held whole in memory. :meth:`Evidence.add` keeps it or it is
    discarded; nothing of a refused or abandoned upload stays."""

    def __init__(self, folder: Path, filename: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.filename = filename
        self.size = 0
        self._file = tempfile.NamedTemporaryFile(dir=folder, prefix="upload-", delete=False)
        self._hash = hashlib.sha256()
        self._recogniser = _Recogniser()

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_BYTES:
            raise EvidenceRefused(f"{self.filename}: more than the limit of {MAX_BYTES:,} bytes")
        self._file.write(chunk)
        self._hash.update(chunk)
        self._recogniser.feed(chunk)

    def finish(self) -> tuple[str, str]:
        """(SHA-256, media type) of the whole file; :class:`EvidenceRefused` if empty or of a refused type."""
        self._file.close()
        if not self.size:
            raise EvidenceRefused(f"{self.filename}: the file is empty")
        self._recogniser.feed(b"", final=True)
        try:
            return self._hash.hexdigest(), self._recogniser.media_type()
        except EvidenceRefused as exc:
            raise EvidenceRefused(f"{self.filename}: {exc}") from None

    def keep_as(self, target: Path) -> None:
        """Move the file to ``target``, unless the same bytes are already kept there."""
        if target.exists():
            return self.discard()
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._file.name, target)

    def discard(self) -> None:
        self._file.close()
        Path(self._file.name).unlink(missing_ok=True)


class Evidence:
    def __init__(self, engine: Engine, folder: Path):
        self.engine = engine
        self.folder = Path(folder)
        self.audit = AuditLog(engine)

    def path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    def upload(self, filename: str) -> Upload:
        """An upload to receive in pieces and then :meth:`add`."""
        return Upload(self.folder / "incoming", filename)

    def add(
        self,
        nomination_id: int,
        data: bytes | Upload,
        filename: str,
        description: str,
        by: str,
        captured_at: str | None = None,
        captured_by: str | None = None,
        conn: Connection | None = None,
    ) -> EvidenceItem:
        """Keep ``data`` (its bytes, or an :meth:`upload` received whole) content-addressed and
        record it, with its first custody entry."""
        upload = data if isinstance(data, Upload) else self._upload_of(data, filename)
        try:
            digest, kind = upload.finish()
            upload.keep_as(self.path(digest))
        finally:
            upload.discard()
        size = upload.size
        name = Path(filename).name[:200] or "evidence"
        with writing(self.engine, conn) as tx:
            evidence_id = tx.execute(
                insert(registry_evidence)
                .values(
                    nomination_id=nomination_id,
                    sha256=digest,
                    size=size,
                    media_type=kind,
                    filename=name,
                    description=description,
                    captured_at=captured_at,
                    captured_by=captured_by,
                    added_at=now(),
                )
                .returning(registry_evidence.c.id)
            ).scalar_one()
            self._custody(tx, evidence_id, by, "added", "received with the nomination")
            details = {"evidence": evidence_id, "sha256": digest, "size": size, "media_type": kind}
            self.audit.append(by, "evidence.add", f"nomination:{nomination_id}", details, conn=tx)
        return EvidenceItem(evidence_id, nomination_id, digest, size, kind, name, description, captured_at, captured_by)

    def _upload_of(self, data: bytes, filename: str) -> Upload:
        upload = self.upload(filename)
        try:
            upload.write(data)
        except EvidenceRefused:
            upload.discard()
            raise
        return upload

    def item(self, evidence_id: int) -> EvidenceItem:
        with self.engine.connect() as conn:
            row = conn.execute(select(registry_evidence).where(registry_evidence.c.id == evidence_id)).first()
        if row is None:
            raise NotFound(f"no evidence item {evidence_id}")
        return _item(row)

    def items(self, nomination_id: int) -> list[EvidenceItem]:
        query = (
            select(registry_evidence)
            .where(registry_evidence.c.nomination_id == nomination_id)
            .order_by(registry_evidence.c.id)
        )
        with self.engine.connect() as conn:
            return [_item(row) for row in conn.execute(query)]

    def read(self, evidence_id: int, by: str, reason: str) -> tuple[EvidenceItem, bytes]:
        """The item and its bytes, after checking them against the hash; the read goes into custody."""
        item = self.item(evidence_id)
        try:
            data = self._verified(item)
        except IntegrityError as exc:  # the failed read is part of the custody record too
            with writing(self.engine) as conn:
                self._custody(conn, evidence_id, by, "integrity_failure", str(exc))
                self.audit.append(
                    by,
                    "evidence.integrity_failure",
                    f"nomination:{item.nomination_id}",
                    {"evidence": evidence_id},
                    conn=conn,
                )
            raise
        with writing(self.engine) as conn:
            self._custody(conn, evidence_id, by, "read", reason)
            self.audit.append(
                by, "evidence.read", f"nomination:{item.nomination_id}", {"evidence": evidence_id}, conn=conn
            )
        return item, data

    def _verified(self, item: EvidenceItem) -> bytes:
        try:
            data = self.path(item.sha256).read_bytes()
        except OSError:
            raise IntegrityError(f"evidence {item.id} ({item.filename}): the stored file is missing") from None
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise IntegrityError(
                f"evidence {item.id} ({item.filename}): the stored file no longer matches its SHA-256 "
                f"{item.sha256}; it was altered and is not served"
            )
        return data

    def custody(self, evidence_id: int) -> list[dict[str, Any]]:
        query = select(registry_custody).where(registry_custody.c.evidence_id == evidence_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(registry_custody.c.id)).all()
        return [{"at": utc(r.at).isoformat(), "actor": r.actor, "action": r.action, "reason": r.reason} for r in rows]

    def _custody(self, conn: Connection, evidence_id: int, by: str, action: str, reason: str) -> None:
        conn.execute(
            insert(registry_custody).values(evidence_id=evidence_id, at=now(), actor=by, action=action, reason=reason)
        )

    def pack(self, nomination_id: int, key: Ed25519PrivateKey, by: str, reason: str) -> bytes:
        """A zip of every item of the nomination with ``manifest.json`` (hashes, metadata, custody)
        and ``manifest.json.sig`` (Ed25519 over the manifest's bytes). Every file is re-checked first."""
        items = self.items(nomination_id)
        if not items:
            raise NotFound(f"nomination {nomination_id} has no evidence")
        files = [(item, self._verified(item)) for item in items]
        with writing(self.engine) as conn:
            for item in items:
                self._custody(conn, item.id, by, "exported", reason)
            self.audit.append(by, "evidence.export", f"nomination:{nomination_id}", {"items": len(items)}, conn=conn)
        manifest = {
            "nomination": nomination_id,
            "exported_at": now().isoformat(),
            "exported_by": by,
            "items": [
                {**item.to_dict(), "path": f"files/{item.id}-{item.filename}", "custody": self.custody(item.id)}
                for item in items
            ],
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for item, data in files:
                archive.writestr(f"files/{item.id}-{item.filename}", data)
            archive.writestr("manifest.json", text)
            archive.writestr("manifest.json.sig", signature(key, text))
        return buffer.getvalue()


def _item(row) -> EvidenceItem:
    return EvidenceItem(
        row.id,
        row.nomination_id,
        row.sha256,
        row.size,
        row.media_type,
        row.filename,
        row.description,
        row.captured_at,
        row.captured_by,
    )
