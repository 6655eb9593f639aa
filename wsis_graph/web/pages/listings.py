"""What the browse lists read from the store: members of a class, their properties and names,
the facilitation statements, and the named graphs.

Every query takes the class or property as a binding, never pasted into the query text, and
projects every variable it binds (the Oxigraph backend can only substitute projected variables).
The results are plain data: :mod:`wsis_graph.web.pages.browse` turns them into pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import Store
from wsis_graph.web.pages.labels import Labels

Q_NAMES_OF_CLASS = (
    sparql_prologue()
    + """SELECT ?class ?n ?np ?nv WHERE {
  ?n a ?class ; ?np ?nv .
  FILTER(?np IN (skos:prefLabel, rdfs:label, skos:notation))
}"""
)


def names_of_class(store: Store, cls: URIRef, names: Labels | None = None) -> Labels:
    """The names and codes of every member of ``cls``, added to ``names`` (or to new :class:`Labels`)."""
    names = Labels() if names is None else names
    for _, n, np_, nv in store.query(Q_NAMES_OF_CLASS, {"class": cls}).rows:
        names.add(n, np_, nv)
    return names


def members(store: Store, cls: URIRef) -> list[URIRef]:
    """The members of ``cls`` that have an IRI."""
    rows = store.query("SELECT DISTINCT ?class ?n WHERE { ?n a ?class }", {"class": cls}).rows
    return [n for _, n in rows if isinstance(n, URIRef)]


def pairs(store: Store, cls: URIRef, prop: URIRef) -> list[tuple[URIRef, Node]]:
    """(member of ``cls``, value of ``prop``) for every member that has the property."""
    rows = store.query(
        "SELECT DISTINCT ?class ?prop ?n ?v WHERE { ?n a ?class ; ?prop ?v }", {"class": cls, "prop": prop}
    ).rows
    return [(n, v) for _, _, n, v in rows]


Q_FACILITATIONS = (
    sparql_prologue()
    + """SELECT DISTINCT ?f ?line ?entity ?role ?period ?confidence ?g WHERE {
  GRAPH ?g {
    ?f a wsis:Facilitation ; wsis:facilitator ?entity .
    OPTIONAL { ?f wsis:actionLine ?al }
    OPTIONAL { ?f wsis:scopeDocument ?doc }
    OPTIONAL { ?f org:role ?role }
    OPTIONAL { ?f wsis:dateAsWorded ?period }
    OPTIONAL { ?f wsis:confidence ?confidence }
  }
  BIND(COALESCE(?al, ?doc) AS ?line)
}"""
)


@dataclass
class FacilitationRow:
    """One facilitation statement: who facilitates which Action Line (or document), in what role."""

    node: URIRef
    line: URIRef | None
    entity: URIRef
    role: URIRef | None
    period: str | None
    confidence: URIRef | None
    graph: URIRef


def facilitations(store: Store) -> list[FacilitationRow]:
    """Every facilitation statement, with the named graph it is in."""
    rows = store.query(Q_FACILITATIONS).rows
    return [
        FacilitationRow(f, line, entity, role, str(period) if period is not None else None, conf, g)
        for f, line, entity, role, period, conf, g in rows
    ]


Q_DIRECT = "SELECT DISTINCT ?prop ?s ?o WHERE { ?s ?prop ?o }"


def direct(store: Store, prop: URIRef) -> list[tuple[Node, Node]]:
    """(subject, object) of every statement with the property ``prop``."""
    return [(s, o) for _, s, o in store.query(Q_DIRECT, {"prop": prop}).rows]


Q_GRAPHS = (
    sparql_prologue()
    + """SELECT ?graph ?title ?key ?publisher ?triples ?description WHERE {
  GRAPH ?d { ?graph a void:Dataset ; dct:title ?title .
    OPTIONAL { ?graph dct:identifier ?key }
    OPTIONAL { ?graph dct:publisher ?publisher }
    OPTIONAL { ?graph void:triples ?triples }
    OPTIONAL { ?graph dct:description ?description } }
}"""
)


def dataset_graphs(store: Store) -> list[dict[str, Node | None]]:
    """The named graphs as the description graph describes them, one dict each."""
    seen: dict[Node, dict[str, Node | None]] = {}
    for row in store.query(Q_GRAPHS).dicts():
        seen.setdefault(row["graph"], row)
    return sorted(seen.values(), key=lambda r: (r["key"] is None, str(r["key"] or r["graph"])))


__all__ = ["FacilitationRow", "dataset_graphs", "direct", "facilitations", "members", "names_of_class", "pairs"]
