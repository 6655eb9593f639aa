"""SHACL validation of the dataset against the shapes in ``ontology/shapes/``.

A thin wrapper around pySHACL that loads our shapes and ontology, runs the validation, and turns
the SHACL results graph into a report grouped by the node shape that was violated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from wsis_graph import paths
from wsis_graph.namespaces import ONTOLOGY_IRI, SH, WSIS_NS


@lru_cache(maxsize=1)
def _shapes_cached(folder: str, stamp: tuple) -> Graph:
    g = Graph()
    for file in sorted(Path(folder).glob("*.ttl")):
        g.parse(file, format="turtle")
    return g


def load_shapes(folder: Path | None = None) -> Graph:
    """Every shapes file of ``ontology/shapes`` in one graph."""
    folder = folder or paths.shapes_dir()
    stamp = tuple((f.name, f.stat().st_mtime_ns) for f in sorted(folder.glob("*.ttl")))
    return _shapes_cached(str(folder), stamp)


@lru_cache(maxsize=1)
def load_ontology() -> Graph:
    g = Graph()
    g.parse(paths.ontology_file(), format="turtle")
    return g


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL evaluates a SPARQL-based constraint once per focus node and hands rdflib the same
    query text every time; rdflib would parse it afresh on each call, which cost two thirds of
    the validation time. Prepared queries are reusable with different initial bindings.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[tuple, object] = {}

    def query(self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None,  # noqa: N803
              use_store_provided=True, **kwargs):
        if isinstance(query_object, str):
            base = kwargs.get("base")
            key = (query_object, base, tuple(sorted((initNs or {}).items())))
            if key not in self._prepared:
                self._prepared[key] = prepareQuery(query_object, initNs=dict(initNs or {}), base=base)
            query_object = self._prepared[key]
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


#: Where the vocabulary's own terms live: the ontology (and its header), the shapes, and the Skolem IRIs
#: that the build gives the shapes' blank nodes (see :func:`wsis_graph.build.skolemize`).
_VOCABULARY_PREFIXES = (WSIS_NS, str(ONTOLOGY_IRI) + "/", "https://w3id.org/wsis-graph/shapes#")


def is_vocabulary_term(node: Node) -> bool:
    """Whether ``node`` is a term of the ontology or of the shapes, rather than a thing of the data.

    >>> is_vocabulary_term(URIRef("https://w3id.org/wsis-graph/ontology#Verified"))
    True
    >>> is_vocabulary_term(URIRef("https://w3id.org/wsis-graph/id/action-line/C5"))
    False
    """
    if not isinstance(node, URIRef):
        return False
    text = str(node)
    return text == str(ONTOLOGY_IRI) or text.startswith(_VOCABULARY_PREFIXES) or "/.well-known/genid/shapes-" in text


@dataclass(frozen=True)
class Violation:
    """One SHACL result, located by its node shape, focus node and path."""

    shape: str
    severity: str
    focus: str
    path: str
    value: str
    message: str
    constraint: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def by_shape(self) -> dict[str, list[Violation]]:
        groups: dict[str, list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[v.shape].append(v)
        return dict(sorted(groups.items()))

    def text(self, limit_per_shape: int = 20) -> str:
        """A readable report: one block per shape, one line per result."""
        if self.conforms:
            return "Validation passed: the data conforms to every shape."
        lines = [f"Validation failed: {len(self.violations)} result(s) in {len(self.by_shape())} shape(s)."]
        for shape, items in self.by_shape().items():
            lines.append("")
            lines.append(f"{shape} — {len(items)} result(s)")
            for v in items[:limit_per_shape]:
                where = f" {v.path}" if v.path else ""
                value = f" (value: {v.value})" if v.value else ""
                lines.append(f"  [{v.severity}] {v.focus}{where}: {v.message}{value}")
            if len(items) > limit_per_shape:
                lines.append(f"  … and {len(items) - limit_per_shape} more")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "conforms": self.conforms,
            "results": len(self.violations),
            "shapes": {
                shape: [v.__dict__ for v in items] for shape, items in self.by_shape().items()
            },
        }


def _short(node: Node | None, graph: Graph) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    return str(node)


def _node_shape_of(shape: Node, shapes: Graph) -> Node:
    """The named node shape that owns a (possibly blank) property shape."""
    for parent in shapes.subjects(SH.property, shape):
        return parent
    return shape


def validate_graph(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> ValidationReport:
    """Validate a graph against the shapes, with the ontology for class hierarchy.

    Args:
        data: the graph to check (the union of the named graphs).
        shapes: the shapes; defaults to ``ontology/shapes/*.ttl``.
        ontology: the ontology graph; defaults to ``ontology/wsis.ttl``.

    Returns:
        The report; ``conforms`` is False when any result has severity Violation.
    """
    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    # SHACL reads the class hierarchy from the data graph, so the ontology's subclass axioms
    # join a working copy of the data; nothing else of the ontology is validated as data. A store
    # holds the ontology and the shapes too (graph/ontology, graph/shapes): what they say of their
    # own terms is vocabulary, left out of the working copy wherever the data comes from.
    working = _PreparedQueryGraph()
    for triple in data:
        if not is_vocabulary_term(triple[0]):
            working.add(triple)
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        working.add(triple)
    conforms, results, _ = pyshacl.validate(
        working,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    report = ValidationReport(conforms=bool(conforms))
    names = Graph()
    for prefix, ns in shapes.namespaces():
        names.bind(prefix, ns, override=True)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source_shape = results.value(result, SH.sourceShape)
        node_shape = _node_shape_of(source_shape, shapes) if source_shape is not None else None
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        report.violations.append(
            Violation(
                shape=_short(node_shape, names) or "(unnamed shape)",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_short(results.value(result, SH.focusNode), names),
                path=_short(results.value(result, SH.resultPath), names),
                value=_short(results.value(result, SH.value), names),
                message=messages[0] if messages else "",
                constraint=_short(results.value(result, SH.sourceConstraintComponent), names),
            )
        )
    report.violations.sort(key=lambda v: (v.shape, v.focus, v.path, v.message))
    if any(v.severity == "Violation" for v in report.violations):
        report.conforms = False
    return report
