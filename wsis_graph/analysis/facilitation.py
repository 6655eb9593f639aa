"""Facilitation: who carries the Action Lines, where one entity is all there is, where sources disagree.

Read from the facilitation links of the projection (``leadFacilitator``, ``coFacilitator``,
``partner``, ``formerFacilitator``; one edge per wsis:Facilitation, so per source statement):

- table ``entity-load``: per entity, the Action Lines it facilitates in any current role (lead,
  co-facilitator or partner; a former facilitator has handed the role on) and per role;
- ``single-facilitator``: an Action Line with exactly one current facilitating entity;
- ``critical-entity``: an entity whose removal leaves an Action Line, or a GDC commitment, with no
  facilitator: the cut vertices of the bipartite graph between Action Lines and commitments on one
  side and entities on the other, in the sense that matters here (an Action Line or commitment
  left with no entity), which is what articulation points find for a carrier of degree one;
- ``critical-link``: a facilitation link (or a commitment's route to an entity) that is a bridge of
  that graph and whose removal leaves its Action Line or commitment with no facilitator;
- ``role-disagreement``: an entity given different roles for one Action Line by different
  statements (for C4, ITU as lead facilitator 2014-2025 and as co-facilitator 2010-2012); both are
  kept, each with its period and source (named query ``facilitation-disagreements``).

A GDC commitment is *carried* by an entity when a direct-link path of the GDC analysis
(:func:`wsis_graph.analysis.gdc.paths_from`, routes ``reviewed``, ``curated`` or ``proposed``) leads
to it: the commitment is linked to the entity itself, or to an Action Line that the entity
facilitates (and no reviewer rejected the commitment's pair with that Action Line). The shared
target, shared goal and thematic routes are not counted here: a commitment reached only that way has
no facilitator that a source or a reviewer names for it.

The facilitation sources give periods as they saw them ('2010-2012', '2006-'); every non-former
role is counted, and each finding carries the periods as evidence, so that a reader can judge
whether a role seen only years ago still holds.

:func:`role_period` says it for one role link, as the map shows it: the period as the source table
words it (``wsis:dateAsWorded``: the span of years in which the sources show the role, not its start
and end) and whether the role is **confirmed in a recent source**: ``yes`` when the last year the
sources show it (``wsis:periodEnd``) is at most :data:`RECENT_YEARS` years before the date of the
facilitation table (the ``dct:issued`` of its graph in the description graph, 2026-11-28 for the
curated table), ``no`` when it is older, ``not dated`` when there is no such year (an open span such as
``2006-``, whose sources give no latest year; ``before 2008``; ``undated``) or the table has no date.
The store has no build date (a build is reproducible), so the table's own date is the reference.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from wsis_graph.analysis.common import CURRENT_ROLES, ROLE_RELATIONS, edges, item, name, narrow, of_type, on_links, plural, sort_key, start, table
from wsis_graph.analysis.findings import AnalysisResult, Figure
from wsis_graph.analysis.options import Scope

#: How many years before the date of its facilitation table the last source showing a role may be
#: for the role to count as confirmed recently. Facilitation meetings are held every year at the WSIS
#: Forum and each facilitator reports on its Action Line, so a role that still holds shows in a recent
#: source; three years leave room for a year without a retrievable meeting report, and for a table
#: compiled in 2026 they reach back to 2023, before the WSIS+20 review of 2025.
RECENT_YEARS = 3

#: The values of the map's ``role_recent`` column (see the module docstring).
RECENT_WORDS = ("yes", "no", "not dated")

ROLE_WORDS = {"leadFacilitator": "lead facilitator", "coFacilitator": "co-facilitator", "partner": "partner", "formerFacilitator": "former facilitator"}


def role_period(G: nx.MultiDiGraph, data: dict) -> tuple[str, str]:
    """The period of a role link as worded (``not dated`` when the table gives none) and whether a recent
    source confirms it (:data:`RECENT_WORDS`; see the module docstring)."""
    worded = (data.get("date") or "").strip() or "not dated"
    end = data.get("period_end")
    issued = (G.graph.get("issued") or {}).get(data.get("graph") or "")
    if end is None or not issued or not issued[:4].isdigit():
        return worded, "not dated"
    return worded, "yes" if int(issued[:4]) - int(end) <= RECENT_YEARS else "no"


def carriers(G: nx.MultiDiGraph) -> dict[str, dict[str, list[tuple[str, str, dict]]]]:
    """Per Action Line and per GDC commitment, the entities that carry it and the links that say so.

    ``{thing: {entity: [(subject, object, edge attributes), …]}}``; an Action Line's links are its
    current facilitation links; a commitment's are the steps of its explicit GDC paths.
    """
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for line in of_type(G, "ActionLine"):
        out[line]  # every Action Line has an entry, facilitated or not
    for u, v, data in edges(G, *CURRENT_ROLES):
        if G.nodes[u].get("type") == "ActionLine":
            out[u][v].append((u, v, data))
    from wsis_graph.analysis.gdc import DIRECT, carries, paths_from

    for commitment in of_type(G, "GDCCommitment"):
        out[commitment]
        for path in paths_from(G, commitment):
            if path.route in DIRECT and path.entity is not None and (path.action_line is None or carries(G, commitment, path)):
                out[commitment][path.entity].extend((s.subject, s.object, s.data) for s in path.steps)
    return out


def facilitation(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """Load per entity, single facilitators, critical entities and links, role disagreements."""
    result = start(
        G,
        "facilitation",
        "Facilitation of the Action Lines",
        "Who facilitates each Action Line (lead, co-facilitator, partner), where one entity is all an Action Line "
        "or GDC commitment has, and where the facilitation sources give one entity different roles.",
        queries=["action-line-facilitators", "entities-by-action-lines", "facilitation-disagreements"],
    )
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # entity -> role -> lines
    for u, v, _ in edges(G, *CURRENT_ROLES):
        if G.nodes[u].get("type") == "ActionLine":
            roles[v][_role(_)].add(u)
    rows = []
    for entity in sorted(roles, key=lambda e: (-len(set().union(*roles[e].values())), sort_key(G, e))):
        lines = set().union(*roles[entity].values())
        rows.append(
            [name(G, entity), G.nodes[entity].get("label"), len(lines), len(roles[entity]["leadFacilitator"]), len(roles[entity]["coFacilitator"]), len(roles[entity]["partner"])]
        )
    result.tables.append(table("entity-load", "Action Lines per facilitating entity and role", ["entity", "label", "action_lines", "lead", "co_facilitator", "partner"], rows))

    carried = carriers(G)
    lines = [n for n in carried if G.nodes[n].get("type") == "ActionLine"]
    single = [line for line in lines if len(carried[line]) == 1]
    for line in single:
        (entity, links), = carried[line].items()
        text = f"{name(G, line)} has one facilitating entity: {name(G, entity)} ({_roles_text(links)})."
        result.findings.append(on_links("single-facilitator", text, (item(G, line), item(G, entity)), links, figure=1, unit="entities"))
    unfacilitated = [line for line in lines if not carried[line]]
    commitments = [n for n in carried if G.nodes[n].get("type") == "GDCCommitment"]

    # bipartite graph of things to carry and their carriers; bridges and cut vertices
    B = nx.Graph()
    for thing, by in carried.items():
        B.add_node(thing)
        for entity in by:
            B.add_edge(thing, entity)
    bridges = {frozenset(e) for e in nx.bridges(B)} if B.number_of_edges() else set()
    orphaned: dict[str, list[str]] = defaultdict(list)  # entity -> things left with no carrier
    for thing, by in carried.items():
        if len(by) == 1:
            orphaned[next(iter(by))].append(thing)
    for entity in sorted(orphaned, key=lambda e: (-len(orphaned[e]), sort_key(G, e))):
        things = sorted(orphaned[entity], key=lambda n: sort_key(G, n))
        links = [link for thing in things for link in carried[thing][entity]]
        n_lines = sum(1 for t in things if G.nodes[t].get("type") == "ActionLine")
        n_comm = len(things) - n_lines
        parts = [p for p in (plural(n_lines, "Action Line") if n_lines else "", plural(n_comm, "GDC commitment") if n_comm else "") if p]
        text = f"Without {name(G, entity)}, {' and '.join(parts)} would have no facilitator: {', '.join(name(G, t) for t in things)}."
        about = (item(G, entity),) + tuple(item(G, t) for t in things)
        result.findings.append(on_links("critical-entity", text, about, links, figure=len(things), unit="Action Lines and commitments"))
        for thing in things:
            if frozenset((thing, entity)) in bridges:
                link_evidence = carried[thing][entity]
                text = f"The link {name(G, thing)} → {name(G, entity)} is all that connects {name(G, thing)} to a facilitator."
                about = (item(G, thing), item(G, entity))
                result.findings.append(on_links("critical-link", text, about, link_evidence, figure=len(link_evidence), unit="statements"))

    # role disagreements: one line, one entity, several roles
    statements: dict[tuple[str, str], list[tuple[str, str, dict]]] = defaultdict(list)
    for u, v, data in edges(G, *ROLE_RELATIONS):
        if G.nodes[u].get("type") == "ActionLine":
            statements[(u, v)].append((u, v, data))
    for (line, entity), links in sorted(statements.items(), key=lambda kv: (sort_key(G, kv[0][0]), sort_key(G, kv[0][1]))):
        distinct = sorted({_role(d) for _, _, d in links})
        if len(distinct) < 2:
            continue
        text = f"The sources give {name(G, entity)} {len(distinct)} roles for {name(G, line)}: {_roles_text(links)}."
        result.findings.append(on_links("role-disagreement", text, (item(G, line), item(G, entity)), links, figure=len(distinct), unit="roles"))
    no_carrier = [c for c in commitments if not carried[c]]
    result.figures += [
        Figure("entities", "Facilitating entities", len(roles)),
        Figure("single-facilitator", "Action Lines with a single facilitating entity", len(single)),
        Figure("unfacilitated", "Action Lines with no current facilitator", len(unfacilitated)),
        Figure("critical-entities", "Entities whose removal leaves an Action Line or commitment with no facilitator", len(orphaned)),
        Figure("commitments-without-facilitator", "GDC commitments with no facilitator named through an explicit link", len(no_carrier)),
        Figure("role-disagreements", "Action Line and entity pairs with roles in disagreement", len(result.of_kind("role-disagreement"))),
    ]
    return narrow(G, result, scope, {"entity-load": ["entity"]})


def _role(data: dict) -> str:
    return data.get("relation") or ""


def _roles_text(links) -> str:
    parts = []
    for _, _, d in links:
        if d.get("relation") not in ROLE_WORDS:
            continue
        period = f" {d['date']}" if d.get("date") else ""
        parts.append(f"{ROLE_WORDS[d['relation']]}{period}")
    return "; ".join(dict.fromkeys(parts)) or "linked through a GDC link"
