"""Label search: the things whose label, alternative label or code contains a text, best first.

The search text and the language are passed to the store as bindings, never pasted into the query
text. The results are plain data: :mod:`wsis_graph.web.pages.search` turns them into a page or JSON.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.store import Store
from wsis_graph.web.pages.labels import NAME_PROPERTIES, natural_key

_MATCH = """FILTER(isLiteral(?label))
    FILTER(?lang = "" || LANG(?label) = "" || LANGMATCHES(LANG(?label), ?lang))
    FILTER(CONTAINS(LCASE(STR(?label)), ?needle))"""

#: One branch per naming property (the engines run this faster than one pattern with a property
#: variable), with the thing's types joined on.
Q_SEARCH = (
    sparql_prologue()
    + "SELECT DISTINCT ?needle ?lang ?s ?np ?label ?type ?code WHERE {\n"
    + "\n  UNION\n".join(
        f"  {{ ?s {prop} ?label BIND({prop} AS ?np)\n    {_MATCH} }}"
        for prop in ("skos:prefLabel", "rdfs:label", "skos:altLabel", "skos:notation")
    )
    + "\n  OPTIONAL { ?s a ?type }\n  OPTIONAL { ?s skos:notation ?code }\n}\nLIMIT 5000"
)

#: The order in which kinds of thing come in search results (frameworks first, qualified links last).
_TYPE_ORDER = [
    WSIS.SDGGoal,
    WSIS.ActionLine,
    WSIS.GDCObjective,
    WSIS.SDGTarget,
    WSIS.Instrument,
    WSIS.Entity,
    WSIS.Process,
    WSIS.GDCPrinciple,
    WSIS.GDCCommitment,
    WSIS.GDCParagraph,
    WSIS.SDGIndicator,
    WSIS.Provision,
    WSIS.Document,
    WSIS.GDCSection,
    WSIS.Submission,
    WSIS.Recommendation,
    WSIS.EmergingTrend,
]


@dataclass
class SearchHit:
    """The best match for one thing: the naming property and value that matched, with its types,
    every name found for it and its rank."""

    iri: Node
    prop: URIRef
    label: Literal
    types: list[URIRef]
    names: list[tuple[URIRef, Literal]]
    rank: tuple


def search(store: Store, text: str, lang: str | None = None, limit: int = 100) -> tuple[list[SearchHit], int]:
    """Things whose label, alternative label or notation contains ``text`` (any case).

    Args:
        text: the search text, bound as a parameter.
        lang: only labels in this language (and untagged notations); all languages when None.
        limit: the most hits returned.

    Returns:
        The best hit per thing (exact match first, then prefix, then substring; frameworks before
        qualified links), and how many things matched in all.
    """
    needle = text.strip().lower()
    if not needle:
        return [], 0
    bindings = {"needle": Literal(needle), "lang": Literal(lang or "")}
    types: dict[Node, set[URIRef]] = defaultdict(set)
    by_thing: dict[Node, list[tuple[URIRef, Literal]]] = defaultdict(list)
    codes: dict[Node, set[Literal]] = defaultdict(set)
    for _, _, s, prop, label, kind, code in store.query(Q_SEARCH, bindings).rows:
        if (prop, label) not in by_thing[s]:
            by_thing[s].append((prop, label))
        if isinstance(kind, URIRef):
            types[s].add(kind)
        if isinstance(code, Literal):
            codes[s].add(code)
    hits = []
    for thing, found in by_thing.items():
        kinds = sorted(types.get(thing, ()))
        type_rank = min((_TYPE_ORDER.index(t) for t in kinds if t in _TYPE_ORDER), default=len(_TYPE_ORDER))
        qualified = WSIS.Alignment in kinds or WSIS.Facilitation in kinds

        def match_rank(item: tuple[URIRef, Literal]) -> tuple:
            value = str(item[1]).lower()
            how = 0 if value == needle else 1 if value.startswith(needle) else 2
            prop_rank = NAME_PROPERTIES.index(item[0]) if item[0] in NAME_PROPERTIES else 9
            return (how, prop_rank, len(value), str(item[1]))

        best = min(found, key=match_rank)
        rank = (match_rank(best)[0], qualified, type_rank, natural_key(str(best[1])), str(thing))
        names = found + [(SKOS.notation, c) for c in sorted(codes.get(thing, ())) if (SKOS.notation, c) not in found]
        hits.append(SearchHit(thing, best[0], best[1], kinds, names, rank))
    hits.sort(key=lambda h: h.rank)
    return hits[:limit], len(hits)


__all__ = ["SearchHit", "search"]
