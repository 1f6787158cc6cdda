"""The official publication addresses of the lists, and an authority's changes to them.

Each :class:`Publication` is one file an authority publishes, the store source it becomes and the
parser that reads it. The bundled catalogue (:data:`BUNDLED`, see docs/update.md for where its addresses
come from) is changed by a JSON file, the setting ``update.sources_file``
(``MAGNITSKY_SOURCES``, else ``sources.json`` in the data directory)::

    {"ofac_sdn": {"url": "https://mirror.example/SDN.XML"},     # a bundled one moved
     "eu_fsf": null,                                            # not fetched here
     "own_list": {"url": "https://...", "format": "simple_csv"}} # one of our own

A named publication replaces the bundled one field by field, ``null`` drops it, a new name adds
one (it then needs ``url`` and ``format``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from magnitsky.errors import ConfigurationError


class CatalogueError(ConfigurationError):
    """The authority's catalogue file is unreadable or names a publication badly; says which and why."""


@dataclass(frozen=True)
class Publication:
    """A list file as its authority publishes it."""

    source: str  # the store's name for the list (its versions, its entries' ids)
    url: str
    format: str  # the parser (magnitsky.sources.PARSERS)
    title: str = ""
    file: str = ""  # the file's published name; "": the last part of the URL's path

    @property
    def file_name(self) -> str:
        """The name the download is saved under: parsers may read the publisher's naming."""
        return self.file or Path(urlsplit(self.url).path).name or f"{self.source}.download"


_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
BUNDLED = (
    Publication("ofac_sdn", _OFAC + "SDN.XML", "ofac_xml", "OFAC Specially Designated Nationals (SDN) List", "sdn.xml"),
    Publication(
        "ofac_cons", _OFAC + "CONSOLIDATED.XML", "ofac_xml", "OFAC Consolidated (non-SDN) List", "consolidated.xml"
    ),
    Publication(
        "un_sc",
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "un_xml",
        "UN Security Council Consolidated List",
    ),
    Publication(
        "eu_fsf",
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        "eu_xml",
        "EU Financial Sanctions Files (FSF), consolidated list",
        "xmlFullSanctionsList_1_1.xml",
    ),
    Publication(
        "uk_fcdo",
        "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        "uk_xml",
        "UK Sanctions List (FCDO)",
    ),
    Publication(
        "uk_ofsi",
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx",
        "ofsi_xlsx",
        "UK OFSI Consolidated List of Financial Sanctions Targets",
    ),
    Publication(
        "ca_sema",
        "https://www.international.gc.ca/world-monde/assets/office_docs/"
        "international_relations-relations_internationales/sanctions/sema-lmes.xml",
        "canada_xml",
        "Consolidated Canadian Autonomous Sanctions List (SEMA, JVCFOA)",
    ),
    Publication(
        "au_dfat",
        "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
        "dfat_xlsx",
        "Australia DFAT Consolidated List",
    ),
    Publication(
        "us_bis_dpl",
        "https://www.bis.doc.gov/dpl/dpl.txt",
        "bis_dpl",
        "US Commerce BIS Denied Persons List (export privileges denied)",
    ),
)
_FIELDS = {f.name for f in fields(Publication)} - {"source"}


def catalogue(changes_file: Path | None = None) -> list[Publication]:
    """The bundled publications with the authority's ``changes_file`` applied, in catalogue order."""
    found = {p.source: p for p in BUNDLED}
    if changes_file is None:
        return list(found.values())
    try:
        changes = json.loads(Path(changes_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{changes_file}: cannot read the sources file: {getattr(exc, 'strerror', exc)}") from None
    except json.JSONDecodeError as exc:
        raise CatalogueError(f"{changes_file}, line {exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(changes, dict):
        raise CatalogueError(f'{changes_file}: expected an object of sources, e.g. {{"ofac_sdn": {{"url": ...}}}}')
    for source, change in changes.items():
        where = f"{changes_file}: source {source!r}"
        if change is None:
            found.pop(source, None)
            continue
        if not isinstance(change, dict) or not all(isinstance(v, str) for v in change.values()):
            raise CatalogueError(f"{where}: expected null or an object of texts ({', '.join(sorted(_FIELDS))})")
        if unknown := sorted(change.keys() - _FIELDS):
            raise CatalogueError(f"{where}: unknown field {unknown[0]!r}; known: {', '.join(sorted(_FIELDS))}")
        if source in found:
            publication = replace(found[source], **change)
        elif missing := sorted({"url", "format"} - change.keys()):
            raise CatalogueError(f"{where}: a new source needs {' and '.join(missing)}")
        else:
            publication = Publication(source, **change)
        if urlsplit(publication.url).scheme not in ("http", "https"):
            raise CatalogueError(f"{where}: the url must be http:// or https://, got {publication.url!r}")
        found[source] = publication
    return list(found.values())
