"""The imported texts a store holds: their editions, as the description graph says, and their parts.

Which graphs are imported texts: exactly those that the description graph describes with
``dct:type wsis:ImportedText``::

    GRAPH <{base}graph/description> { ?graph dct:type wsis:ImportedText }

Each such graph is one edition of one document in one language (:class:`ImportedEdition`);
:func:`editions` reads them all, :func:`parts_of` reads the parts of one of them back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Literal, URIRef
from wsis_graph.build import DESCRIPTION_GRAPH
from wsis_graph.graph_kinds import graphs_of_kind
from wsis_graph.namespaces import SPDX, WSIS, sparql_prologue
from wsis_graph.store import Store
from wsis_graph.texts.graph import CLASS_KINDS
from wsis_graph.texts.model import DocumentInfo, Part, TextStructure
from wsis_graph.uris import Minter

PROLOGUE = sparql_prologue() + f"PREFIX spdx: <{SPDX}>\n"

Q_EDITIONS = PROLOGUE + """SELECT ?graph ?identifier ?language ?version ?current ?symbol ?document ?created
       ?revises ?replacedBy ?triples ?file ?sha256 ?description
WHERE {
  GRAPH ?description {
    ?graph dct:type wsis:ImportedText ; dct:identifier ?identifier ; dct:language ?language ;
           dcat:version ?version ; wsis:isCurrentEdition ?current .
    OPTIONAL { ?graph wsis:documentSymbol ?symbol }
    OPTIONAL { ?graph foaf:primaryTopic ?document }
    OPTIONAL { ?graph dct:created ?created }
    OPTIONAL { ?graph prov:wasRevisionOf ?revises }
    OPTIONAL { ?graph dct:isReplacedBy ?replacedBy }
    OPTIONAL { ?graph void:triples ?triples }
    OPTIONAL {
      ?graph prov:wasGeneratedBy ?activity . ?activity prov:used ?entity .
      OPTIONAL { ?entity dct:title ?file }
      OPTIONAL { ?entity spdx:checksum ?checksum . ?checksum spdx:checksumValue ?sha256 }
    }
  }
}"""

# ?graph is bound by the caller, and a bound variable stays in the projection (Oxigraph requires it).
Q_PARTS = PROLOGUE + """SELECT ?graph ?part ?type ?identifier ?position ?text ?label WHERE {
  GRAPH ?graph {
    ?part dct:identifier ?identifier ; wsis:position ?position ; a ?type .
    OPTIONAL { ?part wsis:text ?text }
    OPTIONAL { ?part rdfs:label ?label }
  }
}"""

Q_PART_COUNT = PROLOGUE + """SELECT ?graph (COUNT(DISTINCT ?part) AS ?parts) WHERE {
  GRAPH ?graph { ?part wsis:position ?position }
} GROUP BY ?graph"""

Q_TITLE = PROLOGUE + """SELECT ?graph ?title WHERE { GRAPH ?graph { ?document dct:title ?title } }"""

Q_UNDER = PROLOGUE + """SELECT ?graph ?part ?heading WHERE { GRAPH ?graph { ?part wsis:underHeading ?heading } }"""


@dataclass(frozen=True)
class ImportedEdition:
    """One imported text graph: an edition of a document in one language.

    Attributes:
        graph: The named graph.
        key: The document's key.
        language: The edition's language tag.
        number: The edition's number in its language (1 for the first imported).
        current: Whether it is the current edition in its language.
        symbol: The document symbol as the file printed it or the user gave it ("" when none).
        document: The document's own IRI.
        created: When it was imported (ISO 8601).
        revises: The graph of the edition it replaced, if any.
        replaced_by: The graph of the edition that replaced it, if any.
        triples: How many triples the graph holds, as described.
        file: The name of the file it was read from.
        sha256: The SHA-256 of that file.
    """

    graph: URIRef
    key: str
    language: str
    number: int
    current: bool
    symbol: str
    document: URIRef | None
    created: str
    revises: URIRef | None
    replaced_by: URIRef | None
    triples: int
    file: str
    sha256: str

    @property
    def tag(self) -> str:
        """``<language>-<n>``."""
        return f"{self.language}-{self.number}"

    def to_json(self) -> dict:
        """The edition as ``wsis-graph texts list --format json`` gives it."""
        return {
            "key": self.key,
            "language": self.language,
            "edition": self.number,
            "current": self.current,
            "symbol": self.symbol,
            "graph": str(self.graph),
            "document": str(self.document) if self.document else None,
            "imported": self.created,
            "revises": str(self.revises) if self.revises else None,
            "replaced_by": str(self.replaced_by) if self.replaced_by else None,
            "triples": self.triples,
            "file": self.file,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class StoredPart:
    """A part of an edition as the store holds it.

    Attributes:
        ref: Its reference (``11(b)``).
        kind: Its kind (``paragraph``, ``item`` …; see :data:`~wsis_graph.texts.model.KINDS`).
        position: Where it stands in the edition.
        text: Its words ("" when it has none).
        label: Its label.
        iri: Its IRI.
    """

    ref: str
    kind: str
    position: int
    text: str
    label: str
    iri: URIRef


def moment_text(value: Literal | None) -> str:
    """A moment of the description graph as a person reads it: UTC, to the second.

    >>> from rdflib.namespace import XSD
    >>> moment_text(Literal("2031-03-02T10:00:03.250Z", datatype=XSD.dateTime))
    '2031-03-02T10:00:03Z'
    """
    moment = value.toPython() if isinstance(value, Literal) else value
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value or "")


def description_graph(mint: Minter) -> URIRef:
    """The IRI of the description graph."""
    return mint.graph(DESCRIPTION_GRAPH)


def text_graphs(store: Store, mint: Minter | None = None) -> list[URIRef]:
    """The graphs that the description graph marks as imported texts (the rule of this module)."""
    return graphs_of_kind(store, WSIS.ImportedText, description_graph(mint or Minter()))


def editions(store: Store, mint: Minter | None = None) -> list[ImportedEdition]:
    """Every imported edition, by key, language and number.

    The key is read from the graph's identifier (``text/<key>`` or ``text/<key>/<tag>``).
    """
    mint = mint or Minter()
    found: dict[URIRef, ImportedEdition] = {}
    for row in store.query(Q_EDITIONS, {"description": description_graph(mint)}).dicts():
        graph = row["graph"]
        if graph in found:
            continue
        identifier = str(row["identifier"])
        key = identifier.split("/")[1] if identifier.startswith("text/") and "/" in identifier else identifier
        found[graph] = ImportedEdition(
            graph=graph,
            key=key,
            language=str(row["language"]),
            number=int(str(row["version"])),
            current=bool(row["current"].toPython()),
            symbol=str(row["symbol"] or ""),
            document=row["document"],
            created=moment_text(row["created"]),
            revises=row["revises"],
            replaced_by=row["replacedBy"],
            triples=int(row["triples"] or 0),
            file=str(row["file"] or ""),
            sha256=str(row["sha256"] or "").lower(),
        )
    return sorted(found.values(), key=lambda e: (e.key, e.language, e.number))


def parts_of(store: Store, graph: URIRef) -> list[StoredPart]:
    """The parts of one edition's graph, in the edition's order."""
    parts: dict[URIRef, StoredPart] = {}
    for row in store.query(Q_PARTS, {"graph": graph}).dicts():
        kind = CLASS_KINDS.get(row["type"])  # a part's other class (wsis:Paragraph) gives no kind
        if kind is None or row["part"] in parts:
            continue
        parts[row["part"]] = StoredPart(
            ref=str(row["identifier"]),
            kind=kind,
            position=int(row["position"]),
            text=str(row["text"] or ""),
            label=str(row["label"] or ""),
            iri=row["part"],
        )
    return sorted(parts.values(), key=lambda p: p.position)


def structure_of(store: Store, edition: ImportedEdition) -> TextStructure:
    """The structure of a stored edition, as the import read it: its parts in order, each under its heading.

    What the grammar warned of and what it skipped are not stored; they are empty here.
    """
    stored = parts_of(store, edition.graph)
    parts = {p.iri: Part(p.ref, p.kind, "", p.text) for p in stored}
    for _, part, heading in store.query(Q_UNDER, {"graph": edition.graph}).rows:
        if part in parts and heading in parts:
            parts[part].under = parts[heading]
            parts[part].heading = parts[heading].text
    info = DocumentInfo(edition.key, edition.symbol, "", edition.language, edition.sha256, edition.file)
    return TextStructure(info, [parts[p.iri] for p in stored])


def part_count(store: Store, graph: URIRef) -> int:
    """How many parts an edition's graph holds."""
    rows = store.query(Q_PART_COUNT, {"graph": graph}).rows
    return int(rows[0][1]) if rows and rows[0][1] is not None else 0


def title_in(store: Store, graph: URIRef, language: str) -> str:
    """The document's title as an edition's graph gives it: in its language, else in English, else any."""
    titles = {getattr(t, "language", None) or "": str(t) for (_, t) in store.query(Q_TITLE, {"graph": graph}).rows}
    for wanted in (language, "en", ""):
        if wanted in titles:
            return titles[wanted]
    return next(iter(titles.values()), "")


__all__ = [
    "ImportedEdition",
    "StoredPart",
    "editions",
    "moment_text",
    "part_count",
    "parts_of",
    "structure_of",
    "text_graphs",
    "title_in",
]
