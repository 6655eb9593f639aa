"""A stakeholder submission (``submission.csv``, ``recommendations.csv``, ``trends.csv``) → one graph.

The submission becomes a ``wsis:Submission``; each recommendation a ``wsis:Recommendation`` and each
emerging trend a ``wsis:EmergingTrend``, summarised in our own words, with a locator into the text.
What each one concerns (Action Lines, SDG goals and targets, GDC items, rights provisions,
processes) is a qualified ``wsis:concerns`` link with method ``wsis:TextMined`` and the row's
confidence: ``verified`` where the text names the thing, ``inferred`` where the curator derived it.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import (
    SourceContext,
    add_alignment,
    add_confidence,
    add_date,
    add_text,
    concept_scheme,
)
from wsis_graph.tables import Row, SourceError

SUBMISSION_ID = r"[a-z0-9]+(-[a-z0-9]+)*"
ITEM_ID = r"[a-z0-9]+(-[a-z0-9]+)*-[RT]\d{2,3}"
ANY_REF = r"[A-Za-z0-9][A-Za-z0-9.:()_-]*"

#: Reference columns, and the kinds of identifier each may name.
REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "action_lines": ("action-line",),
    "sdg_refs": ("sdg-goal", "sdg-target"),
    "gdc_refs": ("gdc-objective", "gdc-principle", "gdc-section", "gdc-paragraph"),
    "rights_refs": ("provision", "instrument"),
    "process_refs": ("process", "document", "entity"),
}

SUBMISSION_COLUMNS = ("submission_id", "title", "submitted_by", "date", "source_file", "summary_own_words", "confidence")
ITEM_COLUMNS = ("submission_id", "summary_own_words", "action_lines", "locator", "confidence")


def build(ctx: SourceContext) -> Graph:
    """Build the graph of the submission in ``ctx.folder`` (see :mod:`wsis_graph.sources`)."""
    graph = Graph()
    citation = f"{ctx.display}: " + ", ".join(ctx.meta.source)
    scheme = concept_scheme(
        graph,
        ctx.mint.scheme(ctx.display),
        f"Recommendations and trends of {ctx.meta.title}",
        "The recommendations made and the emerging trends named in one stakeholder submission.",
    )
    submissions = {}
    for row in ctx.table("submission.csv", SUBMISSION_COLUMNS):
        sid = row.code("submission_id", SUBMISSION_ID, "submission id")
        submissions[sid] = _submission(graph, ctx, row, sid)
    if not submissions:
        raise SourceError(f"{ctx.display}/submission.csv", None, None, "the table has no submission row")

    recs = ctx.table("recommendations.csv", ("recommendation_id", "pillar", *ITEM_COLUMNS))
    for row in recs:
        rid = row.code("recommendation_id", ITEM_ID, "recommendation id")
        node = ctx.mint.iri("recommendation", rid)
        _item(graph, ctx, row, node, rid, WSIS.Recommendation, submissions, scheme, citation)
        add_text(graph, node, WSIS.pillar, row.get("pillar"), lang=None)
        add_text(graph, node, SKOS.prefLabel, row.require("summary_own_words"))

    trends = ctx.table("trends.csv", ("trend_id", "name", *ITEM_COLUMNS))
    for row in trends:
        tid = row.code("trend_id", ITEM_ID, "trend id")
        node = ctx.mint.iri("trend", tid)
        _item(graph, ctx, row, node, tid, WSIS.EmergingTrend, submissions, scheme, citation)
        graph.add((node, SKOS.prefLabel, Literal(row.require("name"), lang="en")))
    return graph


def _submission(graph: Graph, ctx: SourceContext, row: Row, sid: str) -> URIRef:
    node = ctx.declare("submission", sid, row)
    graph.add((node, RDF.type, WSIS.Submission))
    graph.add((node, DCTERMS.identifier, Literal(sid)))
    title = row.get("title")
    if title:
        graph.add((node, DCTERMS.title, Literal(title, lang="en")))
        graph.add((node, RDFS.label, Literal(title, lang="en")))
    else:
        # The text has no title of its own: label it with the descriptive title the compiler gave
        # the source (source.toml), and never present that as the document's title.
        graph.add((node, RDFS.label, Literal(ctx.meta.title, lang="en")))
        graph.add((node, SKOS.editorialNote, Literal("The text has no title; the label is a description written by the compiler.", lang="en")))
    add_text(graph, node, WSIS.submittedBy, row.get("submitted_by"), lang=None)
    add_text(graph, node, DCTERMS.audience, row.get("submitted_to") if "submitted_to" in row.table.columns else "", lang=None)
    add_date(graph, node, row.get("date"))
    if "language" in row.table.columns and row.get("language"):
        graph.add((node, DCTERMS.language, Literal(row.get("language"))))
    graph.add((node, DCTERMS.bibliographicCitation, Literal(row.require("source_file"))))
    add_text(graph, node, DCTERMS.description, row.require("summary_own_words"))
    for column in ("date_basis", "notes"):
        if column in row.table.columns:
            add_text(graph, node, SKOS.note, row.get(column))
    add_confidence(graph, node, row, "confidence")
    return node


def _item(
    graph: Graph,
    ctx: SourceContext,
    row: Row,
    node: URIRef,
    item_id: str,
    cls: URIRef,
    submissions: dict[str, URIRef],
    scheme: URIRef,
    citation: str,
) -> None:
    sid = row.require("submission_id")
    if sid not in submissions:
        raise row.error("submission_id", f"unknown submission {sid!r} (not in submission.csv)")
    submission = submissions[sid]
    graph.add((node, RDF.type, cls))
    graph.add((node, SKOS.inScheme, scheme))
    graph.add((node, SKOS.notation, Literal(item_id)))
    graph.add((node, DCTERMS.isPartOf, submission))
    graph.add((node, SKOS.definition, Literal(row.require("summary_own_words"), lang="en")))
    graph.add((node, WSIS.locator, Literal(row.require("locator"))))
    if "notes" in row.table.columns:
        add_text(graph, node, SKOS.note, row.get("notes"))
    add_confidence(graph, node, row, "confidence")
    for column, kinds in REFERENCE_COLUMNS.items():
        if column not in row.table.columns:
            continue
        for ref in row.codes(column, ANY_REF, "identifier"):
            target = ctx.registry.resolve(ref, row, column, kinds)
            add_alignment(
                graph,
                ctx.mint.iri("alignment", ctx.display, item_id, ref),
                subject=node,
                relation=WSIS.concerns,
                obj=target,
                row=row,
                confidence_column="confidence",
                method=WSIS.TextMined,
                relation_as_worded=column,
                sources=[citation],
                locator=row.get("locator"),
            )
