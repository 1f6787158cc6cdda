"""One parser per list format. Parsers turn files into :class:`~magnitsky.model.Entity` streams and
know nothing about storage or screening."""

from magnitsky.sources.base import ListFile, ListMeta, ParseError, Parser
from magnitsky.sources.registry import PARSERS, detect_format, get_parser, open_list

__all__ = [
    "ListFile",
    "ListMeta",
    "PARSERS",
    "ParseError",
    "Parser",
    "detect_format",
    "get_parser",
    "open_list",
]
