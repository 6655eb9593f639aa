"""The query editor page at ``/``: YASGUI, served from our own origin, with the named queries.

The editor is YASGUI (the npm package ``@zazuko/yasgui``), installed by ``make setup`` with
``npm ci`` in ``wsis_graph/web/frontend``; its built files are served here under
``/editor/yasgui/`` so that the page needs nothing from the internet. YASGUI is configured (in
``frontend/static/editor.js``) to query our ``/sparql`` endpoint by POST, to complete prefixes from
our own list (``/editor/prefixes.json``) rather than prefix.cc, and with its vocabulary
autocompleters (which ask lov.linkeddata.es) switched off. The page also sends a
Content-Security-Policy that allows nothing but our own origin, so a request elsewhere is refused
by the browser even if some part of the bundle tried one.

When the bundle is not installed the page says so, names the command that installs it, and still
lists the named queries (each a link to its text), so it is never blank.

The named queries are offered as examples: each can be opened in an editor tab, with its parameters
set in a small form. A parameter is written into the query text as a ``VALUES`` row at the start of
the query's outermost ``WHERE`` group (see :func:`editor_text`), so that what the user sees is the
whole query that runs.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory, url_for
from rdflib.term import Node

from wsis_graph.codes import Codebook
from wsis_graph.namespaces import query_prefixes
from wsis_graph.queries.registry import CODED_TYPES, NamedQuery, ParameterError, named_queries
from wsis_graph.sparql.lexer import tokens
from wsis_graph.uris import Minter
from wsis_graph.problems import Problem
from wsis_graph.web.pages.view import current_store

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"

#: Where ``npm ci`` puts YASGUI's built files.
YASGUI_BUILD = FRONTEND / "node_modules" / "@zazuko" / "yasgui" / "build"

#: The bundle files the page needs; both must exist for the editor to be offered.
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")

#: Files of the bundle served (the two above and their source maps).
_SERVED = frozenset(YASGUI_FILES + ("yasgui.min.js.map",))

SETUP_COMMAND = "make setup"

#: Nothing but our own origin: no CDN, no external font, no prefix service, no CORS proxy.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # CodeMirror and the result table set inline style attributes.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

DEFAULT_QUERY = """\
PREFIX wsis: <https://w3id.org/wsis-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# The WSIS Action Lines, with their codes and English names.
# Press the run button (or Ctrl+Enter); the example queries are in the list on the left.
SELECT ?actionLine ?code ?name
WHERE {
  ?actionLine a wsis:ActionLine ;
              skos:notation ?code ;
              skos:prefLabel ?name .
  FILTER(LANGMATCHES(LANG(?name), "en"))
}
ORDER BY ?code
LIMIT 100
"""

bp = Blueprint(
    "editor",
    __name__,
    template_folder=str(FRONTEND),
    static_folder=str(FRONTEND / "static"),
    static_url_path="/editor/static",
)


def bundle_dir() -> Path:
    """The folder of YASGUI's built files (a setting, so that tests can point elsewhere)."""
    configured = getattr(current_app.config.get("SETTINGS"), "editor_bundle", None)
    return Path(configured) if configured else YASGUI_BUILD


def bundle_installed(folder: Path) -> bool:
    return all((folder / name).is_file() for name in YASGUI_FILES)


def editor_prefixes() -> dict[str, str]:
    """The prefixes the endpoint knows (:func:`wsis_graph.namespaces.query_prefixes`): the project's,
    and ``id:`` for the identifiers this server mints."""
    return query_prefixes(current_app.config["SETTINGS"].base)


# -- parameters written into the query text ---------------------------------------------------------

_FORMS = ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT")


def _tokens(text: str):
    """``(kind, value, start, end)`` for the braces, variables and words of a query, read by the one
    SPARQL lexer (:mod:`wsis_graph.sparql.lexer`).

    Comments, strings and IRIs are single tokens there, so a ``{``, a ``WHERE`` or a ``?x`` inside
    them does not count; a prefixed name is a word that is never a keyword (``ex:where``); other
    punctuation and numbers are passed over. A variable's value is its name without ``?``.
    """
    for token in tokens(text):
        if token.kind == "other" and token.text in "{}":
            yield token.text, token.text, token.start, token.end
        elif token.kind == "var":
            yield "var", token.text[1:], token.start, token.end
        elif token.kind in ("word", "pname"):
            yield "word", token.text.upper(), token.start, token.end


def _groups(text: str, names: set[str]) -> tuple[int | None, dict[int, set[str]]]:
    """Where the outermost WHERE group opens, and, for each group that mentions one of ``names``,
    where it opens and which of them it mentions.

    A position is the offset just after a ``{``. A group counts only where a VALUES row may open
    it: not a VALUES data block, not the braces around a sub-SELECT (an occurrence in a
    sub-SELECT's projection counts for the group around it), not a CONSTRUCT template.
    """
    tokens = list(_tokens(text))
    stack: list[tuple[int, bool]] = []  # (position, may hold a VALUES row)
    outer: int | None = None
    form: str | None = None
    after_where = pending_values = False
    marks: dict[int, set[str]] = {}
    for k, (kind, value, _start, end) in enumerate(tokens):
        if kind == "{":
            following = tokens[k + 1] if k + 1 < len(tokens) else None
            if not stack:
                opens_where = outer is None and (after_where or form in ("SELECT", "ASK", "DESCRIBE"))
                if opens_where:
                    outer = end
                ok = opens_where
            else:
                ok = (
                    stack[0][0] == outer
                    and not pending_values
                    and not (following and following[0] == "word" and following[1] == "SELECT")
                )
            pending_values = False
            stack.append((end, ok))
        elif kind == "}":
            if stack:
                stack.pop()
        elif kind == "word":
            if not stack:
                if value in _FORMS and form is None:
                    form = value
                elif value == "WHERE":
                    after_where = True
            if value == "VALUES":
                pending_values = True
        elif kind == "var" and value in names:
            group = next((position for position, ok in reversed(stack) if ok), None)
            if group is not None:
                marks.setdefault(group, set()).add(value)
    return outer, marks


def where_group_start(text: str) -> int | None:
    """The offset just after the ``{`` that opens the outermost query's WHERE group.

    The group is the first ``{`` at the top level after the keyword ``WHERE``, or, when the
    keyword is left out, the first one after SELECT, ASK or DESCRIBE (a CONSTRUCT's first group is
    its template). Returns None when there is none (the text is then not a query we can edit).

    >>> where_group_start('PREFIX a: <http://x/#WHERE> SELECT * WHERE { ?s ?p "{" }')
    44
    >>> where_group_start("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    30
    >>> where_group_start("# { WHERE {\\nASK { ?s ?p ?o }")
    17
    """
    return _groups(text, set())[0]


def _placeholder(param_type: str) -> str:
    if param_type == "literal":
        return '"…"'
    if param_type == "integer":
        return "0"
    return "<…>"


def parameter_block(query: NamedQuery, terms: dict[str, Node], indent: str = "  ", repeated: bool = False) -> str:
    """The lines that set a named query's parameters: a VALUES row for each one that has a value,
    a commented-out row for each one left open."""
    lines = [f"{indent}# Parameters of this named query (set them in the form of the example list, or here):"]
    if repeated:
        lines.append(f"{indent}# (a VALUES row is repeated in each inner group that uses its variable: change them together)")
    for p in query.parameters:
        kind = "required" if p.required else "optional"
        if p.name in terms:
            lines.append(f"{indent}#   ?{p.name} ({kind}): {p.description}")
            lines.append(f"{indent}VALUES ?{p.name} {{ {terms[p.name].n3()} }}")
        else:
            lines.append(
                f"{indent}#   ?{p.name} ({kind}, not set; left open, the query runs for every ?{p.name}): {p.description}"
            )
            lines.append(f"{indent}# VALUES ?{p.name} {{ {_placeholder(p.type)} }}")
    return "\n".join(lines)


def _inner_rows(text: str, at: int, rows: list[str]) -> str:
    """VALUES rows to open an inner group at ``at``: on a line of their own when the group's
    patterns start on the next line, else on the group's own line."""
    rest = text[at:]
    if rest.lstrip(" \t").startswith("\n"):
        line_start = text.rfind("\n", 0, at) + 1
        line = text[line_start:at]
        indent = line[: len(line) - len(line.lstrip())] + "  "
        return "".join(f"\n{indent}{row}" for row in rows)
    return "".join(f" {row}" for row in rows)


def editor_text(
    query: NamedQuery, values: dict[str, str] | None = None, mint: Minter | None = None, codes: Codebook | None = None
) -> str:
    """A named query's text as the editor shows it, its parameters written in as VALUES rows.

    Values are read as the registry reads them (``C4`` is the Action Line's IRI, ``wsis:Partner``
    a prefixed name …), defaults included; a parameter with no value is left open, and a
    commented-out VALUES row shows where to set it. A query without parameters is unchanged.

    The API binds a parameter by substitution: the variable is that value wherever it occurs. A
    single VALUES row at the top of the query would not do the same when the variable is used in
    an inner group (a FILTER in a nested group is evaluated before the outer join), so a row is
    written at the top of the outermost WHERE group (with the explanation) and again at the top of
    every inner group that mentions the variable, sub-SELECTs included.

    With ``codes`` (the coded things of the served store), a code must name one of them: ``C12``
    is refused with the nearest codes, as on the command line.

    Raises:
        ParameterError: a value does not fit its parameter's type, names no parameter, or names
            nothing in ``codes``.
    """
    if not query.parameters:
        if values:
            query.bindings(values, mint)  # raises: the query takes no parameter
        return query.text
    given = {k: v for k, v in (values or {}).items() if v.strip()}
    known = {p.name for p in query.parameters}
    if set(given) - known:
        query.bindings(given, mint)  # raises with the registry's message
    mint = mint or Minter()
    terms: dict[str, Node] = {}
    for p in query.parameters:
        raw = given.get(p.name, p.default)
        if raw is not None:
            terms[p.name] = p.to_term(raw, mint, codes)
    text = query.text
    outer, marks = _groups(text, set(terms))
    if outer is None:  # not a shape we can edit: explain the parameters above the query instead
        block = parameter_block(query, terms, indent="").replace("\nVALUES", "\n# VALUES")
        return block + "\n\n" + text
    order = [p.name for p in query.parameters]
    inserts = {}
    for at, names in marks.items():
        if at != outer:
            rows = [f"VALUES ?{name} {{ {terms[name].n3()} }}" for name in order if name in names]
            inserts[at] = _inner_rows(text, at, rows)
    inserts[outer] = "\n" + parameter_block(query, terms, repeated=bool(inserts))
    for at in sorted(inserts, reverse=True):
        text = text[:at] + inserts[at] + text[at:]
    return text


# -- routes ------------------------------------------------------------------------------------------


@bp.get("/")
def index() -> Response:
    settings = current_app.config["SETTINGS"]
    queries = list(named_queries().values())
    installed = bundle_installed(bundle_dir())
    config = {
        "endpoint": url_for("sparql.sparql"),
        "prefixesUrl": url_for("editor.prefixes"),
        "queryTextUrl": url_for("editor.query_text", name="__NAME__"),
        "prefixes": editor_prefixes(),
        "defaultQuery": DEFAULT_QUERY,
        "queries": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in q.parameters
                ],
            }
            for q in queries
        ],
    }
    html = render_template(
        "query-editor.html",
        installed=installed,
        config=config,
        queries=queries,
        setup_command=SETUP_COMMAND,
        frontend_dir="wsis_graph/web/frontend",
        base=settings.base,
    )
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


@bp.get("/editor/yasgui/<path:filename>")
def yasgui(filename: str) -> Response:
    folder = bundle_dir()
    if filename not in _SERVED or not (folder / filename).is_file():
        raise Problem(
            404,
            "editor_not_installed" if not bundle_installed(folder) else "not_found",
            f"no editor file {filename!r}; the editor bundle is installed by `{SETUP_COMMAND}`",
        )
    return send_from_directory(folder, filename, max_age=3600)


@bp.get("/editor/prefixes.json")
def prefixes() -> Response:
    """Our prefixes, in the shape of prefix.cc's JSON (YASQE's prefix autocompletion reads it)."""
    return current_app.json.response(editor_prefixes())


@bp.get("/editor/queries/<name>.rq")
def query_text(name: str) -> Response:
    """A named query's text with its parameters (from the URL's query string) written in."""
    queries = named_queries()
    if name not in queries:
        raise Problem(404, "unknown_query", f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    values = {key: request.args.get(key, "") for key in request.args}
    try:
        coded = any(p.type in CODED_TYPES for p in queries[name].parameters)
        codes = Codebook.read(current_store()) if coded else None  # a code must name a thing of the served store
        text = editor_text(queries[name], values, Minter(current_app.config["SETTINGS"].base), codes)
    except ParameterError as exc:
        raise Problem(400, "bad_parameter", str(exc)) from None
    return Response(text, mimetype="text/plain")
