"""Whether two listed entries are one person or company, and why: the rules in one place.

Linked automatically (``AUTO``) where strong evidence agrees:
  - the same name (after the project's normalisation, any script, any word order) and the same
    full birth date; or
  - the same passport, national id or IMO number, of a compatible country (both the same or one
    unstated), and no contradicting birth year.
Proposed for a reviewer (``PROPOSED``) where it only suggests, and nothing contradicts it:
  - the same name and the same birth year, or a shared nationality, or a rare full name (three
    words or more, or found on few entries) with nothing else to compare;
  - one name inside the other (a patronymic left out) with the same birth year or nationality;
  - the same tax, registration or BIC number, or a strong document with a contradicting detail.
Contradictions: birth years that do not overlap, different exact birth dates, disjoint
nationalities, different genders. They stop a link from names; a shared document still proposes.
"""

from __future__ import annotations

from dataclasses import dataclass

from magnitsky.linking.profile import OTHER_DOCUMENTS, STRONG_DOCUMENTS, Profile

AUTO = "auto"
PROPOSED = "proposed"
RARE_NAME = 4  # a name shared by at most this many entries (of all lists) is rare enough to propose on


@dataclass(frozen=True)
class PairJudgement:
    left: str  # entry ids, left < right
    right: str
    status: str  # AUTO or PROPOSED
    basis: tuple[str, ...]  # the evidence, in words


def judge_pair(a: Profile, b: Profile, name_counts: dict[str, int] | None = None) -> PairJudgement | None:
    """The judgement on two entries of different lists, or None when nothing links them.
    ``name_counts``: how many entries carry each whole-name key (``Profile.name_keys``)."""
    if a.entity.source == b.entity.source or a.group != b.group:
        return None
    left, right = sorted((a, b), key=lambda p: p.id)
    conflicts = _conflicts(a, b)
    same_name = sorted(a.names & b.names, key=lambda tokens: (-len(tokens), sorted(tokens)))
    contained = [x for x in a.names for y in b.names if len(x & y) >= 2 and (x <= y or y <= x)]
    documents = _shared_documents(a, b)
    strong_documents = [d for d in documents if d[0] in STRONG_DOCUMENTS]
    basis: list[str] = []
    if same_name:
        basis.append(f"same name: {' '.join(sorted(same_name[0]))}")
    elif contained:
        shorter: frozenset[str] = min(contained, key=len)
        basis.append(f"one name within the other: {' '.join(sorted(shorter))}")
    basis += [f"same {kind} number {number}" for kind, number in documents]
    dates = sorted(a.full_dates & b.full_dates)
    years = sorted(a.years & b.years)
    if dates:
        basis.append(f"same birth date {dates[0]}")
    elif years:
        basis.append(f"same birth year {years[0]}")
    nationalities = sorted(a.nationalities & b.nationalities)
    if nationalities:
        basis.append(f"same nationality {', '.join(nationalities)}")
    basis += [f"but {c}" for c in conflicts]

    if strong_documents and not any("birth" in c for c in conflicts):
        return PairJudgement(left.id, right.id, AUTO, tuple(basis))
    if same_name and dates and not conflicts:
        return PairJudgement(left.id, right.id, AUTO, tuple(basis))
    if documents:
        return PairJudgement(left.id, right.id, PROPOSED, tuple(basis))
    if conflicts or not (same_name or contained):
        return None
    if years or nationalities:
        return PairJudgement(left.id, right.id, PROPOSED, tuple(basis))
    if same_name and _rare(same_name, name_counts):
        return PairJudgement(left.id, right.id, PROPOSED, (*basis, "nothing else to compare"))
    return None


def _rare(names: list[frozenset[str]], name_counts: dict[str, int] | None) -> bool:
    for tokens in names:
        if len(tokens) >= 3:
            return True
        if name_counts is not None and name_counts.get(" ".join(sorted(tokens)), 0) <= RARE_NAME:
            return True
    return False


def _shared_documents(a: Profile, b: Profile) -> list[tuple[str, str]]:
    shared = []
    for key, country in a.documents.items():
        if key in b.documents:
            other = b.documents[key]
            if country is None or other is None or country == other:
                shared.append(key)
    return sorted(shared, key=lambda d: (d[0] in OTHER_DOCUMENTS, d))


def _conflicts(a: Profile, b: Profile) -> list[str]:
    conflicts = []
    if a.years and b.years and not a.years & b.years:
        conflicts.append(f"birth years differ ({min(a.years)} / {min(b.years)})")
    elif a.full_dates and b.full_dates and not a.full_dates & b.full_dates:
        conflicts.append(f"birth dates differ ({min(a.full_dates)} / {min(b.full_dates)})")
    if a.nationalities and b.nationalities and not a.nationalities & b.nationalities:
        conflicts.append(f"nationalities differ ({', '.join(sorted(a.nationalities | b.nationalities))})")
    if a.entity.gender and b.entity.gender and a.entity.gender != b.entity.gender:
        conflicts.append("genders differ")
    return conflicts
