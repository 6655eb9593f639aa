"""GDC → WSIS: for every GDC objective and commitment, the Action Lines and entities that can carry it.

A *path* leads from a GDC commitment (or objective) to a WSIS Action Line and one of its current
facilitators (lead, co-facilitator or partner), or to an entity the commitment names. The routes,
each read from the projection, are defined once, in :data:`ROUTES` (their names, order, weights and
descriptions; the map, the reports and the roadmap sheets take them from there):

``reviewed``
    A reviewer accepted the link between the commitment and an Action Line or an entity: the link is
    in the reviewed mappings (``{base}graph/review/mappings``) and carries the confidence mark
    ``reviewed``. From an Action Line the path goes on to each of its current facilitators; from an
    entity to each Action Line it facilitates (an entity that facilitates none still ends a path,
    with no Action Line: it is named, but not in WSIS).
``curated``
    A curated source table links the commitment to an Action Line or an entity, in either direction,
    by any non-structural relation (in the data: ``wsis:linkedTo``, from the Compact's own references
    and from published mappings). It goes on as a reviewed link does.
``proposed``
    The same kind of link from a proposal set (``--include-proposals``): not reviewed, not curated.
``shared target``
    The commitment is linked to an SDG target that an Action Line contributes to
    (``commitment → target ← Action Line``, ``wsis:contributesTo`` from the WSIS–SDG Matrix).
``shared goal``
    One level up: the commitment and the Action Line meet at an SDG goal (the commitment is linked
    to the goal or to a target of it, the Action Line contributes to the goal or to one of its
    targets). The GDC sources link commitments to goals only, so on the real data every path through
    the SDGs is of this route.
``thematic``
    Three weaker kinds of shared theme: (a) a rights provision that both the commitment and the
    Action Line are grounded in (``wsis:groundedIn``); (b) a submission's recommendation or emerging
    trend that concerns both the commitment itself and the Action Line or entity (``wsis:concerns``;
    an item that concerns only the commitment's objective does not count for the commitment); (c) a
    WSIS process or document the commitment is linked to whose related entity
    (``wsis:relatedEntity``) facilitates Action Lines (the IGF, whose secretariat is UN DESA).
``suggested``
    Not a path: an open candidate of the review queue (:func:`suggested_paths`), shown by the map only
    when asked; no finding counts it, and :func:`paths_from` never returns it.

The route names are written the same everywhere, CSV and JSON included (``shared target``, a space).

**Path strength** (a number in (0, 1], higher is closer): the route weight times the product of
the ``wsis:strength`` of the links on the path (a link whose source gives no strength counts 1).
Route weights (:data:`ROUTES`): a reviewed, curated or proposed link to an Action Line 1.0, to an
entity and then the Action Lines it facilitates 0.8; shared SDG target 0.6; shared SDG goal 0.4;
thematic 0.3. The facilitation step (Action Line → facilitator) does not lower the strength; its
confidence counts. **Weakest confidence**: the weakest confidence mark on the links of the path
(structural links such as target → goal carry none). Where one link has several statements (several
sources or graphs), the path uses the best-marked one of its route, and the evidence lists it; a link
that is both in a source table and accepted by a reviewer gives a ``curated`` and a ``reviewed`` path.
Paths are ranked by strength, then by their weakest confidence (verified first).

**The review** (:mod:`.reviewed`): a path to an Action Line whose pair with the commitment a reviewer
**rejected** ("reviewed: no link") is still listed, but it is no home: no finding counts it.

Findings:

- ``commitment-home``: a commitment with at least one path to an Action Line (whose pair was not
  rejected), its Action Lines, its best path and the weakest confidence of that path;
- ``orphan-commitment``: a commitment with no such path (it may still name an entity outside WSIS;
  the text says so). Each says whether it was reviewed: **reviewed: no Action Line carries it** when
  the review holds pairs between the commitment and Action Lines or entities and every one of them
  was rejected (none open, accepted or unsure); **not yet reviewed** otherwise;
- ``weak-only-commitment``: a commitment whose every path to an Action Line rests on at least one
  link marked single-source or weaker (reviewed, inferred, draft-only …): no path is verified end to
  end. **Reviewed** when a decision stands on its pair with every Action Line it reaches, **not yet
  reviewed** otherwise.

The figures count orphans and weak-only commitments both ways (:data:`REVIEW_SPLIT`).

Tables: ``gdc-paths`` [commitment, objective, action_line, entity, role, route, reviewed (of the
pair, :func:`reviewed_word`), strength, weakest_confidence, path] (codes), one row per commitment
(empty for an objective's paths) × Action Line × entity × route, best path kept; ``objective-flow`` [objective, action_line, entity,
commitments] for the objective → Action Line → facilitator chart (:func:`.gdc_flow.commitment_flow`: each commitment
weighs one, split over the Action Lines that carry it; a commitment with none is a row with no Action Line,
the chart's "no home").
Named queries behind it: ``gdc-objective-commitments``, ``gdc-wsis-links``,
``gdc-commitments-without-wsis-link``, ``action-line-facilitators``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from wsis_graph.analysis.common import CURRENT_ROLES, STRUCTURAL, evidence, item, name, narrow, of_type, plural, sort_key, start, table
from wsis_graph.analysis.findings import CONFIDENCE_ORDER, AnalysisResult, Figure, Finding, weakest
from wsis_graph.analysis.options import Scope
from wsis_graph.analysis.gdc_flow import commitment_flow
from wsis_graph.analysis.projection import resolve
from wsis_graph.analysis.reviewed import REVIEW_SPLIT, REVIEWED_WORDS, ReviewPair, carries, review_of, reviewed_no_home, reviewed_word


@dataclass(frozen=True)
class Route:
    """One kind of route from a GDC commitment to a WSIS Action Line (see the module docstring)."""

    name: str  # the word written in every output (CSV, JSON, text, page)
    description: str  # one sentence for readers (the About sheet, the page's legend, the README)
    weight: float | None = None  # the strength rule's weight for a path to an Action Line; None: not a path
    entity_weight: float | None = None  # for a path through an entity the commitment is linked to

    @property
    def counts(self) -> bool:
        """Whether a finding may count it (a suggestion never is)."""
        return self.weight is not None


#: The route kinds, from the closest to the loosest, in the order outputs show them. The one place
#: that names them: import it (and :data:`ROUTE`) rather than spelling the names again.
ROUTES: tuple[Route, ...] = (
    Route("reviewed", "a reviewer accepted the link between the commitment and the Action Line or an entity that "
                      "facilitates it (the reviewed mappings, confidence mark reviewed)", 1.0, 0.8),
    Route("curated", "a curated source table links the commitment to the Action Line or to an entity that "
                     "facilitates it (the Compact's own references, published mappings)", 1.0, 0.8),
    Route("proposed", "a proposal set links the commitment to the Action Line or to an entity that facilitates it "
                      "(only when the proposals are included; not reviewed, not in a source table)", 1.0, 0.8),
    Route("shared target", "the commitment and the Action Line meet at an SDG target", 0.6),
    Route("shared goal", "the commitment and the Action Line meet at an SDG goal (one level above the targets)", 0.4),
    Route("thematic", "a shared rights provision, a submission item that concerns both, or a process whose related "
                      "entity facilitates the Action Line", 0.3, 0.3),
    Route("suggested", "a candidate of the review queue that nobody has decided yet; shown only when asked, never "
                       "counted as a home, an orphan's link or a weak link"),
)

#: The route kinds by name.
ROUTE: dict[str, Route] = {r.name: r for r in ROUTES}

#: The routes of a direct link between the commitment and an Action Line or entity.
DIRECT = ("reviewed", "curated", "proposed")
#: The routes that other analyses count as reaching an Action Line: a direct link or a shared SDG
#: target or goal (the thematic route runs through the submissions and rights, and is looser).
CLOSE = DIRECT + ("shared target", "shared goal")

#: Relations that never make a path (the structure of a framework, and the generic facilitatedBy,
#: which repeats the role links).
NOT_LINKS = STRUCTURAL | {"member", "measures", "isPartOf", "facilitatedBy", "leadFacilitator", "coFacilitator", "partner", "formerFacilitator", "overallLeadFacilitator", "indicator", "exactMatch"}

#: Confidence marks that are as good as a link gets; anything else on a path makes it weak.
STRONG = ("verified",)


@dataclass(frozen=True)
class Step:
    """One link on a path: ``subject relation object`` as stored, walked forward or backward."""

    subject: str
    relation: str
    object: str
    data: dict[str, Any]
    forward: bool = True  # walked from subject to object

    @property
    def start(self) -> str:
        return self.subject if self.forward else self.object

    @property
    def end(self) -> str:
        return self.object if self.forward else self.subject


@dataclass(frozen=True)
class GDCPath:
    """A path from a commitment (or objective) to an Action Line and/or an entity."""

    subject: str  # the commitment or objective the path starts from
    objective: str | None
    action_line: str | None
    entity: str | None
    role: str | None
    route: str
    strength: float | None  # None for a suggestion, which is no path
    weakest: str | None
    steps: tuple[Step, ...]

    @property
    def rank(self) -> tuple:
        return (-self.strength, _confidence_rank(self.weakest))

    def text(self, G: nx.MultiDiGraph) -> str:
        """``GDC-29(b) —linkedTo→ 9 ←contributesTo— C2 —leadFacilitator→ ITU``."""
        parts = [name(G, self.steps[0].start)] if self.steps else [name(G, self.subject)]
        for step in self.steps:
            mark = f" [{step.data.get('confidence')}]" if step.data.get("confidence") else ""
            arrow = f" —{step.relation}{mark}→ " if step.forward else f" ←{step.relation}{mark}— "
            parts.append(arrow + name(G, step.end))
        return "".join(parts)

    def evidence(self) -> tuple:
        return tuple(evidence(s.subject, s.object, s.data) for s in self.steps)


def _confidence_rank(mark: str | None) -> int:
    if mark in CONFIDENCE_ORDER:
        return CONFIDENCE_ORDER.index(mark)
    return len(CONFIDENCE_ORDER)


def _best(edges: Iterable[tuple[str, str, dict]]) -> tuple[str, str, dict] | None:
    """Of parallel statements of one link, the best marked (then the strongest, then by graph)."""
    ranked = sorted(
        edges,
        key=lambda e: (_confidence_rank(e[2].get("confidence")), -(e[2].get("strength") or 1.0), e[2].get("graph") or "", e[2].get("alignment") or ""),
    )
    return ranked[0] if ranked else None


def _links(G: nx.MultiDiGraph, node: str, types: set[str], relations: set[str] | None = None) -> dict[tuple[str, str, bool], Step]:
    """The best step from ``node`` to each neighbour of some types, per relation and direction."""
    return {key[:3]: step for key, step in _sorted_links(G, node, types, relations, lambda data: None).items()}


def _sorted_links(G: nx.MultiDiGraph, node: str, types: set[str], relations: set[str] | None, kind) -> dict[tuple, Step]:
    """The best step per neighbour, relation, direction and ``kind(edge data)`` (parallel statements of
    one link that differ in kind give one step each)."""
    found: dict[tuple, list] = defaultdict(list)
    for u, v, data in G.out_edges(node, data=True):
        rel = data.get("relation")
        if G.nodes[v].get("type") in types and (rel in relations if relations else rel not in NOT_LINKS):
            found[(v, rel, True, kind(data))].append((u, v, data))
    for u, v, data in G.in_edges(node, data=True):
        rel = data.get("relation")
        if G.nodes[u].get("type") in types and (rel in relations if relations else rel not in NOT_LINKS):
            found[(u, rel, False, kind(data))].append((u, v, data))
    steps = {}
    for (other, rel, forward, sort), parallel in found.items():
        u, v, data = _best(parallel)
        steps[(other, rel, forward, sort)] = Step(u, rel, v, data, forward)
    return steps


def direct_route(data: dict, proposal_graphs: Collection[str] = ()) -> str:
    """How a direct link's statement is classed: ``reviewed`` (its mark is the reviewed one), ``proposed``
    (it is in one of ``proposal_graphs``) or ``curated`` (a source table). The map, the gap analysis and
    the roadmap sheets (:mod:`.roadmap`) all class links by this rule.

    >>> direct_route({"confidence": "reviewed"}), direct_route({"confidence": "verified", "graph": "g"}, {"g"})
    ('reviewed', 'proposed')
    """
    if data.get("confidence") == "reviewed":
        return "reviewed"
    if data.get("graph") in proposal_graphs:
        return "proposed"
    return "curated"


def _explicit_route(G: nx.MultiDiGraph):
    """:func:`direct_route` with the projection's proposal graphs."""
    proposal_graphs = set(G.graph.get("proposal_graphs") or ())
    return lambda data: direct_route(data, proposal_graphs)


def _linked(G: nx.MultiDiGraph, node: str) -> set[str]:
    """Everything a node is linked to by a non-structural relation, either way."""
    return {other for (other, _, _) in _links(G, node, set(n for _, n in G.nodes(data="type")))}


def _facilitators(G: nx.MultiDiGraph, action_line: str) -> list[tuple[str, str, Step]]:
    """Current facilitators of an Action Line: (entity, role, step)."""
    out = []
    for (entity, rel, forward), step in _links(G, action_line, {"Entity"}, set(CURRENT_ROLES)).items():
        if forward:
            out.append((entity, rel, step))
    return sorted(out, key=lambda t: (CURRENT_ROLES.index(t[1]), sort_key(G, t[0])))


def _facilitated(G: nx.MultiDiGraph, entity: str) -> list[tuple[str, str, Step]]:
    """Action Lines an entity currently facilitates: (action line, role, step walked back)."""
    out = []
    for (action_line, rel, forward), step in _links(G, entity, {"ActionLine"}, set(CURRENT_ROLES)).items():
        if not forward:
            out.append((action_line, rel, step))
    return sorted(out, key=lambda t: (sort_key(G, t[0]), CURRENT_ROLES.index(t[1])))


def objective_of(G: nx.MultiDiGraph, node: str) -> str | None:
    if G.nodes[node].get("type") == "GDCObjective":
        return node
    for _, v, data in G.out_edges(node, data=True):
        if data.get("relation") in ("objective", "broader") and G.nodes[v].get("type") == "GDCObjective":
            return v
    return None


def _goal_of(G: nx.MultiDiGraph, target: str) -> str | None:
    for _, v, data in G.out_edges(target, data=True):
        if data.get("relation") in ("goal", "broader") and G.nodes[v].get("type") == "SDGGoal":
            return v
    return None


def paths_from(G: nx.MultiDiGraph, subject: str) -> list[GDCPath]:
    """Every path from a commitment or objective, best per (Action Line, entity, route), ranked."""
    objective = objective_of(G, subject)
    # route, weight, al, entity, role, steps
    raw: list[tuple[str, float, str | None, str | None, str | None, tuple[Step, ...]]] = []

    def to_action_line(route: str, al: str, steps: tuple[Step, ...]) -> None:
        weight = ROUTE[route].weight
        carriers = _facilitators(G, al)
        if not carriers:
            raw.append((route, weight, al, None, None, steps))
        for entity, role, step in carriers:
            raw.append((route, weight, al, entity, role, steps + (step,)))

    def to_entity(route: str, entity: str, steps: tuple[Step, ...]) -> None:
        weight = ROUTE[route].entity_weight
        lines = _facilitated(G, entity)
        if not lines:
            raw.append((route, weight, None, entity, None, steps))
        for al, role, step in lines:
            raw.append((route, weight, al, entity, role, steps + (step,)))

    # direct links: reviewed, curated or proposed, by the statement
    kind = _explicit_route(G)
    for (other, _, _, route), step in _sorted_links(G, subject, {"ActionLine"}, None, kind).items():
        to_action_line(route, other, (step,))
    for (other, _, _, route), step in _sorted_links(G, subject, {"Entity"}, None, kind).items():
        to_entity(route, other, (step,))

    # shared SDG target or goal
    contributors: dict[str, list[tuple[str, Step]]] = defaultdict(list)  # SDG node -> (action line, step back)

    def contributors_of(sdg: str) -> list[tuple[str, Step]]:
        if sdg not in contributors:
            for (al, rel, forward), step in _links(G, sdg, {"ActionLine"}, {"contributesTo"}).items():
                if not forward:
                    contributors[sdg].append((al, step))
        return contributors[sdg]

    def structural(child: str, parent: str) -> Step | None:
        for _, v, data in G.out_edges(child, data=True):
            if v == parent and data.get("relation") in ("goal", "broader"):
                return Step(child, data["relation"], parent, data, True)
        return None

    for (sdg, _, forward), step in _links(G, subject, {"SDGTarget", "SDGGoal"}).items():
        if not forward:
            continue
        kind = G.nodes[sdg]["type"]
        if kind == "SDGTarget":
            for al, back in contributors_of(sdg):
                to_action_line("shared target", al, (step, back))
            goal = _goal_of(G, sdg)
            if goal:
                up = structural(sdg, goal)
                for al, back in contributors_of(goal):
                    to_action_line("shared goal", al, (step, up, back))
        else:
            for al, back in contributors_of(sdg):
                to_action_line("shared goal", al, (step, back))
            for (target, rel, fwd), down in _links(G, sdg, {"SDGTarget"}, {"goal"}).items():
                if fwd:
                    continue
                for al, back in contributors_of(target):
                    to_action_line("shared goal", al, (step, down, back))

    # thematic (a): a shared rights provision
    for (provision, _, forward), step in _links(G, subject, {"Provision"}, {"groundedIn"}).items():
        if forward:
            for (al, _, fwd), back in _links(G, provision, {"ActionLine"}, {"groundedIn"}).items():
                if not fwd:
                    to_action_line("thematic", al, (step, back))
    # thematic (b): a submission item that concerns both
    for (source_item, _, forward), step in _links(G, subject, {"Recommendation", "EmergingTrend"}, {"concerns"}).items():
        if forward:
            continue
        for (other, _, fwd), out in _links(G, source_item, {"ActionLine", "Entity"}, {"concerns"}).items():
            if not fwd:
                continue
            if G.nodes[other]["type"] == "ActionLine":
                to_action_line("thematic", other, (step, out))
            else:
                to_entity("thematic", other, (step, out))
    # thematic (c): a process or document whose related entity facilitates Action Lines
    for (hub, _, forward), step in _links(G, subject, {"Process", "Document"}).items():
        if not forward:
            continue
        for (entity, _, fwd), out in _links(G, hub, {"Entity"}, {"relatedEntity"}).items():
            if fwd and _facilitated(G, entity):
                to_entity("thematic", entity, (step, out))

    best: dict[tuple, GDCPath] = {}
    order = {r.name: i for i, r in enumerate(ROUTES)}
    for route, weight, al, entity, role, steps in raw:
        strength = weight
        for s in steps:
            value = s.data.get("strength")
            if value is not None and s.relation not in CURRENT_ROLES:
                strength *= float(value)
        path = GDCPath(
            subject=subject,
            objective=objective,
            action_line=al,
            entity=entity,
            role=role,
            route=route,
            strength=round(strength, 4),
            weakest=weakest(s.data.get("confidence") for s in steps),
            steps=steps,
        )
        key = (al, entity, route)
        if key not in best or (path.rank, path.text(G)) < (best[key].rank, best[key].text(G)):
            best[key] = path
    return sorted(best.values(), key=lambda p: (p.rank, sort_key(G, p.action_line) if p.action_line else (True,), sort_key(G, p.entity) if p.entity else (True,), order[p.route]))


def suggested_paths(G: nx.MultiDiGraph, commitment: str) -> list[tuple[ReviewPair, GDCPath]]:
    """The open candidates of the review queue between a commitment and an Action Line or entity, each
    with the path it would make (route ``suggested``, no strength, no weakest confidence, its steps
    only the facilitation step): one per current facilitator of the Action Line, or per Action Line the entity facilitates.
    Never a home, an orphan's link or a weak link: :func:`gdc_wsis` does not read them."""
    objective = objective_of(G, commitment)
    out: list[tuple[ReviewPair, GDCPath]] = []
    for pair in review_of(G).pairs_of(commitment):
        other = pair.object if pair.subject == commitment else pair.subject
        if pair.status != "open" or other not in G:
            continue
        kind = G.nodes[other].get("type")
        if kind == "ActionLine":
            ends = [(other, entity, role, (step,)) for entity, role, step in _facilitators(G, other)] or [(other, None, None, ())]
        elif kind == "Entity":
            ends = [(al, other, role, (step,)) for al, role, step in _facilitated(G, other)] or [(None, other, None, ())]
        else:
            continue
        for al, entity, role, steps in ends:
            out.append((pair, GDCPath(commitment, objective, al, entity, role, "suggested", None, None, steps)))  # no link: no mark
    return sorted(out, key=lambda ps: (-(ps[0].score or 0.0), sort_key(G, ps[1].action_line) if ps[1].action_line else (True,),
                                       sort_key(G, ps[1].entity) if ps[1].entity else (True,)))


def gdc_subjects(G: nx.MultiDiGraph, scope: Scope | None = None) -> tuple[list[str], list[str]]:
    """The objectives and commitments to look at: all, or those of a scoped objective or commitment."""
    objectives = of_type(G, "GDCObjective")
    commitments = of_type(G, "GDCCommitment")
    if scope is None or scope.kind != "gdc":
        return objectives, commitments
    node = resolve(G, scope.value, types={"GDCObjective", "GDCCommitment"})
    if G.nodes[node]["type"] == "GDCObjective":
        return [node], [c for c in commitments if objective_of(G, c) == node]
    return [], [node]


def gdc_wsis(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """GDC → WSIS paths, orphans and weak-only commitments (see the module docstring for the rules)."""
    result = start(
        G,
        "gdc-wsis",
        "GDC commitments and the WSIS Action Lines and facilitators that can carry them",
        "For every GDC objective and commitment, the Action Lines and facilitating entities reachable through reviewed, "
        "curated or proposed links, shared SDG targets or goals, or thematic links, ranked by path strength and the weakest "
        "confidence on the path. A path to an Action Line whose pair a reviewer rejected is listed but counts as no home.",
        queries=["gdc-objective-commitments", "gdc-wsis-links", "gdc-commitments-without-wsis-link", "action-line-facilitators"],
    )
    objectives, commitments = gdc_subjects(G, scope)
    rows = []
    homes_of: dict[str, tuple[str | None, dict[str, set[str | None]]]] = {}
    homes = orphans = weak_only = 0
    split = {"orphan": {k: 0 for k, _ in REVIEW_SPLIT}, "weak-only": {k: 0 for k, _ in REVIEW_SPLIT}}
    words = dict(REVIEW_SPLIT)

    def row(path: GDCPath, commitment: str | None) -> list:
        return [
            name(G, commitment) if commitment else None,
            name(G, path.objective) if path.objective else None,
            name(G, path.action_line) if path.action_line else None,
            name(G, path.entity) if path.entity else None,
            path.role,
            path.route,
            reviewed_word(G, commitment, path.action_line) if commitment else None,
            path.strength,
            path.weakest,
            path.text(G),
        ]

    for objective in objectives:
        for path in paths_from(G, objective):
            rows.append(row(path, None))
    for commitment in commitments:
        paths = paths_from(G, commitment)
        rows.extend(row(p, commitment) for p in paths)
        objective = objective_of(G, commitment)
        reach = [p for p in paths if carries(G, commitment, p)]
        lines_entities: dict[str, set[str | None]] = defaultdict(set)
        for p in reach:
            lines_entities[p.action_line].add(p.entity)
        homes_of[commitment] = (objective, dict(lines_entities))
        subject_items = (item(G, commitment),) + ((item(G, objective),) if objective else ())
        if not reach:
            orphans += 1
            way = "reviewed" if reviewed_no_home(G, commitment) else "not-reviewed"
            split["orphan"][way] += 1
            named = sorted({name(G, p.entity) for p in paths if p.entity and not p.action_line})
            also = ""
            if named:
                verb = "facilitates" if len(named) == 1 else "facilitate"
                also = f"; it names {', '.join(named)}, which {verb} no Action Line"
            ends = sorted({name(G, v) for v in _linked(G, commitment) if name(G, v) not in named})
            if ends:
                also += f"; its links to {', '.join(ends)} lead to no Action Line"
            rejected = sorted({name(G, p.action_line) for p in paths if p.action_line})
            if rejected:
                also += f"; a reviewer rejected its {plural(len(rejected), 'pair')} with {', '.join(rejected)}"
            said = "Reviewed: no Action Line carries it." if way == "reviewed" else "Not yet reviewed."
            result.findings.append(
                Finding(
                    "orphan-commitment",
                    f"{item(G, commitment).name} reaches no WSIS Action Line through a reviewed, curated or proposed "
                    f"link, a shared SDG target or goal, or a thematic link{also}. {said}",
                    items=subject_items,
                    figure=0,
                    unit="Action Lines",
                    evidence=tuple(e for p in paths for e in p.evidence()),
                    confidence=G.nodes[commitment].get("confidence"),
                )
            )
            continue
        homes += 1
        lines = sorted({p.action_line for p in reach}, key=lambda n: sort_key(G, n))
        top = reach[0]
        result.findings.append(
            Finding(
                "commitment-home",
                f"{item(G, commitment).name} reaches {plural(len(lines), 'Action Line')} ({', '.join(name(G, a) for a in lines)}); "
                f"best path ({top.route}, strength {top.strength:g}, weakest confidence {top.weakest or 'none stated'}): {top.text(G)}.",
                items=subject_items + tuple(item(G, a) for a in lines),
                figure=len(lines),
                unit="Action Lines",
                evidence=top.evidence(),
                confidence=top.weakest,
            )
        )
        if not any(p.weakest in STRONG for p in reach):
            weak_only += 1
            marks = sorted({p.weakest or "unmarked" for p in reach}, key=_confidence_rank)
            best_mark = min((p.weakest for p in reach), key=_confidence_rank)
            decided = [a for a in lines if reviewed_word(G, commitment, a) != "no"]
            way = "reviewed" if len(decided) == len(lines) else "not-reviewed"
            split["weak-only"][way] += 1
            said = (f"Reviewed ({'its pair' if len(lines) == 1 else f'each of its {len(lines)} pairs'} with an Action Line decided)."
                    if way == "reviewed" else
                    f"Not yet reviewed ({len(decided)} of its {plural(len(lines), 'pair')} with an Action Line decided).")
            result.findings.append(
                Finding(
                    "weak-only-commitment",
                    f"{item(G, commitment).name} reaches Action Lines only through links marked {' or '.join(marks)}: "
                    f"no path is verified end to end. {said}",
                    items=subject_items,
                    figure=len(reach),
                    unit="paths",
                    evidence=tuple(e for p in reach[:3] for e in p.evidence()),
                    confidence=best_mark,
                )
            )

    result.tables.append(
        table(
            "gdc-paths",
            "Paths from GDC commitments and objectives to Action Lines and facilitators",
            ["commitment", "objective", "action_line", "entity", "role", "route", "reviewed", "strength", "weakest_confidence", "path"],
            rows,
        )
    )
    flow_rows = [
        [name(G, o) if o else None, name(G, a) if a else None, name(G, e) if e else None, share]
        for o, a, e, share in commitment_flow(homes_of, objectives, key=lambda n: sort_key(G, n))
    ]
    result.tables.append(table("objective-flow", "GDC objective → Action Line → facilitator (commitments, split over their Action Lines)", ["objective", "action_line", "entity", "commitments"], flow_rows))
    result.figures += [
        Figure("commitments", "GDC commitments in the graph", len(commitments)),
        Figure("commitments-with-home", "Commitments that reach an Action Line", homes),
        Figure("orphan-commitments", "Commitments that reach no Action Line", orphans),
        Figure("orphan-commitments-reviewed", "of which reviewed: no Action Line carries them", split["orphan"]["reviewed"]),
        Figure("orphan-commitments-not-reviewed", "of which not yet reviewed", split["orphan"]["not-reviewed"]),
        Figure("weak-only-commitments", "Commitments reached only through single-source or weaker links", weak_only),
        Figure("weak-only-commitments-reviewed", "of which reviewed (each pair with an Action Line decided)", split["weak-only"]["reviewed"]),
        Figure("weak-only-commitments-not-reviewed", "of which not yet reviewed", split["weak-only"]["not-reviewed"]),
    ]
    if scope is not None and scope.kind != "gdc":
        result = narrow(G, result, scope, {"gdc-paths": ["action_line", "entity"], "objective-flow": ["action_line", "entity"]})
        reaching = {r[0] for r in result.table("gdc-paths").rows if r[0] and r[2]}
        result.figures.append(Figure("commitments-reaching-scope", f"Commitments whose paths reach {scope.value}", len(reaching)))
    elif scope is not None:
        result.description += f" Scope: {item(G, (objectives or commitments)[0]).name}." if (objectives or commitments) else ""
    return result


__all__ = [
    "CLOSE", "DIRECT", "GDCPath", "REVIEWED_WORDS", "REVIEW_SPLIT", "ROUTE", "ROUTES", "Route", "Step", "carries",
    "direct_route", "gdc_subjects", "gdc_wsis", "objective_of", "paths_from", "reviewed_no_home", "reviewed_word", "suggested_paths",
]
