"""Structure: Action Lines as brokers between the SDG and GDC layers, communities, overlap between Action Lines.

All three read the *layer graph*: the projection reduced to the things of the frameworks (Action
Lines, SDG goals and targets, GDC objectives, sections, paragraphs, commitments and principles,
entities and processes) and the links among them, without direction and without parallel edges
(two things are neighbours when any link joins them; structural links such as target → goal and
paragraph → objective are kept, so that each layer holds together).

- table ``centrality``: per Action Line, its degree in the layer graph (distinct neighbours) and
  its betweenness *between the layers*: the share of shortest paths from a GDC node to an SDG node
  that pass through it (:func:`brokerage`, from :func:`networkx.betweenness_centrality_subset`),
  counted over the pairs that a path joins. A finding
  ``broker`` for every Action Line that lies on some such path, strongest first.
- table ``communities``: the communities of the layer graph by Louvain modularity with a fixed seed
  (:data:`SEED`), so the same graph always gives the same communities.
- table ``overlap``: for each pair of Action Lines that serve a target in common, the Jaccard index
  of the sets of SDG targets they serve (shared / either). A finding ``overlap`` for each pair at or
  above :data:`OVERLAP_THRESHOLD`: two Action Lines that serve much the same targets are candidates
  for a joint roadmap, or for a closer look at the mapping.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from wsis_graph.analysis.common import STRUCTURAL, edges, item, name, narrow, of_type, on_links, sort_key, start, table
from wsis_graph.analysis.findings import AnalysisResult, Figure
from wsis_graph.analysis.options import Scope

SEED = 20251216
OVERLAP_THRESHOLD = 0.5
GDC_TYPES = ("GDCObjective", "GDCSection", "GDCParagraph", "GDCCommitment", "GDCPrinciple")
SDG_TYPES = ("SDGGoal", "SDGTarget")
LAYER_TYPES = frozenset(("ActionLine", "Entity", "Process") + GDC_TYPES + SDG_TYPES)
_KEPT_STRUCTURAL = frozenset({"goal", "objective", "section", "broader", "narrower"})


def layer_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of the frameworks' things (see the module docstring)."""
    H = nx.Graph()
    for n, d in G.nodes(data=True):
        if d.get("type") in LAYER_TYPES:
            H.add_node(n)
    for u, v, data in G.edges(data=True):
        if u == v or u not in H or v not in H:
            continue
        relation = data.get("relation")
        if relation in STRUCTURAL and relation not in _KEPT_STRUCTURAL:
            continue
        H.add_edge(u, v)
    return H


def brokerage(H: nx.Graph, sources: list[str], targets: list[str]) -> dict[str, float]:
    """Per node, the share of shortest paths between a source and a target (over the pairs that are connected) that pass through it.

    networkx's subset betweenness sums, over the pairs, the fraction of the pair's shortest paths
    through a node, and halves the sum on an undirected graph; the share undoes the halving and
    divides by the number of connected pairs, so that a node on every path scores 1.

    >>> brokerage(nx.path_graph(["gdc", "line", "sdg"]), ["gdc"], ["sdg"])["line"]
    1.0
    """
    if not sources or not targets:
        return {}
    raw = nx.betweenness_centrality_subset(H, sources=sources, targets=targets, normalized=False)
    component = {n: i for i, c in enumerate(nx.connected_components(H)) for n in c}
    in_component = defaultdict(int)
    for t in targets:
        in_component[component[t]] += 1
    pairs = sum(in_component[component[s]] for s in sources) - sum(1 for s in set(sources) & set(targets))
    if not pairs:
        return {n: 0.0 for n in raw}
    return {n: 2 * value / pairs for n, value in raw.items()}


def structure(G: nx.MultiDiGraph, scope: Scope | None = None) -> AnalysisResult:
    """Centrality of Action Lines between the layers, communities, Jaccard overlap over targets."""
    result = start(
        G,
        "structure",
        "Structure of the multi-layer graph",
        "Action Lines as brokers between the GDC and SDG layers (betweenness on shortest paths from GDC to SDG nodes), "
        f"the communities of the graph (Louvain, seed {SEED}), and how far Action Lines overlap in the SDG targets they serve (Jaccard).",
    )
    H = layer_graph(G)
    lines = [n for n in of_type(G, "ActionLine") if n in H]
    gdc = [n for n in H if G.nodes[n].get("type") in GDC_TYPES]
    sdg = [n for n in H if G.nodes[n].get("type") in SDG_TYPES]
    between = brokerage(H, gdc, sdg)
    rows = [[name(G, a), H.degree(a), round(between.get(a, 0.0), 6)] for a in lines]
    rows.sort(key=lambda r: (-r[2], -r[1]))
    result.tables.append(table("centrality", "Degree and GDC–SDG betweenness of each Action Line", ["action_line", "degree", "betweenness"], rows))
    for line in sorted(lines, key=lambda a: (-between.get(a, 0.0), sort_key(G, a))):
        score = between.get(line, 0.0)
        if score <= 0:
            continue
        bridge_links = [
            (u, v, d)
            for u, v, d in list(G.out_edges(line, data=True)) + list(G.in_edges(line, data=True))
            if d.get("relation") not in STRUCTURAL and G.nodes[v if u == line else u].get("type") in LAYER_TYPES - {"ActionLine"}
        ]
        text = f"{name(G, line)} lies on {score:.1%} of the shortest paths between the GDC and the SDGs (degree {H.degree(line)})."
        result.findings.append(on_links("broker", text, (item(G, line),), bridge_links, figure=round(score, 6), unit="betweenness (GDC to SDG)"))

    communities = []
    if H.number_of_edges():
        found = nx.community.louvain_communities(H, seed=SEED)
        communities = sorted((sorted(c, key=lambda n: sort_key(G, n)) for c in found), key=lambda c: (-len(c), sort_key(G, c[0])))
    result.tables.append(
        table(
            "communities",
            f"Communities of the layer graph (Louvain modularity, seed {SEED})",
            ["community", "size", "members"],
            ([i + 1, len(c), " ".join(name(G, n) for n in c)] for i, c in enumerate(communities)),
        )
    )

    served: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for u, v, data in edges(G, "contributesTo"):
        if G.nodes[u].get("type") == "ActionLine" and G.nodes[v].get("type") == "SDGTarget":
            served[u][v].append(data)
    pairs = []
    for a, b in combinations(sorted(served, key=lambda n: sort_key(G, n)), 2):
        shared = set(served[a]) & set(served[b])
        if not shared:
            continue
        union = set(served[a]) | set(served[b])
        pairs.append((len(shared) / len(union), a, b, shared))
    pairs.sort(key=lambda p: (-p[0], sort_key(G, p[1]), sort_key(G, p[2])))
    result.tables.append(
        table("overlap", "Jaccard overlap of the SDG targets two Action Lines serve", ["a", "b", "jaccard"], ([name(G, a), name(G, b), round(j, 4)] for j, a, b, _ in pairs))
    )
    for j, a, b, shared in pairs:
        if j < OVERLAP_THRESHOLD:
            continue
        links = [(x, t, d) for t in sorted(shared, key=lambda n: sort_key(G, n)) for x in (a, b) for d in served[x][t]]
        in_common = sorted(shared, key=lambda n: sort_key(G, n))
        text = (
            f"{name(G, a)} and {name(G, b)} serve {len(shared)} SDG targets in common of the {len(set(served[a]) | set(served[b]))} "
            f"either serves (Jaccard {j:.2f}): " + ", ".join(name(G, t) for t in in_common) + "."
        )
        about = (item(G, a), item(G, b)) + tuple(item(G, t) for t in in_common)
        result.findings.append(on_links("overlap", text, about, links, figure=round(j, 4), unit="Jaccard index"))
    result.figures += [
        Figure("brokers", "Action Lines on shortest paths between the GDC and the SDGs", len(result.of_kind("broker"))),
        Figure("communities", "Communities of the layer graph", len(communities)),
        Figure("overlapping-pairs", f"Pairs of Action Lines with Jaccard overlap ≥ {OVERLAP_THRESHOLD}", len(result.of_kind("overlap"))),
    ]
    return narrow(G, result, scope, {"centrality": ["action_line"], "overlap": ["a", "b"]})
