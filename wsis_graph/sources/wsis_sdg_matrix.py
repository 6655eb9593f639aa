"""The WSIS-SDG Matrix source: which Action Line contributes to which SDG goal or target.

Each row of ``data/sources/wsis-sdg-matrix/wsis_sdg_matrix.csv`` is one link: an Action Line and
an SDG target (``granularity`` = ``target``), or an Action Line and an SDG goal where the matrix
names no target (``granularity`` = ``goal``). Each becomes one qualified link (``wsis:Alignment``,
relation ``wsis:contributesTo``, method ``wsis:PublishedMapping``, attributed to the WSIS-SDG
Matrix) and its direct triple, with the row's confidence mark and the rationale in our own words.

SDG goals and targets keep the UN's IRIs and are resolved through the registry, so the SDG source
(or, in tests, a registry filled from the SDG reference tables) must have declared them.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import SourceContext, add_alignment, add_text, graph_of_rows, split_urls
from wsis_graph.sources.wsis import ACTION_LINE_ID, PROCESS_ID
from wsis_graph.tables import Row

COLUMNS = (
    "action_line_id",
    "sdg_goal",
    "sdg_goal_uri",
    "sdg_target",
    "granularity",
    "rationale_own_words",
    "asserted_by",
    "source_dataset",
    "source_context",
    "confidence",
    "notes",
)
GRANULARITIES = ("goal", "target")

SDG_GOAL = re.compile(r"[1-9]|1[0-7]")
SDG_TARGET = re.compile(r"(?:[1-9]|1[0-7])\.(?:[1-9][0-9]?|[a-z])")

#: The segment of the alignment IRIs that names this mapping.
MAPPING = "wsis-sdg-matrix"
#: The error for a row that repeats an earlier one.
REPEATED = "the same Action Line and SDG goal or target are already linked in row {first}"


def build(ctx: SourceContext) -> Graph:
    """Build the WSIS-SDG Matrix graph: one alignment per row.

    Args:
        ctx: the build context of ``data/sources/wsis-sdg-matrix``; the registry must hold the
            Action Lines, the WSIS-SDG Matrix process and the SDG goals and targets.

    Raises:
        SourceError: a target of another goal, a granularity that does not fit the row, or the same
            link twice, as well as what any source rejects (see :mod:`wsis_graph.sources`).
    """
    return graph_of_rows(ctx, "wsis_sdg_matrix.csv", COLUMNS, add_link, REPEATED)


def add_link(graph: Graph, ctx: SourceContext, row: Row) -> URIRef:
    """One row: the alignment, its direct triple, the rationale and the notes."""
    line_code = row.code("action_line_id", ACTION_LINE_ID, "Action Line id")
    action_line = ctx.registry.resolve(line_code, row, "action_line_id", kinds=["action-line"])
    code, sdg_object, what = sdg_object_of(ctx, row)
    asserted = row.code("asserted_by", PROCESS_ID, "process id")
    node = ctx.mint.iri("alignment", MAPPING, line_code, code)
    add_alignment(
        graph,
        node,
        subject=action_line,
        relation=WSIS.contributesTo,
        obj=sdg_object,
        row=row,
        confidence_column="confidence",
        method=WSIS.PublishedMapping,
        sources=[*split_urls(row.get("source_context")), *split_urls(row.get("source_dataset"))],
        asserted_by=ctx.registry.resolve(asserted, row, "asserted_by", kinds=["process", "document"]),
        note=row.get("notes"),
    )
    graph.add((node, RDFS.label, Literal(f"{line_code} contributes to SDG {what} {code} (WSIS-SDG Matrix)", lang="en")))
    add_text(graph, node, DCTERMS.description, row.get("rationale_own_words"))
    return node


def sdg_object_of(ctx: SourceContext, row: Row) -> tuple[str, URIRef, str]:
    """The SDG goal or target the row links to.

    The goal is always given and its URI, when written, must be the goal's. A ``target`` row
    names one target of that goal; a ``goal`` row names none.

    Returns:
        The code, its IRI, and 'goal' or 'target'.
    """
    goal = row.code("sdg_goal", SDG_GOAL, "SDG goal code")
    goal_iri = ctx.registry.resolve(goal, row, "sdg_goal", kinds=["sdg-goal"])
    uri = row.get("sdg_goal_uri")
    if uri and uri != str(goal_iri):
        raise row.error("sdg_goal_uri", f"{uri!r} is not the IRI of SDG goal {goal} ({goal_iri})")
    granularity = row.one_of("granularity", GRANULARITIES)
    target = row.code("sdg_target", SDG_TARGET, "SDG target code", required=False)
    if granularity == "goal":
        if target:
            raise row.error("sdg_target", f"a goal-level row names no target, but this one names {target!r}")
        return goal, goal_iri, "goal"
    if not target:
        raise row.error("sdg_target", "required value is empty (granularity is 'target')")
    if target.split(".", 1)[0] != goal:
        raise row.error("sdg_target", f"target {target!r} does not belong to SDG goal {goal}")
    return target, ctx.registry.resolve(target, row, "sdg_target", kinds=["sdg-target"]), "target"
