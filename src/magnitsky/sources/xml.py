"""Safe, streaming XML reading shared by the XML list parsers.

Official lists are plain XML with no DTD; a file declaring entities is refused outright (that is
how XML bombs and external-entity attacks arrive), and lxml runs with entity resolution, DTD
loading and network access off. Elements are yielded one at a time and freed after use, so
memory stays flat on files of hundreds of MB.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Set
from contextlib import closing
from pathlib import Path

from lxml import etree

from magnitsky.sources.base import ParseError

_LXML_LOCATION = re.compile(r",? line \d+, column \d+$")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_HEAD_BYTES = 64 * 1024
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FIRST_TAG = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


def refuse_dtd(path: Path) -> None:
    """Refuse an empty file or one declaring a DTD/entities, before any parser touches it."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if not head.strip():
        raise ParseError(path, "file is empty")
    match = _DTD.search(head)
    line = head[: match.start()].count(b"\n") + 1 if match else doctype_line(str(path))
    if line is not None:
        raise ParseError(
            path,
            "XML document type/entity declarations are not allowed in list files "
            "(possible XML bomb or external entity)",
            line=line,
        )


def doctype_line(source) -> int | None:
    """Where a document type declaration (the only place entities are declared) is, or None.

    A byte search of the start finds the usual one; this asks the XML parser itself, so one in
    UTF-16, or behind megabytes of comment or whitespace, is found too. The parser stops at the
    root element's start, which the declaration must precede, and neither loads nor expands it.
    ``source``: a file name or a binary file object. The line given is the root element's: the
    parser does not say where the declaration began. A malformed prolog is left for the parser
    proper to report."""
    try:
        for _, root in etree.iterparse(
            source, events=("start",), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
        ):
            docinfo = root.getroottree().docinfo
            return root.sourceline if docinfo.doctype or docinfo.internalDTD is not None else None
    except etree.XMLSyntaxError:
        return None
    return None


def _iterparse(path: Path, events: tuple[str, ...], tag=None):
    return etree.iterparse(
        str(path),
        events=events,
        tag=tag,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _syntax_error(path: Path, exc: etree.XMLSyntaxError) -> ParseError:
    """lxml's message ends with its own location; we give the line once, in our format."""
    return ParseError(path, f"malformed XML: {_LXML_LOCATION.sub('', exc.msg)}", line=exc.lineno)


def local(el: etree._Element) -> str:
    """An element's tag without its namespace."""
    return etree.QName(el).localname


def iter_elements(path: Path, names: set[str]) -> Generator[etree._Element, None, None]:
    """Yield each complete element whose local name is in ``names``, then free it.

    Only elements that are not nested inside another yielded element are freed, so the caller
    may read the whole subtree of what it receives.
    """
    refuse_dtd(path)
    tags = [f"{{*}}{n}" for n in names]
    try:
        for _, el in _iterparse(path, ("end",), tag=tags):
            yield el
            if el.getparent() is None or not any(local(a) in names for a in el.iterancestors()):
                el.clear(keep_tail=False)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from None


def root_info(path: Path, first_texts: Set[str] = frozenset(), max_events: int = 200) -> tuple[str, dict, dict]:
    """The root element's local name and attributes, and the text of the first elements named in
    ``first_texts`` found within the first ``max_events`` elements (e.g. a publish date)."""
    refuse_dtd(path)
    root_name, attrib, texts = "", {}, {}
    try:
        for count, (event, el) in enumerate(_iterparse(path, ("start", "end"))):
            if count == 0:
                root_name, attrib = local(el), dict(el.attrib)
            if event == "end" and local(el) in first_texts and local(el) not in texts:
                texts[local(el)] = (el.text or "").strip()
            if count > max_events or texts.keys() >= first_texts:
                break
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from None
    return root_name, attrib, texts


def expect_root(path: Path, name: str, what: str) -> etree._Element:
    """The file's root element (attributes readable, children not yet parsed).

    Raises ParseError at the root's line when the root is another element: the file is some
    other XML format, and parsing it would silently yield nothing.
    """
    with closing(iter_elements(path, {"*"})) as elements:
        first = next(elements, None)
    if first is None:
        raise ParseError(path, f"not {what}: no XML element")
    root = first.getroottree().getroot()
    if local(root) != name:
        raise ParseError(path, f"not {what}: root element is <{local(root)}>, expected <{name}>", line=root.sourceline)
    return root


def root_tag(head: str) -> str | None:
    """Local name of the first element in ``head``, skipping the prolog and comments.

    Sniffing on the root element rather than on words anywhere in the head keeps a file whose
    header comment mentions another format from being claimed by it.
    """
    match = _FIRST_TAG.search(_COMMENT.sub("", head))
    return match.group(1) if match else None


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and local(c) == name]


def child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if isinstance(c.tag, str) and local(c) == name:
            return c
    return None


def text(el: etree._Element | None, name: str | None = None) -> str | None:
    """Stripped text of ``el`` (or of its first child called ``name``); None when empty."""
    if el is not None and name is not None:
        el = child(el, name)
    if el is None or el.text is None:
        return None
    value = " ".join(el.text.split())
    return value or None


def texts(el: etree._Element, name: str) -> list[str]:
    """Stripped texts of every descendant called ``name``, skipping empty ones."""
    out = []
    for d in el.iter(f"{{*}}{name}"):
        if value := text(d):
            out.append(value)
    return out
