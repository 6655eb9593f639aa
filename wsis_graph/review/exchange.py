"""The review decisions as SSSOM/TSV, and back: ``wsis-graph review export|import``.

**Export** (:func:`export`) writes the decision that stands for each reviewed pair (undone ones are
not; open pairs are not) into three files, each a valid SSSOM mapping set:

* ``reviewed-positive.sssom.tsv``: the accepted links, with the SKOS predicate the curated export
  gives their relation (:data:`~wsis_graph.matching.sssom.RELATION_PREDICATES`: ``skos:relatedMatch``);
* ``reviewed-negative.sssom.tsv``: the rejections, the same predicate with ``predicate_modifier: Not``
  (SSSOM's negative mapping: "reviewed, no such link");
* ``reviewed-unsure.sssom.tsv``: the pairs marked unsure. SSSOM has no modifier for "undecided", so a
  row of this file carries the predicate the link would have, no modifier and no confidence, and says
  ``unsure`` in ``comment`` and ``wsis_verdict=unsure`` in ``other``; the set's description says that
  its rows are *not* mapping claims. ``semapv:MappingReview`` was not chosen: it would read as "a review
  confirmed this mapping".

Every row: ``mapping_justification`` ``semapv:ManualMappingCuration``; ``author_label`` the reviewer and
``author_id`` the reviewer's IRI in the graph (``{base}agent/reviewer-…``); ``mapping_date`` the date of
the decision; ``comment`` the note, then the candidate's explanation (score, matched terms, runs);
``see_also`` the decision's IRI; ``other`` the machine-readable part, ``|``-separated ``key=value``:
``wsis_candidate`` (the pair id), ``wsis_decision``, ``wsis_verdict``, ``wsis_relation`` (the ontology's
relation: SKOS ``relatedMatch`` would lose it), ``wsis_subject_kind``, ``wsis_object_kind`` and
``wsis_note`` (the note, percent-encoded). The three files are a backup of the review: importing them
into a store built from the same tables gives the same current decisions.

**Import** (:func:`import_sssom`) reads one such file (or any SSSOM/TSV file whose rows use the same
predicates): a row with ``predicate_modifier: Not`` is a rejection, one whose ``other`` says
``wsis_verdict=unsure`` is unsure, any other row an acceptance (relation: ``wsis_relation``, else the
default for the two kinds). The reviewer is ``author_label`` (else the fallback given). Every row is
checked before anything is written: a file that does not parse, a subject or object the graph does not
hold, a predicate or modifier the review does not use, a row without reviewer is a one-line error
naming the line (:class:`~.model.ReviewError`), and nothing is changed. A pair never queued is first
queued in a small candidate set ``imported-<YYYYMMDD>`` (``-2``, ``-3`` … if that name is taken). A pair
whose current decision already says the same (verdict and relation) is left as it is; one whose current
decision differs is a **conflict**: reported, never overwritten. Each decision is then written as
:func:`~.decide.decide` writes it (validated, with the revision check), at the time of the import, one
update each: a decision refused then (by the shapes, or because another reviewer changed the pair in the
meantime) stops the import with the line; those before it stay, and importing the file again completes
it, since a row whose decision already stands is left as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from rdflib import URIRef

from wsis_graph.matching.corpus import read_index
from wsis_graph.matching.sssom import (
    CURATED, DEFAULT_PREDICATE, LICENSE, MAPPING_PREDICATES, RELATION_PREDICATES, Mapping, default_prefixes, minter_of,
    write_sssom,
)
from wsis_graph.matching.suggest import Suggestion
from wsis_graph.review.decide import Target, decide
from wsis_graph.review.model import DEFAULT_RELATION, Names, ReviewError, pair_id, relation_name, relation_of
from wsis_graph.review.queue import queue
from wsis_graph.review.state import Candidate, candidates, pair_states
from wsis_graph.store import Store
from wsis_graph.uris import Minter

#: The file of each current verdict.
FILES = {"accepted": "reviewed-positive.sssom.tsv", "rejected": "reviewed-negative.sssom.tsv",
         "unsure": "reviewed-unsure.sssom.tsv"}
VERDICT_OF = {"accepted": "accept", "rejected": "reject", "unsure": "unsure"}
#: The predicates a reviewed link may have in SSSOM (those the curated export gives the relations).
PREDICATES = frozenset(RELATION_PREDICATES.values()) | {DEFAULT_PREDICATE}
IMPORT_METHOD = "sssom-import"

_SETS = {
    "accepted": ("reviewed-positive", "the links reviewers accepted",
                 "Each row is a link a named reviewer accepted, as it stands now (the latest decision, not undone)."),
    "rejected": ("reviewed-negative", "the candidate links reviewers rejected",
                 "Each row is a negative mapping (predicate_modifier Not): a named reviewer judged that the link does not hold."),
    "unsure": ("reviewed-unsure", "the candidate links reviewers marked unsure",
               "Each row is a candidate a named reviewer could not decide on: NOT a mapping claim. The predicate is the one "
               "the link would have; comment says unsure, other says wsis_verdict=unsure."),
}


def _relation(c: Candidate) -> URIRef | None:
    if c.state is not None and c.state.relation is not None:
        return c.state.relation
    default = DEFAULT_RELATION.get((c.subject_kind, c.object_kind))
    return relation_of(default) if default else None


def _explanation(c: Candidate) -> str:
    parts = [f"candidate {c.pid}, score {c.score:.3f}"]
    if c.terms:
        parts.append("matched " + ", ".join(c.terms[:8]))
    parts.append("runs " + ", ".join(c.runs))
    return "; ".join(parts)


def mapping_of(c: Candidate, names: Names, labels: dict[str, str]) -> Mapping:
    """The SSSOM row of a pair's current decision (see the module docstring)."""
    state = c.state
    assert state is not None and state.current is not None
    relation = _relation(c)
    note = state.note.strip()
    other = [f"wsis_candidate={c.pid}", f"wsis_decision={str(state.current).rsplit('/', 1)[-1]}",
             f"wsis_verdict={VERDICT_OF[state.status]}", f"wsis_subject_kind={c.subject_kind}",
             f"wsis_object_kind={c.object_kind}"]
    if relation is not None:
        other.append(f"wsis_relation=wsis:{relation_name(relation)}")
    if note:
        other.append("wsis_note=" + quote(note, safe=" "))
    comment = ([f"unsure: {note}" if note else "unsure"] if state.status == "unsure" else [note] if note else [])
    return Mapping(
        subject_id=str(c.subject),
        predicate_id=RELATION_PREDICATES.get(relation, DEFAULT_PREDICATE),
        object_id=str(c.object),
        mapping_justification=CURATED,
        subject_label=labels.get(str(c.subject), ""),
        object_label=labels.get(str(c.object), ""),
        predicate_modifier="Not" if state.status == "rejected" else "",
        author_id=(str(names.reviewer(state.reviewer)),) if state.reviewer else (),
        author_label=(state.reviewer,) if state.reviewer else (),
        mapping_source=str(names.decisions),
        mapping_date=state.time[:10],
        see_also=(str(state.current),),
        other="|".join(other),
        comment="; ".join([*comment, _explanation(c)]),
    )


def _labels(store: Store) -> dict[str, str]:
    index = read_index(store)
    return {item.iri: item.label or item.code for items in index.items.values() for item in items}


def export(store: Store, out: Path, *, mint: Minter | None = None) -> dict[str, int]:
    """Write the three files into the folder ``out``; returns the number of rows of each file name."""
    mint = minter_of(store, mint or Minter())
    names = Names(mint)
    found = [c for c in candidates(store, names, evidence=True).values() if c.state is not None and c.state.current is not None]
    labels = _labels(store) if found else {}
    written = {}
    for status, file_name in FILES.items():
        rows = sorted((mapping_of(c, names, labels) for c in found if c.status == status),
                      key=lambda m: (m.subject_id, m.object_id))
        key, title, description = _SETS[status]
        written[file_name] = write_sssom(
            rows, Path(out) / file_name, mapping_set_id=str(mint.iri("dataset", "sssom", key)), license=LICENSE,
            title=f"wsis-graph review: {title}", description=description, creator_label="wsis-graph reviewers",
            base=mint.base)
    return written


# -- Import ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of an imported file, checked."""

    line: int
    pid: str
    subject: URIRef
    object: URIRef
    subject_kind: str
    object_kind: str
    verdict: str
    relation: URIRef | None
    reviewer: str
    note: str


@dataclass
class Imported:
    """What an import did: decisions written, rows that already stood, conflicts (not written)."""

    decided: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    run: str = ""

    def summary(self) -> str:
        queued = f"; pairs never queued went into run {self.run!r}" if self.run else ""
        return (f"imported {len(self.decided)} decision(s), {len(self.unchanged)} already stood, "
                f"{len(self.conflicts)} conflict(s) left as they were{queued}")


def _scalar(text: str):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if text[:1] in ('"', "["):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text


def read_header(lines: list[str]) -> dict:
    """The ``#`` metadata block (the ``#`` taken off), in the plain YAML that our writer and sssom-py write:
    ``key: value`` lines, a value plain, single- or double-quoted or a JSON list, folded over indented
    lines; under a ``key:`` alone, indented ``key: value`` lines (the curie_map) or ``- value`` lines.
    Read without a YAML library, which the package does not depend on.

    >>> read_header(['curie_map:', '  skos: "http://www.w3.org/2004/02/skos/core#"', 'license: https://x.org/l'])
    {'curie_map': {'skos': 'http://www.w3.org/2004/02/skos/core#'}, 'license': 'https://x.org/l'}
    >>> read_header(['creator_label:', '- me', "title: 'a long", "  title'"])
    {'creator_label': ['me'], 'title': 'a long title'}
    """
    numbered = [(n, line.rstrip()) for n, line in enumerate(lines, start=1) if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for _, line in numbered), default=0)
    header: dict = {}
    texts: dict[str, str] = {}
    key = ""
    for number, line in numbered:
        line = line[indent:]
        stripped = line.strip()
        top_item = stripped.startswith("- ") and key and isinstance(header[key], list)
        if (line[:1] in (" ", "\t") or top_item) and key:
            if key in texts:  # a folded scalar
                texts[key] += " " + stripped
            elif stripped.startswith("- ") and isinstance(header[key], list):
                header[key].append(_scalar(stripped[2:]))
            elif ":" in stripped and isinstance(header[key], dict):
                name, _, value = stripped.partition(":")
                header[key][name.strip()] = _scalar(value)
            else:
                raise ReviewError(f"line {number}: the metadata block is not the YAML of SSSOM: {stripped[:60]!r}",
                                  code="bad_file")
            continue
        name, sep, value = stripped.partition(":")
        if not sep or not name.strip() or line[:1] in (" ", "\t"):
            raise ReviewError(f"line {number}: the metadata block is not 'key: value' YAML: {stripped[:60]!r}",
                              code="bad_file")
        key = name.strip()
        if value.strip():
            texts[key] = value.strip()
            header[key] = None
        else:
            following = next((ln[indent:].strip() for n, ln in numbered if n > number), "")
            header[key] = [] if following.startswith("- ") else {}
    for name, text in texts.items():
        header[name] = _scalar(text)
    return header


def _expand(value: str, curie_map: dict, line: int, column: str) -> str:
    value = value.strip()
    if "://" in value:
        return value
    prefix, sep, local = value.partition(":")
    if not sep or prefix not in curie_map:
        raise ReviewError(f"line {line}: {column} {value!r} is neither an IRI nor a CURIE of the curie_map", code="bad_file")
    return str(curie_map[prefix]) + local.replace("%7C", "|")


def _other(text: str) -> dict[str, str]:
    return {k: v for k, _, v in (part.partition("=") for part in (text or "").split("|")) if k}


def read_rows(text: str, store: Store, *, reviewer_fallback: str = "", base: str = "") -> list[Row]:
    """The rows of an SSSOM/TSV text, each checked against the graph (see the module docstring)."""
    lines = text.splitlines()
    head = [line[1:] for line in lines if line.startswith("#")]
    if lines[: len(head)] != ["#" + h for h in head]:
        raise ReviewError("the metadata block (lines starting with '#') must head the file", code="bad_file")
    header = read_header(head)
    curie_map = {**default_prefixes(base), **(header.get("curie_map") or {})} if isinstance(header.get("curie_map", {}), dict) else None
    if curie_map is None:
        raise ReviewError("line 1: curie_map is not a map of prefixes", code="bad_file")
    body = lines[len(head):]
    reader = csv.DictReader(io.StringIO("\n".join(body)), delimiter="\t")
    missing = [c for c in ("subject_id", "predicate_id", "object_id") if c not in (reader.fieldnames or [])]
    if missing:
        raise ReviewError(f"line {len(head) + 1}: the table has no column {', '.join(missing)}", code="bad_file")
    index = read_index(store)
    kinds = {item.iri: kind for kind, items in index.items.items() for item in items}
    rows: list[Row] = []
    for number, record in enumerate(reader, start=len(head) + 2):
        if None in record or any(v is None for v in record.values()):
            raise ReviewError(f"line {number}: the row does not have as many cells as the header", code="bad_file")
        cell = {k: (v or "").strip() for k, v in record.items()}
        subject = _expand(cell["subject_id"], curie_map, number, "subject_id")
        obj = _expand(cell["object_id"], curie_map, number, "object_id")
        for column, iri in (("subject_id", subject), ("object_id", obj)):
            if iri not in kinds:
                raise ReviewError(f"line {number}: {column} {iri} is not in the graph", code="unknown_node")
        predicate = cell["predicate_id"]
        if predicate not in PREDICATES:
            known = "a SKOS mapping predicate, but not one" if predicate in MAPPING_PREDICATES else "not a predicate"
            raise ReviewError(f"line {number}: predicate {predicate!r} is {known} a reviewed link has "
                              f"({', '.join(sorted(PREDICATES))})", code="unknown_predicate")
        modifier = cell.get("predicate_modifier", "")
        if modifier not in ("", "Not"):
            raise ReviewError(f"line {number}: predicate_modifier {modifier!r} is not 'Not'", code="bad_file")
        other = _other(cell.get("other", ""))
        verdict = "reject" if modifier == "Not" else "unsure" if other.get("wsis_verdict") == "unsure" else "accept"
        if other.get("wsis_verdict") and other["wsis_verdict"] != verdict:
            raise ReviewError(f"line {number}: wsis_verdict={other['wsis_verdict']} does not agree with the predicate "
                              f"modifier {modifier or '(none)'}", code="bad_file")
        subject_kind = other.get("wsis_subject_kind") or kinds[subject]
        object_kind = other.get("wsis_object_kind") or kinds[obj]
        try:
            relation = relation_of(other.get("wsis_relation"), subject_kind, object_kind) if verdict == "accept" else None
        except ReviewError as error:
            raise ReviewError(f"line {number}: {error.message}", code=error.code) from None
        reviewer = cell.get("author_label", "").split("|")[0].strip() or reviewer_fallback.strip()
        if not reviewer:
            raise ReviewError(f"line {number}: no reviewer (author_label); give one with --reviewer-fallback",
                              code="reviewer_required")
        note = unquote(other["wsis_note"]) if "wsis_note" in other else ""
        rows.append(Row(number, pair_id(subject, obj), URIRef(subject), URIRef(obj), subject_kind, object_kind,
                        verdict, relation, reviewer, note))
    return rows


def _run_name(store: Store, names: Names, moment: dt.datetime) -> str:
    graphs = set(store.graphs())
    stem = f"imported-{moment:%Y%m%d}"
    run, n = stem, 1
    while names.candidates(run) in graphs:
        n += 1
        run = f"{stem}-{n}"
    return run


def import_sssom(store: Store, text: str, *, reviewer_fallback: str = "", mint: Minter | None = None,
                 clock: Callable[[], dt.datetime] | None = None) -> Imported:
    """Record the decisions of an SSSOM/TSV text (see the module docstring).

    Raises:
        ReviewError: the file does not parse, names a node the graph lacks, a predicate the review does not
            use or no reviewer (400, nothing written).
    """
    mint = minter_of(store, mint or Minter())
    names = Names(mint)
    clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    rows = read_rows(text, store, reviewer_fallback=reviewer_fallback, base=mint.base)
    seen: dict[str, int] = {}
    for row in rows:
        if row.pid in seen:
            raise ReviewError(f"line {row.line}: the pair of line {seen[row.pid]} again ({row.pid})", code="bad_file")
        seen[row.pid] = row.line
    done = Imported()
    queued = candidates(store, names)
    fresh = [r for r in rows if r.pid not in queued]
    if fresh:
        done.run = _run_name(store, names, clock())
        index = read_index(store)
        items = {item.iri: item for items in index.items.values() for item in items}
        suggestions = [Suggestion(
            r.subject_kind, items[str(r.subject)].code, str(r.subject), items[str(r.subject)].label,
            r.object_kind, items[str(r.object)].code, str(r.object), items[str(r.object)].label,
            0.0, 0.0, 0.0, 0.0, method=IMPORT_METHOD) for r in fresh]
        kinds = sorted({(r.subject_kind, r.object_kind) for r in fresh})
        queue(store, suggestions, from_kind=kinds[0][0] if len(kinds) == 1 else "mixed",
              to_kind=kinds[0][1] if len(kinds) == 1 else "mixed", run=done.run, mint=mint, clock=clock)
        queued = candidates(store, names)
    states = pair_states(store, names)
    for row in rows:
        state = states.get(row.pid)
        status = {"accept": "accepted", "reject": "rejected", "unsure": "unsure"}[row.verdict]
        if state is not None and state.current is not None:
            if state.status == status and (row.relation is None or state.relation == row.relation):
                done.unchanged.append(f"line {row.line}: {row.pid} is {state.describe()} already")
            else:
                rel = f" ({relation_name(row.relation)})" if row.relation is not None else ""
                done.conflicts.append(f"line {row.line}: {row.pid} the file says {status}{rel} by {row.reviewer}; "
                                      f"the store has it {state.describe()}: left as it is")
            continue
        c = queued[row.pid]
        target = Target(row.pid, c.nodes[0], c.subject, c.object, c.subject_kind, c.object_kind)
        try:
            decide(store, row.pid, row.verdict, reviewer=row.reviewer,
                   relation=relation_name(row.relation) if row.relation is not None else None,
                   note=row.note, mint=mint, clock=clock, target=target)
        except ReviewError as error:  # refused by the shapes, or the pair changed meanwhile (409)
            raise ReviewError(
                f"line {row.line}: {error.message}; the {len(done.decided)} decision(s) of the lines before it were "
                "recorded: import the file again (rows already recorded are left as they are)",
                code=error.code, status=error.status) from None
        done.decided.append(f"line {row.line}: {row.pid} {status}")
    return done


__all__ = ["FILES", "Imported", "Row", "export", "import_sssom", "mapping_of", "read_header", "read_rows"]
