"""The statuses of a link between two list entries (:mod:`magnitsky.store.links`), named apart
from the database layer for the command line's help: ``auto`` (strong evidence agrees),
``proposed`` (for a reviewer), ``confirmed`` and ``rejected`` (a reviewer decided)."""

AUTO, PROPOSED, CONFIRMED, REJECTED = "auto", "proposed", "confirmed", "rejected"
LINKED = (AUTO, CONFIRMED)  # what screening merges
