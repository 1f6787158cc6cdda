"""A screening hit's explanation as JSON: the one place its wire format is written.

The matcher gives typed results (:class:`~magnitsky.match.NameMatch` with its
:class:`~magnitsky.match.alignment.Alignment`, and :class:`~magnitsky.match.evidence.Evidence`);
batch output, the HTTP API, alerts and audit records carry them as this JSON::

    {"name": {"query", "list", "kind", "score", "tokens": [{"query", "list", "similarity", "how"}],
              "unmatched_query", "unmatched_list", "conventions" (only when a word needed one),
              "rule" (only when a name of syllables matched with a word over on one side)},
     "evidence": [{"feature", "effect", "detail"}], "schema", "ownership" (only when derived),
     "merged": {"listings": [{"entity_id", "source", "source_id", "caption", "programs", "score", "match"}],
                "links": [{"left", "right", "status", "basis", "decided_by"}]} (only for a person on several lists)}

Scores are rounded to 4 places, similarities and effects to 3. The HTTP API's schema of it is
``api.models.Explanation``. A hit's explanation is made only when asked for: screening weighs many
candidates and words only those it returns, and only when a caller reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from magnitsky.match import NameMatch
from magnitsky.match.evidence import Evidence
from magnitsky.names.spellings import how_written

SCORE_DIGITS = 4
SIMILARITY_DIGITS = 3
EFFECT_DIGITS = 3


def explanation_json(
    name: NameMatch,
    evidence: Iterable[Evidence],
    schema: str,
    ownership: dict[str, Any] | None = None,
    merged: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The explanation of a hit on a listed entity of ``schema``: its best name's match, the
    evidence, the ownership derivation when the entity is blocked through its owners, and, when
    the person is listed by several lists, which listings were merged into the hit and why."""
    alignment = name.alignment
    explanation: dict[str, Any] = {
        "name": {
            "query": name.query,
            "list": name.listed,
            "kind": name.kind.value,
            "score": round(alignment.score, SCORE_DIGITS),
            "tokens": [
                {
                    "query": pair.query,
                    "list": pair.listed,
                    "similarity": round(pair.similarity, SIMILARITY_DIGITS),
                    "how": pair.how.value,
                }
                for pair in alignment.pairs
            ],
            "unmatched_query": alignment.unmatched_query,
            "unmatched_list": alignment.unmatched_listed,
        },
        "evidence": [
            {"feature": item.feature.value, "effect": round(item.effect, EFFECT_DIGITS), "detail": item.detail}
            for item in evidence
        ],
        "schema": schema,
    }
    conventions = list(dict.fromkeys(how_written(name.query) + how_written(name.listed)))
    if conventions:
        explanation["name"]["conventions"] = conventions
    if alignment.held_by:
        explanation["name"]["rule"] = alignment.held_by.value
    if ownership:
        explanation["ownership"] = ownership
    if merged:
        explanation["merged"] = merged
    return explanation


def feature_scores(name: NameMatch, evidence: Iterable[Evidence]) -> dict[str, float]:
    """yente's ``features`` of a hit: the name's score and each evidence's effect, as explained."""
    features = {"name": round(name.alignment.score, SCORE_DIGITS)}
    for item in evidence:
        features[item.feature.value] = round(item.effect, EFFECT_DIGITS)
    return features
