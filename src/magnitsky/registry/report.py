"""The report to the legislature, in one call: figures, then HTML or PDF (public) or the annex.

``report(registry, officer, start, end, "pdf")`` is what the CLI, the HTTP API and the web page
call; see :mod:`report_figures` for what is counted and :mod:`report_annex` for who reads what.
"""

from __future__ import annotations

from datetime import date

from magnitsky.registry.report_annex import confidential_annex
from magnitsky.registry.report_figures import annual_figures
from magnitsky.registry.report_render import FORMATS, annex_html, as_format, report_html
from magnitsky.registry.roles import Officer
from magnitsky.registry.service import Registry

__all__ = ["FORMATS", "file_name", "report"]


def report(
    registry: Registry, officer: Officer, start: date, end: date, format: str = "html", annex: bool = False
) -> bytes:
    """The public report for ``start``..``end`` as ``format`` bytes; ``annex``: its confidential annex instead."""
    figures = annual_figures(registry, officer, start, end)
    if annex:
        html = annex_html(confidential_annex(registry, officer, figures), registry.authority, officer.name)
    else:
        html = report_html(figures, registry.authority)
    return as_format(html, format)


def file_name(start: date, end: date, format: str, annex: bool = False) -> str:
    """A download's name: registry-report-2026.pdf, registry-report-2026-01-01-2026-06-30-annex.html."""
    span = str(start.year) if (start, end) == (date(start.year, 1, 1), date(start.year, 12, 31)) else f"{start}-{end}"
    return f"registry-report-{span}{'-annex' if annex else ''}.{format}"
