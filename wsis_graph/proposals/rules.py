"""What a proposed link may join: the kinds of thing, the relations between them, the marks it may carry.

A proposal adds one of three kinds of link, each with the relation the curated sources use for it:

==================  ===================================================  =============================
relation            subject                                              object
==================  ===================================================  =============================
``wsis:linkedTo``   a GDC objective, paragraph or commitment             an Action Line or an entity
``wsis:groundedIn`` an Action Line, or a GDC objective, paragraph or     a rights provision (an
                    commitment                                           article, such as ``UDHR:19``)
``wsis:contributesTo``  an Action Line                                   an SDG target
==================  ===================================================  =============================

The direction is the one the graph uses (``C3 wsis:groundedIn UDHR:19``, never the other way).
A grounding names the article rather than the whole instrument, so that a reviewer can check it
against the article's text; a contribution names a target rather than a goal, as the WSIS-SDG
Matrix does wherever it can.

The kinds are read from the store by their classes (:data:`KIND_CLASSES`), so an identifier is
known exactly when the store holds a thing of that kind with that code or IRI.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from wsis_graph.namespaces import WSIS, WSIS_NS

#: Kinds of thing that identifiers may resolve to, with their class; the order is the one in
#: which a thing of several kinds is named (a GDC commitment is also a GDC paragraph).
KIND_CLASSES: dict[str, URIRef] = {
    "action-line": WSIS.ActionLine,
    "entity": WSIS.Entity,
    "gdc-objective": WSIS.GDCObjective,
    "gdc-commitment": WSIS.GDCCommitment,
    "gdc-paragraph": WSIS.GDCParagraph,
    "provision": WSIS.Provision,
    "sdg-target": WSIS.SDGTarget,
    # Known, so that an error can say what the thing is, but never part of a proposed link:
    "sdg-goal": WSIS.SDGGoal,
    "sdg-indicator": WSIS.SDGIndicator,
    "instrument": WSIS.Instrument,
    "process": WSIS.Process,
    "document": WSIS.Document,
    "gdc-section": WSIS.GDCSection,
    "gdc-principle": WSIS.GDCPrinciple,
}
KIND_OF_CLASS: dict[URIRef, str] = {cls: kind for kind, cls in KIND_CLASSES.items()}

KIND_NAMES: dict[str, str] = {
    "action-line": "WSIS Action Line",
    "entity": "entity",
    "gdc-objective": "GDC objective",
    "gdc-commitment": "GDC commitment",
    "gdc-paragraph": "GDC paragraph",
    "provision": "rights provision",
    "sdg-target": "SDG target",
    "sdg-goal": "SDG goal",
    "sdg-indicator": "SDG indicator",
    "instrument": "human-rights instrument",
    "process": "process",
    "document": "document",
    "gdc-section": "GDC section",
    "gdc-principle": "GDC principle",
}

GDC_ITEMS = frozenset({"gdc-objective", "gdc-paragraph", "gdc-commitment"})


@dataclass(frozen=True)
class Rule:
    relation: URIRef
    subjects: frozenset[str]
    objects: frozenset[str]
    wording: str

    @property
    def curie(self) -> str:
        return "wsis:" + str(self.relation)[len(WSIS_NS):]


RULES: dict[URIRef, Rule] = {
    WSIS.linkedTo: Rule(
        WSIS.linkedTo,
        GDC_ITEMS,
        frozenset({"action-line", "entity"}),
        "from a GDC objective, paragraph or commitment to a WSIS Action Line or an entity",
    ),
    WSIS.groundedIn: Rule(
        WSIS.groundedIn,
        GDC_ITEMS | {"action-line"},
        frozenset({"provision"}),
        "from a WSIS Action Line or a GDC objective, paragraph or commitment to a rights provision",
    ),
    WSIS.contributesTo: Rule(
        WSIS.contributesTo,
        frozenset({"action-line"}),
        frozenset({"sdg-target"}),
        "from a WSIS Action Line to an SDG target",
    ),
}

#: The marks a proposal may carry (strongest first) and why the others are refused.
ALLOWED_MARKS: dict[str, URIRef] = {
    "single-source": WSIS.SingleSource,
    "draft-only": WSIS.DraftOnly,
    "inferred": WSIS.Inferred,
}
REFUSED_MARKS: dict[str, str] = {
    "verified": (
        "a proposal cannot be marked 'verified': that mark needs two independent sources or a primary "
        "source whose wording was seen, and a proposal is one party's claim not yet checked by anyone "
        "else; use 'single-source' when a source states the link (the curator who takes it into a "
        "source table may mark it more strongly there)"
    ),
    "unknown-paragraph": "a proposal must say where its source states the link (column 'locator'); use 'single-source' with the locator, or 'inferred'",
    "dataset-anomaly": "'dataset-anomaly' marks artefacts of a published dataset, not proposed links",
    "reviewed": "'reviewed' is given only by a reviewer's decision (wsis-graph review decide), not by a proposal",
    "unknown": "a proposal with unknown support cannot be accepted; use 'inferred' and explain the reasoning in the justification",
}


def relation_from_text(text: str) -> URIRef | None:
    """The relation a cell names, in any of the spellings the table accepts; None if none.

    >>> relation_from_text("contributes to") == WSIS.contributesTo
    True
    >>> relation_from_text("wsis:concerns") is None
    True
    """
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value.startswith(WSIS_NS):
        value = value[len(WSIS_NS):]
    elif value.lower().startswith("wsis:"):
        value = value[5:]
    squashed = value.replace(" ", "").replace("_", "").replace("-", "").lower()
    for relation in RULES:
        if str(relation)[len(WSIS_NS):].lower() == squashed:
            return relation
    return None


def relations_for(subject_kinds: set[str], object_kinds: set[str]) -> list[Rule]:
    """The rules that allow a link between things of these kinds."""
    return [r for r in RULES.values() if subject_kinds & r.subjects and object_kinds & r.objects]


def kind_name(kinds: set[str] | frozenset[str]) -> str:
    """How an error names a thing of these kinds (the first in :data:`KIND_CLASSES` order)."""
    for kind in KIND_CLASSES:
        if kind in kinds:
            return KIND_NAMES[kind]
    return "thing"


__all__ = [
    "ALLOWED_MARKS",
    "KIND_CLASSES",
    "KIND_NAMES",
    "REFUSED_MARKS",
    "RULES",
    "Rule",
    "kind_name",
    "relation_from_text",
    "relations_for",
]
