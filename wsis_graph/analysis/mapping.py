"""The mapping view for ODET and UNGIS: GDC commitment × WSIS Action Line × facilitating entity.

One row per path that :mod:`wsis_graph.analysis.gdc` finds from a commitment to an Action Line and
one of its current facilitators (or to an entity the commitment names), with the route (one of
:data:`wsis_graph.analysis.gdc.ROUTES`: reviewed, curated, proposed, shared target, shared goal,
thematic), whether the commitment × Action Line pair was reviewed (``reviewed``: ``accepted``,
``rejected`` — "reviewed: no link", the path is listed but makes no home —, ``unsure`` or ``no``),
the facilitation role's period as the source words it and whether a recent source confirms it
(``role_period``, ``role_recent``: :func:`wsis_graph.analysis.facilitation.role_period`), the path
strength, the weakest confidence on the path, the evidence path written out and the source
documents of its links. A commitment with no path to an Action Line gets one row of its own,
``home`` = ``no`` (with the entity it names, if any), so that the view lists **every** GDC
commitment in the projection: the joint WSIS–GDC roadmap has to place them all.

Asked for (``suggested=True``: ``wsis-graph map --suggested``, ``/map?suggested=1``), the open
candidates of the review queue between a commitment and an Action Line or entity follow its paths
as rows of route ``suggested`` (no strength; the evidence column names the candidate's id, score
and run). They change nothing else: ``home`` and the commitments with no home are the same with
and without them.

Each row says what its commitment says (:mod:`wsis_graph.analysis.gdc_texts`): its paragraph in
the adopted text, its words (the official text when the Compact has been imported, else our own
summary, and ``text_source`` says which) and its objective's title; and the view says how much of
the adopted text the graph holds (the GDC coverage of :mod:`wsis_graph.texts.coverage`, which the
caller reads and passes in: this room does not read imported texts).

:func:`build_mapping` computes the view from a projection (for one objective or commitment, or for
all); :func:`write_csv` and :func:`write_xlsx` write it for a spreadsheet. The command is
``wsis-graph map`` (:mod:`wsis_graph.cli.map`), the web page ``/map``
(:mod:`wsis_graph.web.pages.mapping`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import networkx as nx

from wsis_graph.analysis.common import CURRENT_ROLES, item, name, plural
from wsis_graph.analysis.facilitation import RECENT_YEARS, role_period
from wsis_graph.analysis.findings import Item
from wsis_graph.analysis.gdc import ROUTES, carries, gdc_subjects, objective_of, paths_from, reviewed_no_home, reviewed_word, suggested_paths
from wsis_graph.analysis.gdc_texts import GdcText
from wsis_graph.analysis.options import Scope

COLUMNS = [
    "objective",
    "commitment",
    "paragraph",
    "commitment_text",
    "text_source",
    "objective_title",
    "home",
    "action_line",
    "action_line_label",
    "entity",
    "entity_label",
    "role",
    "role_period",
    "role_recent",
    "route",
    "reviewed",
    "strength",
    "weakest_confidence",
    "evidence_path",
    "sources",
]

#: The columns of a path (empty in the row of a commitment with no path at all).
PATH_COLUMNS = COLUMNS[COLUMNS.index("action_line"):]

ROLE_WORDS = {"leadFacilitator": "lead facilitator", "coFacilitator": "co-facilitator", "partner": "partner"}

#: What the columns commitment_text and text_source hold, for the About sheet and the README.
TEXT_NOTE = (
    "commitment_text is the adopted text of the commitment where the official text of the Compact has been imported "
    "(text_source 'official text'); otherwise it is our own summary of the commitment (text_source 'summary, own words'), "
    "which is not the adopted wording. paragraph is the commitment's paragraph in the adopted text, empty where it is not "
    "established."
)


@dataclass
class Mapping:
    """The rows of the view and what they were computed on."""

    rows: list[dict[str, Any]]
    commitments: list[Item]  # every commitment in the view, in code order
    homeless: list[Item]  # those with no path to an Action Line
    reviewed_none: list[Item] = field(default_factory=list)  # of those, "reviewed: no Action Line carries it"
    subject: Item | None = None  # the objective or commitment asked for, if any
    graphs: list[str] = field(default_factory=list)
    proposals: bool = False
    suggested: bool = False  # whether the open candidates of the review queue are shown
    confidence: list[str] | None = None
    texts: dict[str, GdcText] = field(default_factory=dict)  # the words of each commitment in the view, by IRI
    coverage: Any = None  # a wsis_graph.texts.coverage.GdcCoverage, when the caller read it

    def table(self) -> list[list[Any]]:
        return [[row[c] for c in COLUMNS] for row in self.rows]

    def text_of(self, commitment: Item) -> GdcText | None:
        """The words of a commitment of the view."""
        return self.texts.get(commitment.iri)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject.__dict__ if self.subject else None,
            "coverage": self.coverage.to_json() if self.coverage is not None else None,
            "graphs": self.graphs,
            "proposals": self.proposals,
            "suggested": self.suggested,
            "confidence": self.confidence,
            "commitments": len(self.commitments),
            "homeless": [c.code or c.iri for c in self.homeless],
            "reviewed_no_action_line": [c.code or c.iri for c in self.reviewed_none],
            "columns": COLUMNS,
            "rows": self.rows,
        }


def build_mapping(
    G: nx.MultiDiGraph,
    gdc: str | None = None,
    *,
    texts: dict[str, GdcText] | None = None,
    coverage: Any = None,
    suggested: bool = False,
) -> Mapping:
    """The mapping view for one GDC objective or commitment (a code, label or IRI), or for all.

    Args:
        G: The projection.
        gdc: The objective or commitment; every commitment when None.
        texts: The words of the GDC nodes (:func:`~wsis_graph.analysis.gdc_texts.gdc_texts`); without
            them the text columns stay empty.
        coverage: How much of the adopted text the graph holds
            (:func:`wsis_graph.texts.coverage.gdc_coverage`), said in the view and its downloads.
        suggested: Also show the open candidates of the review queue, as rows of route ``suggested``.

    Raises:
        ResolveError: ``gdc`` names no objective or commitment.
    """
    texts = texts or {}
    subject = None
    if gdc:
        objectives, commitments = gdc_subjects(G, Scope("gdc", gdc))
        subject = item(G, (objectives or commitments)[0])
    else:
        _, commitments = gdc_subjects(G, None)
    rows: list[dict[str, Any]] = []
    homeless: list[Item] = []
    reviewed_none: list[Item] = []
    for commitment in commitments:
        objective = objective_of(G, commitment)
        words = texts.get(G.nodes[commitment].get("iri") or commitment)
        base = {
            "objective": name(G, objective) if objective else None,
            "commitment": name(G, commitment),
            "paragraph": words.reference if words else None,
            "commitment_text": words.words if words else None,
            "text_source": words.source if words and words.words else None,
            "objective_title": (words.objective_title if words and words.objective_title else
                                (G.nodes[objective].get("label") if objective else None)),
        }
        paths = paths_from(G, commitment)
        home = any(carries(G, commitment, p) for p in paths)
        settled = not home and reviewed_no_home(G, commitment)
        if not home:
            homeless.append(item(G, commitment))
            if settled:
                reviewed_none.append(item(G, commitment))
        shown = paths if home else (paths or [None])
        for path in shown:
            if path is None:
                rows.append({**base, "home": "no", **{c: None for c in PATH_COLUMNS}, "route": "none",
                             "reviewed": "rejected" if settled else "no"})
                continue
            sources = sorted({s for step in path.steps for s in (step.data.get("sources") or ((step.data["source"],) if step.data.get("source") else ()))})
            rows.append({**base, "home": "yes" if home else "no", **_path_cells(G, commitment, path), "evidence_path": path.text(G),
                         "sources": " | ".join(sources) if sources else None})
        if suggested:
            for pair, path in suggested_paths(G, commitment):
                runs = ", ".join(pair.runs)
                said = f"candidate {pair.pid}" + (f", score {pair.score:.2f}" if pair.score is not None else "") + (f", run {runs}" if runs else "")
                rest = path.text(G) if path.steps else name(G, path.action_line or path.entity)
                rows.append({**base, "home": "yes" if home else "no", **_path_cells(G, commitment, path),
                             "evidence_path": f"{name(G, commitment)} ⇢ suggested ({said}) ⇢ {rest}", "sources": None})
    shown = [item(G, c) for c in commitments]
    return Mapping(
        rows=rows,
        commitments=shown,
        homeless=homeless,
        reviewed_none=reviewed_none,
        subject=subject,
        graphs=list(G.graph.get("graphs") or []),
        proposals=bool(G.graph.get("proposals")),
        suggested=suggested,
        confidence=G.graph.get("confidence"),
        texts={c.iri: texts[c.iri] for c in shown if c.iri in texts},
        coverage=coverage,
    )


def _path_cells(G: nx.MultiDiGraph, commitment: str, path) -> dict[str, Any]:
    """The cells of a row that come from its path (the evidence path and sources are the caller's)."""
    role_step = next((s for s in path.steps if s.relation in CURRENT_ROLES), None)
    period, recent = role_period(G, role_step.data) if role_step is not None else (None, None)
    return {
        "action_line": name(G, path.action_line) if path.action_line else None,
        "action_line_label": G.nodes[path.action_line].get("label") if path.action_line else None,
        "entity": name(G, path.entity) if path.entity else None,
        "entity_label": G.nodes[path.entity].get("label") if path.entity else None,
        "role": ROLE_WORDS.get(path.role, path.role) if path.role else None,
        "role_period": period,
        "role_recent": recent,
        "route": path.route,
        "reviewed": reviewed_word(G, commitment, path.action_line) if path.action_line else None,
        "strength": path.strength,
        "weakest_confidence": path.weakest,
    }


#: What the columns reviewed, role_period and role_recent hold, for the About sheet and the README.
REVIEW_NOTE = (
    "reviewed is the state of the commitment × Action Line pair in the review workbench: accepted, rejected "
    "(reviewed: no link; the path is listed but gives the commitment no home), unsure, or no (never decided, or "
    "still open in the review queue). On the row of a commitment with no path at all (route none), rejected means "
    "reviewed: no Action Line carries it (every pair of it in the review was rejected)."
)
PERIOD_NOTE = (
    "role_period is the span of years in which the sources of the facilitation table show the role, as the table "
    "words it ('2006-2025', '2006-' for an open span, 'undated'). role_recent says whether a recent source confirms it: "
    f"yes when that span ends at most {RECENT_YEARS} years before the date of the facilitation table, no when it ends "
    "earlier, not dated when the span has no end year (an open span, 'before 2008', 'undated') or the table has no date."
)


def about_lines(mapping: Mapping) -> list[tuple[str, str]]:
    """What a reader of a download needs to know: the scope, the data, the rules."""
    weights = "; ".join(
        f"{r.name} {r.weight:g}" + (f" (through an entity {r.entity_weight:g})" if r.entity_weight not in (None, r.weight) else "")
        for r in ROUTES if r.counts
    )
    coverage = []
    if mapping.coverage is not None:
        coverage.append(("Adopted text of the GDC", mapping.coverage.sentence()))
        if mapping.coverage.remedy():
            coverage.append(("To import it" if not mapping.coverage.imported else "Note", mapping.coverage.remedy()))
    return [
        ("Generated", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("Scope", mapping.subject.name if mapping.subject else "every GDC commitment in the graph"),
        *coverage,
        ("Commitment texts", TEXT_NOTE),
        ("Commitments", str(len(mapping.commitments))),
        ("Commitments with no home", f"{len(mapping.homeless)}, of which {len(mapping.reviewed_none)} reviewed: no Action Line "
                                     f"carries them, {len(mapping.homeless) - len(mapping.reviewed_none)} not yet reviewed"),
        ("Named graphs", " ".join(mapping.graphs)),
        ("Proposals included", "yes" if mapping.proposals else "no"),
        ("Suggestions included", "yes: the open candidates of the review queue, route suggested" if mapping.suggested else "no"),
        ("Confidence marks admitted", ", ".join(mapping.confidence) if mapping.confidence else "all"),
        ("Routes", "; ".join(f"{r.name}: {r.description}" for r in ROUTES) + "."),
        ("Reviewed", REVIEW_NOTE),
        ("Role period", PERIOD_NOTE),
        ("Path strength", f"route weight ({weights}) times the strength of each link where the source gives one."),
        ("Weakest confidence", "the weakest confidence mark of the links on the path, as the source tables give them."),
        ("Produced by", "wsis-graph map (analysis gdc-wsis); see the named queries gdc-objective-commitments and gdc-wsis-links."),
    ]


def write_csv(mapping: Mapping, out: IO[str]) -> None:
    """The rows as CSV (UTF-8, a header row, empty cells for nothing)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in mapping.table():
        writer.writerow(["" if v is None else v for v in row])


def csv_text(mapping: Mapping) -> str:
    buffer = io.StringIO()
    write_csv(mapping, buffer)
    return buffer.getvalue()


def write_xlsx(mapping: Mapping, out: str | Path | IO[bytes]) -> None:
    """An Excel workbook: sheet ``Mapping`` (the rows, filterable), ``No home`` and ``About``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Mapping"
    sheet.append(COLUMNS)
    for row in mapping.table():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(mapping.rows) + 1)}"
    widths = {"commitment_text": 70, "objective_title": 40, "action_line_label": 40, "entity_label": 30, "evidence_path": 90, "sources": 60, "role_period": 12, "role_recent": 11, "reviewed": 10}
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column, 16)

    homeless = book.create_sheet("No home")
    homeless.append(["commitment", "paragraph", "commitment_text", "text_source", "objective", "objective_title", "review", "iri"])
    for cell in homeless[1]:
        cell.font = Font(bold=True)
    for c in mapping.homeless:
        words = mapping.text_of(c)
        homeless.append([c.code, words.reference if words else None, words.words if words else None,
                         words.source if words and words.words else None, words.objective_code if words else None,
                         words.objective_title if words else None,
                         "reviewed: no Action Line carries it" if c in mapping.reviewed_none else "not yet reviewed", c.iri])
    homeless.column_dimensions["C"].width = 70
    homeless.column_dimensions["F"].width = 40

    about = book.create_sheet("About")
    for key, value in about_lines(mapping):
        about.append([key, value])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 120
    for cell in about["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(out)


def xlsx_bytes(mapping: Mapping) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(mapping, buffer)
    return buffer.getvalue()


#: The ``reviewed`` column in the plain-text view.
TEXT_REVIEWED = {"accepted": "reviewed: accepted", "rejected": "rejected: no link", "unsure": "reviewed: unsure", "no": "not reviewed"}


def text_table(mapping: Mapping, width: int = 100) -> str:
    """The view as plain text for a terminal: one block per commitment, its words, its paths ranked."""
    lines: list[str] = []
    if mapping.subject:
        lines.append(f"GDC → WSIS mapping for {mapping.subject.name}")
    else:
        lines.append("GDC → WSIS mapping for every commitment")
    if mapping.coverage is not None:
        lines += textwrap.wrap(mapping.coverage.text(), width, break_on_hyphens=False, break_long_words=False)
    lines.append(
        f"{plural(len(mapping.commitments), 'commitment')}, {len(mapping.commitments) - len(mapping.homeless)} with a home in an Action Line, "
        f"{len(mapping.homeless)} with none; proposals {'included' if mapping.proposals else 'not included'}; "
        f"suggestions of the review queue {'shown' if mapping.suggested else 'not shown'}."
    )
    by_commitment: dict[str, list[dict]] = {}
    for row in mapping.rows:
        by_commitment.setdefault(row["commitment"], []).append(row)
    words_of = {c.code or c.iri: mapping.text_of(c) for c in mapping.commitments}
    for commitment, rows in by_commitment.items():
        first = rows[0]
        words = words_of.get(commitment)
        lines.append("")
        where = words.paragraph if words else (f"paragraph {first['paragraph']}" if first["paragraph"] else "")
        objective = " ".join(p for p in (first["objective"], first["objective_title"]) if p) or "?"
        lines.append("  ".join(p for p in (commitment, where, f"(objective {objective})") if p))
        if words is not None:
            lines += textwrap.wrap(words.marked(), width, initial_indent="  ", subsequent_indent="    ",
                                   break_on_hyphens=False, break_long_words=False)
        if first["home"] == "no":
            named = [r["entity"] for r in rows if r["entity"] and not r["action_line"] and r["route"] != "suggested"]
            rejected = [r["action_line"] for r in rows if r["reviewed"] == "rejected"]
            settled = first["reviewed"] == "rejected" or commitment in {c.code for c in mapping.reviewed_none}
            lines.append(("  no home, reviewed: no Action Line carries it" if settled else "  no home, not yet reviewed: reaches no Action Line")
                         + (f"; names {', '.join(named)}" if named else "")
                         + (f"; reviewed, no link: {', '.join(dict.fromkeys(rejected))}" if rejected else ""))
            for r in rows:
                if r["evidence_path"]:
                    lines.append(f"    [{r['route']}] {r['evidence_path']}")
            continue
        width_al = max(len(r["action_line"] or "-") for r in rows)
        width_en = max(len(r["entity"] or "-") for r in rows)
        for r in rows:
            role = r["role"] or "-"
            if r["role_period"]:
                role += f" {r['role_period']}" + {"yes": "", "no": " (not recent)"}.get(r["role_recent"], " (no end year)" if r["role_period"] != "undated" else "")
            strength = "-" if r["strength"] is None else f"{r['strength']:g}"
            lines.append(
                f"  {(r['action_line'] or '-'):<{width_al}}  {(r['entity'] or '-'):<{width_en}}  {role:<36}  "
                f"{r['route']:<13}  {TEXT_REVIEWED.get(r['reviewed'] or '', '-'):<17}  {strength:<5}  {(r['weakest_confidence'] or '-'):<17}  {r['evidence_path']}"
            )
    return "\n".join(lines) + "\n"


__all__ = ["COLUMNS", "PATH_COLUMNS", "PERIOD_NOTE", "REVIEW_NOTE", "TEXT_NOTE", "Mapping", "about_lines", "build_mapping", "csv_text", "text_table", "write_csv", "write_xlsx", "xlsx_bytes"]
