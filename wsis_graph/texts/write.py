"""Writing an imported text into a store: one edition in a graph of its own, validated, all or nothing.

:func:`import_text` takes the structure read from a file (:func:`~wsis_graph.texts.read_structure`)
and, in this order:

1. names the document (:func:`document_key`): a known key names itself; a ``generic`` document is
   named by ``--name``, or else by its symbol;
2. reads what the store holds of the document (:func:`~wsis_graph.texts.editions.editions`): the
   same file already imported in the same language changes nothing and says so; the same file
   as another language is refused; a different file is the next edition in its language;
3. makes the new edition's graph (:func:`~wsis_graph.texts.graph.edition_triples`), moves the
   edition it replaces aside (:func:`~wsis_graph.texts.graph.moved_aside`) and brings the
   description graph up to date (the new edition described as current, the replaced one as
   replaced, the dataset's triple counts worked out again);
4. validates with the SHACL shapes what the write would change (the two text graphs and their
   description): a violation raises :class:`TextRejected` and nothing is written;
5. reconciles the text with the curated graphs (:mod:`wsis_graph.texts.reconcile`): what it
   states goes to the document's reconciliation graph in the text's language, made afresh, and
   what a person should look at to the outcome's report;
6. writes the graphs with one :meth:`~wsis_graph.store.Store.replace_graphs`, all or nothing;
   every other graph is left untouched.

Steps 3 to 5 are checked together: the SHACL shapes see the new graphs with the curated graphs
the reconciliation refers to.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD

from wsis_graph.build import DESCRIPTION_GRAPH, add_totals
from wsis_graph.namespaces import WSIS
from wsis_graph.store import Store
from wsis_graph.texts.documents import DOCUMENTS
from wsis_graph.texts.editions import ImportedEdition, editions, moment_text
from wsis_graph.texts.graph import Edition, Provenance, describe_edition, edition_triples, moved_aside
from wsis_graph.texts.model import DocumentInfo, TextImportError, TextStructure
from wsis_graph.texts.reconcile import CURATED, Reconciliation, describe_reconciliation, reconcile
from wsis_graph.uris import Minter
from wsis_graph.validation import ValidationReport, validate_graph

NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_LANGUAGE_SUFFIX = re.compile(r"(?<=[0-9)])-[EFSRAC]$")


class TextRejected(Exception):
    """The imported text would violate the shapes; nothing was written.

    Attributes:
        report: The SHACL report.
    """

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"the imported text would violate the shapes ({len(report.violations)} result(s)); nothing was written")


@dataclass
class ImportOutcome:
    """What became of an imported file.

    Attributes:
        status: ``written``, or ``unchanged`` when the store held the same file already.
        key: The document's key.
        edition: The edition that holds the file: the new one, or the one that held it already.
        structure: What was read from the file.
        triples: How many triples the edition's graph holds.
        replaced: The edition the new one replaced, if any.
        seconds: How long the import into the store took (reading the file is not counted).
        reconciliation: What the text was found to say about the curated tables (None for a
            document with no reconciler, or when nothing was written).
    """

    status: str
    key: str
    edition: ImportedEdition
    structure: TextStructure
    triples: int = 0
    replaced: ImportedEdition | None = None
    seconds: float = 0.0
    reconciliation: Reconciliation | None = None

    def to_json(self) -> dict:
        """The outcome as ``wsis-graph texts import --format json`` gives it."""
        counts = self.structure.counts()
        return {
            "status": self.status,
            "document": self.structure.document.to_dict() | {"name": self.key},
            "edition": self.edition.to_json(),
            "parts": len(self.structure.parts),
            "counts": counts,
            "replaced": self.replaced.to_json() if self.replaced else None,
            "skipped": [span.to_dict() for span in self.structure.skipped],
            "warnings": [warning.to_dict() for warning in self.structure.warnings],
            "seconds": round(self.seconds, 3),
            "reconciliation": self.reconciliation.to_json() if self.reconciliation else None,
        }

    def summary(self) -> str:
        """What happened, in a sentence or two."""
        e = self.edition
        if self.status == "unchanged":
            state = "the current edition" if e.current else "replaced since"
            return (f"{self.structure.document.file} is imported already, as {self.key} ({e.language}) edition "
                    f"{e.number} ({state}) in <{e.graph}>, on {e.created}; nothing changed")
        text = (f"{self.key} ({e.language}) edition {e.number} from {e.file}: {len(self.structure.parts)} parts written "
                f"to <{e.graph}> ({self.triples} triples, {self.seconds:.2f} s)")
        if self.replaced is not None:
            option = "" if e.language == "en" else f" --language {e.language}"
            text += (f"; it replaces edition {self.replaced.number}, whose parts are now under "
                     f"<{e.document}/{self.replaced.tag}/…>; `wsis-graph texts diff {self.key}{option}` lists what changed")
        return text


def symbol_key(symbol: str) -> str:
    """A document name made from its symbol: lower case, hyphens, the WSIS language suffix left out.

    >>> symbol_key("A/RES/78/265"), symbol_key("WSIS-05/TUNIS/DOC/6(Rev.1)-E")
    ('a-res-78-265', 'wsis-05-tunis-doc-6-rev-1')
    """
    text = _LANGUAGE_SUFFIX.sub("", symbol.strip())
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")


def document_key(info: DocumentInfo, name: str | None = None) -> str:
    """The key that names a document's graphs and IRIs.

    A known key names itself. A ``generic`` document is named by ``name``, or else by its symbol
    (:func:`symbol_key`), so that two generic documents never meet in one graph.

    Raises:
        TextImportError: A name for a known key, a generic document with neither name nor
            symbol, or a name that is no good (lower-case letters, digits and inner hyphens, at
            most 64 characters, not a known key).

    >>> document_key(DocumentInfo("generic", "A/RES/99/1", "", "en", "", "x.txt"))
    'a-res-99-1'
    """
    if info.key != "generic":
        if name:
            raise TextImportError(f"--name names a generic document; this one is named by its key {info.key!r}")
        return info.key
    if not name:
        if not info.symbol:
            raise TextImportError("a generic document needs a name for its graph and IRIs and the file prints no "
                                  "symbol: give --name NAME (or --symbol SYMBOL)")
        name = symbol_key(info.symbol)
    if not NAME.match(name) or name in DOCUMENTS:
        raise TextImportError(f"{name!r} cannot name a document: use lower-case letters, digits and hyphens (not at "
                              f"the ends), at most 64 characters, and none of the keys {', '.join(DOCUMENTS)}")
    return name


def import_text(
    store: Store,
    structure: TextStructure,
    *,
    name: str | None = None,
    mint: Minter | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    started: dt.datetime | None = None,
) -> ImportOutcome:
    """Write the text read from a file into the store as an edition of its document (see the module docstring).

    Args:
        store: The store to write to.
        structure: What was read from the file (its SHA-256 and language included).
        name: The name of a ``generic`` document (default: from its symbol).
        mint: The minter of the store's IRIs.
        clock: The current time (for tests); UTC now by default.
        started: When the import began (reading the file); now by default.

    Returns:
        What was written, or that nothing needed to be.

    Raises:
        TextImportError: The document cannot be named, the file was imported as another
            language, or the edition's graph exists already without being described as one.
        TextRejected: The result would violate the shapes.
        StoreError: The store cannot be read or written.
    """
    t0 = time.perf_counter()
    clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    started = started or clock()
    mint = mint or Minter()
    info = structure.document
    key = document_key(info, name)
    known = [e for e in editions(store, mint) if e.key == key]
    for edition in known:
        if edition.sha256 == info.sha256.lower():
            if edition.language != info.language:
                raise TextImportError(f"this file is imported already as the {edition.language} text of {key} "
                                      f"(<{edition.graph}>); one file holds one language")
            return ImportOutcome("unchanged", key, edition, structure, edition.triples, seconds=time.perf_counter() - t0)
    same_language = [e for e in known if e.language == info.language]
    previous = next((e for e in same_language if e.current), None)
    new = Edition(key, info.language, max((e.number for e in same_language), default=0) + 1, mint)
    if new.graph in store.graphs():
        raise TextImportError(f"the graph <{new.graph}> exists and is not described as an imported text; "
                              "nothing was written")
    data = edition_triples(structure, new)
    graphs: dict[URIRef, list] = {new.graph: data}
    old = Edition(key, previous.language, previous.number, mint) if previous else None
    if old is not None:
        graphs[previous.graph] = moved_aside(((s, p, o) for s, p, o, _ in store.quads(previous.graph)), old)
    reconciled = reconcile(store, structure, key, mint=mint)
    ended = clock()
    provenance = Provenance(info.file, info.sha256.lower(), started, ended)
    added = describe_edition(structure, new, provenance, triples=len(data), revises=previous.graph if previous else None)
    fresh = {new.graph}
    if reconciled is not None:
        graphs[reconciled.graph] = reconciled.triples
        added += describe_reconciliation(reconciled, new.graph, mint, ended)
        fresh.add(reconciled.graph)
    description_iri = mint.graph(DESCRIPTION_GRAPH)
    description = _description(
        [(s, p, o) for s, p, o, _ in store.quads(description_iri)],
        added,
        mint=mint,
        replaced=(old, previous.graph, len(graphs[previous.graph])) if old is not None else None,
        new_graph=new.graph,
        fresh=fresh,
    )
    context = [q[:3] for folder in CURATED.get(key, ()) for q in store.quads(mint.graph(folder))] if reconciled else []
    report = _validate(graphs, description, roots=fresh | ({previous.graph} if previous else set()), context=context)
    if not report.conforms:
        raise TextRejected(report)
    store.replace_graphs({**graphs, description_iri: description})
    written = ImportedEdition(
        graph=new.graph, key=key, language=new.language, number=new.number, current=True, symbol=info.symbol,
        document=new.document, created=moment_text(_created(description, new.graph)), revises=previous.graph if previous else None,
        replaced_by=None, triples=len(data), file=info.file, sha256=provenance.sha256,
    )
    if reconciled is not None and info.language == "en":
        # the other languages give their words to the nodes the English text links: link them again
        for other in sorted({e.language for e in known if e.current and e.language != "en"}):
            reconcile_again(store, key, other, mint=mint, clock=clock)
    return ImportOutcome("written", key, written, structure, len(data), previous, time.perf_counter() - t0, reconciled)


def reconcile_again(store: Store, key: str, language: str = "en", *, mint: Minter | None = None,
                    clock: Callable[[], dt.datetime] | None = None) -> Reconciliation:
    """Reconcile the current edition of ``key`` in ``language`` again with the curated graphs as they now stand.

    After the curated tables change (a conflict settled, a row added) and the dataset is rebuilt, the
    reconciliation graph is made afresh from the stored edition, validated with the curated graphs it
    refers to, and written with its description, all or nothing.

    Raises:
        TextImportError: No current edition of ``key`` in ``language``, or a document with no reconciler.
        TextRejected: The result would violate the shapes; nothing was written.
    """
    from wsis_graph.texts.editions import structure_of

    mint = mint or Minter()
    clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    current = next((e for e in editions(store, mint) if e.key == key and e.language == language and e.current), None)
    if current is None:
        raise TextImportError(f"no current edition of {key!r} in {language!r} is imported (see `wsis-graph texts list`)")
    found = reconcile(store, structure_of(store, current), key, mint=mint)
    if found is None:
        raise TextImportError(f"{key!r} has no reconciliation with the curated tables")
    description_iri = mint.graph(DESCRIPTION_GRAPH)
    description = _description(
        [(s, p, o) for s, p, o, _ in store.quads(description_iri)],
        describe_reconciliation(found, current.graph, mint, clock()),
        mint=mint, replaced=None, new_graph=found.graph, fresh={found.graph},
    )
    context = [q[:3] for folder in CURATED.get(key, ()) for q in store.quads(mint.graph(folder))]
    context += [q[:3] for q in store.quads(current.graph)]
    report = _validate({found.graph: found.triples}, description, roots={found.graph}, context=context)
    if not report.conforms:
        raise TextRejected(report)
    store.replace_graphs({found.graph: found.triples, description_iri: description})
    return found


def _description(old: list[tuple], added: list[tuple], *, mint: Minter, replaced, new_graph: URIRef,
                 fresh: set[URIRef]) -> list[tuple]:
    """The description graph with the new edition described, the replaced one marked, and fresh totals.

    Args:
        old: The description graph as it stands.
        added: The new edition's description.
        mint: The minter.
        replaced: ``(edition, graph, triples)`` of the edition moved aside, or None.
        new_graph: The new edition's graph.
        fresh: The graphs written afresh, the new edition's among them (any stale description of them is dropped).
    """
    dataset, description_iri = mint.dataset(), mint.graph(DESCRIPTION_GRAPH)
    had_totals = any(s == dataset and p == VOID.triples for s, p, _ in old)
    out = [
        t for t in old
        if not (t[1] == VOID.triples and t[0] in (dataset, description_iri)) and t[0] not in fresh and t[2] not in fresh
    ]
    if replaced is not None:
        edition, graph, triples = replaced
        changed = (WSIS.isCurrentEdition, VOID.triples, FOAF.primaryTopic)
        out = [t for t in out if not (t[0] == graph and t[1] in changed)]
        out += [
            (graph, WSIS.isCurrentEdition, Literal(False)),
            (graph, DCTERMS.isReplacedBy, new_graph),
            (graph, FOAF.primaryTopic, edition.mint.text_document(edition.key, edition=edition.tag)),
            (graph, VOID.triples, Literal(triples, datatype=XSD.integer)),
        ]
    out += added
    out = list(dict.fromkeys(out))
    return add_totals(out, dataset, description_iri) if had_totals else out


def _created(description: list[tuple], graph: URIRef) -> Literal | None:
    return next((o for s, p, o in description if s == graph and p == DCTERMS.created), None)


def _validate(graphs: dict[URIRef, list], description: list[tuple], roots: set[URIRef],
              context: list[tuple] = ()) -> ValidationReport:
    """Validate the text graphs to be written with their description (the part of it reached from them).

    The descriptions of other imported texts (an earlier edition that one of them revises) are
    left out, as their graphs are: they do not change. ``context`` is the curated triples the
    reconciliation refers to, so that its links are checked against what they point at.
    """
    union = Graph()
    for triple in context:
        union.add(triple)
    for triples in graphs.values():
        for triple in triples:
            union.add(triple)
    by_subject: dict = {}
    for triple in description:
        by_subject.setdefault(triple[0], []).append(triple)
    others = {s for s, p, o in description if p == DCTERMS.type and o == WSIS.ImportedText} - roots
    todo, seen = list(roots), set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in by_subject.get(node, ()):
            union.add((s, p, o))
            if p not in (RDF.type, DCTERMS.type) and isinstance(o, (URIRef, BNode)) and o not in roots | others:
                todo.append(o)
    return validate_graph(union)


__all__ = ["ImportOutcome", "NAME", "TextRejected", "document_key", "import_text", "reconcile_again", "symbol_key"]
