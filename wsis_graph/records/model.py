"""A practice record, its columns, and how it becomes RDF.

A record in a file (CSV or JSON, see :mod:`wsis_graph.records.reader`) has these columns:

=================  =========  ==================================================================
column             required   value
=================  =========  ==================================================================
id                 yes        the record's id in its source: letters and digits with single
                              ``.``, ``_`` or ``-`` between them, at most 64 characters
title              yes        the title, at most 500 characters
organisation       yes        the name of the organisation, at most 300 characters
stakeholder_type   yes        ``government``, ``private-sector``, ``civil-society``,
                              ``international-organization``, ``academia``,
                              ``technical-community`` or ``other`` (or the English label)
country            no         ISO 3166-1 alpha-3 codes (``KEN``); none for a global record
year               yes        2003 to the current year
action_lines       yes        Action Line codes (``C4``, ``C7.e-health``), at least one
sdg_goals          no         SDG goal numbers (``4``)
sdg_targets        no         SDG target codes (``4.4``, ``9.c``)
gdc_objectives     no         GDC objective numbers (``1`` to ``5``) or ids (``GDC-O1``)
url                no         the record's web page, ``http://`` or ``https://``
synthetic          no         ``true`` for a record the generator made up; else empty/``false``
=================  =========  ==================================================================

Columns with several values take them separated by ``;`` in CSV, as a JSON list in JSON.

In RDF (graph ``records-<name>``), with ``{base}record/<name>/<id>`` as the record's IRI::

    <record> a wsis:PracticeRecord ;
        dct:identifier "1234" ; dct:title "…" ; wsis:organisationName "…" ;
        wsis:stakeholderType wsis:Government ; dct:date "2019"^^xsd:gYear ;
        dct:spatial <http://publications.europa.eu/resource/authority/country/KEN> ;
        wsis:actionLine <{base}action-line/C4> ;
        wsis:sdgGoal <http://metadata.un.org/sdg/4> ; wsis:sdgTarget <http://metadata.un.org/sdg/4.4> ;
        wsis:gdcObjective <{base}gdc-objective/GDC-O1> ;
        foaf:page <https://…> ; wsis:isSynthetic true .   # the last only on generated records

The graph also states the countries it names (``a dct:Location``, ``skos:notation``, an English
``rdfs:label``) and the stakeholder types it uses (``skos:notation``, ``skos:prefLabel``), so that
queries and reports can show names without the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from wsis_graph.namespaces import WSIS
from wsis_graph.records.countries import country_iri, iso_countries
from wsis_graph.records.vocabulary import Vocabulary
from wsis_graph.uris import Minter

#: The columns of a record file, in the order the generator writes them.
COLUMNS = (
    "id",
    "title",
    "organisation",
    "stakeholder_type",
    "country",
    "year",
    "action_lines",
    "sdg_goals",
    "sdg_targets",
    "gdc_objectives",
    "url",
    "synthetic",
)
REQUIRED = ("id", "title", "organisation", "stakeholder_type", "year", "action_lines")

#: Graph names are ``records-<name>``; synthetic records go to names that start with this.
SYNTHETIC_PREFIX = "synthetic"


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    """One checked record; codes are those of the :class:`Vocabulary`."""

    id: str
    title: str
    organisation: str
    stakeholder_type: str
    countries: tuple[str, ...]
    year: int
    action_lines: tuple[str, ...]
    sdg_goals: tuple[str, ...] = ()
    sdg_targets: tuple[str, ...] = ()
    gdc_objectives: tuple[str, ...] = ()
    url: str | None = None
    synthetic: bool = False

    def row(self) -> dict[str, str]:
        """The record as CSV cells (lists joined with ``;``)."""
        return {
            "id": self.id,
            "title": self.title,
            "organisation": self.organisation,
            "stakeholder_type": self.stakeholder_type,
            "country": ";".join(self.countries),
            "year": str(self.year),
            "action_lines": ";".join(self.action_lines),
            "sdg_goals": ";".join(self.sdg_goals),
            "sdg_targets": ";".join(self.sdg_targets),
            "gdc_objectives": ";".join(self.gdc_objectives),
            "url": self.url or "",
            "synthetic": "true" if self.synthetic else "",
        }

    def json(self) -> dict:
        """The record as a JSON object (lists as lists, the year as a number)."""
        return {
            "id": self.id,
            "title": self.title,
            "organisation": self.organisation,
            "stakeholder_type": self.stakeholder_type,
            "country": list(self.countries),
            "year": self.year,
            "action_lines": list(self.action_lines),
            "sdg_goals": list(self.sdg_goals),
            "sdg_targets": list(self.sdg_targets),
            "gdc_objectives": list(self.gdc_objectives),
            "url": self.url,
            "synthetic": self.synthetic,
        }


@lru_cache(maxsize=1)
def stakeholder_types() -> dict[str, tuple[URIRef, str]]:
    """Stakeholder type notation → (IRI, English label), from the ontology's scheme."""
    from wsis_graph.validation import load_ontology

    ontology = load_ontology()
    found = {}
    for concept in ontology.subjects(SKOS.inScheme, WSIS.StakeholderTypeScheme):
        notation = ontology.value(concept, SKOS.notation)
        label = ontology.value(concept, SKOS.prefLabel)
        found[str(notation)] = (concept, str(label))
    order = ("government", "private-sector", "civil-society", "international-organization", "academia", "technical-community", "other")
    return {n: found[n] for n in sorted(found, key=lambda n: order.index(n) if n in order else len(order))}


def graph_name(name: str) -> str:
    """The key of a records graph: ``records-<name>``."""
    return f"records-{name}"


# The terms of a record, looked up once (closed-namespace lookups cost a little per call).
_TYPE, _RECORD = RDF.type, WSIS.PracticeRecord
_IDENTIFIER, _TITLE, _DATE, _SPATIAL = DCTERMS.identifier, DCTERMS.title, DCTERMS.date, DCTERMS.spatial
_ORGANISATION, _STAKEHOLDER = WSIS.organisationName, WSIS.stakeholderType
_ACTION_LINE, _SDG_GOAL, _SDG_TARGET, _GDC_OBJECTIVE = WSIS.actionLine, WSIS.sdgGoal, WSIS.sdgTarget, WSIS.gdcObjective
_PAGE, _SYNTHETIC = FOAF.page, WSIS.isSynthetic


class RecordMapper:
    """Turns records into the triples of one records graph.

    Args:
        mint: the IRI minter.
        vocabulary: the codes and IRIs of the things records point to.
        name: the records graph's name (``records-<name>``), part of each record's IRI.
    """

    def __init__(self, mint: Minter, vocabulary: Vocabulary, name: str) -> None:
        self.vocabulary = vocabulary
        self.graph = mint.graph(graph_name(name))
        self._record_base = str(mint.iri("record", name)) + "/"
        self._types = {n: iri for n, (iri, _) in stakeholder_types().items()}
        self._countries: dict[str, URIRef] = {}
        self._years: dict[int, Literal] = {}
        self._true = Literal(True)
        self.countries_used: set[str] = set()
        self.types_used: set[str] = set()

    def iri(self, record_id: str) -> URIRef:
        """The record's IRI (ids are checked to be IRI segments already)."""
        return URIRef(self._record_base + record_id)

    def triples(self, record: PracticeRecord) -> list[tuple]:
        """The record's own triples (the countries and types it uses come from :meth:`reference_triples`)."""
        v = self.vocabulary
        s = self.iri(record.id)
        year = self._years.get(record.year)
        if year is None:
            year = self._years[record.year] = Literal(str(record.year), datatype=XSD.gYear)
        out = [
            (s, _TYPE, _RECORD),
            (s, _IDENTIFIER, Literal(record.id)),
            (s, _TITLE, Literal(record.title)),
            (s, _ORGANISATION, Literal(record.organisation)),
            (s, _STAKEHOLDER, self._types[record.stakeholder_type]),
            (s, _DATE, year),
        ]
        self.types_used.add(record.stakeholder_type)
        for code in record.countries:
            iri = self._countries.get(code)
            if iri is None:
                iri = self._countries[code] = country_iri(code)
            self.countries_used.add(code)
            out.append((s, _SPATIAL, iri))
        out += [(s, _ACTION_LINE, v.action_lines[c]) for c in record.action_lines]
        out += [(s, _SDG_GOAL, v.goals[c]) for c in record.sdg_goals]
        out += [(s, _SDG_TARGET, v.targets[c]) for c in record.sdg_targets]
        out += [(s, _GDC_OBJECTIVE, v.gdc_objectives[c]) for c in record.gdc_objectives]
        if record.url:
            out.append((s, _PAGE, URIRef(record.url)))
        if record.synthetic:
            out.append((s, _SYNTHETIC, self._true))
        return out

    @staticmethod
    def triple_count(record: PracticeRecord) -> int:
        """How many triples :meth:`triples` gives for the record, without making them."""
        return (
            6
            + len(record.countries)
            + len(record.action_lines)
            + len(record.sdg_goals)
            + len(record.sdg_targets)
            + len(record.gdc_objectives)
            + (1 if record.url else 0)
            + (1 if record.synthetic else 0)
        )

    #: Triples per country and per stakeholder type in :meth:`reference_triples`.
    COUNTRY_TRIPLES = 3
    TYPE_TRIPLES = 4

    def reference_triples(self) -> list[tuple]:
        """The countries and stakeholder types the records so far have used, described."""
        names = iso_countries()
        out = []
        for code in sorted(self.countries_used):
            iri = country_iri(code)
            out += [
                (iri, RDF.type, DCTERMS.Location),
                (iri, SKOS.notation, Literal(code)),
                (iri, RDFS.label, Literal(names[code], lang="en")),
            ]
        types = stakeholder_types()
        for notation in sorted(self.types_used):
            iri, label = types[notation]
            out += [
                (iri, RDF.type, WSIS.StakeholderType),
                (iri, SKOS.inScheme, WSIS.StakeholderTypeScheme),
                (iri, SKOS.notation, Literal(notation)),
                (iri, SKOS.prefLabel, Literal(label, lang="en")),
            ]
        return out
