"""Label search: the things whose label, alternative label or code contains a text, best first.

The language is passed to the store as a binding, never pasted into the query text, and the search
text is never sent to the store at all: the store gives the names in that language, and they are
compared here with the text, both in their search form (:func:`fold`), the stored labels staying as
published. The search form is lower case (``casefold``), with the marks that Unicode's compatibility
decomposition (NFKD) splits off left out: the accents of the Latin scripts (``Côte`` and ``cote``),
the Arabic harakat (U+064B-U+065F), the superscript alef (U+0670) and the hamza and madda of
``أ إ آ``, so that these read as a bare alef. The Arabic tatweel (U+0640), which only stretches a
word (``الاتصــالات``), is left out too, and a few letters that do not decompose are read as the plain
ones (``ø`` as ``o``, ``ł`` as ``l``, ``ٱ`` as ``ا``, ``æ`` as ``ae``). Chinese labels are stored in
simplified characters (tagged ``zh-Hans``, which a language filter of ``zh`` matches); a text in
traditional characters is not converted.

The things that match are then read with their types and codes. The results are plain data:
:mod:`wsis_graph.web.pages.search` turns them into a page or JSON.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.store import Store
from wsis_graph.web.pages.labels import NAME_PROPERTIES, natural_key

#: Letters that NFKD does not split but that a reader takes for a plain one, and the tatweel (dropped).
_PLAIN = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe",
                        "\u0671": "\u0627", "\u0640": None})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The search form of a text (see the module docstring).

    >>> fold("Côte d'Ivoire"), fold("ŒUVRE"), fold("Straße"), fold("Łódź")
    ("cote d'ivoire", 'oeuvre', 'strasse', 'lodz')
    >>> fold("الاتصــالات") == fold("الاتِّصَالات") == "الاتصالات", fold("إعلان") == fold("اعلان")
    (True, True)
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_PLAIN)
    return unicodedata.normalize("NFC", plain)


_LANG = """FILTER(isLiteral(?label))
    FILTER(?lang = "" || LANG(?label) = "" || LANGMATCHES(LANG(?label), ?lang))"""

#: Every name in the language asked for; one branch per naming property (the engines run this
#: faster than one pattern with a property variable).
Q_NAMES = (
    sparql_prologue()
    + "SELECT ?lang ?s ?np ?label WHERE {\n"
    + "\n  UNION\n".join(
        f"  {{ ?s {prop} ?label BIND({prop} AS ?np)\n    {_LANG} }}"
        for prop in ("skos:prefLabel", "rdfs:label", "skos:altLabel", "skos:notation")
    )
    + "\n}"
)

#: The types and codes of the things that matched (their IRIs, read from the store, in VALUES).
_Q_KINDS = sparql_prologue() + """SELECT ?s ?type ?code WHERE {
  VALUES ?s { %s }
  OPTIONAL { ?s a ?type }
  OPTIONAL { ?s skos:notation ?code }
}"""


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
    """Things whose label, alternative label or notation contains ``text``, both in their search
    form (:func:`fold`: any case, Latin accents, Arabic tatweel and harakat).

    Args:
        text: the search text (compared here, never sent to the store).
        lang: only labels in this language (and untagged notations); all languages when None.
        limit: the most hits returned.

    Returns:
        The best hit per thing (exact match first, then prefix, then substring; frameworks before
        qualified links), and how many things matched in all.
    """
    needle = fold(text.strip())
    if not needle.strip():
        return [], 0
    by_thing: dict[Node, list[tuple[URIRef, Literal]]] = defaultdict(list)
    for _, s, prop, label in store.query(Q_NAMES, {"lang": Literal(lang or "")}).rows:
        if needle in fold(str(label)) and (prop, label) not in by_thing[s]:
            by_thing[s].append((prop, label))
    types: dict[Node, set[URIRef]] = defaultdict(set)
    codes: dict[Node, set[Literal]] = defaultdict(set)
    iris = sorted(str(s) for s in by_thing if isinstance(s, URIRef))
    for start in range(0, len(iris), 2000):
        rows = " ".join(URIRef(iri).n3() for iri in iris[start:start + 2000])
        for s, kind, code in store.query(_Q_KINDS % rows).rows:
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
            value = fold(str(item[1]))
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
