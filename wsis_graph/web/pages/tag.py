"""Tagging on the web: ``/tag`` takes pasted text or an uploaded file and shows each paragraph with its tags.

The same tagger and the same outputs as ``wsis-graph tag``: pasted text is split at blank lines (ids
``p1``, ``p2`` …); an uploaded document (``.pdf``, ``.docx``, ``.html``, ``.txt``) is read as the command
reads it, a ``.csv`` table row by row (``text_column``, ``id_column``). The answer is a page with the
matched words marked, or, when asked for (``format=json`` or ``Accept``), the command's JSON; ``format=csv``
gives its CSV. Nothing is written: tags are suggestions for a person. The models are fitted once per kind
and store revision (its size, for a store that keeps none) and kept while it lasts. Bad input (nothing to tag, a file that cannot be
read, an unknown kind, more than :data:`MAX_TEXTS` paragraphs) is a 400 that names what and where; a body
over the server's limit is a 413.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from pathlib import Path

from flask import Blueprint, Response, request

from wsis_graph.matching.tagger import TAG_KINDS, TagModel, model_for
from wsis_graph.matching.tagging import TaggingInputError, Text, csv_text, json_data, tag_texts, texts_of_table
from wsis_graph.reports.tags import highlighted, matched_words
from wsis_graph.texts import TextImportError
from wsis_graph.texts.paragraphs import paragraphs_of
from wsis_graph.web.errors import error_response
from wsis_graph.web.pages.view import View, current_store, html_error, render_page, wants_html

bp = Blueprint("tag", __name__)

#: The most paragraphs or rows one request tags.
MAX_TEXTS = 2000
_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".csv")
_BLANK = re.compile(r"\n\s*\n")
_models: dict[tuple[int, str, str], TagModel] = {}
_lock = threading.Lock()


def _model(kind: str) -> TagModel:
    store = current_store()
    # A store that keeps no revision (the embedded one, a remote one) is known by its size: an import or a build
    # changes it, and the models are fitted again.
    key = (id(store), str(store.revision if store.revision is not None else len(store)), kind)
    with _lock:
        if key not in _models:
            for old in [k for k in _models if k[0] == id(store) and k[2] == kind]:
                del _models[old]
            _models[key] = model_for(store, kind)
        return _models[key]


def _asked_format() -> str:
    asked = request.args.get("format") or request.form.get("format") or ""
    if asked in ("json", "csv", "html"):
        return asked
    return "html" if wants_html() else "json"


def _refuse(status: int, code: str, message: str, fmt: str) -> Response:
    return html_error(status, code, message) if fmt == "html" else error_response(status, code, message)


def _texts_of_upload() -> tuple[list[Text], str]:
    """The texts of the request, and the name to show for them."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        name = Path(upload.filename).name
        suffix = Path(name).suffix.lower()
        if suffix not in _SUFFIXES:
            raise TaggingInputError(f"{name}: cannot tag a {suffix or 'suffix-less'} file; give a .csv, .pdf, .docx, .html or .txt")
        data = upload.read()
        if not data:
            raise TaggingInputError(f"{name}: the file is empty")
        with tempfile.TemporaryDirectory(prefix="wsis-tag-") as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(data)
            try:
                if suffix == ".csv":
                    texts = texts_of_table(path, request.form.get("text_column") or "text", request.form.get("id_column") or "id")
                else:
                    texts = [Text(p.id, p.text, p.where) for p in paragraphs_of(path)]
            except (TaggingInputError, TextImportError) as exc:
                raise TaggingInputError(f"{name}: {exc}") from None
        return texts, name
    pasted = (request.form.get("text") or "").strip()
    if not pasted:
        raise TaggingInputError("nothing to tag: paste a text or choose a file")
    chunks = [" ".join(c.split()) for c in _BLANK.split(pasted) if c.strip()]
    return [Text(f"p{i}", chunk, "") for i, chunk in enumerate(chunks, start=1)], "the pasted text"


@bp.get("/tag")
def tag_form() -> Response:
    """The form: paste a text or upload a file."""
    return render_page("pages/tag.html", View.for_request(), kinds=TAG_KINDS, chosen=["sdg-goals"], found=None)


@bp.post("/tag")
def tag_page() -> Response:
    """The paragraphs of the pasted text or uploaded file, each with its tags."""
    fmt = _asked_format()
    kinds = request.form.getlist("to") or request.args.getlist("to") or ["sdg-goals"]
    unknown = [k for k in kinds if k not in TAG_KINDS]
    if unknown:
        return _refuse(400, "bad_request", f"unknown kind {unknown[0]!r}; the kinds are {', '.join(TAG_KINDS)}", fmt)
    try:
        texts, name = _texts_of_upload()
    except TaggingInputError as exc:
        return _refuse(400, "bad_request", str(exc), fmt)
    if len(texts) > MAX_TEXTS:
        return _refuse(400, "bad_request", f"{name}: {len(texts)} paragraphs; at most {MAX_TEXTS} are tagged at once "
                                           "(use `wsis-graph tag` for more)", fmt)
    try:
        models = {kind: _model(kind) for kind in kinds}
    except ValueError as exc:
        return _refuse(503, "no_data", str(exc), fmt)
    found = tag_texts(texts, models)
    described = {kind: TAG_KINDS[kind] for kind in kinds}
    if fmt == "json":
        return Response(json.dumps(json_data(found, name, described), ensure_ascii=False), mimetype="application/json")
    if fmt == "csv":
        return Response(csv_text(found), mimetype="text/csv", headers={"Content-Disposition": 'attachment; filename="tags.csv"'})
    from markupsafe import Markup

    shown = []
    for tagged in found:
        shown.append((tagged, Markup(highlighted(tagged.text.text, matched_words(tagged)))))
    return render_page("pages/tag.html", View.for_request(), kinds=TAG_KINDS, chosen=kinds, found=shown, name=name,
                       pasted=request.form.get("text", ""))

