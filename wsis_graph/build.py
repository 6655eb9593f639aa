"""Turning the source tables into the dataset: one named graph per source, plus a description.

The build runs each source module in :data:`ORDER` (then every submission folder), each into its
own named graph, then writes a dataset description graph that says, for each graph, where it comes
from, who published it, when, under which licence and how many triples it holds. Two more graphs
hold the project's vocabulary, read from its files at every build: the ontology (``graph/ontology``)
and the SHACL shapes (``graph/shapes``), described with ``dct:type wsis:VocabularyGraph`` and the
checksum of each file, so that SPARQL and the Linked Data pages can read the terms' labels,
definitions and notations. Nothing here touches a store: :mod:`wsis_graph.publish` validates the
result and writes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from wsis_graph import __version__, paths
from wsis_graph.namespaces import ONTOLOGY_IRI, SPDX, WSIS, bind_prefixes
from wsis_graph.sources.base import Registry, SourceContext, SourceMeta, add_sources, date_literal
from wsis_graph.tables import SourceError
from wsis_graph.uris import Minter

#: DCAT 3's version property (rdflib's DCAT namespace is DCAT 2, which lacks it).
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")

#: Source folders in build order, each with the module that builds it.
ORDER: tuple[tuple[str, str], ...] = (
    ("sdg", "sdg"),
    ("wsis", "wsis"),
    ("facilitation", "facilitation"),
    ("wsis-sdg-matrix", "wsis_sdg_matrix"),
    ("gdc", "gdc"),
    ("gdc-wsis-links", "gdc_wsis_links"),
    ("human-rights", "human_rights"),
    ("rights-links", "rights_links"),
)

#: A folder holding ``submission.csv`` is a stakeholder submission, built by this module.
SUBMISSION_MODULE = "submission"

DESCRIPTION_GRAPH = "description"
#: The keys of the two vocabulary graphs (``{base}graph/ontology``, ``{base}graph/shapes``).
ONTOLOGY_GRAPH = "ontology"
SHAPES_GRAPH = "shapes"


@dataclass
class BuiltGraph:
    key: str
    iri: URIRef
    graph: Graph
    meta: SourceMeta
    tables: list[str] = field(default_factory=list)
    #: For a vocabulary graph: the files it was read from, relative to the ontology folder.
    files: list[str] = field(default_factory=list)
    #: For a vocabulary graph: the version of the ontology it holds.
    version: str | None = None

    @property
    def vocabulary(self) -> bool:
        return bool(self.files)


@dataclass
class BuildResult:
    """The built dataset: the named graphs in order, and the description graph."""

    mint: Minter
    graphs: list[BuiltGraph]
    description: Graph
    description_iri: URIRef

    def dataset(self) -> Dataset:
        """All graphs as one rdflib Dataset (default graph empty)."""
        ds = Dataset()
        bind_prefixes(ds, self.mint.base)
        for built in self.graphs:
            target = ds.graph(built.iri)
            for triple in built.graph:
                target.add(triple)
        desc = ds.graph(self.description_iri)
        for triple in self.description:
            desc.add(triple)
        return ds

    def quads(self):
        for built in self.graphs:
            for s, p, o in built.graph:
                yield s, p, o, built.iri
        for s, p, o in self.description:
            yield s, p, o, self.description_iri

    def union(self) -> Graph:
        """The union of the data graphs and the description, as validated: the vocabulary graphs are
        left out (the ontology's concepts and the shapes are not data for the shapes to check)."""
        g = Graph()
        vocabulary = {b.iri for b in self.graphs if b.vocabulary}
        for s, p, o, name in self.quads():
            if name not in vocabulary:
                g.add((s, p, o))
        return g

    def __len__(self) -> int:
        return sum(len(b.graph) for b in self.graphs) + len(self.description)


def source_folders(sources: Path) -> list[tuple[str, str]]:
    """The (folder, module) pairs to build: the fixed order, then each submission folder."""
    plan = [(folder, module) for folder, module in ORDER if (sources / folder).is_dir()]
    missing = [folder for folder, _ in ORDER if not (sources / folder).is_dir()]
    if missing:
        raise SourceError(str(sources / missing[0]), None, None, "source folder is missing")
    known = {folder for folder, _ in ORDER}
    for folder in sorted(p.name for p in sources.iterdir() if p.is_dir()):
        if folder not in known and (sources / folder / "submission.csv").exists():
            plan.append((folder, SUBMISSION_MODULE))
    return plan


def build_dataset(
    sources: Path | None = None,
    *,
    mint: Minter | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build every named graph from the source tables.

    Args:
        sources: the folder of source folders (defaults to ``data/sources``).
        mint: the IRI minter (defaults to the configured base).
        progress: called with each source key as it is built.

    Returns:
        The named graphs and their description.

    Raises:
        SourceError: a table is missing, malformed or holds a bad value; names file, row, column.
    """
    sources = sources or paths.sources_dir()
    mint = mint or Minter()
    registry = Registry()
    built: list[BuiltGraph] = []
    for folder, module_name in source_folders(sources):
        if progress:
            progress(folder)
        meta = SourceMeta.read(sources / folder, folder)
        if meta.key != folder:
            raise SourceError(f"{folder}/source.toml", None, "key", f"key {meta.key!r} differs from the folder name")
        module = importlib.import_module(f"wsis_graph.sources.{module_name}")
        ctx = SourceContext(
            folder=sources / folder,
            display=folder,
            mint=mint,
            registry=registry,
            graph_iri=mint.graph(folder),
            meta=meta,
        )
        graph = module.build(ctx)
        built.append(BuiltGraph(key=folder, iri=ctx.graph_iri, graph=graph, meta=meta, tables=list(ctx.tables_read)))
    built += vocabulary_graphs(mint)
    description_iri = mint.graph(DESCRIPTION_GRAPH)
    description = describe(built, mint, description_iri, data_version(sources, built, mint))
    return BuildResult(mint=mint, graphs=built, description=description, description_iri=description_iri)


def vocabulary_graphs(mint: Minter) -> list[BuiltGraph]:
    """The ontology and the shapes, each read from its files into its own graph."""
    folder = paths.ontology_dir()
    ontology = Graph().parse(paths.ontology_file(), format="turtle")
    version = ontology.value(ONTOLOGY_IRI, OWL.versionInfo)
    modified = ontology.value(ONTOLOGY_IRI, DCTERMS.modified)
    licence = ontology.value(ONTOLOGY_IRI, DCTERMS.license)
    read = Graph()
    shape_files = sorted(paths.shapes_dir().glob("*.ttl"))
    for file in shape_files:
        read.parse(file, format="turtle")
    shapes = skolemize(read, f"{mint.base}.well-known/genid/shapes-")
    common = {
        "publisher": "wsis-graph contributors",
        "source": (),
        "date": str(modified or ""),
        "licence": str(licence or "https://creativecommons.org/licenses/by/4.0/"),
    }
    return [
        BuiltGraph(
            key=ONTOLOGY_GRAPH,
            iri=mint.graph(ONTOLOGY_GRAPH),
            graph=ontology,
            meta=SourceMeta(
                key=ONTOLOGY_GRAPH,
                title="The wsis-graph ontology",
                description="The classes, properties and concept schemes (confidence marks, methods, roles, verdicts "
                "with their notations) that the data uses, as published at https://w3id.org/wsis-graph/ontology.",
                **{**common, "source": ("https://w3id.org/wsis-graph/ontology",)},
            ),
            files=[str(paths.ontology_file().relative_to(folder))],
            version=str(version) if version is not None else None,
        ),
        BuiltGraph(
            key=SHAPES_GRAPH,
            iri=mint.graph(SHAPES_GRAPH),
            graph=shapes,
            meta=SourceMeta(
                key=SHAPES_GRAPH,
                title="The wsis-graph SHACL shapes",
                description="The SHACL shapes that every build is validated against: for each class, the "
                "properties it must or may carry, how many times, and of which datatype or class. The blank "
                "nodes of the files (property shapes, lists) are named by Skolem IRIs under .well-known/genid/.",
                **{**common, "source": ("The SHACL shapes of wsis-graph: ontology/shapes/*.ttl in its repository",)},
            ),
            files=[str(f.relative_to(folder)) for f in shape_files],
            version=str(version) if version is not None else None,
        ),
    ]


def skolemize(graph: Graph, prefix: str) -> Graph:
    """A copy of ``graph`` whose blank nodes are IRIs ``prefix`` + a digest, the same at every build.

    The store holds no blank nodes, and the build is deterministic; rdflib names the blank nodes of a
    parse at random. A blank node is named after the node that points to it, the property, and
    everything below it (its own properties and values, recursively), so that the name depends only
    on the file's content. The shapes' blank nodes form trees (property shapes, lists), never cycles.
    """
    from rdflib import BNode

    content: dict[BNode, str] = {}

    def signature(node: BNode, seen: frozenset = frozenset()) -> str:
        if node in content:
            return content[node]
        if node in seen:  # a cycle: name it by its place only
            return "cycle"
        parts = sorted(
            f"{p.n3()} {signature(o, seen | {node}) if isinstance(o, BNode) else o.n3()}"
            for p, o in graph.predicate_objects(node)
        )
        content[node] = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return content[node]

    names: dict[BNode, URIRef] = {}

    def name(node: BNode, parent: str, prop: URIRef) -> None:
        if node in names:
            return
        digest = hashlib.sha256(f"{parent} {prop.n3()} {signature(node)}".encode()).hexdigest()[:20]
        names[node] = URIRef(prefix + digest)
        for p, o in sorted(graph.predicate_objects(node), key=lambda po: po[0]):
            if isinstance(o, BNode):
                name(o, str(names[node]), p)

    for s, p, o in sorted(((s, p, o) for s, p, o in graph if isinstance(o, BNode) and not isinstance(s, BNode)),
                          key=lambda t: (str(t[0]), str(t[1]), signature(t[2]))):
        name(o, str(s), p)
    for node in sorted({s for s in graph.subjects() if isinstance(s, BNode)} - set(names), key=signature):
        name(node, "", RDF.type)
    out = Graph()
    for s, p, o in graph:
        out.add((names.get(s, s), p, names.get(o, o)))
    for prefix_name, namespace in graph.namespaces():
        out.bind(prefix_name, namespace)
    return out


def data_version(sources: Path, built: list[BuiltGraph], mint: Minter) -> str:
    """The version of the data: the package version and a digest of every table read, of the
    vocabulary files and of the base.

    The same tables give the same version, so a client (or ``/health``) can tell two builds apart.
    """
    digest = hashlib.sha256(f"{__version__}\n{mint.base}\n".encode())
    for item in built:
        if item.vocabulary:
            for name in item.files:
                digest.update(f"ontology/{name}\n".encode())
                digest.update((paths.ontology_dir() / name).read_bytes())
            continue
        for name in ["source.toml", *item.tables]:
            digest.update(f"{item.key}/{name}\n".encode())
            digest.update((sources / item.key / name).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def timestamp_literal(moment: dt.datetime) -> Literal:
    """An ``xsd:dateTime`` in UTC to the millisecond, as the description graph and the PROV
    activities of imports (proposal sets, record sets, official texts) write a moment.

    >>> timestamp_literal(dt.datetime(2031, 3, 2, 11, 0, 3, 250999, tzinfo=dt.timezone(dt.timedelta(hours=1)))).toPython()
    datetime.datetime(2031, 3, 2, 10, 0, 3, 250000, tzinfo=datetime.timezone.utc)
    """
    moment = moment.astimezone(dt.timezone.utc).replace(microsecond=(moment.microsecond // 1000) * 1000)
    return Literal(moment.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)


def add_totals(description: list[tuple], dataset: URIRef, description_iri: URIRef) -> list[tuple]:
    """Append the two count triples to a description graph that lacks them, worked out from it.

    The description graph's own count includes these two triples; the dataset's is the sum of the
    counts of its subsets plus the description graph's.
    """
    subsets = {o for s, p, o in description if s == dataset and p == VOID.subset and o != description_iri}
    total = sum(int(o) for s, p, o in description if p == VOID.triples and s in subsets)
    own = len(description) + 2
    return [
        *description,
        (description_iri, VOID.triples, Literal(own, datatype=XSD.integer)),
        (dataset, VOID.triples, Literal(total + own, datatype=XSD.integer)),
    ]


def describe(built: list[BuiltGraph], mint: Minter, description_iri: URIRef, version: str | None = None) -> Graph:
    """The dataset description graph (VoID + DCAT + DCTerms); ``version`` is the data version."""
    g = Graph()
    dataset = mint.dataset()
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("wsis-graph: WSIS, SDG, GDC and human-rights knowledge graph", lang="en")))
    g.add((
        dataset,
        DCTERMS.description,
        Literal(
            "WSIS Action Lines, SDG goals, targets and indicators, the Global Digital Compact, the UN entities "
            "that facilitate each Action Line and the human-rights instruments, linked with their sources "
            "and confidence marks.",
            lang="en",
        ),
    ))
    g.add((dataset, OWL.versionInfo, Literal(__version__)))
    if version:
        g.add((dataset, DCAT_VERSION, Literal(version)))
    g.add((dataset, DCTERMS.conformsTo, URIRef("https://w3id.org/wsis-graph/ontology")))
    g.add((dataset, VOID.vocabulary, URIRef("https://w3id.org/wsis-graph/ontology#")))
    total = 0
    for item in built:
        gi = item.iri
        total += len(item.graph)
        g.add((dataset, VOID.subset, gi))
        g.add((gi, RDF.type, VOID.Dataset))
        g.add((gi, RDF.type, DCAT.Dataset))
        g.add((gi, DCTERMS.identifier, Literal(item.key)))
        g.add((gi, DCTERMS.title, Literal(item.meta.title, lang="en")))
        g.add((gi, DCTERMS.description, Literal(item.meta.description, lang="en")))
        g.add((gi, DCTERMS.publisher, Literal(item.meta.publisher)))
        add_sources(g, gi, item.meta.source)
        for url in item.meta.source:
            if url.startswith(("http://", "https://")):
                g.add((gi, DCTERMS.source, URIRef(url)))
        licence = item.meta.licence
        if licence.startswith(("http://", "https://")):
            g.add((gi, DCTERMS.license, URIRef(licence)))
        else:
            g.add((gi, DCTERMS.rights, Literal(licence)))
        date = date_literal(item.meta.date) if item.meta.date else None
        if date is not None:
            g.add((gi, DCTERMS.issued, date))
        elif item.meta.date:
            g.add((gi, WSIS.dateAsWorded, Literal(item.meta.date)))
        if item.meta.confidence:
            g.add((gi, RDFS.comment, Literal(f"Overall confidence of the source: {item.meta.confidence}", lang="en")))
        for table in item.tables:
            g.add((gi, WSIS.sourceTable, Literal(f"data/sources/{item.key}/{table}")))
        if item.vocabulary:
            _describe_vocabulary(g, item)
        g.add((gi, VOID.triples, Literal(len(item.graph), datatype=XSD.integer)))
    g.add((description_iri, RDF.type, VOID.Dataset))
    g.add((description_iri, DCTERMS.title, Literal("Dataset description", lang="en")))
    g.add((dataset, VOID.subset, description_iri))
    # The two count triples below belong to the description graph too.
    own = len(g) + 2
    g.add((description_iri, VOID.triples, Literal(own, datatype=XSD.integer)))
    g.add((dataset, VOID.triples, Literal(total + own, datatype=XSD.integer)))
    return g


def _describe_vocabulary(g: Graph, item: BuiltGraph) -> None:
    """What the description says of a vocabulary graph besides what it says of every graph: its kind,
    the ontology version it holds, and each file it was read from with the file's SHA-256."""
    gi = item.iri
    g.add((gi, DCTERMS.type, WSIS.VocabularyGraph))
    if item.version:  # the ontology's version (dcat:version is the data version, on the dataset)
        g.add((gi, OWL.versionInfo, Literal(item.version)))
    for name in item.files:
        path = paths.ontology_dir() / name
        file = URIRef(f"{gi}/file/{name.replace('/', '-')}")
        checksum = URIRef(f"{file}#sha256")
        g.add((gi, DCTERMS.source, file))
        g.add((file, DCTERMS.title, Literal(f"ontology/{name}")))
        g.add((file, DCTERMS.format, Literal("text/turtle")))
        g.add((file, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(path.read_bytes()).hexdigest(), datatype=XSD.hexBinary)))

