"""An imported text as RDF: the parts of one edition, the description of its graph, and an edition moved aside.

The document is a ``wsis:Document`` at ``{base}text/<key>`` and each part a node of its own
(:meth:`~wsis_graph.uris.Minter.text_part`), typed after its kind (:data:`KIND_CLASSES`), with
its reference (``dct:identifier``), its place in the edition (``wsis:position``), a label and its
words (``wsis:text``) tagged with the language of the edition, its number, letter and numeral
where it has them, the heading it sits under (``wsis:underHeading``), what it is part of
(``dct:isPartOf``: the paragraph of an item, the item of a sub-item, else the document) and the
footnotes it calls (``wsis:footnote``). Everything but the label and the words is the same in every
language, so a second language adds its labels and words to the same nodes.

Each edition in each language is a named graph (:class:`Edition`). The current one states its
parts under the document's own IRIs; when a later edition is imported, the one it replaces is
moved aside (:func:`moved_aside`): its nodes are renamed under the edition
(``{base}text/<key>/<language>-<n>/…``), each ``dct:isVersionOf`` the node it was, so that the
document's own IRIs always carry the current words and an earlier edition can still be read.

The description of an edition (:func:`describe_edition`) goes to the description graph: the
graph is a ``wsis:ImportedText`` (``dct:type``, the mark by which a rebuild keeps it), with its
language, version, symbol, the document it holds, whether it is current, the edition it revises,
when it was imported and the import (a ``wsis:TextImport`` that used the file, named and
identified by its SHA-256 checksum, and was carried out by this tool in its version).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, VOID, XSD

from wsis_graph import __version__
from wsis_graph.build import DCAT_VERSION, timestamp_literal
from wsis_graph.namespaces import SPDX, WSIS
from wsis_graph.texts.documents import DOCUMENTS
from wsis_graph.texts.model import Part, TextStructure
from wsis_graph.texts.outline import counts_text
from wsis_graph.uris import Minter

Triple = tuple

#: The classes of each kind of part: the kind's own and, for the four that hold words of their
#: own, ``wsis:Paragraph`` (stated, since the store holds no ontology to infer it from).
KIND_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "preamble": (WSIS.PreambularParagraph, WSIS.Paragraph),
    "paragraph": (WSIS.NumberedParagraph, WSIS.Paragraph),
    "item": (WSIS.ListItem, WSIS.Paragraph),
    "subitem": (WSIS.SubItem, WSIS.Paragraph),
    "heading": (WSIS.Heading,),
    "footnote": (WSIS.Footnote,),
}

#: The kind of a part from its own class.
CLASS_KINDS: dict[URIRef, str] = {classes[0]: kind for kind, classes in KIND_CLASSES.items()}

_MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}

# A reference: an annex prefix, then pp3 or 11 (a ".2" after any piece marks a repeat), then a
# letter and a numeral in parentheses.
_REF = re.compile(
    r"^(?:annex[^/]*/)?(?P<head>pp\d+|\d+)(?:\.\d+)?"
    r"(?:\((?P<letter>[a-z]+)\)(?:\.\d+)?)?(?:\((?P<numeral>[a-z]+)\)(?:\.\d+)?)?$"
)
_LAST_LABEL = re.compile(r"^(?P<parent>.+)\([a-z]+\)(?:\.\d+)?$")


@dataclass(frozen=True)
class Edition:
    """One edition of a document in one language, and the IRIs that name it.

    Attributes:
        key: The document's key (``gdc``, ``tunis-agenda``, a generic document's name).
        language: The language tag of the edition.
        number: The edition's number in its language, from 1, in the order of import.
        mint: The minter of the store's IRIs.
    """

    key: str
    language: str
    number: int
    mint: Minter

    @property
    def tag(self) -> str:
        """``<language>-<n>``: the segment that names the edition's own nodes once it is replaced.

        >>> Edition("gdc", "fr", 2, Minter("https://example.org/id/")).tag
        'fr-2'
        """
        return f"{self.language}-{self.number}"

    @property
    def graph(self) -> URIRef:
        """The named graph that holds the edition."""
        return self.mint.text_graph(self.key, self.language, self.number)

    @property
    def identifier(self) -> str:
        """The graph's key in the description graph: its IRI after ``graph/``.

        >>> Edition("gdc", "en", 1, Minter("https://example.org/id/")).identifier
        'text/gdc'
        >>> Edition("gdc", "en", 2, Minter("https://example.org/id/")).identifier
        'text/gdc/en-2'
        """
        return str(self.graph)[len(f"{self.mint.base}graph/"):]

    @property
    def document(self) -> URIRef:
        """The document's own IRI (the same for every edition and language)."""
        return self.mint.text_document(self.key)

    @property
    def activity(self) -> URIRef:
        """The import that read the edition's file."""
        return self.mint.iri("activity", "text", self.key, self.tag)

    @property
    def file(self) -> URIRef:
        """The file as that import used it."""
        return self.mint.iri("activity", "text", self.key, self.tag, "file")

    @property
    def tool(self) -> URIRef:
        """This tool, in its version, as the agent of the import."""
        return self.mint.iri("agent", f"wsis-graph-{__version__}")

    def part(self, ref: str, kind: str, *, aside: bool = False) -> URIRef:
        """The IRI of a part: the document's own, or (``aside``) the edition's once it is replaced."""
        return self.mint.text_part(self.key, ref, kind, edition=self.tag if aside else None)


def numbering(ref: str, kind: str) -> dict[URIRef, Literal]:
    """The number, letter and numeral a part's reference gives it.

    >>> {p.split("#")[1]: v.toPython() for p, v in numbering("annex-I/11(b)(ii)", "subitem").items()}
    {'partNumber': 11, 'partLetter': 'b', 'partNumeral': 'ii'}
    >>> {p.split("#")[1]: v.toPython() for p, v in numbering("pp3(a)", "item").items()}
    {'partLetter': 'a'}
    >>> numbering("h2", "heading")
    {}
    """
    match = _REF.match(ref)
    if kind not in ("paragraph", "item", "subitem") or not match:
        return {}
    found: dict[URIRef, Literal] = {}
    if match["head"].isdigit():
        found[WSIS.partNumber] = Literal(int(match["head"]), datatype=XSD.integer)
    if kind in ("item", "subitem") and match["letter"]:
        found[WSIS.partLetter] = Literal(match["letter"])
    if kind == "subitem" and match["numeral"]:
        found[WSIS.partNumeral] = Literal(match["numeral"])
    return found


def parent_ref(ref: str) -> str | None:
    """The reference of the paragraph that holds an item, or of the item that holds a sub-item.

    >>> parent_ref("11(b)(ii)"), parent_ref("annex-I/2(a).2"), parent_ref("11")
    ('11(b)', 'annex-I/2', None)
    """
    match = _LAST_LABEL.match(ref)
    return match["parent"] if match else None


def label_of(part: Part, width: int = 72) -> str:
    """A part's label: a heading's words, or the reference and the opening of the words.

    >>> label_of(Part("11(b)", "item", "", "Replace every cracked lens before the winter storms arrive on the coast;"), 40)
    '11(b) Replace every cracked lens before…'
    >>> label_of(Part("3", "paragraph", "", ""))
    '3'
    """
    text = " ".join(part.text.split())
    if part.kind != "heading":
        text = f"{part.ref} {text}".strip()
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:  # not in the middle of a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def document_title(structure: TextStructure) -> Literal:
    """The document's title: the English title of a known key, else the one read from the text, in its language.

    A text with no title is named by its symbol, or else its file.
    """
    info = structure.document
    known = DOCUMENTS.get(info.key)
    if known is not None and known.title:
        return Literal(known.title, lang="en")
    return Literal(info.title or info.symbol or info.file or info.key, lang=info.language)


def citation_of(structure: TextStructure) -> str:
    """How the document is cited: its symbol (with the annex for a key that is one annex), else its title.

    >>> from wsis_graph.texts.model import DocumentInfo
    >>> citation_of(TextStructure(DocumentInfo("gdc", "A/RES/79/1", "Global Digital Compact", "en", "", "gdc.pdf"), []))
    'A/RES/79/1, annex I'
    """
    info = structure.document
    known = DOCUMENTS.get(info.key)
    if info.symbol:
        return f"{info.symbol}, annex {known.annex}" if known is not None and known.annex else info.symbol
    return str(document_title(structure))


def edition_triples(structure: TextStructure, edition: Edition) -> list[Triple]:
    """The triples of one edition's graph: the document and every part, under the document's own IRIs.

    Args:
        structure: What the grammar read from the file.
        edition: The edition the file is.

    Returns:
        The triples, the document's first, then the parts' in document order.
    """
    language = edition.language
    document = edition.document
    out: list[Triple] = [
        (document, RDF.type, WSIS.Document),
        (document, DCTERMS.identifier, Literal(edition.key)),
        (document, DCTERMS.title, document_title(structure)),
        (document, DCTERMS.bibliographicCitation, Literal(citation_of(structure))),
    ]
    if structure.document.symbol:
        out.append((document, WSIS.documentSymbol, Literal(structure.document.symbol)))
    iris = {id(part): edition.part(part.ref, part.kind) for part in structure.parts}
    by_ref = {part.ref: iris[id(part)] for part in structure.parts}
    for position, part in enumerate(structure.parts, start=1):
        node = iris[id(part)]
        out += [(node, RDF.type, cls) for cls in KIND_CLASSES[part.kind]]
        out.append((node, DCTERMS.identifier, Literal(part.ref)))
        out.append((node, WSIS.position, Literal(position, datatype=XSD.integer)))
        out.append((node, RDFS.label, Literal(label_of(part), lang=language)))
        if part.text:
            out.append((node, WSIS.text, Literal(part.text, lang=language)))
        out += [(node, prop, value) for prop, value in numbering(part.ref, part.kind).items()]
        parent = parent_ref(part.ref) if part.kind in ("item", "subitem") else None
        out.append((node, DCTERMS.isPartOf, by_ref.get(parent, document) if parent else document))
        if part.under is not None and id(part.under) in iris:
            out.append((node, WSIS.underHeading, iris[id(part.under)]))
        if part.kind == "footnote" and part.caller is not None and id(part.caller) in iris:
            out.append((iris[id(part.caller)], WSIS.footnote, node))
    return list(dict.fromkeys(out))


def moved_aside(triples: Iterable[Triple], edition: Edition) -> list[Triple]:
    """The triples of a replaced edition with its nodes renamed under the edition.

    The document becomes ``{base}text/<key>/<tag>`` and each part ``{base}text/<key>/<tag>/para/…``
    (and so on), each ``dct:isVersionOf`` the node it was. Other nodes are left as they are.

    Args:
        triples: The edition's graph as it stands, its nodes under the document's own IRIs.
        edition: The edition the graph holds.

    Returns:
        The renamed triples, then the ``dct:isVersionOf`` links.
    """
    triples = list(triples)
    kinds = {s: CLASS_KINDS[o] for s, p, o in triples if p == RDF.type and o in CLASS_KINDS}
    refs = {s: str(o) for s, p, o in triples if p == DCTERMS.identifier and s in kinds}
    renamed: dict[URIRef, URIRef] = {
        edition.document: edition.mint.text_document(edition.key, edition=edition.tag)
    }
    for node, kind in kinds.items():
        if node in refs and node == edition.part(refs[node], kind):
            renamed[node] = edition.part(refs[node], kind, aside=True)
    out = [(renamed.get(s, s), p, renamed.get(o, o)) for s, p, o in triples]
    out += [(new, DCTERMS.isVersionOf, old) for old, new in renamed.items()]
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Provenance:
    """Where an edition comes from: the file and when the import ran.

    Attributes:
        file: The file's name.
        sha256: The SHA-256 of its bytes, in hexadecimal.
        started: When the import began (UTC).
        ended: When it was ready to be written (UTC).
    """

    file: str
    sha256: str
    started: dt.datetime
    ended: dt.datetime


def describe_edition(
    structure: TextStructure,
    edition: Edition,
    provenance: Provenance,
    *,
    triples: int,
    revises: URIRef | None = None,
) -> list[Triple]:
    """The description of an edition's graph, for the description graph, as the current edition.

    Args:
        structure: What was read from the file.
        edition: The edition.
        provenance: The file and the time of the import.
        triples: How many triples the edition's graph holds.
        revises: The graph of the edition it replaces, if any.

    Returns:
        The triples about the graph, the import, the file and the tool.
    """
    graph, info = edition.graph, structure.document
    words = counts_text(structure.counts())
    title = str(document_title(structure))
    out: list[Triple] = [
        (edition.mint.dataset(), VOID.subset, graph),
        (graph, RDF.type, VOID.Dataset),
        (graph, RDF.type, DCAT.Dataset),
        (graph, DCTERMS.type, WSIS.ImportedText),
        (graph, DCTERMS.identifier, Literal(edition.identifier)),
        (graph, DCTERMS.title, Literal(f"Official text: {title} ({edition.language}, edition {edition.number})", lang="en")),
        (graph, DCTERMS.description, Literal(
            f"The text of {citation_of(structure)} in the language {edition.language}, read paragraph by paragraph "
            f"from {provenance.file} by `wsis-graph texts import` ({len(structure.parts)} parts: {words}). The words are "
            "the file's, verbatim; the structure is what the tool read, with the warnings it gave.", lang="en")),
        (graph, DCTERMS.language, Literal(edition.language, datatype=XSD.language)),
        (graph, DCAT_VERSION, Literal(str(edition.number))),
        (graph, WSIS.isCurrentEdition, Literal(True)),
        (graph, FOAF.primaryTopic, edition.document),
        (graph, DCTERMS.created, timestamp_literal(provenance.ended)),
        (graph, PROV.wasGeneratedBy, edition.activity),
        (graph, DCTERMS.source, edition.file),
        (graph, VOID.triples, Literal(triples, datatype=XSD.integer)),
    ]
    if info.symbol:
        out.append((graph, WSIS.documentSymbol, Literal(info.symbol)))
    if revises is not None:
        out.append((graph, PROV.wasRevisionOf, revises))
    activity, file, tool, checksum = edition.activity, edition.file, edition.tool, BNode()
    out += [
        (activity, RDF.type, PROV.Activity),
        (activity, RDF.type, WSIS.TextImport),
        (activity, RDFS.label, Literal(f"Import of {provenance.file} as {edition.key} ({edition.tag})", lang="en")),
        (activity, PROV.startedAtTime, timestamp_literal(provenance.started)),
        (activity, PROV.endedAtTime, timestamp_literal(provenance.ended)),
        (activity, PROV.used, file),
        (activity, PROV.wasAssociatedWith, tool),
        (file, RDF.type, PROV.Entity),
        (file, DCTERMS.title, Literal(provenance.file)),
        (file, DCTERMS.format, Literal(_MEDIA_TYPES.get(PurePath(provenance.file).suffix.lower(), "application/octet-stream"))),
        (file, SPDX.checksum, checksum),
        (checksum, RDF.type, SPDX.Checksum),
        (checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
        (checksum, SPDX.checksumValue, Literal(provenance.sha256, datatype=XSD.hexBinary)),
        (tool, RDF.type, PROV.SoftwareAgent),
        (tool, RDFS.label, Literal(f"wsis-graph {__version__}")),
        (tool, DCAT_VERSION, Literal(__version__)),
    ]
    return out



__all__ = [
    "CLASS_KINDS",
    "KIND_CLASSES",
    "Edition",
    "Provenance",
    "describe_edition",
    "edition_triples",
    "document_title",
    "label_of",
    "moved_aside",
    "numbering",
    "parent_ref",
]
