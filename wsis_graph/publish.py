"""Build, validate, then write: the dataset reaches the store only when it conforms."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wsis_graph.build import BuildResult, build_dataset
from wsis_graph.store import Store
from wsis_graph.uris import Minter
from wsis_graph.validation import ValidationReport, validate_graph


class ValidationFailed(Exception):
    """The built data violates the shapes; nothing was written."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report.text())


@dataclass
class PublishReport:
    result: BuildResult
    validation: ValidationReport
    quads: int
    build_seconds: float
    validate_seconds: float
    write_seconds: float


def publish(
    store: Store,
    *,
    sources: Path | None = None,
    mint: Minter | None = None,
    progress: Callable[[str], None] | None = None,
) -> PublishReport:
    """Build the dataset from the tables, validate it, and replace the store's contents with it.

    Raises:
        SourceError: a table is broken (the store is untouched).
        ValidationFailed: the data violates a shape (the store is untouched).
    """
    t0 = time.perf_counter()
    result = build_dataset(sources, mint=mint, progress=progress)
    t1 = time.perf_counter()
    if progress:
        progress("validate")
    report = validate_graph(result.union())
    t2 = time.perf_counter()
    if not report.conforms:
        raise ValidationFailed(report)
    if progress:
        progress("write")
    count = store.replace(result.quads())
    t3 = time.perf_counter()
    return PublishReport(result, report, count, t1 - t0, t2 - t1, t3 - t2)
