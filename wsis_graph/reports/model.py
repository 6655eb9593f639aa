"""The report as data: a cover, an executive summary, one section per analysis.

:func:`assemble` puts together a :class:`Report` from analysis results that someone else computed
(the registry's :func:`~wsis_graph.analysis.registry.run_analyses`, or hand-made ones in tests);
:func:`build_report` runs the analyses on a store and assembles their results. Every format (HTML,
PDF, Markdown, JSON, CSV) renders the same :class:`Report`, so they say the same thing.

Nothing here computes a finding. A section shows its analysis's findings grouped by kind, its
tables and the charts drawn from them; every chart and table carries a :class:`Provenance` that
names the analysis (and the named queries that give the same figures), the named graphs the
projection was made of, the confidence marks it admitted and whether proposals and practice
records were in. A scoped report (one Action Line, one GDC objective, one entity) adds a profile
from named queries, each named likewise.

Where a finding is about a GDC paragraph or commitment, the report shows what it says
(:mod:`wsis_graph.analysis.gdc_texts`: the adopted text when imported, else our own summary, marked
as such) and its objective, and the cover says how much of the adopted text the graph holds (the
GDC coverage, which the caller reads with :func:`wsis_graph.texts.coverage.gdc_coverage` and passes
in: this room does not read imported texts).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from dataclasses import dataclass, field
from typing import Any

from wsis_graph import __version__
from wsis_graph.analysis.findings import AnalysisResult, Finding, Item, Table, unit_for
from wsis_graph.analysis.gdc_texts import GdcText
from wsis_graph.analysis.options import ProjectionOptions, Scope
from wsis_graph.reports import charts as chart_module
from wsis_graph.reports.labels import short

#: How many findings of one kind the HTML, PDF and Markdown formats list (JSON and CSV list all).
FINDINGS_SHOWN = 25
#: How many findings of one kind the brief (``--brief``) lists; the full report and JSON/CSV list the rest.
BRIEF_FINDINGS = 2
#: Tables a report does not print again because a command of their own gives them whole (name -> where).
SHOWN_ELSEWHERE = {"gdc-paths": "the map (`wsis-graph map`) and the JSON and CSV formats of this report"}
#: How many rows of a table without a chart the HTML, PDF and Markdown formats list.
TABLE_ROWS_SHOWN = 30

SCOPE_NAMES = {"action-line": "Action Line", "gdc": "GDC objective or commitment", "entity": "Entity"}


def scope_label(scope: Scope) -> str:
    """What a scoped report is about, in words.

    >>> scope_label(Scope("gdc", "GDC-O3")), scope_label(Scope("gdc", "GDC-29(b)")), scope_label(Scope("entity", "ITU"))
    ('GDC objective GDC-O3', 'GDC commitment GDC-29(b)', 'Entity ITU')
    >>> scope_label(Scope("gdc", "1")), scope_label(Scope("gdc", "o2"))
    ('GDC objective 1', 'GDC objective o2')
    """
    if scope.kind == "gdc":
        objective = re.search(r"(?i)(^|/)(GDC-)?O\d+$|^\d+$", scope.value.strip()) or "/gdc-objective/" in scope.value
        kind = "GDC objective" if objective else "GDC commitment"
    else:
        kind = SCOPE_NAMES.get(scope.kind, scope.kind)
    return f"{kind} {scope.value}"


def graph_name(iri: str) -> str:
    """The short name of a named graph: its IRI after ``/graph/`` (the last segment when there is none).

    >>> graph_name("https://w3id.org/wsis-graph/id/graph/wsis-sdg-matrix")
    'wsis-sdg-matrix'
    >>> graph_name("https://w3id.org/wsis-graph/id/graph/text/gdc/reconciled/en")
    'text/gdc/reconciled/en'
    """
    text = str(iri)
    if "/graph/" in text:
        return text.rsplit("/graph/", 1)[1].strip("/") or short(iri)
    return short(iri)


def kind_title(kind: str) -> str:
    """A finding kind as a heading.

    >>> kind_title("unserved-target")
    'Unserved target'
    >>> kind_title("ict-target")
    'ICT target'
    """
    words = kind.replace("_", "-").split("-")
    words = [w.upper() if w in _ACRONYMS else w for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


_ACRONYMS = {"ict", "sdg", "gdc", "wsis"}


@dataclass
class Provenance:
    """Where a chart, table or figure comes from."""

    analysis: str | None
    graphs: list[str]
    confidence: list[str]
    proposals: bool = False
    records: bool = False
    table: str | None = None
    queries: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, result: AnalysisResult, options: ProjectionOptions, table: str | None = None) -> Provenance:
        return cls(
            analysis=result.analysis,
            graphs=[graph_name(g) for g in result.graphs],
            confidence=list(result.confidence),
            proposals=result.proposals,
            records=options.records,
            table=table,
            queries=list(result.queries),
        )

    def text(self) -> str:
        """One sentence a reader can check the figure against."""
        what = f"analysis `{self.analysis}`" if self.analysis else "the named queries below"
        if self.table:
            what += f", table `{self.table}`"
        parts = [f"Computed by {what}"]
        parts.append("over the named graphs " + (", ".join(self.graphs) if self.graphs else "(none)"))
        parts.append("confidence marks admitted: " + (", ".join(self.confidence) if self.confidence else "all"))
        parts.append("proposal sets " + ("included" if self.proposals else "excluded"))
        parts.append("practice records " + ("included" if self.records else "excluded"))
        text = "; ".join(parts) + "."
        if self.queries:
            text += " Named queries giving the same figures: " + ", ".join(f"`{q}`" for q in self.queries) + "."
        return text


@dataclass
class Chart:
    name: str  # the table it draws
    title: str  # what it finds, computed from its table (charts.headline)
    svg: str
    provenance: Provenance
    reading: str = ""  # how to read it
    number: int = 0  # its figure number, counted across the whole report (0: not drawn, no number)
    subject: str = ""  # what it is about, whatever the data ("GDC objective → Action Line → facilitating entity")

    @property
    def anchor(self) -> str:
        return f"figure-{self.number}" if self.number else f"chart-{self.name}"


@dataclass
class FindingGroup:
    kind: str
    title: str
    findings: list[Finding]
    section: str = ""  # the anchor of its section

    @property
    def anchor(self) -> str:
        """The id of the group's heading: ``analysis-gdc-wsis--orphan-commitment``."""
        return f"{self.section}--{self.kind}"

    def finding_anchor(self, index: int) -> str:
        """The id of its ``index``-th finding (from 1), stable for a given report: ``analysis-gdc-wsis--orphan-commitment-3``."""
        return f"{self.anchor}-{index}"

    @property
    def shown(self) -> list[Finding]:
        return self.findings[:FINDINGS_SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, len(self.findings) - FINDINGS_SHOWN)


@dataclass
class Section:
    result: AnalysisResult
    provenance: Provenance
    groups: list[FindingGroup]
    charts: list[Chart]
    tables: list[Table]  # tables not drawn as a chart, shown as tables
    undrawn: list[Chart] = field(default_factory=list)  # charts whose table is empty here (svg "")
    elsewhere: list[tuple[Table, str]] = field(default_factory=list)  # tables left to another output (SHOWN_ELSEWHERE)

    @property
    def anchor(self) -> str:
        return "analysis-" + re.sub(r"[^a-z0-9-]", "-", self.result.analysis.lower())


def number(value) -> str:
    """A number for a reader: thousands separated from 10,000 on (a year stays 2026), two decimals for a fraction.

    >>> number(2026), number(12345), number(0.125)
    ('2026', '12,345', '0.12')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}" if abs(value) >= 10000 else f"{value:.2f}"
    return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))


@dataclass
class KeyFigure:
    label: str
    value: float | int
    unit: str | None
    analysis: str
    name: str

    @property
    def display(self) -> str:
        """The value as a reader wants it: a share as a percentage, counts with separators.

        >>> KeyFigure("Share served", 0.4734, None, "sdg-coverage", "share-served").display
        '47.3 %'
        """
        if isinstance(self.value, float) and "share" in self.name and 0 <= self.value <= 1 and self.unit in (None, "share"):
            return f"{self.value * 100:.1f} %"
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            return str(self.value)
        text = number(self.value)
        return f"{text} {unit_for(self.value, self.unit)}" if self.unit else text


@dataclass
class ProfileTable:
    """Rows of a named query run for the scope of the report."""

    title: str
    query: str
    parameters: dict[str, str]
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""


@dataclass
class Cover:
    title: str
    subtitle: str
    data_version: str | None
    date: str
    store: str
    graphs: list[str]
    confidence: list[str]
    proposals: bool
    records: bool
    scope: dict[str, str] | None
    generator: str = f"wsis-graph {__version__}"
    #: How much of the adopted GDC the graph holds (GdcCoverage.to_json()), when the caller read it.
    gdc_coverage: dict[str, Any] | None = None


@dataclass
class Report:
    cover: Cover
    summary: list[KeyFigure]
    sections: list[Section]
    profile: list[ProfileTable] = field(default_factory=list)
    results: list[AnalysisResult] = field(default_factory=list)
    #: The words of the GDC paragraphs and commitments the findings are about, by IRI, in code order.
    gdc_texts: dict[str, GdcText] = field(default_factory=dict)
    #: What was read about the data beyond the results (:class:`wsis_graph.reports.limitations.DataFacts`), if anything.
    facts: Any = None
    #: The short form (``--brief``): summary, limitations, charts and the top findings only.
    brief: bool = False

    @property
    def messages(self) -> list:
        """The key messages of the executive summary (:func:`wsis_graph.reports.summary.key_messages`)."""
        from wsis_graph.reports.summary import key_messages

        return key_messages(self)

    @property
    def summary_lead(self) -> str:
        from wsis_graph.reports.summary import lead

        return lead(self)

    @property
    def limitations(self) -> list:
        """The limits of the data (:func:`wsis_graph.reports.limitations.limitations`)."""
        from wsis_graph.reports.limitations import limitations

        return limitations(self)

    def notes(self, analysis: str, finding: Finding) -> list[str]:
        """The notes a finding carries for the limitations that touch it."""
        from wsis_graph.reports.limitations import notes_for

        return notes_for(self, analysis, finding)

    def cover_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self.cover)

    def anchor_of(self, finding: Finding) -> str | None:
        """The id under which the HTML report shows ``finding`` (``None``: not shown, beyond the cut)."""
        for section in self.sections:
            for group in section.groups:
                for index, shown in enumerate(group.shown, 1):
                    if shown is finding:
                        return group.finding_anchor(index)
        return None

    def items_of(self, finding: Finding) -> tuple[list[GdcText], list[Item]]:
        """A finding's GDC paragraphs and commitments (with their words), and its other items.

        The objective of a GDC text is left out of the others: the text names it already.
        """
        texts = [self.gdc_texts[i.iri] for i in finding.items if i.iri in self.gdc_texts]
        objectives = {t.objective for t in texts}
        return texts, [i for i in finding.items if i.iri not in self.gdc_texts and i.iri not in objectives]


def report_date() -> str:
    """Today's date (UTC), or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


def source_line(result: AnalysisResult, data_version: str | None) -> str:
    """The line printed under a chart: where its data come from.

    >>> source_line(AnalysisResult("gdc-wsis", "t", graphs=["https://w3id.org/wsis-graph/id/graph/gdc"]), "1.2")
    'Source: wsis-graph, data version 1.2; named graphs gdc (analysis gdc-wsis).'
    """
    graphs = ", ".join(graph_name(g) for g in result.graphs) or "none"
    return f"Source: wsis-graph, data version {data_version or 'unknown'}; named graphs {graphs} (analysis {result.analysis})."


def _section(result: AnalysisResult, options: ProjectionOptions, with_charts: bool, data_version: str | None = None) -> Section:
    kinds: dict[str, list[Finding]] = {}
    for finding in result.findings:
        kinds.setdefault(finding.kind, []).append(finding)
    anchor = "analysis-" + re.sub(r"[^a-z0-9-]", "-", result.analysis.lower())
    groups = [FindingGroup(kind, kind_title(kind), found, anchor) for kind, found in kinds.items()]
    charts: list[Chart] = []
    undrawn: list[Chart] = []
    plain: list[Table] = []
    elsewhere: list[tuple[Table, str]] = []
    for table in result.tables:
        drawn = chart_module.CHARTS.get(table.name)
        svg = chart_module.draw(table, source_line(result, data_version)) if (drawn and with_charts) else None
        if svg:
            charts.append(Chart(table.name, chart_module.headline(table), svg, Provenance.of(result, options, table.name), drawn[2],
                                subject=drawn[0]))
        elif drawn and with_charts and not table.rows:
            undrawn.append(Chart(table.name, drawn[0], "", Provenance.of(result, options, table.name), drawn[2], subject=drawn[0]))
        elif table.name in SHOWN_ELSEWHERE:
            elsewhere.append((table, SHOWN_ELSEWHERE[table.name]))
        else:
            plain.append(table)
    return Section(result, Provenance.of(result, options), groups, charts, plain, undrawn, elsewhere)


def assemble(
    results: list[AnalysisResult],
    *,
    options: ProjectionOptions = ProjectionOptions(),
    scope: Scope | None = None,
    store: str = "",
    data_version: str | None = None,
    date: str | None = None,
    profile: list[ProfileTable] | None = None,
    with_charts: bool = True,
    gdc_coverage: Any = None,
    gdc_texts: dict[str, GdcText] | None = None,
    facts: Any = None,
    brief: bool = False,
) -> Report:
    """A :class:`Report` from analysis results; ``with_charts=False`` skips drawing (Markdown, JSON, CSV).

    ``gdc_coverage`` (a :class:`wsis_graph.texts.coverage.GdcCoverage`) goes on the cover;
    ``gdc_texts`` (:func:`~wsis_graph.analysis.gdc_texts.gdc_texts`) gives the words of the GDC
    paragraphs and commitments the findings are about (the others are not kept).
    """
    graphs = sorted({graph_name(g) for r in results for g in r.graphs})
    confidence = sorted({c for r in results for c in r.confidence})
    if scope is not None:
        title = f"Alignment gap report: {scope_label(scope)}"
        subtitle = {
            "action-line": "The facilitator's sheet for its WSIS+20 roadmap: the findings that concern this Action Line",
            "gdc": "The findings that concern this part of the Global Digital Compact",
            "entity": "The findings that concern this entity",
        }.get(scope.kind, "")
    else:
        title = "Alignment gap report: WSIS Action Lines, SDGs, Global Digital Compact and human rights"
        subtitle = "Which commitments have a home, which targets no Action Line serves, where rights grounding is missing, and how strong the evidence is"
    cover = Cover(
        title=title,
        subtitle=subtitle,
        data_version=data_version,
        date=date or report_date(),
        store=store,
        graphs=graphs,
        confidence=confidence if options.confidence is not None else [],
        proposals=options.proposals,
        records=options.records,
        scope={"kind": scope.kind, "value": scope.value, "label": scope_label(scope)} if scope else None,
        gdc_coverage=gdc_coverage.to_json() if gdc_coverage is not None else None,
    )
    summary = [KeyFigure(f.label, f.value, f.unit, r.analysis, f.name) for r in results for f in r.figures]
    sections = [_section(r, options, with_charts, data_version) for r in results]
    figures = [c for section in sections for c in section.charts]
    for n, chart in enumerate(figures, 1):  # one count across the report, in reading order
        chart.number = n
    named = {i.iri for r in results for f in r.findings for i in f.items}
    texts = sorted((t for iri, t in (gdc_texts or {}).items() if iri in named), key=lambda t: short_code_key(t.code or t.iri))
    return Report(cover, summary, sections, profile or [], list(results), {t.iri: t for t in texts}, facts, brief)


def short_code_key(code: str) -> tuple:
    """GDC codes in reading order: GDC-2 before GDC-11(b) before GDC-29(a), then the unnumbered ones.

    >>> sorted(["GDC-29(a)", "GDC-AI-mechanisms", "GDC-11(b)", "GDC-2"], key=short_code_key)
    ['GDC-2', 'GDC-11(b)', 'GDC-29(a)', 'GDC-AI-mechanisms']
    """
    match = re.match(r"^GDC-(\d+)(.*)$", code)
    return (0, int(match.group(1)), match.group(2)) if match else (1, 0, code)


# -- Profiles of a scoped report, from named queries -------------------------------------------

_PROFILE_QUERIES = {
    "action-line": [
        ("Facilitators of the Action Line", "action-line-facilitators", "actionLine",
         [("facilitatedLineCode", "line"), ("acronym", "entity"), ("entityName", "name"), ("role", "role"),
          ("period", "period"), ("confidence", "confidence"), ("graph", "graph")]),
        ("SDG goals and targets the Action Line serves", "action-line-sdg-targets", "actionLine",
         [("level", "level"), ("sdgCode", "SDG"), ("sdgLabel", "goal or target"), ("confidence", "confidence"),
          ("assertedByLabel", "asserted by"), ("graph", "graph")]),
    ],
    "gdc": [
        ("Paragraphs and commitments of the objective, with their WSIS links", "gdc-objective-commitments", "objective",
         [("ref", "paragraph"), ("recordType", "record"), ("summary", "summary (our words)"), ("confidence", "confidence"),
          ("linkedCode", "linked to"), ("linkMethod", "method"), ("linkConfidence", "link confidence"), ("linkGraphKey", "graph")]),
    ],
}

#: Profile columns that hold a confidence mark (shown as the mark's notation).
CONFIDENCE_COLUMNS = {"confidence", "link confidence"}


def _cell(value, column: str) -> Any:
    """A query cell for a reader: IRIs of the ontology as words (a confidence mark as its notation), graphs by name."""
    if value is None:
        return None
    text = str(value)
    if text.startswith("https://w3id.org/wsis-graph/ontology#") or text.startswith("http://www.w3.org/"):
        local = short(text)
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", local).lower()
        return words if column in CONFIDENCE_COLUMNS else words.replace("-", " ")
    if "/graph/" in text:
        return graph_name(text)
    return text


def scope_profile(store, scope: Scope) -> list[ProfileTable]:
    """The named-query tables that describe the scoped thing (facilitators, targets, commitments).

    A GDC scope that is a commitment rather than an objective, or an entity, has no profile query:
    the empty list. The value is read as the query's parameter reads it (``1`` and ``O1`` are
    objective GDC-O1); one the query cannot take gives an empty profile too: the analyses have
    already said whether the value is known.
    """
    from wsis_graph.codes import Codebook
    from wsis_graph.queries.registry import ParameterError, get_query

    tables = []
    profiles = _PROFILE_QUERIES.get(scope.kind, [])
    codes = Codebook.read(store) if profiles else None
    for title, name, parameter, columns in profiles:
        query = get_query(name)
        try:  # read as the query's parameter reads it: --gdc 1 is objective GDC-O1, GDC-29(b) no objective
            bindings = query.bindings({parameter: scope.value}, codes=codes)
        except ParameterError:
            continue
        result = store.query(query.text, bindings)
        rows = [[_cell(row.get(var), header) for var, header in columns] for row in result.dicts()]
        tables.append(ProfileTable(title, name, {parameter: scope.value}, [h for _, h in columns], rows,
                                   "Read from every graph of the store; each row carries its own confidence mark and graph."))
    return tables


def build_report(
    store,
    *,
    options: ProjectionOptions = ProjectionOptions(),
    scope: Scope | None = None,
    names: list[str] | None = None,
    with_charts: bool = True,
    date: str | None = None,
    timings: dict[str, float] | None = None,
    gdc_coverage: Any = None,
    brief: bool = False,
) -> Report:
    """Run the analyses on ``store`` and assemble the report.

    ``timings``, when given, receives the seconds spent in ``analyses`` (projection included) and in
    ``assembly`` (profile queries, GDC texts and charts). ``gdc_coverage`` (read by the caller with
    :func:`wsis_graph.texts.coverage.gdc_coverage`) goes on the cover.
    """
    from wsis_graph.analysis.gdc_texts import gdc_texts
    from wsis_graph.analysis.gc_pause import gc_paused
    from wsis_graph.analysis.projection import project
    from wsis_graph.analysis.registry import run_on_graph, select
    from wsis_graph.reports.limitations import gather
    from wsis_graph.stats import dataset_version

    started = time.perf_counter()
    chosen = select(names, options)  # as run_analyses does, keeping the projection for the limitations
    with gc_paused():
        G = project(store, options)
        results = run_on_graph(G, chosen, scope)
    facts = gather(G)
    analysed = time.perf_counter()
    report = assemble(
        results,
        options=options,
        scope=scope,
        store=getattr(store, "url", ""),
        data_version=dataset_version(store),
        date=date,
        profile=scope_profile(store, scope) if scope else [],
        with_charts=with_charts,
        gdc_coverage=gdc_coverage,
        gdc_texts=gdc_texts(store),
        facts=facts,
        brief=brief,
    )
    if timings is not None:
        timings["analyses"] = analysed - started
        timings["assembly"] = time.perf_counter() - analysed
    return report
