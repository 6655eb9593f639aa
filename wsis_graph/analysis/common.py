"""What the analyses share: reading the projection, turning nodes and edges into findings, scoping.

The projection (:mod:`wsis_graph.analysis.projection`) is a ``networkx.MultiDiGraph`` whose nodes
carry ``type``, ``code`` and ``label`` and whose edges carry ``relation``, ``confidence``,
``method``, ``source``, ``graph`` … (one edge per qualified node). The helpers here read it the same
way in every analysis:

>>> import networkx as nx
>>> G = nx.MultiDiGraph(graphs=["g"], confidence=None, proposals=False, records=False)
>>> G.add_node("al:C5", iri="al:C5", type="ActionLine", code="C5", label="Security", graph="g")
>>> G.add_node("e:ITU", iri="e:ITU", type="Entity", code="ITU", label=None, graph="g")
>>> _ = G.add_edge("al:C5", "e:ITU", key="leadFacilitator", relation="leadFacilitator", confidence="verified")
>>> item(G, "al:C5").name
'C5 Security'
>>> [(u, v) for u, v, _ in edges(G, "leadFacilitator")]
[('al:C5', 'e:ITU')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from wsis_graph.analysis.findings import AnalysisResult, Evidence, Finding, Item, Table, weakest
from wsis_graph.analysis.options import Scope
from wsis_graph.analysis.projection import ResolveError, resolve

#: Relations by which an Action Line is facilitated by an entity, in the projection (the sub-properties
#: of wsis:facilitatedBy; the generic wsis:facilitatedBy itself repeats them and is not counted apart).
ROLE_RELATIONS = ("leadFacilitator", "coFacilitator", "partner", "formerFacilitator")
#: Roles that count as facilitating now (a former facilitator has handed the role on).
CURRENT_ROLES = ("leadFacilitator", "coFacilitator", "partner")
#: Relations that only place a thing in a structure (not evidence that two things line up).
STRUCTURAL = frozenset({"goal", "objective", "section", "broader", "narrower", "instrument", "target", "inScheme"})


def of_type(G: nx.MultiDiGraph, *types: str) -> list[str]:
    """The nodes of some types, in code order (then IRI)."""
    return sorted((n for n, d in G.nodes(data=True) if d.get("type") in types), key=lambda n: sort_key(G, n))


def sort_key(G: nx.MultiDiGraph, node: str) -> tuple:
    """A natural order for codes: C2 before C10, 9.5 before 9.a before 9.c, 10 after 9."""
    code = G.nodes[node].get("code") or ""
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-/ ]", code) if p != "")
    letters = re.match(r"^([A-Za-z]+)(\d+)(.*)$", code)
    if letters:
        parts = ((1, 0, letters.group(1)), (0, int(letters.group(2)), ""), (1, 0, letters.group(3)))
    return (not code, parts, node)


def edges(G: nx.MultiDiGraph, *relations: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every edge of some relations as (subject, object, attributes)."""
    wanted = set(relations)
    for u, v, data in G.edges(data=True):
        if data.get("relation") in wanted:
            yield u, v, data


def item(G: nx.MultiDiGraph, node: str) -> Item:
    """A node as the thing a finding is about."""
    d = G.nodes[node]
    return Item(d.get("iri") or node, d.get("type") or "", d.get("code"), d.get("label"))


def name(G: nx.MultiDiGraph, node: str) -> str:
    """Code (or label, or IRI) of a node, for tables and texts."""
    d = G.nodes[node]
    return d.get("code") or d.get("label") or node


def evidence(u: str, v: str, data: dict[str, Any]) -> Evidence:
    """One edge of the projection as the evidence behind a finding."""
    return Evidence(
        subject=u,
        relation=data.get("relation") or "",
        object=v,
        graph=data.get("graph"),
        source=data.get("source"),
        locator=data.get("locator"),
        method=data.get("method"),
        confidence=data.get("confidence"),
        alignment=data.get("alignment"),
    )


def on_links(
    kind: str,
    text: str,
    items: Iterable[Item],
    links: Iterable[tuple[str, str, dict[str, Any]]],
    *,
    figure: float | int | None,
    unit: str | None,
) -> Finding:
    """A finding that rests on some edges: they are its evidence, and its confidence is their weakest."""
    links = list(links)
    return Finding(
        kind,
        text,
        items=tuple(items),
        figure=figure,
        unit=unit,
        evidence=tuple(evidence(u, v, d) for u, v, d in links),
        confidence=weakest(d.get("confidence") for _, _, d in links),
    )


def unreached(G: nx.MultiDiGraph, kind: str, node: str, text: str, unit: str) -> Finding:
    """A finding that nothing (no ``unit``) reaches ``node``: the node is its one item, its figure 0."""
    return Finding(kind, text, items=(item(G, node),), figure=0, unit=unit)


def start(G: nx.MultiDiGraph, analysis: str, title: str, description: str, queries: Iterable[str] = ()) -> AnalysisResult:
    """An empty result that says which projection it was computed on."""
    meta = G.graph
    return AnalysisResult(
        analysis=analysis,
        title=title,
        description=description,
        graphs=list(meta.get("graphs") or []),
        confidence=list(meta.get("confidence") or []),
        proposals=bool(meta.get("proposals", False)),
        queries=list(queries),
    )


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 target``, ``2 targets``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


# -- Scope ------------------------------------------------------------------------------------------


def scope_nodes(G: nx.MultiDiGraph, scope: Scope | None) -> tuple[set[str], set[str]] | None:
    """The nodes a scope is about: ``(core, reach)`` or ``None`` for no scope.

    ``core`` is the thing the user named and what stands beneath it: the sub-lines of an Action
    Line (C7 and its e-applications), the paragraphs and commitments of a GDC objective. ``reach``
    adds everything one link away from the core (its SDG targets, its facilitators, the trends that
    concern it …), structural links (goal, objective, section) excepted. A finding stays in a
    scoped result when one of its items, or one end of its evidence, is in the core (for some kinds,
    where none touches the core, those that touch ``reach``: see :func:`narrow`). Table rows likewise: a row stays when one of its
    thing-naming cells names a node of the core, or, where no row names the core, of ``reach``.
    """
    if scope is None:
        return None
    node = scope_resolved(G, scope)
    core = {node}
    frontier = [node]
    while frontier:  # what stands beneath: narrower lines, paragraphs of an objective or section
        current = frontier.pop()
        for u, v, data in G.in_edges(current, data=True):
            if data.get("relation") in {"broader", "objective", "section"} and u not in core:
                core.add(u)
                frontier.append(u)
        for u, v, data in G.out_edges(current, data=True):
            if data.get("relation") == "narrower" and v not in core:
                core.add(v)
                frontier.append(v)
    reach = set(core)
    for n in core:
        for u, v, data in G.out_edges(n, data=True):
            if data.get("relation") not in STRUCTURAL:
                reach.add(v)
        for u, v, data in G.in_edges(n, data=True):
            if data.get("relation") not in STRUCTURAL:
                reach.add(u)
    return core, reach


def narrow(
    G: nx.MultiDiGraph,
    result: AnalysisResult,
    scope: Scope | None,
    node_columns: dict[str, Iterable[str]],
    fallback_kinds: Iterable[str] = (),
) -> AnalysisResult:
    """The result with only the findings and table rows that touch the scope (see :func:`scope_nodes`).

    ``node_columns`` names, per table, the columns that hold a thing's code or IRI; a table not
    named there is kept whole (it is context, such as the share of targets served per goal).
    ``fallback_kinds`` are the kinds of finding that, when none touches the core, are kept where
    they touch ``reach`` (an unserved target is never about an Action Line, but about a goal the
    Action Line is linked to).
    """
    nodes = scope_nodes(G, scope)
    if nodes is None:
        return result
    core, reach = nodes
    def names_of(nodes: set[str]) -> set[str]:
        names = set(nodes)
        names.update(G.nodes[n]["code"] for n in nodes if G.nodes[n].get("code"))
        return names

    core_names, reach_names = names_of(core), names_of(reach)

    def touches(finding: Finding, nodes: set[str]) -> bool:
        if any(i.iri in nodes for i in finding.items):
            return True
        return any(e.subject in nodes or e.object in nodes for e in finding.evidence)

    fallback = set(fallback_kinds)
    kept = []
    for kind in dict.fromkeys(f.kind for f in result.findings):
        of_kind = [f for f in result.findings if f.kind == kind]
        near = [f for f in of_kind if touches(f, core)]
        if not near and kind in fallback:
            near = [f for f in of_kind if touches(f, reach)]
        kept.extend(near)
    result.findings = kept
    for table in result.tables:
        columns = [table.columns.index(c) for c in node_columns.get(table.name, ()) if c in table.columns]
        if columns:  # rows naming the core; failing that, rows naming what is one link away
            rows = [row for row in table.rows if any(_names(row[i]) & core_names for i in columns)]
            if not rows:
                rows = [row for row in table.rows if any(_names(row[i]) & reach_names for i in columns)]
            table.rows = rows
    scope_item = item(G, scope_resolved(G, scope))
    result.description = f"{result.description} Scope: {scope_item.name}.".strip()
    return result


def _names(cell: Any) -> set[str]:
    """The codes a table cell names: itself, or the parts of a space-separated list of codes."""
    if cell is None:
        return set()
    text = str(cell)
    return {text, *text.split()}


#: The node types each scope option names.
SCOPE_TYPES = {
    "action-line": frozenset({"ActionLine"}),
    "gdc": frozenset({"GDCObjective", "GDCCommitment", "GDCParagraph", "GDCSection", "GDCPrinciple"}),
    "entity": frozenset({"Entity", "Process"}),
}


def scope_resolved(G: nx.MultiDiGraph, scope: Scope) -> str:
    """The node a scope names (see :func:`~wsis_graph.analysis.projection.resolve`), among the types
    its option names: ``--gdc 1`` and ``--gdc O1`` are objective GDC-O1.

    Raises:
        ResolveError: the value names nothing (the message suggests the nearest codes of the
            option's kind) or several things.
        ValueError: the value names a thing of another kind (``--action-line ITU``).
    """
    wanted = SCOPE_TYPES.get(scope.kind)
    if wanted is None:
        return resolve(G, scope.value)
    try:
        return resolve(G, scope.value, types=wanted)
    except ResolveError as exc:
        try:
            other = resolve(G, scope.value)
        except ResolveError:
            raise exc from None
        what = G.nodes[other].get("type") or "thing"
        article = "an" if what[0].lower() in "aeiou" else "a"
        raise ValueError(f"{scope.value!r} is {article} {what}, not what --{scope.kind} asks for") from None


def table(name: str, title: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> Table:
    return Table(name, title, list(columns), [list(r) for r in rows])


def without_records(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The projection without the practice records: what every analysis but ``practice`` reads.

    Records are evidence of practice, not links of the frameworks: they must not change the
    coverage, the paths, the facilitation or the structure that the curated sources describe (and
    at a million triples they would make those analyses walk tens of thousands of record nodes).
    The nodes typed in a record graph go, with their edges; ``G.graph`` is kept, and so is the order
    of the nodes and edges that remain (a subgraph view would order them by a set's hashes, which
    change from one run of Python to the next, and with them the order of evidence in findings).
    """
    record_graphs = set(G.graph.get("record_graphs", ()))
    curated = nx.MultiDiGraph()
    curated.graph.update(G.graph)
    curated.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("graph") not in record_graphs)
    curated.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in curated and v in curated)
    return curated

