"""An Action Line's roadmap sheet, as data: what its facilitators bring to a meeting (A/RES/80/173 para 113).

:func:`roadmap` gathers, for one Action Line (with its sub-lines, for C7), from the projection:

- **facilitators**: every facilitation statement (lead, co-facilitator, partner, former facilitator)
  with the period its source gives (``2006-2025``), or ``not dated`` when the source gives none,
  and the statement's confidence mark, source document and named graph;
- **commitments**: the GDC commitments (and paragraphs or objectives) linked to it directly, in
  either direction, by a non-structural relation, each in one of three groups, in this order:
  ``reviewed`` (a reviewer accepted the link: it is in the reviewed mappings, mark ``reviewed``),
  ``curated`` (a source table states it) and ``suggested`` (a candidate of the review queue, still
  open, between the commitment and the line); each with its words (:mod:`.gdc_texts`: the adopted
  text once imported, else our own summary, and ``source`` says which). :func:`link_kind` is the one
  rule that tells a reviewed link from a curated one;
- **meets**: how many commitments meet the line only at an SDG target or goal, or name one of its
  facilitators: these are paths of :func:`wsis_graph.analysis.gdc.paths_from`, not links the line
  carries, and the sheet gives them as a count with their codes;
- **targets**: the SDG targets (and goals as a whole) it contributes to, each link with its mark and
  source, reviewed links first;
- **provisions**: the human-rights provisions and instruments it touches, by the routes of
  :func:`wsis_graph.analysis.rights.groundings` (directly, through an SDG target …), with the
  weakest mark on the route;
- **gaps**: the findings of the gap analyses (:mod:`.registry`, narrowed to the line as ``wsis-graph
  gaps --action-line`` narrows them) whose kind names something to fix (:data:`GAP_KINDS`): the
  findings themselves, not a second reckoning;
- **waiting**: the candidates of the review queue that involve the line and wait for a decision
  (open), best score first, and how many are marked unsure.

The review queue is not read here (the analyses never read the candidate sets): the caller hands in
the queue's candidates, objects shaped like :class:`wsis_graph.review.state.Candidate` (``pid``,
``subject``, ``object``, ``subject_code``, ``object_code``, ``subject_kind``, ``object_kind``,
``score``, ``status``, ``runs``, ``state``). Nothing is invented: a statement without a date says
``not dated``, one without a source document says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from wsis_graph.analysis.common import ROLE_RELATIONS, item, name, of_type, scope_nodes, sort_key
from wsis_graph.analysis.facilitation import role_period
from wsis_graph.analysis.findings import CONFIDENCE_ORDER, Item, weakest
from wsis_graph.analysis.gdc import DIRECT, NOT_LINKS, direct_route, paths_from
from wsis_graph.analysis.gdc_texts import GdcText
from wsis_graph.analysis.options import Scope
from wsis_graph.analysis.projection import ResolveError, resolve
from wsis_graph.analysis.registry import ANALYSES, NEEDS_RECORDS, run_on_graph
from wsis_graph.analysis.rights import groundings

#: The groups of commitments, in the order a sheet lists them.
GROUPS = ("reviewed", "curated", "suggested")

#: Finding kinds of the gap analyses that name something to fix; the others (a commitment's home,
#: an ICT target and who serves it, a broker, a grounding) describe, and are shown elsewhere on the sheet.
GAP_KINDS = (
    "single-facilitator",
    "critical-link",
    "critical-entity",
    "role-disagreement",
    "ungrounded-action-line",
    "weak-only-commitment",
    "orphan-commitment",
    "unserved-target",
    "unserved-goal",
    "unconfirmed-link",
    "recommendation-not-taken-up",
    "trend-not-taken-up",
    "untouched-provision",
)

ROLE_WORDS = {"leadFacilitator": "lead facilitator", "coFacilitator": "co-facilitator", "partner": "partner",
              "formerFacilitator": "former facilitator"}
NOT_DATED = "not dated"
GDC_TYPES = ("GDCCommitment", "GDCParagraph", "GDCObjective", "GDCPrinciple")
#: Candidate kinds (the matcher's) whose end is a GDC item.
GDC_KIND = "gdc"
def link_kind(data: dict[str, Any]) -> str:
    """Whether a link of the projection was ``reviewed`` (a reviewer accepted it: its mark is ``reviewed``)
    or ``curated`` (a source table states it): the rule of the map and the gap analysis
    (:func:`wsis_graph.analysis.gdc.direct_route`; a sheet never includes proposal sets). A candidate of
    the review queue is no edge of the projection: ``suggested`` is the queue's, see :func:`roadmap`.

    >>> link_kind({"confidence": "reviewed", "graph": "https://w3id.org/wsis-graph/id/graph/review/mappings"})
    'reviewed'
    >>> link_kind({"confidence": "single-source", "graph": "https://w3id.org/wsis-graph/id/graph/wsis-sdg-matrix"})
    'curated'
    """
    return direct_route(data)


@dataclass(frozen=True)
class Statement:
    """One statement of a link: its relation, mark, source, graph and date, as the projection holds them."""

    relation: str
    confidence: str | None
    source: str | None
    graph: str | None
    date: str | None = None
    locator: str | None = None
    method: str | None = None
    kind: str = "curated"  # reviewed | curated (link_kind)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Statement:
        return cls(data.get("relation") or "", data.get("confidence"), data.get("source"), data.get("graph"),
                   data.get("date"), data.get("locator"), data.get("method"), link_kind(data))


@dataclass(frozen=True)
class Role:
    entity: Item
    role: str  # lead facilitator, co-facilitator, partner, former facilitator
    period: str  # as the source words it, or NOT_DATED (facilitation.role_period)
    line: str  # the code of the line it is for (a sub-line of C7, or the line itself)
    statement: Statement
    current: bool = True
    recent: str = NOT_DATED  # whether a recent source confirms it: yes, no, not dated (facilitation.RECENT_WORDS)


@dataclass(frozen=True)
class Waiting:
    """A candidate of the review queue that involves the line."""

    pid: str
    subject: str
    object: str
    subject_code: str
    object_code: str
    subject_kind: str
    object_kind: str
    score: float
    status: str
    runs: tuple[str, ...] = ()

    @property
    def other_code(self) -> str:
        return self.object_code if self.subject_kind == "action-lines" else self.subject_code

    @classmethod
    def of(cls, candidate: Any) -> Waiting:
        return cls(candidate.pid, str(candidate.subject), str(candidate.object), candidate.subject_code,
                   candidate.object_code, candidate.subject_kind, candidate.object_kind, float(candidate.score),
                   candidate.status, tuple(candidate.runs))


@dataclass(frozen=True)
class Commitment:
    """A GDC item linked to the line: its group, its words and the statements (or candidate) behind it."""

    item: Item
    group: str  # reviewed | curated | suggested
    text: GdcText | None
    statements: tuple[Statement, ...] = ()
    candidate: Waiting | None = None
    reviewer: str | None = None  # who accepted it, when the queue says
    decided: str | None = None  # when

    @property
    def confidence(self) -> str | None:
        """The best mark among its statements (a suggestion has none)."""
        marks = [s.confidence for s in self.statements if s.confidence]
        return min(marks, key=_rank) if marks else None


@dataclass(frozen=True)
class Target:
    """An SDG target (or goal) the line serves, with every statement of the link, from each of its (sub-)lines."""

    item: Item
    statements: tuple[Statement, ...]
    lines: tuple[str, ...]  # the codes of the line and sub-lines that serve it

    @property
    def kind(self) -> str:
        return "reviewed" if any(s.kind == "reviewed" for s in self.statements) else "curated"

    @property
    def confidence(self) -> str | None:
        marks = [s.confidence for s in self.statements if s.confidence]
        return min(marks, key=_rank) if marks else None


@dataclass(frozen=True)
class Grounding:
    item: Item
    routes: tuple[str, ...]  # direct, sdg-target, sdg-goal, document, submission
    via: tuple[str, ...]  # the codes of what the routes pass through (SDG targets, documents …)
    confidence: str | None  # the weakest mark on its best route
    sources: tuple[str, ...]
    paths: int


@dataclass(frozen=True)
class Gap:
    analysis: str
    kind: str
    text: str
    confidence: str | None
    sources: tuple[str, ...]
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class Meeting:
    """A commitment that reaches the line without a direct link: where they meet."""

    commitment: Item
    at: str  # "SDG target", "SDG goal" or "entity"
    where: str  # the code of the target, goal or entity
    confidence: str | None


@dataclass
class Roadmap:
    action_line: Item
    lines: list[Item]  # the line and its sub-lines
    facilitators: list[Role] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    provisions: list[Grounding] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    unsure: int = 0
    graphs: list[str] = field(default_factory=list)

    def group(self, name: str) -> list[Commitment]:
        return [c for c in self.commitments if c.group == name]

    @property
    def gap_kinds(self) -> list[tuple[str, int]]:
        """How many gaps of each kind, in the order of :data:`GAP_KINDS`."""
        counts: dict[str, int] = {}
        for gap in self.gaps:
            counts[gap.kind] = counts.get(gap.kind, 0) + 1
        return list(counts.items())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for c, out in zip(self.commitments, data["commitments"]):
            out["text"] = c.text.to_json() if c.text else None
        return data


def _rank(mark: str | None) -> int:
    return CONFIDENCE_ORDER.index(mark) if mark in CONFIDENCE_ORDER else len(CONFIDENCE_ORDER)


def action_line_codes(G: nx.MultiDiGraph) -> list[str]:
    """The codes of the Action Lines of the projection, in their natural order."""
    return [name(G, n) for n in of_type(G, "ActionLine")]


def resolve_action_line(G: nx.MultiDiGraph, value: str) -> str:
    """The Action Line a user names; :class:`ResolveError` listing the valid codes otherwise."""
    try:
        return resolve(G, value, types=["ActionLine"])
    except ResolveError:
        raise ResolveError(f"{value!r} is not an Action Line; the Action Lines are: {', '.join(action_line_codes(G))}") from None


def roadmap(G: nx.MultiDiGraph, action_line: str, *, texts: dict[str, GdcText] | None = None,
            queue: Iterable[Any] = ()) -> Roadmap:
    """The roadmap sheet's data for one Action Line (a code, label or IRI; see the module docstring).

    Raises:
        ResolveError: ``action_line`` names no Action Line (the message lists the codes).
    """
    texts = texts or {}
    node = resolve_action_line(G, action_line)
    core, _ = scope_nodes(G, Scope("action-line", node))
    lines = sorted((n for n in core if G.nodes[n].get("type") == "ActionLine"), key=lambda n: sort_key(G, n))
    sheet = Roadmap(item(G, node), [item(G, n) for n in lines], graphs=list(G.graph.get("graphs") or []))
    sheet.facilitators = _facilitators(G, lines)
    sheet.commitments = _linked_commitments(G, lines, texts)
    sheet.targets = _targets(G, lines)
    sheet.provisions = _provisions(G, lines)
    sheet.gaps = _gaps(G, node)
    waiting, unsure = _queue(queue, {str(n) for n in lines})
    sheet.waiting, sheet.unsure = waiting, unsure
    linked = {c.item.iri for c in sheet.commitments}
    for w in waiting:  # open candidates between a GDC item and the line, not linked yet
        other = w.subject if w.subject_kind == GDC_KIND else w.object if w.object_kind == GDC_KIND else None
        if other is None or other in linked:
            continue
        linked.add(other)
        it = item(G, other) if other in G else Item(other, "GDCCommitment", w.other_code, None)
        sheet.commitments.append(Commitment(it, "suggested", texts.get(other), candidate=w))
    _accepted_by(sheet, queue)
    sheet.meetings = _meetings(G, set(lines), linked)
    return sheet


def _facilitators(G: nx.MultiDiGraph, lines: list[str]) -> list[Role]:
    roles = []
    order = {r: i for i, r in enumerate(ROLE_RELATIONS)}
    for line in lines:
        for _, entity, data in G.out_edges(line, data=True):
            relation = data.get("relation")
            if relation not in ROLE_WORDS or G.nodes[entity].get("type") != "Entity":
                continue
            period, recent = role_period(G, data)
            roles.append(Role(item(G, entity), ROLE_WORDS[relation], period, name(G, line),
                              Statement.of(data), relation != "formerFacilitator", recent))
    line_order = {name(G, n): i for i, n in enumerate(lines)}
    role_order = {ROLE_WORDS[r]: order[r] for r in ROLE_WORDS}
    return sorted(roles, key=lambda r: (line_order[r.line], not r.current, role_order[r.role], r.entity.code or "", r.period))


def _linked_commitments(G: nx.MultiDiGraph, lines: list[str], texts: dict[str, GdcText]) -> list[Commitment]:
    found: dict[str, list[Statement]] = {}
    for line in lines:
        ends = [(v, d) for _, v, d in G.out_edges(line, data=True)] + [(u, d) for u, _, d in G.in_edges(line, data=True)]
        for other, data in ends:
            if G.nodes[other].get("type") in GDC_TYPES and data.get("relation") not in NOT_LINKS:
                found.setdefault(other, []).append(Statement.of(data))
    out = []
    for other, statements in found.items():
        statements.sort(key=lambda s: (s.kind != "reviewed", _rank(s.confidence), s.graph or ""))
        out.append(Commitment(item(G, other), statements[0].kind, texts.get(other), tuple(statements)))
    return sorted(out, key=lambda c: (GROUPS.index(c.group), sort_key(G, c.item.iri)))


def _accepted_by(sheet: Roadmap, queue: Iterable[Any]) -> None:
    """Name the reviewer and the time of each reviewed commitment, where the queue holds its decision."""
    decided = {}
    for c in queue:
        state = getattr(c, "state", None)
        if state is not None and getattr(c, "status", "") == "accepted":
            decided[frozenset((str(c.subject), str(c.object)))] = (state.reviewer or None, state.time or None)
    lines = {i.iri for i in sheet.lines}
    for index, c in enumerate(sheet.commitments):
        if c.group != "reviewed":
            continue
        for line in lines:
            who = decided.get(frozenset((c.item.iri, line)))
            if who:
                sheet.commitments[index] = Commitment(c.item, c.group, c.text, c.statements, c.candidate, *who)
                break


def _targets(G: nx.MultiDiGraph, lines: list[str]) -> list[Target]:
    found: dict[str, list[tuple[str, Statement]]] = {}
    for line in lines:
        for _, v, data in G.out_edges(line, data=True):
            if data.get("relation") == "contributesTo" and G.nodes[v].get("type") in ("SDGTarget", "SDGGoal"):
                found.setdefault(v, []).append((name(G, line), Statement.of(data)))
    out = []
    for v, stated in found.items():
        statements = tuple(sorted((s for _, s in stated), key=lambda x: (x.kind != "reviewed", _rank(x.confidence))))
        out.append(Target(item(G, v), statements, tuple(dict.fromkeys(line for line, _ in stated))))
    return sorted(out, key=lambda t: (t.kind != "reviewed", sort_key(G, t.item.iri)))


def _provisions(G: nx.MultiDiGraph, lines: list[str]) -> list[Grounding]:
    touched = groundings(G)
    by_ground: dict[str, list[tuple[str, list]]] = {}
    for line in lines:
        for ground, paths in touched.get(line, {}).items():
            by_ground.setdefault(ground, []).extend(paths)
    out = []
    for ground, paths in by_ground.items():
        routes = tuple(sorted({r for r, _ in paths}))
        via = [name(G, n) for n in sorted({path[0][0] if r == "submission" else path[0][1] for r, path in paths if r != "direct"}, key=lambda n: sort_key(G, n))]
        best = min((weakest(d.get("confidence") for _, _, d in path) for _, path in paths), key=_rank)
        sources = sorted({d.get("source") for _, path in paths for _, _, d in path if d.get("source")})
        out.append(Grounding(item(G, ground), routes, tuple(via), best, tuple(sources), len(paths)))
    return sorted(out, key=lambda g: sort_key(G, g.item.iri))


def _gaps(G: nx.MultiDiGraph, node: str) -> list[Gap]:
    names = [n for n in ANALYSES if n not in NEEDS_RECORDS]
    gaps = []
    for result in run_on_graph(G, names, Scope("action-line", node)):
        for f in result.findings:
            if f.kind in GAP_KINDS:
                gaps.append(Gap(result.analysis, f.kind, f.text, f.confidence,
                                tuple(sorted({e.source for e in f.evidence if e.source})),
                                tuple(sorted({e.graph for e in f.evidence if e.graph}))))
    return sorted(gaps, key=lambda g: GAP_KINDS.index(g.kind))


def _queue(queue: Iterable[Any], lines: set[str]) -> tuple[list[Waiting], int]:
    involved = [c for c in queue if str(c.subject) in lines or str(c.object) in lines]
    waiting = sorted((Waiting.of(c) for c in involved if c.status == "open"), key=lambda w: (-w.score, w.other_code, w.pid))
    return waiting, sum(1 for c in involved if c.status == "unsure")


def _meetings(G: nx.MultiDiGraph, lines: set[str], linked: set[str]) -> list[Meeting]:
    """Commitments that reach the line through an SDG target or goal, or an entity they name, and are not linked to it."""
    out = []
    for commitment in of_type(G, "GDCCommitment"):
        if commitment in linked:
            continue
        best: Meeting | None = None
        for path in paths_from(G, commitment):
            if path.action_line not in lines:
                continue
            first = path.steps[0].end
            kind = G.nodes[first].get("type")
            if path.route in DIRECT and kind == "Entity":
                meeting = Meeting(item(G, commitment), "entity", name(G, first), path.weakest)
            elif path.route in ("shared target", "shared goal"):
                meeting = Meeting(item(G, commitment), "SDG target" if path.route == "shared target" else "SDG goal",
                                  name(G, first), path.weakest)
            else:
                continue
            order = ("entity", "SDG target", "SDG goal")
            if best is None or order.index(meeting.at) < order.index(best.at):
                best = meeting
        if best is not None:
            out.append(best)
    return out


__all__ = ["GAP_KINDS", "GROUPS", "NOT_DATED", "Commitment", "Gap", "Grounding", "Meeting", "Role", "Roadmap", "Statement",
           "Target", "Waiting", "action_line_codes", "link_kind", "resolve_action_line", "roadmap"]
