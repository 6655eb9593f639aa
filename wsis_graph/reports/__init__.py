"""Alignment gap reports: the analyses' findings rendered as HTML, PDF, Markdown, JSON or CSV.

:func:`~wsis_graph.reports.model.build_report` runs the analyses and assembles a
:class:`~wsis_graph.reports.model.Report`; :func:`render` turns it into the bytes of one format and
:func:`write` puts them at a path atomically (a temporary file in the same folder, renamed when
complete), so that a failure leaves nothing half-written. The same two functions render and write a
roadmap sheet (:class:`~wsis_graph.reports.roadmap.RoadmapSheet`) in html, pdf, md, xlsx or json.
"""

from __future__ import annotations

from pathlib import Path

from wsis_graph.files import write_atomically

#: The formats, and whether each draws the charts.
FORMATS = {"html": True, "pdf": True, "md": False, "json": False, "csv": False}
#: The formats of a roadmap sheet (:mod:`wsis_graph.reports.roadmap`).
SHEET_FORMATS = ("html", "pdf", "md", "xlsx", "json")


def render(report, fmt: str, out: Path | None = None) -> bytes:
    """The report in format ``fmt``; for ``csv``, a ZIP of every table when ``out`` ends in ``.zip``."""
    if fmt == "html":
        from wsis_graph.reports.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        from wsis_graph.reports.pdf import render_pdf

        return render_pdf(report)
    if fmt == "md":
        from wsis_graph.reports.markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if fmt == "json":
        from wsis_graph.reports.tabular import render_json

        return render_json(report).encode("utf-8")
    if fmt == "xlsx" and getattr(report, "kind", "report") == "roadmap":
        from wsis_graph.reports.tabular import render_roadmap_xlsx

        return render_roadmap_xlsx(report)
    if fmt == "csv":
        from wsis_graph.reports.tabular import render_csv_zip, render_findings_csv

        if out is not None and out.suffix.lower() == ".zip":
            return render_csv_zip(report)
        return render_findings_csv(report).encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def write(report, fmt: str, out: Path) -> int:
    """Render and write the report, whole or not at all; the number of bytes written."""
    return write_atomically(Path(out), render(report, fmt, Path(out)))
