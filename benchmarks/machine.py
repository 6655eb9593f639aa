"""The machine and software a benchmark ran on, for the report."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("pyoxigraph", "oxigraph", "rdflib", "flask", "gunicorn", "networkx", "pyshacl")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _oxigraph_server() -> str:
    from benchmarks.servers import ServerError, oxigraph_binary

    try:
        out = subprocess.run([oxigraph_binary(), "--version"], capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or out.stderr.strip()
    except (ServerError, OSError, subprocess.SubprocessError) as exc:
        return f"unavailable ({exc})"


def describe() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python and the versions of the libraries measured."""
    details = {
        "CPU": _cpu_model(),
        "Cores": f"{os.cpu_count()} (shared; load average at start {os.getloadavg()[0]:.2f})",
        "RAM": _ram_gib(),
        "OS": _os_name(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Server binary": _oxigraph_server(),
    }
    for name in PACKAGES:
        details[name] = _version(name)
    details["wsis-graph"] = _version("wsis-graph")
    return details
