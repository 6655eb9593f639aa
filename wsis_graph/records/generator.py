"""Synthetic practice records, made up deterministically for tests and benchmarks.

Every generated record says that it is synthetic: ``synthetic`` is true (``wsis:isSynthetic`` in
RDF), its id starts with ``SYN-``, its organisation's name ends with ``(synthetic)``, its web page
is on ``example.org``, and the loader only accepts such records into a graph whose name starts
with ``synthetic``. Nobody should mistake them for real projects.

The same seed gives the same bytes. Records are written one at a time, so 10M triples never sit
in memory; what grows with the output is one small integer per record and one tuple per
organisation.

How the values are drawn. These are modelling choices, not measurements of the WSIS Stocktaking,
whose record-level frequencies the project holds no table of:

* **Action Lines**: 1 to 4 per record, drawn from a Zipf law (weight 1/rank) over the 19 Action
  Line codes ranked by their degree in the WSIS-SDG Matrix (how many goals and targets the Matrix
  links to each), ties in code order. So C4, C6 and C10 come often, C7.e-learning and C7 rarely.
* **SDG targets and goals**: for each Action Line, with probability 0.7, one or two of the targets
  the Matrix links it to; with probability 0.15 one more target from a Zipf law over all 169
  targets ranked by their Matrix in-degree. The goals are those of the targets, plus sometimes a
  goal the Matrix links to the first Action Line.
* **GDC objectives**: only on records from 2024 on (the Compact was adopted in September 2024):
  half of them get one or two objectives, from a Zipf law (exponent 0.8) over the five.
* **Years**: 2005 to 2026, each year 9 % more records than the one before.
* **Organisations**: a Simon (rich-get-richer) process: a record comes from a new organisation
  with probability 0.3, else from the organisation of an earlier record picked at random, so a
  few organisations file many records and most file one or two. Each organisation has a
  stakeholder type (weights below) and a home country.
* **Countries**: a Zipf law (exponent 0.8) over the 249 ISO 3166-1 codes in an order shuffled by
  the seed; a record is in its organisation's country, in none (a global project: 6 %, and 60 %
  for international organisations), or in one or two more (4 %).
* **Titles and names** are assembled from the word lists below, titles from topics chosen for the
  record's first Action Line.
"""

from __future__ import annotations

import bisect
import csv
import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import IO

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from wsis_graph.records.countries import iso_countries
from wsis_graph.records.model import COLUMNS, PracticeRecord, RecordMapper, stakeholder_types
from wsis_graph.records.vocabulary import Vocabulary
from wsis_graph.uris import Minter

FORMATS = ("csv", "json", "nq")
FIRST_YEAR, LAST_YEAR = 2005, 2026
YEARLY_GROWTH = 1.09
GDC_FROM = 2024
NEW_ORGANISATION = 0.3
STAKEHOLDER_WEIGHTS = {
    "government": 30,
    "civil-society": 22,
    "private-sector": 16,
    "international-organization": 12,
    "academia": 12,
    "technical-community": 4,
    "other": 4,
}
ACTION_LINES_PER_RECORD = ((1, 50), (2, 30), (3, 15), (4, 5))

# -- Word lists (our own, made up) -------------------------------------------------------------------

VERBS = ("Expanding", "Strengthening", "Building", "Scaling up", "Piloting", "Launching", "Improving",
         "Supporting", "Mapping", "Opening up", "Sustaining", "Bringing")
GROUPS = ("for rural communities", "for women and girls", "for small businesses", "in schools",
          "for persons with disabilities", "for young people", "in secondary cities", "for farmers",
          "for local governments", "for older persons", "in border regions", "for refugees")
TOPICS = {
    "C1": ("a national digital strategy", "multistakeholder ICT policy dialogue", "e-strategy coordination"),
    "C2": ("rural broadband", "community networks", "last-mile connectivity", "public Wi-Fi access points", "a fibre backbone"),
    "C3": ("open government data", "public library digital services", "multilingual information access", "community access centres"),
    "C4": ("digital skills training", "ICT teacher training", "coding clubs", "digital literacy"),
    "C5": ("cybersecurity awareness", "child online protection", "incident response capacity", "trust in online services"),
    "C6": ("spectrum policy reform", "digital regulation", "consumer protection online", "a national Internet governance forum"),
    "C7": ("ICT applications", "digital public services"),
    "C7.e-government": ("online public services", "digital identity", "e-procurement"),
    "C7.e-business": ("e-commerce for small firms", "mobile payments", "digital trade facilitation"),
    "C7.e-learning": ("online learning platforms", "digital classrooms", "open educational resources"),
    "C7.e-health": ("telemedicine", "health information systems", "mobile health messaging"),
    "C7.e-employment": ("online job matching", "remote work skills", "digital labour market data"),
    "C7.e-environment": ("climate data platforms", "e-waste recycling", "early warning systems"),
    "C7.e-agriculture": ("market price information for farmers", "precision agriculture", "digital extension services"),
    "C7.e-science": ("research data sharing", "open science infrastructure", "research networks"),
    "C8": ("digital heritage archives", "local language content", "cultural diversity online"),
    "C9": ("community media", "public service broadcasting online", "media and information literacy"),
    "C10": ("ethics of artificial intelligence", "privacy awareness", "responsible technology use"),
    "C11": ("South-South cooperation on ICT", "regional digital partnerships", "international ICT cooperation"),
}
SYLLABLES_A = ("Tel", "Vox", "Nova", "Dat", "Lin", "Sky", "Ori", "Kor", "Zen", "Lum", "Ax", "Bri", "Cyr", "Mar", "Sol", "Ter")
SYLLABLES_B = ("anet", "com", "tek", "via", "ra", "lio", "nix", "tro", "ema", "ora", "ali", "undo")
AREAS = ("Digital Economy", "ICT", "Communications", "Education", "Health", "Innovation", "Public Administration",
         "Agriculture", "Environment", "Science and Technology")
ORGANISATION_FORMS = {
    "government": ("Ministry of {area}", "National {area} Agency", "{area} Regulatory Authority", "Office for {area}"),
    "private-sector": ("{place} Telecom", "{place} Networks", "{place} Solutions", "{place} Technologies", "{place} Digital"),
    "civil-society": ("{adjective} {noun} Foundation", "{adjective} {noun} Network", "{adjective} {noun} Initiative",
                      "{adjective} {noun} Association"),
    "international-organization": ("{region} {area} Organization", "{region} Commission on {area}", "{region} {area} Union"),
    "academia": ("University of {place}", "{place} Institute of Technology", "{place} Centre for {area} Research"),
    "technical-community": ("{place} Internet Exchange Association", "{place} Network Operators Group", "{place} Registry"),
    "other": ("{adjective} {noun} Partnership", "{place} Multistakeholder Alliance"),
}
ADJECTIVES = ("Open", "Connected", "Inclusive", "Rural", "Youth", "Women's", "Community", "Digital", "Fair", "Shared")
NOUNS = ("Access", "Futures", "Rights", "Voices", "Learning", "Bridges", "Commons", "Horizons")
REGIONS = ("Regional", "Intercontinental", "Global", "Interregional", "Coastal States", "Highland States")


class Sampler:
    """Draws from a fixed list with fixed weights, by bisection on the cumulative weights."""

    def __init__(self, items: Sequence, weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to draw from")
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]

    def distinct(self, rng: random.Random, k: int) -> list:
        """``k`` different items (fewer if there are fewer), by drawing again on a repeat."""
        k = min(k, len(self.items))
        found: list = []
        while len(found) < k:
            item = self.draw(rng)
            if item not in found:
                found.append(item)
        return found


def zipf(items: Sequence, exponent: float = 1.0) -> Sampler:
    """A sampler that gives the item of rank r (from 1) a weight of 1/r^exponent."""
    return Sampler(items, [1.0 / (rank ** exponent) for rank in range(1, len(items) + 1)])


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    stakeholder_type: str
    country: str | None


class RecordGenerator:
    """An endless, deterministic stream of synthetic records.

    Args:
        vocabulary: the codes of the graph (Action Lines, SDGs, GDC objectives, the Matrix).
        seed: the seed; the same seed and vocabulary give the same records.
    """

    def __init__(self, vocabulary: Vocabulary, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        v = vocabulary
        order = {code: i for i, code in enumerate(v.action_lines)}
        degree = {code: 0 for code in v.action_lines}
        in_degree = {code: 0 for code in [*v.goals, *v.targets]}
        self.linked_targets: dict[str, list[str]] = {code: [] for code in v.action_lines}
        self.linked_goals: dict[str, list[str]] = {code: [] for code in v.action_lines}
        for al, sdg in v.matrix:
            degree[al] += 1
            in_degree[sdg] += 1
            (self.linked_targets if sdg in v.targets else self.linked_goals)[al].append(sdg)
        self.action_lines = zipf(sorted(v.action_lines, key=lambda c: (-degree[c], order[c])))
        self.targets = zipf(sorted(v.targets, key=lambda c: -in_degree[c]))
        self.goals = zipf(sorted(v.goals, key=lambda c: -in_degree[c]))
        self.goal_of = {t: t.split(".")[0] for t in v.targets}
        self.goal_order = {g: i for i, g in enumerate(v.goals)}
        self.target_order = {t: i for i, t in enumerate(v.targets)}
        self.objectives = zipf(list(v.gdc_objectives), 0.8)
        self.objective_order = {o: i for i, o in enumerate(v.gdc_objectives)}
        self.al_order = order
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.years = Sampler(years, [YEARLY_GROWTH ** (y - FIRST_YEAR) for y in years])
        types = stakeholder_types()
        self.types = Sampler([t for t in STAKEHOLDER_WEIGHTS if t in types], [w for t, w in STAKEHOLDER_WEIGHTS.items() if t in types])
        countries = list(iso_countries())
        random.Random(f"{seed}:countries").shuffle(countries)
        self.countries = zipf(countries, 0.8)
        self.per_record = Sampler([k for k, _ in ACTION_LINES_PER_RECORD], [w for _, w in ACTION_LINES_PER_RECORD])
        self._organisations: list[Organisation] = []
        self._filed_by: list[int] = []

    def __iter__(self) -> Iterator[PracticeRecord]:
        number = 0
        while True:
            number += 1
            yield self.record(number)

    def _organisation(self) -> Organisation:
        rng = self.rng
        if not self._filed_by or rng.random() < NEW_ORGANISATION:
            index = len(self._organisations)
            self._organisations.append(self._new_organisation(index))
        else:
            index = self._filed_by[int(rng.random() * len(self._filed_by))]
        self._filed_by.append(index)
        return self._organisations[index]

    def _new_organisation(self, index: int) -> Organisation:
        rng = random.Random(f"{self.seed}:organisation:{index}")
        kind = self.types.draw(rng)
        form = rng.choice(ORGANISATION_FORMS[kind])
        name = form.format(
            area=rng.choice(AREAS),
            place=rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B),
            adjective=rng.choice(ADJECTIVES),
            noun=rng.choice(NOUNS),
            region=rng.choice(REGIONS),
        )
        global_body = kind == "international-organization" and rng.random() < 0.6
        country = None if global_body else self.countries.draw(rng)
        return Organisation(f"{name} {index + 1} (synthetic)", kind, country)

    def record(self, number: int) -> PracticeRecord:
        rng = self.rng
        organisation = self._organisation()
        year = self.years.draw(rng)
        action_lines = self.action_lines.distinct(rng, self.per_record.draw(rng))
        targets: set[str] = set()
        for al in action_lines:
            linked = self.linked_targets[al]
            if linked and rng.random() < 0.7:
                targets.update(rng.choice(linked) for _ in range(1 if rng.random() < 0.6 else 2))
        if rng.random() < 0.15:
            targets.add(self.targets.draw(rng))
        goals = {self.goal_of[t] for t in targets}
        if rng.random() < 0.3 or not goals:
            linked = self.linked_goals[action_lines[0]]
            goals.add(rng.choice(linked) if linked else self.goals.draw(rng))
        objectives: list[str] = []
        if year >= GDC_FROM and rng.random() < 0.5:
            objectives = self.objectives.distinct(rng, 1 if rng.random() < 0.7 else 2)
        countries: list[str] = [organisation.country] if organisation.country else []
        draw = rng.random()
        if countries and draw < 0.06:
            countries = []
        elif draw > 0.96:
            countries += [c for c in self.countries.distinct(rng, 1 if draw < 0.985 else 2) if c not in countries]
        topic = rng.choice(TOPICS.get(action_lines[0]) or TOPICS[action_lines[0].split(".")[0]])
        title = f"{rng.choice(VERBS)} {topic}"
        if rng.random() < 0.6:
            title += f" {rng.choice(GROUPS)}"
        record_id = f"SYN-{number:07d}"
        url = f"https://example.org/synthetic/{record_id}" if rng.random() < 0.85 else None
        return PracticeRecord(
            id=record_id,
            title=title,
            organisation=organisation.name,
            stakeholder_type=organisation.stakeholder_type,
            countries=tuple(countries),
            year=year,
            action_lines=tuple(sorted(action_lines, key=self.al_order.__getitem__)),
            sdg_goals=tuple(sorted(goals, key=self.goal_order.__getitem__)),
            sdg_targets=tuple(sorted(targets, key=self.target_order.__getitem__)),
            gdc_objectives=tuple(sorted(objectives, key=self.objective_order.__getitem__)),
            url=url,
            synthetic=True,
        )


# -- Writers -------------------------------------------------------------------------------------------


class _CsvWriter:
    def __init__(self, out: IO[str], mapper: RecordMapper) -> None:
        self.writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, record: PracticeRecord) -> None:
        self.writer.writerow(record.row())

    def close(self) -> None:
        pass


class _JsonWriter:
    def __init__(self, out: IO[str], mapper: RecordMapper) -> None:
        self.out = out
        self.first = True
        out.write("[")

    def write(self, record: PracticeRecord) -> None:
        self.out.write("\n" if self.first else ",\n")
        self.out.write(json.dumps(record.json(), ensure_ascii=False))
        self.first = False

    def close(self) -> None:
        self.out.write("\n]\n")


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if any(ord(ch) < 0x20 for ch in text):
        text = "".join(ch if ord(ch) >= 0x20 else f"\\u{ord(ch):04X}" for ch in text)
    return text


def nquads_term(term) -> str:
    """A term in N-Quads syntax (IRIs and literals; records use no blank nodes).

    >>> nquads_term(Literal("2019", datatype=XSD.gYear))
    '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"no N-Quads form for {term!r}")


class _NQuadsWriter:
    """The records graph exactly as ``records load`` would write it (without the description)."""

    def __init__(self, out: IO[str], mapper: RecordMapper) -> None:
        self.out = out
        self.mapper = mapper
        self.graph = f"<{mapper.graph}>"
        self._iris: dict[URIRef, str] = {}

    def _term(self, term) -> str:
        if type(term) is URIRef:
            text = self._iris.get(term)
            if text is None:
                if len(self._iris) > 65_536:
                    self._iris.clear()
                text = self._iris[term] = f"<{term}>"
            return text
        return nquads_term(term)

    def _write(self, triples) -> None:
        g, t = self.graph, self._term
        self.out.write("".join(f"{t(s)} {t(p)} {t(o)} {g} .\n" for s, p, o in triples))

    def write(self, record: PracticeRecord) -> None:
        self._write(self.mapper.triples(record))

    def close(self) -> None:
        self._write(self.mapper.reference_triples())


_WRITERS = {"csv": _CsvWriter, "json": _JsonWriter, "nq": _NQuadsWriter}


@dataclass
class GenerateReport:
    """What a generation wrote: records, the triples they make as a records graph, bytes, time."""

    path: Path
    format: str
    records: int
    triples: int
    bytes: int
    seconds: float


def output_format(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise ValueError(f"cannot tell the format from {path.name!r}; name it .csv, .json or .nq, or give --format")


def generate(
    out: Path,
    *,
    records: int | None = None,
    triples: int | None = None,
    seed: int = 1,
    fmt: str | None = None,
    name: str = "synthetic",
    mint: Minter | None = None,
    vocabulary: Vocabulary | None = None,
    progress=None,
) -> GenerateReport:
    """Write synthetic records to ``out`` until there are ``records`` of them, or until they make
    at least ``triples`` triples as a records graph.

    Args:
        out: the file to write (``.csv``, ``.json`` or ``.nq``).
        records: how many records to write.
        triples: how many triples to reach (the records graph's size, countries and types included).
        seed: the seed; the same seed gives the same bytes.
        fmt: the format; from the suffix when None.
        name: the records graph name that record IRIs and the ``.nq`` graph use.
        mint: the IRI minter.
        vocabulary: the codes of the graph; from a fresh build of the curated tables when None.
        progress: called with the number of records written so far, now and then.
    """
    if (records is None) == (triples is None):
        raise ValueError("give either a number of records or a number of triples")
    if (records is not None and records < 1) or (triples is not None and triples < 1):
        raise ValueError("the number of records or triples must be at least 1")
    fmt = output_format(out, fmt)
    t0 = time.perf_counter()
    vocabulary = vocabulary or Vocabulary.from_sources()
    mapper = RecordMapper(mint or Minter(), vocabulary, name)
    generator = RecordGenerator(vocabulary, seed)
    count = record_triples = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = _WRITERS[fmt](handle, mapper)
        for record in generator:
            writer.write(record)
            count += 1
            record_triples += RecordMapper.triple_count(record)
            mapper.countries_used.update(record.countries)
            mapper.types_used.add(record.stakeholder_type)
            total = record_triples + RecordMapper.COUNTRY_TRIPLES * len(mapper.countries_used) + RecordMapper.TYPE_TRIPLES * len(mapper.types_used)
            if progress is not None and count % 5000 == 0:
                progress(count)
            if (records is not None and count >= records) or (triples is not None and total >= triples):
                break
        writer.close()
    return GenerateReport(out, fmt, count, total, out.stat().st_size, time.perf_counter() - t0)
