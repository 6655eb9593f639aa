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
