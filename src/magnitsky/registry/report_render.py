"""The registry's report (and its confidential annex) as HTML and PDF.

HTML from Jinja2 templates with autoescaping on (names and reasons come from outside and must read
as text), charts embedded as SVG data, so one file carries everything; PDF by WeasyPrint from that
same HTML, so the two cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from magnitsky.registry.errors import RegistryError
from magnitsky.registry.report_annex import Annex
from magnitsky.registry.report_charts import bar_chart_svg, data_uri
from magnitsky.registry.report_figures import COVERAGE, AnnualFigures, victim_group_label

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
SUMMARY = (
    ("added", "Designations added"),
    ("varied", "Designations varied"),
    ("removed", "Designations removed"),
    ("in_force", "Designations in force at the period's end"),
    ("petitions_filed", "Petitions filed"),
    ("petitions_granted", "Petitions granted"),
    ("petitions_refused", "Petitions refused"),
    ("petitions_pending", "Petitions undecided at the period's end"),
    ("reviews_done", "Periodic reviews done"),
    ("reviews_late", "Periodic reviews done after their date"),
    ("reviews_overdue", "Periodic reviews overdue at the period's end"),
    ("clocks_due", "Statutory clocks due"),
    ("clocks_on_time", "Clocks answered on time"),
    ("clocks_late", "Clocks answered late"),
    ("clocks_unanswered", "Clocks not answered by the period's end"),
)
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "report_templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Chart:
    uri: str
    alt: str  # the chart's numbers in words: nothing is only in the picture


def charts(figures: AnnualFigures) -> list[Chart]:
    """One bar chart per coverage dimension that has anything to show."""
    out = []
    for dimension, label in COVERAGE.items():
        counts = figures.coverage.get(dimension) or {}
        if not counts:
            continue
        if dimension == "victim_group":
            counts = {victim_group_label(k): v for k, v in counts.items()}
        elif dimension == "country":
            counts = {k.upper(): v for k, v in counts.items()}  # ISO codes as people write them
        title = f"Designations in force by {label}"
        alt = f"{title}: " + "; ".join(f"{k} {v}" for k, v in counts.items())
        out.append(Chart(data_uri(bar_chart_svg(title, counts)), alt))
    return out


def report_html(figures: AnnualFigures, authority: str) -> str:
    template = _templates.get_template("annual_report.html")
    return template.render(
        f=figures,
        counts=figures.counts(),
        summary=SUMMARY,
        charts=charts(figures),
        title=figures.title,
        footer=f"{authority} · {figures.title}",
        authority=authority,
    )


def annex_html(annex: Annex, authority: str, officer: str) -> str:
    title = f"{annex.figures.title}: confidential annex"
    template = _templates.get_template("annex.html")
    return template.render(
        a=annex, f=annex.figures, title=title, footer=f"CONFIDENTIAL · {title}", authority=authority, officer=officer
    )


def to_pdf(html: str) -> bytes:
    """The HTML as a PDF (WeasyPrint: it reads the page's CSS, @page rules included)."""
    from weasyprint import HTML  # imported here: loading Pango costs a second nobody needs for HTML

    return HTML(string=html).write_pdf()


def as_format(html: str, format: str) -> bytes:
    """``html`` as the bytes of ``format`` (html or pdf)."""
    if format not in FORMATS:
        raise RegistryError(f"format: {format!r} is not one of {', '.join(FORMATS)}")
    return html.encode("utf-8") if format == "html" else to_pdf(html)
