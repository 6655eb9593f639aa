"""The report as data: JSON (everything) and CSV (the findings, or a ZIP with every table).

JSON: one object ``{"format", "cover", "summary", "profile", "results", "gdc_texts"}`` where
``results`` is the list of :meth:`AnalysisResult.to_dict` (findings with their evidence, tables,
figures, the graphs and confidence marks each analysis read), ``gdc_texts`` the words of the GDC
paragraphs and commitments the findings are about (official text or our own summary, ``source``
says which) and ``cover.gdc_coverage`` how much of the adopted text the graph holds;
:func:`results_from_json` reads the results back.

CSV: ``--out report.csv`` writes one CSV of all findings, one row per finding (:data:`FINDING_COLUMNS`).
``--out report.zip`` writes a ZIP holding that ``findings.csv``, one CSV per analysis table
(``tables/ANALYSIS--TABLE.csv``, e.g. the Action Line × SDG goal matrix), one per profile query of a
scoped report (``profile/QUERY.csv``) and ``cover.json`` (data version, date, graphs, options).

A roadmap sheet (:mod:`wsis_graph.reports.roadmap`) is written as JSON (``format``
``wsis-graph-roadmap/1``: the cover and every list whole) and as an Excel workbook
(:func:`render_roadmap_xlsx`): one sheet per list of the page, every row, each with its confidence mark,
source and named graph, and a sheet ``About``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import asdict
from typing import Any

from wsis_graph.analysis.findings import AnalysisResult
from wsis_graph.reports.model import Report, graph_name
from wsis_graph.reports.roadmap import RoadmapSheet

FORMAT = "wsis-graph-report/1"

FINDING_COLUMNS = [
    "analysis", "kind", "key", "text", "figure", "unit", "confidence",
    "items", "item_iris", "evidence_links", "evidence_graphs", "evidence_confidence", "evidence_sources",
    "graphs", "confidence_admitted", "proposals",
]


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "cover": report.cover_dict(),
        "summary": [asdict(f) for f in report.summary],
        "messages": [asdict(m) for m in report.messages],  # the written summary's key messages
        "limitations": [asdict(item) for item in report.limitations],
        "profile": [asdict(p) for p in report.profile],
        "results": [r.to_dict() for r in report.results],
        "gdc_texts": [t.to_json() for t in report.gdc_texts.values()],
    }


def render_json(report: Report | RoadmapSheet) -> str:
    data = report.to_dict() if getattr(report, "kind", "report") == "roadmap" else report_dict(report)
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def results_from_json(text: str) -> list[AnalysisResult]:
    """The analysis results of a JSON report."""
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"not a wsis-graph report (format {data.get('format')!r}, expected {FORMAT!r})")
    return [AnalysisResult.from_dict(r) for r in data["results"]]


def _join(values) -> str:
    return " ; ".join(v for v in values if v)


def finding_rows(report: Report) -> list[list[Any]]:
    rows = []
    for result in report.results:
        for f in result.findings:
            rows.append([
                result.analysis, f.kind, f.key[1], f.text, f.figure, f.unit, f.confidence,
                _join(i.name for i in f.items), _join(i.iri for i in f.items),
                len(f.evidence),
                _join(sorted({e.graph for e in f.evidence if e.graph})),
                _join(sorted({e.confidence for e in f.evidence if e.confidence})),
                _join(sorted({e.source for e in f.evidence if e.source})),
                _join(result.graphs), _join(result.confidence) or "all", "yes" if result.proposals else "no",
            ])
    return rows


def _csv(columns: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def render_findings_csv(report: Report) -> str:
    return _csv(FINDING_COLUMNS, finding_rows(report))


def render_csv_zip(report: Report) -> bytes:
    buffer = io.BytesIO()
    # Fixed timestamps: the same report gives the same bytes.
    def add(name: str, text: str) -> None:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, text.encode("utf-8"))

    with zipfile.ZipFile(buffer, "w") as archive:
        add("cover.json", json.dumps(report.cover_dict(), indent=2, ensure_ascii=False) + "\n")
        add("findings.csv", render_findings_csv(report))
        for result in report.results:
            for table in result.tables:
                add(f"tables/{result.analysis}--{table.name}.csv", _csv(table.columns, table.rows))
        for profile in report.profile:
            add(f"profile/{profile.query}.csv", _csv(profile.columns, profile.rows))
    return buffer.getvalue()


#: The sheets of a roadmap workbook, in order.
ROADMAP_SHEETS = ("Facilitators", "GDC commitments", "Met at SDG", "SDG targets", "Rights", "Gaps", "Waiting", "About")


def roadmap_tables(sheet: RoadmapSheet) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The lists of a roadmap sheet, whole, as ``{sheet name: (columns, rows)}`` (the About sheet apart)."""
    r = sheet.roadmap

    def where(s) -> list[Any]:
        return [s.confidence, s.source, graph_name(s.graph) if s.graph else None]

    commitments = []
    for c in r.commitments:
        t = c.text
        first = c.statements[0] if c.statements else None
        commitments.append([
            c.group, c.item.code, t.reference if t else None, t.objective_code if t else None, t.words if t else None,
            t.source if t else "no text", first.relation if first else None, c.confidence,
            first.source if first else None, graph_name(first.graph) if first and first.graph else None,
            first.date if first else None, c.reviewer, c.candidate.pid if c.candidate else None,
            c.candidate.score if c.candidate else None, c.item.iri,
        ])
    return {
        "Facilitators": (["entity", "entity_label", "role", "period", "recent", "line", "current", "confidence", "source", "graph", "locator"],
                         [[f.entity.code, f.entity.label, f.role, f.period, f.recent, f.line, "yes" if f.current else "no",
                           *where(f.statement), f.statement.locator] for f in r.facilitators]),
        "GDC commitments": (["group", "commitment", "paragraph", "objective", "text", "text_source", "relation", "confidence",
                             "source", "graph", "date", "reviewer", "candidate", "score", "iri"], commitments),
        "Met at SDG": (["commitment", "meets_at", "where", "weakest_confidence", "iri"],
                       [[m.commitment.code, m.at, m.where, m.confidence, m.commitment.iri] for m in r.meetings]),
        "SDG targets": (["target", "text", "lines", "kind", "confidence", "source", "graph", "iri"],
                        [[t.item.code, t.item.label, " ".join(t.lines), t.kind, *where(t.statements[0]), t.item.iri] for t in r.targets]),
        "Rights": (["provision", "label", "routes", "via", "paths", "weakest_confidence", "sources", "iri"],
                   [[p.item.code, p.item.label, " ".join(p.routes), " ".join(p.via), p.paths, p.confidence, " ".join(p.sources),
                     p.item.iri] for p in r.provisions]),
        "Gaps": (["analysis", "kind", "text", "confidence", "sources", "graphs"],
                 [[g.analysis, g.kind, g.text, g.confidence, " ".join(g.sources), " ".join(graph_name(x) for x in g.graphs)]
                  for g in r.gaps]),
        "Waiting": (["id", "subject", "object", "subject_kind", "object_kind", "score", "status", "runs"],
                    [[w.pid, w.subject_code, w.object_code, w.subject_kind, w.object_kind, w.score, w.status, " ".join(w.runs)]
                     for w in r.waiting]),
    }


def render_roadmap_xlsx(sheet: RoadmapSheet) -> bytes:
    """A roadmap sheet as an Excel workbook (sheets :data:`ROADMAP_SHEETS`), every list whole."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wide = {"text": 80, "entity_label": 36, "label": 50, "source": 40, "sources": 50, "graphs": 30}
    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in roadmap_tables(sheet).items():
        ws = book.create_sheet(name)
        ws.append(columns)
        for row in rows:
            ws.append(["" if v is None else v for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = wide.get(column, 16)
    about = book.create_sheet("About")
    cover = sheet.cover
    for key, value in [("sheet", cover.title), ("about", cover.subtitle), ("data version", cover.data_version or "unknown"),
                       ("date", cover.date), ("store", cover.store), ("named graphs", ", ".join(cover.graphs)),
                       ("made by", cover.generator),
                       ("GDC text", (cover.gdc_coverage or {}).get("sentence", "not read")),
                       ("groups", "reviewed: a reviewer accepted the link (reviewed mappings); curated: a source table states it; "
                                  "suggested: an open candidate of the review queue."),
                       ("text_source", "official text: the adopted words; summary, own words: ours, not the adopted wording.")]:
        about.append([key, value])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 120
    for cell in about["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
