"""What every source module shares: its context, the identifier registry, and the helpers that
read ids and write labels, concepts, documents, qualified links and confidence marks the same way
everywhere."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from wsis_graph.namespaces import WSIS, bind_prefixes
from wsis_graph.tables import Row, SourceError, Table, read_table
from wsis_graph.uris import Minter

#: Source confidence marks (as written in the tables) and the concepts they become.
CONFIDENCE_MARKS: dict[str, URIRef] = {
    "verified": WSIS.Verified,
    "single-source": WSIS.SingleSource,
    "draft-only": WSIS.DraftOnly,
    "unknown-paragraph": WSIS.UnknownParagraph,
    "inferred": WSIS.Inferred,
    "dataset-anomaly": WSIS.DatasetAnomaly,
    "unknown": WSIS.Unknown,
}

#: Rank of each mark (``wsis:rank`` in the ontology), strongest first; a compound mark takes its weakest
#: part. ``reviewed`` (rank 3) is no mark a source table may write: only a reviewer's decision gives it
#: (``wsis-graph review``), so it is ranked here but not in :data:`CONFIDENCE_MARKS`.
CONFIDENCE_RANK: dict[URIRef, int] = {
    mark: i
    for i, mark in enumerate(
        [WSIS.Verified, WSIS.SingleSource, WSIS.Reviewed, WSIS.DraftOnly, WSIS.UnknownParagraph,
         WSIS.Inferred, WSIS.DatasetAnomaly, WSIS.Unknown],
        1,
    )
}

#: A document id of the tables that declare documents of their own (``DOC-TUNIS-COMMITMENT``).
DOCUMENT_ID = re.compile(r"DOC-[A-Z0-9]+(?:-[A-Z0-9]+)*")

METHODS: dict[str, URIRef] = {
    "official": WSIS.OfficialText,
    "expert": WSIS.PublishedMapping,
    "derived": WSIS.CompilerInference,
    "text-mined": WSIS.TextMined,
}


@dataclass(frozen=True)
class SourceMeta:
    """The ``source.toml`` of a source folder: what the dataset description says of its graph."""

    key: str
    title: str
    description: str
    publisher: str
    source: tuple[str, ...]
    date: str
    licence: str
    confidence: str = ""

    @classmethod
    def read(cls, folder: Path, display: str) -> "SourceMeta":
        path = folder / "source.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SourceError(f"{display}/source.toml", None, None, "file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise SourceError(f"{display}/source.toml", None, None, f"malformed TOML: {exc}") from None
        missing = [k for k in ("key", "title", "description", "publisher", "source", "licence") if not data.get(k)]
        if missing:
            raise SourceError(f"{display}/source.toml", None, missing[0], "required key is missing or empty")
        sources = data["source"]
        if isinstance(sources, str):
            sources = [sources]
        return cls(
            key=data["key"],
            title=data["title"],
            description=data["description"],
            publisher=data["publisher"],
            source=tuple(sources),
            date=str(data.get("date", "")),
            licence=data["licence"],
            confidence=data.get("confidence", ""),
        )


@dataclass
class Registry:
    """Identifiers declared by the sources built so far, so that later tables can refer to them.

    Each source identifier (``C1``, ``GDC-O3``, ``UDHR:19``, ``ITU`` …) maps to one IRI and one kind.
    """

    _entries: dict[str, tuple[URIRef, str, str]] = field(default_factory=dict)
    _extra_kinds: dict[str, set[str]] = field(default_factory=dict)

    def add(self, local_id: str, iri: URIRef, kind: str, row: Row | None = None) -> URIRef:
        known = self._entries.get(local_id)
        if known and known[0] == iri and known[1] != kind:
            # One thing of two kinds (CSTD is both an entity and a body of the WSIS process).
            self._extra_kinds.setdefault(local_id, set()).add(kind)
            return iri
        if known and known[0] != iri:
            where = f"declared before in {known[2]}"
            if row is not None:
                raise row.error(None, f"identifier {local_id!r} is declared twice ({where})")
            raise ValueError(f"identifier {local_id!r} is declared twice ({where})")
        origin = f"{row.table.display_name}, row {row.line}" if row else "built-in"
        self._entries[local_id] = (iri, kind, origin)
        return iri

    def resolve(self, local_id: str, row: Row, column: str, kinds: Iterable[str] | None = None) -> URIRef:
        """The IRI of a declared identifier; a located error when it is unknown or of the wrong kind."""
        entry = self._entries.get(local_id)
        allowed = tuple(kinds) if kinds else None
        if entry is None:
            hint = f" (expected a {' or '.join(allowed)})" if allowed else ""
            raise row.error(column, f"unknown identifier {local_id!r}{hint}")
        iri, kind, _ = entry
        if allowed and kind not in allowed and not (self._extra_kinds.get(local_id, set()) & set(allowed)):
            raise row.error(column, f"identifier {local_id!r} is a {kind}, expected a {' or '.join(allowed)}")
        return iri

    def kind(self, local_id: str) -> str | None:
        entry = self._entries.get(local_id)
        return entry[1] if entry else None

    def ids(self, kind: str) -> list[str]:
        return sorted(k for k, v in self._entries.items() if v[1] == kind)

    def __contains__(self, local_id: str) -> bool:
        return local_id in self._entries


@dataclass
class SourceContext:
    """What a source module gets to build its graph.

    Args:
        folder: the source folder (``data/sources/<key>``).
        display: how errors name the folder (``sdg``, ``wsis`` …).
        mint: the IRI minter.
        registry: identifiers declared by earlier sources; this source adds its own.
        graph_iri: the IRI of the named graph being built.
    """

    folder: Path
    display: str
    mint: Minter
    registry: Registry
    graph_iri: URIRef
    meta: SourceMeta
    tables_read: list[str] = field(default_factory=list)

    def table(self, name: str, required_columns: Sequence[str]) -> Table:
        """Read ``<folder>/<name>`` and check that the required columns are there."""
        self.tables_read.append(name)
        return read_table(self.folder / name, required_columns, display_name=f"{self.display}/{name}")

    def new_graph(self) -> Graph:
        """An empty graph for this source's triples, with the project's prefixes bound."""
        return bind_prefixes(Graph(), self.mint.base)

    def declare(self, kind: str, local_id: str, row: Row) -> URIRef:
        """Mint ``{base}<kind>/<local_id>`` and register it under ``local_id`` as a thing of ``kind``.

        Raises:
            SourceError: ``local_id`` is already declared for another IRI (the row is named).
        """
        return self.registry.add(local_id, self.mint.iri(kind, local_id), kind, row)


# -- reading the rows of a table -------------------------------------------------------------------


def rows_by_id(
    table: Table,
    column: str,
    pattern: re.Pattern[str],
    what: str,
    noun: str,
    *,
    twice: str = "is declared twice",
    name_first: bool = False,
) -> Iterator[tuple[str, Row]]:
    """Each row of a table with the id in its ``column``; an id that a second row gives is an error.

    Args:
        table: the table.
        column: the column of the id, which must match ``pattern`` (``what`` names it in errors).
        pattern: the pattern of one id.
        what: what an id is called when it does not match (``GDC objective id``).
        noun: what the row declares, in the error for a repeated id (``objective``).
        twice: the rest of that error (``is declared twice``, ``appears twice`` …).
        name_first: whether that error names the row that gave the id first.

    Yields:
        ``(id, row)`` in the table's order.
    """
    first: dict[str, Row] = {}
    for row in table:
        code = row.code(column, pattern, what)
        if code in first:
            where = f" (first in row {first[code].line})" if name_first else ""
            raise row.error(column, f"{noun} {code!r} {twice}{where}")
        first[code] = row
        yield code, row


def graph_of_rows(
    ctx: SourceContext,
    name: str,
    columns: Sequence[str],
    add: Callable[[Graph, SourceContext, Row], URIRef],
    repeated: str,
) -> Graph:
    """The graph of a source that is one table whose every row makes one node.

    Args:
        ctx: the source's build context.
        name: the table, in the source folder.
        columns: the columns it must have.
        add: writes one row into the graph and returns the node it made.
        repeated: the error for a row that makes the node an earlier row made (the two say the same
            thing), with ``{first}`` where the earlier row's number goes.
    """
    graph = ctx.new_graph()
    made: dict[URIRef, int] = {}
    for row in ctx.table(name, columns):
        node = add(graph, ctx, row)
        if node in made:
            raise row.error(None, repeated.format(first=made[node]))
        made[node] = row.line
    return graph


# -- helpers that write the same shapes everywhere -------------------------------------------------


def confidence(row: Row, column: str, *, required: bool = True) -> tuple[URIRef | None, str]:
    """Parse a confidence cell into a mark and the verbatim note.

    A plain mark (``verified``) gives that mark and no note. A compound cell such as
    ``verified (names); inferred (paragraph)`` gives the weakest mark named in it, never a stronger
    one, and keeps the whole cell as the note. A cell that names no known mark is an error.
    """
    value = row.require(column) if required else row.get(column)
    if not value:
        return None, ""
    if value in CONFIDENCE_MARKS:
        return CONFIDENCE_MARKS[value], ""
    found = [
        CONFIDENCE_MARKS[m]
        for m in sorted(CONFIDENCE_MARKS, key=len, reverse=True)
        if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", value)
    ]
    if not found:
        raise row.error(column, f"{value!r} names no confidence mark (one of: {', '.join(CONFIDENCE_MARKS)})")
    weakest = max(found, key=CONFIDENCE_RANK.__getitem__)
    return weakest, value


def add_confidence(graph: Graph, node: URIRef, row: Row, column: str, *, required: bool = True) -> URIRef | None:
    mark, note = confidence(row, column, required=required)
    if mark is not None:
        graph.add((node, WSIS.confidence, mark))
    if note:
        graph.add((node, WSIS.confidenceNote, Literal(note)))
    return mark


def add_label(graph: Graph, iri: URIRef, text: str) -> None:
    """The English preferred label, repeated as ``rdfs:label`` for generic clients."""
    graph.add((iri, SKOS.prefLabel, Literal(text, lang="en")))
    graph.add((iri, RDFS.label, Literal(text, lang="en")))


def add_concept(graph: Graph, iri: URIRef, cls: URIRef, code: str, label: str, scheme: URIRef) -> None:
    """A concept of a scheme: its class, its scheme, its code as ``skos:notation``, its English label."""
    graph.add((iri, RDF.type, cls))
    graph.add((iri, SKOS.inScheme, scheme))
    graph.add((iri, SKOS.notation, Literal(code)))
    add_label(graph, iri, label)


def add_top_concept(graph: Graph, iri: URIRef, scheme: URIRef) -> None:
    """``skos:topConceptOf`` the scheme, and the scheme's ``skos:hasTopConcept``."""
    graph.add((iri, SKOS.topConceptOf, scheme))
    graph.add((scheme, SKOS.hasTopConcept, iri))


def declare_document(graph: Graph, ctx: SourceContext, row: Row, title_column: str) -> tuple[str, URIRef]:
    """A document that a table names and that no earlier source declares: registered, typed, named.

    The id is in the row's ``document_id`` column (:data:`DOCUMENT_ID`); the title, as the row
    words it, becomes the document's English label. The caller adds what its table says besides.

    Returns:
        The document's id and IRI.
    """
    doc_id = row.code("document_id", DOCUMENT_ID, "document id")
    if doc_id in ctx.registry:
        raise row.error("document_id", f"document {doc_id!r} is already declared")
    iri = ctx.declare("document", doc_id, row)
    graph.add((iri, RDF.type, WSIS.Document))
    graph.add((iri, SKOS.notation, Literal(doc_id)))
    add_label(graph, iri, row.require(title_column))
    return doc_id, iri


def add_provenance(
    graph: Graph, node: URIRef, row: Row, *, notes: str = "notes", sources_required: bool = True
) -> URIRef | None:
    """Where a row's thing comes from and how sure the row is of it, read in this order: the URLs
    of its ``source_urls`` cell (:func:`add_sources`), its ``confidence`` mark and its notes.

    Returns:
        The confidence mark.
    """
    urls = row.require("source_urls") if sources_required else row.get("source_urls")
    add_sources(graph, node, split_urls(urls))
    mark = add_confidence(graph, node, row, "confidence")
    add_text(graph, node, SKOS.note, row.get(notes))
    return mark


def add_text(graph: Graph, node: URIRef, predicate: URIRef, value: str, lang: str | None = "en") -> None:
    """Add a literal when the value is not empty."""
    if value:
        graph.add((node, predicate, Literal(value, lang=lang)))


_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_literal(value: str) -> Literal | None:
    """A typed literal for an ISO date, year-month or year; None for anything else."""
    value = value.strip()
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _YEAR_MONTH.match(value):
        return Literal(value, datatype=XSD.gYearMonth)
    if _YEAR.match(value):
        return Literal(value, datatype=XSD.gYear)
    return None


def add_date(graph: Graph, node: URIRef, value: str) -> None:
    """``dct:date`` when the value is a calendar date, else ``wsis:dateAsWorded`` verbatim."""
    if not value:
        return
    typed = date_literal(value)
    if typed is not None:
        graph.add((node, DCTERMS.date, typed))
    else:
        graph.add((node, WSIS.dateAsWorded, Literal(value)))


def split_urls(value: str) -> list[str]:
    """Split a cell of URLs separated by ' | ' or ' ; ' (the tables' convention)."""
    return [part.strip() for part in re.split(r"\s+[|;]\s+|\s*\n\s*", value) if part.strip()]


def add_sources(graph: Graph, node: URIRef, values: Iterable[str]) -> None:
    """``wsis:sourceDocument`` for each URL; anything that is not an absolute http(s) URL is kept
    verbatim as ``dct:bibliographicCitation``."""
    for value in values:
        value = value.strip()
        if not value:
            continue
        if re.match(r"^https?://\S+$", value):
            graph.add((node, WSIS.sourceDocument, URIRef(value)))
        else:
            graph.add((node, DCTERMS.bibliographicCitation, Literal(value)))


def add_alignment(
    graph: Graph,
    node: URIRef,
    *,
    subject: URIRef,
    relation: URIRef,
    obj: URIRef,
    row: Row,
    confidence_column: str,
    method: URIRef,
    relation_as_worded: str = "",
    sources: Iterable[str] = (),
    locator: str = "",
    asserted_by: URIRef | None = None,
    date: str = "",
    basis: str = "",
    note: str = "",
    strength: float | None = None,
) -> URIRef:
    """Write a qualified link (``wsis:Alignment``) and its direct triple ``subject relation obj``.

    The alignment carries the relation, the relation as worded, the method, the sources, the
    locator, the asserting body, the date, the basis, a note and the row's confidence mark.
    """
    graph.add((subject, relation, obj))
    graph.add((node, RDF.type, WSIS.Alignment))
    graph.add((node, WSIS.alignmentSubject, subject))
    graph.add((node, WSIS.alignmentObject, obj))
    graph.add((node, WSIS.relation, relation))
    graph.add((node, WSIS.method, method))
    if relation_as_worded:
        graph.add((node, WSIS.relationAsWorded, Literal(relation_as_worded)))
    add_sources(graph, node, sources)
    if locator:
        graph.add((node, WSIS.locator, Literal(locator)))
    if asserted_by is not None:
        graph.add((node, PROV.wasAttributedTo, asserted_by))
    add_date(graph, node, date)
    if basis:
        graph.add((node, WSIS.basis, Literal(basis)))
    if note:
        graph.add((node, SKOS.note, Literal(note, lang="en")))
    if strength is not None:
        graph.add((node, WSIS.strength, Literal(f"{strength:.2f}", datatype=XSD.decimal)))
    add_confidence(graph, node, row, confidence_column)
    return node


def concept_scheme(graph: Graph, iri: URIRef, label: str, definition: str) -> URIRef:
    graph.add((iri, RDF.type, SKOS.ConceptScheme))
    graph.add((iri, RDFS.label, Literal(label, lang="en")))
    graph.add((iri, SKOS.definition, Literal(definition, lang="en")))
    return iri


__all__ = [
    "CONFIDENCE_MARKS",
    "CONFIDENCE_RANK",
    "DOCUMENT_ID",
    "METHODS",
    "Registry",
    "SourceContext",
    "SourceMeta",
    "add_alignment",
    "add_concept",
    "add_confidence",
    "add_date",
    "add_label",
    "add_provenance",
    "add_sources",
    "add_text",
    "add_top_concept",
    "concept_scheme",
    "confidence",
    "date_literal",
    "declare_document",
    "graph_of_rows",
    "rows_by_id",
    "split_urls",
]
