"""One parser per list format. Parsers turn files into :class:`~magnitsky.model.Entity` streams and
know nothing about storage or screening."""

from magnitsky.sources.base import ListFile, ListMeta, MissingCompanions, ParseError, Parser, UnknownFormat
from magnitsky.sources.ofac_lists import ListUndecided
from magnitsky.sources.registry import PARSERS, detect_format, get_parser, open_list

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
