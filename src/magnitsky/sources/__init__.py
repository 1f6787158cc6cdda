"""One parser per list format. Parsers turn files into :class:`~magnitsky.model.Entity` streams and
know nothing about storage or screening."""

from magnitsky.sources.base import ListFile, ListMeta, ParseError, Parser, UnknownFormat
from magnitsky.sources.registry import PARSERS, detect_format, get_parser, open_list

__all__ = [
    "ListFile",
    "ListMeta",
    "PARSERS",
    "ParseError",
    "Parser",
    "UnknownFormat",
    "detect_format",
    "get_parser",
    "open_list",
]
