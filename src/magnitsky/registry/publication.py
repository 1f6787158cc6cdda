"""What the authority publishes: its list as FollowTheMoney JSON and CSV, and a change feed.

Every publication is a numbered version in ``publications/v<N>/`` holding
``designations.ftm.json`` (each designated Person/Organization with one ``Sanction`` per regime:
authority, program, provisions, reason, listing date, legal basis; under a regime that reaches
immediate family, §7031(c), each family member too, linked to the principal by a ``Family``) and
``designations.csv``, each with a detached Ed25519 signature; ``feed.json`` and ``feed.atom``
beside them list every version and what changed in it. The FtM file is also what the list store
loads, so what screening, visa and payments enforce is exactly what was published.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from followthemoney import model

from magnitsky.registry.nomination import Nomination
from magnitsky.registry.regimes import Regime
from magnitsky.registry.signing import sign_file

FTM_FILE = "designations.ftm.json"
CSV_FILE = "designations.csv"
FEED_JSON = "feed.json"
FEED_ATOM = "feed.atom"
CSV_COLUMNS = (
    "id",
    "schema",
    "name",
    "original_names",
    "aliases",
    "birth_dates",
    "nationalities",
    "documents",
    "positions",
    "programs",
    "measures",
    "legal_basis",
    "listed_on",
    "statement_of_reasons",
)
_PROVISIONS = {"asset_freeze": "Asset freeze", "travel_ban": "Travel ban"}


@dataclass(frozen=True)
class Designation:
    """One entry of the authority's list: the nominated subject, the regimes, the public reasons."""

    designation_id: str  # FtM-safe, stable across versions
    nomination: Nomination
    regimes: tuple[Regime, ...]
    listed_on: str
    reasons: str  # the statement of reasons: releasable paragraphs only

    def listed(self) -> list[Listed]:
        """What this designation puts on the list: the subject, then (under a regime covering
        family, §7031(c)) each immediate family member named in the nomination, as entries of
        their own with that regime's measures, so the visa door denies them too."""
        subject = Listed(self.designation_id, self.nomination.subject, self.regimes, self.reasons)
        family_regimes = tuple(r for r in self.regimes if r.covers_family)
        if not family_regimes:
            return [subject]
        family = [r for r in self.nomination.related if r["relation"] == "family"]
        reason = f"Immediate family member of {subject.subject['name']} ({self.designation_id})."
        return [subject] + [
            Listed(
                f"{self.designation_id}-family-{number}",
                family_subject(member),
                family_regimes,
                reason,
                relative_of=self.designation_id,
                relationship=member.get("note") or "",
            )
            for number, member in enumerate(family, start=1)
        ]


@dataclass(frozen=True)
class Listed:
    """One published entry: a designated subject, or a family member listed with them."""

    entry_id: str
    subject: dict[str, Any]  # the nomination's subject fields
    regimes: tuple[Regime, ...]
    reasons: str
    relative_of: str | None = None  # the principal's designation id, for a family member
    relationship: str = ""

    @property
    def measures(self) -> list[str]:
        return sorted({m for regime in self.regimes for m in regime.measures})


def family_subject(member: dict[str, Any]) -> dict[str, Any]:
    """A family member named in ``related`` in the shape of a nomination's subject."""
    return {
        "schema": "Person",
        "name": member["name"],
        "original_names": [],
        "transliterations": [],
        "aliases": [],
        "birth_dates": [member["birth_date"]] if member.get("birth_date") else [],
        "nationalities": member.get("nationalities", []),
        "documents": member.get("documents", []),
        "positions": [],
    }


def ftm_records(designation: Designation, authority: str) -> list[dict[str, Any]]:
    """Every entry the designation lists (see :meth:`Designation.listed`), each with its documents,
    family link and one Sanction per regime."""
    return [record for entry in designation.listed() for record in _entry_records(entry, designation, authority)]


def _entry_records(entry: Listed, designation: Designation, authority: str) -> list[dict[str, Any]]:
    """The listed thing, its identity documents, its family link, then one Sanction per regime."""
    subject = entry.subject
    thing = model.make_entity(subject["schema"])
    thing.id = entry.entry_id
    thing.add("name", subject["name"])
    thing.add("alias", subject["original_names"] + subject["transliterations"] + subject["aliases"])
    person = subject["schema"] == "Person"
    if person:
        thing.add("birthDate", subject["birth_dates"])
        thing.add("nationality", subject["nationalities"])
        thing.add("position", [p["title"] + (f", {p['unit']}" if p.get("unit") else "") for p in subject["positions"]])
    else:
        thing.add("country", subject["nationalities"])
    documents = []
    for number, document in enumerate(subject["documents"], start=1):
        if document.get("country"):  # a document entity says which state issued it
            passport = document["type"] == "passport" and person
            proxy = model.make_entity("Passport" if passport else "Identification")
            proxy.id = f"{thing.id}-doc-{number}"
            proxy.add("holder", thing.id)
            proxy.add("number", document["number"])
            proxy.add("type", document["type"])
            proxy.add("country", document["country"])
            documents.append(proxy.to_dict())
        else:
            prop = "passportNumber" if person and document["type"] == "passport" else "idNumber"
            thing.add(prop if prop in thing.schema.properties else "registrationNumber", document["number"])
    records = [thing.to_dict(), *documents]
    if entry.relative_of:
        link = model.make_entity("Family")
        link.id = f"{thing.id}-link"
        link.add("person", entry.relative_of)
        link.add("relative", thing.id)
        link.add("relationship", entry.relationship)
        records.append(link.to_dict())
    for regime in entry.regimes:
        sanction = model.make_entity("Sanction")
        sanction.id = f"{thing.id}-{regime.id.replace('_', '-')}"
        sanction.add("entity", thing.id)
        sanction.add("authority", authority)
        sanction.add("program", regime.program)
        sanction.add("provisions", [_PROVISIONS[m] for m in regime.measures])
        sanction.add("reason", entry.reasons)
        sanction.add("listingDate", designation.listed_on)
        sanction.add("description", regime.legal_basis)
        records.append(sanction.to_dict())
    return records


def ftm_bytes(designations: list[Designation], authority: str) -> bytes:
    records = [r for d in sorted(designations, key=lambda d: d.designation_id) for r in ftm_records(d, authority)]
    return b"".join(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n" for record in records)


def csv_text(designations: list[Designation]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in sorted(designations, key=lambda d: d.designation_id):
        for entry in d.listed():
            subject = entry.subject
            writer.writerow(
                [
                    entry.entry_id,
                    subject["schema"],
                    subject["name"],
                    "; ".join(subject["original_names"]),
                    "; ".join(subject["transliterations"] + subject["aliases"]),
                    "; ".join(subject["birth_dates"]),
                    "; ".join(subject["nationalities"]),
                    "; ".join(f"{doc['type']} {doc['number']}" for doc in subject["documents"]),
                    "; ".join(p["title"] for p in subject["positions"]),
                    "; ".join(r.program for r in entry.regimes),
                    "; ".join(entry.measures),
                    "; ".join(r.legal_basis for r in entry.regimes),
                    d.listed_on,
                    entry.reasons,
                ]
            )
    return buffer.getvalue()


def write_version(
    folder: Path, number: int, designations: list[Designation], authority: str, key: Ed25519PrivateKey
) -> Path:
    """Write and sign version ``number``'s files; the FtM file's path."""
    target = folder / f"v{number}"
    target.mkdir(parents=True, exist_ok=True)
    ftm_path = target / FTM_FILE
    ftm_path.write_bytes(ftm_bytes(designations, authority))
    (target / CSV_FILE).write_text(csv_text(designations), encoding="utf-8")
    for name in (FTM_FILE, CSV_FILE):
        sign_file(key, target / name)
    return ftm_path


def write_feed(folder: Path, authority: str, versions: list[dict[str, Any]], key: Ed25519PrivateKey) -> None:
    """``feed.json`` and ``feed.atom``: every version, newest first, with its changes; both signed.

    ``versions``: ``{"number", "published_at" (datetime), "sha256", "entries",
    "changes": [{"designation", "change"}]}``.
    """
    newest_first = sorted(versions, key=lambda v: v["number"], reverse=True)
    entries = [
        {
            "version": v["number"],
            "published_at": v["published_at"].isoformat(),
            "entries": v["entries"],
            "sha256": v["sha256"],
            "ftm": f"v{v['number']}/{FTM_FILE}",
            "csv": f"v{v['number']}/{CSV_FILE}",
            "changes": v["changes"],
        }
        for v in newest_first
    ]
    feed = {"authority": authority, "updated": entries[0]["published_at"] if entries else None, "versions": entries}
    (folder / FEED_JSON).write_text(json.dumps(feed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / FEED_ATOM).write_text(_atom(authority, newest_first), encoding="utf-8")
    for name in (FEED_JSON, FEED_ATOM):
        sign_file(key, folder / name)


def _atom(authority: str, versions: list[dict[str, Any]]) -> str:
    updated = versions[0]["published_at"] if versions else datetime.fromtimestamp(0)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(authority)}: designations</title>",
        f"  <id>urn:magnitsky:registry:{escape(authority)}</id>",
        f"  <updated>{updated.isoformat()}</updated>",
        f"  <author><name>{escape(authority)}</name></author>",
    ]
    for v in versions:
        summary = "; ".join(f"{c['change']} {c['designation']}" for c in v["changes"]) or "no change"
        parts += [
            "  <entry>",
            f"    <title>Version {v['number']}: {v['entries']} designations</title>",
            f"    <id>urn:magnitsky:registry:{escape(authority)}:v{v['number']}</id>",
            f"    <updated>{v['published_at'].isoformat()}</updated>",
            f'    <link rel="alternate" type="application/json" href="v{v["number"]}/{FTM_FILE}"/>',
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
