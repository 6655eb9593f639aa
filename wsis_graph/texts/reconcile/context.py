"""What every reconciler gets, and the few statements they all make.

A reconciler reads the parts of one edition (:class:`~wsis_graph.texts.model.TextStructure`)
against what the store's curated graphs hold and returns the triples of a reconciliation graph
with its findings (:class:`Outcome`). :class:`Context` carries the store, the minter, the document
key and language, and names the parts of the text and the document by the IRIs the edition's
graph gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from wsis_graph.namespaces import WSIS
from wsis_graph.store import Store
from wsis_graph.texts.model import Part
from wsis_graph.texts.reconcile.findings import Finding
from wsis_graph.uris import Minter


@dataclass
class Context:
    """The store, the minter and the edition a reconciler works on."""

    store: Store
    mint: Minter
    key: str
    language: str

    def part(self, part: Part) -> URIRef:
        """The IRI of a part of the current edition."""
        return self.mint.text_part(self.key, part.ref, part.kind)

    @property
    def document(self) -> URIRef:
        """The IRI of the imported document (the source of what the reconciliation states)."""
        return self.mint.text_document(self.key)


@dataclass
class Outcome:
    """What a reconciler states and found: the triples of its graph, and the findings for the report."""

    triples: list[tuple] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, *triples: tuple) -> None:
        self.triples.extend(triples)

    def find(self, kind: str, ref: str, subject: str, message: str, node: URIRef | str = "") -> None:
        self.findings.append(Finding(kind, ref, subject, message, str(node)))

    def official(self, ctx: Context, node: URIRef, part: Part, text: str | None = None) -> None:
        """``node`` has the words of ``part`` (or ``text``) as its official text, from that part."""
        words = part.text if text is None else text
        if words:
            self.add((node, WSIS.officialText, Literal(words, lang=ctx.language)))
        self.add((node, WSIS.inOfficialText, ctx.part(part)))


def headings(part: Part) -> Iterator[str]:
    """The texts of the headings a part sits under, nearest first."""
    heading = part.under
    seen = 0
    while heading is not None and seen < 50:
        yield heading.text
        heading, seen = heading.under, seen + 1


def parent_ref(ref: str) -> str:
    """The reference of the paragraph an item belongs to: ``11`` for ``11(b)``.

    >>> parent_ref("11(b)"), parent_ref("annex-I/3(a)(ii)")
    ('11', 'annex-I/3')
    """
    return ref.split("(", 1)[0]


_SPACE = re.compile(r"[\W_]+", re.UNICODE)

#: An Action Line's code at the start of a heading or row ("C7. …"), and what follows it.
ACTION_LINE_CODE = re.compile(r"^\s*(C(?:1[01]|[1-9]))\b\.?\s*(.*)$", re.IGNORECASE | re.DOTALL)


def normal(text: str) -> str:
    """A text folded for comparing names: lower case, punctuation as single spaces.

    >>> normal("Objective 1: Close all  digital divides.")
    'objective 1 close all digital divides'
    """
    return _SPACE.sub(" ", text.casefold()).strip()


def short(text: str, limit: int = 90) -> str:
    """``text`` cut at a word near ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


__all__ = ["ACTION_LINE_CODE", "Context", "Outcome", "headings", "normal", "parent_ref", "short"]
