"""The one place where IRIs are minted.

Every thing the project names (Action Lines, GDC items, entities, instruments, provisions,
qualified links, named graphs …) gets an IRI ``{base}{kind}/{local}``. The base is configurable
(``WSIS_GRAPH_BASE``, or an argument) and defaults to ``https://w3id.org/wsis-graph/id/``.
SDG goals, targets and indicators keep the UN's own IRIs (``http://metadata.un.org/sdg/1``,
``/1.1``, ``/C010101``) so that our data joins theirs.

>>> mint = Minter("https://example.org/id/")
>>> mint.action_line("C7.e-health")
rdflib.term.URIRef('https://example.org/id/action-line/C7.e-health')
>>> mint.iri("provision", "UDHR:19")
rdflib.term.URIRef('https://example.org/id/provision/UDHR-19')
>>> sdg_target("9.c")
rdflib.term.URIRef('http://metadata.un.org/sdg/9.c')

Imported official texts (:mod:`wsis_graph.texts`) are named by their document key: the document
is ``{base}text/<key>``, its parts ``{base}text/<key>/para/<ref>`` (preambular and numbered
paragraphs, items, sub-items), ``…/heading/<ref>`` and ``…/note/<ref>`` (footnotes), the ref
slugged (``11(b)`` → ``11-b``, ``annex-I/2(a)`` → ``annex-I/2-a``). These are the parts of the
current edition in every language; a superseded edition keeps its parts under its edition,
``{base}text/<key>/<language>-<n>/para/<ref>``. The named graph of an edition is
``{base}graph/text/<key>`` for the first English one and ``{base}graph/text/<key>/<language>-<n>``
for every other.

>>> mint.text_part("gdc", "11(b)", "item")
rdflib.term.URIRef('https://example.org/id/text/gdc/para/11-b')
>>> mint.text_part("tunis-agenda", "annex/h1", "heading", edition="fr-2")
rdflib.term.URIRef('https://example.org/id/text/tunis-agenda/fr-2/heading/annex/h1')
>>> mint.text_graph("gdc", "en", 1), mint.text_graph("gdc", "fr", 1)
(rdflib.term.URIRef('https://example.org/id/graph/text/gdc'), rdflib.term.URIRef('https://example.org/id/graph/text/gdc/fr-1'))
"""

from __future__ import annotations

import os
import re

from rdflib import URIRef

from wsis_graph.namespaces import SDG_NS

DEFAULT_BASE = "https://w3id.org/wsis-graph/id/"
BASE_ENV = "WSIS_GRAPH_BASE"

#: The kinds of thing we mint IRIs for; the path segment after the base.
KINDS = frozenset(
    {
        "action-line",
        "activity",
        "agent",
        "alignment",
        "candidate",
        "dataset",
        "document",
        "entity",
        "facilitation",
        "gdc-objective",
        "gdc-paragraph",
        "gdc-principle",
        "gdc-section",
        "graph",
        "indicator-listing",
        "instrument",
        "process",
        "provision",
        "recommendation",
        "record",
        "review",
        "scheme",
        "submission",
        "text",
        "tier-classification",
        "trend",
    }
)

_LOCAL_OK = re.compile(r"^[A-Za-z0-9._~-]+$")


def configured_base() -> str:
    """The base from ``WSIS_GRAPH_BASE``, or the default."""
    return os.environ.get(BASE_ENV) or DEFAULT_BASE


def slug(local: str) -> str:
    """Turn a source identifier into a safe IRI path segment.

    Parentheses become a hyphen-separated part and ``:``, ``/`` and spaces become hyphens, so
    ``GDC-21(c)`` → ``GDC-21-c`` and ``UDHR:19`` → ``UDHR-19``. Anything else outside the
    unreserved IRI characters is refused.

    >>> slug("GDC-P8(a)")
    'GDC-P8-a'
    """
    text = local.strip()
    text = re.sub(r"\(([^()]*)\)", r"-\1", text)
    text = re.sub(r"[:/\s]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    if not text or not _LOCAL_OK.match(text):
        raise ValueError(f"cannot make an IRI segment from identifier {local!r}")
    return text


class Minter:
    """Mints IRIs from one base.

    Args:
        base: the IRI prefix for everything we mint; must end with ``/`` or ``#``.
            Defaults to :func:`configured_base`.
    """

    def __init__(self, base: str | None = None) -> None:
        base = base or configured_base()
        if not base.endswith(("/", "#")):
            raise ValueError(f"the IRI base must end with '/' or '#': {base!r}")
        if not re.match(r"^[a-z][a-z0-9+.-]*://", base):
            raise ValueError(f"the IRI base must be an absolute IRI: {base!r}")
        self.base = base

    def iri(self, kind: str, *locals_: str) -> URIRef:
        """``{base}{kind}/{slug(local)}/…``."""
        if kind not in KINDS:
            raise ValueError(f"unknown IRI kind {kind!r}")
        parts = "/".join(slug(part) for part in locals_)
        return URIRef(f"{self.base}{kind}/{parts}" if parts else f"{self.base}{kind}")

    def action_line(self, code: str) -> URIRef:
        return self.iri("action-line", code)

    def entity(self, acronym: str) -> URIRef:
        return self.iri("entity", acronym)

    def graph(self, name: str) -> URIRef:
        """The IRI of a named graph."""
        return self.iri("graph", name)

    def scheme(self, name: str) -> URIRef:
        """The IRI of a SKOS concept scheme."""
        return self.iri("scheme", name)

    def text_document(self, key: str, *, edition: str | None = None) -> URIRef:
        """The IRI of an imported document: ``{base}text/<key>``, or that of one superseded edition.

        Args:
            key: The document's key (``gdc``, ``tunis-agenda``, the name of a generic document).
            edition: ``<language>-<n>`` for a superseded edition; None for the document itself.
        """
        return self.iri("text", key, *([edition] if edition else []))

    def text_part(self, key: str, ref: str, kind: str, *, edition: str | None = None) -> URIRef:
        """The IRI of one part of an imported document, from its reference.

        Args:
            key: The document's key.
            ref: The part's reference (``11(b)``, ``pp3``, ``h2``, ``fn1``, ``annex-I/2(a)``); an
                annex prefix becomes a path segment of its own.
            kind: The part's kind: ``heading`` and ``footnote`` parts are under ``heading/`` and
                ``note/``, every other kind under ``para/``.
            edition: ``<language>-<n>`` for a part of a superseded edition.
        """
        segment = {"heading": "heading", "footnote": "note"}.get(kind, "para")
        return self.iri("text", key, *([edition] if edition else []), segment, *ref.split("/"))

    def text_graph(self, key: str, language: str, number: int) -> URIRef:
        """The named graph of edition ``number`` of a document in ``language``.

        The first English edition keeps the short form ``{base}graph/text/<key>``; every other
        edition is ``{base}graph/text/<key>/<language>-<n>``.
        """
        if language == "en" and number == 1:
            return self.iri("graph", "text", key)
        return self.iri("graph", "text", key, f"{language}-{number}")

    def dataset(self) -> URIRef:
        """The IRI of the whole dataset."""
        return URIRef(f"{self.base}dataset")

    def owns(self, iri: str) -> bool:
        """Whether an IRI was minted from this base."""
        return str(iri).startswith(self.base)


def sdg_goal(code: str) -> URIRef:
    return URIRef(f"{SDG_NS}{code}")


def sdg_target(code: str) -> URIRef:
    return URIRef(f"{SDG_NS}{code}")


def sdg_indicator(un_code: str) -> URIRef:
    """An indicator IRI from its UN code (``C010101``), not from its framework number."""
    return URIRef(f"{SDG_NS}{un_code}")
