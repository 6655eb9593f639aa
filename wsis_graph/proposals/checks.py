"""Checking each row of a proposal table against the store: every problem, by row and column.

The checks (see :mod:`wsis_graph.proposals.table` for the columns and
:mod:`wsis_graph.proposals.rules` for what may be linked):

* ``proposal_id``: present, well formed, not used by an earlier row;
* ``subject`` and ``object``: each names exactly one thing of the store, by code or IRI;
* ``relation``: one of the three relations, and it joins the kinds of this subject and object in
  this direction (a reversed pair is reported as such, a pair that fits another relation says which);
* the link is not proposed twice in the file, and no curated source graph states it already;
* ``justification`` and ``source`` present (a source part is an http(s) URL or a citation);
  ``locator`` present unless the confidence is ``inferred``;
* ``confidence``: one of the marks a proposal may carry;
* ``proposed_by`` readable (or a proposer given for the whole file), ``date`` a past or present
  calendar date, ``strength`` a number from 0 to 1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from wsis_graph.proposals.catalogue import Catalogue, curie
from wsis_graph.proposals.rules import (
    ALLOWED_MARKS,
    REFUSED_MARKS,
    RULES,
    kind_name,
    relation_from_text,
    relations_for,
)
from wsis_graph.proposals.table import AGENT_FORMS, Agent, ProposalTable, parse_agent
from wsis_graph.sources.base import CONFIDENCE_MARKS, split_urls
from wsis_graph.tables import Row, SourceError

PROPOSAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MIN_JUSTIFICATION = 20
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass
class Proposal:
    """One accepted row: the link, its evidence and who proposes it."""

    row: Row
    proposal_id: str
    subject: URIRef
    relation: URIRef
    obj: URIRef
    justification: str
    sources: list[str]
    locator: str
    mark: URIRef
    agent: Agent
    date: str = ""
    strength: float | None = None
    note: str = ""

    @property
    def line(self) -> int:
        return self.row.line


@dataclass
class CheckResult:
    proposals: list[Proposal] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


def cell(row: Row, column: str) -> str:
    """The stripped value of a cell; '' when empty or when the (optional) column is absent."""
    return (row.values.get(column) or "").strip()


def check_proposals(
    table: ProposalTable,
    catalogue: Catalogue,
    *,
    default_agent: Agent | None = None,
    ignore_graphs: Iterable[URIRef] = (),
    today: dt.date | None = None,
) -> CheckResult:
    """Check every row; the result holds the accepted proposals and every error found.

    Args:
        table: the read table (its own reading errors come first in the result).
        catalogue: what the store knows.
        default_agent: the proposer of rows whose ``proposed_by`` is empty.
        ignore_graphs: graphs whose links do not count as already stated (the proposal graphs).
        today: today's date (defaults to today, UTC); a row dated more than a day later is refused.
    """
    result = CheckResult(errors=list(table.errors))
    # A row dated by its proposer's calendar may be a day ahead of UTC (east of Greenwich).
    latest = (today or dt.datetime.now(dt.timezone.utc).date()) + dt.timedelta(days=1)
    ignore = set(ignore_graphs)
    ids: dict[str, int] = {}
    links: dict[tuple[URIRef, URIRef, URIRef], int] = {}
    columns = table.table.columns
    if default_agent is None and columns and "proposed_by" not in columns:
        result.errors.append(
            SourceError(
                table.name, 1, "proposed_by",
                f"no proposer: add a proposed_by column, or give one proposer for the whole file ({AGENT_FORMS})",
            )
        )
    for row in table.table.rows:
        errors: list[SourceError] = []

        def attempt(check, *args):
            try:
                return check(*args)
            except SourceError as exc:
                errors.append(exc)
                return None

        proposal_id = attempt(_proposal_id, row, ids)
        subject = attempt(_thing, row, "subject", catalogue)
        relation = attempt(_relation, row)
        obj = attempt(_thing, row, "object", catalogue)
        if subject is not None and relation is not None and obj is not None:
            if attempt(_pair, row, catalogue, subject, relation, obj) is not None:
                attempt(_not_stated, row, catalogue, subject, relation, obj, links, ignore)
        justification = attempt(_justification, row)
        sources = attempt(_sources, row)
        mark = attempt(_confidence, row)
        locator = attempt(_locator, row, mark)
        agent = attempt(_agent, row, default_agent)
        date = attempt(_date, row, latest)
        strength = attempt(_strength, row)
        if errors:
            result.errors.extend(errors)
            continue
        result.proposals.append(
            Proposal(
                row=row,
                proposal_id=proposal_id,
                subject=subject,
                relation=relation,
                obj=obj,
                justification=justification,
                sources=sources,
                locator=locator,
                mark=mark,
                agent=agent,
                date=date,
                strength=strength,
                note=cell(row, "note"),
            )
        )
    if result.errors:
        result.proposals = []
        result.errors.sort(key=lambda e: e.row or 0)
    return result


def _proposal_id(row: Row, ids: dict[str, int]) -> str:
    value = row.code("proposal_id", PROPOSAL_ID, "proposal id")
    if value in ids:
        raise row.error("proposal_id", f"proposal id {value!r} is already used in row {ids[value]}")
    ids[value] = row.line
    return value


def _thing(row: Row, column: str, catalogue: Catalogue) -> URIRef:
    value = row.require(column)
    try:
        return catalogue.resolve(value)
    except LookupError as exc:
        raise row.error(column, str(exc)) from None


def _relation(row: Row) -> URIRef:
    value = row.require("relation")
    relation = relation_from_text(value)
    if relation is None:
        names = ", ".join(rule.curie for rule in RULES.values())
        extra = " (wsis:concerns is for stakeholder submissions, not proposals)" if "concerns" in value.lower() else ""
        raise row.error("relation", f"{value!r} is not a relation a proposal may add; use one of {names}{extra}")
    return relation


def _pair(row: Row, catalogue: Catalogue, subject: URIRef, relation: URIRef, obj: URIRef) -> bool:
    rule = RULES[relation]
    s_kinds, o_kinds = catalogue.kinds[subject], catalogue.kinds[obj]
    s_name, o_name = kind_name(s_kinds), kind_name(o_kinds)
    s_text, o_text = cell(row, "subject"), cell(row, "object")
    if s_kinds & rule.subjects and o_kinds & rule.objects:
        return True
    if o_kinds & rule.subjects and s_kinds & rule.objects:
        raise row.error(
            "relation",
            f"{rule.curie} runs {rule.wording}; this row has them the other way round "
            f"({s_text!r} is {_a(s_name)}, {o_text!r} {_a(o_name)}): swap subject and object",
        )
    others = [r.curie for r in relations_for(s_kinds, o_kinds)]
    if others:
        raise row.error(
            "relation",
            f"{rule.curie} does not join {_a(s_name)} to {_a(o_name)}; for these two use {' or '.join(others)}",
        )
    if not s_kinds & rule.subjects:
        raise row.error("subject", f"{s_text!r} is {_a(s_name)}, but {rule.curie} runs {rule.wording}{_hint(s_kinds)}")
    raise row.error("object", f"{o_text!r} is {_a(o_name)}, but {rule.curie} runs {rule.wording}{_hint(o_kinds)}")


def _a(name: str) -> str:
    """The name with its indefinite article ('an SDG target', 'a GDC paragraph')."""
    return f"an {name}" if name[:1].lower() in "aeio" or name.startswith("SDG") else f"a {name}"


def _hint(kinds: set[str]) -> str:
    if "sdg-goal" in kinds:
        return "; name one of the goal's targets (such as 9.c for goal 9)"
    if "instrument" in kinds:
        return "; name the article (such as UDHR:19), not the whole instrument"
    if "process" in kinds:
        return "; processes (the IGF, the WSIS Forum …) are not among the things a proposal may link"
    if "sdg-indicator" in kinds:
        return "; name the target the indicator measures"
    return ""


def _not_stated(
    row: Row,
    catalogue: Catalogue,
    subject: URIRef,
    relation: URIRef,
    obj: URIRef,
    links: dict[tuple[URIRef, URIRef, URIRef], int],
    ignore: set[URIRef],
) -> None:
    key = (subject, relation, obj)
    what = f"{catalogue.label(subject)} {curie(relation)} {catalogue.label(obj)}"
    if key in links:
        raise row.error(None, f"the link {what} is already proposed in row {links[key]}")
    links[key] = row.line
    stated = catalogue.stated_in(subject, relation, obj, ignore=ignore)
    if stated:
        graphs = ", ".join(f"<{g}>" for g in stated)
        raise row.error(
            None,
            f"the link {what} is already stated in {graphs}; a proposal adds a link the curated sources lack "
            "(further evidence for an existing link goes to the curator of that source)",
        )


def _justification(row: Row) -> str:
    value = row.require("justification")
    if len(value) < MIN_JUSTIFICATION:
        raise row.error(
            "justification",
            f"{value!r} is too short to justify a link ({len(value)} characters; say in at least "
            f"{MIN_JUSTIFICATION} why the link holds)",
        )
    return value


def _sources(row: Row) -> list[str]:
    parts = split_urls(row.require("source"))
    for part in parts:
        if _URL.match(part):
            continue
        if part.lower().startswith(("http:", "https:")):
            raise row.error("source", f"{part!r} is not a well-formed http(s) URL (no spaces; a host after //)")
        if _OTHER_SCHEME.match(part) or part.lower().startswith(("file:", "javascript:", "data:")):
            raise row.error("source", f"{part!r}: a source is an http(s) URL or a citation, not another kind of link")
        if len(part) < 4:
            raise row.error("source", f"{part!r} is too short to identify a source; give a URL or a citation such as 'A/RES/79/1'")
    return parts


def _confidence(row: Row) -> URIRef:
    value = row.require("confidence")
    if value in ALLOWED_MARKS:
        return ALLOWED_MARKS[value]
    if value in REFUSED_MARKS:
        raise row.error("confidence", REFUSED_MARKS[value])
    known = f" (the graph's marks are {', '.join(CONFIDENCE_MARKS)})" if value.lower() not in CONFIDENCE_MARKS else ""
    raise row.error("confidence", f"{value!r} is not a mark a proposal may carry; use one of {', '.join(ALLOWED_MARKS)}{known}")


def _locator(row: Row, mark: URIRef | None) -> str:
    value = cell(row, "locator")
    if not value and mark is not None and mark != ALLOWED_MARKS["inferred"]:
        raise row.error(
            "locator",
            "required: say where the source states the link (paragraph, article or page); "
            "only an 'inferred' proposal may leave it empty",
        )
    return value


def _agent(row: Row, default: Agent | None) -> Agent | None:
    value = cell(row, "proposed_by")
    if not value:
        if default is None and "proposed_by" not in row.table.columns:
            return None  # reported once, for the header
        if default is None:
            raise row.error("proposed_by", f"required: no proposer was given for the whole file; write {AGENT_FORMS}")
        return default
    try:
        return parse_agent(value)
    except ValueError as exc:
        raise row.error("proposed_by", str(exc)) from None


def _date(row: Row, latest: dt.date) -> str:
    value = cell(row, "date")
    if not value:
        return ""
    if not _DATE.match(value):
        raise row.error("date", f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise row.error("date", f"{value!r} is not a calendar date") from None
    if day > latest:
        today = latest - dt.timedelta(days=1)
        raise row.error("date", f"{value} is in the future (today is {today.isoformat()}, UTC)")
    return value


def _strength(row: Row) -> float | None:
    value = cell(row, "strength")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise row.error("strength", f"{value!r} is not a number") from None
    if not 0 <= number <= 1 or number != number:
        raise row.error("strength", f"{value} is outside 0 to 1")
    return number


__all__ = ["CheckResult", "Proposal", "cell", "check_proposals"]
