"""Named SPARQL queries: one ``.rq`` file per question, with a header that says what it asks.

A header is the block of ``#`` comment lines at the top of the file::

    # title: SDG targets an Action Line serves
    # description: For one Action Line, the SDG goals and targets it contributes to, with …
    # param: actionLine action-line required  The Action Line, by code (C1) or IRI.
    # param: lang literal optional=en  Language of the labels.

A parameter has a name (a variable of the query, which must be projected by SELECT so that every
backend can bind it), a type that says how a user's text becomes an RDF term, whether it is
required, and a description. Values are bound by the engine (never pasted into the query text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from wsis_graph import paths
from wsis_graph.codes import Codebook, CodeError
from wsis_graph.namespaces import PREFIXES
from wsis_graph.uris import Minter, sdg_goal, sdg_target

#: Parameter types, and the minter kind for those that take a source identifier.
PARAM_TYPES: dict[str, str | None] = {
    "iri": None,
    "literal": None,
    "integer": None,
    "action-line": "action-line",
    "entity": "entity",
    "gdc-objective": "gdc-objective",
    "gdc-paragraph": "gdc-paragraph",
    "instrument": "instrument",
    "provision": "provision",
    "sdg": None,
    "graph": "graph",
    "thing": None,
}

#: Parameter types whose values name a thing of the store, resolved through a
#: :class:`~wsis_graph.codes.Codebook` when one is given: every type but the plain values, each
#: naming the kind of thing of the same name.
CODED_TYPES = {kind: kind for kind in PARAM_TYPES if kind not in ("iri", "literal", "integer")}

_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z-]+)\s+(?P<req>required|optional(?:=(?P<default>\S+))?)\s+(?P<desc>.+)$"
)


class QueryDefinitionError(ValueError):
    """A named query file has a malformed header."""


class ParameterError(ValueError):
    """A parameter value is missing or cannot be turned into an RDF term."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    default: str | None
    description: str

    def to_term(self, value: str, mint: Minter, codes: Codebook | None = None) -> Node:
        """Turn a user's text into the RDF term this parameter binds.

        With ``codes`` (the coded things of the store the query will run on), a code or IRI of a
        coded type must name a thing of the store (``C12`` is an error that suggests ``C1, C2 …``,
        never an empty answer); without it, the code is turned into an IRI by the minter's rules.
        """
        value = value.strip()
        if not value:
            raise ParameterError(f"parameter {self.name!r} is empty")
        if codes is not None and self.type in CODED_TYPES:
            if self.type == "sdg":
                self.to_term(value, mint)  # the shape first: 'nine' is no SDG code at all
            try:
                return codes.resolve(CODED_TYPES[self.type], value, what=f"parameter {self.name!r}")
            except CodeError as exc:
                raise ParameterError(str(exc)) from None
        if self.type == "literal":
            return Literal(value)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise ParameterError(f"parameter {self.name!r} must be an integer, got {value!r}")
            return Literal(int(value), datatype=XSD.integer)
        if re.match(r"^[a-z][a-z0-9+.-]*://", value):
            return URIRef(value)
        prefixed = re.fullmatch(r"([a-z][a-z0-9]*):(\S+)", value)
        if prefixed and prefixed.group(1) in PREFIXES:
            return URIRef(PREFIXES[prefixed.group(1)] + prefixed.group(2))
        if self.type == "sdg":
            if re.fullmatch(r"\d{1,2}", value):
                return sdg_goal(value)
            if re.fullmatch(r"\d{1,2}\.(\d{1,2}|[a-z])", value.lower()):
                return sdg_target(value.lower())  # the UN's target codes have small letters (9.c)
            raise ParameterError(f"parameter {self.name!r} expects an SDG goal or target code, got {value!r}")
        kind = PARAM_TYPES.get(self.type)
        if kind is None:
            if self.type == "thing":
                raise ParameterError(f"parameter {self.name!r}: a code ({value!r}) is looked up in the store; give an IRI here")
            raise ParameterError(f"parameter {self.name!r} expects an IRI, got {value!r}")
        try:
            return mint.iri(kind, value)
        except ValueError as exc:
            raise ParameterError(f"parameter {self.name!r}: {exc}") from None


@dataclass(frozen=True)
class NamedQuery:
    """A stored query and what its header says about it."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path = field(compare=False)

    def check(self, values: dict[str, str]) -> None:
        """Check what can be checked without a store: the parameter names, the required ones, and
        the shape of integers and SDG codes.

        Raises:
            ParameterError: as :meth:`bindings`.
        """
        self._names(values)
        for p in self.parameters:
            raw = values.get(p.name, p.default)
            if raw is None:
                continue
            if not raw.strip():
                raise ParameterError(f"parameter {p.name!r} is empty")
            if p.type in ("integer", "sdg"):
                p.to_term(raw, Minter())

    def bindings(self, values: dict[str, str], mint: Minter | None = None, codes: Codebook | None = None) -> dict[str, Node]:
        """RDF terms for the given parameter values, with defaults, checking required ones.

        Args:
            codes: the coded things of the store the query will run on; when given, a code or IRI
                must name one of them (see :meth:`Parameter.to_term`).

        Raises:
            ParameterError: a required parameter is missing, an unknown one is given, or a value
                does not fit its type or names nothing in ``codes``.
        """
        mint = mint or Minter()
        self._names(values)
        terms: dict[str, Node] = {}
        for p in self.parameters:
            raw = values.get(p.name, p.default)
            if raw is None:
                continue
            terms[p.name] = p.to_term(raw, mint, codes)
        return terms

    def _names(self, values: dict[str, str]) -> None:
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ParameterError(
                f"query {self.name!r} has no parameter {unknown[0]!r}"
                + (f"; its parameters are: {', '.join(sorted(known))}" if known else "; it takes none")
            )
        for p in self.parameters:
            if p.required and values.get(p.name, p.default) is None:
                raise ParameterError(f"query {self.name!r} needs parameter {p.name!r}: {p.description}")


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        key, sep, value = body.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "param":
            m = _PARAM.match(value)
            if not m or m.group("type") not in PARAM_TYPES:
                raise QueryDefinitionError(f"{path.name}: malformed parameter line: {value!r}")
            params.append(
                Parameter(
                    name=m.group("name"),
                    type=m.group("type"),
                    required=m.group("req") == "required",
                    default=m.group("default"),
                    description=m.group("desc").strip(),
                )
            )
        elif key in ("title", "description"):
            meta[key] = (meta.get(key, "") + " " + value).strip()
    for key in ("title", "description"):
        if not meta.get(key):
            raise QueryDefinitionError(f"{path.name}: header has no {key}")
    return NamedQuery(
        name=path.stem,
        title=meta["title"],
        description=meta["description"],
        parameters=tuple(params),
        text=text,
        path=path,
    )


@lru_cache(maxsize=1)
def _load(folder: str) -> dict[str, NamedQuery]:
    queries = {}
    for file in sorted(Path(folder).glob("*.rq")):
        q = parse_query_file(file)
        queries[q.name] = q
    return queries


def named_queries() -> dict[str, NamedQuery]:
    """Every named query in the package, by name."""
    return dict(_load(str(paths.queries_dir())))


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise KeyError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]
