"""What a proposal set changes: the findings of an analysis without it and with it.

This is the seam for ``wsis-graph diff``: an analysis is any function ``analyse(store, graphs)``
that computes its findings from the named graphs ``graphs`` only (for SPARQL, pass them as
``default_graphs``; for a NetworkX projection, project only those graphs). :func:`proposal_effect`
runs it twice — on the curated graphs without any proposal set, then with the one set added —
and keeps both results; :meth:`ProposalEffect.gained` and :meth:`ProposalEffect.lost` compare
findings that are collections of hashable items (orphan commitments, unserved targets …).

>>> effect = ProposalEffect("x", None, without={"GDC-11(d)", "GDC-17(a)"}, with_={"GDC-17(a)"})
>>> effect.lost()
['GDC-11(d)']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rdflib import URIRef

from wsis_graph.graph_kinds import vocabulary_graphs
from wsis_graph.proposals.graph import SetIdentity
from wsis_graph.proposals.sets import ProposalSetError, check_name, proposal_graphs
from wsis_graph.store import Store
from wsis_graph.uris import Minter

T = TypeVar("T")


@dataclass
class ProposalEffect(Generic[T]):
    """The findings of one analysis without and with one proposal set."""

    name: str
    graph: URIRef | None
    without: T
    with_: T

    def gained(self) -> list:
        """Items among the findings with the set that are not among those without it."""
        return sorted(set(_items(self.with_)) - set(_items(self.without)), key=str)

    def lost(self) -> list:
        """Items among the findings without the set that the set makes disappear."""
        return sorted(set(_items(self.without)) - set(_items(self.with_)), key=str)


def _items(findings) -> Iterable:
    if isinstance(findings, dict):
        return findings.items()
    return findings


def curated_graphs(store: Store, mint: Minter | None = None) -> list[URIRef]:
    """Every named graph of the store except the proposal sets and the vocabulary (ontology, shapes)."""
    proposals = set(proposal_graphs(store, mint))
    description = (mint or Minter()).graph("description")
    proposals |= set(vocabulary_graphs(store, description))
    return [g for g in store.graphs() if g not in proposals]


def graphs_with_set(store: Store, name: str, mint: Minter | None = None) -> list[URIRef]:
    """The curated graphs plus the graph of the proposal set ``name``.

    Raises:
        ProposalSetError: no proposal set has that name.
    """
    mint = mint or Minter()
    graph = SetIdentity.of(check_name(name), mint).graph
    if graph not in proposal_graphs(store, mint):
        raise ProposalSetError(f"there is no proposal set named {name!r}", code="not_found", status=404)
    return [*curated_graphs(store, mint), graph]


def proposal_effect(
    store: Store,
    name: str,
    analyse: Callable[[Store, Sequence[URIRef]], T],
    *,
    mint: Minter | None = None,
) -> ProposalEffect[T]:
    """Run ``analyse`` on the curated graphs, then on them and the proposal set ``name``."""
    mint = mint or Minter()
    with_set = graphs_with_set(store, name, mint)
    return ProposalEffect(
        name=name,
        graph=with_set[-1],
        without=analyse(store, with_set[:-1]),
        with_=analyse(store, with_set),
    )


__all__ = ["ProposalEffect", "curated_graphs", "graphs_with_set", "proposal_effect"]
