"""Reading the queue back: the candidates of the candidate sets, the state of each reviewed pair, a
candidate id resolved from what a user types, and the list the command line prints.

A pair's **status** is that of the decision that stands for it (``accepted``, ``rejected``, ``unsure``)
or ``open`` when none does (never decided, or its decisions undone). Its **revision** counts its
decisions and undos (0: never decided); a new decision or undo must name it (see :mod:`.decide`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from wsis_graph.codes import Codebook, CodeError, Entry, pick
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.review.model import STATUS, Names, ReviewError
from wsis_graph.store import Store

_P = sparql_prologue()

Q_CANDIDATES = _P + """SELECT ?graph ?c ?id ?s ?o ?sk ?ok ?score ?lexical ?context ?structural ?started ?description WHERE {
  GRAPH ?description { ?graph dct:type wsis:CandidateSet }
  GRAPH ?graph {
    ?c a wsis:Candidate ; dct:identifier ?id ; wsis:candidateSubject ?s ; wsis:candidateObject ?o ;
       wsis:subjectKind ?sk ; wsis:objectKind ?ok ; wsis:score ?score ; prov:wasGeneratedBy ?run .
    OPTIONAL { ?c wsis:lexicalScore ?lexical } OPTIONAL { ?c wsis:contextScore ?context }
    OPTIONAL { ?c wsis:structuralScore ?structural } OPTIONAL { ?run prov:endedAtTime ?started }
  }
}"""

Q_EVIDENCE = _P + """SELECT ?c ?p ?v ?graph WHERE {
  GRAPH ?graph { ?c ?p ?v . VALUES ?p { wsis:matchedTerm wsis:evidencePath } }
}"""

Q_STATES = _P + """SELECT ?pair ?id ?s ?o ?rev ?current ?verdict ?relation ?name ?time ?note ?previous ?decisions WHERE {
  GRAPH ?decisions {
    ?pair a wsis:ReviewedPair ; dct:identifier ?id ; wsis:candidateSubject ?s ; wsis:candidateObject ?o ;
          wsis:reviewRevision ?rev .
    OPTIONAL {
      ?pair wsis:currentDecision ?current . ?current wsis:verdict ?verdict ; prov:endedAtTime ?time .
      OPTIONAL { ?current prov:wasAssociatedWith ?agent . ?agent foaf:name ?name }
      OPTIONAL { ?current wsis:decidedRelation ?relation }
      OPTIONAL { ?current rdfs:comment ?note }
      OPTIONAL { ?current wsis:supersedes ?previous }
    }
  }
}"""

Q_CODES = _P + "SELECT ?x ?code WHERE { GRAPH ?g { ?x skos:notation ?code } }"


@dataclass
class PairState:
    """Where a pair stands: its revision and the decision that stands (None: open)."""

    pid: str
    revision: int = 0
    current: URIRef | None = None
    verdict: URIRef | None = None
    relation: URIRef | None = None
    reviewer: str = ""
    time: str = ""
    note: str = ""
    previous: URIRef | None = None

    @property
    def status(self) -> str:
        return STATUS.get(self.verdict, "open") if self.current is not None else "open"

    def describe(self) -> str:
        if self.current is None:
            return f"open at revision {self.revision}"
        by = f" by {self.reviewer}" if self.reviewer else ""
        return f"{self.status}{by} at {self.time} (revision {self.revision})"

    def to_json(self) -> dict:
        return {"status": self.status, "revision": self.revision, "decision": str(self.current) if self.current else None,
                "relation": str(self.relation) if self.relation else None, "reviewer": self.reviewer or None,
                "time": self.time or None, "note": self.note or None}


@dataclass
class Candidate:
    """One pair as the queue holds it: its candidates (one per run that suggested it), best score first."""

    pid: str
    subject: URIRef
    object: URIRef
    subject_kind: str
    object_kind: str
    score: float
    nodes: list[URIRef] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    parts: tuple[float, float, float] = (0.0, 0.0, 0.0)
    subject_code: str = ""
    object_code: str = ""
    state: PairState | None = None
    terms: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.state.status if self.state else "open"

    def to_json(self) -> dict:
        return {
            "id": self.pid,
            "subject": {"iri": str(self.subject), "code": self.subject_code, "kind": self.subject_kind},
            "object": {"iri": str(self.object), "code": self.object_code, "kind": self.object_kind},
            "score": round(self.score, 4),
            "lexical": self.parts[0], "context": self.parts[1], "structural": self.parts[2],
            "runs": self.runs,
            "candidates": [str(n) for n in self.nodes],
            "matched_terms": self.terms,
            "paths": self.paths,
            **(self.state or PairState(self.pid)).to_json(),
        }


def _float(value) -> float:
    return float(value) if value is not None else 0.0


def pair_states(store: Store, names: Names) -> dict[str, PairState]:
    """The state of every pair that has a decision or an undo, by pair id."""
    states: dict[str, PairState] = {}
    for row in store.query(Q_STATES, {"decisions": names.decisions}).dicts():
        pid = str(row["id"])
        states[pid] = PairState(
            pid=pid,
            revision=int(row["rev"]),
            current=row["current"],
            verdict=row["verdict"],
            relation=row["relation"],
            reviewer=str(row["name"] or ""),
            time=str(row["time"] or ""),
            note=str(row["note"] or ""),
            previous=row["previous"],
        )
    return states


def assemble(pid: str, rows: list[dict]) -> Candidate:
    """One pair from the rows of :data:`Q_CANDIDATES` that name it (one per run that suggested it): its
    best score and the parts of that score; its runs and candidate nodes, the latest run's first (the
    one a decision uses). Its state, codes and evidence are left to the caller."""
    rows = sorted(rows, key=lambda r: (str(r["started"] or ""), str(r["c"])), reverse=True)
    best = max(rows, key=lambda r: _float(r["score"]))
    item = Candidate(pid, best["s"], best["o"], str(best["sk"]), str(best["ok"]), _float(best["score"]))
    item.parts = (_float(best["lexical"]), _float(best["context"]), _float(best["structural"]))
    for row in rows:
        run_name = str(row["graph"]).rsplit("/", 1)[-1]
        if run_name not in item.runs:
            item.runs.append(run_name)
            item.nodes.append(row["c"])
    return item


def candidates(store: Store, names: Names, *, run: str | None = None, evidence: bool = False) -> dict[str, Candidate]:
    """Every pair of the candidate sets (of one run), by pair id, with its state."""
    only = names.candidates(run) if run else None
    rows_of: dict[str, list[dict]] = {}
    for row in store.query(Q_CANDIDATES, {"description": names.description}).dicts():
        if only is None or row["graph"] == only:
            rows_of.setdefault(str(row["id"]), []).append(row)
    found = {pid: assemble(pid, rows) for pid, rows in rows_of.items()}
    states = pair_states(store, names)
    for pid, item in found.items():
        item.state = states.get(pid)
    if found:
        codes = {str(x): str(c) for x, c in store.query(Q_CODES).rows}
        for item in found.values():
            item.subject_code = codes.get(str(item.subject), str(item.subject).rsplit("/", 1)[-1])
            item.object_code = codes.get(str(item.object), str(item.object).rsplit("/", 1)[-1])
    if evidence and found:
        graphs = [only] if only is not None else sorted({names.candidates(r) for c in found.values() for r in c.runs})
        by_node = {str(n): c for c in found.values() for n in c.nodes[:1]}
        for graph in graphs:
            for c, p, v, _ in store.query(Q_EVIDENCE, {"graph": graph}).rows:
                item = by_node.get(str(c))
                if item is not None:
                    (item.terms if str(p).endswith("matchedTerm") else item.paths).append(str(v))
    return found


def resolve(found: dict[str, Candidate], ident: str) -> Candidate:
    """The candidate an id names: its pair id or a unique prefix of four digits or more."""
    key = (ident or "").strip().lower()
    if key in found:
        return found[key]
    matches = [pid for pid in found if len(key) >= 4 and pid.startswith(key)] if key else []
    if len(matches) == 1:
        return found[matches[0]]
    if len(matches) > 1:
        raise ReviewError(f"{ident!r} names {len(matches)} candidates ({', '.join(sorted(matches)[:5])} …); give more digits",
                          code="ambiguous_id")
    raise ReviewError(f"there is no candidate {ident!r} in the review queue (see `wsis-graph review list`)",
                      code="not_found", status=404)


def scope_thing(store: Store, found: Iterable[Candidate], scope: str) -> str:
    """The IRI that a ``--scope`` value names, by the rules of :func:`wsis_graph.codes.pick`: among
    the ends of the candidates and the coded things of the store (``c5``, ``29(b)`` or an IRI).

    Raises:
        ReviewError: the value names nothing (400, with the nearest codes) or several things.
    """
    entries = [Entry(str(iri), code, None) for c in found for iri, code in ((c.subject, c.subject_code), (c.object, c.object_code))]
    entries += Codebook.read(store).entries
    try:
        return pick(entries, scope, what="--scope").iri
    except CodeError as exc:
        raise ReviewError(str(exc), code="unknown_code") from None


def listing(store: Store, names: Names, *, run: str | None = None, scope: str | None = None,
            status: str | None = None) -> list[Candidate]:
    """The candidates to show, best score first: of one run, about one code (subject or object), of one status."""
    if run is not None and names.candidates(run) not in set(store.graphs()):
        raise ReviewError(f"there is no run named {run!r} in the review queue", code="not_found", status=404)
    items = candidates(store, names, run=run, evidence=True).values()
    if scope:
        thing = scope_thing(store, items, scope)
        items = [c for c in items if thing in (str(c.subject), str(c.object))]
    if status:
        items = [c for c in items if c.status == status]
    return sorted(items, key=lambda c: (-c.score, c.subject_code, c.object_code, c.pid))


__all__ = ["Candidate", "PairState", "assemble", "candidates", "listing", "pair_states", "resolve"]
