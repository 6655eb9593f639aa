"""The browse lists: the frameworks as pages of lists, in the request's language.

Routes: ``/browse`` (the index) and ``/browse/{action-lines,sdgs,gdc,entities,rights,graphs}``.
Each reads the store through :mod:`wsis_graph.web.pages.listings` and renders one template with
:class:`~wsis_graph.web.pages.view.View`; nothing needs JavaScript.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import Blueprint, Response, request
from rdflib import URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from wsis_graph.namespaces import WSIS
from wsis_graph.web.pages import listings
from wsis_graph.web.pages.describe import graph_titles
from wsis_graph.web.pages.gdc_text import page_coverage, page_texts, shown_text
from wsis_graph.web.pages.labels import Labels, natural_key
from wsis_graph.web.pages.view import Shown, View, current_store, optional_text, render_page

bp = Blueprint("browse", __name__)

#: Facilitation roles, in the order a list shows them.
ROLE_ORDER = [WSIS.OverallLeadFacilitator, WSIS.LeadFacilitator, WSIS.CoFacilitator, WSIS.Facilitator, WSIS.Partner,
              WSIS.FormerFacilitator]


@dataclass
class Item:
    """One row of a browse list: a thing, its code and label, and what hangs below it."""

    node: URIRef
    shown: Shown
    code: str | None
    children: list["Item"] = field(default_factory=list)
    notes: list[Shown] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _item(view: View, node: URIRef, **extra) -> Item:
    shown = view.label(node)
    shown.href = view.href(node)
    return Item(node=node, shown=shown, code=view.names.notation(node), extra=extra)


def _sorted(items: list[Item], key=None) -> list[Item]:
    return sorted(items, key=key or (lambda i: (natural_key(i.code or i.shown.text), str(i.node))))


def _browse_view(*classes: URIRef) -> View:
    names = Labels()
    for cls in classes:
        listings.names_of_class(current_store(), cls, names)
    return View.for_request(names)


BROWSE_PAGES = [
    ("browse.action_lines", "Action Lines", "The WSIS Action Lines C1–C11 and the C7 e-application sub-lines, with their facilitators."),
    ("browse.sdgs", "Sustainable Development Goals", "Goals, their targets and the indicators that measure them, with the Action Lines linked to each."),
    ("browse.gdc", "Global Digital Compact", "The five objectives and the paragraphs and commitments under each; the principles."),
    ("browse.entities", "Entities", "UN entities and the Action Lines they facilitate; the processes and bodies around them."),
    ("browse.rights", "Human-rights instruments", "Instruments and their provisions (articles)."),
    ("browse.graphs", "Named graphs", "Where the statements come from: one graph per source, described in the description graph."),
]


@bp.get("/browse")
def index() -> Response:
    view = View.for_request()
    pages = [(view.url(endpoint), title, blurb) for endpoint, title, blurb in BROWSE_PAGES]
    return render_page("pages/browse_index.html", view, pages=pages)


def _facilitators_by_line(view: View, rows: list[listings.FacilitationRow]) -> dict[Node, list[dict]]:
    titles = graph_titles(current_store())
    by_line: dict[Node, list[dict]] = defaultdict(list)
    for row in rows:
        by_line[row.line].append(
            {
                "entity": view.term(row.entity),
                "line": view.term(row.line) if row.line is not None else None,
                "role": view.term(row.role) if row.role is not None else Shown(text="role not stated"),
                "period": row.period,
                "confidence": view.term(row.confidence) if row.confidence is not None else None,
                "statement": view.href(row.node),
                "graph": view.graph(row.graph, titles),
                "sort": (
                    ROLE_ORDER.index(row.role) if row.role in ROLE_ORDER else len(ROLE_ORDER),
                    natural_key(view.names.notation(row.entity) or str(row.entity)),
                    row.period or "",
                ),
            }
        )
    for items in by_line.values():
        items.sort(key=lambda f: f["sort"])
    return by_line


@bp.get("/browse/action-lines")
def action_lines() -> Response:
    store = current_store()
    view = _browse_view(WSIS.ActionLine, WSIS.Entity, WSIS.Document, WSIS.Process)
    lines = listings.members(store, WSIS.ActionLine)
    line_set = set(lines)
    parent = {n: p for n, p in listings.pairs(store, WSIS.ActionLine, SKOS.broader) if p in line_set}
    paragraph = {n: str(p) for n, p in listings.pairs(store, WSIS.ActionLine, WSIS.paragraph)}
    facs = listings.facilitations(store)
    by_line = _facilitators_by_line(view, facs)
    items = {n: _item(view, n, facilitators=by_line.get(n, [])) for n in lines}
    top = []
    for n, item in items.items():
        if n in parent:
            items[parent[n]].children.append(item)
        else:
            top.append(item)

    def line_key(i: Item) -> tuple:
        return (natural_key(paragraph.get(i.node, "")), natural_key(i.code or ""), str(i.node))

    top = _sorted(top)
    for item in top:
        item.children = sorted(item.children, key=line_key)
    overall = [f for key, fs in by_line.items() if key not in line_set for f in fs]
    return render_page(
        "pages/browse_action_lines.html", view, top=top, count=len(lines), overall=overall, statements=len(facs)
    )


@bp.get("/browse/sdgs")
def sdgs() -> Response:
    store = current_store()
    view = _browse_view(WSIS.SDGGoal, WSIS.SDGTarget, WSIS.SDGIndicator, WSIS.ActionLine)
    goals = {n: _item(view, n) for n in listings.members(store, WSIS.SDGGoal)}
    targets = {n: _item(view, n) for n in listings.members(store, WSIS.SDGTarget)}
    indicators = listings.members(store, WSIS.SDGIndicator)
    for target, goal in listings.pairs(store, WSIS.SDGTarget, WSIS.goal):
        if target in targets and goal in goals:
            goals[goal].children.append(targets[target])
    listed = 0
    for indicator, target in listings.pairs(store, WSIS.SDGIndicator, WSIS.measures):
        if target in targets:
            targets[target].children.append(_item(view, indicator))
            listed += 1
    contributes: dict[Node, set[Node]] = defaultdict(set)
    for line, sdg in listings.direct(store, WSIS.contributesTo):
        contributes[sdg].add(line)
    for item in list(goals.values()) + list(targets.values()):
        item.notes = [view.term(line) for line in sorted(contributes.get(item.node, ()), key=lambda n: natural_key(view.names.notation(n) or str(n)))]
    ordered = _sorted(list(goals.values()))
    for goal in ordered:
        goal.children = _sorted(goal.children)
        for target in goal.children:
            target.children = _sorted(target.children)
    opened = request.args.get("goal", "")
    return render_page(
        "pages/browse_sdgs.html",
        view,
        goals=ordered,
        counts={"goals": len(goals), "targets": len(targets), "indicators": len(indicators), "listings": listed},
        opened=opened,
        open_all=opened == "all",
    )


@bp.get("/browse/gdc")
def gdc() -> Response:
    store = current_store()
    view = _browse_view(WSIS.GDCObjective, WSIS.GDCParagraph, WSIS.GDCPrinciple)
    objectives = {n: _item(view, n) for n in listings.members(store, WSIS.GDCObjective)}
    commitments = set(listings.members(store, WSIS.GDCCommitment))
    paragraphs = listings.members(store, WSIS.GDCParagraph)
    number = {n: str(p) for n, p in listings.pairs(store, WSIS.GDCParagraph, WSIS.paragraph)}
    texts = page_texts(view)  # the official text in the page's language when imported, else our summary

    def paragraph_item(paragraph: URIRef) -> Item:
        words = texts.get(str(paragraph))
        return _item(view, paragraph, commitment=paragraph in commitments, text=shown_text(words, view) if words else None)

    placed = set()
    for paragraph, objective in listings.pairs(store, WSIS.GDCParagraph, WSIS.objective):
        if objective in objectives:
            objectives[objective].children.append(paragraph_item(paragraph))
            placed.add(paragraph)

    def paragraph_key(i: Item) -> tuple:
        return (number.get(i.node) is None, natural_key(number.get(i.node, "")), natural_key(i.code or ""))

    ordered = _sorted(list(objectives.values()))
    for objective in ordered:
        objective.children = sorted(objective.children, key=paragraph_key)
    others = sorted((paragraph_item(p) for p in paragraphs if p not in placed), key=paragraph_key)
    principles = _sorted([_item(view, n) for n in listings.members(store, WSIS.GDCPrinciple)])
    for principle in principles:
        words = texts.get(str(principle.node))
        if words is not None and words.official:  # a principle is named by its label; the adopted text, once imported
            principle.extra["text"] = shown_text(words, view)
    return render_page(
        "pages/browse_gdc.html",
        view,
        coverage=page_coverage(),
        objectives=ordered,
        others=others,
        principles=principles,
        counts={
            "objectives": len(objectives),
            "paragraphs": len(paragraphs),
            "commitments": len(commitments),
            "principles": len(principles),
            "placed": len(placed),
        },
    )


@bp.get("/browse/entities")
def entities() -> Response:
    store = current_store()
    view = _browse_view(WSIS.Entity, WSIS.ActionLine, WSIS.Process, WSIS.Document)
    entities = {n: _item(view, n) for n in listings.members(store, WSIS.Entity)}
    kinds = {n: str(v) for n, v in listings.pairs(store, WSIS.Entity, WSIS.entityType)}
    facs = listings.facilitations(store)
    by_entity: dict[Node, list[dict]] = defaultdict(list)
    for line, items in _facilitators_by_line(view, facs).items():
        for f in items:
            by_entity[URIRef(f["entity"].iri)].append(f)
    for n, item in entities.items():
        item.extra["kind"] = kinds.get(n)
        rows = by_entity.get(n, [])
        rows.sort(key=lambda f: (natural_key(f["line"].code or f["line"].text) if f["line"] else (), f["sort"]))
        item.extra["facilitations"] = rows
        item.extra["lines"] = len({f["line"].iri for f in rows if f["line"] is not None})
    processes = {n: _item(view, n) for n in listings.members(store, WSIS.Process)}
    process_kinds = {n: str(v) for n, v in listings.pairs(store, WSIS.Process, WSIS.processType)}
    for n, item in processes.items():
        item.extra["kind"] = process_kinds.get(n)
    return render_page(
        "pages/browse_entities.html",
        view,
        entities=_sorted(list(entities.values())),
        processes=_sorted([p for n, p in processes.items() if n not in entities]),
        counts={"entities": len(entities), "processes": len([n for n in processes if n not in entities])},
    )


@bp.get("/browse/rights")
def rights() -> Response:
    store = current_store()
    view = _browse_view(WSIS.Instrument, WSIS.Provision)
    instruments = {n: _item(view, n) for n in listings.members(store, WSIS.Instrument)}
    kinds = {n: str(v) for n, v in listings.pairs(store, WSIS.Instrument, WSIS.instrumentKind)}
    provisions = listings.members(store, WSIS.Provision)
    placed = 0
    for provision, instrument in listings.pairs(store, WSIS.Provision, WSIS.instrument):
        if instrument in instruments:
            instruments[instrument].children.append(_item(view, provision))
            placed += 1
    ordered = _sorted(list(instruments.values()))
    for item in ordered:
        item.extra["kind"] = kinds.get(item.node)
        item.children = _sorted(item.children)
    return render_page(
        "pages/browse_rights.html",
        view,
        instruments=ordered,
        counts={"instruments": len(instruments), "provisions": len(provisions), "placed": placed},
    )


@bp.get("/browse/graphs")
def graphs() -> Response:
    view = View.for_request()
    rows = []
    for row in listings.dataset_graphs(current_store()):
        rows.append(
            {
                "graph": Shown(text=str(row["title"]), href=view.href(row["graph"]), iri=str(row["graph"])),
                "key": optional_text(row["key"]),
                "publisher": optional_text(row["publisher"]),
                "triples": optional_text(row["triples"]),
                "description": view.term(row["description"]) if row["description"] is not None else None,
            }
        )
    return render_page("pages/browse_graphs.html", view, graphs=rows)


__all__ = ["bp"]
