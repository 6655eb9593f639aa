"""Proposal sets in a store: submit one (check, build, validate, write), list them, withdraw one.

A set is written with :meth:`~wsis_graph.store.Store.replace_graphs`, which replaces the set's
own graph and the description graph together, all or nothing: readers see the store before or
after, never proposed links without the description that marks them as proposals. Withdrawing
removes both the same way. Every other graph is left untouched.

Which graphs are proposals (:func:`proposal_graphs`): exactly those that the description graph
describes with ``dct:type wsis:ProposalSet``::

    GRAPH <{base}graph/description> { ?graph dct:type wsis:ProposalSet }
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from wsis_graph.problems import Problem
from wsis_graph.graph_kinds import graphs_of_kind
from wsis_graph.namespaces import WSIS
from wsis_graph.proposals.catalogue import PROLOGUE, Catalogue
from wsis_graph.proposals.checks import check_proposals
from wsis_graph.proposals.graph import GRAPH_PREFIX, SetIdentity, TableFile, proposal_graph, set_description
from wsis_graph.proposals.table import Agent, parse_agent, read_proposal_table
from wsis_graph.store import Store
from wsis_graph.tables import SourceError
from wsis_graph.uris import Minter
from wsis_graph.validation import ValidationReport, Violation, validate_graph

NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")

#: The proposal graphs, by the rule in the module docstring; ``?description`` is bound to the
#: description graph's IRI (a bound variable stays in the projection, as Oxigraph requires).
Q_SETS = PROLOGUE + """SELECT ?graph ?key ?title ?publisher ?issued ?activity ?triples ?started ?ended ?file ?links ?description
WHERE {
  GRAPH ?description {
    ?graph dct:type wsis:ProposalSet .
    OPTIONAL { ?graph dct:identifier ?key }
    OPTIONAL { ?graph dct:title ?title }
    OPTIONAL { ?graph dct:publisher ?publisher }
    OPTIONAL { ?graph dct:issued ?issued }
    OPTIONAL { ?graph prov:wasGeneratedBy ?activity }
    OPTIONAL { ?graph void:triples ?triples }
  }
  OPTIONAL {
    GRAPH ?graph {
      ?activity prov:startedAtTime ?started ; prov:endedAtTime ?ended .
      OPTIONAL { ?activity prov:used ?entity . ?entity dct:title ?file }
    }
  }
  OPTIONAL {
    SELECT ?graph (COUNT(?link) AS ?links) WHERE { GRAPH ?graph { ?link wsis:method wsis:Proposal } } GROUP BY ?graph
  }
}
ORDER BY ?key"""

Q_PROPOSERS = PROLOGUE + """SELECT DISTINCT ?agent ?name ?graph WHERE {
  GRAPH ?graph { ?activity prov:wasAssociatedWith ?agent . OPTIONAL { ?agent foaf:name ?name } }
} ORDER BY ?agent"""


class ProposalSetError(Problem):
    """A set cannot be submitted or withdrawn as asked (a bad name, a set that exists or does not)."""

    def __init__(self, message: str, *, code: str = "bad_request", status: int = 400) -> None:
        super().__init__(status, code, message)


@dataclass
class Outcome:
    """What became of a submitted table.

    ``accepted`` with ``dry_run`` means that everything was checked and nothing was written.
    """

    name: str
    graph: URIRef
    activity: URIRef
    file_name: str
    sha256: str
    rows: int = 0
    links: int = 0
    triples: int = 0
    accepted: bool = False
    dry_run: bool = False
    replaced: bool = False
    proposers: list[str] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: float = 0.0

    def error_rows(self) -> int:
        """How many rows (the header counting as one, the file as a whole as another) have errors."""
        return len({e.row for e in self.errors})

    def to_json(self) -> dict:
        body = {
            "status": ("checked" if self.dry_run else "accepted") if self.accepted else "rejected",
            "name": self.name,
            "graph": str(self.graph),
            "activity": str(self.activity),
            "file": {"name": self.file_name, "sha256": self.sha256},
            "rows": self.rows,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
        }
        if self.accepted:
            body |= {"links": self.links, "triples": self.triples, "proposers": self.proposers, "replaced": self.replaced}
        else:
            body["errors"] = [error_json(e) for e in self.errors]
        return body

    def summary(self) -> str:
        if not self.accepted:
            return (
                f"{self.file_name}: {len(self.errors)} error(s) in {self.error_rows()} row(s); "
                "nothing was written"
            )
        verb = "checked (dry run, nothing written)" if self.dry_run else ("replaced" if self.replaced else "written")
        return (
            f"{self.links} proposed link(s) from {self.file_name} {verb}: graph <{self.graph}> "
            f"({self.triples} triples; proposed by {', '.join(self.proposers)}; {self.seconds:.2f} s)"
        )


def error_json(error: SourceError) -> dict:
    return {"file": error.file, "row": error.row, "column": error.column, "message": error.message}


@dataclass
class ProposalSetInfo:
    name: str
    graph: URIRef
    title: str
    publisher: str
    issued: str
    activity: URIRef | None
    links: int
    triples: int
    file_name: str
    started: str
    ended: str
    proposers: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "graph": str(self.graph),
            "title": self.title,
            "publisher": self.publisher,
            "issued": self.issued,
            "activity": str(self.activity) if self.activity else None,
            "links": self.links,
            "triples": self.triples,
            "file": self.file_name,
            "started": self.started,
            "ended": self.ended,
            "proposers": self.proposers,
        }


# -- Naming --------------------------------------------------------------------------------------


def check_name(name: str) -> str:
    """A set name: lower-case letters, digits and inner hyphens, at most 64 characters.

    >>> check_name("odet-2026-q1")
    'odet-2026-q1'
    """
    if not NAME.match(name):
        raise ProposalSetError(
            f"{name!r} is not a proposal set name: use lower-case letters, digits and hyphens "
            "(not at the ends), at most 64 characters, as in 'odet-2026-q1'"
        )
    return name


def name_from_file(file_name: str) -> str:
    """The default set name: the file's stem in lower case, without a leading ``proposals-``.

    >>> name_from_file("Proposals-ODET 2026.csv")
    'odet-2026'
    """
    stem = PurePath(file_name).stem.lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if stem.startswith(GRAPH_PREFIX):
        stem = stem[len(GRAPH_PREFIX):]
    return stem[:64].strip("-") or "proposals"


# -- Reading -------------------------------------------------------------------------------------


def proposal_graphs(store: Store, mint: Minter | None = None) -> list[URIRef]:
    """The graphs that the description graph marks as proposal sets (the rule of this module)."""
    mint = mint or Minter()
    return graphs_of_kind(store, WSIS.ProposalSet, mint.graph("description"))


def list_sets(store: Store, mint: Minter | None = None) -> list[ProposalSetInfo]:
    """Every proposal set with its description, counts and proposers."""
    mint = mint or Minter()
    sets: dict[URIRef, ProposalSetInfo] = {}
    for row in store.query(Q_SETS, {"description": mint.graph("description")}).dicts():
        graph = row["graph"]
        if graph in sets:
            continue
        key = str(row["key"] or "")
        sets[graph] = ProposalSetInfo(
            name=key[len(GRAPH_PREFIX):] if key.startswith(GRAPH_PREFIX) else key,
            graph=graph,
            title=str(row["title"] or ""),
            publisher=str(row["publisher"] or ""),
            issued=str(row["issued"] or ""),
            activity=row["activity"],
            links=int(row["links"] or 0),
            triples=int(row["triples"] or 0),
            file_name=str(row["file"] or ""),
            started=str(row["started"] or ""),
            ended=str(row["ended"] or ""),
        )
    for info in sets.values():
        for agent, name, _ in store.query(Q_PROPOSERS, {"graph": info.graph}).rows:
            # An agent minted from an e-mail digest is shown by name; an ORCID iD or other IRI with it.
            if name and mint.owns(agent):
                info.proposers.append(str(name))
            else:
                info.proposers.append(f"{name} <{agent}>" if name else str(agent))
    return list(sets.values())


# -- Submitting ----------------------------------------------------------------------------------


def submit(
    store: Store,
    data: bytes,
    *,
    file_name: str,
    name: str | None = None,
    proposer: str | Agent | None = None,
    dry_run: bool = False,
    replace: bool = False,
    mint: Minter | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> Outcome:
    """Check a proposal table against the store and, when every row is good, write it as a set.

    Args:
        store: the store to check against and write to.
        data: the table's bytes.
        file_name: the table's name, used in error messages and recorded in the provenance.
        name: the set's name (defaults to :func:`name_from_file`); the graph is ``proposals-<name>``.
        proposer: who proposes the set ('Name <e-mail>', an ORCID iD or an IRI); the proposer of
            every row whose ``proposed_by`` is empty.
        dry_run: check and validate, write nothing.
        replace: replace an existing set of the same name (otherwise that is refused).
        mint: the IRI minter.
        clock: the current time (for tests); UTC now by default.

    Returns:
        The outcome: accepted, or rejected with every error by row and column (nothing written).

    Raises:
        ProposalSetError: a bad name or proposer, an empty store, or a set (or another graph) of
            that name exists and ``replace`` was not asked for.
        StoreError: the store cannot be written.
    """
    clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    t0 = time.perf_counter()
    started = clock()
    mint = mint or Minter()
    name = check_name(name if name is not None else name_from_file(file_name))
    submitter = _agent(proposer)
    ident = SetIdentity.of(name, mint)
    table = read_proposal_table(data, file_name)
    outcome = Outcome(
        name=name,
        graph=ident.graph,
        activity=ident.activity,
        file_name=file_name,
        sha256=table.sha256,
        rows=len(table.table.rows),
        dry_run=dry_run,
    )
    if len(store) == 0:
        raise ProposalSetError("the store holds no data; build it first (wsis-graph build)", code="store_empty", status=409)
    proposals = proposal_graphs(store, mint)
    if ident.graph in proposals:
        if not replace:
            raise ProposalSetError(
                f"a proposal set named {name!r} exists already (graph <{ident.graph}>); choose another name, "
                "or replace it (--replace on the command line, replace=true on the web)",
                code="proposal_set_exists",
                status=409,
            )
        outcome.replaced = True
    elif ident.graph in store.graphs():
        raise ProposalSetError(
            f"the graph <{ident.graph}> exists and is not a proposal set; choose another name",
            code="graph_exists",
            status=409,
        )
    catalogue = Catalogue.load(store)
    checked = check_proposals(table, catalogue, default_agent=submitter, ignore_graphs=proposals, today=started.date())
    if checked.errors:
        outcome.errors = checked.errors
        outcome.seconds = time.perf_counter() - t0
        return outcome
    table_file = TableFile(PurePath(file_name).name, table.sha256)
    agents = _distinct([p.agent for p in checked.proposals], submitter)
    outcome.proposers = [a.display() for a in agents]
    ended = clock()
    data_graph = proposal_graph(
        checked.proposals,
        ident,
        mint,
        catalogue,
        submitter=submitter,
        table_file=table_file,
        started=started,
        ended=ended,
    )
    description = set_description(
        ident,
        links=len(checked.proposals),
        triples=len(data_graph),
        proposers=agents,
        submitter=submitter,
        table_file=table_file,
        issued=ended.date(),
        mint=mint,
    )
    old_description = set(store.quads(ident.description_graph))
    new_description = [
        (s, p, o) for s, p, o, _ in old_description if not _about(ident, s, p, o)
    ] + list(description)
    report = _validate(store, ident, data_graph, new_description)
    if not report.conforms:
        outcome.validation = report
        outcome.errors = _located(report, checked.proposals, ident, mint, file_name)
        outcome.seconds = time.perf_counter() - t0
        return outcome
    outcome.accepted = True
    outcome.links = len(checked.proposals)
    outcome.triples = len(data_graph)
    if not dry_run:
        store.replace_graphs({ident.description_graph: new_description, ident.graph: list(data_graph)})
    outcome.seconds = time.perf_counter() - t0
    return outcome


def withdraw(store: Store, name: str, *, mint: Minter | None = None) -> int:
    """Remove a proposal set: its graph and its description, together. Returns the triples removed.

    Raises:
        ProposalSetError: no proposal set has that name (status 404).
        StoreError: the store cannot be written.
    """
    mint = mint or Minter()
    ident = SetIdentity.of(check_name(name), mint)
    if ident.graph not in proposal_graphs(store, mint):
        raise ProposalSetError(f"there is no proposal set named {name!r}", code="not_found", status=404)
    removed = store.count(ident.graph)
    remaining = [(s, p, o) for s, p, o, _ in store.quads(ident.description_graph) if not _about(ident, s, p, o)]
    store.replace_graphs({ident.graph: [], ident.description_graph: remaining})
    return removed


# -- Helpers -------------------------------------------------------------------------------------


def _agent(proposer: str | Agent | None) -> Agent | None:
    if proposer is None or isinstance(proposer, Agent):
        return proposer
    if not proposer.strip():
        return None
    try:
        return parse_agent(proposer)
    except ValueError as exc:
        raise ProposalSetError(f"proposer: {exc}", code="bad_proposer") from None


def _distinct(agents: list[Agent], submitter: Agent | None) -> list[Agent]:
    seen: dict[str, Agent] = {}
    if submitter is not None:
        seen[submitter.key] = submitter
    for agent in agents:
        seen.setdefault(agent.key, agent)
    return list(seen.values())


def _about(ident: SetIdentity, s, p, o) -> bool:
    """Whether a description-graph triple describes this set's graph."""
    return s == ident.graph or (s == ident.dataset and p == VOID.subset and o == ident.graph)


def _validate(store: Store, ident: SetIdentity, data_graph: Graph, description: list) -> ValidationReport:
    """Validate the whole dataset as it would be after the write."""
    union = Graph()
    for s, p, o, g in store.quads():
        if g not in (ident.graph, ident.description_graph):
            union.add((s, p, o))
    for triple in description:
        union.add(triple)
    for triple in data_graph:
        union.add(triple)
    return validate_graph(union)


def _located(report: ValidationReport, proposals, ident: SetIdentity, mint: Minter, file_name: str) -> list[SourceError]:
    """SHACL results as located errors: a result about a proposed link names the link's row."""
    rows = {str(ident.alignment(mint, p.proposal_id)): p.line for p in proposals}
    return [
        SourceError(file_name, rows.get(v.focus.strip("<>")), None, _shacl_message(v))
        for v in report.violations
        if v.severity == "Violation"
    ]


def _shacl_message(v: Violation) -> str:
    where = f" {v.path}" if v.path else ""
    value = f" (value: {v.value})" if v.value else ""
    return f"the data would violate {v.shape}: {v.focus}{where}: {v.message}{value}"


__all__ = [
    "Outcome",
    "ProposalSetError",
    "ProposalSetInfo",
    "check_name",
    "error_json",
    "list_sets",
    "name_from_file",
    "proposal_graphs",
    "submit",
    "withdraw",
]
