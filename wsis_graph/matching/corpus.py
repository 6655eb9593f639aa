"""The index: every text in the graph, per kind, and the links between the nodes, read from the store.

Kinds (:data:`KINDS`) and what each item's texts are (each text is a *field* with a weight, in
each language the graph has it in):

* ``sdg-goals``: the goal's title and short name, and the titles of its targets (lighter);
* ``sdg-targets``: the target's title, the titles of its indicators, its goal's title (lighter), and the
  everyday terms the curated topic lexicon gives its theme (``data/thesaurus/sdg_topics.csv``, lighter);
* ``action-lines``: the official name, the name in the Geneva Plan, our description, and the words
  of the Plan of Action paragraph once an official text is imported (``wsis:officialText``);
* ``gdc``: GDC paragraphs, commitments and principles: the adopted words once imported, else our
  summary; the section's and the objective's titles (lighter);
* ``rights``: human-rights provisions: the provision's name and its digital relevance, the
  instrument's name (lighter);
* ``entities``: entities and processes: name, acronym, description;
* ``submission``: the seed submission's recommendations and emerging trends (name and summary);
* ``paragraphs``: the parts of imported texts (``wsis:text``), the current edition only.

An item's code is the one a user types: its ``skos:notation`` (``7``, ``9.c``, ``C5``,
``GDC-29(b)``, ``ICCPR:17``, ``ITU``); a part of an imported text is ``<document>:<reference>``
(``gdc:11(b)``). Curators' notes (``skos:note``) are not texts: they record decisions, some of
them about links, and would let a curated answer leak into the suggestions.

:func:`read_index` reads a few SPARQL queries over the graphs that are not left out
(``exclude``: graph IRIs); :func:`cached_index` keeps the last indexes by the store's data version
(:attr:`~wsis_graph.store.Store.revision`; a store that has none is read every time).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from wsis_graph.graph_kinds import graphs_of_kind
from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.store import Store

KINDS = ("sdg-goals", "sdg-targets", "action-lines", "gdc", "rights", "entities", "submission", "paragraphs")

#: The weight of the curated everyday terms of a target (``data/thesaurus/sdg_topics.csv``).
TOPIC_WEIGHT = 0.5

#: The weight of each field of an item's texts, by kind.
WEIGHTS: dict[str, dict[str, float]] = {
    "sdg-goals": {"title": 1.0, "name": 1.0, "target": 0.25},
    "sdg-targets": {"title": 1.0, "indicator": 0.5, "goal": 0.2, "topics": TOPIC_WEIGHT},
    "action-lines": {"name": 1.0, "geneva": 0.6, "description": 1.0, "official": 1.0},
    "gdc": {"official": 1.0, "summary": 1.0, "name": 1.0, "section": 0.3, "objective": 0.2},
    "rights": {"name": 1.0, "relevance": 1.0, "instrument": 0.3},
    "entities": {"name": 1.0, "acronym": 1.0, "description": 0.7},
    "submission": {"name": 0.7, "summary": 1.0},
    "paragraphs": {"text": 1.0},
}

_P = sparql_prologue()
QUERIES: dict[str, str] = {
    "sdg-goals": _P + """SELECT ?node ?code ?field ?text WHERE {
  ?node a wsis:SDGGoal ; skos:notation ?code .
  { ?node skos:prefLabel ?text BIND("title" AS ?field) } UNION { ?node skos:altLabel ?text BIND("name" AS ?field) }
  UNION { ?target wsis:goal ?node ; a wsis:SDGTarget ; skos:prefLabel ?text BIND("target" AS ?field) }
}""",
    "sdg-targets": _P + """SELECT ?node ?code ?field ?text WHERE {
  ?node a wsis:SDGTarget ; skos:notation ?code .
  { ?node skos:prefLabel ?text BIND("title" AS ?field) }
  UNION { ?listing wsis:target ?node ; dct:title ?text BIND("indicator" AS ?field) }
  UNION { ?node wsis:goal ?goal . ?goal skos:prefLabel ?text BIND("goal" AS ?field) }
}""",
    "action-lines": _P + """SELECT ?node ?code ?field ?text WHERE {
  ?node a wsis:ActionLine ; skos:notation ?code .
  { ?node skos:prefLabel ?text BIND("name" AS ?field) } UNION { ?node wsis:nameInGenevaPlan ?text BIND("geneva" AS ?field) }
  UNION { ?node skos:definition ?text BIND("description" AS ?field) } UNION { ?node wsis:officialText ?text BIND("official" AS ?field) }
}""",
    "gdc": _P + """SELECT ?node ?code ?field ?text WHERE {
  VALUES ?class { wsis:GDCParagraph wsis:GDCCommitment wsis:GDCPrinciple }
  ?node a ?class ; skos:notation ?code .
  { ?node wsis:officialText ?text BIND("official" AS ?field) } UNION { ?node dct:description ?text BIND("summary" AS ?field) }
  UNION { ?node skos:definition ?text BIND("summary" AS ?field) }
  UNION { ?node a wsis:GDCPrinciple ; skos:prefLabel ?text BIND("name" AS ?field) }
  UNION { ?node wsis:section ?section . ?section skos:prefLabel ?text BIND("section" AS ?field) }
  UNION { ?node wsis:objective ?objective . ?objective skos:prefLabel ?text BIND("objective" AS ?field) }
}""",
    "rights": _P + """SELECT ?node ?code ?field ?text WHERE {
  ?node a wsis:Provision ; skos:notation ?code .
  { ?node skos:prefLabel ?text BIND("name" AS ?field) } UNION { ?node wsis:digitalRelevance ?text BIND("relevance" AS ?field) }
  UNION { ?node wsis:instrument ?instrument . ?instrument skos:prefLabel ?text BIND("instrument" AS ?field) }
}""",
    "entities": _P + """SELECT ?node ?code ?field ?text WHERE {
  VALUES ?class { wsis:Entity wsis:Process }
  ?node a ?class ; skos:notation ?code .
  { ?node skos:prefLabel ?text BIND("name" AS ?field) } UNION { ?node skos:altLabel ?text BIND("acronym" AS ?field) }
  UNION { ?node skos:notation ?text BIND("acronym" AS ?field) } UNION { ?node dct:description ?text BIND("description" AS ?field) }
}""",
    "submission": _P + """SELECT ?node ?code ?field ?text WHERE {
  VALUES ?class { wsis:Recommendation wsis:EmergingTrend }
  ?node a ?class ; skos:notation ?code .
  { ?node skos:prefLabel ?text BIND("name" AS ?field) } UNION { ?node skos:definition ?text BIND("summary" AS ?field) }
}""",
    "paragraphs": _P + """SELECT ?node ?code ?field ?text WHERE {
  ?node a wsis:Paragraph ; wsis:text ?text ; dct:identifier ?ref ; dct:isPartOf+ ?document .
  ?document a wsis:Document ; dct:identifier ?key .
  FILTER NOT EXISTS { ?node dct:isVersionOf ?earlier }
  BIND(CONCAT(STR(?key), ":", STR(?ref)) AS ?code) BIND("text" AS ?field)
}""",
}

#: Every link between two nodes (any predicate to an IRI but rdf:type), for the linked pairs and the
#: structural signals.
LINKS = _P + """SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && isIRI(?s) && ?p != rdf:type) }"""

#: The code of every node that has one, for the paths.
CODES = _P + """SELECT DISTINCT ?s ?code WHERE { ?s skos:notation ?code }"""

_GENERIC_NAME = re.compile(r"^GDC paragraph\b", re.I)


@dataclass
class Item:
    """One node of a kind, and its texts: ``texts[language]`` is a list of ``(field, text)``."""

    kind: str
    code: str
    iri: str
    label: str = ""
    texts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def fields(self, language: str) -> list[tuple[str, float]]:
        """The texts in ``language`` with their weights, for the lexical model."""
        weights = WEIGHTS[self.kind]
        return [(text, weights.get(name, 1.0)) for name, text in self.texts.get(language, [])]

    def text(self, language: str = "en") -> str:
        """The main words of the item (its heaviest fields), for a reader."""
        pieces = self.texts.get(language) or next(iter(self.texts.values()), [])
        weights = WEIGHTS[self.kind]
        return " / ".join(text for name, text in pieces if weights.get(name, 1.0) >= 1.0)

    def to_json(self) -> dict:
        return {"kind": self.kind, "code": self.code, "iri": self.iri, "label": self.label}


@dataclass
class Index:
    """The items of each kind, and the links between nodes, of the graphs read."""

    items: dict[str, list[Item]]
    links: list[tuple[str, str, str]]
    graphs: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)
    #: What the matcher computed from this index and may use again (fitted models).
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def of(self, kind: str) -> list[Item]:
        return self.items.get(kind, [])

    def find(self, kind: str, code: str) -> Item | None:
        """The item of ``kind`` with this code (case-insensitive), or None."""
        wanted = code.strip().lower()
        return next((item for item in self.of(kind) if item.code.lower() == wanted), None)

    def by_iri(self) -> dict[str, Item]:
        return {item.iri: item for items in self.items.values() for item in items}

    @property
    def size(self) -> int:
        return sum(len(items) for items in self.items.values())


def _language(literal) -> str:
    tag = getattr(literal, "language", None)
    return (tag or "en").split("-")[0].lower()


def _label(kind: str, texts: dict[str, list[tuple[str, str]]]) -> str:
    english = texts.get("en", [])
    preferred = {"sdg-goals": ("name", "title"), "sdg-targets": ("title",), "action-lines": ("name",),
                 "gdc": ("name", "official", "summary"), "rights": ("name",), "entities": ("name",),
                 "submission": ("name", "summary"), "paragraphs": ("text",)}[kind]
    for wanted in preferred:
        for name, text in english:
            if name == wanted:
                return text if len(text) <= 90 else text[:89].rsplit(" ", 1)[0] + "…"
    return ""


def included_graphs(store: Store, exclude: Iterable[str] = ()) -> tuple[list[URIRef], tuple[str, ...]]:
    """The graphs read (every graph of the store but those excluded) and the excluded ones present.

    The review queue (candidate sets) and the review log are never read: their candidates would join
    the two ends of every pair suggested before, a path that adds to the structural score. Nor are the
    ontology and the shapes (vocabulary graphs): their terms are not items to match.
    """
    left_out = {str(g) for g in exclude}
    graphs = store.graphs()
    review = {
        str(g)
        for description in graphs if str(description).endswith("/graph/description")
        for kind in (WSIS.CandidateSet, WSIS.ReviewLog, WSIS.VocabularyGraph)
        for g in graphs_of_kind(store, kind, description)
    }
    return ([g for g in graphs if str(g) not in left_out and str(g) not in review],
            tuple(sorted(str(g) for g in graphs if str(g) in left_out)))


def read_index(store: Store, exclude: Iterable[str] = (), kinds: Iterable[str] = KINDS) -> Index:
    """Read the items of ``kinds`` and every link from the graphs of ``store`` but ``exclude``."""
    graphs, excluded = included_graphs(store, exclude)
    items: dict[str, list[Item]] = {}
    if not graphs:
        return Index({kind: [] for kind in kinds}, [], (), excluded)
    for kind in kinds:
        found: dict[str, Item] = {}
        for node, code, name, text in store.query(QUERIES[kind], default_graphs=graphs).rows:
            if text is None or not str(text).strip():
                continue
            item = found.setdefault(str(node), Item(kind, str(code), str(node)))
            if kind == "gdc" and name is not None and str(name) == "name" and _GENERIC_NAME.match(str(text)):
                continue
            entry = (str(name), " ".join(str(text).split()))
            bucket = item.texts.setdefault(_language(text), [])
            if entry not in bucket:
                bucket.append(entry)
        if kind == "sdg-targets":
            _add_topics(found.values())
        for item in found.values():
            item.label = _label(kind, item.texts) or item.code
        items[kind] = sorted(found.values(), key=lambda i: _sort_key(i.code))
    links = sorted({(str(s), str(p), str(o)) for s, p, o in store.query(LINKS, default_graphs=graphs).rows})
    codes = {str(s): str(code) for s, code in store.query(CODES, default_graphs=graphs).rows}
    codes.update({item.iri: item.code for found in items.values() for item in found})
    return Index(items, links, tuple(str(g) for g in graphs), excluded, codes)


def _add_topics(targets) -> None:
    """The everyday terms of the curated topic lexicon (``data/thesaurus/sdg_topics.csv``) as a field of each target."""
    import csv

    from wsis_graph.paths import thesaurus_dir

    terms: dict[str, list[str]] = {}
    with open(thesaurus_dir() / "sdg_topics.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            terms.setdefault(row["target"], []).append(row["term"])
    for item in targets:
        if item.code in terms:
            item.texts.setdefault("en", []).append(("topics", " ; ".join(terms[item.code])))


def _sort_key(code: str) -> tuple:
    """Codes in their natural order: ``9.2`` before ``9.10``, ``C2`` before ``C10``.

    >>> sorted(["9.10", "C10", "9.2", "C2", "9.a"], key=_sort_key)
    ['9.2', '9.10', '9.a', 'C2', 'C10']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", code) if p)


_CACHE: "OrderedDict[tuple, Index]" = OrderedDict()
_LOCK = threading.Lock()


def cached_index(store: Store, exclude: Iterable[str] = ()) -> Index:
    """:func:`read_index` of every kind, kept while the store's data version stays the same."""
    revision = store.revision
    key = (store.url, revision, tuple(sorted(str(g) for g in exclude)))
    if revision is not None:
        with _LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key]
    index = read_index(store, exclude)
    if revision is not None:
        with _LOCK:
            _CACHE[key] = index
            while len(_CACHE) > 4:
                _CACHE.popitem(last=False)
    return index


__all__ = ["KINDS", "Index", "Item", "WEIGHTS", "cached_index", "included_graphs", "read_index"]
