"""Turning accepted proposals into RDF: the proposal graph, with PROV, and its description.

For a set named ``example`` (graph ``{base}graph/proposals-example``):

* each row becomes a qualified link ``{base}alignment/proposals/example/<proposal_id>`` (a
  ``wsis:Alignment`` with method ``wsis:Proposal``, the row's confidence mark, sources, locator,
  date, strength and note, ``wsis:justification``, ``dct:identifier`` the proposal id,
  ``prov:wasAttributedTo`` its proposer and ``prov:wasGeneratedBy`` the activity), plus the direct
  triple it qualifies;
* the activity ``{base}activity/proposals-example`` (``prov:Activity``, ``wsis:ProposalActivity``)
  is ``prov:wasAssociatedWith`` every proposer (``prov:Agent``: an ORCID iD or other IRI as given,
  or ``{base}agent/<digest of the e-mail>`` with ``foaf:name`` and ``foaf:mbox_sha1sum``: the
  address itself is not published, since the endpoint is public; whoever knows it can still match
  it), has
  ``prov:startedAtTime`` and ``prov:endedAtTime``, and ``prov:used`` the table
  (``{base}activity/proposals-example/table``), a ``prov:Entity`` with its file name and the
  SHA-256 checksum of its bytes (SPDX);
* the description graph gains the graph's description: ``void:Dataset``, ``dcat:Dataset``,
  **``dct:type wsis:ProposalSet``** (the mark by which analyses tell proposals from curated
  sources), identifier, title, description, publisher, issue date, the activity, the table and
  the triple count, and ``void:subset`` from the dataset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, VOID, XSD

from wsis_graph.build import timestamp_literal
from wsis_graph.namespaces import SPDX, WSIS, bind_prefixes
from wsis_graph.proposals.catalogue import Catalogue
from wsis_graph.proposals.checks import Proposal
from wsis_graph.proposals.table import Agent
from wsis_graph.sources.base import add_alignment
from wsis_graph.uris import Minter

#: The prefix of a proposal graph's key (``proposals-<name>``), in its IRI and ``dct:identifier``.
GRAPH_PREFIX = "proposals-"

_RELATION_WORDS = {
    WSIS.linkedTo: "linked to",
    WSIS.groundedIn: "grounded in",
    WSIS.contributesTo: "contributes to",
}


@dataclass(frozen=True)
class SetIdentity:
    """The IRIs of one proposal set."""

    name: str
    graph: URIRef
    activity: URIRef
    description_graph: URIRef
    dataset: URIRef

    @classmethod
    def of(cls, name: str, mint: Minter) -> "SetIdentity":
        return cls(
            name=name,
            graph=mint.graph(GRAPH_PREFIX + name),
            activity=mint.iri("activity", GRAPH_PREFIX + name),
            description_graph=mint.graph("description"),
            dataset=mint.dataset(),
        )

    def alignment(self, mint: Minter, proposal_id: str) -> URIRef:
        return mint.iri("alignment", "proposals", self.name, proposal_id)

    def table(self, mint: Minter) -> URIRef:
        """The table as this submission used it (two sets may be read from the same bytes)."""
        return mint.iri("activity", GRAPH_PREFIX + self.name, "table")


@dataclass(frozen=True)
class TableFile:
    """The table a set was read from: its name and the SHA-256 digest of its bytes."""

    name: str
    sha256: str


def agent_iri(agent: Agent, mint: Minter) -> URIRef:
    """The IRI of a proposer: the IRI given, or one minted from a digest of the e-mail address."""
    if agent.iri:
        return URIRef(agent.iri)
    digest = hashlib.sha256(agent.email.strip().lower().encode("utf-8")).hexdigest()[:16]
    return mint.iri("agent", digest)


def proposal_graph(
    proposals: Sequence[Proposal],
    ident: SetIdentity,
    mint: Minter,
    catalogue: Catalogue,
    *,
    submitter: Agent | None,
    table_file: TableFile,
    started: dt.datetime,
    ended: dt.datetime,
) -> Graph:
    """The triples of the proposal graph: the links, their alignments, the activity, agents and table."""
    graph = bind_prefixes(Graph(), mint.base)
    activity = ident.activity
    agents: dict[str, Agent] = {}
    if submitter is not None:
        agents[submitter.key] = submitter
    for proposal in proposals:
        agents.setdefault(proposal.agent.key, proposal.agent)
        node = ident.alignment(mint, proposal.proposal_id)
        add_alignment(
            graph,
            node,
            subject=proposal.subject,
            relation=proposal.relation,
            obj=proposal.obj,
            row=proposal.row,
            confidence_column="confidence",
            method=WSIS.Proposal,
            relation_as_worded=proposal.row.values["relation"].strip(),
            sources=proposal.sources,
            locator=proposal.locator,
            asserted_by=agent_iri(proposal.agent, mint),
            date=proposal.date,
            note=proposal.note,
            strength=proposal.strength,
        )
        graph.add((node, WSIS.justification, Literal(proposal.justification)))
        graph.add((node, DCTERMS.identifier, Literal(proposal.proposal_id)))
        graph.add((node, PROV.wasGeneratedBy, activity))
        words = _RELATION_WORDS[proposal.relation]
        label = f"{catalogue.label(proposal.subject)} {words} {catalogue.label(proposal.obj)} (proposal {proposal.proposal_id} of set {ident.name})"
        graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, RDF.type, WSIS.ProposalActivity))
    graph.add((activity, RDFS.label, Literal(f"Submission of the proposal set {ident.name}", lang="en")))
    graph.add((activity, PROV.startedAtTime, timestamp_literal(started)))
    graph.add((activity, PROV.endedAtTime, timestamp_literal(ended)))
    for agent in agents.values():
        iri = agent_iri(agent, mint)
        graph.add((activity, PROV.wasAssociatedWith, iri))
        graph.add((iri, RDF.type, PROV.Agent))
        if agent.name:
            graph.add((iri, FOAF.name, Literal(agent.name)))
            graph.add((iri, RDFS.label, Literal(agent.name)))
        if agent.email:
            digest = hashlib.sha1(f"mailto:{agent.email}".encode()).hexdigest()
            graph.add((iri, FOAF.mbox_sha1sum, Literal(digest)))
    entity = ident.table(mint)
    graph.add((activity, PROV.used, entity))
    graph.add((entity, RDF.type, PROV.Entity))
    graph.add((entity, DCTERMS.title, Literal(table_file.name)))
    graph.add((entity, DCTERMS.format, Literal("text/csv")))
    checksum = BNode()
    graph.add((entity, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(table_file.sha256, datatype=XSD.hexBinary)))
    return graph


def set_description(
    ident: SetIdentity,
    *,
    links: int,
    triples: int,
    proposers: Sequence[Agent],
    submitter: Agent | None,
    table_file: TableFile,
    issued: dt.date,
    mint: Minter,
) -> Graph:
    """The description of a proposal graph, to be added to the description graph."""
    g = Graph()
    gi = ident.graph
    names = ", ".join(a.name or a.iri or a.email for a in proposers)
    publisher = submitter or (proposers[0] if len(proposers) == 1 else None)
    g.add((ident.dataset, VOID.subset, gi))
    g.add((gi, RDF.type, VOID.Dataset))
    g.add((gi, RDF.type, DCAT.Dataset))
    g.add((gi, DCTERMS.type, WSIS.ProposalSet))
    g.add((gi, DCTERMS.identifier, Literal(GRAPH_PREFIX + ident.name)))
    g.add((gi, DCTERMS.title, Literal(f"Proposed links: {ident.name}", lang="en")))
    g.add((
        gi,
        DCTERMS.description,
        Literal(
            f"{links} proposed link(s) from {table_file.name}, proposed by {names}. Identifiers and relations "
            "were checked against the graph; the evidence was not reviewed. Kept apart from the curated "
            "sources: analyses include proposals only when asked to.",
            lang="en",
        ),
    ))
    if publisher is not None:
        g.add((gi, DCTERMS.publisher, Literal(publisher.name or publisher.iri or publisher.email)))
    g.add((gi, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    g.add((gi, PROV.wasGeneratedBy, ident.activity))
    g.add((gi, DCTERMS.source, ident.table(mint)))
    g.add((gi, RDFS.comment, Literal("Overall confidence of the source: proposals, at most single-source", lang="en")))
    g.add((gi, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g



__all__ = ["GRAPH_PREFIX", "SPDX", "SetIdentity", "TableFile", "agent_iri", "proposal_graph", "set_description"]
