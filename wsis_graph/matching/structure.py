"""Structural signals: the paths of the graph between two nodes, and the links already there.

The links of the index (every triple between two IRIs in the graphs read, :mod:`~.corpus`) make
an undirected graph. Bookkeeping predicates (schemes, sources, confidence marks, the alignment
records that repeat a direct link) are left out, so that what remains says how two nodes relate:
``wsis:contributesTo``, ``wsis:linkedTo``, ``wsis:concerns``, ``wsis:groundedIn``,
``wsis:facilitatedBy``, ``skos:broader`` …

A pair gains from each path of two or three links between its ends: a GDC commitment that is
``linkedTo`` SDG goal 9 leans toward an Action Line that ``contributesTo`` goal 9, or one of its
targets. A path through a node with many links counts less (it says little about either end).
The pair's own direct link is no path: it makes the pair *linked* (:meth:`Paths.direct`).

>>> links = [("a:gdc1", "w:linkedTo", "a:goal9"), ("a:C2", "w:contributesTo", "a:goal9"),
...          ("a:target9c", "skos:broader", "a:goal9")]
>>> paths = Paths(links, {"a:goal9": "9", "a:gdc1": "GDC-1", "a:C2": "C2"})
>>> weight, found = paths.between("a:gdc1", "a:C2")
>>> round(weight, 2), found
(0.33, ['GDC-1 —linkedTo→ 9 ←contributesTo— C2'])
>>> paths.direct("a:target9c", "a:goal9")
['broader']
"""

from __future__ import annotations

import math
from collections import defaultdict

#: Predicates that say nothing about how two nodes relate (bookkeeping), by local name.
IGNORED = {
    "inScheme", "topConceptOf", "hasTopConcept", "sourceDocument", "confidence", "method", "relation",
    "wasAttributedTo", "source", "conformsTo", "subset", "vocabulary", "page", "wikidata", "exactMatch",
    "narrower", "member", "listing", "indicator", "measures", "target", "goal", "alignmentSubject",
    "alignmentObject", "role", "paragraphSource", "scopeDocument", "isVersionOf", "footnote", "underHeading",
    "documentSymbolConfidence", "pageConfidence", "wikidataConfidence", "paragraphConfidence",
}


def local(iri: str) -> str:
    """The local name of an IRI (after ``#`` or the last ``/``).

    >>> local("https://w3id.org/wsis-graph/ontology#contributesTo"), local("http://metadata.un.org/sdg/9.c")
    ('contributesTo', '9.c')
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1].rsplit(":", 1)[-1]


class Paths:
    """The link graph of an index: the paths between two nodes and the direct links."""

    def __init__(self, links: list[tuple[str, str, str]], codes: dict[str, str]) -> None:
        self.codes = codes
        self._out: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
        self._direct: dict[tuple[str, str], set[str]] = defaultdict(set)
        for s, p, o in links:
            name = local(p)
            self._direct[(s, o)].add(name)
            self._direct[(o, s)].add(name)
            if name in IGNORED or s == o:
                continue
            self._out[s].append((o, name, True))
            self._out[o].append((s, name, False))

    def direct(self, a: str, b: str) -> list[str]:
        """The predicates of the triples that link ``a`` and ``b`` directly, either way."""
        return sorted(self._direct.get((a, b), ()))

    def degree(self, node: str) -> int:
        return len(self._out.get(node, ()))

    def _name(self, node: str) -> str:
        return self.codes.get(node) or local(node)

    @staticmethod
    def _arrow(name: str, forward: bool) -> str:
        return f"—{name}→" if forward else f"←{name}—"

    def between(self, a: str, b: str, limit: int = 5) -> tuple[float, list[str]]:
        """The weight of the paths of two or three links from ``a`` to ``b``, and the heaviest of them.

        A path through ``n`` weighs ``1 / degree(n)``; through ``n`` and ``m``, half of
        ``1 / sqrt(degree(n) · degree(m))``.
        """
        found: list[tuple[float, str]] = []
        for n, p1, f1 in self._out.get(a, ()):
            if n in (a, b):
                continue
            step = f"{self._name(a)} {self._arrow(p1, f1)} {self._name(n)}"
            for m, p2, f2 in self._out.get(n, ()):
                if m == b:
                    found.append((1.0 / max(self.degree(n), 1), f"{step} {self._arrow(p2, f2)} {self._name(b)}"))
                elif m != a:
                    for z, p3, f3 in self._out.get(m, ()):
                        if z == b and m != b:
                            w = 0.5 / math.sqrt(max(self.degree(n), 1) * max(self.degree(m), 1))
                            found.append((w, f"{step} {self._arrow(p2, f2)} {self._name(m)} {self._arrow(p3, f3)} {self._name(b)}"))
        found = sorted(set(found), key=lambda x: (-x[0], x[1]))
        return sum(w for w, _ in found), [text for _, text in found[:limit]]

    def parents(self, node: str) -> list[str]:
        """The nodes that ``node`` is ``skos:broader`` to (a target's goal, a sub-line's Action Line)."""
        return [n for n, name, forward in self._out.get(node, ()) if name == "broader" and forward]


__all__ = ["IGNORED", "Paths", "local"]
