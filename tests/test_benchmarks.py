"""The benchmark script runs end to end at a tiny scale and writes a well-formed report.

No timing is asserted: the figures depend on the machine. What is checked is what a reader of
``docs/BENCHMARKS.md`` relies on: the machine details and the command are there, every named query
has a row with figures for our store, rdflib and both HTTP servers, the throughput table compares
the two servers, and every Markdown table has as many cells in each row as in its header.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmarks package lives beside the tests, not in the installed package

from benchmarks.measure import percentile, run_measured  # noqa: E402
from benchmarks.queries import CHEAP, HEAVY, benchmark_queries  # noqa: E402
from benchmarks.run import parse_scale  # noqa: E402
from wsis_graph.queries.registry import named_queries  # noqa: E402

TINY = [
    "--scales", "3000", "--repeats", "2", "--http-repeats", "3", "--query-seconds", "1",
    "--cheap-requests", "12", "--heavy-requests", "4", "--load-seconds", "3",
]


def tables(text: str) -> list[list[str]]:
    """The Markdown tables of a document, each as its lines."""
    found, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    out = work / "BENCHMARKS.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *TINY, "--work", str(work / "work"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return work, out.read_text(encoding="utf-8")


def test_the_report_names_the_machine_and_the_command(tiny_run):
    _, text = tiny_run
    for detail in ("CPU", "Cores", "RAM", "OS", "Python", "pyoxigraph", "rdflib", "Server binary"):
        assert re.search(rf"^\| {re.escape(detail)} \| \S", text, re.M), detail
    assert "python -m benchmarks.run --scales 3000" in text
    assert "## 3k record triples" in text


def test_every_table_is_well_formed(tiny_run):
    _, text = tiny_run
    found = tables(text)
    assert len(found) >= 5
    for table in found:
        width = len(cells(table[0]))
        assert re.fullmatch(r"\|(---\|)+", table[1]), table[1]
        assert all(len(cells(row)) == width for row in table[2:]), table[0]


def test_every_named_query_has_figures_from_each_engine(tiny_run):
    _, text = tiny_run
    latency = next(t for t in tables(text) if "ours in process" in t[0])
    header = cells(latency[0])
    rows = {cells(r)[0].strip("`"): dict(zip(header, cells(r))) for r in latency[2:]}
    assert set(rows) == set(benchmark_queries()) and set(rows) <= set(named_queries())
    for name, row in rows.items():
        for column in ("ours in process", "rdflib in process", "ours HTTP", "oxigraph serve HTTP"):
            assert re.fullmatch(r"[\d.]+( s)? / [\d.]+( s)?", row[column]), (name, column, row[column])


def test_throughput_compares_both_servers_for_a_cheap_and_a_heavy_query(tiny_run):
    _, text = tiny_run
    table = next(t for t in tables(text) if "req/s" in t[0])
    names = [cells(r)[0] for r in table[2:]]
    assert names == [f"`{CHEAP}` (cheap)", f"`{HEAVY}` (heavy)"]
    for row in table[2:]:
        ours, oxigraph = cells(row)[1:3]
        assert re.match(r"[\d.]+ \(", ours) and re.match(r"[\d.]+ \(", oxigraph), row
        assert "errors" not in ours and "errors" not in oxigraph, row


def test_load_and_analysis_are_reported(tiny_run):
    _, text = tiny_run
    assert re.search(r"^\| ours: `wsis-graph records load`.*\| [\d.]+ s \| [\d,]+ MiB \|", text, re.M)
    assert re.search(r"^\| peer: `oxigraph load`.*\| [\d.]+ s \| [\d,]+ MiB \|", text, re.M)
    assert "### Gap analysis and report" in text


def test_the_report_can_be_written_again_from_the_saved_figures(tiny_run, tmp_path):
    work, text = tiny_run
    saved = next((work / "work").glob("results-*.json"))
    figures = json.loads(saved.read_text())
    assert figures["scales"][0]["record_triples"] == 3000
    again = tmp_path / "again.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--from-json", str(saved), "--out", str(again)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rewritten = again.read_text(encoding="utf-8")
    assert f"python -m benchmarks.run --from-json {saved} --out {again}" in rewritten
    assert rewritten.replace(f"\npython -m benchmarks.run --from-json {saved} --out {again}", "") == text


def test_a_bad_scale_is_refused_with_a_message():
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--scales", "lots"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a scale: 'lots'" in done.stderr and "Traceback" not in done.stderr


def test_scales_and_percentiles():
    assert [parse_scale(s) for s in ("100k", "1M", "10M", "2500")] == [100_000, 1_000_000, 10_000_000, 2500]
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0 and percentile([], 50) is None
    assert percentile([float(i) for i in range(1, 201)], 99) == 198.0


def test_a_measured_process_reports_its_peak_memory_and_is_stopped_at_its_cap():
    grow = run_measured([sys.executable, "-c", "b = bytearray(200 * 1024 * 1024); print('{\"event\": \"done\"}')"], cap=60)
    assert grow.ok and grow.peak_mb >= 200 and grow.events == [{"event": "done"}]
    slow = run_measured([sys.executable, "-c", "import time; time.sleep(30)"], cap=1)
    assert slow.timed_out and not slow.ok and slow.seconds < 10
