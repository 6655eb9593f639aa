"""Where the review workbench stands on each pair, as plain data for the analyses.

The review workbench (:mod:`wsis_graph.review`) keeps its queue in candidate sets (graphs typed
``wsis:CandidateSet``) and its decisions in the review log (``wsis:ReviewLog``). Neither is ever read
as links. The analyses still need to know, for a GDC commitment and an Action Line, whether a person
has looked at the pair: the map says so in its ``reviewed`` column, the gap analysis tells "reviewed:
no Action Line carries it" from "not yet reviewed", and the map can show the open candidates as
``suggested`` rows when asked. The analysis room may not import the review room, so this module reads
the same two kinds of graph with two small queries of its own (the status of a pair only, not the
candidates' evidence); ``tests/test_map.py`` checks that it
agrees with :func:`wsis_graph.review.state.candidates` on a store with a queue and decisions.

A pair's **status** is the one :mod:`wsis_graph.review.state` gives: ``accepted``, ``rejected`` or
``unsure`` when a decision stands, ``open`` when the pair is in the queue and no decision stands
(never decided, or its decisions undone). A pair that is in no candidate set and has no decision is
not in the review at all (:meth:`ReviewState.status` returns None).

:func:`read_review` is called by :func:`wsis_graph.analysis.projection.project`, which keeps the
result in ``G.graph["review"]``; :func:`review_of` gives it back (empty for a graph made another way).
:func:`reviewed_word` (the map's ``reviewed`` column), :func:`carries` (whether a path makes a home:
not when a reviewer rejected its pair) and :func:`reviewed_no_home` (an orphan "reviewed: no Action
Line carries it") are the rules the GDC analysis and the map apply (see :mod:`.gdc`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from rdflib import URIRef

from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.store import Store

#: The status a standing verdict leaves a pair in (the same words as ``wsis_graph.review.model.STATUS``).
VERDICT_STATUS = {str(WSIS.Accepted): "accepted", str(WSIS.Rejected): "rejected", str(WSIS.Unsure): "unsure"}

#: Statuses of a pair on which a decision stands.
DECIDED = ("accepted", "rejected", "unsure")

_P = sparql_prologue()

_Q_QUEUED = _P + """SELECT ?graph ?s ?o ?id ?score ?description WHERE {
  GRAPH ?description { ?graph dct:type wsis:CandidateSet }
  GRAPH ?graph {
    ?c a wsis:Candidate ; dct:identifier ?id ; wsis:candidateSubject ?s ; wsis:candidateObject ?o .
    OPTIONAL { ?c wsis:score ?score }
  }
}"""

_Q_DECIDED = _P + """SELECT ?s ?o ?id ?verdict ?description WHERE {
  GRAPH ?description { ?log dct:type wsis:ReviewLog }
  GRAPH ?log {
    ?pair a wsis:ReviewedPair ; dct:identifier ?id ; wsis:candidateSubject ?s ; wsis:candidateObject ?o .
    OPTIONAL { ?pair wsis:currentDecision ?current . ?current wsis:verdict ?verdict }
  }
}"""


@dataclass(frozen=True)
class ReviewPair:
    """One pair of the review: its id, its two ends (IRIs), its status, its best score and the runs that queued it."""

    pid: str
    subject: str
    object: str
    status: str
    score: float | None = None
    runs: tuple[str, ...] = ()


@dataclass
class ReviewState:
    """Every pair of the review queue and log, with lookups by its ends."""

    pairs: list[ReviewPair] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_ends = {(p.subject, p.object): p for p in self.pairs}
        self._from: dict[str, list[ReviewPair]] = defaultdict(list)
        for p in self.pairs:
            self._from[p.subject].append(p)
            if p.object != p.subject:
                self._from[p.object].append(p)

    def pair(self, a: str, b: str) -> ReviewPair | None:
        """The pair between two things, whichever way round it was queued."""
        return self._by_ends.get((a, b)) or self._by_ends.get((b, a))

    def status(self, a: str, b: str) -> str | None:
        """``accepted``, ``rejected``, ``unsure``, ``open`` or None (not in the review)."""
        found = self.pair(a, b)
        return found.status if found else None

    def pairs_of(self, node: str) -> list[ReviewPair]:
        """Every pair with ``node`` at one end."""
        return list(self._from.get(node, ()))

    def __len__(self) -> int:
        return len(self.pairs)


#: What the ``reviewed`` column says for a commitment × Action Line pair: the status of the decision
#: that stands on it, or ``no`` (never decided, or still open in the queue, or not in the review).
REVIEWED_WORDS = ("accepted", "rejected", "unsure", "no")

#: The two ways orphans and weak-only commitments are counted (figure name suffix, words).
REVIEW_SPLIT = (("reviewed", "reviewed"), ("not-reviewed", "not yet reviewed"))



def reviewed_word(G: nx.MultiDiGraph, commitment: str, action_line: str | None) -> str:
    """What the ``reviewed`` column says for a commitment × Action Line pair (:data:`REVIEWED_WORDS`)."""
    status = review_of(G).status(commitment, action_line) if action_line else None
    return status if status in DECIDED else "no"


def carries(G: nx.MultiDiGraph, commitment: str, path) -> bool:
    """Whether a path makes a home: it reaches an Action Line, and no reviewer rejected that pair."""
    return bool(path.action_line) and review_of(G).status(commitment, path.action_line) != "rejected"


def reviewed_no_home(G: nx.MultiDiGraph, commitment: str) -> bool:
    """"Reviewed: no Action Line carries it": the review holds pairs between the commitment and Action
    Lines or entities, and every one of them was rejected."""
    pairs = [
        p for p in review_of(G).pairs_of(commitment)
        if G.nodes.get(p.object if p.subject == commitment else p.subject, {}).get("type") in ("ActionLine", "Entity")
    ]
    return bool(pairs) and all(p.status == "rejected" for p in pairs)


def read_review(store: Store, description: URIRef) -> ReviewState:
    """The pairs of the candidate sets and of the review log that ``description`` describes."""
    found: dict[str, dict] = {}
    for graph, s, o, pid, score, _ in store.query(_Q_QUEUED, {"description": description}).rows:
        entry = found.setdefault(str(pid), {"subject": str(s), "object": str(o), "status": "open", "score": None, "runs": []})
        if score is not None and (entry["score"] is None or float(score) > entry["score"]):
            entry["score"] = float(score)
        run = str(graph).rsplit("/", 1)[-1]
        if run not in entry["runs"]:
            entry["runs"].append(run)
    for s, o, pid, verdict, _ in store.query(_Q_DECIDED, {"description": description}).rows:
        entry = found.setdefault(str(pid), {"subject": str(s), "object": str(o), "status": "open", "score": None, "runs": []})
        entry["status"] = VERDICT_STATUS.get(str(verdict), "open") if verdict is not None else "open"
    return ReviewState(
        [ReviewPair(pid, e["subject"], e["object"], e["status"], e["score"], tuple(sorted(e["runs"]))) for pid, e in sorted(found.items())]
    )


def review_of(G: nx.MultiDiGraph) -> ReviewState:
    """The review state the projection read (an empty one for a graph made without a store)."""
    state = G.graph.get("review")
    return state if isinstance(state, ReviewState) else ReviewState()


__all__ = [
    "DECIDED",
    "REVIEWED_WORDS",
    "REVIEW_SPLIT",
    "VERDICT_STATUS",
    "ReviewPair",
    "ReviewState",
    "carries",
    "read_review",
    "review_of",
    "reviewed_no_home",
    "reviewed_word",
]
