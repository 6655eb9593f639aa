"""Imported official texts on the web: ``/texts``, and the reading of a document or one of its parts.

* ``GET /texts``: the imported documents, each with its title, symbol, languages and editions (the
  current one marked), how many paragraphs, items and footnotes each edition holds, when it was
  imported and from which file (name and SHA-256), linked to the document's page. With nothing
  imported the page says so and gives the command that imports a text. A client that prefers
  JSON gets the same as JSON. Below the list, the form that imports a text from the browser
  (:mod:`.text_upload` answers it, on this same page: :func:`texts_html`).
* :func:`reading`: what the resource page of a ``wsis:Document`` or of one of its parts shows above
  its statement tables: the document's parts in document order, or the part's words, reference,
  heading, the paragraph or item it belongs to, its items, its footnotes and the parts that call
  it (a footnote). The edition read is the one in the page's language when there is one, else the
  English one, else any; a replaced edition's nodes are read in their own graph.

The editions come from :mod:`wsis_graph.texts.editions` (the description graph says which graphs
are imported texts); the links between parts are read from the edition's graph here.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from wsis_graph.namespaces import WSIS
from wsis_graph.store import Store
from wsis_graph.texts.documents import DOCUMENTS
from wsis_graph.texts.editions import PROLOGUE, ImportedEdition, StoredPart, editions, parts_of, title_in
from wsis_graph.uris import Minter
from wsis_graph.web.pages import labels
from wsis_graph.web.pages.view import View, current_store, render_page, wants_html
from wsis_graph.web.settings import UPDATE_TOKEN_ENV

bp = Blueprint("texts", __name__)

#: The command that imports a text, as the page shows it when none is imported.
IMPORT_COMMAND = "wsis-graph texts import FILE --document KEY"
#: The document keys the importer knows, for the help under the list.
KEYS = tuple(DOCUMENTS)


# ?graph is bound by the caller; the links between parts within one edition.
Q_LINKS = PROLOGUE + """SELECT ?graph ?part ?relation ?other WHERE {
  GRAPH ?graph {
    VALUES ?relation { dct:isPartOf wsis:underHeading wsis:footnote }
    ?part ?relation ?other .
  }
}"""

# ?node is bound by the caller: the imported graphs that hold it as a document or a part.
Q_HOLDERS = PROLOGUE + """SELECT ?node ?graph WHERE {
  GRAPH ?graph { { ?node a wsis:Document } UNION { ?node wsis:position ?position } }
}"""


def _mint() -> Minter:
    settings = current_app.config.get("SETTINGS")
    return Minter(settings.base) if settings is not None else Minter()


# -- /texts -------------------------------------------------------------------------------------------


def counts_of(parts: list[StoredPart]) -> dict[str, int]:
    """How many paragraphs (numbered and preambular), items (and sub-items), footnotes and headings.

    >>> from rdflib import URIRef
    >>> parts = [StoredPart("1", "paragraph", 1, "", "", URIRef("x:1")),
    ...          StoredPart("1(a)", "item", 2, "", "", URIRef("x:2"))]
    >>> counts_of(parts)
    {'paragraphs': 1, 'preambular': 0, 'items': 1, 'footnotes': 0, 'headings': 0}
    """
    kinds = Counter(p.kind for p in parts)
    return {
        "paragraphs": kinds["paragraph"] + kinds["preamble"],
        "preambular": kinds["preamble"],
        "items": kinds["item"] + kinds["subitem"],
        "footnotes": kinds["footnote"],
        "headings": kinds["heading"],
    }


@dataclass
class ListedEdition:
    """One edition as ``/texts`` lists it."""

    edition: ImportedEdition
    title: str
    counts: dict[str, int]

    def to_json(self) -> dict:
        return self.edition.to_json() | {"title": self.title, "counts": self.counts}


@dataclass
class ListedDocument:
    """One imported document with its editions (current ones first, by language)."""

    key: str
    document: URIRef | None
    title: str
    symbol: str
    languages: list[str]
    editions: list[ListedEdition] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "document": str(self.document) if self.document else None,
            "title": self.title,
            "symbol": self.symbol,
            "languages": self.languages,
            "editions": [e.to_json() for e in self.editions],
        }


def imported_documents(store: Store, mint: Minter | None = None) -> list[ListedDocument]:
    """Every imported document, by key, with its editions read back from the store."""
    found: dict[str, ListedDocument] = {}
    for edition in editions(store, mint):
        listed = ListedEdition(edition, title_in(store, edition.graph, edition.language), counts_of(parts_of(store, edition.graph)))
        document = found.setdefault(edition.key, ListedDocument(edition.key, None, "", "", []))
        document.editions.append(listed)
        if edition.language not in document.languages:
            document.languages.append(edition.language)
        if edition.current and (document.document is None or edition.language == "en"):
            document.document, document.title = edition.document, listed.title
            document.symbol = edition.symbol or document.symbol
    for document in found.values():
        document.editions.sort(key=lambda e: (e.edition.language != "en", e.edition.language, not e.edition.current, -e.edition.number))
        document.title = document.title or document.editions[0].title
        document.symbol = document.symbol or next((e.edition.symbol for e in document.editions if e.edition.symbol), "")
    return list(found.values())


@bp.get("/texts")
def texts_page() -> Response:
    if not wants_html():
        documents = imported_documents(current_store(), _mint())
        body = {"documents": [d.to_json() for d in documents], "import": IMPORT_COMMAND}
        return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    return texts_html()


def size_text(size: int) -> str:
    """A size in bytes as a person reads it.

    >>> size_text(2 * 1024 * 1024), size_text(100_000), size_text(512)
    ('2 MiB', '97.7 KiB', '512 bytes')
    """
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def texts_html(status: int = 200, **upload) -> Response:
    """The ``/texts`` page: the imported documents, then the import form (:mod:`.text_upload`).

    Args:
        status: The HTTP status.
        upload: What the upload module shows above the list: a ``preview``, an ``outcome`` or a
            ``problem``.
    """
    settings = current_app.config["SETTINGS"]
    return render_page(
        "pages/texts.html",
        View.for_request(),
        status,
        documents=imported_documents(current_store(), _mint()),
        command=IMPORT_COMMAND,
        keys=KEYS,
        known=list(DOCUMENTS.values()),
        imports_on=settings.updates_enabled and not settings.read_only,
        read_only=settings.read_only,
        upload_limit=size_text(settings.max_body),
        token_env=UPDATE_TOKEN_ENV,
        **upload,
    )


# -- reading a document or a part ------------------------------------------------------------------------


@dataclass
class Reading:
    """What a document's or a part's page shows of the text.

    Attributes:
        edition: The edition read.
        others: The document's other editions (other languages, earlier or later editions).
        document: The document's IRI in that edition.
        title: The document's title in that edition.
        part: The part the page is about (None on the document's page).
        parts: Every part of the edition in document order (on the document's page).
        depth: How far each part (by IRI) sits under a paragraph: 0, 1 for an item, 2 for a sub-item.
        heading: The heading the part sits under.
        parent: The paragraph of an item, the item of a sub-item.
        children: The part's items or sub-items, in order.
        footnotes: The footnotes the part calls.
        callers: For a footnote, the parts that call it.
    """

    edition: ImportedEdition
    others: list[ImportedEdition]
    document: URIRef
    title: str
    part: StoredPart | None = None
    parts: list[StoredPart] = field(default_factory=list)
    depth: dict[URIRef, int] = field(default_factory=dict)
    heading: StoredPart | None = None
    parent: StoredPart | None = None
    children: list[StoredPart] = field(default_factory=list)
    footnotes: list[StoredPart] = field(default_factory=list)
    callers: list[StoredPart] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.edition.language

    @property
    def dir(self) -> str:
        return "rtl" if labels.is_rtl(self.edition.language) else "ltr"


def _pick(candidates: list[ImportedEdition], lang: str) -> ImportedEdition:
    """The edition in ``lang``, else English, else the first; a current one before a replaced one."""
    ranked = sorted(candidates, key=lambda e: (not e.current, -e.number))
    for wanted in (lang, "en"):
        chosen = next((e for e in ranked if labels.primary(e.language) == labels.primary(wanted)), None)
        if chosen is not None:
            return chosen
    return ranked[0]


def reading(store: Store, node: URIRef, lang: str, mint: Minter | None = None) -> Reading | None:
    """The reading of ``node`` when it is an imported document or one of its parts, else None.

    Only IRIs minted for imported texts (``{base}text/…``) can be one, so every other resource
    page is answered without a query here.
    """
    mint = mint or Minter()
    if not str(node).startswith(f"{mint.base}text/"):
        return None
    holders = {row["graph"] for row in store.query(Q_HOLDERS, {"node": node}).dicts()}
    if not holders:
        return None
    known = editions(store, mint)
    candidates = [e for e in known if e.graph in holders]
    if not candidates:
        return None
    edition = _pick(candidates, lang)
    parts = parts_of(store, edition.graph)
    by_iri = {p.iri: p for p in parts}
    links: dict[URIRef, dict[URIRef, list[URIRef]]] = {}
    document = None
    for row in store.query(Q_LINKS, {"graph": edition.graph}).dicts():
        links.setdefault(row["relation"], {}).setdefault(row["part"], []).append(row["other"])
        if row["relation"] == DCTERMS.isPartOf and row["other"] not in by_iri:
            document = row["other"]
    part_of = {p: targets[0] for p, targets in links.get(DCTERMS.isPartOf, {}).items()}
    document = document or (node if node not in by_iri else edition.document)
    result = Reading(
        edition=edition,
        others=[e for e in known if e.key == edition.key and e.graph != edition.graph],
        document=document,
        title=title_in(store, edition.graph, edition.language),
    )
    if node not in by_iri:
        result.parts = parts
        for part in parts:
            depth, up = 0, part_of.get(part.iri)
            while up in by_iri and depth < 3:
                depth, up = depth + 1, part_of.get(up)
            result.depth[part.iri] = depth
        return result
    result.part = by_iri[node]
    heading = links.get(WSIS.underHeading, {}).get(node)
    result.heading = by_iri.get(heading[0]) if heading else None
    result.parent = by_iri.get(part_of.get(node))
    result.children = [p for p in parts if part_of.get(p.iri) == node]
    result.footnotes = [by_iri[n] for n in links.get(WSIS.footnote, {}).get(node, []) if n in by_iri]
    result.footnotes.sort(key=lambda p: p.position)
    result.callers = sorted((by_iri[p] for p, notes in links.get(WSIS.footnote, {}).items() if node in notes and p in by_iri),
                            key=lambda p: p.position)
    return result


__all__ = ["IMPORT_COMMAND", "ListedDocument", "ListedEdition", "Reading", "bp", "counts_of", "imported_documents", "reading", "size_text", "texts_html"]
