"""What the review page (``/review``) shows, read with narrow queries: the candidate to look at next,
the progress of its kind of pair, and that one candidate's words and evidence.

:func:`~.state.candidates` reads every candidate with all its fields and evidence; with 10,000
candidates in the queue that takes over a second, too slow for a page a reviewer answers in one key
press. This module reads the queue in two steps instead:

1. :func:`survey`: every pair of the queue with its best score, runs and kinds, from one query that
   touches one triple per candidate (its ``wsis:score``; the pair id and run end its IRI), the kinds
   of each run from its ``wsis:MatchingRun`` (a run that mixes kinds, as ``review import`` may queue,
   is read per candidate), and the state of the reviewed pairs from :func:`~.state.pair_states`, read
   on every call. The pairs are kept between calls while the candidate sets stay as they were (see
   :func:`survey`). From it: the pairs a filter leaves (run, scope, status), in the order the page
   walks them (best score first, then by id), and the progress of each kind of pair (how many of its
   pairs have a decision standing);
2. :func:`candidate`: the one pair shown, in full (its ends, codes, score parts, runs, state, matched
   terms and evidence paths, as a :class:`~.state.Candidate`), with queries bound to it; its ends'
   words (:func:`words`, the texts the matcher compared: :data:`wsis_graph.matching.corpus.QUERIES`)
   and the links between the two ends the graph holds now (:func:`graph_paths`).

Nothing here decides or writes: that is :mod:`.decide`. The statuses are :class:`~.state.PairState`'s.

A **scope** is a code (``C5``, ``GDC-29(b)``, ``9.c``) or an IRI: the pairs with that node at either
end; a GDC objective's code (``GDC-O1``) also takes in the paragraphs and commitments under it.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, Literal, URIRef

from wsis_graph.codes import Codebook, CodeError
from wsis_graph.matching.corpus import QUERIES, WEIGHTS
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.review.decide import pair_state
from wsis_graph.review.model import PAIR_ID, STATUSES, Names, ReviewError
from wsis_graph.review.state import Q_CANDIDATES, Q_CODES, Q_EVIDENCE, Candidate, PairState, assemble, pair_states, resolve
from wsis_graph.store import Store

_P = sparql_prologue()

# Every candidate's score, in any graph: two terms a candidate, no join (the candidate sets are told apart
# in Python, by Q_SETS). A candidate's IRI ends in <run>/<pair id> (Names.candidate).
Q_SCORES = _P + "SELECT ?c ?score ?graph WHERE { GRAPH ?graph { ?c wsis:score ?score } }"

# The candidate sets as the description graph gives them: what tells :func:`survey` that the queue changed.
Q_SETS = _P + """SELECT ?graph ?triples ?issued ?run ?description WHERE { GRAPH ?description {
  ?graph dct:type wsis:CandidateSet
  OPTIONAL { ?graph void:triples ?triples } OPTIONAL { ?graph dct:issued ?issued } OPTIONAL { ?graph prov:wasGeneratedBy ?run }
} }"""

Q_RUN_KINDS = _P + """SELECT ?graph ?sk ?ok ?description WHERE {
  GRAPH ?description { ?graph dct:type wsis:CandidateSet ; prov:wasGeneratedBy ?run }
  GRAPH ?graph { ?run wsis:subjectKind ?sk ; wsis:objectKind ?ok }
}"""

Q_ID = _P + "SELECT ?c ?id ?graph WHERE { GRAPH ?graph { ?c dct:identifier ?id } }"

Q_KINDS_OF_SET = _P + """SELECT ?id ?sk ?ok ?graph WHERE {
  GRAPH ?graph { ?c a wsis:Candidate ; dct:identifier ?id ; wsis:subjectKind ?sk ; wsis:objectKind ?ok }
}"""

# The nodes a code names (and, for a GDC objective, the nodes under it).
Q_SCOPE_NODES = _P + """SELECT DISTINCT ?x ?code WHERE {
  { ?x skos:notation ?code } UNION { ?objective skos:notation ?code . ?x wsis:objective ?objective }
}"""

# One query per end, one triple each (a UNION of the two, or a join with the id, is planned badly); the
# graphs are checked against the queue's, the pair id read from the candidate's IRI as in Q_SCORES.
Q_SUBJECT_OF = _P + "SELECT ?c ?graph ?x WHERE { GRAPH ?graph { ?c wsis:candidateSubject ?x } }"
Q_OBJECT_OF = _P + "SELECT ?c ?graph ?x WHERE { GRAPH ?graph { ?c wsis:candidateObject ?x } }"

Q_NAMES = "SELECT ?x ?p ?v WHERE { ?x ?p ?v }"

# The links of one node, out and in (for the links between the two ends of a pair: see graph_paths).
Q_OUT = "SELECT ?x ?p ?m WHERE { ?x ?p ?m FILTER(isIRI(?m)) }"
Q_IN = "SELECT ?x ?p ?m WHERE { ?m ?p ?x }"
Q_HAS_CODE = _P + "SELECT ?x ?code WHERE { ?x skos:notation ?code } LIMIT 1"

#: How each kind of node is named on the page, in the singular and the plural.
KIND_NAMES: dict[str, tuple[str, str]] = {
    "gdc": ("GDC", "GDC items"),  # the matcher's kind: paragraphs, commitments and principles alike
    "action-lines": ("Action Line", "Action Lines"),
    "sdg-targets": ("SDG target", "SDG targets"),
    "sdg-goals": ("SDG goal", "SDG goals"),
    "entities": ("UN entity", "UN entities"),
    "rights": ("rights provision", "rights provisions"),
    "submission": ("submission recommendation", "submission recommendations"),
    "mixed": ("item", "items"),
}

#: What each field of a node's words is, as a reader is told (the matcher's fields, :mod:`~wsis_graph.matching.corpus`).
FIELD_NAMES: dict[str, dict[str, str]] = {
    "sdg-goals": {"title": "Title", "name": "Short name", "target": "A target of the goal"},
    "sdg-targets": {"title": "Target", "indicator": "Indicator", "goal": "Goal"},
    "action-lines": {"name": "Name", "geneva": "Name in the Geneva Plan of Action", "description": "Description (our words)",
                     "official": "Plan of Action (official text)"},
    "gdc": {"official": "Official text", "summary": "Summary (our own words)", "name": "Name", "section": "Section",
            "objective": "Objective"},
    "rights": {"name": "Provision", "relevance": "Digital relevance", "instrument": "Instrument"},
    "entities": {"name": "Name", "acronym": "Acronym", "description": "Description"},
    "submission": {"name": "Name", "summary": "Summary"},
}

#: The filter's status: one of the statuses, or every pair.
FILTER_STATUSES = (*STATUSES, "any")


def kind_name(kind: str, plural: bool = False) -> str:
    """``gdc`` → ``GDC`` (as in "41 of 220 GDC × Action Line pairs reviewed")."""
    names = KIND_NAMES.get(kind)
    return (names[1] if plural else names[0]) if names else kind


@dataclass(frozen=True)
class Pair:
    """A pair of the queue as :func:`survey` reads it: its best score, its runs and kinds (no state)."""

    pid: str
    score: float
    runs: tuple[str, ...]
    subject_kind: str = ""
    object_kind: str = ""

    @property
    def kinds(self) -> tuple[str, str]:
        return (self.subject_kind, self.object_kind)

    def order(self) -> tuple:
        """The page's order: best score first, then by id."""
        return (-self.score, self.pid)


@dataclass(frozen=True)
class Progress:
    """How many pairs of one kind of pair (subject kind × object kind) have a decision standing."""

    subject_kind: str
    object_kind: str
    reviewed: int
    total: int
    statuses: dict[str, int]

    def sentence(self) -> str:
        """``41 of 220 GDC commitment × Action Line pairs reviewed``."""
        return (f"{self.reviewed} of {self.total} {kind_name(self.subject_kind)} × {kind_name(self.object_kind)} "
                f"pair{'s' if self.total != 1 else ''} reviewed")

    def to_json(self) -> dict:
        return {"subject_kind": self.subject_kind, "object_kind": self.object_kind, "reviewed": self.reviewed,
                "total": self.total, "statuses": self.statuses, "text": self.sentence()}


@dataclass(frozen=True)
class Queue:
    """The pairs of the candidate sets (the part of :class:`Survey` that decisions do not change)."""

    pairs: dict[str, Pair]
    ordered: tuple[Pair, ...]  # every pair, in the page's order
    runs: tuple[str, ...]
    totals: dict[tuple[str, str], int]  # pairs of each kind of pair


@dataclass
class Survey:
    """Every pair of the queue and the state of the reviewed ones (:func:`survey`)."""

    queue: Queue
    states: dict[str, PairState]

    @property
    def pairs(self) -> dict[str, Pair]:
        return self.queue.pairs

    @property
    def runs(self) -> tuple[str, ...]:
        return self.queue.runs

    def status(self, pid: str) -> str:
        state = self.states.get(pid)
        return state.status if state else "open"

    def progress(self) -> list[Progress]:
        """The progress of each kind of pair, the largest first."""
        counts = {kinds: {"open": total, "accepted": 0, "rejected": 0, "unsure": 0} for kinds, total in self.queue.totals.items()}
        for pid, state in self.states.items():
            pair = self.queue.pairs.get(pid)
            if pair is not None and state.status != "open":
                bucket = counts[pair.kinds]
                bucket[state.status] += 1
                bucket["open"] -= 1
        found = [Progress(sk, ok, total - c["open"], total, c) for (sk, ok), c in counts.items()
                 for total in [self.queue.totals[(sk, ok)]]]
        return sorted(found, key=lambda p: (-p.total, p.subject_kind, p.object_kind))


#: Seconds a read of the candidate sets is used again, at most (see :func:`survey`).
KEEP_SECONDS = 30.0
_KEPT: "OrderedDict[tuple, tuple[float, Queue]]" = OrderedDict()
_KEPT_LOCK = threading.Lock()


def survey(store: Store, names: Names, *, fresh: bool = False) -> Survey:
    """Every pair of the queue (best score, runs, kinds) and the state of each reviewed pair.

    The states are read every time. The pairs are read again when the candidate sets described in
    the description graph change (a run queued or removed, its size or date), when the store's
    data version changes (a store that keeps one), after :data:`KEEP_SECONDS`, or when ``fresh``;
    else the last read of this store is used again: a queue of 10,000 candidates takes 100 to 200 ms
    to read, and candidate sets are written once, by ``suggest --queue`` or ``review import``.
    """
    sets = sorted(tuple(row[:-1]) for row in store.select_values(Q_SETS, {"description": names.description}))
    key = (id(store), store.url, str(names.description), store.revision, tuple(sets))
    now = time.monotonic()
    with _KEPT_LOCK:
        kept = _KEPT.get(key)
        if kept is not None and not fresh and now - kept[0] < KEEP_SECONDS:
            _KEPT.move_to_end(key)
            queue = kept[1]
        else:
            queue = None
    if queue is None:
        queue = read_queue(store, names, {row[0] for row in sets})
        with _KEPT_LOCK:
            for old in [k for k in _KEPT if k[0] == id(store)]:
                del _KEPT[old]
            _KEPT[key] = (now, queue)
            while len(_KEPT) > 4:
                _KEPT.popitem(last=False)
    return Survey(queue, pair_states(store, names))


def forget(store: Store) -> None:
    """Drop what :func:`survey` keeps of ``store``'s queue."""
    with _KEPT_LOCK:
        for old in [k for k in _KEPT if k[0] == id(store)]:
            del _KEPT[old]


def read_queue(store: Store, names: Names, sets: set[str]) -> Queue:
    """The pairs of the candidate sets ``sets`` (graph IRIs): one scan of their scores."""
    graph_kinds: dict[str, tuple[str, str]] = {}
    for graph, sk, ok, _ in store.select_values(Q_RUN_KINDS, {"description": names.description}):
        graph_kinds[graph] = (sk, ok)
    found: dict[str, list] = {}  # pid -> [score, runs, subject kind, object kind]
    odd: list[tuple[str, str]] = []  # candidates whose IRI does not end in <run>/<pair id>: read by dct:identifier
    for node, score, graph in store.select_values(Q_SCORES):
        if graph not in sets:
            continue
        pid = _pid_of(node, graph)
        if pid is None:
            odd.append((node, graph))
            continue
        _add(found, pid, float(score) if score else 0.0, graph[graph.rfind("/") + 1:], graph_kinds.get(graph, ("", "")))
    for node, graph in odd:
        bound = {"c": URIRef(node), "graph": URIRef(graph)}
        score = next((float(v) for _, v, _ in store.select_values(Q_SCORES, bound) if v), 0.0)
        for _, pid, _ in store.select_values(Q_ID, bound):
            _add(found, pid, score, graph[graph.rfind("/") + 1:], graph_kinds.get(graph, ("", "")))
    for graph in sorted(g for g in sets if not set(graph_kinds.get(g, ("", ""))).isdisjoint({"", "mixed"})):
        for pid, sk, ok, _ in store.select_values(Q_KINDS_OF_SET, {"graph": URIRef(graph)}):
            if pid in found and found[pid][2] in ("", "mixed"):  # a run of mixed kinds: each candidate says its own
                found[pid][2:] = [sk, ok]
    ordered = sorted((Pair(pid, v[0], tuple(v[1]), v[2], v[3]) for pid, v in found.items()), key=Pair.order)
    totals: dict[tuple[str, str], int] = {}
    for pair in ordered:
        totals[pair.kinds] = totals.get(pair.kinds, 0) + 1
    runs = sorted({run for pair in ordered for run in pair.runs})
    return Queue({p.pid: p for p in ordered}, tuple(ordered), tuple(runs), totals)


def _add(found: dict[str, list], pid: str, score: float, run: str, kinds: tuple[str, str]) -> None:
    entry = found.get(pid)
    if entry is None:
        found[pid] = [score, [run], kinds[0], kinds[1]]
        return
    if score > entry[0]:
        entry[0] = score
    if run not in entry[1]:
        entry[1].append(run)


def scope_pairs(store: Store, names: Names, scope: str, runs: Iterable[str]) -> set[str]:
    """The ids of the pairs of ``runs`` with the node(s) ``scope`` names at either end (see the module docstring).

    Raises:
        ReviewError: nothing in the graph has that code (400).
    """
    scope = scope.strip()
    if scope.startswith(("http://", "https://")):
        nodes = [URIRef(scope)]
    else:
        nodes = [URIRef(x) for x, _ in store.select_values(Q_SCOPE_NODES, {"code": Literal(scope)})]
        if not nodes:  # not a code as written: read it loosely (c5, 29(b), O1), or suggest the nearest codes
            try:
                nodes = [Codebook.read(store).resolve("thing", scope, what="scope")]
            except CodeError as exc:
                raise ReviewError(f"{exc} (give a code such as C5, GDC-29(b), GDC-O1 or 9.c, or an IRI)",
                                  code="unknown_scope") from None
    graphs = {str(names.candidates(run)) for run in runs}
    found: set[str] = set()
    for node in dict.fromkeys(nodes):
        for query in (Q_SUBJECT_OF, Q_OBJECT_OF):
            for c, graph, _ in store.select_values(query, {"x": node}):
                if graph in graphs:
                    found.add(_pid_of(c, graph) or next(
                        (pid for _, pid, _ in store.select_values(Q_ID, {"c": URIRef(c), "graph": URIRef(graph)})), ""))
    found.discard("")
    return found


def _pid_of(node: str, graph: str) -> str | None:
    """The pair id that ends a candidate's IRI (``…/candidate/<run>/<pair id>``), or None."""
    run = graph[graph.rfind("/") + 1:]
    pid = node[node.rfind("/") + 1:]
    return pid if len(pid) == 10 and node.endswith(f"/{run}/{pid}") and PAIR_ID.match(pid) else None


@dataclass
class Selection:
    """The pairs a filter leaves, in the page's order, and the one to show."""

    matching: list[Pair]
    shown: Pair | None
    position: int  # 1-based position of ``shown`` among ``matching``; 0 when it is not among them

    @property
    def following(self) -> Pair | None:
        """The pair after the one shown (the first again after the last), if another is left."""
        if self.shown is None or not self.matching:
            return None
        if self.position:
            nxt = self.matching[self.position % len(self.matching)]
        else:
            nxt = _first_after(self.matching, self.shown) or self.matching[0]
        return None if nxt.pid == self.shown.pid else nxt


def _first_after(ordered: list[Pair], mark: Pair) -> Pair | None:
    index = bisect.bisect_right([p.order() for p in ordered], mark.order())
    return ordered[index] if index < len(ordered) else None


def check_filter(survey_: Survey, *, run: str | None, status: str | None) -> None:
    """Refuse a run the queue does not hold (404) or a status that does not exist (400)."""
    if run and run not in survey_.runs:
        known = ", ".join(survey_.runs[:10]) or "none yet"
        raise ReviewError(f"run: there is no run named {run!r} in the review queue (runs: {known})",
                          code="not_found", status=404)
    if status and status not in FILTER_STATUSES:
        raise ReviewError(f"status: {status!r} is not a status; say {', '.join(FILTER_STATUSES)}", code="bad_status")


def select(survey_: Survey, *, run: str | None = None, within: set[str] | None = None, status: str = "open",
           ident: str | None = None, after: str | None = None) -> Selection:
    """The pairs of a filter and the one to show: ``ident`` if given, else the first after ``after`` in
    the page's order (the first again after the last), else the first.

    Raises:
        ReviewError: an ``ident`` or ``after`` that names no pair (404), or more than one (400).
    """
    states = survey_.states
    matching = [p for p in survey_.queue.ordered
                if (not run or run in p.runs) and (within is None or p.pid in within)
                and (status == "any" or (states[p.pid].status if p.pid in states else "open") == status)]
    if ident:
        shown = resolve(survey_.pairs, ident)  # type: ignore[arg-type]  (only the keys are read)
    elif after:
        mark = resolve(survey_.pairs, after)  # type: ignore[arg-type]
        shown = _first_after(matching, mark) or (matching[0] if matching else None)
    else:
        shown = matching[0] if matching else None
    position = next((i for i, p in enumerate(matching, start=1) if shown is not None and p.pid == shown.pid), 0)
    return Selection(matching, shown, position)


def candidate(store: Store, names: Names, pid: str, runs: Iterable[str] | None = None) -> Candidate:
    """One pair of the queue in full, as :func:`~.state.candidates` gives it with ``evidence``, read with
    queries bound to it: to its candidate in each of ``runs`` (the pair's runs, as :func:`survey` found
    them), else to its id (slower: every candidate set is looked through).

    Raises:
        ReviewError: the queue does not hold it (404).
    """
    description = names.description
    if runs is not None:
        rows = [row for run in runs for row in store.query(
            Q_CANDIDATES, {"description": description, "c": names.candidate(run, pid), "graph": names.candidates(run)}).dicts()]
    else:
        rows = store.query(Q_CANDIDATES, {"description": description, "id": Literal(pid)}).dicts()
    if not rows:
        raise ReviewError(f"there is no candidate {pid!r} in the review queue", code="not_found", status=404)
    item = assemble(pid, rows)
    item.state = pair_state(store, names, pid)
    for end in ("subject", "object"):
        node = getattr(item, end)
        codes = store.query(Q_CODES, {"x": node}).rows
        setattr(item, f"{end}_code", str(codes[0][1]) if codes else str(node).rsplit("/", 1)[-1])
    first = item.nodes[0]
    for c, p, v, _ in store.query(Q_EVIDENCE, {"c": first, "graph": names.candidates(item.runs[0])}).rows:
        (item.terms if str(p).endswith("matchedTerm") else item.paths).append(str(v))
    return item


@dataclass(frozen=True)
class Words:
    """One text of a node: what field it is, how a reader is told, whether it weighs fully, its language."""

    field: str
    name: str
    text: str
    lang: str | None
    main: bool


def words(store: Store, node: URIRef, kind: str, lang: str = "en") -> list[Words]:
    """The texts of ``node`` the matcher compares for its kind, in ``lang`` (else English, else any):
    the main ones (full weight) first."""
    query = QUERIES.get(kind)
    if query is None:
        return []
    by_lang: dict[str, list[tuple[str, str, str | None]]] = {}
    for _, _, name, text in store.query(query, {"node": node}).rows:
        if text is None or not str(text).strip():
            continue
        tag = getattr(text, "language", None)
        entry = (str(name), " ".join(str(text).split()), tag)
        bucket = by_lang.setdefault((tag or "en").split("-")[0].lower(), [])
        if entry not in bucket:
            bucket.append(entry)
    chosen = by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()), [])
    weights = WEIGHTS.get(kind, {})
    names = FIELD_NAMES.get(kind, {})
    out = [Words(f, names.get(f, f), t, tag, weights.get(f, 1.0) >= 1.0) for f, t, tag in chosen]
    order = list(weights)
    return sorted(out, key=lambda w: (not w.main, order.index(w.field) if w.field in order else len(order)))


def node_names(store: Store, nodes: Iterable[URIRef]) -> list[tuple]:
    """Every statement with one of ``nodes`` as subject, for a :class:`~wsis_graph.web.pages.labels.Labels`."""
    return [(node, p, v) for node in nodes for _, p, v in store.query(Q_NAMES, {"x": node}).rows]


def graph_paths(store: Store, subject: URIRef, obj: URIRef) -> list[list[tuple[URIRef, URIRef | None, bool]]]:
    """The links between two nodes the graph holds now: a triple between them, or two triples through a node
    with a code (an SDG target both serve, an Action Line both name …). Each path is a list of ``(node,
    relation to the next node, forward)``, the last node's relation None.

    The links of each end are read with queries bound to it (a join in SPARQL was planned badly) and met
    here. The candidate sets and the review log join the two ends as well, but through nodes without a code.
    """
    def links(node: URIRef) -> dict[str, list[tuple[str, bool]]]:
        found: dict[str, list[tuple[str, bool]]] = {}
        for query, forward in ((Q_OUT, True), (Q_IN, False)):
            for _, p, m in store.select_values(query, {"x": node}):
                if p != str(RDF.type) and (p, forward) not in found.setdefault(m, []):
                    found[m].append((p, forward))
        return found

    mine, theirs = links(subject), links(obj)
    paths: list[list[tuple[URIRef, URIRef | None, bool]]] = []
    for p, forward in mine.get(str(obj), []):
        paths.append([(subject, URIRef(p), forward), (obj, None, True)])
    shared = sorted(set(mine) & set(theirs) - {str(subject), str(obj)})
    coded = [m for m in shared if store.select_values(Q_HAS_CODE, {"x": URIRef(m)})]
    for m in coded:
        for p1, forward1 in mine[m]:
            for p2, forward2 in theirs[m]:
                # theirs[m] is seen from the object: a link obj -> m is m <- obj on the path from the subject
                paths.append([(subject, URIRef(p1), forward1), (URIRef(m), URIRef(p2), not forward2), (obj, None, True)])
    return sorted(paths, key=lambda p: (len(p), [str(x) for step in p for x in step[:2]]))


__all__ = [
    "FIELD_NAMES",
    "FILTER_STATUSES",
    "KIND_NAMES",
    "KEEP_SECONDS",
    "Pair",
    "Progress",
    "Queue",
    "Selection",
    "Survey",
    "Words",
    "candidate",
    "check_filter",
    "forget",
    "graph_paths",
    "kind_name",
    "node_names",
    "read_queue",
    "scope_pairs",
    "select",
    "survey",
    "words",
]
