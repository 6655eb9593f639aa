"""The roadmap sheet as a document: one Action Line on one or two pages, for a facilitators' meeting.

A :class:`RoadmapSheet` is a second kind of document beside the gap :class:`~wsis_graph.reports.model.Report`,
rendered by the same renderers: :func:`wsis_graph.reports.html.render_html` (template
``roadmap.html.j2`` with the report's stylesheet), the PDF of that HTML, Markdown
(:mod:`wsis_graph.reports.markdown`), and an Excel workbook and JSON (:mod:`wsis_graph.reports.tabular`).
The data are those of :func:`wsis_graph.analysis.roadmap.roadmap`; this module adds the cover (data
version, date, store, graphs) and how many rows of each list a page shows (:data:`SHOWN`): the rest is
counted ("and 12 more") and listed in full in the workbook, the JSON and the web page.

:func:`build_sheet` projects the store and assembles the sheet; the review queue and the GDC coverage
are read by the caller (the command or the page) and handed in, as for the gap report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from wsis_graph import __version__
from wsis_graph.analysis.roadmap import GROUPS, Roadmap
from wsis_graph.reports.model import graph_name, report_date

#: How many rows of each list the HTML, PDF and Markdown sheets show (the workbook and JSON hold all).
SHOWN = {"commitments": 5, "meetings": 8, "targets": 14, "provisions": 6, "gaps": 6, "waiting": 5, "facilitators": 14}
#: A list is cut only when it would hide more than this many rows ("and 1 more" saves no room).
SLACK = 2
#: Characters of a commitment's words, and of a target's text, on the page.
WORDS = {"commitment": 190, "target": 140, "provision": 80}

#: What each group of commitments means, for the sheet.
GROUP_NOTES = {
    "reviewed": "a reviewer judged the link against both texts and accepted it (mark reviewed)",
    "curated": "a source table of the graph states the link",
    "suggested": "the matcher suggested the link; it waits in the review queue",
}


def source_label(url: str | None) -> str:
    """A source document as a reader names it on a crowded page: its host, without ``www.``.

    >>> source_label("http://www.itu.int/osg/csd/cybersecurity/WSIS/background2nd.html")
    'itu.int'
    >>> source_label(None)
    'no source document'
    """
    if not url:
        return "no source document"
    host = urlsplit(str(url)).hostname
    return re.sub(r"^www\.", "", host) if host else str(url)


@dataclass
class SheetCover:
    title: str
    subtitle: str
    data_version: str | None
    date: str
    store: str
    graphs: list[str]
    generator: str = f"wsis-graph {__version__}"
    #: How much of the adopted GDC the graph holds (GdcCoverage.to_json()), when the caller read it.
    gdc_coverage: dict[str, Any] | None = None
    #: Where the full lists are (the web page), when the caller knows.
    full_lists: str | None = None


@dataclass
class RoadmapSheet:
    cover: SheetCover
    roadmap: Roadmap
    shown: dict[str, int] = field(default_factory=lambda: dict(SHOWN))

    kind = "roadmap"

    def cut(self, name: str, rows: list) -> tuple[list, int]:
        """The first rows of a list that a page shows, and how many more there are (see :data:`SLACK`)."""
        limit = self.shown.get(name)
        if limit is None or len(rows) <= limit + SLACK:
            return list(rows), 0
        return list(rows[:limit]), len(rows) - limit

    @property
    def groups(self) -> list[tuple[str, str, list, int]]:
        """``(group, note, shown commitments, hidden count)`` in the order of :data:`GROUPS`."""
        return [(g, GROUP_NOTES[g], *self.cut("commitments", self.roadmap.group(g))) for g in GROUPS]

    @property
    def counts(self) -> list[tuple[str, int]]:
        """``(label, figure)`` for the sheet's head, the label in the singular for 1."""
        r = self.roadmap
        figures = [
            ("facilitating entity", "facilitating entities", len({f.entity.iri for f in r.facilitators if f.current})),
            ("GDC commitment reviewed", "GDC commitments reviewed", len(r.group("reviewed"))),
            ("GDC commitment curated", "GDC commitments curated", len(r.group("curated"))),
            ("GDC commitment suggested", "GDC commitments suggested", len(r.group("suggested"))),
            ("SDG target or goal", "SDG targets and goals", len(r.targets)),
            ("rights provision", "rights provisions", len(r.provisions)),
            ("open gap", "open gaps", len(r.gaps)),
            ("candidate waiting", "candidates waiting", len(r.waiting)),
        ]
        return [(one if n == 1 else many, n) for one, many, n in figures]

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"format": FORMAT, "cover": asdict(self.cover), "roadmap": self.roadmap.to_dict()}


FORMAT = "wsis-graph-roadmap/1"


def assemble_sheet(roadmap: Roadmap, *, store: str = "", data_version: str | None = None, date: str | None = None,
                   gdc_coverage: Any = None, full_lists: str | None = None) -> RoadmapSheet:
    """A :class:`RoadmapSheet` from the data of one Action Line."""
    line = roadmap.action_line
    cover = SheetCover(
        title=f"Roadmap sheet: {line.code} {line.label or ''}".strip(),
        subtitle=f"WSIS Action Line {line.code}: what its facilitators bring to the roadmap (A/RES/80/173, para. 113)",
        data_version=data_version,
        date=date or report_date(),
        store=store,
        graphs=sorted(graph_name(g) for g in roadmap.graphs),
        gdc_coverage=gdc_coverage.to_json() if gdc_coverage is not None else None,
        full_lists=full_lists,
    )
    return RoadmapSheet(cover, roadmap)


def build_sheet(store, action_line: str, *, queue=(), gdc_coverage: Any = None, date: str | None = None,
                full_lists: str | None = None, G=None) -> RoadmapSheet:
    """Project ``store`` (unless ``G`` is its projection already) and assemble the sheet of ``action_line``
    (``queue``: the review queue's candidates).

    Raises:
        wsis_graph.analysis.projection.ResolveError: ``action_line`` names no Action Line.
    """
    from wsis_graph.analysis.gdc_texts import gdc_texts
    from wsis_graph.analysis.projection import project
    from wsis_graph.analysis.roadmap import roadmap
    from wsis_graph.stats import dataset_version

    data = roadmap(G if G is not None else project(store), action_line, texts=gdc_texts(store), queue=queue)
    return assemble_sheet(data, store=getattr(store, "url", ""), data_version=dataset_version(store), date=date,
                          gdc_coverage=gdc_coverage, full_lists=full_lists)


__all__ = ["FORMAT", "GROUP_NOTES", "SHOWN", "WORDS", "RoadmapSheet", "SheetCover", "assemble_sheet", "build_sheet", "source_label"]
