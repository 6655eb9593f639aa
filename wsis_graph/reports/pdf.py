"""The report as PDF: the HTML of :mod:`wsis_graph.reports.html`, laid out by WeasyPrint.

The PDF is the same content as the HTML file, paged for A4 by the print rules of the stylesheet
(page numbers, running title, one analysis per page start).
"""

from __future__ import annotations

from wsis_graph.reports.html import render_html
from wsis_graph.reports.model import Report


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the system libraries it needs) is missing."""


def render_pdf(report: Report, html: str | None = None) -> bytes:
    """The report as PDF bytes (``html``: already rendered HTML of the same report, if at hand)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango/cairo libraries missing
        raise PdfUnavailable(f"PDF output needs WeasyPrint and its system libraries (pango): {exc}") from None
    html = html if html is not None else render_html(report)
    return weasyprint.HTML(string=html, url_fetcher=_data_only(weasyprint)).write_pdf()


def _data_only(weasyprint):
    """A URL fetcher that loads ``data:`` URIs only: the report embeds all it shows, and asks no network."""
    if hasattr(weasyprint, "URLFetcher"):  # WeasyPrint 68 and later
        return weasyprint.URLFetcher(allowed_protocols=("data",))

    def fetch(url: str, *args, **kwargs):  # earlier versions: a function
        if not url.startswith("data:"):
            raise ValueError(f"the report refers to {url!r}; a report embeds everything it shows")
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    return fetch
