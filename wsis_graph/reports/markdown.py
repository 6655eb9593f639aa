"""The report as Markdown: the same cover, summary and sections as the HTML, without the drawings.

Where the HTML has a chart, the Markdown names it with its provenance and gives the numbers it is
drawn from as a table (the first rows; the JSON and CSV formats hold all), so that the text can go
into a wiki page or a submission as it is.
"""

from __future__ import annotations

from wsis_graph.analysis.findings import unit_for
from wsis_graph.analysis.gdc_texts import GdcText, shorten
from wsis_graph.reports.charts import CHARTS, headline
from wsis_graph.reports.labels import short
from wsis_graph.reports.model import BRIEF_FINDINGS, FINDINGS_SHOWN, TABLE_ROWS_SHOWN, Provenance, Report, graph_name, number
from wsis_graph.reports.roadmap import WORDS, RoadmapSheet, source_label


def _esc(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    text = str(value)
    if text.startswith(("http://", "https://")) and not any(c in text for c in "|() \n"):
        return f"[{short(text)}]({text})"  # the code, linked to the full IRI
    if text.startswith(("http://", "https://")):
        text = short(text)
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split()) or " "


def _table(columns: list[str], rows: list[list], limit: int | None = None) -> list[str]:
    if not rows:
        return ["_No rows under these filters._"]
    lines = ["| " + " | ".join(_esc(c) for c in columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for row in rows[:limit] if limit else rows:
        cells = [_esc(v) for v in row][: len(columns)]
        cells += [""] * (len(columns) - len(cells))  # every row as many cells as the header: GFM drops or pads otherwise
        lines.append("| " + " | ".join(cells) + " |")
    if limit and len(rows) > limit:
        lines.append("")
        lines.append(f"_Showing {limit} of {len(rows)} rows; the JSON and CSV formats list all._")
    return lines


def _coverage(coverage: dict) -> str:
    """How much of the adopted GDC the graph holds, and how to import it when it is not."""
    text = f"**{coverage['sentence']}**"
    if coverage.get("import_command"):
        text += (f" To bring it in: `{coverage['import_command']}`, where FILE is {coverage['import_file']}. Until then "
                 "the words of the GDC paragraphs and commitments in this report are our own summaries.")
    elif coverage.get("remedy"):
        text += " " + coverage["remedy"]
    return text


def _gdc_line(text: GdcText, width: int | None = None) -> str:
    """``GDC-11(b), paragraph 11(b), objective GDC-O1 Close all …: *Summary (our own words):* …``."""
    head = ", ".join(p for p in (text.code, text.paragraph, f"objective {text.objective_name}" if text.objective_name else None) if p)
    words = text.marked(width).replace("\n", " ")
    label, _, said = words.partition(": ")
    return f"{head}: _{label}:_ {said}" if said else f"{head}: {words}"


def render_markdown(report: Report | RoadmapSheet) -> str:
    if getattr(report, "kind", "report") == "roadmap":
        return render_roadmap_markdown(report)
    cover = report.cover
    out = [f"# {cover.title}", "", f"_{cover.subtitle}_", ""]
    out += [
        f"- **Data version:** {cover.data_version or 'unknown (the store has no dataset description)'}",
        f"- **Date of the report:** {cover.date}",
    ]
    if cover.scope:
        out.append(f"- **Scope:** {cover.scope['label']}")
    out += [
        f"- **Store:** `{cover.store or '—'}`",
        f"- **Named graphs:** {', '.join(cover.graphs) or '—'}",
        f"- **Confidence marks:** {', '.join(cover.confidence) if cover.confidence else 'all marks'}",
        f"- **Proposal sets:** {'included' if cover.proposals else 'excluded'}",
        f"- **Practice records:** {'included' if cover.records else 'excluded'}",
        f"- **Made by:** {cover.generator}",
    ]
    if cover.gdc_coverage:
        out.append(f"- **Adopted text of the GDC:** {_coverage(cover.gdc_coverage)}")
    out += ["", *_summary(report), *_limitations(report), "## Key figures", ""]
    if report.summary and not report.brief:
        if cover.scope:
            out += [f"_Key figures: the analyses' totals over the whole projection, for context; the findings, tables and "
                    f"chart data below are narrowed to {cover.scope['label']}._", ""]
        out += _table(["Figure", "Value", "Analysis"], [[f.label, f.display, f"`{f.analysis}` ({f.name})"] for f in report.summary])
        out.append("")
    rows = []
    shown_findings = BRIEF_FINDINGS if report.brief else FINDINGS_SHOWN
    for section in report.sections:
        for group in section.groups:
            rows.append([section.result.title, f"{group.title} (`{group.kind}`)", len(group.findings)])
        if not section.groups:
            rows.append([section.result.title, "no findings", 0])
    out += _table(["Analysis", "Finding kind", "Findings"], rows)
    out.append("")
    scoped = [f for r in report.results for f in r.findings]
    if cover.scope and scoped and len(scoped) <= 40:
        out += [f"### What the analyses find about {cover.scope['label']}", ""]
        for f in scoped:
            out.append(f"- {f.text}" + (f" ({f.confidence})" if f.confidence else ""))
            out += [f"  - {_gdc_line(t, 240)}" for t in report.items_of(f)[0]]
        out.append("")

    if report.profile:
        out += [f"## Profile of {cover.scope['label']}", ""]
        for table in report.profile:
            params = ", ".join(f"`{k}={v}`" for k, v in table.parameters.items())
            out += [f"### {table.title}", "", f"> Named query `{table.query}` with {params}. {table.note} {len(table.rows)} rows.", ""]
            out += _table(table.columns, table.rows) if table.rows else ["_The query returned no rows._"]
            out.append("")

    figures = 0
    for index, section in enumerate(report.sections, 1):
        result = section.result
        out += [f"## {index}. {result.title}", ""]
        if result.description:
            out += [result.description, ""]
        out += [f"> {section.provenance.text()}", ""]
        for table in result.tables:
            if table.name in CHARTS:
                subject, _, reading = CHARTS[table.name]
                figure = ""
                if table.rows:  # numbered as the HTML numbers its drawn charts, across the report
                    figures += 1
                    figure = f"Figure {figures}. "
                out += [f"### {figure}{headline(table)}", "", f"> _Chart data: {subject}._ {reading} "
                        f"{Provenance.of(result, _options(report), table.name).text()} The HTML and PDF formats draw this table.", ""]
                out += _table(table.columns, table.rows, TABLE_ROWS_SHOWN)
                out.append("")
        for group in section.groups:
            out += [f"### {group.title} (`{group.kind}`, {len(group.findings)})", ""]
            for f in group.findings[:shown_findings]:
                line = "- " + " ".join(f.text.split())  # one list item, whatever line breaks the text holds
                extra = []
                if f.figure is not None:
                    extra.append(f"{_esc(f.figure)}{' ' + unit_for(f.figure, f.unit) if f.unit else ''}")
                if f.confidence:
                    extra.append(f"confidence: {f.confidence}")
                if f.evidence:
                    sources = sorted({short(e.graph) for e in f.evidence if e.graph})
                    extra.append(f"{len(f.evidence)} links" + (f" in {', '.join(sources)}" if sources else ""))
                if extra:
                    line += " — " + "; ".join(extra)
                notes = report.notes(result.analysis, f)
                if notes:
                    line += " _(" + " ".join(notes) + ")_"
                out.append(line)
                out += [f"  - {_gdc_line(t, 240)}" for t in report.items_of(f)[0]]
            if len(group.findings) > shown_findings:
                out.append(f"- _… and {len(group.findings) - shown_findings} more; "
                           f"{'the full report, ' if report.brief else ''}the JSON and CSV formats list all._")
            out.append("")
        if not section.groups:
            out += ["_This analysis made no findings on these data._", ""]
        for table in section.tables:
            if table.name in CHARTS or report.brief:
                continue
            out += [f"### Table: {table.title} (`{table.name}`)", ""]
            out += _table(table.columns, table.rows, TABLE_ROWS_SHOWN)
            out.append("")
    if report.gdc_texts and not report.brief:
        out += ["## Appendix: what the GDC paragraphs and commitments of this report say", ""]
        if cover.gdc_coverage:
            out += [_coverage(cover.gdc_coverage), ""]
        out += ["Each is given in the words of the adopted text where it has been imported (_Official text_), otherwise in "
                "our own words (_Summary (our own words)_), which are not the adopted wording.", ""]
        out += [f"- {_gdc_line(t)}" + (f" ({t.confidence})" if t.confidence else "") for t in report.gdc_texts.values()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _summary(report: Report) -> list[str]:
    """The written executive summary: the lead sentence, then each key message with its figure, its
    evidence (the section that holds it), its recommendation and the limitations that touch it."""
    from wsis_graph.reports.summary import lead

    out = ["## Executive summary", "", lead(report), ""]
    numbers = {section.anchor: (i, section.result.title) for i, section in enumerate(report.sections, 1)}
    for i, m in enumerate(report.messages, 1):
        out += [f"### {i}. {m.headline}", "", f"**{m.figure}** {m.figure_label}.", ""]
        where = numbers.get(m.anchor)
        out += [m.text + (f" Evidence: section {where[0]}, {where[1]}." if where else ""), ""]
        if m.recommendation:
            out += [f"> **Recommendation.** {m.recommendation}", ""]
        out += [f"_Limitation: {note}_" for note in m.notes] + ([""] if m.notes else [])
    return out


def _limitations(report: Report) -> list[str]:
    """The limits of the data, read before the findings."""
    out = ["## Data limitations", "", "Read these before the findings: a finding may be a hole in the data rather than a gap "
           "in the world. Where a limitation touches a finding, the finding carries a note.", ""]
    for item in report.limitations:
        out += [f"### {item.title}", "", item.text, ""]
        if item.rows:
            out += _table(["", "figure"], [list(row) for row in item.rows]) + [""]
    return out


def _source(url: str | None) -> str:
    return f"[{source_label(url)}]({url})" if url else "no source document"


def _more(sheet: RoadmapSheet, hidden: int, what: str) -> list[str]:
    if not hidden:
        return []
    code = sheet.roadmap.action_line.code
    where = sheet.cover.full_lists or f"the workbook (--format xlsx) and the web page /roadmap/{code} list all"
    return ["", f"_… and {hidden} more {what}; {where}._"]


def render_roadmap_markdown(sheet: RoadmapSheet) -> str:
    """A roadmap sheet (:mod:`wsis_graph.reports.roadmap`) as Markdown: the same sections and cuts as its HTML."""
    r, cover = sheet.roadmap, sheet.cover
    code = r.action_line.code
    out = [f"# {cover.title}", "", f"_{cover.subtitle}_", "",
           f"Data version {cover.data_version or 'unknown'} · {cover.date} · named graphs {', '.join(cover.graphs)} · {cover.generator}", "",
           " · ".join(f"**{n}** {label}" for label, n in sheet.counts), ""]
    several = len(r.lines) > 1
    out += ["## 1. Facilitators and their roles", ""]
    shown, hidden = sheet.cut("facilitators", r.facilitators)
    if shown:
        columns = ["Entity", "Role", "Period"] + (["For"] if several else []) + ["Mark", "Source"]
        rows = [[f"{f.entity.code} {f.entity.label or ''}".strip(), f.role,
                 f.period + (" (not confirmed recently)" if f.current and f.recent == "no" else "")] + ([f.line] if several else [])
                + [f.statement.confidence, _source(f.statement.source)] for f in shown]
        out += _table(columns, rows) + _more(sheet, hidden, "roles")
    else:
        out.append(f"_No facilitation statement in the graph names an entity for {code}._")
    out += ["", "## 2. GDC commitments it carries", ""]
    for group, note, shown, hidden in sheet.groups:
        out += [f"### {group.capitalize()} ({len(r.group(group))}): {note}", ""]
        if not shown:
            out += [{"reviewed": "_No link reviewed and accepted yet._",
                     "curated": f"_No source table links a GDC commitment to {code} directly._",
                     "suggested": "_No candidate waits in the review queue._"}[group], ""]
            continue
        for c in shown:
            head = c.item.code or c.item.iri
            if c.text:
                head += f", {c.text.paragraph}" + (f", {c.text.objective_code}" if c.text.objective_code else "")
            if c.group == "suggested":
                how = f"candidate `{c.candidate.pid}`, score {c.candidate.score:.2f}, run {', '.join(c.candidate.runs)}"
            else:
                s = c.statements[0]
                how = f"{s.relation}, {c.confidence or 'no mark'}, " + (
                    f"accepted{' by ' + c.reviewer if c.reviewer else ''}{', ' + s.date if s.date else ''}" if s.kind == "reviewed"
                    else f"{_source(s.source)} ({graph_name(s.graph) if s.graph else 'no graph'})")
            out.append(f"- **{head}** ({how})")
            if c.text is not None:
                out.append(f"  - {_gdc_line(c.text, WORDS['commitment']).split(': ', 1)[-1]}")
        out += _more(sheet, hidden, f"{group} commitments") + [""]
    if r.meetings:
        shown, hidden = sheet.cut("meetings", r.meetings)
        met = ", ".join(f"{m.commitment.code} ({m.at} {m.where})" for m in shown) + (f" and {hidden} more" if hidden else "")
        out += [f"**Not carried, but met:** {len(r.meetings)} commitment(s) meet {code} only at an SDG goal or target, "
                f"or name one of its facilitators: {met}.", ""]
    out += ["## 3. SDG targets it serves", ""]
    shown, hidden = sheet.cut("targets", r.targets)
    if shown:
        rows = [[t.item.code + (f" ({', '.join(t.lines)})" if several else ""), shorten(t.item.label or "", WORDS["target"]),
                 (t.confidence or "no mark") + (" (reviewed)" if t.kind == "reviewed" else ""), _source(t.statements[0].source)]
                for t in shown]
        out += _table(["Target", "Text", "Mark", "Source"], rows) + _more(sheet, hidden, "targets")
    else:
        out.append(f"_No link from {code} to an SDG target or goal in the graph._")
    out += ["", "## 4. Human-rights provisions it touches", ""]
    shown, hidden = sheet.cut("provisions", r.provisions)
    if shown:
        rows = [[p.item.code, shorten(p.item.label or "", WORDS["provision"]),
                 ", ".join(p.routes) + (f" via {', '.join(p.via)}" if p.via else ""), p.confidence or "no mark",
                 ", ".join(_source(s) for s in p.sources) or "no source document"] for p in shown]
        out += _table(["Provision", "Subject", "Route", "Mark", "Sources"], rows) + _more(sheet, hidden, "provisions")
    else:
        out.append(f"_{code} touches no human-rights provision by any route in the graph._")
    out += ["", "## 5. Open gaps", ""]
    shown, hidden = sheet.cut("gaps", r.gaps)
    if len(r.gaps) > len(shown):
        out += ["By kind: " + ", ".join(f"`{kind}` {n}" for kind, n in r.gap_kinds) + ".", ""]
    out += [f"- `{g.kind}` {g.text} ({g.confidence or 'no mark'})" for g in shown] or [f"_The gap analyses find nothing to fix about {code}._"]
    out += _more(sheet, hidden, "gaps")
    out += ["", "## 6. Waiting for review", ""]
    shown, hidden = sheet.cut("waiting", r.waiting)
    unsure = f", and {r.unsure} marked unsure" if r.unsure else ""
    out += [f"**{len(r.waiting)}** candidate(s) involving {code} wait for a decision{unsure}.", ""]
    if shown:
        out += _table(["Id", "Pair", "Score", "Run"], [[f"`{w.pid}`", f"{w.subject_code} → {w.object_code} ({w.subject_kind} → {w.object_kind})",
                                                        f"{w.score:.2f}", ", ".join(w.runs)] for w in shown])
        out += _more(sheet, hidden, "candidates")
    out += ["", "---", "", "Every row carries the confidence mark and the source its link has in the graph. GDC words marked _Official text_ are the adopted text; _Summary (our own words)_ are "
            "ours, not the adopted wording." + (f" {cover.gdc_coverage['sentence']}" if cover.gdc_coverage else "")]
    return "\n".join(out).rstrip() + "\n"


def _options(report: Report):
    from wsis_graph.analysis.options import ProjectionOptions

    return ProjectionOptions(records=report.cover.records, proposals=report.cover.proposals)
