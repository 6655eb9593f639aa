"""The facilitation source: which entity facilitates which Action Line, in which role, when.

Each row of ``data/sources/facilitation/facilitators.csv`` becomes one ``wsis:Facilitation`` (an
n-ary statement: entity, Action Line, role, period, sources, confidence) and the direct triples
``<action line> wsis:leadFacilitator|coFacilitator|partner|formerFacilitator <entity>`` plus
``wsis:facilitatedBy``, so that a simple query needs no inference.

Rows that disagree are all kept: C4 has ITU as lead facilitator (2014-2025) and ITU as
co-facilitator (2010-2012), side by side, each with its sources.

The Action Line ``ALL`` marks the three agencies with a leading facilitating role for the Geneva
Plan of Action as a whole. Their facilitation points to the Geneva Plan of Action document
(``wsis:scopeDocument``) with the direct triple ``<plan> wsis:overallLeadFacilitator <entity>``;
it is not spread over the Action Lines, because no source gives them that role line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS, XSD

from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import SourceContext, add_confidence, add_sources, add_text, graph_of_rows, split_urls
from wsis_graph.sources.wsis import ACRONYM, ACTION_LINE_ID
from wsis_graph.tables import Row

COLUMNS = (
    "action_line_id",
    "entity",
    "role",
    "role_as_worded_in_source",
    "as_of",
    "source_url_1",
    "source_url_2",
    "source_url_3",
    "confidence",
    "notes",
)
SOURCE_COLUMNS = ("source_url_1", "source_url_2", "source_url_3")

#: The action_line_id that stands for the Geneva Plan of Action as a whole, and its document id.
WHOLE_PLAN = "ALL"
PLAN_DOCUMENT = "GENEVA-POA"
OVERALL_LEAD = "overall-lead-facilitator"
#: The error for a row that repeats an earlier one.
REPEATED = "the same facilitation (Action Line, entity, role, period) is already in row {first}"


@dataclass(frozen=True)
class RoleKind:
    """A role of the ``role`` column: its concept, its direct property and its label."""

    concept: URIRef
    direct: URIRef
    label: str


ROLES: dict[str, RoleKind] = {
    OVERALL_LEAD: RoleKind(WSIS.OverallLeadFacilitator, WSIS.overallLeadFacilitator, "overall lead facilitator"),
    "lead-facilitator": RoleKind(WSIS.LeadFacilitator, WSIS.leadFacilitator, "lead facilitator"),
    "co-facilitator": RoleKind(WSIS.CoFacilitator, WSIS.coFacilitator, "co-facilitator"),
    "partner": RoleKind(WSIS.Partner, WSIS.partner, "partner"),
    "former-facilitator": RoleKind(WSIS.FormerFacilitator, WSIS.formerFacilitator, "former facilitator"),
}

_ONE_YEAR = re.compile(r"(\d{4})")
_SPAN = re.compile(r"(\d{4})-(\d{4})")
_OPEN = re.compile(r"(\d{4})-")


def build(ctx: SourceContext) -> Graph:
    """Build the facilitation graph.

    Args:
        ctx: the build context of ``data/sources/facilitation``; the registry must hold the
            Action Lines, entities and documents of the WSIS source.

    Raises:
        SourceError: two rows that say the same thing, besides the bad values and unknown ids that
            any source rejects (see :mod:`wsis_graph.sources`).
    """
    return graph_of_rows(ctx, "facilitators.csv", COLUMNS, add_facilitation, REPEATED)


def add_facilitation(graph: Graph, ctx: SourceContext, row: Row) -> URIRef:
    """One ``wsis:Facilitation`` node and its direct triples."""
    role_key = row.one_of("role", tuple(ROLES))
    role = ROLES[role_key]
    scope_id, scope, scope_property = facilitated_thing(ctx, row, role_key)
    acronym = row.code("entity", ACRONYM, "entity acronym")
    entity = ctx.registry.resolve(acronym, row, "entity", kinds=["entity"])
    as_of = row.require("as_of")
    node = ctx.mint.iri("facilitation", scope_id, acronym, role_key, period_key(as_of))

    graph.add((node, RDF.type, WSIS.Facilitation))
    shown = "the Geneva Plan of Action" if scope_id == WHOLE_PLAN else scope_id
    graph.add((node, RDFS.label, Literal(f"{acronym} {role.label} of {shown} ({as_of})", lang="en")))
    graph.add((node, WSIS.facilitator, entity))
    graph.add((node, scope_property, scope))
    graph.add((node, ORG.role, role.concept))
    graph.add((node, WSIS.roleAsWorded, Literal(row.require("role_as_worded_in_source"))))
    add_period(graph, node, row, as_of)
    row.require(SOURCE_COLUMNS[0])
    for column in SOURCE_COLUMNS:
        add_sources(graph, node, split_urls(row.get(column)))
    add_confidence(graph, node, row, "confidence")
    add_text(graph, node, SKOS.note, row.get("notes"))

    graph.add((scope, role.direct, entity))
    if scope_property == WSIS.actionLine:
        graph.add((scope, WSIS.facilitatedBy, entity))
    return node


def facilitated_thing(ctx: SourceContext, row: Row, role_key: str) -> tuple[str, URIRef, URIRef]:
    """What the row's role is for: an Action Line, or (``ALL``) the Geneva Plan of Action.

    Returns:
        The id as written, its IRI, and the property that links the facilitation to it.
    """
    value = row.require("action_line_id")
    if value == WHOLE_PLAN:
        if role_key != OVERALL_LEAD:
            raise row.error("role", f"'{WHOLE_PLAN}' (the whole Geneva Plan of Action) takes only the role '{OVERALL_LEAD}'")
        if PLAN_DOCUMENT not in ctx.registry:
            raise row.error(
                "action_line_id",
                f"'{WHOLE_PLAN}' stands for the Geneva Plan of Action, but document {PLAN_DOCUMENT!r} "
                "is not declared (wsis/processes.csv)",
            )
        plan = ctx.registry.resolve(PLAN_DOCUMENT, row, "action_line_id", kinds=["document"])
        return value, plan, WSIS.scopeDocument
    if role_key == OVERALL_LEAD:
        raise row.error("role", f"'{OVERALL_LEAD}' is a role for the whole plan; use action_line_id '{WHOLE_PLAN}'")
    code = row.code("action_line_id", ACTION_LINE_ID, "Action Line id")
    return code, ctx.registry.resolve(code, row, "action_line_id", kinds=["action-line"]), WSIS.actionLine


def period_key(as_of: str) -> str:
    """The part of the facilitation IRI that names its period: ``2006-`` becomes ``2006-onwards``."""
    return f"{as_of[:-1]}-onwards" if _OPEN.fullmatch(as_of) else as_of


def add_period(graph: Graph, node: URIRef, row: Row, as_of: str) -> None:
    """``wsis:dateAsWorded`` always; ``periodStart``/``periodEnd`` when the wording is a year or span.

    ``2014`` gives start and end 2014, ``2010-2012`` both ends, ``2006-`` a start only. Anything
    else (``before 2008``) stays in the wording alone rather than being guessed at.
    """
    graph.add((node, WSIS.dateAsWorded, Literal(as_of)))
    start = end = None
    if m := _ONE_YEAR.fullmatch(as_of):
        start = end = m.group(1)
    elif m := _SPAN.fullmatch(as_of):
        start, end = m.groups()
        if start > end:
            raise row.error("as_of", f"period {as_of!r} ends before it starts")
    elif m := _OPEN.fullmatch(as_of):
        start = m.group(1)
    if start:
        graph.add((node, WSIS.periodStart, Literal(start, datatype=XSD.gYear)))
    if end:
        graph.add((node, WSIS.periodEnd, Literal(end, datatype=XSD.gYear)))
