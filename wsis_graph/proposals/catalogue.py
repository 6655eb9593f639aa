"""What the store knows that a proposal may name: things by code and IRI, their kinds, links, proposal sets.

Everything is read with SPARQL through the :class:`~wsis_graph.store.Store` interface, so the
checks work on any backend. The queries are constant texts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from wsis_graph.namespaces import WSIS_NS
from wsis_graph.proposals.rules import KIND_CLASSES, KIND_NAMES, KIND_OF_CLASS
from wsis_graph.store import Store

PROLOGUE = """PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

#: Every thing of a kind a proposal may name (or that an error should recognise), with its code.
Q_THINGS = (
    PROLOGUE
    + "SELECT ?thing ?class ?code WHERE {\n  VALUES ?class { "
    + " ".join(f"<{cls}>" for cls in KIND_CLASSES.values())
    + " }\n  ?thing a ?class .\n  OPTIONAL { ?thing skos:notation ?code }\n}"
)

#: Every direct triple of the three relations that proposals add, with its graph.
Q_LINKS = (
    PROLOGUE
    + """SELECT ?s ?p ?o ?g WHERE {
  VALUES ?p { wsis:linkedTo wsis:groundedIn wsis:contributesTo }
  GRAPH ?g { ?s ?p ?o }
}"""
)

_SDG_PREFIX = re.compile(r"^sdg(?:\s+target)?[\s:-]*(?=[0-9])", re.IGNORECASE)


@dataclass
class Catalogue:
    """The things of the store that identifiers resolve to, and the links already stated.

    Attributes:
        by_code: each code (``skos:notation``) and the things that carry it.
        kinds: each thing and its kinds (see :data:`~wsis_graph.proposals.rules.KIND_CLASSES`).
        codes: each thing and its code, for messages and labels.
        links: each stated (subject, relation, object) and the graphs that state it.
    """

    by_code: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    kinds: dict[URIRef, set[str]] = field(default_factory=lambda: defaultdict(set))
    codes: dict[URIRef, str] = field(default_factory=dict)
    links: dict[tuple[URIRef, URIRef, URIRef], set[URIRef]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def load(cls, store: Store) -> "Catalogue":
        catalogue = cls()
        for thing, klass, code in store.query(Q_THINGS).rows:
            if not isinstance(thing, URIRef):
                continue
            catalogue.kinds[thing].add(KIND_OF_CLASS[klass])
            if code is not None:
                catalogue.by_code[str(code)].add(thing)
                catalogue.codes.setdefault(thing, str(code))
        for s, p, o, g in store.query(Q_LINKS).rows:
            catalogue.links[(s, p, o)].add(g)
        return catalogue

    def label(self, thing: URIRef) -> str:
        """The thing's code, or its IRI when it has none."""
        return self.codes.get(thing) or str(thing)

    def resolve(self, value: str) -> URIRef:
        """The thing a cell names: a code, ``SDG <code>``, or an IRI (bare or in angle brackets).

        Raises:
            LookupError: nothing, or more than one thing, carries that code or IRI; the message
                says which and suggests a spelling that exists.
        """
        text = value.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1].strip()
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
            iri = URIRef(text)
            if iri in self.kinds:
                return iri
            raise LookupError(
                f"no Action Line, entity, GDC item, SDG target or rights provision of the graph has the IRI <{text}>"
            )
        code = _SDG_PREFIX.sub("", text)
        things = self.by_code.get(code, set())
        if len(things) == 1:
            return next(iter(things))
        if len(things) > 1:
            named = ", ".join(f"<{t}> ({KIND_NAMES[sorted(self.kinds[t])[0]]})" for t in sorted(things))
            raise LookupError(f"{value!r} is the code of several things: {named}; write the IRI of the one you mean")
        hint = self.suggest(text)
        tail = f"; did you mean {hint!r}?" if hint else ""
        raise LookupError(
            f"unknown identifier {value!r}: no Action Line, entity, GDC item, SDG target or rights provision "
            f"of the graph has this code{tail}"
        )

    def suggest(self, text: str) -> str | None:
        """A code that exists and that ``text`` probably means (other case, spacing or spelling)."""
        lowered = {code.lower(): code for code in self.by_code}
        squashed = re.sub(r"\s+", "", text)
        candidates = [squashed]
        objective = re.match(r"(?i)^(?:gdc)?-?o(?:bj(?:ective)?)?\.?-?([1-9])$", squashed)
        if objective:
            candidates.append(f"GDC-O{objective.group(1)}")
        paragraph = re.match(r"(?i)^(?:gdc)?-?(?:para(?:graph)?\.?)?([1-9][0-9]{0,2})\(?([a-z])?\)?$", squashed)
        if paragraph:
            number, letter = paragraph.groups()
            candidates.append(f"GDC-{number}({letter.lower()})" if letter else f"GDC-{number}")
        provision = re.match(r"(?i)^([a-z]+)[:.-]?(?:art(?:icle)?\.?)?([0-9].*)$", squashed)
        if provision:
            candidates.append(f"{provision.group(1).upper()}:{provision.group(2)}")
        line = re.match(r"(?i)^(?:actionline|al)?-?c([0-9]{1,2})(\..*)?$", squashed)
        if line:
            candidates.append(f"C{line.group(1)}{line.group(2) or ''}")
        for candidate in candidates:
            found = lowered.get(candidate.lower())
            if found is not None and found != text:
                return found
        return None

    def stated_in(self, subject: URIRef, relation: URIRef, obj: URIRef, *, ignore: set[URIRef] = frozenset()) -> list[URIRef]:
        """The graphs, other than those in ``ignore``, that already state this direct triple."""
        return sorted(g for g in self.links.get((subject, relation, obj), set()) if g not in ignore)


def curie(relation: URIRef) -> str:
    return "wsis:" + str(relation)[len(WSIS_NS):] if str(relation).startswith(WSIS_NS) else str(relation)


__all__ = ["Catalogue", "Q_LINKS", "Q_THINGS", "curie"]
