"""Link suggestions between two kinds of the graph, each with the reasons for it.

For every item of the *from* kind (or the one ``scope`` names) and every item of the *to* kind,
one score is the sum of three parts, each explained:

* **lexical**: the cosine of their TF-IDF vectors (:class:`~.lexical.LexicalModel`, fitted on the
  *to* items, with every text of the index in that language weighing the features), in the
  language where it is highest among those both sides are written in; the shared terms say why;
* **context**: :data:`CONTEXT` times the same cosine with the node the *to* item is narrower than
  (an SDG target's goal, a C7 sub-line's C7): a target under a goal whose words match leans that
  way; the path says so;
* **structural**: :data:`STRUCTURAL` times ``1 - exp(-w)``, ``w`` the weight of the paths of two or
  three links between the pair (:mod:`~.structure`): a commitment linked to goal 9 leans toward the
  Action Lines that contribute to goal 9.

A pair already linked by a triple of the graphs read is marked ``linked`` and left out unless
asked for. Graphs left out (``exclude``) give no text, no link and no path. Suggestions are
returned, never written to the graph.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from wsis_graph import __version__
from wsis_graph.codes import CodeError, Entry, pick
from wsis_graph.matching.corpus import KINDS, Index, Item
from wsis_graph.matching.lexical import LexicalModel, Term
from wsis_graph.matching.structure import Paths
from wsis_graph.matching.text import LANGUAGES, Analyzer
from wsis_graph.problems import Problem

#: The weight of the context part and of the structural part in the score.
CONTEXT = 0.5
STRUCTURAL = 0.3
#: The method a suggestion records (and an SSSOM export may name as its mapping tool).
METHOD = f"wsis-graph matcher {__version__}: TF-IDF (stems, phrases, thesaurus) + graph context + paths"
#: Kinds that may be matched with themselves (two imported texts, paragraph to paragraph).
SELF_MATCHING = {"paragraphs"}


@dataclass(frozen=True)
class Suggestion:
    """A suggested link from ``subject`` (of the *from* kind) to ``object`` (of the *to* kind).

    Attributes:
        score: lexical + context + structural.
        terms: the features both texts share, the subject's words on the left, the object's on the right.
        paths: the reasons from the graph: the context (the object's parent whose words match) and
            the paths of links between the two.
        linked: whether a triple of the graphs read links the two already; ``links`` names its predicates.
        language: the language of the texts the lexical part compared.
    """

    subject_kind: str
    subject_code: str
    subject_iri: str
    subject_label: str
    object_kind: str
    object_code: str
    object_iri: str
    object_label: str
    score: float
    lexical: float
    context: float
    structural: float
    terms: tuple[Term, ...] = ()
    paths: tuple[str, ...] = ()
    linked: bool = False
    links: tuple[str, ...] = ()
    language: str = "en"
    rank: int = 0
    method: str = METHOD

    @property
    def subject_terms(self) -> list[str]:
        return list(dict.fromkeys(t.left for t in self.terms))

    @property
    def object_terms(self) -> list[str]:
        return list(dict.fromkeys(t.right for t in self.terms))

    def why(self) -> str:
        """One line: the matched words (subject / object) and the paths."""
        words = "; ".join(t.left if t.left.lower() == t.right.lower() else f"{t.left} ~ {t.right}" for t in self.terms)
        parts = [f"words: {words}"] if words else []
        parts += list(self.paths)
        return " | ".join(parts)

    def to_json(self) -> dict:
        return {
            "subject": {"kind": self.subject_kind, "code": self.subject_code, "iri": self.subject_iri, "label": self.subject_label},
            "object": {"kind": self.object_kind, "code": self.object_code, "iri": self.object_iri, "label": self.object_label},
            "rank": self.rank,
            "score": round(self.score, 4),
            "lexical": round(self.lexical, 4),
            "context": round(self.context, 4),
            "structural": round(self.structural, 4),
            "language": self.language,
            "subject_terms": self.subject_terms,
            "object_terms": self.object_terms,
            "terms": [t.to_json() for t in self.terms],
            "paths": list(self.paths),
            "linked": self.linked,
            "links": list(self.links),
            "method": self.method,
        }


@dataclass
class _Side:
    """The models of one kind in each language, and the languages its items are written in."""

    models: dict[str, LexicalModel] = field(default_factory=dict)


def _background(index: Index, language: str) -> list[str]:
    key = ("background", language)
    if key not in index.memo:
        index.memo[key] = [text for items in index.items.values() for item in items for _, text in item.texts.get(language, [])]
    return index.memo[key]


def _analyzer(index: Index) -> Analyzer:
    if "analyzer" not in index.memo:
        index.memo["analyzer"] = Analyzer()
    return index.memo["analyzer"]


def models_of(index: Index, kind: str, items: list[Item] | None = None) -> dict[str, LexicalModel]:
    """A lexical model fitted on the items of ``kind`` (or ``items``), in each language they have texts in."""
    key = ("models", kind, None if items is None else tuple(i.iri for i in items))
    if key not in index.memo:
        items = index.of(kind) if items is None else items
        models = {}
        for language in LANGUAGES:
            if any(item.texts.get(language) for item in items):
                models[language] = LexicalModel(_analyzer(index), language=language).fit(
                    [(item.iri, item.fields(language)) for item in items], background=_background(index, language))
        index.memo[key] = models
    return index.memo[key]


def paths_of(index: Index) -> Paths:
    if "paths" not in index.memo:
        index.memo["paths"] = Paths(index.links, index.codes)
    return index.memo["paths"]


def _lexical(index: Index, sources: list[Item], targets: list[Item], kind: str) -> tuple[np.ndarray, np.ndarray]:
    """The best cosine over the languages, and the language index that gave it, for each pair."""
    models = models_of(index, kind, targets)
    best = np.zeros((len(sources), len(targets)))
    which = np.zeros((len(sources), len(targets)), dtype=int)
    for position, language in enumerate(LANGUAGES):
        model = models.get(language)
        if model is None or not any(item.texts.get(language) for item in sources):
            continue
        scores = model.similarities([item.fields(language) for item in sources])
        better = scores > best
        best = np.where(better, scores, best)
        which = np.where(better, position, which)
    return best, which


def check_kinds(from_kind: str, to_kind: str) -> None:
    """Refuse an unknown kind, or a kind matched with itself where that means nothing."""
    for name, kind in (("--from", from_kind), ("--to", to_kind)):
        if kind not in KINDS:
            raise Problem(400, "unknown_kind", f"unknown kind {kind!r} for {name}; the kinds are: {', '.join(KINDS)}")
    if from_kind == to_kind and from_kind not in SELF_MATCHING:
        raise Problem(400, "same_kind", f"--from and --to are both {from_kind}; suggestions link two different kinds "
                                        f"(only {', '.join(sorted(SELF_MATCHING))} may be matched with themselves)")


def suggest(index: Index, from_kind: str, to_kind: str, *, scope: str | None = None, top: int = 10,
            min_score: float = 0.0, include_linked: bool = False, explain: bool = True,
            context_weight: float = CONTEXT, structural_weight: float = STRUCTURAL) -> list[Suggestion]:
    """The best ``top`` suggestions for each item of ``from_kind`` (or the one ``scope`` names).

    ``context_weight`` and ``structural_weight`` are the parts' weights (:data:`CONTEXT`,
    :data:`STRUCTURAL`); the measurements set them to 0 to see what each part adds.

    Raises:
        Problem: an unknown kind or code (400), the index holds nothing (400).
    """
    check_kinds(from_kind, to_kind)
    if index.size == 0:
        raise Problem(400, "empty_store", "the store holds no data to match; run `wsis-graph build` first")
    sources = index.of(from_kind)
    if scope is not None:
        chosen = index.find(from_kind, scope)
        if chosen is None:  # read it loosely (29(b), c7.E-health, an IRI), or suggest the nearest codes
            try:
                found = pick([Entry(item.iri, item.code, None) for item in sources], scope)
            except CodeError as exc:
                raise Problem(400, "unknown_code", f"there is no {from_kind} item with the code {scope!r}: {exc}") from None
            chosen = next(item for item in sources if item.iri == found.iri)
        sources = [chosen]
    targets = [item for item in index.of(to_kind)]
    if not sources or not targets:
        return []
    lexical, which = _lexical(index, sources, targets, to_kind)
    context, parent_of = _context(index, sources, targets)
    paths = paths_of(index)
    out: list[Suggestion] = []
    for i, source in enumerate(sources):
        candidates = []
        for j, target in enumerate(targets):
            if target.iri == source.iri:
                continue
            links = paths.direct(source.iri, target.iri)
            if links and not include_linked:
                continue
            base = lexical[i, j] + context_weight * context[i, j]
            candidates.append((base, j, links))
        # Paths are weighed only for the pairs that may still reach the top (they add at most STRUCTURAL).
        candidates.sort(key=lambda c: -c[0])
        floor = candidates[top - 1][0] - structural_weight if len(candidates) >= top > 0 else -math.inf
        scored = []
        for base, j, links in candidates:
            if base < floor:
                break
            weight, found = paths.between(source.iri, targets[j].iri) if structural_weight else (0.0, [])
            structural = structural_weight * (1 - math.exp(-weight))
            if base + structural > max(min_score, 0.0):
                scored.append((base + structural, structural, found, j, links))
        scored.sort(key=lambda s: (-s[0], targets[s[3]].code))
        for rank, (score, structural, found, j, links) in enumerate(scored[:top], start=1):
            target = targets[j]
            language = LANGUAGES[which[i, j]]
            terms: tuple[Term, ...] = ()
            if explain and lexical[i, j] > 0:
                model = models_of(index, to_kind, targets)[language]
                terms = model.explain(source.fields(language), j)
            reasons = []
            if context_weight and context[i, j] > 0 and parent_of[j] is not None:
                parent = parent_of[j]
                reasons.append(f"{target.code} —broader→ {parent.code} ({parent.kind}), whose words match "
                               f"({context_weight * context[i, j]:.3f})")
            reasons += found
            out.append(Suggestion(
                source.kind, source.code, source.iri, source.label, target.kind, target.code, target.iri, target.label,
                score=float(score), lexical=float(lexical[i, j]), context=float(context_weight * context[i, j]),
                structural=float(structural), terms=terms, paths=tuple(reasons), linked=bool(links),
                links=tuple(links), language=language, rank=rank))
    return out


def _context(index: Index, sources: list[Item], targets: list[Item]) -> tuple[np.ndarray, list[Item | None]]:
    """The cosine of each source with each target's parent item (its ``skos:broader`` node), if any."""
    paths = paths_of(index)
    by_iri = index.by_iri()
    parent_of: list[Item | None] = []
    for target in targets:
        parents = [by_iri[p] for p in paths.parents(target.iri) if p in by_iri]
        parent_of.append(parents[0] if parents else None)
    context = np.zeros((len(sources), len(targets)))
    parents = list({p.iri: p for p in parent_of if p is not None}.values())
    if not parents:
        return context, parent_of
    for kind in {p.kind for p in parents}:
        group = [p for p in parents if p.kind == kind]
        scores, _ = _lexical(index, sources, group, kind)
        column = {p.iri: k for k, p in enumerate(group)}
        for j, parent in enumerate(parent_of):
            if parent is not None and parent.iri in column:
                context[:, j] = scores[:, column[parent.iri]]
    return context, parent_of


__all__ = ["CONTEXT", "METHOD", "STRUCTURAL", "Suggestion", "check_kinds", "models_of", "suggest"]
