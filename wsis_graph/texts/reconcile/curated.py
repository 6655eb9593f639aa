"""What the curated graphs hold that a text is reconciled with, read from the store.

Each reader asks one curated graph (the graph a source folder builds, ``{base}graph/<folder>``)
with the store's own SPARQL, so that reconciliation sees exactly what users query; nothing here
reads the CSV tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import Store
from wsis_graph.uris import Minter

_P = sparql_prologue()


def _rows(store: Store, mint: Minter, folders: str, query: str) -> list[dict]:
    """The solutions of ``query`` over the merge of the curated graphs of ``folders`` (space-separated)."""
    return store.query(_P + query, default_graphs=[mint.graph(f) for f in folders.split()]).dicts()


def _str(value) -> str:
    return "" if value is None else str(value)


# -- The Global Digital Compact ---------------------------------------------------------------------


@dataclass(frozen=True)
class GdcRow:
    """A curated GDC paragraph or commitment: its node, ref, number (``11(b)``, "" when not
    established), whether it is a commitment, its summary, objective, section and confidence."""

    node: URIRef
    ref: str
    paragraph: str
    commitment: bool
    summary: str
    objective: URIRef | None
    section: URIRef | None
    confidence: URIRef | None


@dataclass(frozen=True)
class Principle:
    """A curated GDC principle: its node, id, short name, number where given, description, confidence."""

    node: URIRef
    ref: str
    label: str
    paragraph: str
    description: str
    confidence: URIRef | None


@dataclass(frozen=True)
class Objective:
    """A curated GDC objective: its node, number (1 to 5) and official title."""

    node: URIRef
    number: int
    title: str


@dataclass(frozen=True)
class Section:
    """A curated GDC section: node, id, heading, level, objective and paragraph range."""

    node: URIRef
    ref: str
    heading: str
    level: str
    objective: URIRef | None
    start: int | None
    end: int | None


@dataclass
class Gdc:
    """What the curated GDC graph holds, and its scheme."""

    rows: list[GdcRow]
    principles: list[Principle]
    objectives: list[Objective]
    sections: list[Section]
    scheme: URIRef | None


def gdc(store: Store, mint: Minter) -> Gdc:
    """The curated GDC graph's paragraphs, principles, objectives and sections."""
    rows = [
        GdcRow(r["node"], _str(r["ref"]), _str(r["paragraph"]), _str(r["commitment"]) == "true", _str(r["summary"]),
               r["objective"], r["section"], r["confidence"])
        for r in _rows(store, mint, "gdc", """SELECT ?node ?ref ?paragraph ?commitment ?summary ?objective ?section ?confidence WHERE {
  ?node a wsis:GDCParagraph ; skos:notation ?ref .
  OPTIONAL { ?node wsis:paragraph ?paragraph } OPTIONAL { ?node dct:description ?summary }
  OPTIONAL { ?node wsis:objective ?objective } OPTIONAL { ?node wsis:section ?section }
  OPTIONAL { ?node wsis:confidence ?confidence }
  BIND (EXISTS { ?node a wsis:GDCCommitment } AS ?commitment)
} ORDER BY ?ref""")
    ]
    principles = [
        Principle(r["node"], _str(r["ref"]), _str(r["label"]), _str(r["paragraph"]), _str(r["description"]), r["confidence"])
        for r in _rows(store, mint, "gdc", """SELECT ?node ?ref ?label ?paragraph ?description ?confidence WHERE {
  ?node a wsis:GDCPrinciple ; skos:notation ?ref ; skos:prefLabel ?label .
  OPTIONAL { ?node wsis:paragraph ?paragraph } OPTIONAL { ?node skos:definition ?description }
  OPTIONAL { ?node wsis:confidence ?confidence }
} ORDER BY ?ref""")
    ]
    objectives = []
    for r in _rows(store, mint, "gdc", """SELECT ?node ?ref ?title WHERE {
  ?node a wsis:GDCObjective ; skos:notation ?ref ; skos:prefLabel ?title } ORDER BY ?ref"""):
        number = _str(r["ref"]).removeprefix("GDC-O")
        if number.isdigit():
            objectives.append(Objective(r["node"], int(number), _str(r["title"])))
    sections = [
        Section(r["node"], _str(r["ref"]), _str(r["heading"]), _str(r["level"]), r["objective"],
                int(r["start"]) if r["start"] is not None else None, int(r["end"]) if r["end"] is not None else None)
        for r in _rows(store, mint, "gdc", """SELECT ?node ?ref ?heading ?level ?objective ?start ?end WHERE {
  ?node a wsis:GDCSection ; skos:notation ?ref ; skos:prefLabel ?heading ; wsis:sectionLevel ?level .
  OPTIONAL { ?node wsis:objective ?objective }
  OPTIONAL { ?node wsis:paragraphStart ?start } OPTIONAL { ?node wsis:paragraphEnd ?end }
} ORDER BY ?ref""")
    ]
    schemes = _rows(store, mint, "gdc", "SELECT DISTINCT ?scheme WHERE { ?node a wsis:GDCObjective ; skos:inScheme ?scheme }")
    return Gdc(rows, principles, objectives, sections, schemes[0]["scheme"] if schemes else None)


# -- The Action Lines and the bodies that facilitate them -------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    """A curated Action Line: node, code (``C7.e-health``), names, Plan of Action paragraph and its mark."""

    node: URIRef
    code: str
    name: str
    geneva_name: str
    paragraph: str
    paragraph_confidence: URIRef | None


def action_lines(store: Store, mint: Minter) -> list[ActionLine]:
    """The curated Action Lines, in code order."""
    return [
        ActionLine(r["node"], _str(r["code"]), _str(r["name"]), _str(r["geneva"]), _str(r["paragraph"]), r["mark"])
        for r in _rows(store, mint, "wsis", """SELECT ?node ?code ?name ?geneva ?paragraph ?mark WHERE {
  ?node a wsis:ActionLine ; skos:notation ?code ; skos:prefLabel ?name .
  OPTIONAL { ?node wsis:nameInGenevaPlan ?geneva }
  OPTIONAL { ?node wsis:paragraph ?paragraph } OPTIONAL { ?node wsis:paragraphConfidence ?mark }
} ORDER BY ?code""")
    ]


@dataclass(frozen=True)
class Named:
    """A thing a text may name: an entity or a process, with its id and the names it goes by."""

    node: URIRef
    code: str
    kind: str
    names: tuple[str, ...]


def named_things(store: Store, mint: Minter) -> list[Named]:
    """The curated entities and processes (bodies, forums, documents) with every name they go by."""
    found: dict[URIRef, tuple[str, str, list[str]]] = {}
    for r in _rows(store, mint, "wsis", """SELECT ?node ?code ?kind ?name WHERE {
  { ?node a wsis:Entity ; skos:notation ?code . BIND ("entity" AS ?kind) }
  UNION { ?node a wsis:Process ; skos:notation ?code . BIND ("process" AS ?kind) }
  UNION { ?node a wsis:Document ; skos:notation ?code . BIND ("document" AS ?kind) }
  { ?node skos:prefLabel ?name } UNION { ?node skos:altLabel ?name } UNION { ?node dct:title ?name }
  UNION { ?node skos:notation ?name }
} ORDER BY ?code ?name"""):
        code, kind, names = found.setdefault(r["node"], (_str(r["code"]), _str(r["kind"]), []))
        if kind == "document" and _str(r["kind"]) != "document":
            found[r["node"]] = (code, _str(r["kind"]), names)
        if _str(r["name"]) not in names:
            names.append(_str(r["name"]))
    return [Named(node, code, kind, tuple(names)) for node, (code, kind, names) in found.items()]


@dataclass(frozen=True)
class Role:
    """A curated facilitation: the Action Line's code, the entity's acronym, the role (the local
    name of its concept, ``CoFacilitator``), the role and the period as worded."""

    action_line: str
    entity: str
    role: str
    worded: str
    period: str


def roles(store: Store, mint: Minter) -> list[Role]:
    """The curated facilitation statements that name an Action Line."""
    return [
        Role(_str(r["code"]), _str(r["acronym"]), _str(r["role"]).rsplit("#", 1)[-1], _str(r["worded"]), _str(r["period"]))
        for r in _rows(store, mint, "facilitation wsis", """SELECT ?code ?acronym ?role ?worded ?period WHERE {
  ?f a wsis:Facilitation ; wsis:actionLine ?al ; wsis:facilitator ?entity ; org:role ?role ;
     wsis:roleAsWorded ?worded ; wsis:dateAsWorded ?period .
  ?al skos:notation ?code . ?entity skos:notation ?acronym .
} ORDER BY ?code ?acronym""")
    ]
