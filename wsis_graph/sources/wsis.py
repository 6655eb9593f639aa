"""The WSIS source: the Action Lines, the UN entities, and the processes and documents around them.

Reads three tables of ``data/sources/wsis/``:

* ``action_lines.csv``: the eleven Action Lines C1–C11 and the eight e-application sub-lines of C7,
  as ``wsis:ActionLine`` concepts of one scheme, with the paragraph of the Geneva Plan of Action
  and how that paragraph number was established (seen or inferred);
* ``entities.csv``: the organisations (``wsis:Entity``), with their Wikidata item where known;
* ``processes.csv``: the processes and bodies (``wsis:Process``) and the outcome documents and text
  provisions (``wsis:Document``).

A process row whose id is also the acronym of an entity (CSTD, UNGIS, ODET, OHCHR) describes the
same body as the entity row, so both rows describe one node, typed ``wsis:Entity`` and
``wsis:Process``, registered once, as an entity.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from wsis_graph.namespaces import WIKIDATA, WSIS
from wsis_graph.sources.base import (
    SourceContext,
    add_concept,
    add_confidence,
    add_date,
    add_label,
    add_provenance,
    add_sources,
    add_text,
    add_top_concept,
    concept_scheme,
    confidence,
    rows_by_id,
    split_urls,
)
from wsis_graph.tables import Row

#: C1 … C11, and the C7 sub-lines (``C7.e-health``).
ACTION_LINE_ID = re.compile(r"C(?:[1-9]|1[01])(?:\.e-[a-z]+)?")
#: Entity acronyms and process ids: upper-case letters and digits, parts joined by hyphens.
ACRONYM = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
PROCESS_ID = ACRONYM
PARAGRAPH = re.compile(r"[1-9][0-9]*")
QID = re.compile(r"Q[1-9][0-9]*")
URL = re.compile(r"https?://\S+")

ACTION_LINE_COLUMNS = (
    "id",
    "official_name",
    "name_in_geneva_plan_2003",
    "parent",
    "poa_paragraph",
    "poa_paragraph_status",
    "description_own_words",
    "source_name",
    "source_paragraph",
    "name_confidence",
    "paragraph_confidence",
    "notes",
)
ENTITY_COLUMNS = (
    "acronym",
    "full_name",
    "entity_type",
    "wikidata_qid",
    "wikidata_uri",
    "qid_status",
    "qid_evidence",
    "notes",
)
PROCESS_COLUMNS = (
    "process_id",
    "name",
    "type",
    "kind",
    "part_of",
    "description_own_words",
    "basis",
    "key_dates",
    "related_entities",
    "source_urls",
    "confidence",
    "notes",
)

#: The ``kind`` column of processes.csv: registry kind and class.
PROCESS_KINDS: dict[str, URIRef] = {"process": WSIS.Process, "document": WSIS.Document}

#: Paragraph confidence marks that the status column may start with.
PARAGRAPH_MARKS = ("verified", "inferred")

SCHEME_NAME = "action-lines"
#: The scheme's English label and definition.
SCHEME_LABEL = "WSIS Action Lines"
SCHEME_DEFINITION = (
    "The lines of action of the WSIS Geneva Plan of Action (C1 to C11) and the eight "
    "e-application sub-lines of C7."
)


def build(ctx: SourceContext) -> Graph:
    """Build the WSIS graph from ``data/sources/wsis``: entities, processes and documents, Action Lines.

    See :mod:`wsis_graph.sources` for what every source's ``build`` does and raises.
    """
    graph = ctx.new_graph()
    entities = add_entities(graph, ctx)
    add_processes(graph, ctx, entities)
    add_action_lines(graph, ctx)
    return graph


# -- Action Lines ----------------------------------------------------------------------------------


def add_action_lines(graph: Graph, ctx: SourceContext) -> None:
    """One ``wsis:ActionLine`` per row, registered by id; sub-lines are narrower concepts of their parent."""
    table = ctx.table("action_lines.csv", ACTION_LINE_COLUMNS)
    scheme = concept_scheme(graph, ctx.mint.scheme(SCHEME_NAME), SCHEME_LABEL, SCHEME_DEFINITION)
    declared: dict[str, tuple[URIRef, Row]] = {}
    for code, row in rows_by_id(table, "id", ACTION_LINE_ID, "Action Line id", "Action Line", name_first=True):
        iri = ctx.declare("action-line", code, row)
        declared[code] = (iri, row)
        add_action_line(graph, iri, code, row, scheme)
    for code, (iri, row) in declared.items():
        add_hierarchy(graph, ctx, iri, code, row, scheme)


def add_action_line(graph: Graph, iri: URIRef, code: str, row: Row, scheme: URIRef) -> None:
    """The concept, its names, paragraph, description, sources and confidence marks."""
    name = row.require("official_name")
    add_concept(graph, iri, WSIS.ActionLine, code, name, scheme)
    geneva_name = row.get("name_in_geneva_plan_2003")
    if geneva_name and geneva_name != name:
        graph.add((iri, WSIS.nameInGenevaPlan, Literal(geneva_name, lang="en")))
    add_text(graph, iri, SKOS.definition, row.require("description_own_words"))
    add_paragraph(graph, iri, row)
    add_sources(graph, iri, split_urls(row.require("source_name")))
    add_confidence(graph, iri, row, "name_confidence")
    add_text(graph, iri, SKOS.note, row.get("notes"))


def add_paragraph(graph: Graph, iri: URIRef, row: Row) -> None:
    """The Geneva Plan paragraph, its own confidence, its status verbatim and its sources.

    The status must open with the paragraph's confidence mark (``verified: …`` or
    ``inferred: …``), so that the two columns cannot drift apart.
    """
    paragraph = row.code("poa_paragraph", PARAGRAPH, "paragraph number")
    status = row.require("poa_paragraph_status")
    mark, _ = confidence(row, "paragraph_confidence")
    word = row.get("paragraph_confidence")
    if word not in PARAGRAPH_MARKS:
        raise row.error("paragraph_confidence", f"{word!r} is not one of: {', '.join(PARAGRAPH_MARKS)}")
    if status.split(":", 1)[0].strip() != word:
        raise row.error(
            "poa_paragraph_status",
            f"status {status[:40]!r}… does not open with the paragraph confidence {word!r}",
        )
    graph.add((iri, WSIS.paragraph, Literal(paragraph)))
    graph.add((iri, WSIS.paragraphConfidence, mark))
    graph.add((iri, WSIS.paragraphStatus, Literal(status)))
    for url in split_urls(row.get("source_paragraph")):
        if not URL.fullmatch(url):
            raise row.error("source_paragraph", f"{url!r} is not an absolute http(s) URL")
        graph.add((iri, WSIS.paragraphSource, URIRef(url)))


def add_hierarchy(graph: Graph, ctx: SourceContext, iri: URIRef, code: str, row: Row, scheme: URIRef) -> None:
    """``skos:broader``/``narrower`` for a sub-line, ``skos:topConceptOf`` for a main line.

    A sub-line's parent must be the Action Line its id starts with (``C7`` for ``C7.e-health``).
    """
    parent = row.code("parent", ACTION_LINE_ID, "Action Line id", required=False)
    expected = code.split(".", 1)[0] if "." in code else ""
    if parent != expected:
        want = f"{expected!r}" if expected else "empty (a main Action Line has no parent)"
        raise row.error("parent", f"parent {parent!r} of {code!r} should be {want}")
    if not parent:
        add_top_concept(graph, iri, scheme)
        return
    parent_iri = ctx.registry.resolve(parent, row, "parent", kinds=["action-line"])
    graph.add((iri, SKOS.broader, parent_iri))
    graph.add((parent_iri, SKOS.narrower, iri))


# -- Entities --------------------------------------------------------------------------------------


def add_entities(graph: Graph, ctx: SourceContext) -> dict[str, URIRef]:
    """One ``wsis:Entity`` per row, registered by acronym.

    Returns:
        The entity IRIs by acronym.
    """
    table = ctx.table("entities.csv", ENTITY_COLUMNS)
    declared: dict[str, URIRef] = {}
    for acronym, row in rows_by_id(table, "acronym", ACRONYM, "entity acronym", "entity"):
        iri = ctx.declare("entity", acronym, row)
        declared[acronym] = iri
        graph.add((iri, RDF.type, WSIS.Entity))
        add_label(graph, iri, row.require("full_name"))
        graph.add((iri, SKOS.altLabel, Literal(acronym, lang="en")))
        graph.add((iri, SKOS.notation, Literal(acronym)))
        graph.add((iri, WSIS.entityType, Literal(row.require("entity_type"))))
        add_wikidata(graph, iri, row)
        add_text(graph, iri, SKOS.note, row.get("notes"))
    return declared


def add_wikidata(graph: Graph, iri: URIRef, row: Row) -> None:
    """``wsis:wikidata`` and its own confidence, where the row gives a QID.

    The QID, the URI and the status must agree: a QID needs the matching Wikidata URI and a
    confidence mark; no QID needs an empty URI and the status ``not-found`` (or none).
    """
    qid = row.code("wikidata_qid", QID, "Wikidata id", required=False)
    uri = row.get("wikidata_uri")
    status = row.get("qid_status")
    if not qid:
        if uri:
            raise row.error("wikidata_uri", f"a Wikidata URI {uri!r} without a Wikidata id")
        if status not in ("", "not-found"):
            raise row.error("qid_status", f"status {status!r} given for a Wikidata id that is empty")
        return
    expected = WIKIDATA[qid]
    if uri != str(expected):
        raise row.error("wikidata_uri", f"{uri!r} does not match the Wikidata id {qid!r} (expected {expected})")
    if status == "not-found":
        raise row.error("qid_status", f"status 'not-found' but the row gives the Wikidata id {qid!r}")
    mark, _ = confidence(row, "qid_status")
    graph.add((iri, WSIS.wikidata, expected))
    graph.add((iri, WSIS.wikidataConfidence, mark))
    evidence = row.get("qid_evidence")
    if evidence:
        graph.add((iri, WSIS.wikidataEvidence, Literal(evidence)))


# -- Processes and documents -----------------------------------------------------------------------


def add_processes(graph: Graph, ctx: SourceContext, entities: dict[str, URIRef]) -> None:
    """One ``wsis:Process`` or ``wsis:Document`` per row, registered by process id.

    Args:
        entities: the entity IRIs by acronym; a process row with the same id describes that entity.
    """
    table = ctx.table("processes.csv", PROCESS_COLUMNS)
    declared: dict[str, tuple[URIRef, Row]] = {}
    for pid, row in rows_by_id(table, "process_id", PROCESS_ID, "process id", "process", name_first=True):
        kind = row.one_of("kind", tuple(PROCESS_KINDS))
        iri = process_node(graph, ctx, row, pid, kind, entities)
        declared[pid] = (iri, row)
        graph.add((iri, RDF.type, PROCESS_KINDS[kind]))
        graph.add((iri, SKOS.notation, Literal(pid)))
        graph.add((iri, WSIS.processType, Literal(row.require("type"))))
        add_text(graph, iri, DCTERMS.description, row.require("description_own_words"))
        basis = row.get("basis")
        if basis:
            graph.add((iri, WSIS.basis, Literal(basis)))
        add_date(graph, iri, row.get("key_dates"))
        add_related_entities(graph, ctx, iri, row)
        add_provenance(graph, iri, row)
    for pid, (iri, row) in declared.items():
        part_of = row.code("part_of", PROCESS_ID, "document id", required=False)
        if part_of:
            graph.add((iri, DCTERMS.isPartOf, ctx.registry.resolve(part_of, row, "part_of", kinds=["document"])))


def process_node(
    graph: Graph, ctx: SourceContext, row: Row, pid: str, kind: str, entities: dict[str, URIRef]
) -> URIRef:
    """The IRI a process row describes, with its names.

    A new process or document is minted and registered. A process whose id is an entity acronym
    of this source is that entity: its name becomes an alternative label of the entity.
    """
    name = row.require("name")
    if pid not in entities:
        iri = ctx.declare(kind, pid, row)
        add_label(graph, iri, name)
        if kind == "document":
            graph.add((iri, DCTERMS.title, Literal(name, lang="en")))
        return iri
    if kind != "process":
        raise row.error("kind", f"{pid!r} is an entity (entities.csv), so it can be a process but not a {kind}")
    iri = entities[pid]
    if (iri, SKOS.prefLabel, Literal(name, lang="en")) not in graph:
        graph.add((iri, SKOS.altLabel, Literal(name, lang="en")))
    return iri


_LIST_SPLIT = re.compile(r"[;,](?![^()]*\))")
_QUALIFIER = re.compile(r"\s*\([^()]*\)$")


def related_entity_ids(cell: str) -> list[str]:
    """The items of a related-entities cell, without their parenthesised qualifier.

    >>> related_entity_ids("ITU (secretariat); 31 UN entities, UNDP")
    ['ITU', '31 UN entities', 'UNDP']
    """
    items = (_QUALIFIER.sub("", item.strip()) for item in _LIST_SPLIT.split(cell))
    return [item for item in items if item]


def add_related_entities(graph: Graph, ctx: SourceContext, iri: URIRef, row: Row) -> None:
    """The cell verbatim, and a link to each item that is exactly the acronym of a known entity.

    Items such as 'UN Secretary-General' or 'action line facilitators' are not entities of the
    graph and stay in the verbatim text only.
    """
    cell = row.get("related_entities")
    if not cell:
        return
    graph.add((iri, WSIS.relatedEntitiesAsWorded, Literal(cell)))
    for item in related_entity_ids(cell):
        if ctx.registry.kind(item) == "entity":
            graph.add((iri, WSIS.relatedEntity, ctx.registry.resolve(item, row, "related_entities", kinds=["entity"])))
