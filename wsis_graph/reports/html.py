"""The report as one self-contained HTML file (and the source of the PDF).

The stylesheet is inlined and every chart is an SVG embedded as a ``data:`` URI, so the file opens
anywhere without a network and makes no request; links to the IRIs of the things a finding is
about are plain anchors (followed only when a reader clicks them). A roadmap sheet
(:mod:`wsis_graph.reports.roadmap`) is rendered here too, by its own template and the same stylesheet
with a few denser rules (``roadmap.css``).
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from wsis_graph.analysis.findings import unit_for
from wsis_graph.analysis.gdc_texts import shorten
from wsis_graph.reports.labels import short
from wsis_graph.reports.model import BRIEF_FINDINGS, CONFIDENCE_COLUMNS, TABLE_ROWS_SHOWN, Report, graph_name, number
from wsis_graph.reports.roadmap import WORDS, RoadmapSheet, source_label

TEMPLATES = Path(__file__).with_name("templates")


#: Table columns of running text, given a third of the width so that they do not shrink to a word a line.
WIDE_COLUMNS = {"path", "members", "label", "summary (our words)", "goal or target", "name", "text"}


#: Column headers a reader would rather see short, so that a narrow column of codes or counts
#: does not have to break a long header word (the JSON and CSV keep the column names).
HEADERS = {
    "action_line": "Action Line", "action_lines": "Action Lines", "co_facilitator": "co-fac.",
    "weakest_confidence": "weakest conf.", "link confidence": "link conf.", "confidence": "conf.",
    "subject_type": "subject type",
}


def header(column: str) -> str:
    """A column name as a table header: shortened where :data:`HEADERS` says, underscores as spaces.

    >>> header("weakest_confidence"), header("sdg_target")
    ('weakest conf.', 'sdg target')
    """
    return HEADERS.get(column, column.replace("_", " "))


def camel_break(word: str) -> Markup:
    """A camelCase relation name with a permitted line break between its parts (``lead<wbr>Facilitator``).

    >>> str(camel_break("leadFacilitator"))
    'lead<wbr>Facilitator'
    """
    return Markup("<wbr>".join(str(escape(p)) for p in re.split(r"(?<=[a-z])(?=[A-Z])", str(word))))


_HYPHENATED = re.compile(r"(?<![\w-])[\w.:()]+(?:-[\w.:()]+)+")


def keep_codes(text: str) -> Markup:
    """Escape running text and keep each hyphenated code or word whole (``C7.e-health``, ``single-source``):
    a line may break between words, never at the hyphen inside one.

    >>> str(keep_codes("served by C7.e-health & C1"))
    'served by <span class="token">C7.e-health</span> &amp; C1'
    """
    return Markup(_HYPHENATED.sub(lambda m: f'<span class="token">{m.group(0)}</span>', str(escape(text))))


def data_uri(svg: str) -> str:
    """An SVG document as a ``data:`` URI.

    >>> data_uri("<svg/>")
    'data:image/svg+xml;base64,PHN2Zy8+'
    """
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def md_code(text: str) -> Markup:
    """Escape ``text`` and turn its `backticked` spans into ``<code>``."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["short"] = short
    env.filters["data_uri"] = data_uri
    env.filters["md_code"] = md_code
    env.filters["number"] = number
    env.filters["shorten"] = shorten
    env.filters["source"] = source_label
    env.filters["graph"] = graph_name
    env.filters["header"] = header
    env.filters["keep_codes"] = keep_codes
    env.filters["camel_break"] = camel_break
    env.globals["unit_for"] = unit_for
    return env


def render_html(report: Report | RoadmapSheet) -> str:
    """The report (or a roadmap sheet, ``kind`` ``roadmap``) as HTML text."""
    env = _environment()
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    if getattr(report, "kind", "report") == "roadmap":
        css += "\n" + (TEMPLATES / "roadmap.css").read_text(encoding="utf-8")
        code = report.roadmap.action_line.code
        full = report.cover.full_lists or f"the workbook (--format xlsx) and the web page /roadmap/{code} list all"
        return env.get_template("roadmap.html.j2").render(sheet=report, css=Markup(css), words=WORDS, full_lists=full)
    css += "\n" + (TEMPLATES / "summary.css").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(
        report=report,
        css=Markup(css),
        brief_findings=BRIEF_FINDINGS,
        table_rows=TABLE_ROWS_SHOWN,
        confidence_columns=CONFIDENCE_COLUMNS,
        wide_columns=WIDE_COLUMNS,
    )
