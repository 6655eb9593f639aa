"""The limits of the data a report rests on, said at the front and next to each finding they touch.

Two steps. :func:`gather` reads what the analyses' results do not carry (which frameworks the
projection holds, which facilitation roles no recent source confirms, which proposal and candidate
sets were left out, where the review stands) from the projection, once, into a plain
:class:`DataFacts`. :func:`limitations` and :func:`notes_for` are pure functions of the assembled
:class:`~wsis_graph.reports.model.Report` (its results, its cover and those facts), so that a test can
build a report by hand and check every sentence.

A framework that is not in the graph is a limitation, not an error: the report says that the GDC
(or the facilitation table, or the rights graph) is missing, and that the findings about it are
absent rather than zero.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wsis_graph.reports.labels import natural_key, short

#: Node types whose count says whether a framework is in the projection, with its words.
FRAMEWORKS = (
    ("ActionLine", "WSIS Action Lines", "wsis"),
    ("SDGTarget", "SDG targets", "sdg"),
    ("GDCCommitment", "GDC commitments", "gdc"),
    ("Provision", "human-rights provisions", "rights"),
)

#: Findings that speak about a facilitation role, by analysis and kind (for the note on a role not confirmed lately).
ROLE_FINDINGS = {("facilitation", "single-facilitator"), ("facilitation", "critical-link"), ("facilitation", "critical-entity"),
                 ("facilitation", "role-disagreement")}


@dataclass
class StaleRole:
    """A current facilitation role whose newest source is older than the recent window."""

    action_line: str  # code
    entity: str  # code
    role: str  # in words
    period: str  # as the table words it


@dataclass
class DataFacts:
    """What :func:`gather` read about the data beyond the analyses' results (plain values only)."""

    counts: dict[str, int] = field(default_factory=dict)  # node type -> count in the projection
    current_roles: int = 0  # current facilitation links (Action Line -> entity)
    stale_roles: list[StaleRole] = field(default_factory=list)
    undated_roles: int = 0
    recent_years: int = 3
    proposal_sets: int = 0  # proposal sets in the store that the projection left out
    proposals_included: bool = False
    record_sets: int = 0
    records_included: bool = False
    candidate_sets: int = 0  # runs of the matcher whose candidates wait in the review queue
    review_pairs: int = 0  # pairs in the queue or the log
    open_pairs: int = 0
    decided_pairs: int = 0
    #: Commitment code -> Action Line codes of the open candidates of the review queue for it.
    open_candidates: dict[str, list[str]] = field(default_factory=dict)
    #: GDC commitments in the graph whose code carries no paragraph number of the adopted text.
    unnumbered_commitments: list[str] = field(default_factory=list)
    #: Plan of Action paragraphs in the graph, by confidence mark of the paragraph (empty when none).
    paragraphs: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def _code(G, node: str) -> str:
    return G.nodes[node].get("code") or short(node) if node in G else short(node)


def gather(G) -> DataFacts:
    """Read the :class:`DataFacts` from a projection (``G.graph["left_out"]`` counts the sets it left out)."""
    from wsis_graph.analysis.common import CURRENT_ROLES, edges
    from wsis_graph.analysis.facilitation import RECENT_YEARS, ROLE_WORDS, role_period
    from wsis_graph.analysis.reviewed import DECIDED, review_of

    facts = DataFacts(recent_years=RECENT_YEARS)
    types = Counter(data.get("type") for _, data in G.nodes(data=True))
    facts.counts = {t: types.get(t, 0) for t, _, _ in FRAMEWORKS} | {"Entity": types.get("Entity", 0)}
    facts.unnumbered_commitments = sorted(
        (data.get("code") or short(n) for n, data in G.nodes(data=True)
         if data.get("type") == "GDCCommitment" and not re.match(r"^GDC-\d+", data.get("code") or "")), key=natural_key)
    paragraphs = Counter(data.get("confidence") or "unmarked" for _, data in G.nodes(data=True) if data.get("type") == "Paragraph")
    facts.paragraphs = dict(sorted(paragraphs.items()))
    for u, v, data in edges(G, *CURRENT_ROLES):
        if G.nodes[u].get("type") != "ActionLine":
            continue
        facts.current_roles += 1
        worded, recent = role_period(G, data)
        if recent == "no":
            facts.stale_roles.append(StaleRole(_code(G, u), _code(G, v), ROLE_WORDS.get(data.get("relation"), data.get("relation") or "role"), worded))
        elif recent == "not dated":
            facts.undated_roles += 1
    facts.stale_roles.sort(key=lambda r: (natural_key(r.action_line), r.entity))
    review = review_of(G)
    facts.review_pairs = len(review)
    facts.open_pairs = sum(1 for p in review.pairs if p.status == "open")
    facts.decided_pairs = sum(1 for p in review.pairs if p.status in DECIDED)
    facts.candidate_sets = len({run for p in review.pairs for run in p.runs})
    for p in review.pairs:
        if p.status != "open":
            continue
        ends = {G.nodes.get(n, {}).get("type"): n for n in (p.subject, p.object)}
        if "GDCCommitment" in ends and "ActionLine" in ends:
            facts.open_candidates.setdefault(_code(G, ends["GDCCommitment"]), []).append(_code(G, ends["ActionLine"]))
    for lines in facts.open_candidates.values():
        lines.sort(key=natural_key)
    facts.proposals_included = bool(G.graph.get("proposals"))
    facts.records_included = bool(G.graph.get("records"))
    left_out = G.graph.get("left_out") or {}  # the sets the projection holds but did not read
    facts.proposal_sets = left_out.get("proposal sets", 0)
    facts.record_sets = left_out.get("record sets", 0)
    return facts


# -- The limitations, from the report ----------------------------------------------------------


@dataclass
class Limitation:
    """One limit of the data: a heading, what it is in a sentence or two, and the short note that goes
    next to every finding it touches (empty when it touches none in particular)."""

    key: str
    title: str
    text: str
    note: str = ""
    rows: list[tuple[str, str]] = field(default_factory=list)  # (what, how much) for a small table


def _pct(part: int, whole: int) -> str:
    """A share as a whole percentage (``less than 1 %`` rather than 0 for a few).

    >>> _pct(1, 3), _pct(1, 400), _pct(0, 0)
    ('33 %', 'less than 1 %', '0 %')
    """
    if not whole or not part:
        return "0 %"
    share = 100 * part / whole
    return "less than 1 %" if share < 1 else f"{share:.0f} %"


def _result(report, analysis: str):
    return next((r for r in report.results if r.analysis == analysis), None)


def _figure(result, name: str):
    if result is None:
        return None
    return next((f.value for f in result.figures if f.name == name), None)


def _table_rows(result, name: str) -> list[list]:
    if result is None:
        return []
    try:
        return result.table(name).rows
    except KeyError:
        return []


def confidence_counts(report) -> list[tuple[str, int]]:
    """Qualified links per confidence mark, from the evidence analysis (empty when it did not run)."""
    return [(str(k), int(n)) for k, n in _table_rows(_result(report, "evidence"), "links-by-confidence")]


def list_codes(codes: list[str], most: int = 6) -> str:
    """Codes as a reader wants them in a sentence: ``C2, C4 and C5``; the rest counted.

    >>> list_codes(["C2"]), list_codes(["C2", "C4", "C5"]), list_codes([f"C{i}" for i in range(1, 10)], 3)
    ('C2', 'C2, C4 and C5', 'C1, C2, C3 and 6 more')
    """
    codes = list(codes)
    if len(codes) <= 1:
        return "".join(codes)
    if len(codes) > most:
        return ", ".join(codes[:most]) + f" and {len(codes) - most} more"
    return ", ".join(codes[:-1]) + " and " + codes[-1]


def limitations(report) -> list[Limitation]:
    """The limitations of the data behind ``report``, most basic first."""
    facts: DataFacts = report.facts or DataFacts()
    out: list[Limitation] = []

    # 1. What each framework amounts to in the graph.
    rows = []
    missing = []
    for kind, words, key in FRAMEWORKS:
        n = facts.counts.get(kind, 0)
        rows.append((words, str(n) if n else "not in the graph"))
        if not n:
            missing.append(words)
    rows.append(("current facilitation roles", str(facts.current_roles) if facts.current_roles else "not in the graph"))
    if not facts.current_roles:
        missing.append("facilitation roles")
    coverage = report.cover.gdc_coverage
    text = []
    if missing:
        text.append(f"The graph holds no {list_codes(missing, 10)}: the analyses that need them find nothing, and that "
                    "absence is a hole in the data, not a finding.")
    if facts.counts.get("GDCCommitment") and coverage:
        text.append(coverage.get("sentence", ""))
        if coverage.get("imported"):
            rows.append(("GDC paragraphs held / in the adopted text", f"{coverage.get('paragraphs_in_graph')} / {coverage.get('paragraphs_in_text')}"))
            rows.append(("GDC commitments held / in the adopted text", f"{coverage.get('commitments_in_graph')} / {coverage.get('commitments_in_text')}"))
        else:
            rows.append(("adopted text of the GDC", "not imported"))
    if facts.unnumbered_commitments:
        n = len(facts.unnumbered_commitments)
        text.append(f"{n} of the {facts.counts.get('GDCCommitment', 0)} GDC commitments in the graph have no paragraph "
                    f"number of the adopted text ({list_codes(facts.unnumbered_commitments, 4)}), so they cannot be checked against it.")
    if facts.paragraphs:
        rows.append(("Plan of Action paragraphs by mark", ", ".join(f"{k} {v}" for k, v in facts.paragraphs.items())))
    else:
        rows.append(("Plan of Action paragraphs", "not in the graph"))
    out.append(Limitation("frameworks", "What the graph holds of each framework",
                          " ".join(t for t in text if t) or "Each framework is in the graph; the counts are below.",
                          rows=rows))

    # 2. Confidence marks.
    counts = confidence_counts(report)
    total = sum(n for _, n in counts)
    if total:
        single = dict(counts).get("single-source", 0)
        verified = dict(counts).get("verified", 0)
        out.append(Limitation(
            "confidence", "How sure the sources are",
            f"Of the {total} qualified links (alignments and facilitation roles), {verified} ({_pct(verified, total)}) are "
            f"marked verified and {total - verified} ({_pct(total - verified, total)}) carry a weaker mark.",
            rows=[(mark, f"{n} ({_pct(n, total)})") for mark, n in counts]))
        if single:
            out.append(Limitation(
                "single-source", "Links resting on one source",
                f"{single} links ({_pct(single, total)}) rest on a single source that no second source confirms. "
                "A finding built on them is as good as that one source; such findings carry a note.",
                note="rests on single-source links"))
    else:
        out.append(Limitation("confidence", "How sure the sources are",
                              "The evidence analysis did not run, so this report cannot say how the links divide by confidence mark."))

    # 3. Facilitation roles no recent source confirms.
    if facts.current_roles:
        stale = facts.stale_roles
        text = (f"{len(stale)} of the {facts.current_roles} current facilitation roles were last confirmed more than "
                f"{facts.recent_years} years before their table was compiled"
                + (f" ({'; '.join(f'{r.entity} as {r.role} of {r.action_line}, {r.period}' for r in stale[:4])}"
                   + (f"; and {len(stale) - 4} more" if len(stale) > 4 else "") + ")" if stale else "")
                + (f"; {facts.undated_roles} carry no date at all" if facts.undated_roles else "")
                + ". A role may have lapsed; findings about these Action Lines carry a note.")
        out.append(Limitation("stale-roles", "Facilitation roles not confirmed lately", text,
                              note="a role here was last confirmed long ago"))

    # 4. Sets left out.
    left = []
    if facts.proposal_sets and not facts.proposals_included:
        left.append(f"{facts.proposal_sets} proposal set{'s' if facts.proposal_sets != 1 else ''} (links people proposed, "
                    "not yet curated; --include-proposals takes them in)")
    if facts.record_sets and not facts.records_included:
        left.append(f"{facts.record_sets} practice-record set{'s' if facts.record_sets != 1 else ''} (--include-records)")
    if facts.candidate_sets:
        left.append(f"{facts.candidate_sets} candidate set{'s' if facts.candidate_sets != 1 else ''} of the matcher "
                    f"({facts.open_pairs} open suggestions in the review queue, never read as links)")
    out.append(Limitation("left-out", "Sets left out of the analyses",
                          ("Left out: " + "; ".join(left) + ".") if left else
                          "No proposal, practice-record or candidate set was left out: the store holds none, or the options took them in."))

    # 5. Review coverage.
    gdc = _result(report, "gdc-wsis")
    pairs = {(r[0], r[2]) for r in _table_rows(gdc, "gdc-paths") if r[0] and r[2]}
    decided = {(r[0], r[2]) for r in _table_rows(gdc, "gdc-paths") if r[0] and r[2] and r[6] not in (None, "no")}
    if gdc is not None:
        out.append(Limitation(
            "review", "How much of the GDC mapping a person has reviewed",
            f"Of the {len(pairs)} GDC commitment × Action Line pairs the GDC analysis finds a path for, {len(decided)} "
            f"({_pct(len(decided), len(pairs))}) have been decided in the review; the review log holds {facts.decided_pairs} "
            f"decision{'s' if facts.decided_pairs != 1 else ''} in all and the queue {facts.open_pairs} open pair"
            f"{'s' if facts.open_pairs != 1 else ''}. A commitment \"not yet reviewed\" may have a home nobody has recorded.",
            note="not yet reviewed"))
    return out


def notes_for(report, analysis: str, finding) -> list[str]:
    """The short notes a finding carries for the limitations that touch it."""
    facts: DataFacts = report.facts or DataFacts()
    notes = []
    marks = {finding.confidence} | {e.confidence for e in finding.evidence}
    if "single-source" in marks:
        notes.append("Rests on single-source links.")
    if (analysis, finding.kind) in ROLE_FINDINGS and facts.stale_roles:
        codes = {i.code for i in finding.items}
        stale = [r for r in facts.stale_roles if r.action_line in codes and r.entity in codes]
        if stale:
            notes.append("Role last confirmed " + "; ".join(f"{r.period} ({r.entity}, {r.action_line})" for r in stale[:2]) + ".")
    if analysis == "gdc-wsis" and "Not yet reviewed" in finding.text:
        notes.append("Not reviewed by a person yet.")
    return notes
