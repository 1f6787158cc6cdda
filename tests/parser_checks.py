"""Checks the list parser tests share: other formats' heads for sniffing, the registry limited to
the parsers present in this checkout, hostile XML documents, and writing a bad file and catching
the ParseError it raises."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest

from magnitsky.sources import ParseError, registry
from magnitsky.sources.registry import head

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A real file of each other format, to check a parser's sniff() does not claim it.
OTHER_FORMATS = {
    "ofac_csv": SHARED / "ofac_sdn_2021" / "sdn.csv",
    "un_xml": SHARED / "un" / "consolidated.xml",
    "eu_xml": SHARED / "samples" / "sample_eu.xml",
    "ofac_xml": SHARED / "samples" / "sample_ofac_consolidated.xml",
    "bis_dpl": SHARED / "bis" / "dpl.txt",
}
OURS = {
    "ofsi_csv": FIXTURES / "ofsi_csv" / "conlist_excerpt_2020-04-27.csv",
    "uk_xml": FIXTURES / "uk_xml" / "uk_sanctions_list_excerpt.xml",
    "canada_xml": FIXTURES / "canada_xml" / "sema_lmes_excerpt.xml",
}


def foreign_heads(own_format: str) -> list[tuple[str, str]]:
    """(format, head) of every other format's sample available here."""
    files = {**OTHER_FORMATS, **OURS}
    return [(fmt, head(path)) for fmt, path in files.items() if fmt != own_format and path.is_file()]


def assert_sniffs_only_its_own(parser, sample: Path) -> None:
    """``parser`` claims its own sample and the head of no other format's file."""
    assert parser.sniff(sample, head(sample))
    for fmt, other in foreign_heads(parser.format):
        assert not parser.sniff(sample, other), fmt


@pytest.fixture
def present_registry(monkeypatch):
    """The registry with only the parsers that exist yet, in their detection order, so format
    detection is tested against every sibling parser as soon as it lands."""
    present = {fmt: spec for fmt, spec in registry._PARSERS.items() if find_spec(spec.split(":")[0])}
    monkeypatch.setattr(registry, "_PARSERS", present)
    monkeypatch.setattr(registry, "_cache", {})
    return registry


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<ROOT><ITEM>&lol3;</ITEM></ROOT>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE ROOT [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<ROOT><ITEM>&secret;</ITEM></ROOT>
"""


def hostile_xml(root: bytes, good: bytes) -> dict[str, bytes]:
    """Bad documents for an XML list whose root element is ``root``; ``good`` is a valid file."""
    return {
        "xml_bomb": BILLION_LAUGHS.replace(b"ROOT", root),
        "external_entity": EXTERNAL_ENTITY.replace(b"ROOT", root),
        "truncated": good[: len(good) * 2 // 3],
        "malformed": good.replace(b"</Names>", b"</Nmaes>", 1).replace(b"</record>", b"</recrod>", 1),
        "empty": b"",
        "wrong_encoding": good.replace("é".encode(), "é".encode("latin-1")).replace(
            "Дмитрий".encode(), "Dmitri\xe9".encode("latin-1")
        ),
    }


def assert_located(error: ParseError, path: Path, needs_line: bool = True) -> None:
    """A ParseError names the file and, unless there is none (an empty file), where in it."""
    assert error.path == str(path)
    assert str(path) in str(error)
    if needs_line:
        assert error.line is not None or error.where


def write_list(tmp_path: Path, content: str | bytes, name: str = "list.xml") -> Path:
    """A list file in ``tmp_path`` holding ``content`` (text is written as UTF-8)."""
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def parse_error(parser, path: Path) -> ParseError:
    """The ParseError reading all of ``path`` raises, checked to name the file."""
    with pytest.raises(ParseError) as info:
        list(parser.parse(path, parser.source))
    assert str(path) in str(info.value)
    return info.value
