"""Which charts the reports draw, from which analysis tables, what each one finds and how to read it.

Each chart is drawn from one :class:`~wsis_graph.analysis.findings.Table` of an analysis by a
function of :mod:`wsis_graph.reports.drawing` (matplotlib, imported only when a chart is drawn:
the Markdown, JSON and CSV formats never load it). :data:`CHARTS` maps a table name to the chart's
subject, its drawing function and a sentence on how to read it; :func:`headline` computes, from
the table, the title a reader sees (what the chart shows, as a finding: "18 of 40 GDC commitments
reach no Action Line"); :func:`draw` draws one.

The flow chart's "home": a commitment has one when any route that :mod:`wsis_graph.analysis.gdc`
counts (reviewed, curated, proposed, shared target, shared goal or thematic) reaches an Action
Line whose pair with it no reviewer rejected (:func:`wsis_graph.analysis.gdc.carries`), the same
rule as the ``orphan-commitment`` findings, so that the chart and the findings give one number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from wsis_graph.analysis.findings import Table
from wsis_graph.reports.labels import short

#: The words of the "home" rule, for the flow chart's note and the report.
HOME_RULE = ("a commitment has a home when any counted route (reviewed, curated, proposed, shared SDG target, shared "
             "SDG goal or thematic) reaches an Action Line whose pair with it no reviewer rejected, the rule of the "
             "orphan-commitment findings")

#: Table name → (what the chart is about, name of the function of :mod:`~wsis_graph.reports.drawing` that draws it, how to read it).
CHARTS: dict[str, tuple[str, str, str]] = {
    "action-line-goal-matrix": (
        "Action Line × SDG goal: links", "action_line_goal_heatmap",
        "Each cell counts the links from the Action Line to the goal or to one of its targets (darker: more; the "
        "number is printed in the cell); an empty cell is no link."),
    "goal-coverage": (
        "SDG targets served, per goal", "goal_coverage_bars",
        "Each bar is the share of the goal's targets that at least one Action Line serves, with the count at its end; "
        "a goal with none is marked \"none\" where its bar would start."),
    "objective-flow": (
        "GDC objective → Action Line → facilitating entity", "objective_flow",
        "Band widths count GDC commitments: each commitment weighs one, split equally over the Action Lines that carry "
        "it and then over their facilitating entities, so that every column adds up to the commitments shown. "
        f"Every objective is drawn; {HOME_RULE}; a commitment without one flows into the hatched node \"no home\", "
        "an Action Line reached but with no facilitator into \"no facilitator\"."),
    "entity-load": (
        "Facilitation load per entity", "entity_load_bars",
        "For each entity, the Action Lines it facilitates, split by role (lead solid, co-facilitator hatched /, partner "
        "dotted; an entity holding two roles on one Action Line counts in both); the 30 most loaded are drawn."),
    "rights-matrix": (
        "Action Lines and GDC commitments × rights provisions", "rights_heatmap",
        "Each cell counts the links (by any route) between the Action Line or commitment and the provision (darker: "
        "more; the number is printed in the cell); provisions that nothing touches are not drawn (see the findings "
        "untouched-provision)."),
}


def _plural(n: float, word: str, words: str | None = None) -> str:
    n_text = f"{n:g}"
    return f"{n_text} {word if n == 1 else (words or word + 's')}"


def _flow_headline(rows: list[dict]) -> str:
    total = sum(r["commitments"] or 0 for r in rows)
    homeless = sum(r["commitments"] or 0 for r in rows if not r.get("action_line"))
    objectives = {r["objective"] for r in rows if r.get("objective")}
    if homeless:
        return (f"{homeless:g} of {_plural(round(total, 6), 'GDC commitment')} reach no WSIS Action Line "
                f"(across {_plural(len(objectives), 'objective')})")
    lines = {r["action_line"] for r in rows}
    if abs(total - round(total)) < 1e-6:
        return f"All {_plural(round(total), 'GDC commitment')} shown reach a WSIS Action Line ({_plural(len(lines), 'Action Line')})"
    # A scoped report keeps the rows through its Action Line or entity: parts of commitments, split elsewhere too.
    return f"GDC commitments weighing {total:.1f} (shared with other Action Lines) reach {_plural(len(lines), 'Action Line')} shown"


def _coverage_headline(rows: list[dict]) -> str:
    percent = max((r["share"] or 0) for r in rows) > 1
    full = [r for r in rows if (r["share"] or 0) >= (100 if percent else 1)]
    none = [short(r["goal"]) for r in rows if not r["share"]]
    served = sum(r["served"] or 0 for r in rows)
    targets = sum(r["targets"] or 0 for r in rows)
    text = f"Action Lines serve {served} of {targets} SDG targets; {len(full)} of {_plural(len(rows), 'goal')} fully"
    if none:
        text += f"; SDG {', '.join(none)} not at all" if len(none) <= 3 else f"; {len(none)} goals not at all"
    return text


def _goal_matrix_headline(rows: list[dict]) -> str:
    by_goal: dict[str, float] = defaultdict(float)
    lines: set[str] = set()
    for r in rows:
        by_goal[short(r["goal"])] += r["links"] or 0
        lines.add(short(r["action_line"]))
    top = max(sorted(by_goal), key=lambda g: by_goal[g])
    total = sum(by_goal.values())
    return (f"SDG {top} draws the most links ({by_goal[top]:g} of {total:g}) from "
            f"{_plural(len(lines), 'Action Line')} across {_plural(len(by_goal), 'goal')}")


def _load_headline(rows: list[dict]) -> str:
    ranked = sorted(rows, key=lambda r: (-(r["action_lines"] or 0), short(r["entity"])))
    top = ranked[0]
    single = sum(1 for r in rows if (r["action_lines"] or 0) == 1)
    if len(rows) == 1:
        return f"{short(top['entity'])} facilitates {_plural(top['action_lines'] or 0, 'Action Line')}"
    if not single:
        rest = f"none of the {_plural(len(rows), 'entity', 'entities')} facilitates just one"
    else:
        rest = f"{single} of {_plural(len(rows), 'entity', 'entities')} {'facilitates' if single == 1 else 'facilitate'} just one"
    return f"{short(top['entity'])} facilitates the most Action Lines ({top['action_lines']}); {rest}"


def _rights_headline(rows: list[dict]) -> str:
    rows = [r for r in rows if r.get("subject") is not None and r.get("provision") is not None]
    subjects: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        subjects[short(r["provision"])].add(short(r["subject"]))
    top = max(sorted(subjects), key=lambda p: len(subjects[p]))
    return (f"{_plural(len(subjects), 'rights provision')} touched; {top} by the most subjects "
            f"({_plural(len(subjects[top]), 'Action Line or commitment', 'Action Lines or commitments')})")


_HEADLINES: dict[str, Callable[[list[dict]], str]] = {
    "objective-flow": _flow_headline,
    "goal-coverage": _coverage_headline,
    "action-line-goal-matrix": _goal_matrix_headline,
    "entity-load": _load_headline,
    "rights-matrix": _rights_headline,
}


def headline(table: Table) -> str:
    """The chart's title, stated as what it finds on these rows (its subject when there is nothing to say)."""
    rows = table.dicts()
    subject = CHARTS[table.name][0] if table.name in CHARTS else table.title
    if not rows or table.name not in _HEADLINES:
        return subject
    try:
        return _HEADLINES[table.name](rows)
    except (ValueError, KeyError, TypeError):  # rows without what the finding needs: the subject
        return subject


def draw(table: Table, source: str = "") -> str | None:
    """The chart of ``table`` as an SVG document, or ``None`` (no chart for it, or nothing to draw).

    ``source`` is printed under the drawing (the data version and named graphs), so that the image
    says where it comes from even when copied out of the report.
    """
    if table.name not in CHARTS:
        return None
    from wsis_graph.reports import drawing

    function: Callable[..., str | None] = getattr(drawing, CHARTS[table.name][1])
    return function(table, source=source)
