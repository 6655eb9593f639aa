"""Running one measurement in its own process: wall time, peak memory, a time cap; and percentiles.

Peak memory is the child's own maximum resident set size, as the kernel reports it to the parent
that waits for it (``os.wait4``), so every figure comes from a fresh process and no measurement
inflates the next one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    """What one measured process did.

    Attributes:
        seconds: wall time from start to exit (or to the kill at the cap).
        peak_mb: the process's peak resident memory in MiB (its children not included).
        returncode: the exit status (negative: the signal that ended it).
        timed_out: True when the cap was reached and the process was killed.
        stdout / stderr: what it printed.
    """

    args: list[str]
    seconds: float
    peak_mb: float
    returncode: int
    timed_out: bool
    stdout: str = ""
    stderr: str = ""
    events: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        if self.timed_out:
            return f"stopped at the cap after {self.seconds:.0f} s"
        tail = (self.stderr or self.stdout).strip().splitlines()[-3:]
        return f"exit status {self.returncode}: " + " | ".join(tail)


#: The repository: measured processes run there, so that ``python -m benchmarks.…`` finds this package.
ROOT = Path(__file__).resolve().parents[1]


def run_measured(args: list[str], *, cap: float, cwd: str | Path | None = ROOT, env: dict | None = None) -> Run:
    """Run ``args`` to completion or for at most ``cap`` seconds, measuring time and peak memory.

    Lines of the child's stdout that are JSON objects are collected as ``events`` (the probes of
    :mod:`benchmarks.probes` report that way, so that a run stopped at the cap keeps what it did).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > cap:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    events = []
    for line in stdout.splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                pass
    return Run(list(args), seconds, usage.ru_maxrss / 1024, process.returncode, timed_out, stdout, stderr, events)


def python_module(module: str, *args: str) -> list[str]:
    """The command line that runs a module of this repository with the current interpreter."""
    return [sys.executable, "-m", module, *args]


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by the nearest-rank method; None for no values.

    >>> percentile([5, 1, 3, 2, 4], 50)
    3
    >>> percentile(list(range(1, 101)), 99)
    99
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def emit(**event) -> None:
    """Print one event as a JSON line (for a probe's parent to collect)."""
    print(json.dumps(event), flush=True)


def rss_mb() -> float | None:
    """This process's resident memory now, in MiB (Linux), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
