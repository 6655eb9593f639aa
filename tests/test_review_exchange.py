"""The review decisions as SSSOM/TSV and back: `wsis-graph review export|import`. Each file is valid for
sssom-py; an export imported into a fresh store built from the tables gives the same current decisions;
a conflict is listed and left; a bad file is one line naming its line, exit 2, nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wsis_graph.cli.main import main
from wsis_graph.matching.corpus import read_index
from wsis_graph.matching.suggest import suggest
from wsis_graph.review.decide import decide
from wsis_graph.review.exchange import FILES, read_header
from wsis_graph.review.model import Names
from wsis_graph.review.queue import queue
from wsis_graph.review.state import listing
from wsis_graph.store import OxigraphStore
from wsis_graph.uris import Minter

from test_sssom import read_sssom, sssom_py

BASE = "https://w3id.org/wsis-graph/id/"
NAMES = Names(Minter(BASE))


def _current(url: str) -> dict[str, tuple]:
    store = OxigraphStore(url.split(":", 1)[1], read_only=True)
    try:
        return {c.pid: (c.status, c.state.reviewer, str(c.state.relation) if c.state.relation else None, c.state.note)
                for c in listing(store, NAMES) if c.status != "open"}
    finally:
        store.close()


def _fresh(built, folder: Path) -> str:
    store = OxigraphStore(folder)
    store.replace(built.quads())
    store.close()
    return f"oxigraph:{folder}"


@pytest.fixture(scope="module")
def reviewed(built, tmp_path_factory):
    """A store with a queue and one decision of each kind (an accept superseded, an undone one), exported."""
    folder = tmp_path_factory.mktemp("review-exchange")
    store = OxigraphStore(folder / "db")
    store.replace(built.quads())
    found = suggest(read_index(store), "action-lines", "sdg-targets", top=5)
    queue(store, found, from_kind="action-lines", to_kind="sdg-targets", run="x1", mint=Minter(BASE))
    pids = [c.pid for c in listing(store, NAMES)]
    m = Minter(BASE)
    decide(store, pids[0], "accept", reviewer="Ana Reviewer", relation="linkedTo", note="both | speak; of it", mint=m)
    decide(store, pids[1], "reject", reviewer="Bo", mint=m)
    decide(store, pids[2], "unsure", reviewer="Ana Reviewer", note="ask the ITU", mint=m)
    decide(store, pids[3], "accept", reviewer="Bo", mint=m)
    decide(store, pids[3], "reject", reviewer="Cy", note="changed my mind", mint=m)
    store.close()
    url = f"oxigraph:{folder / 'db'}"
    out = folder / "out"
    result = CliRunner().invoke(main, ["review", "export", "--out", str(out), "--store", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.count("wrote ") == 3
    return url, out, pids, folder


def test_each_file_is_valid_sssom(reviewed):
    _, out, _, _ = reviewed
    for name in FILES.values():
        checked = sssom_py("validate", str(out / name))
        assert checked.returncode == 0, (name, checked.stdout, checked.stderr)


def test_the_files_hold_the_current_decisions_with_their_predicates_reviewers_and_dates(reviewed):
    _, out, pids, _ = reviewed
    meta, positive = read_sssom((out / FILES["accepted"]).read_text(encoding="utf-8"))
    _, negative = read_sssom((out / FILES["rejected"]).read_text(encoding="utf-8"))
    unsure_meta, unsure = read_sssom((out / FILES["unsure"]).read_text(encoding="utf-8"))
    assert [r["predicate_id"] for r in positive] == ["skos:relatedMatch"]
    assert positive[0]["mapping_justification"] == "semapv:ManualMappingCuration"
    assert positive[0]["author_label"] == "Ana Reviewer" and positive[0]["author_id"].startswith("wsisid:agent/reviewer-")
    assert f"wsis_candidate={pids[0]}" in positive[0]["other"] and "wsis_relation=wsis:linkedTo" in positive[0]["other"]
    assert positive[0]["comment"].startswith("both | speak; of it; candidate ")
    assert len(meta.get("mapping_date", positive[0].get("mapping_date", ""))) == 10
    assert sorted(r["predicate_modifier"] for r in negative) == ["Not", "Not"]
    assert {r["author_label"] for r in negative} == {"Bo", "Cy"}
    assert len(unsure) == 1 and "wsis_verdict=unsure" in unsure[0]["other"] and unsure[0]["comment"].startswith("unsure")
    assert "predicate_modifier" not in unsure[0] or unsure[0]["predicate_modifier"] == ""
    assert "NOT a mapping claim" in unsure_meta["mapping_set_description"]


def test_the_header_reader_reads_what_yaml_reads(reviewed):
    import yaml

    _, out, _, _ = reviewed
    for name in FILES.values():
        head = [line[1:] for line in (out / name).read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        assert read_header(head) == yaml.safe_load("\n".join(head))


def test_a_round_trip_into_a_fresh_store_gives_the_same_current_decisions(built, reviewed, tmp_path):
    url, out, _, _ = reviewed
    fresh = _fresh(built, tmp_path / "fresh")
    for name in FILES.values():
        result = CliRunner().invoke(main, ["review", "import", str(out / name), "--store", fresh], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "conflict" not in result.output.split("imported")[0]
    assert _current(fresh) == _current(url)
    assert len(_current(url)) == 4
    again = CliRunner().invoke(main, ["review", "import", str(out / FILES["rejected"]), "--store", fresh])
    assert again.exit_code == 0 and "imported 0 decision(s), 2 already stood" in again.output


def test_the_files_as_sssom_py_writes_them_again_import_the_same(built, reviewed, tmp_path):
    """sssom-py's own TSV (its YAML: '# ' lines, block lists, folded strings, mapping_date in the header)."""
    url, out, _, _ = reviewed
    fresh = _fresh(built, tmp_path / "fresh")
    # One file re-written by sssom-py (the negative one, with its modifier) is enough to read its header style;
    # the other two go in as exported. `sssom sort` reads and writes the table with sssom-py's own reader and
    # writer; `sssom parse` does the same but first spends some 30 s of CPU building a default prefix map.
    rewritten = tmp_path / FILES["rejected"]
    done = sssom_py("sort", str(out / FILES["rejected"]), "-o", str(rewritten))
    assert done.returncode == 0 and rewritten.exists(), done.stderr
    for name in FILES.values():
        source = rewritten if name == FILES["rejected"] else out / name
        result = CliRunner().invoke(main, ["review", "import", str(source), "--store", fresh], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert _current(fresh) == _current(url)


def test_a_different_current_decision_is_a_conflict_listed_and_left(built, reviewed, tmp_path):
    _, out, pids, _ = reviewed
    fresh = _fresh(built, tmp_path / "fresh")
    assert CliRunner().invoke(main, ["review", "import", str(out / FILES["accepted"]), "--store", fresh]).exit_code == 0
    before = _current(fresh)
    # A file that says otherwise about the one pair: every row conflicts, nothing is imported: exit 2.
    text = (out / FILES["accepted"]).read_text(encoding="utf-8")
    lines = text.splitlines()
    columns = lines[[i for i, line in enumerate(lines) if not line.startswith("#")][0]].split("\t")
    row = lines[-1].split("\t")
    row[columns.index("other")] = row[columns.index("other")].replace("wsis_verdict=accept", "wsis_verdict=unsure")
    contrary = tmp_path / "contrary.sssom.tsv"
    contrary.write_text("\n".join([*lines[:-1], "\t".join(row)]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "import", str(contrary), "--store", fresh])
    assert result.exit_code == 2, result.output
    assert f"conflict: line {len(lines)}: {pids[0]}" in result.output and "accepted by Ana Reviewer" in result.output
    assert _current(fresh) == before
    # Beside rows that can be imported, the conflict is listed and the status is 0.
    meta_lines = [line for line in (out / FILES["rejected"]).read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    _, negative = read_sssom((out / FILES["rejected"]).read_text(encoding="utf-8"))
    names = list(negative[0])
    conflicting = {**dict(zip(columns, row)), "predicate_modifier": "Not"}
    conflicting["other"] = conflicting["other"].replace("wsis_verdict=unsure", "wsis_verdict=reject")
    mixed = tmp_path / "mixed.sssom.tsv"
    body = ["\t".join(names), *("\t".join(r.get(n, "") for n in names) for r in [*negative, conflicting])]
    mixed.write_text("\n".join([*meta_lines, *body]) + "\n", encoding="utf-8")
    both = CliRunner().invoke(main, ["review", "import", str(mixed), "--store", fresh])
    assert both.exit_code == 0, both.output
    assert "imported 2 decision(s), 0 already stood, 1 conflict(s)" in both.output
    assert f"conflict: line {len(meta_lines) + 4}: {pids[0]} the file says rejected" in both.output
    assert _current(fresh)[pids[0]] == before[pids[0]]


def test_a_pair_never_queued_goes_into_an_imported_candidate_set(built, reviewed, tmp_path):
    _, out, pids, _ = reviewed
    fresh = _fresh(built, tmp_path / "fresh")
    result = CliRunner().invoke(main, ["review", "import", str(out / FILES["unsure"]), "--store", fresh], catch_exceptions=False)
    assert result.exit_code == 0 and "into run 'imported-" in result.output
    listed = json.loads(CliRunner().invoke(main, ["review", "list", "--store", fresh, "--format", "json"]).output)
    assert [(c["id"], c["status"], c["runs"][0][:9]) for c in listed["candidates"]] == [(pids[2], "unsure", "imported-")]
    assert listed["candidates"][0]["note"] == "ask the ITU"


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("wsisid:action-line/", "wsisid:action-line/NOPE", 1), "is not in the graph"),
    (lambda t: t.replace("skos:relatedMatch", "skos:exactMatch"), "a reviewed link has"),
    (lambda t: t.replace("skos:relatedMatch", "owl:sameAs"), "not a predicate"),
    (lambda t: t + "wsisid:x\tskos:relatedMatch\n", "as many cells"),
    (lambda t: t.replace("curie_map:", "curie_map is broken"), "line 1:"),
    (lambda t: t.replace("wsisid:action-line/", "nope:action-line/", 1), "neither an IRI nor a CURIE"),
    (lambda t: t + t.splitlines()[-1] + "\n", "the pair of line"),
    (lambda t: t.replace("\tNot\t", "\tNever\t", 1), "is not 'Not'"),
])
def test_a_bad_file_is_one_line_naming_its_line_exit_2_and_nothing_changes(built, reviewed, tmp_path, change, message):
    _, out, _, _ = reviewed
    fresh = _fresh(built, tmp_path / "fresh")
    store = OxigraphStore(tmp_path / "fresh", read_only=True)
    before = sorted(store.quads())
    store.close()
    bad = tmp_path / "bad.sssom.tsv"
    text = (out / FILES["rejected"]).read_text(encoding="utf-8")
    bad.write_text(change(text), encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "import", str(bad), "--store", fresh])
    assert result.exit_code == 2, result.output
    assert message in result.output and result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1
    assert "line " in result.output
    store = OxigraphStore(tmp_path / "fresh", read_only=True)
    assert sorted(store.quads()) == before
    store.close()


def test_a_row_without_reviewer_takes_the_fallback(built, reviewed, tmp_path):
    _, out, pids, _ = reviewed
    fresh = _fresh(built, tmp_path / "fresh")
    lines = (out / FILES["unsure"]).read_text(encoding="utf-8").splitlines()
    first = [i for i, line in enumerate(lines) if not line.startswith("#")][0]
    columns = lines[first].split("\t")
    rows = [line.split("\t") for line in lines[first + 1:]]
    keep = [i for i, c in enumerate(columns) if c not in ("author_label", "author_id")]
    nameless = tmp_path / "nameless.sssom.tsv"
    nameless.write_text("\n".join([*lines[:first], *("\t".join(r[i] for i in keep) for r in [columns, *rows])]) + "\n",
                        encoding="utf-8")
    refused = CliRunner().invoke(main, ["review", "import", str(nameless), "--store", fresh])
    assert refused.exit_code == 2 and "--reviewer-fallback" in refused.output
    done = CliRunner().invoke(main, ["review", "import", str(nameless), "--reviewer-fallback", "Dee", "--store", fresh])
    assert done.exit_code == 0, done.output
    assert _current(fresh)[pids[2]][1] == "Dee"


def test_a_decision_refused_midway_names_its_line_and_importing_again_completes(built, reviewed, tmp_path, monkeypatch):
    from wsis_graph.review import exchange
    from wsis_graph.review.model import ReviewError

    url, out, pids, _ = reviewed
    fresh = _fresh(built, tmp_path / "fresh")
    real, calls = exchange.decide, []

    def flaky(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise ReviewError("the decision would violate a shape", code="shacl_violation", status=422)
        return real(*args, **kwargs)

    monkeypatch.setattr(exchange, "decide", flaky)
    result = CliRunner().invoke(main, ["review", "import", str(out / FILES["rejected"]), "--store", fresh])
    assert result.exit_code == 2 and "the 1 decision(s) of the lines before it were recorded" in result.output
    assert len(_current(fresh)) == 1
    monkeypatch.setattr(exchange, "decide", real)
    again = CliRunner().invoke(main, ["review", "import", str(out / FILES["rejected"]), "--store", fresh])
    assert again.exit_code == 0 and "imported 1 decision(s), 1 already stood" in again.output
    assert {p: v for p, v in _current(url).items() if v[0] == "rejected"} == _current(fresh)
