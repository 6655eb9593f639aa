"""The codes people type (C5, C7.e-health, 9.c, GDC-O1, GDC-29(b), ITU, ICCPR:17) and what they name.

One set of matching rules, used wherever a user names a thing of the graph:

- the parameters of the named queries (``wsis-graph query NAME -p actionLine=C5``, the editor's query
  texts): :class:`Codebook` reads the coded things from the store and :meth:`Codebook.resolve`
  turns a parameter's value into an IRI;
- the scope options of the analyses (``--action-line``, ``--gdc``, ``--entity``):
  :func:`wsis_graph.analysis.projection.resolve` applies the same rules to the nodes of the
  projection, where the labels can be matched as well.

The rules (:func:`pick`): the IRI itself; else the code (``skos:notation``) or the IRI's last
segment compared loosely (:func:`normal`: case, spaces, ``29(b)`` against ``29-b``); else the same
with ``GDC-`` put in front (``29(b)``, ``O3``); where a GDC objective is wanted, a bare number or
``O`` and a number name the objective (``1``, ``O1`` → ``GDC-O1``; where SDG goals may be meant as
well, ``1`` is SDG goal 1). A value that names nothing is
an :class:`UnknownCode` whose message lists the nearest known codes (:func:`nearest`); one that names
several things is an :class:`AmbiguousCode` listing them. Neither is ever an empty answer.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from wsis_graph.namespaces import PREFIXES, WSIS_NS, sparql_prologue


@dataclass(frozen=True)
class Entry:
    """A thing that can be named: its IRI, its code (or None), its class (local name) and label."""

    iri: str
    code: str | None
    type: str | None
    label: str | None = None


class CodeError(ValueError):
    """A value names nothing, or several things."""


class UnknownCode(CodeError):
    """A value names nothing of the kind asked for; ``suggestions`` are the nearest known codes."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions)


class AmbiguousCode(CodeError):
    """A value names several things; ``found`` holds them."""

    def __init__(self, message: str, found: Sequence[Entry] = ()) -> None:
        super().__init__(message)
        self.found = list(found)


#: What each kind of coded parameter names: the classes (local names in the wsis: namespace).
KIND_CLASSES: dict[str, frozenset[str]] = {
    "action-line": frozenset({"ActionLine"}),
    "entity": frozenset({"Entity"}),
    "gdc-objective": frozenset({"GDCObjective"}),
    "gdc-paragraph": frozenset({"GDCParagraph", "GDCCommitment"}),
    "instrument": frozenset({"Instrument"}),
    "provision": frozenset({"Provision"}),
    "sdg": frozenset({"SDGGoal", "SDGTarget"}),
    "thing": frozenset(
        {
            "ActionLine", "GDCObjective", "GDCParagraph", "GDCCommitment", "GDCPrinciple", "GDCSection",
            "SDGGoal", "SDGTarget", "SDGIndicator", "Entity", "Process", "Document", "Instrument", "Provision",
            "Submission", "Recommendation", "EmergingTrend",
        }
    ),
}

#: How the things of a kind are named in messages.
KIND_NAMES = {
    "action-line": "Action Lines",
    "entity": "entities",
    "gdc-objective": "GDC objectives",
    "gdc-paragraph": "GDC paragraphs and commitments",
    "instrument": "human-rights instruments",
    "provision": "human-rights provisions",
    "sdg": "SDG goals and targets",
    "thing": "things with a code",
    "graph": "named graphs",
}

#: A bare number, or ``O`` and a number: a GDC objective where one is wanted (``1``, ``O1``).
_BARE_OBJECTIVE = re.compile(r"o?(\d+)")


def normal(text: str) -> str:
    """A code compared loosely: case, spaces, ``(x)`` against ``-x``, ``:`` and ``_`` against ``-``.

    >>> normal("GDC-29(b)"), normal("gdc-29-b"), normal(" ICCPR:17 "), normal("C7.e-health")
    ('gdc-29-b', 'gdc-29-b', 'iccpr-17', 'c7.e-health')
    """
    text = text.strip().casefold()
    text = re.sub(r"\(([^()]*)\)", r"-\1", text)
    text = re.sub(r"[\s_:]+", "-", text)
    return re.sub(r"-{2,}", "-", text).strip("-")


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


def _tiers(value: str, types: Collection[str] | None) -> list[set[str]]:
    """The loose keys to try, best first: a bare number in a GDC-objective context names the
    objective; then the value itself; then the value with ``GDC-`` in front."""
    key = normal(value)
    tiers: list[set[str]] = []
    bare = _BARE_OBJECTIVE.fullmatch(key)
    if bare and types is not None and "GDCObjective" in types and "SDGGoal" not in types:
        tiers.append({f"gdc-o{int(bare.group(1))}"})
    tiers.append({key})
    tiers.append({normal("GDC-" + value)})
    return tiers


def expand(value: str) -> str | None:
    """The IRI a value spells: itself when it is an IRI, the expansion of a known prefixed name
    (``sdg:9.c``, ``wsis:ActionLine``), or None."""
    value = value.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", value):
        return value
    prefixed = re.fullmatch(r"([A-Za-z][A-Za-z0-9_-]*):(\S+)", value)
    if prefixed and prefixed.group(1) in PREFIXES:
        return PREFIXES[prefixed.group(1)] + prefixed.group(2)
    return None


def nearest(value: str, codes: Iterable[str], most: int = 5) -> list[str]:
    """The known codes closest to ``value`` (case-insensitive), closest first, equally close ones in
    their natural order (as :func:`difflib.get_close_matches` scores them, ratio 0.5 at least).

    >>> nearest("C12", ["C1", "C2", "C3", "C10", "C11", "C7.e-health"])
    ['C1', 'C2', 'C10', 'C11']
    """
    wanted = value.strip().casefold()
    by_key: dict[str, str] = {}
    for code in codes:
        by_key.setdefault(code.casefold(), code)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(wanted)
    scored = []
    for key, code in by_key.items():
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
            ratio = matcher.ratio()
            if ratio >= 0.5:
                scored.append((-round(ratio, 6), natural(code), code))
    return [code for *_, code in sorted(scored)[:most]]


def natural(code: str) -> tuple:
    """Sort key that puts C2 before C10 and 9.c after 9.2."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", code.casefold()) if p)


def pick(
    entries: Iterable[Entry],
    value: str,
    *,
    types: Collection[str] | None = None,
    labels: bool = False,
    what: str = "",
) -> Entry:
    """The one entry ``value`` names (see the module docstring for the rules).

    Args:
        entries: the things that can be named.
        types: only entries of these classes; every entry when None.
        labels: also match the label, case-insensitive, when no code matches.
        what: what the value is given for, to name in messages (``parameter 'actionLine'``).

    Raises:
        UnknownCode: nothing matches (the message lists the nearest codes).
        AmbiguousCode: several things match.
    """
    value = (value or "").strip()
    allowed = [e for e in entries if types is None or e.type in types]
    shown = f"{what}: {value!r}" if what else repr(value)
    if not value:
        raise UnknownCode(f"{what or 'the value'} is empty: give a code or an IRI")
    iri = expand(value)
    if iri is not None:
        found = {e.iri: e for e in allowed if e.iri == iri}
        if found:
            return next(iter(found.values()))
    matched: dict[str, Entry] = {}
    for keys in _tiers(value, types):
        matched = {}
        for e in allowed:
            if (e.code and normal(e.code) in keys) or normal(local_name(e.iri)) in keys:
                matched.setdefault(e.iri, e)
        if matched:
            break
    if not matched and labels:
        folded = value.casefold()
        matched = {e.iri: e for e in allowed if e.label and e.label.casefold() == folded}
    if len(matched) == 1:
        return next(iter(matched.values()))
    if matched:
        listed = ", ".join(f"{e.code or local_name(e.iri)} ({e.type}, {e.iri})" for e in sorted(matched.values(), key=lambda e: e.iri)[:8])
        raise AmbiguousCode(f"{shown} is ambiguous: it names {len(matched)} things: {listed}; give the IRI", list(matched.values()))
    codes = sorted({e.code for e in allowed if e.code}, key=natural)
    close = nearest(value, codes)
    if not close and iri is not None:
        close = nearest(local_name(iri), codes)
    message = f"{shown} names nothing"
    if types is not None:
        message += f" among {', '.join(sorted(types))}"
    if close:
        message += f"; did you mean {', '.join(close)}?"
    elif codes:
        message += f"; the codes are {', '.join(codes[:12])}{' …' if len(codes) > 12 else ''}"
    raise UnknownCode(message, close)


# -- the store's coded things --------------------------------------------------------------------------

_CLASSES = sorted(KIND_CLASSES["thing"])

_Q_CODED = sparql_prologue() + (
    "SELECT ?s ?type ?code WHERE {\n  VALUES ?type { "
    + " ".join(f"wsis:{c}" for c in _CLASSES)
    + " }\n  ?s a ?type .\n  OPTIONAL { ?s skos:notation ?code }\n}"
)

_Q_GRAPH_KEYS = sparql_prologue() + "SELECT ?g ?key WHERE { ?g dct:identifier ?key }"


class Codebook:
    """The coded things of a store, read once, to resolve the values of named-query parameters."""

    def __init__(self, entries: Iterable[Entry], graphs: Iterable[Entry] = ()) -> None:
        self.entries = list(entries)
        self.graphs = list(graphs)

    @classmethod
    def read(cls, store) -> "Codebook":
        """Every thing of a domain class in ``store``, with its code, and every named graph with its key."""
        entries = []
        for s, kind, code in store.query(_Q_CODED).rows:
            if isinstance(s, URIRef) and isinstance(kind, URIRef) and str(kind).startswith(WSIS_NS):
                entries.append(Entry(str(s), str(code) if code is not None else None, str(kind)[len(WSIS_NS):]))
        held = {str(g) for g in store.graphs()}
        keys = {}
        for g, key in store.query(_Q_GRAPH_KEYS).rows:
            if str(g) in held and key is not None:
                keys.setdefault(str(g), str(key))
        graphs = [Entry(g, keys.get(g), "Graph") for g in sorted(held)]
        return cls(entries, graphs)

    def resolve(self, kind: str, value: str, *, what: str = "") -> URIRef:
        """The IRI that ``value`` names among the things of ``kind`` (a key of :data:`KIND_CLASSES`,
        or ``graph``).

        Raises:
            UnknownCode, AmbiguousCode: see :func:`pick`; the message says which kind was asked for.
        """
        if kind == "graph":
            entries, types = self.graphs, None
        else:
            entries, types = self.entries, KIND_CLASSES[kind]
        try:
            return URIRef(pick(entries, value, types=types, what=what).iri)
        except UnknownCode as exc:
            message = str(exc)
            if types is not None:
                message = message.replace(f" among {', '.join(sorted(types))}", f" among the {KIND_NAMES[kind]} of the store")
            else:
                message = message.replace("names nothing", f"names nothing among the {KIND_NAMES[kind]} of the store")
            raise UnknownCode(message, exc.suggestions) from None


__all__ = [
    "AmbiguousCode",
    "CodeError",
    "Codebook",
    "Entry",
    "KIND_CLASSES",
    "UnknownCode",
    "expand",
    "nearest",
    "normal",
    "pick",
]
