"""Loading a file of practice records into its own named graph, checked, all or nothing.

``load_records`` reads the file as a stream, checks every record in Python
(:mod:`wsis_graph.records.checks`), maps it to triples (:class:`~wsis_graph.records.model.RecordMapper`)
and hands the triples to :meth:`Store.replace_graphs <wsis_graph.store.base.Store.replace_graphs>`
together with the new dataset description, so that the records graph and its description change
together, or not at all, and no other graph is touched.

Why SHACL runs on a sample only: pySHACL validates some hundreds of records a second, so the
50,000 records of a million triples would take minutes, and it needs the data as an rdflib graph in
memory. The shapes' rules are therefore checked in Python on every record, with the error located
by row and column (SHACL would name a node), and pySHACL runs the shapes of
``ontology/shapes/records.ttl`` on the first ``shacl_sample`` records as written. What SHACL can
catch that the Python checks could miss is a fault in the mapping to RDF, and such a fault shows in
every record, so the first ones suffice. ``wsis-graph validate`` still checks the whole store.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from wsis_graph import paths
from wsis_graph.build import DESCRIPTION_GRAPH, add_totals
from wsis_graph.namespaces import WSIS
from wsis_graph.records.checks import RecordChecker
from wsis_graph.records.model import SYNTHETIC_PREFIX, PracticeRecord, RecordMapper, graph_name
from wsis_graph.records.reader import RawRecord, RecordError, RecordSource
from wsis_graph.records.vocabulary import Vocabulary
from wsis_graph.store import Store
from wsis_graph.uris import Minter

DEFAULT_SAMPLE = 200
MAX_ERRORS = 50
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NAME_MAX = 60

_CLASS_OF = {
    WSIS.actionLine: WSIS.ActionLine,
    WSIS.sdgGoal: WSIS.SDGGoal,
    WSIS.sdgTarget: WSIS.SDGTarget,
    WSIS.gdcObjective: WSIS.GDCObjective,
}
_COLUMN_OF = {
    DCTERMS.identifier: "id",
    DCTERMS.title: "title",
    WSIS.organisationName: "organisation",
    WSIS.stakeholderType: "stakeholder_type",
    DCTERMS.spatial: "country",
    DCTERMS.date: "year",
    WSIS.actionLine: "action_lines",
    WSIS.sdgGoal: "sdg_goals",
    WSIS.sdgTarget: "sdg_targets",
    WSIS.gdcObjective: "gdc_objectives",
    FOAF.page: "url",
    WSIS.isSynthetic: "synthetic",
}


class RecordsRejected(Exception):
    """The file has errors; nothing was written. ``errors`` holds the first ones, ``total`` counts all."""

    def __init__(self, errors: list[RecordError], total: int | None = None) -> None:
        self.errors = errors
        self.total = total if total is not None else len(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors]
        if self.total > len(self.errors):
            lines.append(f"… and {self.total - len(self.errors)} more error(s)")
        return "\n".join(lines)


class GraphNameError(ValueError):
    """A records graph name that is not allowed."""


@dataclass
class LoadReport:
    """What a load wrote.

    Attributes:
        graph: the records graph's IRI.
        name: its name (the graph key is ``records-<name>``).
        records: how many records it holds.
        triples: how many triples it holds (records, and the countries and types they use).
        synthetic: whether the records were made up by the generator.
        file: the file as named in the description; ``digest`` its SHA-256.
        sample: how many records SHACL validated.
        seconds: wall time of the whole load, and of the SHACL run alone.
    """

    graph: URIRef
    name: str
    records: int
    triples: int
    synthetic: bool
    file: str
    digest: str
    sample: int
    seconds: float
    shacl_seconds: float
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


def check_name(name: str) -> str:
    """A records graph name: lower-case letters and digits in hyphen-separated words.

    >>> check_name("stocktaking-2025")
    'stocktaking-2025'
    """
    if not NAME.fullmatch(name) or len(name) > NAME_MAX:
        raise GraphNameError(
            f"{name!r} is not a graph name: use lower-case letters and digits in words separated by single "
            f"hyphens, at most {NAME_MAX} characters (for example stocktaking-2025)"
        )
    return name


def default_name(path: Path, synthetic: bool) -> str:
    """A graph name from the file name (``Stocktaking 2025.csv`` → ``stocktaking-2025``).

    >>> default_name(Path("records-100k.csv"), synthetic=True)
    'synthetic-100k'
    """
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    stem = re.sub(r"^records?-", "", stem) or "records"
    if synthetic and not stem.startswith(SYNTHETIC_PREFIX):
        stem = f"{SYNTHETIC_PREFIX}-{stem}"
    return stem[:NAME_MAX].strip("-")


@lru_cache(maxsize=1)
def records_shapes() -> Graph:
    """The shapes of ``ontology/shapes/records.ttl`` alone."""
    return Graph().parse(paths.shapes_dir() / "records.ttl", format="turtle")


def load_records(
    store: Store,
    path: Path,
    *,
    name: str | None = None,
    fmt: str | None = None,
    mint: Minter | None = None,
    vocabulary: Vocabulary | None = None,
    shacl_sample: int = DEFAULT_SAMPLE,
    max_errors: int = MAX_ERRORS,
    last_year: int | None = None,
    display: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Load a record file into the graph ``records-<name>`` and describe it, all or nothing.

    Args:
        store: the store; it must hold a build (records point to its Action Lines, SDGs and GDC).
        path: a CSV or JSON record file (see :mod:`wsis_graph.records.reader`).
        name: the graph name; from the file name when None (``synthetic-…`` for generated files).
        fmt: ``csv`` or ``json``; from the suffix when None.
        mint: the IRI minter.
        vocabulary: the codes records may use; read from the store when None.
        shacl_sample: how many of the first records pySHACL validates (0: none).
        max_errors: how many errors to report at most (all are counted).
        last_year: the latest year allowed; the current year when None.
        display: how errors name the file (its name by default; the description always uses the name).
        progress: called with the number of bytes read so far.

    Returns:
        What was written.

    Raises:
        RecordsRejected: the file has errors (located by row or item, and column); nothing written.
        VocabularyMissing: the store has not been built.
        StoreError: the store cannot be written.
    """
    t0 = time.perf_counter()
    mint = mint or Minter()
    vocabulary = vocabulary or Vocabulary.from_store(store)
    try:
        source = RecordSource(path, fmt, display=display or Path(path).name, progress=progress)
    except RecordError as exc:  # no such file, or no telling its format
        raise RecordsRejected([exc]) from None
    checker = RecordChecker(source, vocabulary, last_year=last_year)
    try:
        stream = iter(source)
        first = next(stream, None)
    except RecordError as exc:
        raise RecordsRejected([exc]) from None
    if first is None:
        raise RecordsRejected([source.error(None, None, "the file holds no records")])
    synthetic = _is_synthetic(first)
    if name is None:
        name = default_name(Path(path), synthetic)
    try:
        check_name(name)
    except GraphNameError as exc:
        raise RecordsRejected([source.error(None, None, str(exc))]) from None
    if synthetic != name.startswith(SYNTHETIC_PREFIX):
        message = (
            f"the records are synthetic, so their graph name must start with '{SYNTHETIC_PREFIX}' (got {name!r})"
            if synthetic
            else f"graph names that start with '{SYNTHETIC_PREFIX}' are kept for synthetic records (got {name!r})"
        )
        raise RecordsRejected([source.error(first.place, "synthetic", message)])
    mapper = RecordMapper(mint, vocabulary, name)
    run = _Run(source, checker, mapper, synthetic, shacl_sample, max_errors)
    description_iri = mint.graph(DESCRIPTION_GRAPH)
    old_description = [(s, p, o) for s, p, o, _ in store.quads(description_iri)]

    def description() -> Iterator[tuple]:  # consumed after the records graph (the mapping's order): counts are final
        yield from describe_record_set(old_description, run.report(name), mint=mint)

    store.replace_graphs({mapper.graph: run.triples_of(chain([first], stream)), description_iri: description()})
    return run.report(name, seconds=time.perf_counter() - t0)


def _is_synthetic(raw: RawRecord) -> bool:
    value = raw.fields.get("synthetic")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


@dataclass(eq=False)
class _Run:
    """The state of one load: counts, the errors, the SHACL sample, the time it started."""

    source: RecordSource
    checker: RecordChecker
    mapper: RecordMapper
    synthetic: bool
    shacl_sample: int
    max_errors: int
    records: int = 0
    triples: int = 0
    sampled: int = 0
    shacl_seconds: float = 0.0
    errors: list[RecordError] = field(default_factory=list)
    total_errors: int = 0
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    _sample: list[tuple] = field(default_factory=list)
    _sample_places: dict[URIRef, int] = field(default_factory=dict)

    def report(self, name: str, *, seconds: float = 0.0) -> LoadReport:
        """What the load has written so far into the graph ``records-<name>``."""
        return LoadReport(
            graph=self.mapper.graph,
            name=name,
            records=self.records,
            triples=self.triples,
            synthetic=self.synthetic,
            file=self.source.path.name,
            digest=self.source.digest,
            sample=self.sampled,
            seconds=seconds,
            shacl_seconds=self.shacl_seconds,
            loaded_at=self.loaded_at,
        )

    def _fail(self, errors: list[RecordError]) -> None:
        self.total_errors += len(errors)
        room = self.max_errors - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])

    def triples_of(self, raws: Iterator[RawRecord]) -> Iterator[tuple]:
        """The graph's triples; raises :class:`RecordsRejected` at the end if any record was bad."""
        ids: dict[str, int] = {}
        unit = self.source.unit
        try:
            for raw in raws:
                record, errors = self.checker.check(raw)
                errors += self._cross_checks(raw, record, ids, unit)
                if errors:
                    self._fail(errors)
                    continue
                if self.total_errors:
                    continue  # keep checking, stop mapping: nothing will be written
                triples = self.mapper.triples(record)
                if self.sampled < self.shacl_sample:
                    self._sample.extend(triples)
                    self._sample_places[triples[0][0]] = raw.place
                    self.sampled += 1
                    if self.sampled == self.shacl_sample:
                        self._validate_sample()
                self.records += 1
                self.triples += len(triples)
                yield from triples
        except RecordError as exc:  # the file itself is broken (malformed CSV or JSON)
            self._fail([exc])
        if self.total_errors:
            raise RecordsRejected(self.errors, self.total_errors)
        if self.sampled and self.sampled < self.shacl_sample:
            self._validate_sample()
        reference = self.mapper.reference_triples()
        self.triples += len(reference)
        yield from reference

    def _cross_checks(self, raw: RawRecord, record: PracticeRecord | None, ids: dict[str, int], unit: str) -> list[RecordError]:
        """What one record cannot tell alone: a repeated id, a mix of synthetic and real records."""
        errors = []
        record_id = raw.fields.get("id")
        if isinstance(record_id, str) and record_id.strip():
            record_id = record_id.strip()
            if record_id in ids:
                errors.append(raw.error(self.source, "id", f"id {record_id!r} was already used by {unit} {ids[record_id]}"))
            else:
                ids[record_id] = raw.place
        if record is not None and record.synthetic != self.synthetic:
            first = "is" if self.synthetic else "is not"
            kind = "synthetic" if record.synthetic else "not synthetic"
            errors.append(raw.error(self.source, "synthetic", f"this record is {kind} but the first {first}; a file holds one kind"))
        return errors

    def _validate_sample(self) -> None:
        """Run the records shapes on the sample, with the classes of the things it points to."""
        from wsis_graph.validation import validate_graph

        t0 = time.perf_counter()
        data = Graph()
        for triple in chain(self._sample, self.mapper.reference_triples()):
            data.add(triple)
            klass = _CLASS_OF.get(triple[1])
            if klass is not None:
                data.add((triple[2], RDF.type, klass))
        report = validate_graph(data, shapes=records_shapes())
        self.shacl_seconds += time.perf_counter() - t0
        self._sample = []
        if report.conforms:
            return
        errors = []
        for v in report.violations:
            place = next((p for iri, p in self._sample_places.items() if v.focus in (str(iri), iri.n3())), None)
            column = next((c for prop, c in _COLUMN_OF.items() if v.path and v.path.endswith(_local(prop))), None)
            errors.append(self.source.error(place, column, f"SHACL {v.shape}: {v.message}" + (f" (value {v.value})" if v.value else "")))
        raise RecordsRejected(errors[: self.max_errors], len(errors))


def _local(prop: URIRef) -> str:
    text = str(prop)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def describe_record_set(old_description: list[tuple], loaded: LoadReport, *, mint: Minter) -> list[tuple]:
    """The description graph with the record set ``loaded`` described (and any older description of it gone).

    The dataset's total triple count and the description graph's own count are brought up to date.
    """
    graph, name, records, synthetic, file = loaded.graph, loaded.name, loaded.records, loaded.synthetic, loaded.file
    dataset = mint.dataset()
    description_iri = mint.graph(DESCRIPTION_GRAPH)
    kept = [
        t for t in old_description
        if t[0] != graph and t[2] != graph and not (t[1] == VOID.triples and t[0] in (dataset, description_iri))
    ]
    had_totals = any(s == dataset and p == VOID.triples for s, p, _ in old_description)
    kind = "Synthetic practice records" if synthetic else "Practice records"
    what = (
        "made up by `wsis-graph records generate` for tests and benchmarks; they describe no real project"
        if synthetic
        else "in the shape of the WSIS Stocktaking"
    )
    new = [
        (dataset, VOID.subset, graph),
        (graph, RDF.type, VOID.Dataset),
        (graph, RDF.type, DCAT.Dataset),
        (graph, DCTERMS.type, WSIS.PracticeRecordSet),
        (graph, DCTERMS.identifier, Literal(graph_name(name))),
        (graph, DCTERMS.title, Literal(f"{kind}: {name}", lang="en")),
        (graph, DCTERMS.description, Literal(f"{records} practice records {what}, loaded from {file} by `wsis-graph records load`.", lang="en")),
        (graph, DCTERMS.bibliographicCitation, Literal(f"{file} (SHA-256 {loaded.digest})")),
        (graph, DCTERMS.modified, Literal(loaded.loaded_at.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)),
        (graph, VOID.entities, Literal(records, datatype=XSD.integer)),
        (graph, VOID.triples, Literal(loaded.triples, datatype=XSD.integer)),
    ]
    if synthetic:
        new.append((graph, WSIS.isSynthetic, Literal(True)))
    out = kept + new
    return add_totals(out, dataset, description_iri) if had_totals else out
