"""One parser per list format. Parsers turn files into :class:`~magnitsky.model.Entity` streams and
know nothing about storage or screening.

Exports are imported on first use (:mod:`magnitsky.lazy`); the format names alone are in
:mod:`magnitsky.sources.formats`."""

from typing import TYPE_CHECKING

from magnitsky.lazy import lazy_exports

if TYPE_CHECKING:
    from magnitsky.sources.base import ListFile, ListMeta, MissingCompanions, ParseError, Parser, UnknownFormat
    from magnitsky.sources.formats import PARSERS
    from magnitsky.sources.ofac_lists import ListUndecided
    from magnitsky.sources.registry import detect_format, get_parser, open_list

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "magnitsky.sources.base": (
            "ListFile",
            "ListMeta",
            "MissingCompanions",
            "ParseError",
            "Parser",
            "UnknownFormat",
        ),
        "magnitsky.sources.formats": ("PARSERS",),
        "magnitsky.sources.ofac_lists": ("ListUndecided",),
        "magnitsky.sources.registry": ("detect_format", "get_parser", "open_list"),
    },
)

__all__ = [
    "ListFile",
    "ListMeta",
    "ListUndecided",
    "MissingCompanions",
    "PARSERS",
    "ParseError",
    "Parser",
    "UnknownFormat",
    "detect_format",
    "get_parser",
    "open_list",
]
