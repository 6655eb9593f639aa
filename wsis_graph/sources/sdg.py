"""The SDG source: goals, targets, indicators, their listings and tiers, and labels in six languages.

Reads the tables of ``data/sources/sdg/``:

* ``goals.csv`` and ``targets.csv``: the 17 goals and 169 targets (``wsis:SDGGoal``,
  ``wsis:SDGTarget``) under the UN's own IRIs, with their Wikidata and SDGIO matches;
* ``indicators.csv``: one row per indicator listing of the framework (248). Rows that share a UN
  code, or that the table declares repeats of each other, are one indicator (``wsis:SDGIndicator``,
  231 of them) listed under several targets. Each row becomes a ``wsis:IndicatorListing`` and a
  dated ``wsis:TierClassification``;
* ``labels.csv``: labels in ar, en, es, fr, ru and zh-Hans from the open-sdg translations (made by
  ``convert_translations.py``). The English labels in the graph are the official texts of the
  CSV tables; the English translation rows are only compared with them;
* ``sources.csv``: the documents the tables were taken from.

Every goal, target and indicator is registered for later sources: goals by number (``1``), targets
by code (``1.1``), indicators by framework number (``1.1.1``, ``11.5.1``) and by UN code
(``C010101``), all of a repeated indicator's numbers and codes leading to the one indicator.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from wsis_graph import uris
from wsis_graph.namespaces import WSIS
from wsis_graph.sources.base import (
    SourceContext,
    add_concept,
    add_date,
    add_sources,
    add_text,
    add_top_concept,
    concept_scheme,
    rows_by_id,
)
from wsis_graph.tables import Row, SourceError, Table

GOAL_CODE = re.compile(r"[1-9]|1[0-7]")
TARGET_CODE = re.compile(r"(?:[1-9]|1[0-7])\.(?:[1-9][0-9]?|[a-z])")
INDICATOR_NUMBER = re.compile(r"(?:[1-9]|1[0-7])\.(?:[1-9][0-9]?|[a-z])\.[1-9][0-9]?")
#: ``C`` + goal (two digits, or 20 for cross-goal repeats) + target (two digits or 0 + letter) + sequence.
UN_CODE = re.compile(r"C[0-9]{2}(?:[0-9]{2}|0[a-z])[0-9]{2}")
WIKIDATA_URI = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*")
SDGIO_URI = re.compile(r"http://purl\.unep\.org/sdg/SDGIO_[0-9]{8}")
TIER = re.compile(r"Tier (?:I|II|III)(?:[ /(].*)?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
COUNT = re.compile(r"0|[1-9][0-9]*")
SOURCE_ID = re.compile(r"S[1-9][0-9]*")
URL = re.compile(r"https?://\S+")
AGENCY = re.compile(r"[^,;]+")
BOOLEAN = ("true", "false")

#: Label languages as BCP 47 tags. Chinese is tagged zh-Hans because the UN texts are in
#: simplified script; a query for "zh" still finds them (langMatches).
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh-Hans")
LABEL_FIELDS = {"goal": ("title", "short"), "target": ("title",), "indicator": ("title",)}

#: What each source of sources.csv supports.
FRAMEWORK, KOS, TIERS, TRANSLATIONS = "S1", "S2", "S3", "S4"
SOURCE_ROLES = {
    FRAMEWORK: "the framework texts and codes",
    KOS: "the UN IRIs and matches",
    TIERS: "the tier classification",
    TRANSLATIONS: "the translations",
}

GOAL_COLUMNS = ("code", "title", "full_title", "un_uri", "wikidata_uri", "sdgio_uri", "footnote")
TARGET_COLUMNS = ("code", "goal", "title", "un_uri", "indicator_count", "sdgio_uri", "note")
INDICATOR_COLUMNS = (
    "code",
    "goal",
    "target",
    "title",
    "un_indicator_id",
    "un_uri",
    "un_uri_in_2020_kos_dump",
    "tier",
    "tier_as_of",
    "custodian_agencies",
    "custodian_agency_list",
    "is_repeat",
    "is_primary",
    "also_listed_as",
    "also_under_targets",
    "repeat_note",
    "footnote",
)
LABEL_COLUMNS = ("kind", "code", "lang", "field", "label")
SOURCE_COLUMNS = ("id", "role", "title", "url", "citation")

SCHEME_NAME = "sdg"
#: The scheme's English label and definition.
SCHEME_LABEL = "Sustainable Development Goals"
SCHEME_DEFINITION = (
    "The goals and targets of the 2030 Agenda and the indicators of the global indicator framework "
    "(after the 2024 refinement), under the UN's own IRIs."
)


@dataclass
class Listing:
    """One row of indicators.csv, checked."""

    number: str
    target: str
    un_code: str
    is_primary: bool
    partners: list[str]
    partner_targets: list[str]
    row: Row
    iri: URIRef | None = None
    indicator: URIRef | None = None


@dataclass
class Framework:
    """What the tables declare, by code, as the build goes along."""

    scheme: URIRef
    sources: dict[str, str]
    goals: dict[str, tuple[URIRef, Row]] = field(default_factory=dict)
    targets: dict[str, tuple[URIRef, Row]] = field(default_factory=dict)
    listings: dict[str, Listing] = field(default_factory=dict)


def build(ctx: SourceContext) -> Graph:
    """Build the SDG graph: goals, targets, indicators, listings, tier classifications, labels.

    Args:
        ctx: the build context of ``data/sources/sdg``.

    Raises:
        SourceError: as for every source (see :mod:`wsis_graph.sources`); for example a target
            filed under the wrong goal or a code with a look-alike letter.
    """
    graph = ctx.new_graph()
    sources = add_source_documents(graph, ctx)
    scheme = concept_scheme(graph, ctx.mint.scheme(SCHEME_NAME), SCHEME_LABEL, SCHEME_DEFINITION)
    add_sources(graph, scheme, [sources[s] for s in SOURCE_ROLES])
    framework = Framework(scheme=scheme, sources=sources)
    add_goals(graph, ctx, framework)
    targets_table = add_targets(graph, ctx, framework)
    add_indicators(graph, ctx, framework)
    check_indicator_counts(targets_table, framework)
    add_labels(graph, ctx, framework)
    return graph


# -- Sources ---------------------------------------------------------------------------------------


def add_source_documents(graph: Graph, ctx: SourceContext) -> dict[str, str]:
    """Describe each document of sources.csv once (title, citation, what it gave).

    Returns:
        The URL of each source by id.
    """
    table = ctx.table("sources.csv", SOURCE_COLUMNS)
    urls: dict[str, str] = {}
    for source_id, row in rows_by_id(table, "id", SOURCE_ID, "source id", "source", twice="is listed twice"):
        url = row.code("url", URL, "source URL")
        urls[source_id] = url
        node = URIRef(url)
        graph.add((node, DCTERMS.title, Literal(row.require("title"), lang="en")))
        graph.add((node, DCTERMS.bibliographicCitation, Literal(row.require("citation"))))
        graph.add((node, DCTERMS.description, Literal(f"Used for: {row.require('role')}", lang="en")))
    for source_id, role in SOURCE_ROLES.items():
        if source_id not in urls:
            raise SourceError(table.display_name, None, "id", f"source {source_id} ({role}) is not listed")
    return urls


# -- Goals and targets -----------------------------------------------------------------------------


def add_goals(graph: Graph, ctx: SourceContext, framework: Framework) -> None:
    """One ``wsis:SDGGoal`` per row: the goal statement as label, the short title as alternative."""
    table = ctx.table("goals.csv", GOAL_COLUMNS)
    for code, row in rows_by_id(table, "code", GOAL_CODE, "SDG goal code", "goal", name_first=True):
        iri = uris.sdg_goal(code)
        check_un_uri(row, iri)
        ctx.registry.add(code, iri, "sdg-goal", row)
        framework.goals[code] = (iri, row)
        add_concept(graph, iri, WSIS.SDGGoal, code, row.require("full_title"), framework.scheme)
        graph.add((iri, SKOS.altLabel, Literal(row.require("title"), lang="en")))
        add_top_concept(graph, iri, framework.scheme)
        add_match(graph, iri, row, "wikidata_uri", WIKIDATA_URI, "Wikidata IRI")
        add_match(graph, iri, row, "sdgio_uri", SDGIO_URI, "SDGIO IRI")
        add_text(graph, iri, SKOS.note, row.get("footnote"))
        add_sources(graph, iri, [framework.sources[FRAMEWORK], framework.sources[KOS]])


def add_targets(graph: Graph, ctx: SourceContext, framework: Framework) -> Table:
    """One ``wsis:SDGTarget`` per row, filed under the goal its code starts with.

    Returns:
        The table, for the check of its indicator counts once the indicators are read.
    """
    table = ctx.table("targets.csv", TARGET_COLUMNS)
    for code, row in rows_by_id(table, "code", TARGET_CODE, "SDG target code", "target", name_first=True):
        goal = row.code("goal", GOAL_CODE, "SDG goal code")
        goal_iri = ctx.registry.resolve(goal, row, "goal", kinds=["sdg-goal"])
        if code.split(".")[0] != goal:
            raise row.error(
                "goal", f"target {code!r} is filed under goal {goal!r}, but its code puts it under goal {code.split('.')[0]!r}"
            )
        iri = uris.sdg_target(code)
        check_un_uri(row, iri)
        row.code("indicator_count", COUNT, "indicator count")
        ctx.registry.add(code, iri, "sdg-target", row)
        framework.targets[code] = (iri, row)
        add_concept(graph, iri, WSIS.SDGTarget, code, row.require("title"), framework.scheme)
        graph.add((iri, WSIS.goal, goal_iri))
        add_parent(graph, iri, goal_iri)
        add_match(graph, iri, row, "sdgio_uri", SDGIO_URI, "SDGIO IRI")
        add_text(graph, iri, SKOS.note, row.get("note"))
        add_sources(graph, iri, [framework.sources[FRAMEWORK], framework.sources[KOS]])
    return table


def add_parent(graph: Graph, iri: URIRef, parent: URIRef) -> None:
    """``skos:broader``/``narrower`` between a target and its goal, or an indicator and its target."""
    graph.add((iri, SKOS.broader, parent))
    graph.add((parent, SKOS.narrower, iri))


def check_un_uri(row: Row, expected: URIRef) -> None:
    """The table's ``un_uri`` must be the IRI the code gives."""
    value = row.require("un_uri")
    if value != str(expected):
        raise row.error("un_uri", f"{value!r} is not the UN IRI of this code ({expected})")


def add_match(graph: Graph, iri: URIRef, row: Row, column: str, pattern: re.Pattern[str], what: str) -> None:
    """``skos:exactMatch``, as the UN KOS states it, where the row gives a match."""
    value = row.code(column, pattern, what, required=False)
    if value:
        graph.add((iri, SKOS.exactMatch, URIRef(value)))


# -- Indicators, listings, tiers ---------------------------------------------------------------------


def add_indicators(graph: Graph, ctx: SourceContext, framework: Framework) -> None:
    """Read the indicator rows, group the repeats, then write indicators, listings and tiers."""
    table = ctx.table("indicators.csv", INDICATOR_COLUMNS)
    for row in table:
        listing = read_listing(row, ctx, framework)
        framework.listings[listing.number] = listing
    groups = repeat_groups(framework.listings)
    for numbers in groups:
        primary = framework.listings[numbers[0]]
        indicator = uris.sdg_indicator(primary.un_code)
        for number in numbers:
            listing = framework.listings[number]
            listing.indicator = indicator
            listing.iri = ctx.mint.iri("indicator-listing", number)
            ctx.registry.add(number, indicator, "sdg-indicator", listing.row)
            ctx.registry.add(listing.un_code, indicator, "sdg-indicator", listing.row)
        add_indicator(graph, primary, [framework.listings[n] for n in numbers], framework)
    for listing in framework.listings.values():
        add_listing(graph, listing, framework)
        add_tier_classification(graph, ctx, listing, framework)


def read_listing(row: Row, ctx: SourceContext, framework: Framework) -> Listing:
    """Check one indicator row: its number and place under target and goal, its UN code and IRI,
    and its repeat flags."""
    number = row.code("code", INDICATOR_NUMBER, "SDG indicator number")
    if number in framework.listings:
        first = framework.listings[number].row.line
        raise row.error("code", f"indicator number {number!r} is listed twice (first in row {first})")
    target = read_place(row, ctx, number)
    un_code = row.code("un_indicator_id", UN_CODE, "UN indicator code")
    check_un_uri(row, uris.sdg_indicator(un_code))
    row.one_of("un_uri_in_2020_kos_dump", BOOLEAN)
    is_primary, partners, partner_targets = read_repeat(row)
    return Listing(
        number=number,
        target=target,
        un_code=un_code,
        is_primary=is_primary,
        partners=partners,
        partner_targets=partner_targets,
        row=row,
    )


def read_place(row: Row, ctx: SourceContext, number: str) -> str:
    """The row's target, which must be declared, under the row's goal, and the start of its number."""
    goal = row.code("goal", GOAL_CODE, "SDG goal code")
    target = row.code("target", TARGET_CODE, "SDG target code")
    ctx.registry.resolve(target, row, "target", kinds=["sdg-target"])
    if target.split(".")[0] != goal:
        raise row.error("goal", f"target {target!r} of indicator {number} is not under goal {goal!r}")
    parent = number.rsplit(".", 1)[0]
    if parent != target:
        raise row.error(
            "target", f"indicator {number!r} is filed under target {target!r}, but its number puts it under {parent!r}"
        )
    return target


def read_repeat(row: Row) -> tuple[bool, list[str], list[str]]:
    """Whether the row is primary, and the numbers and targets of the other rows of its repeat group.

    ``is_repeat`` (member of a repeat group) must agree with ``also_listed_as``, and a row outside
    any group must be primary.
    """
    is_repeat = row.one_of("is_repeat", BOOLEAN) == "true"
    is_primary = row.one_of("is_primary", BOOLEAN) == "true"
    partners = row.codes("also_listed_as", INDICATOR_NUMBER, "SDG indicator number")
    partner_targets = row.codes("also_under_targets", TARGET_CODE, "SDG target code")
    if len(partner_targets) != len(partners):
        raise row.error(
            "also_under_targets", f"{len(partner_targets)} target(s) for {len(partners)} number(s) in also_listed_as"
        )
    if is_repeat != bool(partners):
        want = "names the other listings in also_listed_as" if is_repeat else "leaves also_listed_as empty"
        raise row.error("is_repeat", f"is_repeat is {row.get('is_repeat')!r}, so the row must be one that {want}")
    if not is_primary and not is_repeat:
        raise row.error("is_primary", "a row that is no repeat must be the primary listing of its indicator")
    return is_primary, partners, partner_targets


def repeat_groups(listings: dict[str, Listing]) -> list[list[str]]:
    """The indicator numbers of each unique indicator, its primary listing first.

    A row's group is itself and the numbers in its ``also_listed_as``; every member must name the
    same group, rows with the same UN code must be in one group, and a group has one primary row.
    """
    for listing in listings.values():
        for other, other_target in zip(listing.partners, listing.partner_targets):
            partner = listings.get(other)
            if partner is None:
                raise listing.row.error("also_listed_as", f"indicator number {other!r} is not in the table")
            if partner.target != other_target:
                message = f"{other} is listed under target {partner.target}, not {other_target}"
                raise listing.row.error("also_under_targets", message)
    groups: dict[frozenset[str], list[str]] = {}
    for number, listing in listings.items():
        members = frozenset([number, *listing.partners])
        for other in listing.partners:
            partner = listings[other]
            if frozenset([other, *partner.partners]) != members:
                message = f"{other} does not name the same repeat group ({', '.join(sorted(members))})"
                raise listing.row.error("also_listed_as", message)
        groups.setdefault(members, []).append(number)
    by_code: dict[str, Listing] = {}
    for number, listing in listings.items():
        first = by_code.setdefault(listing.un_code, listing)
        if first is not listing and first.number not in listing.partners:
            message = f"UN code {listing.un_code} is also that of {first.number}, which also_listed_as does not name"
            raise listing.row.error("un_indicator_id", message)
    ordered = []
    for numbers in groups.values():
        primaries = [n for n in numbers if listings[n].is_primary]
        if len(primaries) != 1:
            last = listings[numbers[-1]]
            message = f"repeat group {', '.join(numbers)} has {len(primaries)} primary rows; it needs one"
            raise last.row.error("is_primary", message)
        ordered.append([primaries[0], *[n for n in numbers if n != primaries[0]]])
    return ordered


def add_indicator(graph: Graph, primary: Listing, group: list[Listing], framework: Framework) -> None:
    """The unique indicator: named by its primary listing, measuring the target of every listing."""
    iri = primary.indicator
    row = primary.row
    add_concept(graph, iri, WSIS.SDGIndicator, primary.number, row.require("title"), framework.scheme)
    graph.add((iri, DCTERMS.identifier, Literal(primary.un_code)))
    seen = row.get("un_uri_in_2020_kos_dump") == "true"
    graph.add((iri, WSIS.iriSeenInKOS, Literal(seen)))
    for listing in group:
        target_iri, _ = framework.targets[listing.target]
        goal_iri, _ = framework.goals[listing.target.split(".")[0]]
        graph.add((iri, WSIS.measures, target_iri))
        graph.add((iri, WSIS.goal, goal_iri))
        add_parent(graph, iri, target_iri)
    add_text(graph, iri, SKOS.note, row.get("footnote"))
    add_sources(graph, iri, [framework.sources[FRAMEWORK], framework.sources[KOS]])


def add_listing(graph: Graph, listing: Listing, framework: Framework) -> None:
    """The row as listed: indicator, target, framework number, its own UN code, whether it repeats."""
    iri = listing.iri
    row = listing.row
    target_iri, _ = framework.targets[listing.target]
    graph.add((iri, RDF.type, WSIS.IndicatorListing))
    graph.add((iri, WSIS.indicator, listing.indicator))
    graph.add((iri, WSIS.target, target_iri))
    graph.add((iri, SKOS.notation, Literal(listing.number)))
    graph.add((iri, DCTERMS.identifier, Literal(listing.un_code)))
    graph.add((iri, WSIS.isRepeat, Literal(not listing.is_primary)))
    graph.add((iri, RDFS.label, Literal(f"Indicator {listing.number} under target {listing.target}", lang="en")))
    graph.add((iri, DCTERMS.title, Literal(row.require("title"), lang="en")))
    add_text(graph, iri, SKOS.note, row.get("repeat_note"))
    add_sources(graph, iri, [framework.sources[FRAMEWORK]])


def add_tier_classification(graph: Graph, ctx: SourceContext, listing: Listing, framework: Framework) -> None:
    """The tier and custodians given for this row, as of the classification's date."""
    row = listing.row
    iri = ctx.mint.iri("tier-classification", listing.number)
    graph.add((iri, RDF.type, WSIS.TierClassification))
    graph.add((iri, WSIS.indicator, listing.indicator))
    graph.add((iri, WSIS.listing, listing.iri))
    graph.add((iri, WSIS.tier, Literal(row.code("tier", TIER, "tier"))))
    add_date(graph, iri, row.code("tier_as_of", ISO_DATE, "date"))
    for agency in custodian_agencies(row):
        graph.add((iri, WSIS.custodianAgency, Literal(agency)))
    as_worded = row.get("custodian_agencies")
    if as_worded:
        graph.add((iri, WSIS.custodianAgenciesAsWorded, Literal(as_worded)))
    graph.add((iri, RDFS.label, Literal(f"Tier classification of indicator {listing.number}", lang="en")))
    add_sources(graph, iri, [framework.sources[TIERS]])


def custodian_agencies(row: Row) -> list[str]:
    """The agencies of ``custodian_agency_list`` (``;``-separated), each named in the verbatim cell.

    A comma inside an item means two agencies packed into one and is refused.
    """
    agencies = []
    for item in [part.strip() for part in row.get("custodian_agency_list").split(";")]:
        if not item:
            if row.get("custodian_agency_list"):
                raise row.error("custodian_agency_list", "empty agency in the list (separator ';')")
            continue
        if not AGENCY.fullmatch(item):
            raise row.error("custodian_agency_list", f"{item!r} holds several agencies; separate them with ';'")
        if item not in row.get("custodian_agencies"):
            raise row.error("custodian_agency_list", f"agency {item!r} is not named in custodian_agencies")
        agencies.append(item)
    return agencies


def check_indicator_counts(table: Table, framework: Framework) -> None:
    """Each target's ``indicator_count`` must equal the number of listings under it."""
    listed: dict[str, int] = defaultdict(int)
    for listing in framework.listings.values():
        listed[listing.target] += 1
    for row in table:
        code = row.get("code")
        count = int(row.get("indicator_count"))
        if count != listed[code]:
            raise row.error("indicator_count", f"target {code} has {listed[code]} indicator listing(s), not {count}")


# -- Labels ------------------------------------------------------------------------------------------


def add_labels(graph: Graph, ctx: SourceContext, framework: Framework) -> None:
    """The translated labels; English translations only checked against the official English.

    Where the English translation differs in wording from the official text, the translations follow
    an earlier wording: an editorial note on the indicator (or goal, target) says so.
    """
    table = ctx.table("labels.csv", LABEL_COLUMNS)
    labels: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for row in table:
        kind, code, lang, field_name, label = read_label(row, framework)
        key = (kind, code, field_name)
        if lang in labels[key]:
            raise row.error("label", f"a second {lang} {field_name} label for {kind} {code}")
        labels[key][lang] = label
    for (kind, code, field_name), by_lang in sorted(labels.items()):
        for lang, label in sorted(by_lang.items()):
            if lang != "en":
                add_label(graph, framework, kind, code, field_name, lang, label)
        english = by_lang.get("en")
        if english is not None:
            note_earlier_wording(graph, framework, kind, code, field_name, english, sorted(set(by_lang) - {"en"}))


def read_label(row: Row, framework: Framework) -> tuple[str, str, str, str, str]:
    """Check one label row: a known kind, code, language and field, and a text."""
    kind = row.one_of("kind", tuple(LABEL_FIELDS))
    pattern, known = {
        "goal": (GOAL_CODE, framework.goals),
        "target": (TARGET_CODE, framework.targets),
        "indicator": (INDICATOR_NUMBER, framework.listings),
    }[kind]
    code = row.code("code", pattern, f"SDG {kind} code")
    if code not in known:
        raise row.error("code", f"{kind} {code!r} is not in the {kind}s table")
    lang = row.one_of("lang", LANGUAGES)
    field_name = row.one_of("field", LABEL_FIELDS[kind])
    return kind, code, lang, field_name, row.require("label")


def add_label(graph: Graph, framework: Framework, kind: str, code: str, field_name: str, lang: str, label: str) -> None:
    """Goal statement and target and indicator titles as ``skos:prefLabel``, goal short titles as
    ``skos:altLabel``; an indicator number's title also as the ``dct:title`` of its listing."""
    text = Literal(label, lang=lang)
    if kind == "goal":
        graph.add((framework.goals[code][0], SKOS.prefLabel if field_name == "title" else SKOS.altLabel, text))
    elif kind == "target":
        graph.add((framework.targets[code][0], SKOS.prefLabel, text))
    else:
        listing = framework.listings[code]
        graph.add((listing.iri, DCTERMS.title, text))
        if listing.is_primary:
            graph.add((listing.indicator, SKOS.prefLabel, text))


def note_earlier_wording(
    graph: Graph, framework: Framework, kind: str, code: str, field_name: str, english: str, langs: list[str]
) -> None:
    """An editorial note where the translations' English differs from the official English."""
    if kind == "goal":
        row = framework.goals[code][1]
        official = row.get("full_title" if field_name == "title" else "title")
        nodes = [framework.goals[code][0]]
    elif kind == "target":
        official = framework.targets[code][1].get("title")
        nodes = [framework.targets[code][0]]
    else:
        listing = framework.listings[code]
        official = listing.row.get("title")
        nodes = [listing.iri] + ([listing.indicator] if listing.is_primary else [])
    if comparable(english) == comparable(official):
        return
    where = f"{', '.join(langs)} labels" if langs else "translations"
    note = (
        f"The {where} of {kind} {code}{' (' + field_name + ')' if kind == 'goal' else ''} follow an earlier "
        f"English wording, "
        f"'{english}'; the English label is the official text of this edition."
    )
    for node in nodes:
        graph.add((node, SKOS.editorialNote, Literal(note, lang="en")))


def comparable(text: str) -> str:
    """Text for comparing wordings: hyphen and dash variants as '-', white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[\u2010\u2011\u2012\u2013]", "-", text)).strip()


__all__ = ["build", "LANGUAGES"]
