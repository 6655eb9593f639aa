"""The rights-links source: where texts ground themselves in human-rights instruments and articles.

Reads the tables of ``data/sources/rights-links/``:

* ``sources.csv``: the source keys the links cite, with their descriptions;
* ``documents.csv``: documents the links name that no earlier source declares (the Tunis
  Commitment), each a ``wsis:Document``;
* ``links.csv``: one ``wsis:Alignment`` per row, with the direct triple ``wsis:groundedIn``.

Each row names its two ends twice: ``from_id`` / ``to_id`` as the reference table words them, and
``from_ref`` / ``to_ref``, the id some source registered for the same thing. The two differ only
for the aliases in :data:`ID_ALIASES` and for SDG targets (``SDG:16.10`` → ``16.10``); anything
else is an error, so that no id is mapped silently.

The relation as worded decides the direction of the grounding (:data:`RELATIONS`): most rows read
'from rests on to' (a resolution recalls an article); the rows that tie a provision to an SDG
target, and the few where 'from' is a precondition for 'to' or annexes it, ground 'to' in
'from'. The basis as worded decides the method (:data:`BASIS_METHODS`). Both tables are in
PROVENANCE.md; a wording neither table knows is an error.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import (
    SourceContext,
    add_alignment,
    add_confidence,
    add_sources,
    add_text,
    date_literal,
    declare_document,
    rows_by_id,
    split_urls,
)
from wsis_graph.sources.human_rights import SYMBOL, add_source_keys, read_source_keys
from wsis_graph.tables import Row

ALIGNMENT_PREFIX = "rights-links"

LINK_ID = re.compile(r"L[0-9]{3}")
#: An id as the links table words it: ``UDHR``, ``UDHR:19``, ``ICESCR:15(1)(b)``, ``WSIS-GenevaDoP``,
#: ``SDG:16.10``.
WORDED_ID = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?::[0-9][0-9a-z.()-]*)?")
#: A registered id: the same, or an SDG target code (``16.10``, ``6.b``).
REGISTERED_ID = re.compile(rf"(?:{WORDED_ID.pattern})|(?:1[0-7]|[1-9])\.(?:[1-9][0-9]?|[a-z])")
SDG_PREFIX = "SDG:"

#: Ids of the links table that other sources register under another id (see PROVENANCE.md).
ID_ALIASES: dict[str, str] = {
    "WSIS-GenevaDoP": "DOC-GENEVA-DECLARATION",
    "WSIS-TunisAgenda": "TUNIS-AGENDA",
    "WSIS-TunisCommitment": "DOC-TUNIS-COMMITMENT",
}

#: The kinds of thing a link may start from or point to.
LINK_KINDS = (
    "instrument",
    "provision",
    "document",
    "process",
    "action-line",
    "gdc-objective",
    "gdc-principle",
    "gdc-section",
    "gdc-paragraph",
    "sdg-goal",
    "sdg-target",
)

FORWARD, REVERSED = "forward", "reversed"

#: Each relation as worded, and whether 'from' is grounded in 'to' (forward) or 'to' in 'from'.
RELATIONS: dict[str, str] = {
    "commits_to_uphold": FORWARD,
    "reaffirms_universality_as_enshrined_in": FORWARD,
    "cites_article": FORWARD,
    "reaffirms": FORWARD,
    "addresses_theme_of": FORWARD,
    "refers_to": FORWARD,
    "reaffirms_commitment_to_article": FORWARD,
    "recalls_commitments_under_article": FORWARD,
    "upholds_right_as_set_out_in": FORWARD,
    "recalls": FORWARD,
    "affirms_online_protection_in_accordance_with": FORWARD,
    "calls_for_application_of": FORWARD,
    "frames_surveillance_risk_against": FORWARD,
    "affirms_right_as_set_out_in": FORWARD,
    "restates_wording_of": FORWARD,
    "remains_committed_to_outcomes_of": FORWARD,
    "interprets": FORWARD,
    "identifies_as_also_protecting_opinion_or_expression": FORWARD,
    "interprets_as_covering_online_assembly": FORWARD,
    "interprets_for_digital_environment": FORWARD,
    # The SDG target reflects the provision: the target is grounded in it.
    "reflected_in_sdg_target": REVERSED,
    "co-listed_on_DIHR_ICT_theme_page": REVERSED,
    # Access (from) is a precondition for expression (to): expression rests on access.
    "precondition_for (per CRPD GC 2)": REVERSED,
    # The Pact (from) annexes the Compact (to): the Compact rests on the resolution adopting it.
    "annexes": REVERSED,
}

#: The opening phrase of a basis cell (before any '(' or ','), and the method it stands for.
BASIS_METHODS: dict[str, URIRef] = {
    "explicit reference": WSIS.OfficialText,
    "explicit citation": WSIS.OfficialText,
    "explicit instrument reference + article wording": WSIS.OfficialText,
    "explicit text": WSIS.OfficialText,
    "title": WSIS.OfficialText,
    "quotation of treaty-body text": WSIS.OfficialText,
    "published mapping": WSIS.PublishedMapping,
    "published guidance": WSIS.PublishedMapping,
    "secondary description": WSIS.PublishedMapping,
    "compiler inference": WSIS.CompilerInference,
    "wording match": WSIS.CompilerInference,
    "co-listing on one page": WSIS.CompilerInference,
    "secondary summary": WSIS.CompilerInference,
}
#: The reference table caps every row whose basis is a compiler inference at single-source.
CAPPED_BASIS = "compiler inference"

DOCUMENT_COLUMNS = (
    "document_id",
    "title",
    "document_symbol",
    "adoption_date",
    "source_urls",
    "source_key",
    "confidence",
    "note",
)
LINK_COLUMNS = (
    "link_id",
    "from_id",
    "from_ref",
    "from_locator",
    "to_id",
    "to_ref",
    "to_locator",
    "relation",
    "source_key",
    "source_ref",
    "confidence",
    "basis",
    "notes",
)


def build(ctx: SourceContext) -> Graph:
    """Build the rights-links graph.

    Args:
        ctx: the build context of ``data/sources/rights-links``; the registry must already hold the
            instruments and provisions (``human-rights``) and the WSIS, GDC and SDG ids the links name.

    See :mod:`wsis_graph.sources` for what every source's ``build`` returns and raises.
    """
    graph = ctx.new_graph()
    keys = read_source_keys(ctx)
    add_documents(graph, ctx, keys)
    table = ctx.table("links.csv", LINK_COLUMNS)
    for link_id, row in rows_by_id(table, "link_id", LINK_ID, "link id", "link", twice="appears twice"):
        add_link(graph, ctx, link_id, row, keys)
    return graph


# -- Documents ---------------------------------------------------------------------------------------


def add_documents(graph: Graph, ctx: SourceContext, keys: dict[str, str]) -> None:
    """Declare the documents of ``documents.csv``; each must be new to the registry."""
    for row in ctx.table("documents.csv", DOCUMENT_COLUMNS):
        _, iri = declare_document(graph, ctx, row, "title")
        symbol = row.code("document_symbol", SYMBOL, "document symbol", required=False)
        if symbol:
            graph.add((iri, WSIS.documentSymbol, Literal(symbol)))
        add_issued(graph, iri, row)
        add_sources(graph, iri, split_urls(row.require("source_urls")))
        add_source_keys(graph, iri, row, "source_key", keys)
        add_confidence(graph, iri, row, "confidence")
        add_text(graph, iri, SKOS.note, row.get("note"))


def add_issued(graph: Graph, iri: URIRef, row: Row) -> None:
    value = row.get("adoption_date")
    if not value:
        return
    issued = date_literal(value)
    if issued is None:
        raise row.error("adoption_date", f"{value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    graph.add((iri, DCTERMS.issued, issued))


# -- Links -------------------------------------------------------------------------------------------


def add_link(graph: Graph, ctx: SourceContext, link_id: str, row: Row, keys: dict[str, str]) -> URIRef:
    """One ``wsis:Alignment`` (and its ``wsis:groundedIn`` triple) for a row of ``links.csv``."""
    ends = {side: link_end(ctx, row, side) for side in ("from", "to")}
    if ends["from"] == ends["to"]:
        raise row.error("to_ref", f"the link starts and ends at {row.get('to_ref')!r}")
    relation = row.require("relation")
    if relation not in RELATIONS:
        raise row.error("relation", f"relation {relation!r} has no direction; add it to RELATIONS (see PROVENANCE.md)")
    reversed_ = RELATIONS[relation] == REVERSED
    subject_side, object_side = ("to", "from") if reversed_ else ("from", "to")
    subject, obj = ends[subject_side], ends[object_side]
    node = add_alignment(
        graph,
        ctx.mint.iri("alignment", ALIGNMENT_PREFIX, link_id),
        subject=subject,
        relation=WSIS.groundedIn,
        obj=obj,
        row=row,
        confidence_column="confidence",
        method=method_of(row),
        relation_as_worded=relation,
        sources=split_urls(row.require("source_ref")),
        locator=row.get(f"{subject_side}_locator"),
        basis=row.require("basis"),
        note=row.get("notes"),
    )
    graph.add((node, DCTERMS.identifier, Literal(link_id)))
    locator = row.get(f"{object_side}_locator")
    if locator:
        graph.add((node, WSIS.objectLocator, Literal(locator)))
    add_source_keys(graph, node, row, "source_key", keys)
    note = editorial_note(row, relation, reversed_)
    if note:
        graph.add((node, SKOS.editorialNote, Literal(note, lang="en")))
    return node


def link_end(ctx: SourceContext, row: Row, side: str) -> URIRef:
    """The resolved IRI of one end of a link.

    The registered id must be the worded id, its alias (:data:`ID_ALIASES`), or, for ``SDG:<target>``,
    the bare target code.
    """
    worded = row.code(f"{side}_id", WORDED_ID, "link end id")
    ref = row.code(f"{side}_ref", REGISTERED_ID, "registered id")
    expected = expected_ref(worded)
    if ref != expected:
        raise row.error(f"{side}_ref", f"{ref!r} is not the registered id of {worded!r} (expected {expected!r})")
    return ctx.registry.resolve(ref, row, f"{side}_ref", kinds=LINK_KINDS)


def expected_ref(worded: str) -> str:
    """The id under which a worded id is registered.

    >>> expected_ref("SDG:16.10"), expected_ref("WSIS-GenevaDoP"), expected_ref("UDHR:19")
    ('16.10', 'DOC-GENEVA-DECLARATION', 'UDHR:19')
    """
    if worded.startswith(SDG_PREFIX):
        return worded[len(SDG_PREFIX):]
    return ID_ALIASES.get(worded, worded)


def method_of(row: Row) -> URIRef:
    """The method a basis cell stands for (:data:`BASIS_METHODS`).

    A compiler-inference row marked verified contradicts the reference table's own cap and is an
    error.
    """
    basis = row.require("basis")
    head = re.split(r"\s*[(,]", basis, maxsplit=1)[0].strip()
    if head not in BASIS_METHODS:
        raise row.error("basis", f"basis {basis!r} maps to no method; add it to BASIS_METHODS (see PROVENANCE.md)")
    if head == CAPPED_BASIS and row.get("confidence") == "verified":
        raise row.error("confidence", "a link whose basis is a compiler inference is at most single-source")
    return BASIS_METHODS[head]


def editorial_note(row: Row, relation: str, reversed_: bool) -> str:
    """What the build did to the row's ends: ids mapped to their registered ids, direction reversed.

    The ids as worded are kept here rather than in wsis:subjectAsWorded / wsis:objectAsWorded,
    which the GDC-WSIS link shape claims for its own links.
    """
    parts = []
    for side in ("from", "to"):
        worded, ref = row.get(f"{side}_id"), row.get(f"{side}_ref")
        if worded != ref:
            parts.append(f"The source table names {worded!r}, registered as {ref!r}.")
    if reversed_:
        parts.append(
            f"The source table words this link from {row.get('from_id')} to {row.get('to_id')} ('{relation}'); "
            f"as a grounding it runs the other way: {row.get('to_id')} is grounded in {row.get('from_id')}."
        )
    return " ".join(parts)
