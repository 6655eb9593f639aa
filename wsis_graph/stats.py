"""Counts per class and per named graph."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from wsis_graph.namespaces import bind_prefixes
from wsis_graph.store import Store

_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) ?class
"""
_PER_GRAPH = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""


@dataclass
class Stats:
    total: int
    graphs: list[tuple[str, int]]
    classes: list[tuple[str, int]]

    def to_json(self) -> dict:
        return {
            "triples": self.total,
            "graphs": dict(self.graphs),
            "classes": dict(self.classes),
        }

    def text(self) -> str:
        width = max([len(k) for k, _ in self.graphs + self.classes] + [10])
        lines = [f"{'quads':<{width}}  {self.total:>8}", "", "Named graphs"]
        lines += [f"  {k:<{width}}{v:>8}" for k, v in self.graphs]
        lines += ["", "Classes (distinct instances)"]
        lines += [f"  {k:<{width}}{v:>8}" for k, v in self.classes]
        return "\n".join(lines)


def compute(store: Store, *, base: str | None = None) -> Stats:
    names = bind_prefixes(Graph(), base)
    short = names.namespace_manager.normalizeUri
    per_graph = store.query(_PER_GRAPH)
    per_class = store.query(_PER_CLASS)
    return Stats(
        total=len(store),
        graphs=[(short(g), int(n)) for g, n in per_graph.rows],
        classes=[(short(c), int(n)) for c, n in per_class.rows],
    )


_VERSION = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?version ?built WHERE {
  GRAPH ?g { ?dataset a void:Dataset ; dcat:version ?version . OPTIONAL { ?dataset void:triples ?built } }
} ORDER BY ?version LIMIT 1
"""


def dataset_version(store: Store) -> str | None:
    """The data version the last build wrote into the description graph, or None (no build yet)."""
    rows = store.query(_VERSION).rows
    return str(rows[0][0]) if rows else None
