"""Tagging free text with the things of one kind (SDG goals, Action Lines …), each tag with its reasons.

A :class:`TagModel` learns, from the texts the graph holds for each thing (an SDG goal's titles and
the wording of its targets and indicators, with the everyday terms of the curated topic lexicon
``data/thesaurus/sdg_topics.csv``), which words and word pairs speak for it: a complement naive Bayes
model (scikit-learn's ``ComplementNB``) over the features of the matcher's one analyser
(:class:`~wsis_graph.matching.text.Analyzer`: word stems, phrases of two stems, thesaurus
concepts, stop words left out). It runs offline on a laptop's CPU.

For a text, every thing gets a score: its log-likelihood under the model, standardised over the
things of the kind (mean 0, standard deviation 1). The tags are the things whose score stands
within :attr:`TagModel.gap` of the best one, at most :attr:`TagModel.most` of them. That gap is the
calibrated threshold of the kind (:data:`CALIBRATION`), not a fixed number of tags: a text about
one thing gets one tag, a text between two gets two. Each tag carries the terms of the text that
weighed most for it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Per kind, the gap (in standard deviations below the best score) within which a thing is a tag, and
#: the most tags a text gets. The SDG goals' are measured on the development split of the SDG
#: Classification Benchmark by ``python -m benchmarks.sdg_tagging`` (docs/MATCHING.md). No labelled
#: texts exist here for the other kinds (the seed submission names Action Lines for six of its
#: recommendations only), so they take the goals' gap until such texts are found; docs/MATCHING.md
#: says so beside the figures.
#: The fewest features (stems, phrases, concepts) the model must know in a text before it tags it.
MIN_FEATURES = 2

CALIBRATION: dict[str, tuple[float, int]] = {
    "sdg-goals": (2.0, 3),
    "sdg-targets": (2.0, 3),
    "action-lines": (2.0, 3),
    "gdc": (2.0, 3),
    "rights": (2.0, 3),
}


def features(text: str, language: str = "en") -> list[str]:
    """The analyser's features of ``text``: stems, phrases and thesaurus concepts, stop words left out.

    >>> features("Clean drinking water for schools")
    ['clean', 'drink', 'clean drink', 'water', 'drink water', 'school']
    """
    return list(_analyzer().features(text, language))


@lru_cache(maxsize=1)
def _analyzer():
    from wsis_graph.matching.text import Analyzer

    return Analyzer(remember=0)  # the texts tagged are the users', and many: none is kept


@dataclass(frozen=True)
class Entry:
    """A thing to tag with: its code, label and the texts that describe it."""

    code: str
    label: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Tag:
    """A tag of one text: the thing, its standardised score, its rank, and the terms that weighed most
    (as the text writes them: ``schools``, ``drinking water``)."""

    code: str
    label: str
    score: float
    rank: int
    matched: tuple[str, ...] = ()


@dataclass
class TagModel:
    """A model of the things of one kind, fitted on their texts (see the module docstring).

    Args:
        entries: The things, each with its texts (one training sample per text).
        gap: How far below the best standardised score a tag may stand.
        most: The most tags a text gets.
        language: The language of the texts to tag (stems are taken in it).
        alpha: The model's smoothing (3.0 was chosen among 0.3, 1 and 3 on the SDG benchmark's development
            split: it did as well or better at every gap tried).
    """

    entries: Sequence[Entry]
    gap: float = 2.0
    most: int = 3
    language: str = "en"
    alpha: float = 3.0
    _vectorizer: object = field(init=False, repr=False)
    _model: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.naive_bayes import ComplementNB

        if not self.entries:
            raise ValueError("a tag model needs at least one thing to tag with")
        texts, labels = [], []
        for index, entry in enumerate(self.entries):
            for text in entry.texts:
                if text.strip():
                    texts.append(text)
                    labels.append(index)
        language = self.language
        self._vectorizer = TfidfVectorizer(analyzer=lambda t: features(t, language), use_idf=False, sublinear_tf=True)
        matrix = self._vectorizer.fit_transform(texts)
        self._model = ComplementNB(alpha=self.alpha).fit(matrix, labels)
        self._terms = np.asarray(self._vectorizer.get_feature_names_out())

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, one column per entry: the standardised log-likelihoods."""
        raw = self._model.predict_log_proba(self._vectorizer.transform(list(texts)))
        full = np.full((len(texts), len(self.entries)), -np.inf)
        full[:, self._model.classes_] = raw
        finite = np.where(np.isfinite(full), full, np.nan)
        mean = np.nanmean(finite, axis=1, keepdims=True)
        spread = np.nanstd(finite, axis=1, keepdims=True) + 1e-9
        return np.nan_to_num((finite - mean) / spread, nan=-np.inf)

    def tag(self, texts: Sequence[str], *, explain: int = 6) -> list[list[Tag]]:
        """The tags of each text, best first, each with up to ``explain`` of the terms that weighed most."""
        if not texts:
            return []
        matrix = self._vectorizer.transform(list(texts))
        scores = self.scores(texts)
        weights = self._model.feature_log_prob_
        out = []
        for row, text_scores in enumerate(scores):
            surface = _analyzer().features(texts[row], self.language)
            order = np.argsort(-text_scores)
            best = text_scores[order[0]]
            present = matrix[row].indices
            tags = []
            if len(present) < MIN_FEATURES:  # too few words the model knows to say what the text is about
                out.append(tags)
                continue
            for rank, index in enumerate(order[: self.most], start=1):
                if not np.isfinite(text_scores[index]) or text_scores[index] < best - self.gap:
                    break
                entry = self.entries[index]
                column = list(self._model.classes_).index(index)
                # A weight is minus the log frequency of the term outside the class: the higher it stands above
                # the term's mean weight, the more the term speaks for this class rather than the others.
                lean = (weights[column, present] - weights.mean(axis=0)[present]) * matrix[row].data
                if not (lean > 0).any():  # no word of the text speaks for it: a tag would rest on nothing
                    break
                ranked = (str(self._terms[present[i]]) for i in np.argsort(-lean) if lean[i] > 0)
                top = list(dict.fromkeys(surface.get(t, t).lower() for t in ranked))[:explain]
                tags.append(Tag(entry.code, entry.label, round(float(text_scores[index]), 3), rank, tuple(top)))
            out.append(tags)
        return out


# -- SDG goals ----------------------------------------------------------------------------------------


def sdg_topics(path: Path) -> dict[str, list[str]]:
    """The curated everyday terms of each SDG goal (``goal,target,term,basis``), by goal code."""
    found: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            found.setdefault(row["goal"], []).append(row["term"])
    return found


def sdg_goal_entries(goals: Iterable[tuple[str, str, list[str]]], topics: dict[str, list[str]]) -> list[Entry]:
    """The SDG goals as tag entries: ``(code, label, texts)`` from the graph, with the topic terms of each.

    The texts of a goal are its titles and the wording of its targets and indicators; each topic term
    is a text of its own, so that a short everyday term weighs as a target's sentence does.
    """
    return [Entry(code, label, tuple(texts) + tuple(topics.get(code, ()))) for code, label, texts in goals]




_Q_SDG_GOALS = """SELECT ?code ?label ?text WHERE {
  ?goal a wsis:SDGGoal ; skos:notation ?code ; skos:prefLabel ?label . FILTER (lang(?label) = "en")
  { ?goal skos:prefLabel|skos:altLabel ?text }
  UNION { ?target a wsis:SDGTarget ; wsis:goal ?goal ; skos:prefLabel ?text }
  UNION { ?indicator a wsis:SDGIndicator ; wsis:goal ?goal ; skos:prefLabel ?text }
  FILTER (lang(?text) = "en")
}"""


def sdg_goal_texts(store) -> list[tuple[str, str, list[str]]]:
    """Each SDG goal of the store: its code, English title, and the English texts of the goal, its targets
    and its indicators, in goal order."""
    from wsis_graph.namespaces import sparql_prologue

    goals: dict[str, tuple[str, list[str]]] = {}
    for code, label, text in store.query(sparql_prologue() + _Q_SDG_GOALS).rows:
        goals.setdefault(str(code), (str(label), []))[1].append(str(text))
    return [(code, label, sorted(set(texts))) for code, (label, texts) in
            sorted(goals.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 99)]




# -- The kinds a text can be tagged with ------------------------------------------------------------------

#: The kinds ``wsis-graph tag --to`` knows, with what each tags with.
TAG_KINDS: dict[str, str] = {
    "sdg-goals": "the 17 SDG goals",
    "sdg-targets": "the 169 SDG targets",
    "action-lines": "the WSIS Action Lines",
    "gdc": "the paragraphs and commitments of the Global Digital Compact",
    "rights": "the human-rights provisions",
}


def model_for(store, kind: str, *, language: str = "en") -> TagModel:
    """The tag model of ``kind`` (one of :data:`TAG_KINDS`), fitted on what ``store`` holds.

    The SDG goals learn from their goals', targets' and indicators' wording and the topic lexicon;
    every other kind from the texts the matcher's index holds for its items (for a target, its
    wording, its indicators' and the lexicon's terms; for an Action Line, its names, description and
    Plan of Action paragraph; for a GDC paragraph, its adopted words or our summary …).

    Raises:
        KeyError: The kind is not one of :data:`TAG_KINDS`.
        ValueError: The store holds nothing of the kind.
    """
    from wsis_graph.paths import thesaurus_dir

    if kind not in TAG_KINDS:
        raise KeyError(kind)
    gap, most = CALIBRATION[kind]
    if kind == "sdg-goals":
        entries = sdg_goal_entries(sdg_goal_texts(store), sdg_topics(thesaurus_dir() / "sdg_topics.csv"))
    else:
        entries = index_entries(store, kind, language)
    if not entries:
        raise ValueError(f"the store holds no {TAG_KINDS[kind]}: build it first (`wsis-graph build`)")
    return TagModel(entries, gap=gap, most=most, language=language)


def index_entries(store, kind: str, language: str = "en") -> list[Entry]:
    """The items of ``kind`` in the matcher's index as tag entries: every text of each item, in ``language``
    where it has one, else in English."""
    from wsis_graph.matching.corpus import cached_index

    entries = []
    for item in cached_index(store).of(kind):
        texts = item.texts.get(language) or item.texts.get("en") or []
        words = tuple(text for _field, text in texts if text.strip())
        if words:
            entries.append(Entry(item.code, item.label or item.code, words))
    return entries

__all__ = ["CALIBRATION", "Entry", "TAG_KINDS", "Tag", "TagModel", "features", "index_entries", "model_for", "sdg_goal_entries",
           "sdg_goal_texts", "sdg_topics"]
