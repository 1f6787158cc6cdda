"""The ownership rule: entities owned 50 % or more, directly or indirectly and in aggregate, by
blocked persons are blocked themselves (OFAC's 50 Percent Rule; see docs/ownership-csv.md).

``analyse(list_entities, read_ownership_csv(path))`` gives the derived blocks with the ownership
paths that cause them; ``.entities()`` makes them screenable (``Screener.from_store(...,
ownership=blocked_by_ownership(store))`` derives them only when no saved index has them);
:class:`OwnershipStore` keeps the user's ownership file versioned and audited. Exports are
imported on first use (:mod:`magnitsky.lazy`): the screener needs ``derivation_of``, not SQLAlchemy.
"""

from typing import TYPE_CHECKING

from magnitsky.lazy import lazy_exports

if TYPE_CHECKING:
    from magnitsky.screening.ownership.analysis import OwnershipAnalysis, analyse
    from magnitsky.screening.ownership.csv_file import OwnershipCsvError, OwnershipFile, read_ownership_csv
    from magnitsky.screening.ownership.entities import derivation_of
    from magnitsky.screening.ownership.stakes import Evidence, Issue, Party, Stake
    from magnitsky.screening.ownership.store import (
        OwnershipStore,
        OwnershipVersion,
        blocked_by_ownership,
        blocked_entities,
    )

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "magnitsky.screening.ownership.analysis": ("OwnershipAnalysis", "analyse"),
        "magnitsky.screening.ownership.csv_file": ("OwnershipCsvError", "OwnershipFile", "read_ownership_csv"),
        "magnitsky.screening.ownership.entities": ("derivation_of",),
        "magnitsky.screening.ownership.stakes": ("Evidence", "Issue", "Party", "Stake"),
        "magnitsky.screening.ownership.store": (
            "OwnershipStore",
            "OwnershipVersion",
            "blocked_by_ownership",
            "blocked_entities",
        ),
    },
)

__all__ = [
    "OwnershipAnalysis",
    "analyse",
    "OwnershipCsvError",
    "OwnershipFile",
    "read_ownership_csv",
    "derivation_of",
    "Evidence",
    "Issue",
    "Party",
    "Stake",
    "OwnershipStore",
    "OwnershipVersion",
    "blocked_by_ownership",
    "blocked_entities",
]
