"""Findings: what every analysis returns and every report renders.

An analysis is a pure function from a projection (or from named-query results) to an
:class:`AnalysisResult`. The result says what was computed (``analysis``, ``title``), on what
(``graphs``: the named graphs the projection was made of; ``confidence``: the confidence marks it
admitted; ``proposals``: whether proposal sets were in), and holds:

- ``findings``: the statements a reader acts on, each with what it says, the things it is about,
  the figure, and the evidence (the links behind it, each with source and confidence);
- ``tables``: the numbers behind charts and CSV downloads (a heatmap matrix, a share per goal …);
- ``figures``: the key figures for an executive summary, each named.

Reports only render these; nothing in a report is computed anywhere else. Everything converts to
plain JSON with :meth:`AnalysisResult.to_dict` and back with :meth:`AnalysisResult.from_dict`.

>>> item = Item("https://w3id.org/wsis-graph/id/action-line/C5", "ActionLine", "C5", "Building confidence and security in the use of ICTs")
>>> finding = Finding("single-facilitator", "C5 has one facilitator", items=(item,), figure=1)
>>> result = AnalysisResult("facilitation", "Facilitation", findings=[finding])
>>> AnalysisResult.from_dict(result.to_dict()) == result
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The confidence marks of the source tables (skos:notation), strongest first, in the order of their
#: wsis:rank in the ontology (ontology/wsis.ttl, "Confidence marks"); test_analysis checks the two agree.
CONFIDENCE_ORDER = (
    "verified",
    "single-source",
    "reviewed",
    "draft-only",
    "unknown-paragraph",
    "inferred",
    "dataset-anomaly",
    "unknown",
)


def weakest(marks) -> str | None:
    """The weakest of some confidence marks (``None`` when there are none).

    >>> weakest(["verified", "inferred", "single-source"])
    'inferred'
    """
    ranked = [m for m in marks if m]
    if not ranked:
        return None
    return max(ranked, key=lambda m: CONFIDENCE_ORDER.index(m) if m in CONFIDENCE_ORDER else len(CONFIDENCE_ORDER))


#: Singular forms of the plural units analyses give, for a figure of exactly 1.
_SINGULAR = {
    "entities": "entity",
    "Action Lines": "Action Line",
    "Action Lines and commitments": "Action Line or commitment",
    "years": "year",
    "statements": "statement",
    "roles": "role",
    "paths": "path",
    "records": "record",
    "provisions": "provision",
    "provisions or instruments": "provision or instrument",
    "GDC items and facilitators": "GDC item or facilitator",
}


def unit_for(value, unit: str | None) -> str | None:
    """The unit as it reads after ``value``: singular for exactly one.

    >>> unit_for(1, "entities"), unit_for(2, "entities"), unit_for(1, None)
    ('entity', 'entities', None)
    """
    if unit and value == 1:
        return _SINGULAR.get(unit, unit)
    return unit


@dataclass(frozen=True)
class Item:
    """A thing a finding is about: its IRI, its type (local name of its class), code and label."""

    iri: str
    type: str
    code: str | None = None
    label: str | None = None

    @property
    def name(self) -> str:
        """Code and label together, as a reader wants to see it."""
        if self.code and self.label and self.code != self.label:
            return f"{self.code} {self.label}"
        return self.code or self.label or self.iri


@dataclass(frozen=True)
class Evidence:
    """One link behind a finding, with where it comes from and how sure the source is."""

    subject: str
    relation: str
    object: str
    graph: str | None = None
    source: str | None = None
    locator: str | None = None
    method: str | None = None
    confidence: str | None = None
    alignment: str | None = None  # the qualified node (wsis:Alignment / wsis:Facilitation), if any


@dataclass(frozen=True)
class Finding:
    """One statement an analysis makes.

    ``kind`` is a stable identifier within the analysis (``unserved-target``, ``orphan-commitment``
    …) so that findings can be compared across runs (``wsis-graph diff``); ``key`` identifies the
    finding among those of the same kind (by default the first item's IRI).
    """

    kind: str
    text: str
    items: tuple[Item, ...] = ()
    figure: float | int | None = None
    unit: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: str | None = None  # the weakest confidence the finding rests on, where it matters

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.items[0].iri if self.items else self.text)


@dataclass
class Table:
    """Numbers behind a chart or a download: named columns and rows of plain values."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass
class Figure:
    """A key figure for the executive summary."""

    name: str
    label: str
    value: float | int
    unit: str | None = None


@dataclass
class AnalysisResult:
    """What one analysis computed, on which data."""

    analysis: str
    title: str
    description: str = ""
    graphs: list[str] = field(default_factory=list)
    confidence: list[str] = field(default_factory=list)
    proposals: bool = False
    findings: list[Finding] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)  # named queries that give the same figures

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"analysis {self.analysis!r} has no table {name!r}")

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnalysisResult:
        def finding(d: dict[str, Any]) -> Finding:
            return Finding(
                kind=d["kind"],
                text=d["text"],
                items=tuple(Item(**i) for i in d.get("items", ())),
                figure=d.get("figure"),
                unit=d.get("unit"),
                evidence=tuple(Evidence(**e) for e in d.get("evidence", ())),
                confidence=d.get("confidence"),
            )

        return cls(
            analysis=data["analysis"],
            title=data["title"],
            description=data.get("description", ""),
            graphs=list(data.get("graphs", [])),
            confidence=list(data.get("confidence", [])),
            proposals=bool(data.get("proposals", False)),
            findings=[finding(f) for f in data.get("findings", [])],
            tables=[Table(**t) for t in data.get("tables", [])],
            figures=[Figure(**f) for f in data.get("figures", [])],
            queries=list(data.get("queries", [])),
        )
