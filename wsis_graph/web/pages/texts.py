"""Imported official texts on the web: ``/texts``.

* ``GET /texts``: the imported documents, each with its title, symbol, languages and editions (the
  current one marked), how many paragraphs, items and footnotes each edition holds, when it was
  imported and from which file (name and SHA-256), linked to the document's page. With nothing
  imported the page says so and gives the command that imports a text. A client that prefers
  JSON gets the same as JSON.

The editions come from :mod:`wsis_graph.texts.editions` (the description graph says which graphs
are imported texts).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app
from rdflib import URIRef

from wsis_graph.store import Store
from wsis_graph.texts.documents import DOCUMENTS
from wsis_graph.texts.editions import ImportedEdition, StoredPart, editions, parts_of, title_in
from wsis_graph.uris import Minter
from wsis_graph.web.pages.view import View, current_store, render_page, wants_html

bp = Blueprint("texts", __name__)

#: The command that imports a text, as the page shows it when none is imported.
IMPORT_COMMAND = "wsis-graph texts import FILE --document KEY"
#: The document keys the importer knows, for the help under the list.
KEYS = tuple(DOCUMENTS)


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
    documents = imported_documents(current_store(), _mint())
    if not wants_html():
        body = {"documents": [d.to_json() for d in documents], "import": IMPORT_COMMAND}
        return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    return render_page("pages/texts.html", View.for_request(), documents=documents, command=IMPORT_COMMAND, keys=KEYS)


__all__ = ["IMPORT_COMMAND", "ListedDocument", "ListedEdition", "bp", "counts_of", "imported_documents"]
