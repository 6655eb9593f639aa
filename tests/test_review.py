"""The review workbench: queue, list, decide, undo, the audit trail, the concurrency check, what the
analyses read, a rebuild, bad input on the command line, and a decision killed in the middle."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from wsis_graph.analysis.projection import project
from wsis_graph.cli.main import main
from wsis_graph.matching.corpus import read_index
from wsis_graph.matching.suggest import suggest
from wsis_graph.namespaces import WSIS
from wsis_graph.review.decide import decide, pair_state, undo
from wsis_graph.review.model import Names, ReviewError
from wsis_graph.review.queue import queue
from wsis_graph.review.state import listing
from wsis_graph.store import OxigraphStore
from wsis_graph.uris import Minter

BASE = "https://w3id.org/wsis-graph/id/"
NAMES = Names(Minter(BASE))
ROOT = Path(__file__).resolve().parents[1]


def _copy(folder: Path, to: Path) -> OxigraphStore:
    """An open Oxigraph store on a copy of the (closed) store at ``folder``."""
    shutil.copytree(folder, to)
    return OxigraphStore(to)


@pytest.fixture(scope="module")
def plain(built, tmp_path_factory) -> Path:
    """The built dataset in a closed Oxigraph store that tests copy (copying is faster than loading)."""
    folder = tmp_path_factory.mktemp("review") / "plain"
    store = OxigraphStore(folder)
    store.replace(built.quads())
    store.close()
    return folder


@pytest.fixture(scope="module")
def suggestions(plain):
    store = OxigraphStore(plain, read_only=True)
    try:
        return suggest(read_index(store), "action-lines", "sdg-targets", top=5)
    finally:
        store.close()


@pytest.fixture(scope="module")
def queued(plain, suggestions, tmp_path_factory) -> Path:
    """The built dataset with the run t1 queued, closed."""
    folder = tmp_path_factory.mktemp("review") / "queued"
    store = _copy(plain, folder)
    queue(store, suggestions, from_kind="action-lines", to_kind="sdg-targets", run="t1", mint=Minter(BASE))
    store.close()
    return folder


@pytest.fixture
def store(queued, tmp_path):
    store = _copy(queued, tmp_path / "db")
    yield store
    store.close()


def edges(G):
    return sorted((u, v, d.get("relation"), d.get("confidence")) for u, v, d in G.edges(data=True))


def test_a_queued_run_is_a_described_candidate_set_that_no_analysis_counts(plain, suggestions, store):
    before = OxigraphStore(plain, read_only=True)
    graph = NAMES.candidates("t1")
    assert (graph, DCTERMS.type, WSIS.CandidateSet) in {(s, p, o) for s, p, o, _ in store.quads(NAMES.description)}
    assert store.count(graph) > 10 * len({(s.subject_iri, s.object_iri) for s in suggestions})
    G = project(store)
    assert str(graph) not in G.graph["graphs"]
    assert edges(G) == edges(project(before))
    assert not any(d.get("type") == "Candidate" for _, d in G.nodes(data=True))
    before.close()


def test_the_list_shows_every_pair_open_with_its_id_and_evidence(store, suggestions):
    items = listing(store, NAMES, run="t1")
    assert len(items) == len({(s.subject_iri, s.object_iri) for s in suggestions})
    assert all(c.status == "open" and len(c.pid) == 10 for c in items)
    assert items[0].score >= items[-1].score and items[0].terms
    assert {c.pid for c in listing(store, NAMES, scope="C5")} == {c.pid for c in items if c.subject_code == "C5"}


def test_the_list_scope_takes_codes_loosely_and_refuses_unknown_ones(store):
    assert {c.pid for c in listing(store, NAMES, scope="c5")} == {c.pid for c in listing(store, NAMES, scope="C5")}
    with pytest.raises(ReviewError, match="'C55' names nothing.*did you mean C5") as caught:
        listing(store, NAMES, scope="C55")
    assert caught.value.status == 400


def test_accept_writes_a_reviewed_link_that_the_analyses_read(store):
    c = listing(store, NAMES)[0]
    outcome = decide(store, c.pid[:6], "accept", reviewer="Ana Reviewer", note="both texts speak of it", mint=Minter(BASE))
    assert outcome.status == "accepted" and outcome.revision == 1
    assert (c.subject, WSIS.contributesTo, c.object) in {(s, p, o) for s, p, o, _ in store.quads(NAMES.mappings)}
    G = project(store)
    assert str(NAMES.mappings) in G.graph["graphs"]
    reviewed = [d for u, v, d in G.edges(data=True) if d.get("alignment") == str(NAMES.alignment(c.pid))]
    assert reviewed and reviewed[0]["confidence"] == "reviewed"
    assert listing(store, NAMES, status="accepted")[0].state.reviewer == "Ana Reviewer"


def test_a_rejection_is_a_negative_mapping_not_a_link(store):
    c = listing(store, NAMES)[1]
    decide(store, c.pid, "reject", reviewer="Bo", mint=Minter(BASE))
    assert store.count(NAMES.mappings) == 0
    assert not any((c.subject, p, c.object) in set(t[:3] for t in store.quads()) for p in (WSIS.contributesTo,))
    state = pair_state(store, NAMES, c.pid)
    assert state.status == "rejected" and state.verdict == WSIS.Rejected


def test_undo_brings_back_the_decision_before_and_every_change_stays_in_the_log(store):
    c = listing(store, NAMES)[0]
    decide(store, c.pid, "accept", reviewer="Ana", mint=Minter(BASE))
    decide(store, c.pid, "reject", reviewer="Bo", mint=Minter(BASE))
    assert store.count(NAMES.mappings) == 0
    out = undo(store, c.pid, reviewer="Bo", mint=Minter(BASE))
    assert (out.status, out.revision) == ("accepted", 3)
    assert store.count(NAMES.mappings) > 0
    out = undo(store, c.pid, mint=Minter(BASE))
    assert (out.status, out.revision) == ("open", 4) and store.count(NAMES.mappings) == 0
    log = {(s, o) for s, p, o, _ in store.quads(NAMES.decisions) if p == RDF.type}
    assert sum(1 for _, o in log if o == WSIS.ReviewDecision) == 2
    assert sum(1 for _, o in log if o == WSIS.ReviewUndo) == 2
    with pytest.raises(ReviewError) as caught:
        undo(store, c.pid, mint=Minter(BASE))
    assert caught.value.status == 409


def test_a_decision_on_a_state_that_changed_is_refused_with_the_current_state(store):
    c = listing(store, NAMES)[2]
    decide(store, c.pid, "unsure", reviewer="Ana", expect=0, mint=Minter(BASE))
    quads = sorted(store.quads())
    with pytest.raises(ReviewError) as caught:  # a second reviewer who saw the candidate open
        decide(store, c.pid, "accept", reviewer="Bo", expect=0, mint=Minter(BASE))
    assert caught.value.status == 409 and "unsure by Ana" in caught.value.message
    assert sorted(store.quads()) == quads


def test_the_write_itself_is_conditional_on_the_revision(store, monkeypatch):
    """Two reviewers read the same state; the second one's update finds the pair moved on and writes nothing."""
    from wsis_graph.review import decide as module

    c = listing(store, NAMES)[3]
    real = module.pair_state
    stale = real(store, NAMES, c.pid)
    decide(store, c.pid, "accept", reviewer="Ana", mint=Minter(BASE))
    quads = sorted(store.quads())
    calls = iter([stale])
    monkeypatch.setattr(module, "pair_state", lambda *a: next(calls, None) or real(*a))
    with pytest.raises(ReviewError) as caught:
        decide(store, c.pid, "reject", reviewer="Bo", mint=Minter(BASE))
    assert caught.value.status == 409 and "accepted by Ana" in caught.value.message
    assert sorted(store.quads()) == quads


def test_a_rebuild_keeps_the_queue_the_log_and_the_reviewed_links(plain, suggestions, tmp_path):
    from wsis_graph.publish import publish

    store = _copy(plain, tmp_path / "db")
    queue(store, suggestions, from_kind="action-lines", to_kind="sdg-targets", run="kept", mint=Minter(BASE))
    c = listing(store, NAMES)[0]
    decide(store, c.pid, "accept", reviewer="Ana", mint=Minter(BASE))
    kept = {g: store.count(g) for g in (NAMES.candidates("kept"), NAMES.decisions, NAMES.mappings)}
    store.update("INSERT DATA { GRAPH <%s> { <urn:x> <urn:y> <urn:z> } }" % NAMES.mint.graph("stale"))
    publish(store, mint=Minter(BASE))
    assert {g: store.count(g) for g in kept} == kept
    assert pair_state(store, NAMES, c.pid).status == "accepted"
    store.close()


@pytest.fixture(scope="module")
def queued_cli(plain, suggestions, tmp_path_factory) -> tuple[Path, list[str]]:
    """The built dataset with the run "cli" queued, closed, and the ids of its pairs."""
    folder = tmp_path_factory.mktemp("review") / "cli"
    store = _copy(plain, folder)
    queue(store, suggestions, from_kind="action-lines", to_kind="sdg-targets", run="cli", mint=Minter(BASE))
    pids = [c.pid for c in listing(store, NAMES)]
    store.close()
    return folder, pids


@pytest.fixture
def on_disk(queued_cli, tmp_path):
    folder, pids = queued_cli
    location = tmp_path / "db"
    shutil.copytree(folder, location)
    return f"oxigraph:{location}", pids


def run(*args):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def test_the_command_line_lists_decides_and_undoes(on_disk):
    url, pids = on_disk
    listed = run("review", "list", "--store", url, "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["count"] == len(pids)
    done = run("review", "decide", pids[0], "accept", "--relation", "contributesTo", "--reviewer", "Ana", "--store", url)
    assert done.exit_code == 0 and "accepted" in done.output
    table = run("review", "list", "--store", url, "--status", "accepted")
    assert pids[0] in table.output and "Ana" in table.output
    assert run("review", "undo", pids[0], "--store", url).exit_code == 0
    assert json.loads(run("review", "list", "--store", url, "--status", "open", "--format", "json").output)["count"] == len(pids)


@pytest.mark.parametrize("args, message", [
    (["ffffffffff", "accept", "--reviewer", "Ana"], "no candidate"),
    (["nothex", "accept", "--reviewer", "Ana"], "not a candidate id"),
    (["{pid}", "accept", "--relation", "alignsWith", "--reviewer", "Ana"], "not a relation"),
    (["{pid}", "accept"], "needs a reviewer"),
    (["{pid}", "reject", "--relation", "linkedTo", "--reviewer", "Ana"], "only with accept"),
    (["{pid}", "accept", "--reviewer", "Ana", "--expect", "3"], "changed since revision 3"),
])
def test_bad_decisions_are_one_line_errors_exit_2_and_change_nothing(on_disk, args, message):
    url, pids = on_disk
    store = OxigraphStore(url.split(":", 1)[1])
    before = sorted(store.quads())
    store.close()
    result = CliRunner().invoke(main, ["review", "decide", *[a.format(pid=pids[0]) for a in args], "--store", url])
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    store = OxigraphStore(url.split(":", 1)[1])
    assert sorted(store.quads()) == before
    store.close()


def test_suggest_queue_puts_a_named_run_in_the_queue(on_disk):
    url, _ = on_disk
    result = run("suggest", "--from", "gdc", "--to", "action-lines", "--scope", "GDC-29(b)", "--top", "3",
                 "--queue", "--name", "gdc-29b", "--store", url)
    assert result.exit_code == 0, result.output
    assert "queued 3 candidate(s)" in result.output
    again = CliRunner().invoke(main, ["suggest", "--from", "gdc", "--to", "action-lines", "--queue", "--name", "gdc-29b", "--store", url])
    assert again.exit_code == 2 and "queued already" in again.output


def _consistent(location: Path, pid: str) -> str:
    store = OxigraphStore(location, read_only=True)
    try:
        state = pair_state(store, NAMES, pid)
        decisions = [s for s, p, o, _ in store.quads(NAMES.decisions)
                     if p == RDF.type and o == WSIS.ReviewDecision and f"/{pid}-" in str(s)]
        links = sum(1 for s, *_ in store.quads(NAMES.mappings) if s == NAMES.alignment(pid))
    finally:
        store.close()
    if state.revision == 0:
        assert decisions == [] and links == 0
        return "nothing"
    assert state.status == "accepted" and len(decisions) == 1 and links > 0
    return "decided"


def test_a_decision_killed_in_the_middle_leaves_the_decision_or_nothing(on_disk):
    url, pids = on_disk
    location = Path(url.split(":", 1)[1])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "wsis_graph.cli", "review", "decide", "{pid}", "accept", "--reviewer", "Ana", "--store", url]
    t0 = time.perf_counter()
    subprocess.run([a.format(pid=pids[0]) for a in command], env=env, check=True, capture_output=True)
    whole = time.perf_counter() - t0
    seen = {"decided"}
    for i, fraction in enumerate((0.6, 0.8, 0.9, 0.95, 1.0), start=1):
        process = subprocess.Popen([a.format(pid=pids[i]) for a in command], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(whole * fraction)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        seen.add(_consistent(location, pids[i]))
    assert _consistent(location, pids[0]) == "decided"
    assert "nothing" in seen or len(seen) == 1
