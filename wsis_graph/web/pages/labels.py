"""How things are named on the pages: vocabulary labels, the six UN languages, picking a label.

* :func:`vocab_label` and :func:`vocab_definition`: short English names of classes, properties and
  marks (the wsis terms from the ontology file, a table for the vocabularies we reuse).
* :func:`confidence_marks` and :func:`confidence_slug`: the ontology's confidence marks, which the
  pages show as badges.
* :data:`LANGUAGES`, :func:`normalise_language`, :func:`is_rtl`: the languages labels come in.
* :class:`Labels` and :func:`pick_label`: the names of many nodes, and the best one per language.
* :func:`natural_key`: codes in reading order (``C2`` before ``C10``).

Plain data only: no flask, no store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID
from rdflib.term import Node

from wsis_graph import paths
from wsis_graph.namespaces import WSIS

#: The six official languages of the UN, as the SDG labels tag them, with their own names.
LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "zh-Hans": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"})

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label)
#: The properties that name a thing, in the order a search prefers them.
NAME_PROPERTIES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.notation)


# -- vocabulary labels ---------------------------------------------------------------------------------

#: Labels for the terms of vocabularies we reuse (the wsis terms come from the ontology file).
_BUILTIN_LABELS: dict[URIRef, str] = {
    RDF.type: "type",
    RDFS.label: "label",
    RDFS.comment: "comment",
    RDFS.seeAlso: "see also",
    RDFS.isDefinedBy: "is defined by",
    SKOS.prefLabel: "preferred label",
    SKOS.altLabel: "alternative label",
    SKOS.notation: "notation",
    SKOS.definition: "definition",
    SKOS.note: "note",
    SKOS.scopeNote: "scope note",
    SKOS.broader: "broader",
    SKOS.narrower: "narrower",
    SKOS.related: "related",
    SKOS.inScheme: "in scheme",
    SKOS.topConceptOf: "top concept of",
    SKOS.hasTopConcept: "has top concept",
    SKOS.member: "member",
    SKOS.closeMatch: "close match",
    SKOS.exactMatch: "exact match",
    SKOS.Concept: "Concept",
    SKOS.ConceptScheme: "Concept Scheme",
    SKOS.Collection: "Collection",
    DCTERMS.title: "title",
    DCTERMS.description: "description",
    DCTERMS.source: "source",
    DCTERMS.bibliographicCitation: "citation",
    DCTERMS.publisher: "publisher",
    DCTERMS.identifier: "identifier",
    DCTERMS.isPartOf: "is part of",
    DCTERMS.hasPart: "has part",
    DCTERMS.date: "date",
    DCTERMS.issued: "issued",
    DCTERMS.modified: "modified",
    DCTERMS.created: "created",
    DCTERMS.license: "licence",
    DCTERMS.rights: "rights",
    DCTERMS.conformsTo: "conforms to",
    DCTERMS.relation: "relation",
    DCTERMS.creator: "creator",
    ORG.role: "role",
    ORG.Organization: "Organization",
    PROV.wasAttributedTo: "attributed to",
    PROV.wasDerivedFrom: "derived from",
    PROV.Entity: "Entity (PROV)",
    VOID.subset: "subset",
    VOID.triples: "triples",
    VOID.vocabulary: "vocabulary",
    VOID.Dataset: "Dataset (VoID)",
    DCAT.Dataset: "Dataset (DCAT)",
    OWL.versionInfo: "version",
    OWL.sameAs: "same as",
    FOAF.Document: "Document (FOAF)",
}


@lru_cache(maxsize=1)
def vocabulary() -> Graph:
    """The project ontology, read once: labels and definitions of classes, properties and marks."""
    graph = Graph()
    graph.parse(paths.ontology_file(), format="turtle")
    return graph


def _english(values: Iterable[Node]) -> str | None:
    found = [v for v in values if isinstance(v, Literal)]
    for value in found:
        if value.language and value.language.lower().startswith("en"):
            return str(value)
    return str(found[0]) if found else None


def local_name(iri: str) -> str:
    """The last segment of an IRI (after the last ``/`` or ``#``).

    >>> local_name("https://w3id.org/wsis-graph/ontology#ActionLine")
    'ActionLine'
    """
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return tail or iri


@lru_cache(maxsize=4096)
def vocab_label(iri: URIRef) -> str:
    """A short English name for a class, property or scheme concept of a vocabulary."""
    if iri in _BUILTIN_LABELS:
        return _BUILTIN_LABELS[iri]
    label = _english(vocabulary().objects(iri, RDFS.label))
    if label:
        return label
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local_name(str(iri)))
    return words.replace("-", " ").replace("_", " ")


@lru_cache(maxsize=4096)
def vocab_definition(iri: URIRef) -> str | None:
    """The English definition of a term of the ontology, or None."""
    return _english(vocabulary().objects(iri, SKOS.definition))


def is_vocabulary_term(iri: Node) -> bool:
    """Whether ``iri`` is a term of the ontology or of a vocabulary we name."""
    return isinstance(iri, URIRef) and (iri in _BUILTIN_LABELS or (iri, None, None) in vocabulary())


@lru_cache(maxsize=1)
def confidence_marks() -> list[tuple[URIRef, str, str, str]]:
    """Every confidence mark of the ontology, strongest first: (IRI, notation, label, definition)."""
    g = vocabulary()
    marks = []
    for mark in g.subjects(RDF.type, WSIS.ConfidenceMark):
        rank = g.value(mark, WSIS.rank)
        notation = g.value(mark, SKOS.notation)
        marks.append((int(rank) if rank is not None else 99, mark, str(notation or local_name(mark))))
    return [(m, n, vocab_label(m), vocab_definition(m) or "") for _, m, n in sorted(marks)]


def confidence_slug(mark: Node) -> str | None:
    """The notation of a confidence mark (``verified``, ``single-source`` …), or None if it is not one."""
    for iri, notation, _, _ in confidence_marks():
        if iri == mark:
            return notation
    return None


# -- languages and labels -------------------------------------------------------------------------------


def primary(tag: str | None) -> str:
    """The primary subtag of a language tag, in lower case (``zh-Hans`` → ``zh``)."""
    return (tag or "").split("-")[0].lower()


def is_rtl(tag: str | None) -> bool:
    """Whether text in the language ``tag`` is written right to left."""
    return primary(tag) in RTL_LANGUAGES


def normalise_language(tag: str | None) -> str | None:
    """One of the six UN language tags for a requested tag (``zh`` → ``zh-Hans``), or None."""
    if not tag:
        return None
    tag = tag.strip()
    for known in LANGUAGES:
        if known.lower() == tag.lower():
            return known
    for known in LANGUAGES:
        if primary(known) == primary(tag):
            return known
    return None


class Labels:
    """The names of many nodes, from which one is picked per language."""

    def __init__(self) -> None:
        self._names: dict[Node, list[tuple[URIRef, Literal]]] = defaultdict(list)
        self._types: dict[Node, set[URIRef]] = defaultdict(set)

    def add(self, node: Node, prop: Node, value: Node) -> None:
        """Record one statement about ``node``: a type, or a literal name (others are ignored)."""
        if prop == RDF.type and isinstance(value, URIRef):
            self._types[node].add(value)
        elif isinstance(value, Literal) and (prop, value) not in self._names[node]:
            self._names[node].append((prop, value))

    def known(self, node: Node) -> bool:
        """Whether ``node`` has a name or a type here."""
        return bool(self._names.get(node) or self._types.get(node))

    def notation(self, node: Node) -> str | None:
        """The code of ``node`` (its ``skos:notation``), or None."""
        for prop, value in self._names.get(node, ()):
            if prop == SKOS.notation:
                return str(value)
        return None

    def pick(self, node: Node, lang: str) -> Literal | None:
        """The best label of ``node`` for ``lang``: preferred then plain label, in the language, else in
        English, else untagged, else any; the notation when there is no label at all."""
        return pick_label(self._names.get(node, ()), lang)


def pick_label(names: Iterable[tuple[URIRef, Literal]], lang: str) -> Literal | None:
    """The best label among ``names`` (property, value) for ``lang``; see :meth:`Labels.pick`."""
    names = list(names)
    labels = [(p, v) for p, v in names if p in LABEL_PROPERTIES]

    def first(match) -> Literal | None:
        for prop in LABEL_PROPERTIES:
            hits = sorted((str(v.language or ""), str(v)) for p, v in labels if p == prop and match(v.language))
            if hits:
                for p, v in labels:
                    if p == prop and (str(v.language or ""), str(v)) == hits[0]:
                        return v
        return None

    wanted = (lang or "en").lower()
    return (
        first(lambda tag: (tag or "").lower() == wanted)
        or first(lambda tag: tag is not None and primary(tag) == primary(wanted))
        or first(lambda tag: primary(tag) == "en")
        or first(lambda tag: not tag)
        or first(lambda tag: True)
        or next((v for p, v in names if p == SKOS.notation), None)
    )


def pick_text(values: Iterable[Literal], lang: str) -> Literal | None:
    """The value of a text property in the language, else English, else untagged, else any."""
    return pick_label(((RDFS.label, v) for v in values if isinstance(v, Literal)), lang)


# -- codes ---------------------------------------------------------------------------------------------


def natural_key(text: str) -> tuple:
    """Sort ``C2`` before ``C10`` and ``9.2`` before ``9.10``; letters after numbers (``9.a``).

    >>> sorted(["C10", "9.a", "C2", "9.10", "9.2"], key=natural_key)
    ['9.2', '9.10', '9.a', 'C2', 'C10']
    """
    parts = re.split(r"(\d+)", text)
    key: list[tuple[int, int | str]] = []
    for part in parts:
        if not part:
            continue
        key.append((0, int(part)) if part.isdigit() else (1, part.lower()))
    return tuple(key)
