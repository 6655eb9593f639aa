"""The human-rights source: instruments and their provisions, down to the article.

Reads the tables of ``data/sources/human-rights/``:

* ``sources.csv``: the source keys (``S-UN-75-176`` …) that the other tables cite, each with the
  description the provenance notes give it; a key that is not described here is an error;
* ``instruments.csv``: one ``wsis:Instrument`` per row (declarations, treaties, resolutions,
  guiding principles, treaty-body general comments), a top concept of the ``human-rights`` scheme.
  The id is its ``skos:notation``, the title its ``skos:prefLabel``, the short name a
  ``skos:altLabel``. Three cells carry a status that qualifies one property only, and each becomes
  a confidence mark on that property plus the status verbatim: the document symbol
  (``wsis:documentSymbolConfidence`` / ``wsis:documentSymbolStatus``), the web page
  (``wsis:pageConfidence`` / ``wsis:pageStatus``) and the Wikidata item
  (``wsis:wikidataConfidence`` / ``wsis:wikidataEvidence``). A status that calls a value
  unverified or believed becomes ``wsis:Unknown``, never a stronger mark;
* ``provisions.csv``: one ``wsis:Provision`` per row (``UDHR:19``, ``ICESCR:15(1)(b)`` …), a
  narrower concept of its instrument.

Instrument ids are registered with kind ``instrument`` and provision ids with kind ``provision``,
so that ``rights-links`` (and any later source) can refer to them.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD

from wsis_graph.namespaces import WIKIDATA, WSIS
from wsis_graph.sources.base import (
    SourceContext,
    add_concept,
    add_text,
    add_top_concept,
    concept_scheme,
    confidence,
    date_literal,
    rows_by_id,
)
from wsis_graph.tables import Row

SCHEME_NAME = "human-rights"
#: The scheme's English label and definition.
SCHEME_LABEL = "Human-rights instruments and provisions"
SCHEME_DEFINITION = (
    "International human-rights instruments (declarations, treaties, resolutions, guiding principles "
    "and treaty-body general comments) that bear on digital cooperation, and the articles of them "
    "that matter most for it."
)

#: ``UDHR``, ``UNGPs``, ``HRC-RES-20-8``, ``HRC-RES-47-internet``, ``CCPR-GC34``.
INSTRUMENT_ID = re.compile(r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
#: ``19``, ``2(1)``, ``15(1)(b)``, ``4(1)(f)-(h)``.
ARTICLE = re.compile(r"[1-9][0-9]*(?:\([0-9a-z]+\))*(?:-\([a-z]+\))?")
PROVISION_ID = re.compile(rf"(?:{INSTRUMENT_ID.pattern}):(?:{ARTICLE.pattern})")
SOURCE_KEY = re.compile(r"S-[A-Z0-9]+(?:-[A-Za-z0-9.]+)*")
QID = re.compile(r"Q[1-9][0-9]*")
#: A UN document symbol: ``A/RES/217(III)``, ``A/CONF.157/24``, ``E/C.12/GC/25``, ``WSIS-05/TUNIS/DOC/7-E``.
SYMBOL = re.compile(r"[A-Z][A-Z0-9-]*(?:\.[0-9]+)?(?:/[A-Za-z0-9.()-]+)+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?")
FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEAR = re.compile(r"[0-9]{4}")
LEGALLY_BINDING = re.compile(r"(?:yes|no)(?: \([^()]+\))?")
URL = re.compile(r"https?://\S+")

INSTRUMENT_KINDS = ("declaration", "treaty", "resolution", "guiding principles", "treaty-body general comment")
#: The kind of instrument that can enter into force.
TREATY = "treaty"
NOT_RECHECKED = "not re-checked"
#: The status of a Wikidata item that was looked for and not found (not a confidence mark).
QID_NOT_FOUND = "not found"

#: Words that make a status cell 'unverified', whatever else it says; checked before any mark.
UNVERIFIED = re.compile(r"\b(?:unverified|believed|not confirmed)\b", re.IGNORECASE)
#: Status phrases of the URL column that name no confidence mark, and the mark each is given: a
#: URL that was never opened, or a third-party mirror of the text, is at most single-source.
PAGE_STATUS_MARKS: dict[str, URIRef] = {
    "not live-checked": WSIS.SingleSource,
    "third-party document mirror": WSIS.SingleSource,
}

SOURCE_COLUMNS = ("key", "group", "description")
INSTRUMENT_COLUMNS = (
    "id",
    "short_name",
    "official_title",
    "title_status",
    "kind",
    "adopting_body",
    "adoption_date",
    "adoption_date_as_worded",
    "adoption_year",
    "document_symbol",
    "document_symbol_as_worded",
    "symbol_status",
    "entry_into_force",
    "legally_binding",
    "uri",
    "uri_status",
    "wikidata_qid",
    "qid_status",
    "digital_relevance",
    "sources",
    "notes",
)
PROVISION_COLUMNS = (
    "provision_id",
    "instrument",
    "article",
    "right_short_name",
    "digital_relevance",
    "text_checked",
    "notes",
)


def build(ctx: SourceContext) -> Graph:
    """Build the human-rights graph from ``data/sources/human-rights`` (see :mod:`wsis_graph.sources`)."""
    graph = ctx.new_graph()
    scheme = concept_scheme(graph, ctx.mint.scheme(SCHEME_NAME), SCHEME_LABEL, SCHEME_DEFINITION)
    keys = read_source_keys(ctx)
    instruments = add_instruments(graph, ctx, scheme, keys)
    add_provisions(graph, ctx, scheme, keys, instruments)
    return graph


# -- Source keys -------------------------------------------------------------------------------------


def read_source_keys(ctx: SourceContext, name: str = "sources.csv") -> dict[str, str]:
    """The source keys of ``<folder>/<name>`` and their descriptions.

    Returns:
        The description of each key.
    """
    table = ctx.table(name, SOURCE_COLUMNS)
    keys: dict[str, str] = {}
    for key, row in rows_by_id(table, "key", SOURCE_KEY, "source key", "source key", twice="is described twice"):
        row.require("group")
        keys[key] = row.require("description")
    return keys


def add_source_keys(graph: Graph, node: URIRef, row: Row, column: str, keys: dict[str, str]) -> list[str]:
    """The source keys of a cell (separated by ';'), each as ``wsis:sourceKey`` and as a citation.

    Returns:
        The keys, in the order of the cell.
    """
    cited = row.codes(column, SOURCE_KEY, "source key")
    if not cited:
        raise row.error(column, "required value is empty")
    for key in cited:
        add_source_key(graph, node, row, column, key, keys)
    return cited


def add_source_key(graph: Graph, node: URIRef, row: Row, column: str, key: str, keys: dict[str, str]) -> None:
    if key not in keys:
        raise row.error(column, f"source key {key!r} is not described in sources.csv")
    graph.add((node, WSIS.sourceKey, Literal(key)))
    graph.add((node, DCTERMS.bibliographicCitation, Literal(f"{key}: {keys[key]}")))


# -- Status cells --------------------------------------------------------------------------------------


def status_mark(row: Row, column: str, phrases: dict[str, URIRef] | None = None) -> tuple[URIRef, str]:
    """The confidence mark of a status cell, and the cell verbatim when it says more than the mark.

    A cell that calls the value unverified, believed or not confirmed is ``wsis:Unknown`` (even
    when a mark word such as 'verified' appears in it). Otherwise a phrase of ``phrases`` gives the
    mark, and failing that the cell must name a confidence mark (the weakest one named wins).

    Raises:
        SourceError: the cell is empty or names no mark.
    """
    value = row.require(column)
    if UNVERIFIED.search(value):
        return WSIS.Unknown, value
    for phrase, mark in (phrases or {}).items():
        if phrase in value:
            return mark, value
    mark, note = confidence(row, column)
    return mark, note


def add_status(
    graph: Graph, node: URIRef, row: Row, column: str, mark_property: URIRef, note_property: URIRef, **kw
) -> URIRef:
    """The mark of a status cell on ``mark_property`` and the verbatim cell on ``note_property``."""
    mark, note = status_mark(row, column, **kw)
    graph.add((node, mark_property, mark))
    if note:
        graph.add((node, note_property, Literal(note)))
    return mark


# -- Instruments ------------------------------------------------------------------------------------


def add_instruments(graph: Graph, ctx: SourceContext, scheme: URIRef, keys: dict[str, str]) -> dict[str, URIRef]:
    """One ``wsis:Instrument`` top concept per row of ``instruments.csv``.

    Returns:
        The instrument IRIs by id.
    """
    table = ctx.table("instruments.csv", INSTRUMENT_COLUMNS)
    instruments: dict[str, URIRef] = {}
    for code, row in rows_by_id(table, "id", INSTRUMENT_ID, "instrument id", "instrument"):
        iri = ctx.declare("instrument", code, row)
        instruments[code] = iri
        add_instrument(graph, iri, code, row, scheme, keys)
    return instruments


def add_instrument(graph: Graph, iri: URIRef, code: str, row: Row, scheme: URIRef, keys: dict[str, str]) -> None:
    """The facts of one instrument row."""
    title = row.require("official_title")
    add_concept(graph, iri, WSIS.Instrument, code, title, scheme)
    add_top_concept(graph, iri, scheme)
    short_name = row.require("short_name")
    if short_name != title:
        graph.add((iri, SKOS.altLabel, Literal(short_name, lang="en")))
    add_text(graph, iri, WSIS.labelStatus, row.get("title_status"), lang=None)
    kind = row.one_of("kind", INSTRUMENT_KINDS)
    graph.add((iri, WSIS.instrumentKind, Literal(kind)))
    graph.add((iri, WSIS.adoptingBody, Literal(row.require("adopting_body"))))
    add_adoption(graph, iri, row)
    add_symbol(graph, iri, row)
    add_entry_into_force(graph, iri, row, kind)
    binding = row.code("legally_binding", LEGALLY_BINDING, "legally-binding value")
    graph.add((iri, WSIS.legallyBinding, Literal(binding)))
    add_page(graph, iri, row)
    add_wikidata(graph, iri, row)
    add_text(graph, iri, WSIS.digitalRelevance, row.require("digital_relevance"))
    add_source_keys(graph, iri, row, "sources", keys)
    add_text(graph, iri, SKOS.note, row.get("notes"))


def add_adoption(graph: Graph, iri: URIRef, row: Row) -> None:
    """``dct:issued`` from the adoption date (or, lacking one, the year), and the cell as worded.

    The year must agree with the date, and a date kept as worded must open with the date.
    """
    date = row.code("adoption_date", ISO_DATE, "adoption date", required=False)
    year = row.code("adoption_year", YEAR, "adoption year", required=False)
    worded = row.get("adoption_date_as_worded")
    if date and year and date[:4] != year:
        raise row.error("adoption_year", f"year {year!r} differs from the adoption date {date!r}")
    if worded and not (date and worded.startswith(date)):
        raise row.error("adoption_date", f"the date as worded {worded!r} does not open with the adoption date {date!r}")
    issued = date_literal(date) if date else (Literal(year, datatype=XSD.gYear) if year else None)
    if issued is not None:
        graph.add((iri, DCTERMS.issued, issued))
    add_text(graph, iri, WSIS.dateAsWorded, worded, lang=None)


def add_symbol(graph: Graph, iri: URIRef, row: Row) -> None:
    """The document symbol, its cell as worded, and the mark and wording of its status.

    A symbol (or a symbol cell) needs a status. Without one, the status may only say why there is
    none (an unverified or believed symbol, kept in the status wording, never as the symbol).
    """
    symbol = row.code("document_symbol", SYMBOL, "document symbol", required=False)
    worded = row.get("document_symbol_as_worded")
    if symbol and worded and symbol not in worded:
        raise row.error("document_symbol", f"symbol {symbol!r} does not appear in the cell as worded {worded!r}")
    if symbol:
        graph.add((iri, WSIS.documentSymbol, Literal(symbol)))
    add_text(graph, iri, WSIS.documentSymbolAsWorded, worded, lang=None)
    if not row.get("symbol_status"):
        if symbol or worded:
            raise row.error("symbol_status", "required value is empty (the row gives a document symbol)")
        return
    mark = add_status(graph, iri, row, "symbol_status", WSIS.documentSymbolConfidence, WSIS.documentSymbolStatus)
    if not (symbol or worded) and mark != WSIS.Unknown:
        raise row.error("symbol_status", "the row gives no document symbol, so its status cannot confirm one")


def add_entry_into_force(graph: Graph, iri: URIRef, row: Row, kind: str) -> None:
    date = row.code("entry_into_force", FULL_DATE, "entry-into-force date", required=False)
    if not date:
        return
    if kind != TREATY:
        raise row.error("entry_into_force", f"only a treaty enters into force; this instrument is a {kind}")
    graph.add((iri, WSIS.entryIntoForce, Literal(date, datatype=XSD.date)))


def add_page(graph: Graph, iri: URIRef, row: Row) -> None:
    """``foaf:page`` with the mark and wording of its status; a status without a URL is kept verbatim."""
    url = row.code("uri", URL, "URL", required=False)
    if not url:
        add_text(graph, iri, WSIS.pageStatus, row.get("uri_status"), lang=None)
        return
    graph.add((iri, FOAF.page, URIRef(url)))
    add_status(graph, iri, row, "uri_status", WSIS.pageConfidence, WSIS.pageStatus, phrases=PAGE_STATUS_MARKS)


def add_wikidata(graph: Graph, iri: URIRef, row: Row) -> None:
    """``wsis:wikidata`` with its mark, where the row gives a QID; 'not found' writes nothing."""
    qid = row.code("wikidata_qid", QID, "Wikidata QID", required=False)
    status = row.get("qid_status")
    if not qid:
        if status and status != QID_NOT_FOUND:
            raise row.error("qid_status", f"status {status!r} given for a Wikidata item the row does not name")
        return
    if status == QID_NOT_FOUND:
        raise row.error("qid_status", f"the row names {qid} but its status says {QID_NOT_FOUND!r}")
    graph.add((iri, WSIS.wikidata, WIKIDATA[qid]))
    add_status(graph, iri, row, "qid_status", WSIS.wikidataConfidence, WSIS.wikidataEvidence)


# -- Provisions -------------------------------------------------------------------------------------


def add_provisions(
    graph: Graph, ctx: SourceContext, scheme: URIRef, keys: dict[str, str], instruments: dict[str, URIRef]
) -> None:
    """One ``wsis:Provision`` per row of ``provisions.csv``, registered by id, narrower than its instrument."""
    table = ctx.table("provisions.csv", PROVISION_COLUMNS)
    provisions: set[str] = set()
    by_iri: dict[URIRef, str] = {}
    for row in table:
        pid = row.code("provision_id", PROVISION_ID, "provision id")
        instrument = row.code("instrument", INSTRUMENT_ID, "instrument id")
        article = row.code("article", ARTICLE, "article number")
        if pid != f"{instrument}:{article}":
            raise row.error("provision_id", f"{pid!r} is not instrument:article ({instrument}:{article})")
        if instrument not in instruments:
            ctx.registry.resolve(instrument, row, "instrument", kinds=["instrument"])
            raise row.error("instrument", f"{instrument!r} is not an instrument of instruments.csv")
        if pid in provisions:
            raise row.error("provision_id", f"provision {pid!r} is declared twice")
        iri = ctx.mint.iri("provision", pid)
        if iri in by_iri:
            raise row.error("provision_id", f"{pid!r} and {by_iri[iri]!r} would share the IRI {iri}")
        by_iri[iri] = pid
        provisions.add(pid)
        ctx.registry.add(pid, iri, "provision", row)
        add_provision(graph, iri, pid, article, instruments[instrument], row, scheme, keys)


def add_provision(
    graph: Graph,
    iri: URIRef,
    pid: str,
    article: str,
    instrument: URIRef,
    row: Row,
    scheme: URIRef,
    keys: dict[str, str],
) -> None:
    """The facts of one provision row."""
    add_concept(graph, iri, WSIS.Provision, pid, row.require("right_short_name"), scheme)
    graph.add((iri, WSIS.instrument, instrument))
    graph.add((iri, SKOS.broader, instrument))
    graph.add((instrument, SKOS.narrower, iri))
    graph.add((iri, WSIS.articleNumber, Literal(article)))
    add_text(graph, iri, WSIS.digitalRelevance, row.require("digital_relevance"))
    checked = row.require("text_checked")
    if checked != NOT_RECHECKED:
        checked = row.code("text_checked", SOURCE_KEY, f"source key (or {NOT_RECHECKED!r})")
        add_source_key(graph, iri, row, "text_checked", checked, keys)
    graph.add((iri, WSIS.textCheck, Literal(checked)))
    add_text(graph, iri, SKOS.note, row.get("notes"))
