"""Reconciling an imported official text with what the curated tables hold, never overwriting them.

The import of a text (:func:`wsis_graph.texts.write.import_text`) asks :func:`reconcile` what the
text says about the nodes of the curated graphs. Each known document has its reconciler:

* ``gdc`` (:mod:`.gdc`): official words for the GDC's paragraphs, commitments, principles and
  objectives; the paragraphs and commitments the tables lack; draft principles replaced;
* ``geneva-plan`` (:mod:`.plan`): each Action Line's paragraph and items, inferred numbers
  confirmed or corrected;
* ``tunis-agenda`` (:mod:`.agenda`): the annex table of facilitators as facilitation statements,
  beside the curated ones, with the disagreements listed;
* ``wsis20-outcome`` (:mod:`.outcome`): the bodies, processes and Action Lines each paragraph
  names, for a person to confirm.

What a reconciler states goes into a graph of its own, one per document and language
(``{base}graph/text/<key>/reconciled/<language>``), made afresh from the current edition at each
import; the curated graphs are never written. Its description carries ``dct:type
wsis:TextReconciliation``: a rebuild keeps it, and the analyses read it with the curated graphs.
What needs a person (conflicts, corrections, disagreements, mentions) is in its findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID, XSD

from wsis_graph.build import timestamp_literal
from wsis_graph.namespaces import WSIS

from wsis_graph.store import Store
from wsis_graph.texts.model import TextStructure
from wsis_graph.texts.reconcile import agenda, gdc, outcome, plan
from wsis_graph.texts.reconcile.context import Context, Outcome
from wsis_graph.texts.reconcile.findings import Finding, counts, ordered
from wsis_graph.uris import Minter

RECONCILERS: dict[str, Callable[[Context, TextStructure], Outcome]] = {
    "gdc": gdc.reconcile,
    "geneva-plan": plan.reconcile,
    "tunis-agenda": agenda.reconcile,
    "wsis20-outcome": outcome.reconcile,
}

#: The curated source folders whose graphs each reconciliation refers to (validated with it).
CURATED: dict[str, tuple[str, ...]] = {
    "gdc": ("gdc",),
    "geneva-plan": ("wsis",),
    "tunis-agenda": ("wsis", "facilitation"),
    "wsis20-outcome": ("wsis",),
}


@dataclass
class Reconciliation:
    """The reconciliation of one edition: its graph, its triples and its findings."""

    key: str
    language: str
    graph: URIRef
    triples: list[tuple] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "graph": str(self.graph),
            "triples": len(self.triples),
            "counts": counts(self.findings),
            "findings": [f.to_dict() for f in ordered(self.findings)],
        }

    def counts_text(self) -> str:
        """How many findings of each kind, in words: ``2 conflict, 27 matched``."""
        return ", ".join(f"{n} {kind}" for kind, n in counts(self.findings).items()) or "nothing to reconcile"

    def for_review(self) -> list[Finding]:
        """The findings a person should look at (all but the plain matches), conflicts first."""
        return [f for f in ordered(self.findings) if f.kind != "matched"]

    def lines(self) -> list[str]:
        """The report for a person: the counts, then every finding that asks for a look."""
        return [f"reconciled with the curated tables into <{self.graph}>: {self.counts_text()}"] + [
            f"  {finding}" for finding in self.for_review()]


def reconciliation_graph(mint: Minter, key: str, language: str) -> URIRef:
    """``{base}graph/text/<key>/reconciled/<language>``."""
    return mint.iri("graph", "text", key, "reconciled", language)


def reconcile(store: Store, structure: TextStructure, key: str, *, mint: Minter) -> Reconciliation | None:
    """Reconcile the text with the curated graphs of ``store``; None for a document with no reconciler."""
    reconciler = RECONCILERS.get(key)
    if reconciler is None:
        return None
    language = structure.document.language
    found = reconciler(Context(store, mint, key, language), structure)
    triples = list(dict.fromkeys(found.triples))
    return Reconciliation(key, language, reconciliation_graph(mint, key, language), triples, found.findings)


def describe_reconciliation(found: Reconciliation, edition: URIRef, mint: Minter, moment: dt.datetime) -> list[tuple]:
    """The description of a reconciliation graph, for the description graph."""
    graph = found.graph
    summary = ", ".join(f"{n} {kind}" for kind, n in counts(found.findings).items()) or "nothing found"
    return [
        (mint.dataset(), VOID.subset, graph),
        (graph, RDF.type, VOID.Dataset),
        (graph, RDF.type, DCAT.Dataset),
        (graph, DCTERMS.type, WSIS.TextReconciliation),
        (graph, DCTERMS.identifier, Literal(str(graph)[len(f"{mint.base}graph/"):])),
        (graph, DCTERMS.title, Literal(f"Reconciliation of the imported text {found.key} ({found.language}) with the "
                                       "curated tables", lang="en")),
        (graph, DCTERMS.description, Literal(
            "What the imported official text states about the nodes of the curated tables, made by `wsis-graph texts "
            f"import` from the current edition: {summary}. The curated graphs themselves are unchanged.", lang="en")),
        (graph, DCTERMS.language, Literal(found.language, datatype=XSD.language)),
        (graph, PROV.wasDerivedFrom, edition),
        (graph, DCTERMS.created, timestamp_literal(moment)),
        (graph, VOID.triples, Literal(len(found.triples), datatype=XSD.integer)),
    ]


__all__ = ["CURATED", "describe_reconciliation", "RECONCILERS", "Reconciliation", "reconcile", "reconciliation_graph"]
