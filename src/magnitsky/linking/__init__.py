"""One person or company across lists: which listed entries of different lists are the same.

:func:`find_links` compares the entries that share a normalised name or a document number
(``blocking``) and weighs what they say about each other (``evidence``): a link where strong
evidence agrees, a proposal for a reviewer where it only suggests. :func:`groups` turns the links
and a reviewer's judgements into the groups screening merges (``clusters``). The judgements are
kept in the store (``magnitsky.store.links``). Exports are imported on first use
(:mod:`magnitsky.lazy`): screening needs only the groups, not the store's SQLAlchemy layer.
"""

from typing import TYPE_CHECKING

from magnitsky.lazy import lazy_exports

if TYPE_CHECKING:
    from magnitsky.linking.blocking import candidate_pairs
    from magnitsky.linking.clusters import groups
    from magnitsky.linking.evidence import AUTO, PROPOSED, PairJudgement, judge_pair
    from magnitsky.linking.finder import find_links
    from magnitsky.linking.run import LinkRun, relink

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "magnitsky.linking.blocking": ("candidate_pairs",),
        "magnitsky.linking.clusters": ("groups",),
        "magnitsky.linking.evidence": ("AUTO", "PROPOSED", "PairJudgement", "judge_pair"),
        "magnitsky.linking.finder": ("find_links",),
        "magnitsky.linking.run": ("LinkRun", "relink"),
    },
)

__all__ = [
    "AUTO",
    "PROPOSED",
    "LinkRun",
    "PairJudgement",
    "candidate_pairs",
    "find_links",
    "groups",
    "judge_pair",
    "relink",
]
