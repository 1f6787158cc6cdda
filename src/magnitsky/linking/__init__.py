"""One person or company across lists: which listed entries of different lists are the same.

:func:`find_links` compares the entries that share a normalised name or a document number
(``blocking``) and weighs what they say about each other (``evidence``): a link where strong
evidence agrees, a proposal for a reviewer where it only suggests. :func:`groups` turns the links
and a reviewer's judgements into the groups screening merges (``clusters``). The judgements are
kept in the store (``magnitsky.store.links``).
"""

from magnitsky.linking.blocking import candidate_pairs
from magnitsky.linking.clusters import groups
from magnitsky.linking.evidence import AUTO, PROPOSED, PairJudgement, judge_pair
from magnitsky.linking.finder import find_links
from magnitsky.linking.run import LinkRun, relink

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
