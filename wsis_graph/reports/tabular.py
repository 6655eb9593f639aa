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
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import asdict
from typing import Any

from wsis_graph.analysis.findings import AnalysisResult
from wsis_graph.reports.model import Report

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
        "profile": [asdict(p) for p in report.profile],
        "results": [r.to_dict() for r in report.results],
        "gdc_texts": [t.to_json() for t in report.gdc_texts.values()],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False, default=str) + "\n"


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
