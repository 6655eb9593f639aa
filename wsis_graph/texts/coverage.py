"""How much of the adopted Global Digital Compact this graph holds, said honestly wherever the GDC appears.

:func:`gdc_coverage` counts, in the current English edition of the imported ``gdc`` text (the named
graph ``{base}graph/text/gdc``, found through :func:`~wsis_graph.texts.editions.editions`):

* ``paragraphs_in_text`` (M): its numbered paragraphs (``wsis:NumberedParagraph``);
* ``paragraphs_in_graph`` (N): of those, how many a node of the graph links to with
  ``wsis:inOfficialText`` (the reconciliation of the text with the curated tables writes these
  links, in the graphs ``{base}graph/text/gdc/reconciled/<lang>``);
* ``commitments_in_text`` (L): its parts that the reconciliation reads as a commitment
  (``?part wsis:readAs wsis:GDCCommitment``): the lettered commitments of the adopted text;
* ``commitments_in_graph`` (K): of those, how many a node links to with ``wsis:inOfficialText``.

:meth:`GdcCoverage.sentence` says it as the map, the reports, ``/browse/gdc`` and ``stats`` print
it: "N of M paragraphs and K of L lettered commitments of the adopted text are in this graph.";
when no ``gdc`` text has been imported, that the rows come from partial secondary sources, and
:meth:`GdcCoverage.remedy` the command that fixes it.

Only the current English edition is counted (the parts are the same nodes in every language); if
there is none, the current edition of another language stands in, and the coverage says which.
"""

from __future__ import annotations

from dataclasses import dataclass

from wsis_graph.namespaces import sparql_prologue
from wsis_graph.store import Store
from wsis_graph.texts.editions import ImportedEdition, editions
from wsis_graph.uris import Minter

#: The sentence when no text of the GDC has been imported.
NOT_IMPORTED = "The adopted text has not been imported; these rows come from partial secondary sources."

#: The command that imports it, and where its file comes from (as the README's "Official texts" says).
IMPORT_COMMAND = "wsis-graph texts import FILE --document gdc"
IMPORT_FILE = (
    "A/RES/79/1 (annex I is the Compact) as PDF, Word, HTML or plain text, from the UN Official Document System, "
    "https://documents.un.org, by symbol"
)
REMEDY = f"To bring it in: {IMPORT_COMMAND}, where FILE is {IMPORT_FILE}."

# ?text is bound by the caller; grouping by it keeps it in the projection (Oxigraph requires it).
# One row per kind: the parts of that kind, and how many of them some node links to.
_Q_COVERAGE = sparql_prologue() + """SELECT ?text ?kind (COUNT(DISTINCT ?part) AS ?total) (COUNT(DISTINCT ?linked) AS ?held) WHERE {
  {
    GRAPH ?text { ?part a wsis:NumberedParagraph }
    BIND("paragraph" AS ?kind)
  } UNION {
    GRAPH ?text { ?part wsis:position ?position }
    GRAPH ?reading { ?part wsis:readAs wsis:GDCCommitment }
    BIND("commitment" AS ?kind)
  }
  OPTIONAL {
    GRAPH ?linking { ?node wsis:inOfficialText ?part }
    BIND(?part AS ?linked)
  }
} GROUP BY ?text ?kind"""


@dataclass(frozen=True)
class GdcCoverage:
    """How much of the adopted GDC the graph holds (see the module docstring for the counts).

    >>> GdcCoverage(True, "A/RES/79/1", "en", 72, 18, 104, 13).sentence()
    '18 of 72 paragraphs and 13 of 104 lettered commitments of the adopted text are in this graph.'
    >>> GdcCoverage(False).sentence()
    'The adopted text has not been imported; these rows come from partial secondary sources.'
    """

    imported: bool
    symbol: str = ""
    language: str = ""
    paragraphs_in_text: int = 0
    paragraphs_in_graph: int = 0
    commitments_in_text: int = 0
    commitments_in_graph: int = 0
    graph: str = ""

    def sentence(self) -> str:
        """What a reader is told: the counts, or that the text has not been imported."""
        if not self.imported:
            return NOT_IMPORTED
        return (
            f"{self.paragraphs_in_graph} of {self.paragraphs_in_text} paragraphs and {self.commitments_in_graph} of "
            f"{self.commitments_in_text} lettered commitments of the adopted text are in this graph."
        )

    def remedy(self) -> str:
        """What to do about it: the import command when the text is missing, else a note where one is due ("" if none).

        >>> GdcCoverage(True, "A/RES/79/1", "fr", 72, 18, 104, 13).remedy()
        'Counted in the French edition: no English edition has been imported.'
        >>> GdcCoverage(True, "A/RES/79/1", "en", 72, 0, 0, 0).remedy()
        'No node of the graph is linked to the imported text yet: its paragraphs have not been reconciled with the curated tables.'
        """
        if not self.imported:
            return REMEDY
        notes = []
        if self.language != "en":
            notes.append(f"Counted in the {_LANGUAGES.get(self.language, self.language)} edition: no English edition has been imported.")
        if self.paragraphs_in_graph == 0 and self.commitments_in_graph == 0:
            notes.append("No node of the graph is linked to the imported text yet: its paragraphs have not been reconciled "
                         "with the curated tables.")
        return " ".join(notes)

    def text(self) -> str:
        """The sentence and the remedy, as one paragraph."""
        return " ".join(part for part in (self.sentence(), self.remedy()) if part)

    def to_json(self) -> dict:
        """The coverage for a JSON document: the counts, the sentence and the remedy."""
        return {
            "imported": self.imported,
            "symbol": self.symbol or None,
            "language": self.language or None,
            "graph": self.graph or None,
            "paragraphs_in_text": self.paragraphs_in_text if self.imported else None,
            "paragraphs_in_graph": self.paragraphs_in_graph if self.imported else None,
            "commitments_in_text": self.commitments_in_text if self.imported else None,
            "commitments_in_graph": self.commitments_in_graph if self.imported else None,
            "sentence": self.sentence(),
            "remedy": self.remedy() or None,
            "import_command": None if self.imported else IMPORT_COMMAND,
            "import_file": None if self.imported else IMPORT_FILE,
        }


_LANGUAGES = {"ar": "Arabic", "en": "English", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"}


def _counted_edition(store: Store, mint: Minter) -> ImportedEdition | None:
    """The current English edition of the GDC, else the current edition of another language, else None."""
    current = [e for e in editions(store, mint) if e.key == "gdc" and e.current]
    current.sort(key=lambda e: (e.language != "en", e.language, -e.number))
    return current[0] if current else None


def gdc_coverage(store: Store, mint: Minter | None = None) -> GdcCoverage:
    """How much of the adopted GDC the graph holds: two queries (the editions, then the counts).

    Args:
        store: The store to read.
        mint: The minter of the store's IRIs (its description graph); the default base when None.
    """
    mint = mint or Minter()
    edition = _counted_edition(store, mint)
    if edition is None:
        return GdcCoverage(imported=False)
    counts = {"paragraph": (0, 0), "commitment": (0, 0)}
    for row in store.query(_Q_COVERAGE, {"text": edition.graph}).dicts():
        counts[str(row["kind"])] = (int(row["total"] or 0), int(row["held"] or 0))
    return GdcCoverage(
        imported=True,
        symbol=edition.symbol,
        language=edition.language,
        paragraphs_in_text=counts["paragraph"][0],
        paragraphs_in_graph=counts["paragraph"][1],
        commitments_in_text=counts["commitment"][0],
        commitments_in_graph=counts["commitment"][1],
        graph=str(edition.graph),
    )


__all__ = ["GdcCoverage", "IMPORT_COMMAND", "IMPORT_FILE", "NOT_IMPORTED", "REMEDY", "gdc_coverage"]
