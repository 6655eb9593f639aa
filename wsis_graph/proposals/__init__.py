"""Proposed links: tables of links that someone proposes, checked, kept in a named graph of their own.

ODET and UNGIS staff, facilitators and researchers can propose links the curated sources lack —
a GDC objective, paragraph or commitment linked to an Action Line or an entity, an Action Line or
GDC item grounded in a rights provision, an Action Line contributing to an SDG target — each with
a justification and a source. ``wsis-graph propose FILE.csv`` (or ``POST /proposals`` with the
update token) checks every row against the store and reports every problem by row and column;
when all rows are good, the set is validated with the SHACL shapes and written as the named graph
``proposals-<name>``, with who proposed it, when and from which file (PROV-O).

Modules:

* :mod:`~wsis_graph.proposals.table`: the columns of a proposal table, reading it, proposers;
* :mod:`~wsis_graph.proposals.rules`: which relations may join which kinds of thing, which marks;
* :mod:`~wsis_graph.proposals.catalogue`: what the store knows (codes, IRIs, kinds, links), by SPARQL;
* :mod:`~wsis_graph.proposals.checks`: the row checks;
* :mod:`~wsis_graph.proposals.graph`: the RDF of a set and its description;
* :mod:`~wsis_graph.proposals.sets`: submit, list and withdraw sets; which graphs are proposals;
* :mod:`~wsis_graph.proposals.diff`: findings with and without a set (the seam for ``wsis-graph diff``);
* :mod:`~wsis_graph.proposals.compare`: the gap analyses with and without a set, compared.

The commands are in the command line's room: ``propose`` and ``proposals`` in
:mod:`wsis_graph.cli.proposals`, ``diff`` in :mod:`wsis_graph.cli.diff`.

The rule by which analyses tell proposals from curated sources: a named graph ``G`` is a
proposal set exactly when the description graph states ``G dct:type wsis:ProposalSet``.
"""

from wsis_graph.proposals.sets import (
    Outcome,
    ProposalSetError,
    ProposalSetInfo,
    list_sets,
    proposal_graphs,
    submit,
    withdraw,
)
from wsis_graph.proposals.table import COLUMNS, Agent, parse_agent

__all__ = [
    "COLUMNS",
    "Agent",
    "Outcome",
    "ProposalSetError",
    "ProposalSetInfo",
    "list_sets",
    "parse_agent",
    "proposal_graphs",
    "submit",
    "withdraw",
]
