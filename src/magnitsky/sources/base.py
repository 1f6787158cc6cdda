"""What every parser provides, and the one error type they raise."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from magnitsky.errors import InputError
from magnitsky.model import Entity


class ParseError(InputError):
    """Bad input: says which file and where (line or element), and what is wrong."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, where: str | None = None):
        self.path, self.line, self.where, self.reason = str(path), line, where, message
        location = self.path
        if line is not None:
            location += f", line {line}"
        if where:
            location += f", {where}"
        super().__init__(f"{location}: {message}")


class MissingCompanions(ParseError):
    """A list published as several files opened without some of them: loading it would silently
    drop what they hold (OFAC's aliases and addresses), so it takes the caller's explicit consent."""

    def __init__(self, path: Path | str, missing: tuple[str, ...]):
        self.missing = missing
        super().__init__(
            path,
            f"{', '.join(missing)} not found beside {Path(path).name}: the aliases, addresses and remarks "
            "published in them would be missing from the list",
        )


class UnknownFormat(ParseError):
    """A file no parser recognises. Its message names the formats read and leaves it to the front end
    (a command's option, a page's selector) to say how to name the format instead."""

    def __init__(self, path: Path | str, formats: tuple[str, ...]):
        self.formats = formats
        super().__init__(path, f"cannot tell which list format this is; it reads as none of: {', '.join(formats)}")


@dataclass(frozen=True)
class ListMeta:
    """Facts about one published list file (or file set)."""

    source: str  # default store name for this list, e.g. "ofac_sdn"
    format: str
    publication_date: str | None  # ISO date the publisher gives, if any
    files: tuple[Path, ...]  # every file the list is made of (OFAC CSV has four)
    # companion files the format publishes with this one that were not found beside it: what they
    # hold would be missing from the load, so open_list refuses unless the caller accepts that
    missing: tuple[str, ...] = ()

    def sha256(self) -> str:
        """Hash of all the files' bytes: equal exactly when the published data is the same, whatever
        the files are called (a download saved under a new name is the same version). Each file's
        size goes in before its bytes, so the files' boundaries count and their names do not."""
        digest = hashlib.sha256()
        for path in self.files:
            digest.update(f"{path.stat().st_size}\n".encode())
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
        return digest.hexdigest()


@dataclass
class ListFile:
    """A list file opened with its parser: metadata now, entities streamed on demand."""

    meta: ListMeta
    parser: Parser
    path: Path
    options: dict = field(default_factory=dict)

    def entities(self) -> Iterator[Entity]:
        return self.parser.parse(self.path, self.meta.source)

    def stated_count(self) -> int | None:
        return self.parser.stated_count(self.path)


class Parser(ABC):
    """A list format. Subclasses set ``format``/``source``/``description`` and implement three methods."""

    format: str
    source: str  # default source name in the store
    description: str

    @abstractmethod
    def sniff(self, path: Path, head: str) -> bool:
        """True when ``head`` (the file's first few KB, decoded leniently) is this format."""

    def meta(self, path: Path) -> ListMeta:
        """Publication date and the files making up the list. Override when the format has them."""
        return ListMeta(self.source, self.format, None, (path,))

    def meta_named(self, path: Path, source: str) -> ListMeta:
        """:meth:`meta` for a file the caller says is the list ``source``. A format shared by several
        lists (OFAC's) overrides this to take the caller's word instead of judging the content."""
        return replace(self.meta(path), source=source)

    def stated_count(self, path: Path) -> int | None:
        """How many entries the file says it holds, when its format states it (a completeness check
        for files that are well-formed but short). Override when the format has one."""
        return None

    @abstractmethod
    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        """Stream the entities. Raise :class:`ParseError` naming the place of any bad input."""
