"""Suggestions written out: a table for a terminal, CSV for a spreadsheet, JSON for a script.

CSV has one row per suggestion (:data:`CSV_COLUMNS`); the matched words of each side are joined
with ``; `` and the paths with `` | ``. JSON is ``{"from", "to", "excluded_graphs", "method",
"suggestions": [Suggestion.to_json() …]}``.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence

from wsis_graph.matching.suggest import METHOD, Suggestion

CSV_COLUMNS = (
    "subject_kind", "subject_code", "subject_label", "object_kind", "object_code", "object_label", "rank", "score",
    "lexical", "context", "structural", "subject_terms", "object_terms", "paths", "linked", "links", "language",
    "subject_iri", "object_iri",
)


def csv_text(suggestions: Sequence[Suggestion]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in suggestions:
        writer.writerow([
            s.subject_kind, s.subject_code, s.subject_label, s.object_kind, s.object_code, s.object_label, s.rank,
            f"{s.score:.4f}", f"{s.lexical:.4f}", f"{s.context:.4f}", f"{s.structural:.4f}", "; ".join(s.subject_terms),
            "; ".join(s.object_terms), " | ".join(s.paths), "yes" if s.linked else "no", "; ".join(s.links), s.language,
            s.subject_iri, s.object_iri,
        ])
    return buffer.getvalue()


def json_text(suggestions: Sequence[Suggestion], from_kind: str, to_kind: str, excluded: Sequence[str] = ()) -> str:
    body = {"from": from_kind, "to": to_kind, "excluded_graphs": list(excluded), "method": METHOD,
            "suggestions": [s.to_json() for s in suggestions]}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def table_text(suggestions: Sequence[Suggestion], width: int = 100) -> str:
    """Each subject once, then its suggestions: rank, code, score (lexical + context + structural), label, why."""
    lines: list[str] = []
    current = None
    for s in suggestions:
        if s.subject_iri != current:
            current = s.subject_iri
            lines += ["" if lines else None, f"{s.subject_code}  {s.subject_label}"]
            lines = [line for line in lines if line is not None]
        mark = "  [linked: " + ", ".join(s.links) + "]" if s.linked else ""
        lines.append(f"  {s.rank:>2}. {s.object_code:<12} {s.score:.3f} (lex {s.lexical:.3f} + ctx {s.context:.3f} "
                     f"+ graph {s.structural:.3f}){mark}  {s.object_label}")
        why = s.why()
        if why:
            lines += textwrap.wrap(why, width, initial_indent="      why: ", subsequent_indent="           ")
    return "\n".join(lines) + "\n" if lines else "no suggestions\n"


__all__ = ["CSV_COLUMNS", "csv_text", "json_text", "table_text"]


#: The class of the items of each kind, for SSSOM's ``subject_category`` and ``object_category``.
CATEGORIES = {
    "sdg-goals": "wsis:SDGGoal", "sdg-targets": "wsis:SDGTarget", "action-lines": "wsis:ActionLine",
    "gdc": "wsis:GDCParagraph", "rights": "wsis:Provision", "entities": "wsis:Entity",
    "submission": "wsis:Recommendation", "paragraphs": "wsis:Paragraph",
}


def suggestion_mappings(suggestions: Sequence[Suggestion], date: str) -> list:
    """The suggestions as SSSOM mappings: ``skos:relatedMatch``, with the matched words as match strings
    and the whole explanation as comment. The justification says what the score rests on:
    ``semapv:LexicalMatching`` for words alone, ``semapv:StructuralMatching`` for graph paths alone,
    ``semapv:CompositeMatching`` for both.

    The ``confidence`` is the matcher's score capped at 1, an ordering for review and not a
    probability; ``similarity_score`` is its lexical part, the cosine of the two texts' weighted
    features.
    """
    from wsis_graph.matching.sssom import Mapping

    return [
        Mapping(
            subject_id=s.subject_iri, subject_label=s.subject_label, subject_category=CATEGORIES.get(s.subject_kind, ""),
            predicate_id="skos:relatedMatch",
            object_id=s.object_iri, object_label=s.object_label, object_category=CATEGORIES.get(s.object_kind, ""),
            mapping_justification=_justification(s),
            confidence=round(min(max(s.score, 0.0), 1.0), 4),
            similarity_score=round(min(max(s.lexical, 0.0), 1.0), 4),
            similarity_measure="cosine of TF-IDF weighted stems, phrases and thesaurus concepts",
            match_string=tuple(s.subject_terms),
            mapping_date=date,
            comment=(f"suggestion {s.rank} for {s.subject_code}, score {s.score:.3f} (lexical {s.lexical:.3f}, context "
                     f"{s.context:.3f}, structural {s.structural:.3f}); {s.why()}"
                     + ("; already linked in the graph: " + ", ".join(s.links) if s.linked else "")
                     + "; a suggestion for a person to review, not a link of the graph"),
        )
        for s in suggestions
    ]


def _justification(s: Suggestion) -> str:
    words = s.lexical > 0 or s.context > 0
    if words and s.structural > 0:
        return "semapv:CompositeMatching"
    return "semapv:LexicalMatching" if words else "semapv:StructuralMatching"


def sssom_suggestions(suggestions: Sequence[Suggestion], from_kind: str, to_kind: str, *, base: str, date: str,
                      excluded: Sequence[str] = ()) -> str:
    """The suggestions as an SSSOM/TSV mapping set of their own (:func:`wsis_graph.matching.sssom.sssom_text`)."""
    from wsis_graph.matching.sssom import LICENSE, sssom_text

    left_out = f" The graphs {', '.join(excluded)} were left out of the input." if excluded else ""
    return sssom_text(
        suggestion_mappings(suggestions, date),
        mapping_set_id=f"{base}dataset/sssom/suggestions/{from_kind}-{to_kind}",
        license=LICENSE,
        title=f"wsis-graph: suggested links from {from_kind} to {to_kind}, for review",
        description=("Links suggested by the wsis-graph matcher from the words the two texts share and the paths of the "
                     f"graph between them. They are not links of the graph: each is for a person to accept or reject.{left_out}"),
        creator_label="wsis-graph matcher",
        base=base,
    )
