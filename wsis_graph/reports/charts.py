"""Which charts the reports draw, from which analysis tables, and how to read them.

Each chart is drawn from one :class:`~wsis_graph.analysis.findings.Table` of an analysis by a
function of :mod:`wsis_graph.reports.drawing` (matplotlib, imported only when a chart is drawn:
the Markdown, JSON and CSV formats never load it). :data:`CHARTS` maps a table name to the chart's
title, its drawing function and a sentence on how to read it; :func:`draw` draws one.
"""

from __future__ import annotations

from collections.abc import Callable

from wsis_graph.analysis.findings import Table


#: Table name → (title, name of the function of :mod:`~wsis_graph.reports.drawing` that draws it, how to read it).
CHARTS: dict[str, tuple[str, str, str]] = {
    "action-line-goal-matrix": (
        "Action Line × SDG goal: links", "action_line_goal_heatmap",
        "Each cell counts the links from the Action Line to the goal or to one of its targets; an empty cell is no link."),
    "goal-coverage": (
        "SDG targets served, per goal", "goal_coverage_bars",
        "Each bar is the share of the goal's targets that at least one Action Line serves; a red bar would be a goal with none."),
    "objective-flow": (
        "GDC objective → Action Line → facilitating entity", "objective_flow",
        "Band widths count GDC commitments: from each objective to the Action Lines its commitments reach, "
        "then on to the entities that facilitate those Action Lines (a red node: reached, but no facilitator)."),
    "entity-load": (
        "Facilitation load per entity", "entity_load_bars",
        "For each entity, the Action Lines it facilitates, split by role (lead, co-facilitator, partner; an entity holding two roles "
        "on one Action Line counts in both); the 30 most loaded are drawn."),
    "rights-matrix": (
        "Action Lines and GDC commitments × rights provisions", "rights_heatmap",
        "Each cell counts the links (by any route) between the Action Line or commitment and the provision; "
        "provisions that nothing touches are not drawn (see the findings untouched-provision)."),
}


def draw(table: Table) -> str | None:
    """The chart of ``table`` as an SVG document, or ``None`` (no chart for it, or nothing to draw)."""
    if table.name not in CHARTS:
        return None
    from wsis_graph.reports import drawing

    function: Callable[[Table], str | None] = getattr(drawing, CHARTS[table.name][1])
    return function(table)
