"""Which parsers exist, and telling a file's format from its content."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from magnitsky.sources.base import ListFile, MissingCompanions, ParseError, Parser, UnknownFormat
from magnitsky.sources.formats import PARSER_CLASSES as _PARSERS  # tests narrow it to installed parsers
from magnitsky.sources.formats import PARSERS
from magnitsky.sources.summaries import refuse_summaries
from magnitsky.sources.xml import refuse_dtd

_HEAD_BYTES = 16 * 1024
_cache: dict[str, Parser] = {}


def get_parser(fmt: str) -> Parser:
    if fmt not in _PARSERS:
        raise ValueError(f"unknown format {fmt!r}; known formats: {', '.join(_PARSERS)}")
    if fmt not in _cache:
        module, cls = _PARSERS[fmt].split(":")
        _cache[fmt] = getattr(import_module(module), cls)()
    return _cache[fmt]


def all_parsers() -> list[Parser]:
    return [get_parser(fmt) for fmt in _PARSERS]


def head(path: Path) -> str:
    """The file's first few KB as text, for :meth:`Parser.sniff`: a UTF-8 BOM is dropped, a
    character cut by the limit is left out, and a file that is not UTF-8 is read as Latin-1."""
    with open(path, "rb") as fh:
        raw = fh.read(_HEAD_BYTES)
    if not raw.strip():
        raise ParseError(path, "file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 4:  # a multi-byte character cut by the head limit
            return raw[: exc.start].decode("utf-8")
        return raw.decode("latin-1")


def detect_format(path: Path) -> str:
    """The format of ``path`` judged from its content alone, never from its name."""
    start = head(path)
    if start.lstrip().startswith("<"):
        refuse_dtd(path)  # hostile XML is refused as such, whatever list it pretends to be
    refuse_summaries(path, start)  # a publisher's summary is refused naming the list file to load
    for parser in all_parsers():
        if parser.sniff(path, start):
            return parser.format
    raise UnknownFormat(path, PARSERS)


def open_list(
    path: Path | str, fmt: str | None = None, source: str | None = None, without_companions: bool = False
) -> ListFile:
    """Open a list file: pick its parser, read its metadata; entities are read later, streamed.

    ``source`` names the list (the store's source name); without it the list is the one the
    content shows, never one the file name suggests. A file whose companions (OFAC's add.csv,
    alt.csv, sdn_comments.csv) are not beside it is refused unless ``without_companions``."""
    path = Path(path)
    if not path.is_file():
        raise ParseError(path, "no such file")
    parser = get_parser(fmt or detect_format(path))
    meta = parser.meta_named(path, source) if source else parser.meta(path)
    if meta.missing and not without_companions:
        raise MissingCompanions(path, meta.missing)
    return ListFile(meta, parser, path)
