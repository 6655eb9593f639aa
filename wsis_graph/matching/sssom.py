"""Mappings as SSSOM/TSV (the Simple Standard for Sharing Ontological Mappings): the curated links of
the graph (:func:`curated_mappings`), and any other list of :class:`Mapping`, such as the matcher's
suggestions (:func:`write_sssom`).

A :class:`Mapping` is one row of the table. Its entity references (subject, object, author, mapping
source, match fields) may be IRIs or CURIEs; the writer turns each into a CURIE of the ``curie_map``
that heads the file (``#``-prefixed YAML): ``wsisid:`` for every IRI minted from the base
(``wsisid:action-line/C2``), ``sdg:`` for the UN SDG IRIs (``sdg:9.c``), ``wikidata:``, and the
vocabularies ``skos:``, ``semapv:`` and ``wsis:`` (the ontology, in the categories). Propagatable slots
that every row shares (the tool and its version, a date) are written once in that block.

**What the curated export holds.** Every qualified link (``wsis:Alignment``) of the curated source
graphs: the WSIS–SDG Matrix, the GDC's own references, the published GDC–WSIS links, the rights
links and the seed submission's links. The graphs users add are left out: proposal sets (not
reviewed), practice-record sets (records, not links between concepts) and imported official texts.

**Facilitation is left out.** A ``wsis:Facilitation`` says that an organisation holds a role for an
Action Line during a period: it relates an agent to the work it facilitates, not two concepts that
mean something alike, and no SKOS mapping predicate says "is facilitated by". It stays in the
dataset exports (N-Quads, TriG), where its role and period are kept.

**Predicates.** Every curated relation becomes ``skos:relatedMatch``, never ``skos:exactMatch`` or
``skos:closeMatch``: an Action Line and an SDG goal or target are different things. For
``wsis:contributesTo`` (Action Line → SDG goal or target) ``skos:broadMatch`` would say that the goal
is a broader concept of which the Action Line is a narrower one (that C2 infrastructure is a kind
of SDG 9); the WSIS–SDG Matrix says that the Action Line serves the goal, an associative link, even
where the object is a whole goal. ``wsis:linkedTo``, ``wsis:groundedIn`` and ``wsis:concerns`` are
associative as well. A relation this module does not know also becomes ``skos:relatedMatch``, the
weakest mapping claim; the relation itself is always named in ``comment`` and ``other``.

**Justification and author.** A curated link is ``semapv:ManualMappingCuration``: a person read
the source and wrote the row; one whose method is text mining is ``semapv:LexicalMatching``
(:data:`METHOD_JUSTIFICATION`). ``author_id`` is the asserting body where the graph names one
(``prov:wasAttributedTo``: the WSIS–SDG Matrix process, ITU, UN DESA …); otherwise ``author_label``
is the publisher the graph records for the link, or for its source graph.

**Confidence.** The graph's confidence marks are ordinal; each becomes ``1 − rank/10``, its rank in
the ontology's confidence scheme (:data:`MARK_CONFIDENCE`): verified 0.9, single-source 0.8,
reviewed 0.7, draft-only 0.6, unknown-paragraph 0.5, inferred 0.4, dataset-anomaly 0.3, unknown 0.2. It orders the
links, it is no calibrated probability; the mark itself is kept in ``comment`` and in ``other``
(``wsis_confidence=single-source``). A link without a mark has no confidence.

**The other slots.** ``comment``: the relation, method, mark, locators, basis, rationale and notes;
``see_also``: the link's own IRI (its page), then its source documents; ``mapping_date``: the source's
date where it is a calendar date; ``mapping_source``: the named graph; ``subject_category`` and
``object_category``: the class (``wsis:ActionLine``); ``mapping_tool``: wsis-graph and its version.

>>> rows = [Mapping("https://w3id.org/wsis-graph/id/action-line/C2", "skos:relatedMatch",
...                 "http://metadata.un.org/sdg/9.c", "semapv:LexicalMatching", confidence=0.42,
...                 match_string=("broadband",), comment="matched: broadband")]
>>> text = sssom_text(rows, mapping_set_id="https://example.org/set", license=LICENSE,
...                   base="https://w3id.org/wsis-graph/id/")
>>> print(text.splitlines()[-1].replace("\\t", " | "))
wsisid:action-line/C2 | skos:relatedMatch | sdg:9.c | semapv:LexicalMatching | 0.42 | broadband | matched: broadband
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from wsis_graph import __version__
from wsis_graph.files import write_atomically
from wsis_graph.graph_kinds import USER_KINDS, VOCABULARY_KIND, graphs_of_kind
from wsis_graph.namespaces import PREFIXES, WSIS, WSIS_NS, sparql_prologue
from wsis_graph.store import Store
from wsis_graph.uris import Minter

#: The tool named in ``mapping_tool``.
TOOL = "wsis-graph"
#: The licence of the curated export: the project's own data and texts are under CC BY 4.0.
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: The prefix of every IRI minted from the base.
BASE_PREFIX = "wsisid"
SEMAPV = "https://w3id.org/semapv/vocab/"

#: ``dcat:version`` (rdflib's closed DCAT namespace lacks it).
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")

#: The SKOS mapping predicates a :class:`Mapping` may use.
MAPPING_PREDICATES = frozenset(f"skos:{p}" for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"))
#: The justifications SSSOM allows (the semapv terms of its schema).
JUSTIFICATIONS = frozenset(
    f"semapv:{name}"
    for name in (
        "ManualMappingCuration", "MappingReview", "LogicalReasoning", "LexicalMatching", "CompositeMatching",
        "UnspecifiedMatching", "SemanticSimilarityThresholdMatching", "LexicalSimilarityThresholdMatching",
        "MappingChaining", "MappingInversion", "StructuralMatching", "InstanceBasedMatching",
        "BackgroundKnowledgeBasedMatching",
    )
)
CURATED = "semapv:ManualMappingCuration"
#: The justification of a curated link whose method says it was not read by a person: a text-mined
#: link was found by matching words. Every other method (official text, published mapping, the
#: compiler's inference) is a person's curation.
METHOD_JUSTIFICATION = {WSIS.TextMined: "semapv:LexicalMatching"}

#: Each confidence mark of the graph: its notation and its number, ``1 − rank/10``.
MARK_CONFIDENCE: dict[URIRef, tuple[str, float]] = {
    mark: (notation, round(1 - rank / 10, 1))
    for rank, (mark, notation) in enumerate(
        [
            (WSIS.Verified, "verified"),
            (WSIS.SingleSource, "single-source"),
            (WSIS.Reviewed, "reviewed"),
            (WSIS.DraftOnly, "draft-only"),
            (WSIS.UnknownParagraph, "unknown-paragraph"),
            (WSIS.Inferred, "inferred"),
            (WSIS.DatasetAnomaly, "dataset-anomaly"),
            (WSIS.Unknown, "unknown"),
        ],
        start=1,
    )
}

#: The mapping predicate of each curated relation (see the module's docstring).
RELATION_PREDICATES: dict[URIRef, str] = {
    WSIS.contributesTo: "skos:relatedMatch",
    WSIS.linkedTo: "skos:relatedMatch",
    WSIS.groundedIn: "skos:relatedMatch",
    WSIS.concerns: "skos:relatedMatch",
}
DEFAULT_PREDICATE = "skos:relatedMatch"

#: The columns of the table, in the order of the SSSOM schema's mapping slots.
COLUMNS = (
    "subject_id", "subject_label", "subject_category", "predicate_id", "predicate_modifier", "object_id",
    "object_label", "object_category", "mapping_justification", "author_id", "author_label", "mapping_source",
    "mapping_tool", "mapping_tool_version", "mapping_date", "confidence", "subject_match_field",
    "object_match_field", "match_string", "similarity_score", "similarity_measure", "see_also", "other", "comment",
)
REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")
#: Slots that hold entity references, written as CURIEs.
REFERENCES = frozenset({"subject_id", "predicate_id", "object_id", "mapping_justification", "author_id",
                        "mapping_source", "subject_match_field", "object_match_field"})
#: Propagatable slots written once in the metadata when every row has the same value.
CONDENSED = ("mapping_tool", "mapping_tool_version", "mapping_date", "similarity_measure")


@dataclass(frozen=True)
class Mapping:
    """One SSSOM mapping: ``subject predicate object``, how it was justified, by whom, how sure.

    Entity references (``subject_id``, ``object_id``, ``author_id``, ``mapping_source``, the match
    fields) are IRIs or CURIEs; ``predicate_id`` is a SKOS mapping predicate and
    ``mapping_justification`` a semapv term, both as CURIEs. Tuples are SSSOM's multivalued slots.

    Raises:
        ValueError: a predicate or justification SSSOM does not allow, a confidence or similarity
            outside 0–1, a predicate modifier other than ``Not``, a date that is not YYYY-MM-DD.
    """

    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject_label: str = ""
    object_label: str = ""
    subject_category: str = ""
    object_category: str = ""
    predicate_modifier: str = ""
    confidence: float | None = None
    author_id: tuple[str, ...] = ()
    author_label: tuple[str, ...] = ()
    mapping_source: str = ""
    mapping_tool: str = TOOL
    mapping_tool_version: str = __version__
    mapping_date: str = ""
    subject_match_field: tuple[str, ...] = ()
    object_match_field: tuple[str, ...] = ()
    match_string: tuple[str, ...] = ()
    similarity_score: float | None = None
    similarity_measure: str = ""
    see_also: tuple[str, ...] = ()
    other: str = ""
    comment: str = ""

    def __post_init__(self) -> None:
        if self.predicate_id not in MAPPING_PREDICATES:
            raise ValueError(f"predicate {self.predicate_id!r} is not one of {', '.join(sorted(MAPPING_PREDICATES))}")
        if self.mapping_justification not in JUSTIFICATIONS:
            raise ValueError(f"justification {self.mapping_justification!r} is not a semapv term SSSOM allows")
        if self.mapping_date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.mapping_date):
            raise ValueError(f"mapping date {self.mapping_date!r} is not an ISO date (YYYY-MM-DD)")
        if self.predicate_modifier not in ("", "Not"):
            raise ValueError(f"predicate modifier {self.predicate_modifier!r} is not 'Not'")
        for name in ("confidence", "similarity_score"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ValueError(f"{name} {value!r} is outside 0–1")

    def cell(self, column: str) -> str | list[str]:
        """The value of a column: a string, or a list for a multivalued slot."""
        value = getattr(self, column)
        if isinstance(value, (tuple, list)):
            return list(value)
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.4g}"
        return str(value)


# -- Writing -------------------------------------------------------------------------------------------


class Curies:
    """Compresses IRIs into CURIEs with a prefix map, and remembers the prefixes it used."""

    def __init__(self, prefixes: MappingOf[str, str]) -> None:
        self.prefixes = dict(prefixes)
        self._longest_first = sorted(self.prefixes.items(), key=lambda item: -len(item[1]))
        self.used: set[str] = set()

    def __call__(self, value: str) -> str:
        """The CURIE of an IRI, or a CURIE whose prefix is known, as it is.

        Raises:
            ValueError: no prefix of the map covers the IRI, or the CURIE's prefix is unknown.
        """
        value = str(value)
        if "://" in value:
            for prefix, namespace in self._longest_first:
                if value.startswith(namespace) and len(value) > len(namespace):
                    self.used.add(prefix)
                    return f"{prefix}:{value[len(namespace):].replace('|', '%7C')}"
            raise ValueError(f"no prefix of the curie_map covers {value!r}; pass one in prefixes=")
        prefix = value.split(":", 1)[0]
        if ":" not in value or prefix not in self.prefixes:
            raise ValueError(f"{value!r} is neither an IRI nor a CURIE with a known prefix")
        self.used.add(prefix)
        return value


def default_prefixes(base: str) -> dict[str, str]:
    """The prefixes the writer knows: the base as ``wsisid:``, the project's own, SSSOM's."""
    known = {("wikidata" if p == "wd" else p): ns for p, ns in PREFIXES.items()}
    return {BASE_PREFIX: base, **known, "semapv": SEMAPV}


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _yaml(metadata: MappingOf[str, object]) -> list[str]:
    """The metadata as YAML lines (every string quoted as JSON, which YAML reads)."""
    lines = []
    for key, value in metadata.items():
        if isinstance(value, dict):
            lines += [f"{key}:", *(f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())]
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return lines


def sssom_text(
    mappings: Sequence[Mapping],
    *,
    mapping_set_id: str,
    license: str,
    title: str = "",
    description: str = "",
    version: str = "",
    creator_label: str = "",
    comment: str = "",
    base: str | None = None,
    prefixes: MappingOf[str, str] | None = None,
) -> str:
    """The SSSOM/TSV text of ``mappings``: the ``#`` metadata block, the header, one row each.

    Args:
        mapping_set_id: the set's IRI. license: the IRI of the data licence.
        title, description, version, creator_label, comment: the set's ``mapping_set_title`` …
        base: the IRI base of the minted IRIs (``wsisid:``); defaults to the configured one.
        prefixes: more prefixes for IRIs the defaults do not cover.

    Raises:
        ValueError: an entity reference that no prefix covers.
    """
    curies = Curies({**default_prefixes(Minter(base).base), **(prefixes or {})})
    condensed = {}
    for slot in CONDENSED:
        values = {m.cell(slot) for m in mappings}
        if len(values) == 1 and "" not in values:
            condensed[slot] = values.pop()
    columns = [c for c in COLUMNS if c in REQUIRED or (c not in condensed and any(m.cell(c) for m in mappings))]
    rows = []
    for mapping in mappings:
        row = []
        for column in columns:
            value = mapping.cell(column)
            values = value if isinstance(value, list) else [value] if value else []
            if column in REFERENCES:
                values = [curies(v) for v in values]
            elif column == "see_also":
                values = [v.strip().replace("|", "%7C") for v in values]
            elif isinstance(value, list):  # the pipe separates the values of a multivalued slot
                values = [_clean(v).replace("|", "/") for v in values]
            else:
                values = [_clean(v) for v in values]
            row.append("|".join(values))
        rows.append(row)
    for mapping in mappings:
        for category in (mapping.subject_category, mapping.object_category):
            if ":" in category and category.split(":", 1)[0] in curies.prefixes:
                curies.used.add(category.split(":", 1)[0])
    used = sorted(curies.used | {"skos", "semapv"})
    metadata: dict[str, object] = {"curie_map": {p: curies.prefixes[p] for p in used}, "mapping_set_id": mapping_set_id}
    optional = {"mapping_set_version": version, "mapping_set_title": title, "mapping_set_description": description}
    metadata.update({k: _clean(v) for k, v in optional.items() if v})
    metadata["license"] = license
    if creator_label:
        metadata["creator_label"] = [_clean(creator_label)]
    metadata.update(condensed)
    if comment:
        metadata["comment"] = _clean(comment)
    out = io.StringIO()
    for line in _yaml(metadata):
        out.write(f"#{line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def write_sssom(mappings: Sequence[Mapping], out: Path, **metadata) -> int:
    """Write :func:`sssom_text` to ``out`` atomically: a temporary file beside it, renamed into place,
    so that a failure leaves nothing half-written. Takes the keyword arguments of :func:`sssom_text`.

    Returns:
        The number of mappings written.

    Raises:
        OSError: the file cannot be written. ValueError: as :func:`sssom_text`.
    """
    text = sssom_text(mappings, **metadata)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, text)
    return len(mappings)


# -- The curated links -----------------------------------------------------------------------------------

_ALIGNMENTS = sparql_prologue() + "SELECT ?g ?a ?p ?o WHERE { GRAPH ?g { ?a a wsis:Alignment ; ?p ?o } }"
# Every label and type of the store (some thousands of rows), filtered here: a VALUES list of the nodes
# makes rdflib's engine (the memory store) a hundred times slower.
_NAMES = sparql_prologue() + "SELECT ?s ?p ?o WHERE { VALUES ?p { skos:prefLabel rdfs:label rdf:type } GRAPH ?g { ?s ?p ?o } }"
_DESCRIPTION = sparql_prologue() + "SELECT ?d ?s ?p ?o WHERE { GRAPH ?d { ?s ?p ?o } VALUES ?p { dct:publisher dcat:version } }"


def minter_of(store: Store, mint: Minter) -> Minter:
    """``mint``, or the minter of the base the store was built with when its description graph is
    not under ``mint``'s base (a store built with another ``--base``)."""
    graphs = store.graphs()
    if mint.graph("description") in graphs:
        return mint
    found = sorted(str(g) for g in graphs if str(g).endswith("/graph/description"))
    return Minter(found[0][: -len("graph/description")]) if len(found) == 1 else mint


def curated_graphs(store: Store, mint: Minter) -> list[URIRef]:
    """The curated source graphs: every named graph but the description, the vocabulary (ontology, shapes) and those
    users add (proposals, practice records, imported texts and what their import reconciled,
    :data:`~wsis_graph.graph_kinds.USER_KINDS`)."""
    description = mint.graph("description")
    added = {g for kind in (*USER_KINDS, VOCABULARY_KIND) for g in graphs_of_kind(store, kind, description)}
    return sorted(g for g in store.graphs() if g not in added and g != description)


def curated_mappings(store: Store, mint: Minter) -> list[Mapping]:
    """Every curated link of the graph (each ``wsis:Alignment`` of a curated graph) as a mapping,
    sorted by source graph, subject and object. See the module's docstring for the choices."""
    mint = minter_of(store, mint)
    curated = set(curated_graphs(store, mint))
    links: dict[tuple[URIRef, URIRef], dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
    for g, a, p, o in store.query(_ALIGNMENTS).rows:
        if g in curated:
            links[(g, a)][p].append(o)
    nodes = {o for props in links.values() for p in (WSIS.alignmentSubject, WSIS.alignmentObject, PROV.wasAttributedTo) for o in props.get(p, [])}
    names = _names(store, nodes)
    described = defaultdict(dict)
    for _, s, p, o in store.query(_DESCRIPTION, {"d": mint.graph("description")}).rows:
        described[s][p] = o
    mappings = [_mapping(g, a, props, names, described.get(g, {})) for (g, a), props in links.items()]
    return sorted(mappings, key=lambda m: (m.mapping_source, m.subject_id, m.object_id, m.see_also))


def dataset_version(store: Store, mint: Minter) -> str:
    """The dataset's version (``dcat:version`` of the description graph), or ''."""
    mint = minter_of(store, mint)
    rows = store.query(_DESCRIPTION, {"d": mint.graph("description")}).rows
    return next((str(o) for _, s, p, o in rows if s == mint.dataset() and p == DCAT_VERSION), "")


def _names(store: Store, nodes: Iterable[URIRef]) -> dict[URIRef, dict[URIRef, list]]:
    wanted = set(nodes)
    found: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in store.query(_NAMES).rows:
        if s in wanted:
            found[s][p].append(o)
    return found


def _label(props: MappingOf[URIRef, list]) -> str:
    """The English preferred label, else the English ``rdfs:label``, else any label."""
    for p in (SKOS.prefLabel, RDFS.label):
        english = sorted(str(o) for o in props.get(p, []) if isinstance(o, Literal) and o.language == "en")
        if english:
            return english[0]
    anything = sorted(str(o) for p in (SKOS.prefLabel, RDFS.label) for o in props.get(p, []))
    return anything[0] if anything else ""


def _category(props: MappingOf[URIRef, list]) -> str:
    """The node's class in the ontology, as a ``wsis:`` CURIE (the first in order where it has several)."""
    classes = sorted(str(t)[len(WSIS_NS):] for t in props.get(RDF.type, []) if str(t).startswith(WSIS_NS))
    return f"wsis:{classes[0]}" if classes else ""


def _curie_of(term: URIRef) -> str:
    """``wsis:contributesTo`` for an ontology term, the IRI for anything else."""
    return f"wsis:{str(term)[len(WSIS_NS):]}" if str(term).startswith(WSIS_NS) else str(term)


def _texts(props: MappingOf[URIRef, list], p: URIRef) -> list[str]:
    return sorted(_clean(o) for o in props.get(p, []) if str(o).strip())


def _mapping(graph: URIRef, node: URIRef, props: MappingOf[URIRef, list], names: MappingOf, described: MappingOf) -> Mapping:
    subject, obj = props[WSIS.alignmentSubject][0], props[WSIS.alignmentObject][0]
    relation = props.get(WSIS.relation, [None])[0]
    method = props.get(WSIS.method, [None])[0]
    mark = props.get(WSIS.confidence, [None])[0]
    notation, confidence = MARK_CONFIDENCE.get(mark, (_curie_of(mark) if mark else "", None))
    authors = sorted(str(a) for a in props.get(PROV.wasAttributedTo, []) if isinstance(a, URIRef))
    publishers = _texts(props, DCTERMS.publisher) or ([_clean(described[DCTERMS.publisher])] if DCTERMS.publisher in described else [])
    dates = [str(d) for d in props.get(DCTERMS.date, []) if isinstance(d, Literal) and d.datatype == XSD.date]
    relation_name = _curie_of(relation) if relation is not None else "an unnamed relation"
    parts = [*_texts(props, RDFS.label)]
    worded = _texts(props, WSIS.relationAsWorded)
    parts.append(f"relation {relation_name}" + (f" (as worded: {', '.join(worded)})" if worded else ""))
    if method is not None:
        parts.append(f"method {_curie_of(method)}")
    if notation:
        notes = _texts(props, WSIS.confidenceNote)
        parts.append(f"confidence mark {notation}" + (f" ({'; '.join(notes)})" if notes else ""))
    for label, p in (
        ("locator", WSIS.locator), ("object locator", WSIS.objectLocator), ("subject as worded", WSIS.subjectAsWorded),
        ("object as worded", WSIS.objectAsWorded), ("basis", WSIS.basis), ("date as worded", WSIS.dateAsWorded),
        ("cited as", DCTERMS.bibliographicCitation), ("rationale", DCTERMS.description), ("note", SKOS.note),
        ("editorial note", SKOS.editorialNote),
    ):
        parts += [f"{label}: {text}" for text in _texts(props, p)]
    other = [f"wsis_relation={relation_name}"]
    if method is not None:
        other.append(f"wsis_method={_curie_of(method)}")
    if notation:
        other.append(f"wsis_confidence={notation}")
    return Mapping(
        subject_id=str(subject),
        subject_label=_label(names.get(subject, {})),
        subject_category=_category(names.get(subject, {})),
        predicate_id=RELATION_PREDICATES.get(relation, DEFAULT_PREDICATE),
        object_id=str(obj),
        object_label=_label(names.get(obj, {})),
        object_category=_category(names.get(obj, {})),
        mapping_justification=METHOD_JUSTIFICATION.get(method, CURATED),
        confidence=confidence,
        author_id=tuple(authors),
        author_label=() if authors else tuple(publishers),
        mapping_source=str(graph),
        mapping_date=min(dates) if dates else "",
        see_also=(str(node), *sorted(str(d) for d in props.get(WSIS.sourceDocument, []))),
        other="|".join(other),
        comment="; ".join(parts),
    )


def export_curated(store: Store, mint: Minter, out: Path) -> int:
    """Write every curated link of the store to ``out`` as SSSOM/TSV (:func:`write_sssom`).

    Returns:
        The number of mappings written.
    """
    mint = minter_of(store, mint)
    mappings = curated_mappings(store, mint)
    return write_sssom(
        mappings,
        out,
        mapping_set_id=str(mint.iri("dataset", "sssom", "curated-links")),
        license=LICENSE,
        title="wsis-graph: the curated links between the WSIS Action Lines, the SDGs, the Global Digital Compact and human rights",
        description=(
            "Every qualified link of the curated source graphs of wsis-graph, each from a cited source. The licence covers "
            "the compilation and the comments in our own words; the facts are those of the cited sources, and the labels of "
            "SDG goals and targets are UN material (cite UNSD). Confidence is the link's confidence mark on an ordinal scale, "
            "1 - rank/10 (verified 0.9 … unknown 0.3), not a probability; the mark is kept in comment and other."
        ),
        version=dataset_version(store, mint),
        creator_label="wsis-graph contributors",
        base=mint.base,
    )


__all__ = [
    "CURATED", "JUSTIFICATIONS", "LICENSE", "MAPPING_PREDICATES", "MARK_CONFIDENCE", "RELATION_PREDICATES", "TOOL",
    "Mapping", "curated_graphs", "curated_mappings", "dataset_version", "export_curated", "minter_of", "sssom_text",
    "write_sssom",
]
