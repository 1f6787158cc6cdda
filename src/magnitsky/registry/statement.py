"""Statement of case -> statement of reasons.

The case is written as numbered paragraphs, each with a releasability flag and the evidence it
rests on. Every save is a new version (kept, comparable). The public statement of reasons is the
releasable paragraphs in order; the others form the confidential annex and are never published.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from magnitsky.registry.errors import RegistryError

MAX_PARAGRAPHS = 500


@dataclass(frozen=True)
class Paragraph:
    text: str
    releasable: bool
    evidence: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "releasable": self.releasable, "evidence": list(self.evidence)}


def parse_paragraphs(data: Any, evidence_ids: set[int]) -> list[Paragraph]:
    """Paragraphs from ``[{"text", "releasable", "evidence": [ids]}]``; each error names its paragraph."""
    if not isinstance(data, list) or not data:
        raise RegistryError("a statement of case is a non-empty list of paragraphs")
    if len(data) > MAX_PARAGRAPHS:
        raise RegistryError(f"a statement of case has at most {MAX_PARAGRAPHS} paragraphs")
    out = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise RegistryError(f"paragraph {number}: needs a non-empty 'text'")
        if "\x00" in item["text"]:
            raise RegistryError(f"paragraph {number}: the text contains a NUL character")
        if not isinstance(item.get("releasable"), bool):
            raise RegistryError(f"paragraph {number}: 'releasable' must be true or false (no default: decide)")
        links = item.get("evidence", [])
        if not isinstance(links, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in links):
            raise RegistryError(f"paragraph {number}: 'evidence' must be a list of evidence ids")
        if unknown := sorted(set(links) - evidence_ids):
            raise RegistryError(f"paragraph {number}: no evidence {', '.join(map(str, unknown))} in this nomination")
        out.append(Paragraph(" ".join(item["text"].split()), item["releasable"], tuple(links)))
    return out


def statement_of_reasons(paragraphs: list[Paragraph]) -> str:
    """The public text: the releasable paragraphs, numbered anew, evidence references left out."""
    released = [p.text for p in paragraphs if p.releasable]
    return "\n\n".join(f"{number}. {text}" for number, text in enumerate(released, start=1))


def annex(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The confidential annex: what stays inside the authority."""
    return [p for p in paragraphs if not p.releasable]


def compare(old: list[Paragraph], new: list[Paragraph]) -> list[str]:
    """A unified diff of two versions, one line per paragraph, flag included."""

    def lines(paragraphs: list[Paragraph]) -> list[str]:
        return [f"[{'public' if p.releasable else 'annex'}] {p.text}" for p in paragraphs]

    return list(difflib.unified_diff(lines(old), lines(new), "before", "after", lineterm="", n=1))
