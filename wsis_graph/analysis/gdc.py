"""GDC → WSIS: for every GDC objective and commitment, the Action Lines and entities that can carry it.

A *path* leads from a GDC commitment (or objective) to a WSIS Action Line and one of its current
facilitators (lead, co-facilitator or partner), or to an entity the commitment names. Three routes
count, each read from the projection:

``explicit``
    A link between the commitment and an Action Line or an entity, in either direction, by any
    non-structural relation (in the data: ``wsis:linkedTo``, from the Compact's own references
    and from published mappings; proposals may add more). From an Action Line the path goes on to
    each of its current facilitators; from an entity to each Action Line it facilitates (an entity
    that facilitates none still ends a path, with no Action Line: it is named, but not in WSIS).
``shared-target``
    The commitment is linked to an SDG target that an Action Line contributes to
    (``commitment → target ← Action Line``, ``wsis:contributesTo`` from the WSIS–SDG Matrix); or,
    one level up, the commitment and the Action Line meet at an SDG goal: the commitment is linked
    to the goal (or to a target of it) and the Action Line contributes to the goal or to one of its
    targets. The GDC sources link commitments to goals only, so on the real data every path of
    this route meets at a goal.
``thematic``
    Three weaker kinds of shared theme: (a) a rights provision that both the commitment and the
    Action Line are grounded in (``wsis:groundedIn``); (b) a submission's recommendation or emerging
    trend that concerns both the commitment itself and the Action Line or entity (``wsis:concerns``;
    an item that concerns only the commitment's objective does not count for the commitment); (c) a
    WSIS process or document the commitment is linked to whose related entity
    (``wsis:relatedEntity``) facilitates Action Lines (the IGF, whose secretariat is UN DESA).

**Path strength** (a number in (0, 1], higher is closer): the route weight times the product of
the ``wsis:strength`` of the links on the path (a link whose source gives no strength counts 1).
Route weights: explicit link to an Action Line 1.0; explicit link to an entity, then the Action
Lines it facilitates 0.8; shared SDG target 0.6; shared SDG goal 0.4; thematic 0.3. The
facilitation step (Action Line → facilitator) does not lower the strength; its confidence counts.
**Weakest confidence**: the weakest confidence mark on the links of the path (structural links such
as target → goal carry none). Where one link has several statements (several sources or graphs),
the path uses the best-marked one, and the evidence lists it. Paths are ranked by strength, then by
their weakest confidence (verified first).

Findings:

- ``commitment-home``: a commitment with at least one path to an Action Line, its Action Lines, its
  best path and the weakest confidence of that path;
- ``orphan-commitment``: a commitment with no path to any Action Line (it may still name an
  entity outside WSIS; the text says so);
- ``weak-only-commitment``: a commitment whose every path to an Action Line rests on at least one
  link marked single-source or weaker (inferred, draft-only …): no path is verified end to end.

Tables: ``gdc-paths`` [commitment, objective, action_line, entity, role, route, strength,
weakest_confidence, path] (codes; objective-level paths have an empty commitment), one row per
commitment × Action Line × entity × route, best path kept; ``objective-flow`` [objective,
action_line, entity, commitments] for the objective → Action Line → facilitator chart.
Named queries that show the links behind it: ``gdc-objective-commitments``, ``gdc-wsis-links``,
``gdc-commitments-without-wsis-link``, ``action-line-facilitators``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from wsis_graph.analysis.common import CURRENT_ROLES, STRUCTURAL, evidence, item, name, narrow, of_type, plural, sort_key, start, table
from wsis_graph.analysis.findings import CONFIDENCE_ORDER, AnalysisResult, Figure, Finding, weakest
from wsis_graph.analysis.options import Scope
from wsis_graph.analysis.projection import resolve

ROUTES = ("explicit", "shared-target", "thematic")

#: Route weights of the path-strength rule (see the module docstring).
WEIGHTS = {
    "explicit-action-line": 1.0,
    "explicit-entity": 0.8,
    "shared-target": 0.6,
    "shared-goal": 0.4,
    "thematic": 0.3,
}

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
    strength: float
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
    found: dict[tuple[str, str, bool], list] = defaultdict(list)
    for u, v, data in G.out_edges(node, data=True):
        rel = data.get("relation")
        if G.nodes[v].get("type") in types and (rel in relations if relations else rel not in NOT_LINKS):
            found[(v, rel, True)].append((u, v, data))
    for u, v, data in G.in_edges(node, data=True):
        rel = data.get("relation")
        if G.nodes[u].get("type") in types and (rel in relations if relations else rel not in NOT_LINKS):
            found[(u, rel, False)].append((u, v, data))
    steps = {}
    for (other, rel, forward), parallel in found.items():
        u, v, data = _best(parallel)
        steps[(other, rel, forward)] = Step(u, rel, v, data, forward)
    return steps


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
    raw: list[tuple[str, str | None, str | None, str | None, tuple[Step, ...]]] = []  # weight key, al, entity, role, steps

    def to_action_line(weight: str, al: str, steps: tuple[Step, ...]) -> None:
        carriers = _facilitators(G, al)
        if not carriers:
            raw.append((weight, al, None, None, steps))
        for entity, role, step in carriers:
            raw.append((weight, al, entity, role, steps + (step,)))

    def to_entity(weight: str, entity: str, steps: tuple[Step, ...]) -> None:
        lines = _facilitated(G, entity)
        if not lines:
            raw.append((weight, None, entity, None, steps))
        for al, role, step in lines:
            raw.append((weight, al, entity, role, steps + (step,)))

    # explicit
    for (other, _, _), step in _links(G, subject, {"ActionLine"}).items():
        to_action_line("explicit-action-line", other, (step,))
    for (other, _, _), step in _links(G, subject, {"Entity"}).items():
        to_entity("explicit-entity", other, (step,))

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
                to_action_line("shared-target", al, (step, back))
            goal = _goal_of(G, sdg)
            if goal:
                up = structural(sdg, goal)
                for al, back in contributors_of(goal):
                    to_action_line("shared-goal", al, (step, up, back))
        else:
            for al, back in contributors_of(sdg):
                to_action_line("shared-goal", al, (step, back))
            for (target, rel, fwd), down in _links(G, sdg, {"SDGTarget"}, {"goal"}).items():
                if fwd:
                    continue
                for al, back in contributors_of(target):
                    to_action_line("shared-goal", al, (step, down, back))

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
    for weight, al, entity, role, steps in raw:
        route = "explicit" if weight.startswith("explicit") else "shared-target" if weight.startswith("shared") else "thematic"
        strength = WEIGHTS[weight]
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
    return sorted(best.values(), key=lambda p: (p.rank, sort_key(G, p.action_line) if p.action_line else (True,), sort_key(G, p.entity) if p.entity else (True,), p.route))


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
        "For every GDC objective and commitment, the Action Lines and facilitating entities reachable through explicit "
        "links, shared SDG targets or goals, or thematic links, ranked by path strength and the weakest confidence on the path.",
        queries=["gdc-objective-commitments", "gdc-wsis-links", "gdc-commitments-without-wsis-link", "action-line-facilitators"],
    )
    objectives, commitments = gdc_subjects(G, scope)
    rows = []
    flow: dict[tuple, set[str]] = defaultdict(set)
    homes = orphans = weak_only = 0

    def row(path: GDCPath, commitment: str | None) -> list:
        return [
            name(G, commitment) if commitment else None,
            name(G, path.objective) if path.objective else None,
            name(G, path.action_line) if path.action_line else None,
            name(G, path.entity) if path.entity else None,
            path.role,
            path.route,
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
        reach = [p for p in paths if p.action_line]
        for p in reach:
            flow[(objective, p.action_line, p.entity)].add(commitment)
        subject_items = (item(G, commitment),) + ((item(G, objective),) if objective else ())
        if not reach:
            orphans += 1
            named = sorted({name(G, p.entity) for p in paths if p.entity})
            also = ""
            if named:
                verb = "facilitates" if len(named) == 1 else "facilitate"
                also = f"; it names {', '.join(named)}, which {verb} no Action Line"
            ends = sorted({name(G, v) for v in _linked(G, commitment) if name(G, v) not in named})
            if ends:
                also += f"; its links to {', '.join(ends)} lead to no Action Line"
            result.findings.append(
                Finding(
                    "orphan-commitment",
                    f"{item(G, commitment).name} reaches no WSIS Action Line through an explicit, shared-target or thematic link{also}.",
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
            result.findings.append(
                Finding(
                    "weak-only-commitment",
                    f"{item(G, commitment).name} reaches Action Lines only through links marked {' or '.join(marks)}: "
                    f"no path is verified end to end.",
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
            ["commitment", "objective", "action_line", "entity", "role", "route", "strength", "weakest_confidence", "path"],
            rows,
        )
    )
    flow_rows = [
        [name(G, o) if o else None, name(G, a), name(G, e) if e else None, len(cs)]
        for (o, a, e), cs in sorted(
            flow.items(),
            key=lambda kv: (sort_key(G, kv[0][0]) if kv[0][0] else (True,), sort_key(G, kv[0][1]), sort_key(G, kv[0][2]) if kv[0][2] else (True,)),
        )
    ]
    result.tables.append(table("objective-flow", "GDC objective → Action Line → facilitator (number of commitments)", ["objective", "action_line", "entity", "commitments"], flow_rows))
    result.figures += [
        Figure("commitments", "GDC commitments in the graph", len(commitments)),
        Figure("commitments-with-home", "Commitments that reach an Action Line", homes),
        Figure("orphan-commitments", "Commitments that reach no Action Line", orphans),
        Figure("weak-only-commitments", "Commitments reached only through single-source or weaker links", weak_only),
    ]
    if scope is not None and scope.kind != "gdc":
        result = narrow(G, result, scope, {"gdc-paths": ["action_line", "entity"], "objective-flow": ["action_line", "entity"]})
        reaching = {r[0] for r in result.table("gdc-paths").rows if r[0] and r[2]}
        result.figures.append(Figure("commitments-reaching-scope", f"Commitments whose paths reach {scope.value}", len(reaching)))
    elif scope is not None:
        result.description += f" Scope: {item(G, (objectives or commitments)[0]).name}." if (objectives or commitments) else ""
    return result


__all__ = ["GDCPath", "ROUTES", "Step", "WEIGHTS", "gdc_subjects", "gdc_wsis", "objective_of", "paths_from"]
