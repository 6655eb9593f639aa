"""Submissions: the emerging trends and recommendations that stakeholders name, and whether anyone takes them up.

Each recommendation and emerging trend of a submission (``isPartOf`` the submission) is listed with
what it concerns (``concerns``: Action Lines, SDG goals and targets, GDC items, entities,
processes, documents, rights provisions), the seed submission first (the submission graph named
``seed-submission``), then the others, each in code order.

An item is *taken up*:

- **by the GDC** when it concerns a GDC objective, section, paragraph or commitment itself, or
  concerns something a GDC item reaches: a thing the GDC item is linked to directly (the IGF, an
  entity, an SDG goal or target, a document, in either direction), an SDG target whose goal a GDC
  item is linked to, or an Action Line that a commitment reaches by a direct link (reviewed, curated,
  proposed) or a shared SDG target or goal (:data:`wsis_graph.analysis.gdc.CLOSE`, paths of
  :func:`wsis_graph.analysis.gdc.paths_from` whose pair no reviewer rejected; the ``thematic`` route
  is left out because it runs through the submissions themselves);
- **by a facilitator** when it concerns an Action Line that has a current facilitator (lead,
  co-facilitator, partner) or concerns an entity that facilitates an Action Line.

Findings ``trend-not-taken-up`` and ``recommendation-not-taken-up``: the items taken up neither by
the GDC nor by a facilitator (in the data, those that concern only rights provisions, processes or
documents that no GDC item is linked to). Table ``submission-items`` lists every item with who
takes it up (``gdc``, ``facilitator``, both, or ``no``).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from wsis_graph.analysis.common import CURRENT_ROLES, STRUCTURAL, edges, evidence, item, name, narrow, of_type, sort_key, start, table
from wsis_graph.analysis.findings import AnalysisResult, Finding, Figure, weakest
from wsis_graph.analysis.options import Scope

GDC_TYPES = frozenset({"GDCObjective", "GDCSection", "GDCParagraph", "GDCCommitment", "GDCPrinciple"})
ITEM_TYPES = ("EmergingTrend", "Recommendation")
SEED_GRAPH_KEY = "seed-submission"


def gdc_reach(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Per thing of the graph, the GDC items that reach it (see the module docstring)."""
    from wsis_graph.analysis.gdc import CLOSE, carries, paths_from

    reach: dict[str, set[str]] = defaultdict(set)
    for u, v, data in G.edges(data=True):
        relation = data.get("relation")
        if relation in STRUCTURAL or relation == "concerns":
            continue
        tu, tv = G.nodes[u].get("type"), G.nodes[v].get("type")
        if tu in GDC_TYPES and tv not in GDC_TYPES:
            reach[v].add(u)
        elif tv in GDC_TYPES and tu not in GDC_TYPES:
            reach[u].add(v)
    for u, v, _ in edges(G, "goal"):  # a target is reached by what reaches its goal
        if G.nodes[u].get("type") == "SDGTarget" and reach.get(v):
            reach[u] |= {g for g in reach[v] if G.nodes[g].get("type") in GDC_TYPES}
    for commitment in of_type(G, "GDCCommitment"):
        for path in paths_from(G, commitment):
            if path.route in CLOSE and carries(G, commitment, path):
                reach[path.action_line].add(commitment)
    return reach


def submissions(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """Trends and recommendations of submissions, what they concern, and those nobody takes up."""
    result = start(
        G,
        "submissions",
        "Submissions: emerging trends and recommendations",
        "The emerging trends and recommendations named in stakeholder submissions (the seed submission first), the "
        "Action Lines they concern, and those that neither a GDC commitment nor an Action Line facilitator takes up.",
        queries=["submission-recommendations"],
    )
    facilitated: dict[str, set[str]] = defaultdict(set)  # action line -> entities
    facilitating: set[str] = set()
    for u, v, _ in edges(G, *CURRENT_ROLES):
        if G.nodes[u].get("type") == "ActionLine":
            facilitated[u].add(v)
            facilitating.add(v)
    reach = gdc_reach(G)
    submission_of: dict[str, str] = {}
    for u, v, _ in edges(G, "isPartOf"):
        if G.nodes[u].get("type") in ITEM_TYPES:
            submission_of[u] = v

    def order(n: str) -> tuple:
        graph = G.nodes[n].get("graph") or ""
        return (not graph.rstrip("/").endswith(SEED_GRAPH_KEY), submission_of.get(n, ""), sort_key(G, n))

    rows = []
    counts: dict[str, int] = defaultdict(int)
    for x in sorted(of_type(G, *ITEM_TYPES), key=order):
        concerns = [(v, d) for _, v, d in G.out_edges(x, data=True) if d.get("relation") == "concerns"]
        things = sorted({v for v, _ in concerns}, key=lambda n: sort_key(G, n))
        lines = [v for v in things if G.nodes[v].get("type") == "ActionLine"]
        gdc_items = sorted({g for v in things for g in ({v} if G.nodes[v].get("type") in GDC_TYPES else reach.get(v, set()))}, key=lambda n: sort_key(G, n))
        takers = sorted({e for v in lines for e in facilitated.get(v, ())} | {v for v in things if v in facilitating}, key=lambda n: sort_key(G, n))
        taken = "+".join(w for w, ok in (("gdc", gdc_items), ("facilitator", takers)) if ok) or "no"
        counts[f"{G.nodes[x]['type']}:{taken}"] += 1
        rows.append(
            [
                name(G, x),
                G.nodes[x]["type"],
                G.nodes[x].get("label"),
                name(G, submission_of[x]) if x in submission_of else None,
                " ".join(name(G, v) for v in lines),
                " ".join(name(G, v) for v in things if v not in lines),
                " ".join(name(G, g) for g in gdc_items),
                " ".join(name(G, e) for e in takers),
                taken,
            ]
        )
        if taken != "no":
            continue
        kind = "trend-not-taken-up" if G.nodes[x]["type"] == "EmergingTrend" else "recommendation-not-taken-up"
        what = ", ".join(name(G, v) for v in things) or "nothing in the graph"
        result.findings.append(
            Finding(
                kind,
                f"{'Emerging trend' if kind.startswith('trend') else 'Recommendation'} {name(G, x)} "
                f"(\u201c{G.nodes[x].get('label') or ''}\u201d) concerns {what}; no GDC objective, paragraph or commitment reaches what it concerns, and no Action Line facilitator carries it.",
                items=(item(G, x),) + tuple(item(G, v) for v in things),
                figure=0,
                unit="GDC items and facilitators",
                evidence=tuple(evidence(x, v, d) for v, d in concerns),
                confidence=weakest([G.nodes[x].get("confidence")] + [d.get("confidence") for _, d in concerns]),
            )
        )
    result.tables.append(
        table(
            "submission-items",
            "Trends and recommendations of the submissions, what they concern and who takes them up",
            ["item", "type", "label", "submission", "action_lines", "other_concerns", "gdc", "facilitators", "taken_up"],
            rows,
        )
    )
    n_trends = sum(1 for r in rows if r[1] == "EmergingTrend")
    n_recs = len(rows) - n_trends
    result.figures += [
        Figure("trends", "Emerging trends named in submissions", n_trends),
        Figure("recommendations", "Recommendations in submissions", n_recs),
        Figure("trends-not-taken-up", "Emerging trends neither the GDC nor a facilitator takes up", len(result.of_kind("trend-not-taken-up"))),
        Figure("recommendations-not-taken-up", "Recommendations neither the GDC nor a facilitator takes up", len(result.of_kind("recommendation-not-taken-up"))),
        Figure("items-not-taken-up-by-gdc", "Trends and recommendations no GDC item reaches", sum(1 for r in rows if "gdc" not in r[8])),
    ]
    return narrow(G, result, scope, {"submission-items": ["item", "action_lines"]})
