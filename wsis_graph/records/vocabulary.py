"""The codes a practice record may use, and the IRIs the graph gives them.

A record names Action Lines (``C4``, ``C7.e-health``), SDG goals (``4``) and targets (``4.4``)
and GDC objectives (``GDC-O1``, or just ``1``) by code. The codes and their IRIs are read from the
curated graphs, by SPARQL on a store (:meth:`Vocabulary.from_store`), so that a record can only
point to a thing the graph has, under the IRI the graph uses for it. The WSIS-SDG Matrix links
(Action Line to goal or target) come along: the generator shapes its frequencies on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from wsis_graph.namespaces import WSIS
from wsis_graph.store import Store

_CODES = """
PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?class ?code ?iri WHERE {
  VALUES ?class { wsis:ActionLine wsis:SDGGoal wsis:SDGTarget wsis:GDCObjective }
  ?iri a ?class ; skos:notation ?code .
}
"""

_MATRIX = """
PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
SELECT DISTINCT ?actionLine ?sdg WHERE { ?actionLine a wsis:ActionLine ; wsis:contributesTo ?sdg . }
"""


class VocabularyMissing(Exception):
    """The store holds none of the frameworks that records point to (it was never built)."""


def _code_order(code: str) -> tuple:
    """Codes in their natural order: C2 before C10, 9.2 before 9.10 before 9.a."""
    parts = code.replace("GDC-O", "").replace("C", "", 1).replace(".e-", ".").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


@dataclass
class Vocabulary:
    """Codes and IRIs of the things records point to, each kind in natural code order.

    Attributes:
        action_lines: Action Line code → IRI (``C7.e-health``).
        goals: SDG goal number → IRI (``4``).
        targets: SDG target code → IRI (``4.4``, ``9.c``).
        gdc_objectives: GDC objective id → IRI (``GDC-O1``).
        matrix: the WSIS-SDG Matrix as (Action Line code, goal or target code) pairs.
    """

    action_lines: dict[str, URIRef] = field(default_factory=dict)
    goals: dict[str, URIRef] = field(default_factory=dict)
    targets: dict[str, URIRef] = field(default_factory=dict)
    gdc_objectives: dict[str, URIRef] = field(default_factory=dict)
    matrix: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_store(cls, store: Store) -> "Vocabulary":
        """Read the codes from a built store.

        Raises:
            VocabularyMissing: the store has no Action Lines, SDG targets or GDC objectives.
        """
        kinds = {
            WSIS.ActionLine: {},
            WSIS.SDGGoal: {},
            WSIS.SDGTarget: {},
            WSIS.GDCObjective: {},
        }
        for klass, code, iri in store.query(_CODES).rows:
            kinds[klass][str(code)] = iri
        vocabulary = cls(*(dict(sorted(found.items(), key=lambda kv: _code_order(kv[0]))) for found in kinds.values()))
        missing = [name for name, found in zip(("Action Lines", "SDG goals", "SDG targets", "GDC objectives"), kinds.values()) if not found]
        if missing:
            raise VocabularyMissing(
                f"the store {store.url} holds no {', no '.join(missing)}; records point to them, so build the "
                "store first (`wsis-graph build`)"
            )
        codes = {iri: code for found in kinds.values() for code, iri in found.items()}
        vocabulary.matrix = sorted(
            ((codes[al], codes[sdg]) for al, sdg in store.query(_MATRIX).rows if al in codes and sdg in codes),
            key=lambda pair: (_code_order(pair[0]), _code_order(pair[1])),
        )
        return vocabulary

    @classmethod
    def from_sources(cls) -> "Vocabulary":
        """Read the codes from a fresh build of the curated tables (no store needed)."""
        from wsis_graph.build import build_dataset
        from wsis_graph.store.memory import MemoryStore

        result = build_dataset()
        wanted = {"sdg", "wsis", "wsis-sdg-matrix", "gdc"}
        store = MemoryStore()
        store.replace((s, p, o, b.iri) for b in result.graphs if b.key in wanted for s, p, o in b.graph)
        return cls.from_store(store)

    def gdc_objective(self, value: str) -> str | None:
        """The objective id for ``3`` or ``GDC-O3``; None when there is no such objective."""
        code = f"GDC-O{value}" if value.isdigit() else value
        return code if code in self.gdc_objectives else None
