"""A lexical model that explains itself: TF-IDF over stems, phrases and thesaurus concepts.

:class:`LexicalModel` is fitted on documents, each a code and its texts (one text, or several
fields with weights: a target's title counts more than the titles of its indicators), in one
language. It scores a free text, or another set of documents, against them by the cosine of their
TF-IDF vectors (scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer` over the
features of :mod:`wsis_graph.matching.text`), and says why: the features both sides share, each
with its words on either side and its part of the score. Phrases and concepts weigh more than
single words (:attr:`LexicalModel.boost`).

It is the one lexical model of the matcher; the suggestions (:mod:`wsis_graph.matching.suggest`)
use it between the kinds of the graph, and a tagger may fit it on any ``(code, text)`` list.

>>> model = LexicalModel(language="en").fit([
...     ("health", "Use ICT to strengthen health systems and access to care"),
...     ("school", "Connect every school to broadband Internet"),
... ])
>>> best = model.score("Broadband for schools in rural areas")[0]
>>> best.code, [t.left for t in best.terms]
('school', ['broadband', 'schools'])
>>> model.score("nothing in common here")
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wsis_graph.matching.text import Analyzer, describe, primary

#: A document's texts: one string, or ``(text, weight)`` fields.
Fields = str | Sequence[tuple[str, float]]


@dataclass(frozen=True)
class Term:
    """A feature both sides share: its kind (``word``, ``phrase``, ``concept``), the words that gave
    it on the left (the text scored) and on the right (the document), and its part of the score."""

    feature: str
    kind: str
    left: str
    right: str
    weight: float

    def to_json(self) -> dict:
        return {"feature": self.feature, "kind": self.kind, "left": self.left, "right": self.right,
                "weight": round(self.weight, 4)}


@dataclass(frozen=True)
class Match:
    """A document that a text matches: its code, the cosine score and the shared terms, best first."""

    code: str
    score: float
    terms: tuple[Term, ...]


def _fields(texts: Fields) -> list[tuple[str, float]]:
    return [(texts, 1.0)] if isinstance(texts, str) else [(t, w) for t, w in texts if t and w > 0]


class LexicalModel:
    """TF-IDF over the features of one language, fitted on documents, explained term by term.

    Args:
        analyzer: the analyser (one is made with the curated thesaurus when not given).
        language: the language of every text given to this model.
        boost: how much more a phrase and a concept weigh than a word.
    """

    def __init__(self, analyzer: Analyzer | None = None, *, language: str = "en",
                 boost: dict[str, float] | None = None) -> None:
        self.analyzer = analyzer or Analyzer()
        self.language = primary(language)
        self.boost = {"word": 1.0, "phrase": 1.5, "concept": 1.5, **(boost or {})}
        self.codes: list[str] = []
        self._vectorizer = None  # a fitted sklearn TfidfVectorizer
        self._matrix: sparse.csr_matrix | None = None
        self._surfaces: list[dict[str, str]] = []
        self._scale: np.ndarray | None = None

    # -- fitting ------------------------------------------------------------------------------

    def _analyse(self, text: str) -> list[str]:
        return list(self.analyzer.features(text, self.language))

    def fit(self, documents: Iterable[tuple[str, Fields]], background: Iterable[str] = ()) -> "LexicalModel":
        """Fit on ``(code, texts)`` documents; ``background`` texts only help weigh the features
        (a word common in them counts less), they are not scored against."""
        documents = list(documents)
        self.codes = [code for code, _ in documents]
        corpus = [text for _, texts in documents for text, _ in _fields(texts)] + list(background)
        from sklearn.feature_extraction.text import TfidfVectorizer  # imported when used: it takes a second

        self._vectorizer = TfidfVectorizer(analyzer=self._analyse, binary=True, norm=None, smooth_idf=True)
        if corpus:
            self._vectorizer.fit(corpus)
            names = self._vectorizer.get_feature_names_out()
            self._scale = np.array([self.boost[describe(name)] for name in names])
        self._surfaces = [self._surface(texts) for _, texts in documents]
        self._matrix = self.vectors([texts for _, texts in documents])
        return self

    def _surface(self, texts: Fields) -> dict[str, str]:
        found: dict[str, str] = {}
        for text, _ in _fields(texts):
            for feature, surface in self.analyzer.features(text, self.language).items():
                found.setdefault(feature, surface)
        return found

    @property
    def fitted(self) -> bool:
        return self._scale is not None

    # -- vectors and scores -------------------------------------------------------------------

    def vectors(self, items: Sequence[Fields]) -> sparse.csr_matrix:
        """The unit TF-IDF vectors of ``items`` (each a text or weighted fields), one row each."""
        width = len(self._scale) if self._scale is not None else 0
        if not items or not width:
            return sparse.csr_matrix((len(items), width))
        fields = [_fields(texts) for texts in items]
        flat = [text for item in fields for text, _ in item]
        if not flat:
            return sparse.csr_matrix((len(items), width))
        raw = self._vectorizer.transform(flat).multiply(self._scale).tocsr()
        rows, cols, weights = [], [], []
        position = 0
        for index, item in enumerate(fields):
            for _, weight in item:
                rows.append(index)
                cols.append(position)
                weights.append(weight)
                position += 1
        combine = sparse.csr_matrix((weights, (rows, cols)), shape=(len(items), len(flat)))
        summed = (combine @ raw).tocsr()
        norms = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ summed

    def similarities(self, items: Sequence[Fields]) -> np.ndarray:
        """The cosine of each of ``items`` (rows) with each fitted document (columns)."""
        if self._matrix is None or not self.codes:
            return np.zeros((len(items), len(self.codes)))
        return np.asarray((self.vectors(items) @ self._matrix.T).todense())

    def explain(self, item: Fields, index: int, limit: int = 8, vector: sparse.csr_matrix | None = None) -> tuple[Term, ...]:
        """The features ``item`` shares with the document at ``index``, largest part of the score first."""
        left = vector if vector is not None else self.vectors([item])
        right = self._matrix[index]
        shared = left.multiply(right).tocoo()
        if not shared.nnz:
            return ()
        names = self._vectorizer.get_feature_names_out()
        surfaces = self._surface(item)
        every = [Term(str(names[c]), describe(str(names[c])), surfaces.get(str(names[c]), str(names[c])),
                      self._surfaces[index].get(str(names[c]), str(names[c])), float(w))
                 for c, w in zip(shared.col, shared.data)]
        # A word inside a phrase or a concept that is shown is not shown again (its weight still counts).
        covered = {w for t in every if t.kind != "word" for side in (t.left, t.right) for w in side.lower().split()}
        terms = sorted((t for t in every if t.kind != "word" or t.left.lower() not in covered),
                       key=lambda t: (-t.weight, t.feature))[:limit]
        return tuple(terms)

    def score(self, text: Fields, top: int | None = 10, min_score: float = 0.0) -> list[Match]:
        """The documents ``text`` matches, best first, each with the terms that made it."""
        vector = self.vectors([text])
        if not self.codes or not vector.nnz:
            return []
        scores = np.asarray((vector @ self._matrix.T).todense()).ravel()
        order = [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] > max(min_score, 0.0)]
        return [Match(self.codes[i], float(scores[i]), self.explain(text, i, vector=vector)) for i in order[:top]]


__all__ = ["Fields", "LexicalModel", "Match", "Term"]
