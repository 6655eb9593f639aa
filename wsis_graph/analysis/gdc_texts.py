"""The words of a GDC paragraph or commitment: the adopted text when it is imported, else our summary, marked.

The curated tables name a GDC node "GDC paragraph 11(b)" and describe it in our own words
(``dct:description``); once the official text of the Compact has been imported and reconciled with
them (:mod:`wsis_graph.texts`), the node also holds its verbatim words (``wsis:officialText``, one
per language) and the part of the text it was found in (``wsis:inOfficialText``). Wherever the
GDC appears (the mapping view, the reports, the browse lists), a reader is shown what the node
says and under which objective, never just its label; :func:`gdc_texts` is the one place that
reads it, for every GDC node at once (one query), and :class:`GdcText` the one way to say it.

This module sits in ``analysis/`` because every room that shows GDC nodes may import it: the
mapping view (here), the reports, the web pages and the command line.

>>> summary = GdcText("https://w3id.org/wsis-graph/id/gdc-paragraph/GDC-11-d", "GDC-11(d)", "11(d)",
...     "Map and connect all schools and hospitals to the Internet.", False, "en", None, "GDC-O1", "Close all digital divides")
>>> summary.marked()
'Summary (our own words): Map and connect all schools and hospitals to the Internet.'
>>> summary.source
'summary, own words'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from wsis_graph.analysis.projection import notation, store_notations
from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import Store

# Every GDC paragraph, commitment and principle, with its words, reference and objective. The union of
# the graphs is read (the curated tables, the imported text and its reconciliation); duplicates a
# store gives for a triple held by several graphs are removed in Python.
_Q_TEXTS = sparql_prologue() + """SELECT DISTINCT ?node ?code ?paragraph ?summary ?official ?partRef ?objective
       ?objectiveCode ?objectiveTitle ?mark WHERE {
  VALUES ?class { wsis:GDCParagraph wsis:GDCCommitment wsis:GDCPrinciple }
  ?node a ?class .
  FILTER(isIRI(?node))
  OPTIONAL { ?node skos:notation ?code }
  OPTIONAL { ?node wsis:paragraph ?paragraph }
  OPTIONAL { ?node dct:description ?summary }
  OPTIONAL { ?node wsis:officialText ?official }
  OPTIONAL { ?node wsis:inOfficialText ?part . ?part dct:identifier ?partRef }
  OPTIONAL {
    ?node wsis:objective ?objective .
    OPTIONAL { ?objective skos:notation ?objectiveCode }
    OPTIONAL { ?objective skos:prefLabel ?objectiveTitle }
  }
  OPTIONAL { ?node wsis:confidence ?mark }
}"""

#: How a reader is told where the words come from.
OFFICIAL = "official text"
SUMMARY = "summary, own words"


@dataclass(frozen=True)
class GdcText:
    """What a GDC node says, and where it sits.

    Attributes:
        iri: The node.
        code: Its code (``GDC-11(b)``).
        reference: Its paragraph in the adopted text (``11(b)``), or None where it is not established.
        words: The official text if imported, else our summary; None when the node has neither.
        official: Whether ``words`` are the adopted text, verbatim (else a summary in our own words).
        language: The language of ``words``.
        objective: The objective's IRI, if the node is placed under one.
        objective_code: The objective's code (``GDC-O1``).
        objective_title: The objective's title, in the asked language if the graph has it.
        confidence: The node's own confidence mark (``single-source``, ``unknown-paragraph`` …).
    """

    iri: str
    code: str | None
    reference: str | None
    words: str | None
    official: bool
    language: str | None
    objective: str | None = None
    objective_code: str | None = None
    objective_title: str | None = None
    confidence: str | None = None

    @property
    def source(self) -> str:
        """``official text``, ``summary, own words``, or ``no text``."""
        if not self.words:
            return "no text"
        return OFFICIAL if self.official else SUMMARY

    @property
    def paragraph(self) -> str:
        """The reference as a reader wants it.

        >>> GdcText("x", "GDC-11(b)", "11(b)", None, False, None).paragraph
        'paragraph 11(b)'
        >>> GdcText("x", "GDC-AI-mechanisms", None, None, False, None).paragraph
        'adopted paragraph not established'
        """
        return f"paragraph {self.reference}" if self.reference else "adopted paragraph not established"

    @property
    def objective_name(self) -> str | None:
        """``GDC-O1 Close all digital divides …`` (code and title), or None."""
        name = " ".join(p for p in (self.objective_code, self.objective_title) if p)
        return name or None

    def marked(self, width: int | None = None) -> str:
        """The words with what they are: ``Official text: "…"`` or ``Summary (our own words): …``.

        ``width`` shortens the words to about that many characters, at a word (``…`` marks the cut).
        """
        if not self.words:
            return "No text: neither the adopted text nor a summary is in the graph."
        words = shorten(self.words, width) if width else self.words
        return f"Official text: \u201c{words}\u201d" if self.official else f"Summary (our own words): {words}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "source": self.source}


def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters at a word boundary, with ``…``.

    >>> shorten("Replace every cracked lens before the winter storms arrive", 30)
    'Replace every cracked lens…'
    >>> shorten("short", 30)
    'short'
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _pick(values: dict[str, str], language: str) -> tuple[str | None, str | None]:
    """The value in ``language`` (or a tag of the same primary language), else English, else untagged, else any.

    >>> _pick({"en": "light", "zh-hans": "灯"}, "zh")
    ('灯', 'zh-hans')
    >>> _pick({"en": "light"}, "fr"), _pick({}, "fr")
    (('light', 'en'), (None, None))
    """
    for wanted in (language.lower(), "en", ""):
        for lang in sorted(values):
            if lang == wanted or (wanted and lang.split("-")[0] == wanted.split("-")[0]):
                return values[lang], lang or None
    for lang, value in sorted(values.items()):
        return value, lang or None
    return None, None


def gdc_texts(store: Store, language: str = "en") -> dict[str, GdcText]:
    """The words of every GDC paragraph, commitment and principle, by IRI (one query).

    Args:
        store: The store to read.
        language: The language wanted for the official text and the titles (the page's); English
            where the graph has none in it. Our summaries are in English.
    """
    found: dict[str, dict[str, Any]] = {}
    for row in store.query(_Q_TEXTS).dicts():
        node = str(row["node"])
        entry = found.setdefault(node, {"code": None, "paragraph": None, "part": None, "summary": {}, "official": {},
                                        "objective": None, "objective_code": None, "titles": {}, "mark": None})
        for key, var in (("code", "code"), ("paragraph", "paragraph"), ("part", "partRef"),
                         ("objective", "objective"), ("objective_code", "objectiveCode"), ("mark", "mark")):
            if row[var] is not None and entry[key] is None:
                entry[key] = str(row[var])
        for key, var in (("summary", "summary"), ("official", "official"), ("titles", "objectiveTitle")):
            value = row[var]
            if value is not None:
                entry[key].setdefault((getattr(value, "language", None) or "").lower(), str(value))
    out: dict[str, GdcText] = {}
    known = store_notations(store)[0] if any(entry["mark"] for entry in found.values()) else {}
    for node, entry in found.items():
        official, official_language = _pick(entry["official"], language)
        summary, summary_language = _pick(entry["summary"], language)
        title, _ = _pick(entry["titles"], language)
        out[node] = GdcText(
            iri=node,
            code=entry["code"],
            reference=entry["paragraph"] or entry["part"],
            words=official or summary,
            official=official is not None,
            language=official_language if official is not None else summary_language,
            objective=entry["objective"],
            objective_code=entry["objective_code"],
            objective_title=title,
            confidence=notation(entry["mark"], known) if entry["mark"] else None,
        )
    return out


__all__ = ["GdcText", "OFFICIAL", "SUMMARY", "gdc_texts", "shorten"]
