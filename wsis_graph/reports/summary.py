"""The executive summary in sentences: the key messages of a report, written from its findings.

Each :class:`Message` says one thing with its figure, points to the section that holds the evidence
and ends with something a facilitator or ODET can do. The messages come in the order of their
weight for the WSIS+20 follow-up: GDC commitments without a home, Action Lines hanging on one
facilitator, SDG targets no Action Line serves, rights provisions nothing touches. Each is written
only when its analysis ran; a scoped report (one Action Line, objective or entity) counts only the
findings about its scope, which the analyses have already narrowed, and never the whole graph's totals.

Everything here is a pure function of the :class:`~wsis_graph.reports.model.Report`; no figure is
typed in, every name in a recommendation comes from a finding, a table of the analyses or the review
queue (:class:`~wsis_graph.reports.limitations.DataFacts`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from wsis_graph.reports.labels import natural_key, short
from wsis_graph.reports.limitations import DataFacts, _figure, _result, _table_rows, list_codes


@dataclass
class Message:
    """One key message of the summary."""

    key: str
    headline: str  # a short title stating the finding
    figure: str  # the number it turns on, as shown
    figure_label: str  # what the number counts
    text: str  # the sentences
    anchor: str  # the section that holds the evidence
    recommendation: str = ""
    notes: list[str] = field(default_factory=list)  # limitations that touch the message


def _anchor(analysis: str) -> str:
    return "analysis-" + analysis


def _s(n: int, one: str, many: str | None = None) -> str:
    """``1 commitment``, ``2 commitments``.

    >>> _s(1, "commitment"), _s(3, "entity", "entities")
    ('1 commitment', '3 entities')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _codes(finding, kind: str) -> list[str]:
    return [i.code or short(i.iri) for i in finding.items if i.type == kind]


def _scope(report) -> dict | None:
    return report.cover.scope


def _where(report) -> str:
    """`` concerning Action Line C5`` for a scoped report, nothing for the whole graph."""
    scope = _scope(report)
    return f" concerning {scope['label']}" if scope else ""


# -- GDC commitments without a home ------------------------------------------------------------


def gdc_message(report) -> Message | None:
    result = _result(report, "gdc-wsis")
    if result is None:
        return None
    facts: DataFacts = report.facts or DataFacts()
    orphans = result.of_kind("orphan-commitment")
    homes = result.of_kind("commitment-home")
    weak = result.of_kind("weak-only-commitment")
    scope = _scope(report)
    if scope is None:
        total = _figure(result, "commitments")
    else:
        total = len({f.items[0].iri for f in orphans + homes if f.items})
    if not total:
        if scope is None and not facts.counts.get("GDCCommitment"):
            return Message("gdc", "The GDC is not in the graph", "—", "GDC commitments", (
                "The graph holds no GDC commitment, so this report cannot say which of them the Action Lines carry."),
                _anchor("gdc-wsis"), "Import the GDC graph and its links to the Action Lines, then run the report again.")
        if scope is not None and scope["kind"] != "gdc":
            return None
    orphan_codes = [c for f in orphans for c in _codes(f, "GDCCommitment")[:1]]
    reviewed = [f for f in orphans if "Reviewed: no Action Line carries it" in f.text]
    pending = [f for f in orphans if f not in reviewed]
    notes = []
    if scope is not None and scope["kind"] in ("action-line", "entity"):
        carried = sorted({c for f in homes for c in _codes(f, "GDCCommitment")[:1]}, key=natural_key)
        text = (f"{scope['label']} is a home for {_s(len(carried), 'GDC commitment')}"
                + (f" ({list_codes(carried)})" if carried else "") + ".")
        if weak:
            text += (f" {_s(len(weak), 'of them reaches', 'of them reach')} it only through links marked single-source or weaker.")
        weak_codes = [c for f in weak for c in _codes(f, "GDCCommitment")[:1]]
        rec = (f"Confirm {list_codes(weak_codes)} against {scope['value']} in the review, so that the link no longer rests on one source."
               if weak_codes else "")
        return Message("gdc", f"{scope['value']} carries {_s(len(carried), 'GDC commitment')}", str(len(carried)),
                       "GDC commitments carried", text, _anchor("gdc-wsis"), rec, notes)
    text = f"{len(orphans)} of the {total} GDC commitments{_where(report)} reach no WSIS Action Line by any route"
    if orphans:
        if reviewed and pending:
            text += f": for {len(reviewed)} a reviewer has confirmed that no Action Line carries them, the other {len(pending)} have not been reviewed yet."
        elif reviewed:
            text += ": a reviewer has confirmed for each that no Action Line carries it."
        else:
            text += (": none of them has been reviewed yet, so each is as much a gap in the mapping as in the"
                     " Compact's uptake.")
    else:
        text += "."
    if weak:
        text += (f" A further {_s(len(weak), 'commitment reaches', 'commitments reach')} Action Lines only through links"
                 " marked single-source or weaker.")
    recs = []
    with_candidates = [c for c in orphan_codes if facts.open_candidates.get(c)]
    for code in with_candidates[:2]:
        recs.append(f"review {code} against {list_codes(facts.open_candidates[code], 4)} (open candidates in the review queue)")
    bare = [c for c in orphan_codes if c not in with_candidates and c not in {x for f in reviewed for x in _codes(f, 'GDCCommitment')}]
    if bare:
        recs.append(f"queue {list_codes(bare, 4)} for the matcher's suggestions (`wsis-graph suggest --queue`) and decide them in"
                    " the review, since no route in the graph suggests an Action Line for them")
    paths = _table_rows(result, "gdc-paths")
    for f in weak[:2]:
        code = (_codes(f, "GDCCommitment") or [None])[0]
        lines = sorted({r[2] for r in paths if r[0] == code and r[2] and r[6] in (None, "no")}, key=natural_key)
        if code and lines:
            recs.append(f"review {code} against {list_codes(lines, 4)}, the Action Lines it reaches only on single-source links")
    if pending:
        notes.append(f"{len(pending)} of these commitments are not yet reviewed: a home may exist that nobody has recorded.")
    rec = ("; ".join(recs) + ".") if recs else ""
    return Message("gdc", f"{len(orphans)} GDC commitments have no home in the Action Lines" if orphans
                   else "Every GDC commitment reaches an Action Line", str(len(orphans)),
                   f"of {total} GDC commitments without a home", text, _anchor("gdc-wsis"), rec[:1].upper() + rec[1:], notes)


# -- Action Lines depending on one facilitator -------------------------------------------------


def facilitation_message(report) -> Message | None:
    result = _result(report, "facilitation")
    if result is None:
        return None
    facts: DataFacts = report.facts or DataFacts()
    if not facts.current_roles and _scope(report) is None:
        return Message("facilitation", "The facilitation table is not in the graph", "—", "facilitators", (
            "The graph holds no facilitation role, so this report cannot say who carries each Action Line."),
            _anchor("facilitation"), "Build the graph with the facilitation table, then run the report again.")
    single = result.of_kind("single-facilitator")
    by_entity: dict[str, list[str]] = defaultdict(list)
    for f in single:
        lines, entities = _codes(f, "ActionLine"), _codes(f, "Entity")
        if lines:
            by_entity[entities[0] if entities else "?"].append(lines[0])
    if not single:
        if _scope(report) is not None:
            return None
        return Message("facilitation", "No Action Line depends on a single facilitator", "0",
                       "Action Lines with one facilitator", "Every Action Line has more than one facilitating entity.",
                       _anchor("facilitation"))
    total = _figure(result, "action-lines") or facts.counts.get("ActionLine")
    groups = sorted(by_entity.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    parts = [f"{entity} alone for {list_codes(sorted(lines, key=natural_key))}" for entity, lines in groups]
    of = f" of the {total}" if total and _scope(report) is None else ""
    text = f"{len(single)}{of} Action Lines{_where(report)} have a single facilitating entity: {'; '.join(parts[:4])}"
    text += f"; and {len(parts) - 4} more entities with one each." if len(parts) > 4 else "."
    critical = result.of_kind("critical-entity")
    if critical:
        widest = max(critical, key=lambda f: (f.figure or 0))
        text += f" {widest.text}"
    stale = {r.action_line for r in facts.stale_roles}
    lines_all = sorted({line for lines in by_entity.values() for line in lines}, key=natural_key)
    notes = []
    lapsed = [line for line in lines_all if line in stale]
    if lapsed:
        notes.append(f"For {list_codes(lapsed)}, the one role was last confirmed more than {facts.recent_years} years before the table.")
    head_entity, head_lines = groups[0]
    rec = f"Assign a co-facilitator to {list_codes(sorted(head_lines, key=natural_key))}"
    rec += f", which rest on {head_entity} alone" if len(head_lines) > 1 else ""
    if lapsed:
        rec += f"; ask the facilitators of {list_codes(lapsed)} to confirm their role for the WSIS+20 roadmaps"
    return Message("facilitation", f"{_s(len(single), 'Action Line depends', 'Action Lines depend')} on a single facilitator",
                   str(len(single)), "Action Lines with one facilitating entity", text, _anchor("facilitation"), rec + ".", notes)


# -- SDG targets no Action Line serves ---------------------------------------------------------


def sdg_message(report) -> Message | None:
    result = _result(report, "sdg-coverage")
    if result is None:
        return None
    facts: DataFacts = report.facts or DataFacts()
    scope = _scope(report)
    unserved = result.of_kind("unserved-target")
    if scope is not None and scope["kind"] == "action-line":
        targets = sorted({r[1] for r in _table_rows(result, "action-line-target-matrix") if r[1]}, key=natural_key)
        goals = sorted({r[1] for r in _table_rows(result, "action-line-goal-matrix") if r[1]}, key=natural_key)
        text = (f"{scope['label']} serves {_s(len(targets), 'SDG target')} directly and is linked to "
                f"{_s(len(goals), 'SDG goal')} ({list_codes(goals, 8)}).")
        ict = result.of_kind("ict-target")
        if ict:
            text += f" {_s(len(ict), 'of the targets that name technology is', 'of the targets that name technology are')} among them."
        return Message("sdg", f"{scope['value']} serves {_s(len(targets), 'SDG target')}", str(len(targets)),
                       "SDG targets served", text, _anchor("sdg-coverage"))
    if not facts.counts.get("SDGTarget") and scope is None:
        return Message("sdg", "The SDGs are not in the graph", "—", "SDG targets",
                       "The graph holds no SDG target, so this report cannot say which the Action Lines serve.",
                       _anchor("sdg-coverage"), "Build the graph with the SDG framework, then run the report again.")
    total = _figure(result, "targets") if scope is None else None
    by_goal: dict[str, list] = defaultdict(list)
    for f in unserved:
        goal = next((i.code for i in f.items if i.type == "SDGGoal"), None)
        by_goal[goal or "?"].append(f)
    of = f" of the {total}" if total else ""
    text = f"{len(unserved)}{of} SDG targets{_where(report)} are served by no Action Line"
    ict_unserved = _figure(result, "ict-targets-unserved") if scope is None else None
    ict_total = _figure(result, "ict-targets") if scope is None else None
    if ict_unserved and ict_total:
        text += f", among them {ict_unserved} of the {ict_total} targets the SDG framework marks as ICT-specific"
    text += "."
    rec = ""
    if by_goal:
        ranked = sorted(by_goal.items(), key=lambda kv: (-len(kv[1]), natural_key(kv[0])))
        text += " Most are under " + ", ".join(f"goal {g} ({len(fs)})" for g, fs in ranked[:3]) + "."
        goal, found = ranked[0]
        lines = sorted({short(e.subject) for f in found for e in f.evidence if "/action-line/" in e.subject}, key=natural_key)
        if lines:
            rec = (f"Ask the facilitators of {list_codes(lines, 5)}, which are linked to goal {goal} as a whole, which of its "
                   f"{_s(len(found), 'unserved target')} they serve, and record the links target by target.")
        else:
            rec = f"Check the {_s(len(found), 'unserved target')} of goal {goal} against the Action Lines' programmes of work."
    notes = []
    single = [f for f in unserved if any(e.confidence == "single-source" for e in f.evidence)]
    if single:
        notes.append(f"For {len(single)} of them the goal-level links rest on one source (the WSIS–SDG matrix).")
    return Message("sdg", f"{_s(len(unserved), 'SDG target has', 'SDG targets have')} no Action Line", str(len(unserved)),
                   (f"of {total} SDG targets served by no Action Line" if total else "SDG targets served by no Action Line"), text, _anchor("sdg-coverage"), rec, notes)


# -- Rights provisions nothing touches ---------------------------------------------------------


def rights_message(report) -> Message | None:
    result = _result(report, "rights")
    if result is None:
        return None
    facts: DataFacts = report.facts or DataFacts()
    scope = _scope(report)
    if not facts.counts.get("Provision") and scope is None:
        return Message("rights", "The human-rights graph is not in the graph", "—", "provisions",
                       "The graph holds no human-rights provision, so this report cannot say what grounds the Action Lines in rights.",
                       _anchor("rights"), "Build the graph with the human-rights sources, then run the report again.")
    untouched = result.of_kind("untouched-provision")
    lines = [c for f in result.of_kind("ungrounded-action-line") for c in _codes(f, "ActionLine")[:1]]
    commitments = result.of_kind("ungrounded-commitment")
    grounded = result.of_kind("grounding")
    if scope is not None and not untouched:
        if not (lines or commitments or grounded):
            return None
        if lines or commitments:
            what = list_codes(lines + [c for f in commitments for c in _codes(f, "GDCCommitment")[:1]])
            return Message("rights", f"{what} touch no rights provision", str(len(lines) + len(commitments)),
                           "without rights grounding", f"{what}{_where(report) if scope['kind'] != 'action-line' else ''} "
                           "touches no human-rights provision by any route.", _anchor("rights"),
                           f"Ask who carries {what} to name the rights provisions it rests on.")
        best = max(grounded, key=lambda f: f.figure or 0)
        return Message("rights", f"{scope['value']} is grounded in rights", str(best.figure or 0),
                       "provisions or instruments touched", best.text, _anchor("rights"))
    themed = _figure(result, "themed-provisions") if scope is None else None
    of = f" of the {themed}" if themed else ""
    text = f"{len(untouched)}{of} provisions of the digital themes are touched by no Action Line and no GDC commitment"
    themes: dict[str, int] = defaultdict(int)
    untouched_codes = {c for f in untouched for c in _codes(f, "Provision")}
    for row in _table_rows(result, "provision-themes"):
        if row[0] in untouched_codes and row[2]:
            for theme in str(row[2]).split(", "):
                themes[theme] += 1
    ranked = sorted(themes.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked:
        text += " (most in " + ", ".join(f"{t}: {n}" for t, n in ranked[:3]) + ")"
    text += "."
    if lines:
        text += f" {list_codes(lines)} {'touches' if len(lines) == 1 else 'touch'} no provision by any route"
        text += f", nor do {len(commitments)} GDC commitments." if commitments else "."
    rec = ""
    if lines:
        rec = f"Ask the facilitators of {list_codes(lines)} to name the rights provisions their work rests on"
        if ranked:
            rec += f", starting with the {ranked[0][0]} provisions"
        rec += "."
    elif ranked:
        rec = f"Check the {ranked[0][1]} untouched {ranked[0][0]} provisions against the Action Lines that work on that theme."
    return Message("rights", f"{_s(len(untouched), 'rights provision is', 'rights provisions are')} touched by nothing",
                   str(len(untouched)), (f"of {themed} digital-theme provisions that nothing touches" if themed else "digital-theme provisions that nothing touches"), text, _anchor("rights"), rec)


BUILDERS = (gdc_message, facilitation_message, sdg_message, rights_message)


def key_messages(report) -> list[Message]:
    """The report's key messages, in order of weight (see the module docstring)."""
    return [m for m in (build(report) for build in BUILDERS) if m is not None]


def lead(report) -> str:
    """The sentence that opens the summary: what was read, and how many findings came of it."""
    findings = sum(len(r.findings) for r in report.results)
    scope = _scope(report)
    version = report.cover.data_version
    about = f"about {scope['label']}" if scope else "across the WSIS Action Lines, the SDGs, the Global Digital Compact and human rights"
    text = (f"This report reads the graph{f' (data version {version})' if version else ''} {about}: "
            f"{len(report.results)} analyses make {_s(findings, 'finding')}.")
    return text + " The messages below come first by weight; each points to the section with its evidence."
