"""The Global Digital Compact's adopted text against the curated GDC tables.

For each numbered paragraph and lettered item of annex I:

* a curated row with that number gets the official words (``wsis:officialText``, with the part
  as ``wsis:inOfficialText``), unless its own-words summary reads like another part of the text
  far better than this one: then it is a *conflict*, left for a person;
* a number the curated tables lack becomes a node of its own, at the IRI the GDC source would
  give it (``GDC-11(c)``), marked ``verified`` with the imported document as its source: an item
  under an objective whose paragraph commits ("We commit to:") is a commitment, under its
  objective and section; the items of the Principles paragraph are principles, and the curated
  draft principles they replace are marked ``dct:isReplacedBy``; the items of the Objectives
  paragraph give the five objectives their words;
* a curated row whose number the text lacks is a conflict; a curated row with no number whose
  summary reads like a part of the text is listed as a candidate for a person.

Headings are read in English ("Objective 1.", "Principles", "Objectives"); another language adds
its words to the nodes the English reconciliation linked (through the shared part IRIs).
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from wsis_graph.namespaces import WSIS, sparql_prologue
from wsis_graph.texts.model import Part, TextStructure
from wsis_graph.texts.reconcile import curated
from wsis_graph.texts.reconcile.context import Context, Outcome, headings, normal, parent_ref, short
from wsis_graph.texts.reconcile.words import best_other, share

_OBJECTIVE = re.compile(r"^objective\s+([1-9])\b", re.IGNORECASE)
_PRINCIPLES = re.compile(r"^principles\b", re.IGNORECASE)
_OBJECTIVES = re.compile(r"^objectives\b", re.IGNORECASE)
_COMMITS = re.compile(r"\bcommit\b", re.IGNORECASE)
_LEAD = re.compile(r"^(?P<lead>[^.;:]{2,80})\.\s+\S")
#: A reference the Compact's numbering can name: 11, or 11(b).
_PLAIN_REF = re.compile(r"^[1-9][0-9]{0,2}(?:\([a-z]\))?$")
#: The symbol of the adopted Compact; a file that prints another one is a draft or another text.
ADOPTED_SYMBOL = "A/RES/79/1"

#: How little of a summary the official text of its own number may hold, and how much more another
#: part must hold, before the row is reported as a conflict rather than given the text.
LOW_SHARE = 0.25
CLEARLY_BETTER = 2.0
#: How much of a numberless row's summary a part must hold to be named as its candidate.
CANDIDATE_SHARE = 0.5

LEVELS = {"sub-section": 0, "objective": 1, "part": 2}


def reconcile(ctx: Context, structure: TextStructure) -> Outcome:
    """The reconciliation of the GDC's annex I with the curated GDC graph (see the module docstring)."""
    out = Outcome()
    if ctx.language != "en":
        _other_language(ctx, structure, out)
        return out
    held = curated.gdc(ctx.store, ctx.mint)
    parts = [p for p in structure.parts if p.kind in ("paragraph", "item")]
    texts = {p.ref: p.text for p in parts}
    by_number = {row.paragraph: row for row in held.rows if row.paragraph}
    objectives = {o.number: o for o in held.objectives}
    adopted: list[tuple[Part, URIRef, str]] = []
    read_as_other: set[str] = set()
    claimed = _claimed(held.rows, texts)
    adopted_text = structure.document.symbol.strip().upper() == ADOPTED_SYMBOL.upper()
    if not adopted_text:
        out.find("disagreement", "", "gdc", f"the file prints the symbol {structure.document.symbol or '(none)'!r}, not "
                 f"{ADOPTED_SYMBOL}: what is made from it is marked single-source, and no draft principle is replaced")
    for part in parts:
        above = list(headings(part))
        row = by_number.get(part.ref)
        if not _PLAIN_REF.match(part.ref):
            out.find("conflict", part.ref, f"GDC-{part.ref}", "the text numbers this part oddly (a repeated or missing "
                     "number, see the import's warnings); nothing was stated for it")
            continue
        if row is not None:
            _curated_row(ctx, out, part, row, texts)
        elif part.ref in claimed:
            out.find("conflict", part.ref, f"GDC-{part.ref}", f"not made from the text: the curated row {claimed[part.ref]} "
                     f"reads like it (see its conflict); a person decides which number is right")
            if part.kind == "item" and _COMMITS.search(_chapeau(part, structure)):
                out.add((ctx.part(part), WSIS.readAs, WSIS.GDCCommitment))
        elif any(_OBJECTIVES.match(h) for h in above) and part.kind == "item":
            _objective(ctx, out, part, objectives)
            read_as_other.add(part.ref)
        elif any(_PRINCIPLES.match(h) for h in above) and part.kind == "item":
            adopted.append(_principle(ctx, out, part, held, adopted_text))
            read_as_other.add(part.ref)
        else:
            _created(ctx, out, part, above, held, objectives, structure, adopted_text)
    if adopted_text:
        _supersede(out, adopted, held.principles)
    candidates = {ref: text for ref, text in texts.items() if ref not in read_as_other and "(" in ref}
    for row in held.rows:
        if row.paragraph and row.paragraph not in texts:
            out.find("conflict", "", row.ref, f"the curated table numbers this row {row.paragraph}, but the text has no "
                     f"paragraph or item {row.paragraph}; nothing was stated for it", row.node)
        elif not row.paragraph and row.summary:
            _candidate(out, row.ref, row.summary, candidates, row.node)
    return out


def _reads_elsewhere(row: curated.GdcRow, own_ref: str, texts: dict[str, str]) -> tuple[str, float, float] | None:
    """Where a curated row's summary reads far better than in its own part: ``(other ref, its share, own share)``."""
    if not row.summary or own_ref not in texts:
        return None
    own = share(row.summary, texts[own_ref])
    other = best_other(row.summary, texts, own_ref)
    if other and own < LOW_SHARE and other[1] >= max(own * CLEARLY_BETTER, 2 * LOW_SHARE):
        return other[0], other[1], own
    return None


def _claimed(rows: list[curated.GdcRow], texts: dict[str, str]) -> dict[str, str]:
    """The parts that a conflicting curated row reads like, by reference, with that row's ref: not made from the
    text, so that a misnumbered row and a new node do not both stand for one commitment."""
    found = {}
    for row in rows:
        if row.paragraph:
            elsewhere = _reads_elsewhere(row, row.paragraph, texts)
            if elsewhere:
                found[elsewhere[0]] = row.ref
    return found


def _curated_row(ctx: Context, out: Outcome, part: Part, row: curated.GdcRow, texts: dict[str, str]) -> None:
    """A curated row with the part's number: its official words, or a conflict when its summary reads elsewhere."""
    elsewhere = _reads_elsewhere(row, part.ref, texts)
    if elsewhere:
        other = elsewhere[0]
        out.find("conflict", part.ref, row.ref,
                 f"the curated summary (\u201c{short(row.summary)}\u201d) reads like {other} "
                 f"(\u201c{short(texts[other])}\u201d), not like {part.ref} (\u201c{short(part.text)}\u201d); "
                 "nothing was stated for it", row.node)
        if row.commitment:  # the text's commitment is still counted, as one the graph does not hold
            out.add((ctx.part(part), WSIS.readAs, WSIS.GDCCommitment))
        return
    out.official(ctx, row.node, part)
    if row.commitment:
        out.add((ctx.part(part), WSIS.readAs, WSIS.GDCCommitment))
    out.find("matched", part.ref, row.ref, "given its official text", row.node)
    if row.summary and share(row.summary, part.text) < LOW_SHARE:
        out.find("check", part.ref, row.ref, f"given the official text of {part.ref}, but its summary "
                 f"(\u201c{short(row.summary)}\u201d) shares few words with it (\u201c{short(part.text)}\u201d)", row.node)


def _objective(ctx: Context, out: Outcome, part: Part, objectives: dict[int, curated.Objective]) -> None:
    """An item of the Objectives paragraph: the objective of its letter gets its words."""
    number = ord(part.ref.rsplit("(", 1)[1][0]) - ord("a") + 1
    objective = objectives.get(number)
    if objective is None:
        out.find("conflict", part.ref, f"GDC-O{number}", "the text lists this objective, the curated table does not have it")
        return
    out.official(ctx, objective.node, part)
    out.add((ctx.part(part), WSIS.readAs, WSIS.GDCObjective))
    if share(objective.title, part.text) < 0.75:
        out.find("disagreement", part.ref, f"GDC-O{number}", f"the curated title (\u201c{objective.title}\u201d) differs "
                 f"from the text (\u201c{short(part.text)}\u201d); the text was stated beside it", objective.node)
    else:
        out.find("confirmed", part.ref, f"GDC-O{number}", "the title agrees with the text", objective.node)


def _principle(ctx: Context, out: Outcome, part: Part, held: curated.Gdc, adopted: bool = True) -> tuple[Part, URIRef, str]:
    """An item of the Principles paragraph: a principle of the adopted text (its part, node and label)."""
    node = ctx.mint.iri("gdc-principle", part.ref)
    lead = _LEAD.match(part.text)
    label = lead.group("lead") if lead else f"GDC paragraph {part.ref}"
    out.add(
        (node, RDF.type, WSIS.GDCPrinciple),
        (node, SKOS.notation, Literal(f"GDC-P{part.ref}")),
        (node, SKOS.prefLabel, Literal(label, lang="en")),
        (node, WSIS.paragraph, Literal(part.ref)),
        (node, WSIS.labelStatus, Literal("the lead words of the item in the imported text" if lead
                                          else "no lead words in the item: named by its paragraph")),
        (node, WSIS.confidence, WSIS.Verified if adopted else WSIS.SingleSource),
        (node, WSIS.sourceDocument, ctx.document),
        (ctx.part(part), WSIS.readAs, WSIS.GDCPrinciple),
    )
    if held.scheme is not None:
        out.add((node, SKOS.inScheme, held.scheme))
    out.official(ctx, node, part)
    out.find("created", part.ref, f"GDC-P{part.ref}", f"principle \u201c{label}\u201d from the adopted text", node)
    return part, node, label


def _supersede(out: Outcome, adopted: list[tuple[Part, URIRef, str]], drafts: list[curated.Principle]) -> None:
    """Each draft principle replaced by the adopted one of its letter, else of its name (the best match)."""
    for principle in drafts:
        if principle.confidence != WSIS.DraftOnly:
            continue
        found = next(((part, node, "its letter") for part, node, _ in adopted if principle.paragraph == part.ref), None)
        if found is None:
            scored = [(max(share(principle.label, label), share(principle.label, part.text[:160]) - 0.25), part.ref, part, node)
                      for part, node, label in adopted]
            best = max(scored, default=None, key=lambda s: (s[0], s[1]))
            if best is not None and best[0] >= 0.5:
                found = (best[2], best[3], "its name")
        if found is None:
            out.find("conflict", "", principle.ref, "no principle of the adopted text matches this draft principle "
                     f"(\u201c{principle.label}\u201d); it is left as it was", principle.node)
            continue
        part, node, how = found
        out.add((principle.node, DCTERMS.isReplacedBy, node))
        out.find("superseded", part.ref, principle.ref, f"the draft principle \u201c{principle.label}\u201d is replaced by "
                 f"{part.ref} of the adopted text (matched by {how})", principle.node)


def _created(ctx: Context, out: Outcome, part: Part, above: list[str], held: curated.Gdc,
             objectives: dict[int, curated.Objective], structure: TextStructure, adopted: bool = True) -> None:
    """A paragraph or item the curated tables lack: a node of its own, made from the text."""
    objective = next((objectives.get(int(m.group(1))) for h in above if (m := _OBJECTIVE.match(h))), None)
    section = _section(part, above, held, objective)
    if section is not None and section.level == "part":
        objective = None  # a part of its own (follow-up and review) stands under no objective
    elif section is not None and section.objective is not None:
        objective = next((o for o in objectives.values() if o.node == section.objective), objective)
    ref = f"GDC-{part.ref}"
    node = ctx.mint.iri("gdc-paragraph", ref)
    if section is None:
        out.find("conflict", part.ref, ref, "no section of the curated table holds this paragraph and its heading names "
                 "none; it was left out", node)
        return
    commitment = part.kind == "item" and objective is not None and _COMMITS.search(_chapeau(part, structure))
    out.add(
        (node, RDF.type, WSIS.GDCParagraph),
        (node, SKOS.notation, Literal(ref)),
        (node, DCTERMS.identifier, Literal(part.ref)),
        (node, SKOS.prefLabel, Literal(f"GDC paragraph {part.ref}", lang="en")),
        (node, WSIS.paragraph, Literal(part.ref)),
        (node, WSIS.recordType, Literal("commitment" if commitment else "paragraph")),
        (node, WSIS.paragraphStatus, Literal("read from the imported text")),
        (node, WSIS.confidence, WSIS.Verified if adopted else WSIS.SingleSource),
        (node, WSIS.sourceDocument, ctx.document),
        (node, WSIS.section, section.node),
        (section.node, SKOS.member, node),
    )
    if above:
        out.add((node, WSIS.sectionAsWorded, Literal(above[0])))
    if held.scheme is not None:
        out.add((node, SKOS.inScheme, held.scheme))
    if objective is not None:
        out.add((node, WSIS.objective, objective.node), (node, SKOS.broader, objective.node))
    if commitment:
        out.add((node, RDF.type, WSIS.GDCCommitment), (ctx.part(part), WSIS.readAs, WSIS.GDCCommitment))
    out.official(ctx, node, part)
    what = "commitment" if commitment else "paragraph"
    where = f" under objective {objective.number}" if objective else ""
    out.find("created", part.ref, ref, f"{what}{where}, section {section.ref}, from the text", node)


def _section(part: Part, above: list[str], held: curated.Gdc, objective: curated.Objective | None) -> curated.Section | None:
    """The curated section of a part: the one its nearest heading names, else the narrowest whose range holds its
    number, else its objective's block."""
    names = {normal(s.heading): s for s in held.sections}
    for heading in above:
        if normal(heading) in names:
            return names[normal(heading)]
    number = int(parent_ref(part.ref))
    holding = [s for s in held.sections if s.start is not None and s.end is not None and s.start <= number <= s.end]
    if holding:
        return min(holding, key=lambda s: (LEVELS.get(s.level, 3), s.end - s.start))
    if objective is not None:
        return next((s for s in held.sections if s.level == "objective" and s.objective == objective.node), None)
    return None


def _chapeau(part: Part, structure: TextStructure) -> str:
    parent = parent_ref(part.ref)
    return next((p.text for p in structure.parts if p.ref == parent and p.kind == "paragraph"), "")


def _candidate(out: Outcome, ref: str, summary: str, texts: dict[str, str], node: URIRef) -> None:
    found = best_other(summary, texts, "")
    if found and found[1] >= CANDIDATE_SHARE:
        out.find("candidate", found[0], ref, f"this row has no adopted number; its summary reads like {found[0]} "
                 f"(\u201c{short(texts[found[0]])}\u201d); a person may give it that number in the table", node)


def _other_language(ctx: Context, structure: TextStructure, out: Outcome) -> None:
    """Another language: its words on the nodes that the English reconciliation linked to the same parts."""
    parts = {ctx.part(p): p for p in structure.parts if p.kind in ("paragraph", "item")}
    rows = ctx.store.query(sparql_prologue() + """SELECT DISTINCT ?node ?part ?principle WHERE {
  GRAPH ?g { ?node wsis:inOfficialText ?part }
  BIND (EXISTS { GRAPH ?h { ?node a wsis:GDCPrinciple } } AS ?principle)
}""").rows
    linked = set()
    for node, part_iri, principle in rows:
        part = parts.get(part_iri)
        if part is None or not part.text or node in linked:
            continue
        out.add((node, WSIS.officialText, Literal(part.text, lang=ctx.language)), (node, WSIS.inOfficialText, part_iri))
        lead = _LEAD.match(part.text)
        if str(principle) == "true" and lead:
            out.add((node, RDFS.label, Literal(lead.group("lead"), lang=ctx.language)))
        linked.add(node)
    if not linked:
        out.find("conflict", "", ctx.key, f"no node is linked to the parts of this text yet: import the English text; "
                 f"its import gives the nodes their {ctx.language} words too (or run `wsis-graph texts reconcile "
                 f"{ctx.key} --language {ctx.language}`)")
    else:
        out.find("matched", "", ctx.key, f"{len(linked)} node(s) given their {ctx.language} words")
