"""Which OFAC list a file holds, told from its entries and never from its file name.

OFAC publishes the SDN list and the consolidated non-SDN list in the same formats (classic XML,
legacy CSV, advanced XML) with identical roots and headers, and users save downloads under names
of their own (``ofac_consolidated_2024-05-06.xml``). Loading the consolidated list as a new
version of the SDN list would "remove" some 15,000 SDN entries, so the list is read from what its
entries say:

* the advanced XML names each entry's list ("SDN List", "Sectoral Sanctions Identifications
  List" ...): every entry on the "SDN List" makes it the SDN list, none makes it the other;
* the classic XML and the CSV do not. There, an entry *marks* the non-SDN list when it is under a
  program only that list uses (NS-PLC, CMIC, FSE, 561-Related, NS-ISA, NS-MBS) or carries a
  sectoral directive label ("Executive Order 13662 Directive Determination", "Listing Date
  (CMIC)"). In the shared files 442 of 443 consolidated XML entries are marked against 77 of
  14,966 SDN ones (SDN entries that are also under a directive), and 440 of 442 against 78 of
  15,443 for the CSV.

A file whose share of marked entries is between :data:`_SDN_AT_MOST` and :data:`_CONS_AT_LEAST`
is not guessed at: :class:`ListUndecided` asks the caller to name the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from magnitsky.sources.base import ParseError

SDN = "ofac_sdn"
CONSOLIDATED = "ofac_cons"
LISTS = (SDN, CONSOLIDATED)

# Programs OFAC keeps on the non-SDN consolidated list only (upper case).
_NON_SDN_PROGRAMS = frozenset(
    {"NS-PLC", "CMIC-EO13959", "NS-CMIC", "561-RELATED", "FSE-IR", "FSE-SY", "NS-ISA", "NS-MBS", "NS-MBS LIST"}
)
# Labels of the sectoral (SSI / CMIC) directives, in idType elements or in CSV remarks.
_NON_SDN_LABEL = re.compile(r"Directive (?:Determination|Information)|(?:Listing|Effective) Date \(", re.IGNORECASE)
_SDN_AT_MOST = 0.2
_CONS_AT_LEAST = 0.8


class ListUndecided(ParseError):
    """A file of a format several lists share whose entries do not say which list it is. ``choices``
    are the names the caller may give (lists or formats); the front end says how to give one."""

    def __init__(self, path: Path | str, detail: str, choices: tuple[str, ...]):
        self.choices = choices
        super().__init__(
            path,
            f"cannot tell from its content whether this is the OFAC SDN list or the consolidated non-SDN list "
            f"({detail}); name it as one of: {', '.join(choices)}",
        )


def marks_non_sdn(programs: Iterable[str], labels: Iterable[str]) -> bool:
    """True when an entry's programs or fact labels belong to the non-SDN list only."""
    if any(p.strip().upper() in _NON_SDN_PROGRAMS for p in programs):
        return True
    return any(_NON_SDN_LABEL.search(label) for label in labels)


@dataclass
class Tally:
    """Entries counted so far, and how many of them mark the non-SDN list."""

    entries: int = 0
    marked: int = 0

    def add(self, marked: bool) -> None:
        self.entries += 1
        self.marked += marked

    def verdict(self, path: Path, choices: tuple[str, ...] = LISTS) -> str:
        """SDN or CONSOLIDATED; :class:`ListUndecided` (offering ``choices``) between the thresholds."""
        share = self.marked / self.entries if self.entries else 0.0
        if share <= _SDN_AT_MOST:
            return SDN
        if share >= _CONS_AT_LEAST:
            return CONSOLIDATED
        detail = f"{self.marked:,} of {self.entries:,} entries carry non-SDN programs or directive labels"
        raise ListUndecided(path, detail, choices)


def by_list_names(path: Path, list_names: Iterable[str]) -> str:
    """The list of an advanced-XML file from the list each sanctions entry names."""
    tally = Tally()
    for name in list_names:
        tally.add(name.strip().lower() != "sdn list")
    return tally.verdict(path)
