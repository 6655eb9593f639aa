"""The names of the review workbench: its graphs, the IRIs it mints, pair ids, run names, relations.

For a base ``{base}``:

* ``{base}graph/candidates/<run>``: one candidate set per matching run (``dct:type wsis:CandidateSet``);
  a candidate is ``{base}candidate/<run>/<pair id>``;
* ``{base}graph/review/decisions``: the review log (``dct:type wsis:ReviewLog``): every decision
  (``{base}review/decision/<pair id>-<revision>``) and every undo (``{base}review/undo/<pair id>-<revision>``),
  never deleted (the audit trail), and the state of each reviewed pair (``{base}review/pair/<pair id>``:
  its revision and current decision);
* ``{base}graph/review/mappings``: the accepted links (``dct:type wsis:ReviewedMappingSet``), one
  ``wsis:Alignment`` per pair (``{base}alignment/review/<pair id>``) with its direct triple; the analyses
  read it like a curated graph.

A **pair id** is the first ten hexadecimal digits of the SHA-1 of ``subject object`` (their IRIs): short,
the same in every run and every store, so that a decision made on a pair holds whichever run suggests it
again, and an export imported elsewhere finds its pairs. The command line accepts any unique prefix of
four digits or more.

>>> pair_id("https://w3id.org/wsis-graph/id/action-line/C5", "http://metadata.un.org/sdg/16.2")
'883b414d65'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from rdflib import URIRef

from wsis_graph.namespaces import WSIS, WSIS_NS
from wsis_graph.problems import Problem
from wsis_graph.uris import Minter

RUN_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
PAIR_ID = re.compile(r"^[0-9a-f]{10}$")

#: The relations an accepted candidate may be given: those of the ontology that a qualified link
#: (wsis:Alignment) may carry between two concepts (``wsis:mentions`` is the text importer's own).
RELATIONS: dict[str, URIRef] = {
    "contributesTo": WSIS.contributesTo,
    "linkedTo": WSIS.linkedTo,
    "groundedIn": WSIS.groundedIn,
    "concerns": WSIS.concerns,
}

#: The relation an accepted candidate gets when the reviewer names none, by the kinds of its two ends
#: (the matcher's kinds); as the curated sources word the same kind of link.
DEFAULT_RELATION: dict[tuple[str, str], str] = {
    ("action-lines", "sdg-targets"): "contributesTo",
    ("action-lines", "sdg-goals"): "contributesTo",
    ("gdc", "action-lines"): "linkedTo",
    ("gdc", "entities"): "linkedTo",
    ("gdc", "sdg-targets"): "linkedTo",
    ("gdc", "sdg-goals"): "linkedTo",
    ("gdc", "rights"): "groundedIn",
    ("action-lines", "rights"): "groundedIn",
    ("submission", "gdc"): "concerns",
    ("submission", "action-lines"): "concerns",
    ("submission", "sdg-targets"): "concerns",
    ("submission", "rights"): "concerns",
}

VERDICTS: dict[str, URIRef] = {"accept": WSIS.Accepted, "reject": WSIS.Rejected, "unsure": WSIS.Unsure}
#: The status a verdict leaves a pair in (``open``: no decision stands).
STATUS: dict[URIRef, str] = {WSIS.Accepted: "accepted", WSIS.Rejected: "rejected", WSIS.Unsure: "unsure"}
STATUSES = ("open", "accepted", "rejected", "unsure")


class ReviewError(Problem):
    """A review request that cannot be done as asked: 400 (bad input), 404 (no such candidate) or
    409 (the pair changed since the state the request names; the message says its current state)."""

    def __init__(self, message: str, *, code: str = "bad_request", status: int = 400) -> None:
        super().__init__(status, code, message)


def pair_id(subject: str, obj: str) -> str:
    """The stable short id of a pair (see the module docstring)."""
    return hashlib.sha1(f"{subject} {obj}".encode("utf-8")).hexdigest()[:10]


def check_run_name(name: str) -> str:
    """A run name: lower-case letters, digits and inner hyphens, at most 64 characters.

    >>> check_run_name("c5-to-sdg-2026-q1")
    'c5-to-sdg-2026-q1'
    """
    if not RUN_NAME.match(name or ""):
        raise ReviewError(
            f"{name!r} is not a run name: use lower-case letters, digits and hyphens (not at the ends), "
            "at most 64 characters, as in 'gdc-to-action-lines-2026-q1'"
        )
    return name


def default_run_name(from_kind: str, to_kind: str, moment: dt.datetime) -> str:
    """``<from>-to-<to>-<YYYYMMDD>-<HHMMSS>`` (UTC).

    >>> default_run_name("gdc", "action-lines", dt.datetime(2026, 3, 1, 9, 5, 7, tzinfo=dt.timezone.utc))
    'gdc-to-action-lines-20260301-090507'
    """
    return f"{from_kind}-to-{to_kind}-{moment.astimezone(dt.timezone.utc):%Y%m%d-%H%M%S}"


def relation_of(name: str | None, subject_kind: str = "", object_kind: str = "") -> URIRef:
    """The relation a reviewer names (``linkedTo``, ``wsis:linkedTo`` or its IRI), else the default for
    the kinds.

    >>> relation_of("wsis:contributesTo") == WSIS.contributesTo
    True
    """
    if name is None or not name.strip():
        default = DEFAULT_RELATION.get((subject_kind, object_kind))
        if default is None:
            raise ReviewError(
                f"name the relation (--relation): there is no default for a link from {subject_kind or '?'} "
                f"to {object_kind or '?'}; the relations are: {', '.join(RELATIONS)}",
                code="relation_required",
            )
        return RELATIONS[default]
    key = name.strip()
    for prefix in ("wsis:", WSIS_NS):
        if key.startswith(prefix):
            key = key[len(prefix):]
    if key not in RELATIONS:
        raise ReviewError(
            f"{name!r} is not a relation a reviewed link may have; the ontology's are: {', '.join(RELATIONS)}",
            code="unknown_relation",
        )
    return RELATIONS[key]


def relation_name(relation: URIRef) -> str:
    return str(relation)[len(WSIS_NS):] if str(relation).startswith(WSIS_NS) else str(relation)


@dataclass(frozen=True)
class Names:
    """The IRIs of the workbench under one base."""

    mint: Minter

    @property
    def description(self) -> URIRef:
        return self.mint.graph("description")

    @property
    def decisions(self) -> URIRef:
        return self.mint.iri("graph", "review", "decisions")

    @property
    def mappings(self) -> URIRef:
        return self.mint.iri("graph", "review", "mappings")

    def candidates(self, run: str) -> URIRef:
        return self.mint.iri("graph", "candidates", run)

    def run(self, run: str) -> URIRef:
        return self.mint.iri("activity", "candidates", run)

    def candidate(self, run: str, pid: str) -> URIRef:
        return self.mint.iri("candidate", run, pid)

    def pair(self, pid: str) -> URIRef:
        return self.mint.iri("review", "pair", pid)

    def decision(self, pid: str, revision: int) -> URIRef:
        return self.mint.iri("review", "decision", f"{pid}-{revision}")

    def undo(self, pid: str, revision: int) -> URIRef:
        return self.mint.iri("review", "undo", f"{pid}-{revision}")

    def alignment(self, pid: str) -> URIRef:
        return self.mint.iri("alignment", "review", pid)

    def reviewer(self, name: str) -> URIRef:
        """A reviewer's IRI, minted from a digest of the name as given (trimmed, case kept)."""
        return self.mint.iri("agent", "reviewer-" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:16])


__all__ = [
    "DEFAULT_RELATION",
    "Names",
    "PAIR_ID",
    "RELATIONS",
    "STATUS",
    "STATUSES",
    "VERDICTS",
    "ReviewError",
    "check_run_name",
    "default_run_name",
    "pair_id",
    "relation_name",
    "relation_of",
]
