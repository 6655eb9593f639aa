"""The Tunis Agenda's annex table of Action Line facilitators against the curated facilitation table.

Each row of the annex names an Action Line (``C1.`` … ``C11.``, or an application of C7 by its
name) and the bodies that may moderate or facilitate it, separated by slashes ("UNDP/ITU"). A
Word or HTML table keeps the cells apart; a PDF puts them on one line, so the first body is
found as the longest known name at the end of the row's first cell. Every body recognised
becomes a facilitation statement (``wsis:Facilitation``, role ``wsis:Facilitator``: the annex does
not say who leads), with the Agenda as its source, beside the curated statements. A body the
graph does not know is reported and not stated; where the annex and the curated table name
different bodies for an Action Line, the difference is listed as a disagreement and both stand.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD, ORG

from wsis_graph.namespaces import WSIS
from wsis_graph.texts.model import TextStructure
from wsis_graph.texts.reconcile import curated
from wsis_graph.texts.reconcile.context import ACTION_LINE_CODE, Context, Outcome, normal

_YEAR = "2005"
ROLE_AS_WORDED = "moderator/facilitator named in the annex of the Tunis Agenda"


def reconcile(ctx: Context, structure: TextStructure) -> Outcome:
    """The annex rows as facilitation statements, and where they differ from the curated roles."""
    out = Outcome()
    lines = curated.action_lines(ctx.store, ctx.mint)
    entities = [n for n in curated.named_things(ctx.store, ctx.mint) if n.kind == "entity"]
    index = _name_index(entities)
    roles = curated.roles(ctx.store, ctx.mint)
    rows = 0
    for part in structure.parts:
        if not part.ref.startswith("annex") or not part.text:
            continue
        line, rest = _action_line(part.text, lines)
        if line is None:
            continue
        rows += 1
        named, unknown = _bodies(rest, index)
        for name in unknown:
            out.find("conflict", part.ref, line.code, f"the annex names \u201c{name}\u201d, which is no entity of the graph; "
                     "not stated (add the entity to the curated table, then import the text again)")
        for entity in named:
            _state(ctx, out, part, line, entity)
        _compare(out, part.ref, line, {e.code for e in named}, roles)
    if not rows:
        out.find("conflict", "", ctx.key, "no row of an annex names an Action Line with its facilitators; nothing was stated")
    return out


def _name_index(entities: list[curated.Named]) -> dict[str, curated.Named]:
    index = {}
    for entity in entities:
        for name in entity.names:
            index[normal(name)] = entity
            index[normal(name).replace(" ", "")] = entity
    return index


def _action_line(text: str, lines: list[curated.ActionLine]) -> tuple[curated.ActionLine | None, str]:
    """The Action Line a row of the annex names, and what follows its name."""
    by_code = {line.code.upper(): line for line in lines}
    m = ACTION_LINE_CODE.match(text)
    if m and m.group(1).upper() in by_code:
        line = by_code[m.group(1).upper()]
        rest = m.group(2)
        for sub in lines:  # "C7. E-business …": the application, not C7 itself
            name = sub.geneva_name or sub.name
            if sub.code.startswith(f"{line.code}.") and name and normal(rest).startswith(normal(name)):
                return sub, _after(rest, name)
        for name in (line.geneva_name, line.name):
            if name and normal(rest).startswith(normal(name)):
                return line, _after(rest, name)
        return line, rest
    folded = normal(text)
    for line in lines:
        name = line.geneva_name or line.name
        if "." in line.code and name and folded.startswith(normal(name)):
            return line, _after(text, name)
    return None, ""


def _after(text: str, name: str) -> str:
    """``text`` after its first words, those that spell ``name`` (compared as :func:`normal` folds them)."""
    target = normal(name)
    words = text.split()
    for n in range(1, len(words) + 1):
        if normal(" ".join(words[:n])) == target:
            return " ".join(words[n:])
    return text


def _bodies(rest: str, index: dict[str, curated.Named]) -> tuple[list[curated.Named], list[str]]:
    """The bodies a row names after its Action Line: slash-separated, the first one the longest known name at
    the end of its cell."""
    cells = [c.strip(" \t[]();,.") for c in re.split(r"/|;|\n", rest)]
    cells = [c for c in cells if c]
    named: list[curated.Named] = []
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        entity = index.get(normal(cell)) or index.get(normal(cell).replace(" ", ""))
        if entity is None and position == 0:
            words = cell.split()
            for start in range(len(words)):
                tail = " ".join(words[start:])
                entity = index.get(normal(tail)) or index.get(normal(tail).replace(" ", ""))
                if entity is not None:
                    break
            else:
                if len(words) > 6:  # the rest of the Action Line's name, not a body
                    continue
        if entity is None:
            unknown.append(cell)
        elif entity not in named:
            named.append(entity)
    return named, unknown


def _state(ctx: Context, out: Outcome, part, line: curated.ActionLine, entity: curated.Named) -> None:
    node = ctx.mint.iri("facilitation", line.code, entity.code, "facilitator", "tunis-agenda")
    out.add(
        (node, RDF.type, WSIS.Facilitation),
        (node, RDFS.label, Literal(f"{entity.code} facilitator of {line.code} (Tunis Agenda, annex)", lang="en")),
        (node, WSIS.facilitator, entity.node),
        (node, WSIS.actionLine, line.node),
        (node, ORG.role, WSIS.Facilitator),
        (node, WSIS.roleAsWorded, Literal(ROLE_AS_WORDED)),
        (node, WSIS.dateAsWorded, Literal(_YEAR)),
        (node, WSIS.periodStart, Literal(_YEAR, datatype=XSD.gYear)),
        (node, WSIS.sourceDocument, ctx.document),
        (node, WSIS.sourceDocument, ctx.part(part)),
        (node, WSIS.confidence, WSIS.Verified),
        (line.node, WSIS.facilitatedBy, entity.node),
    )
    out.find("created", part.ref, line.code, f"{entity.code} as facilitator, from the annex", node)


def _compare(out: Outcome, ref: str, line: curated.ActionLine, annex: set[str], roles: list[curated.Role]) -> None:
    """Where the annex and the curated roles of an Action Line name different bodies."""
    mine = [r for r in roles if r.action_line == line.code]
    held = {r.entity for r in mine}
    for code in sorted(annex - held):
        out.find("disagreement", ref, line.code, f"the annex names {code}; the curated table gives {code} no role for "
                 f"{line.code}")
    early = {r.entity: r for r in mine if _starts_by(r.period, 2006)}
    for code in sorted(set(early) - annex):
        role = early[code]
        out.find("disagreement", ref, line.code, f"the curated table has {code} as {role.worded} ({role.period}); "
                 f"the annex does not name it")
    if annex and annex <= held:
        out.find("confirmed", ref, line.code, f"the curated table gives a role to each body the annex names "
                 f"({', '.join(sorted(annex))})")


def _starts_by(period: str, year: int) -> bool:
    m = re.match(r"\s*(\d{4})", period)
    return bool(m) and int(m.group(1)) <= year


__all__ = ["ROLE_AS_WORDED", "reconcile"]
