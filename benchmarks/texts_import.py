"""Time ``wsis-graph texts import --dry-run`` on a generated document of about 100 pages.

    .venv/bin/python -m benchmarks.texts_import [--paragraphs 460] [--repeats 3] [--keep FOLDER]

The document is the tests' reading-room resolution (``tests/texts_fixture.py``: own sentences,
UN layout) made longer with numbered paragraphs and items until it fills about 100 A5 pages,
written as PDF (WeasyPrint: running heads, page numbers, hyphenation, a footnote), Word and text.
Each file is read into its structure ``--repeats`` times in this process
(:func:`wsis_graph.texts.read_structure`, the whole path the command takes but for printing)
and the best and worst times are printed, with the pages and parts found. The issue asks for
under 10 s for 100 pages. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=460, help="extra numbered paragraphs (460 make about 100 pages)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="write the documents here and keep them")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "tests"))
    import texts_fixture as fx  # noqa: E402  (the tests' document writers)
    import pypdfium2

    from wsis_graph.texts import read_structure

    folder = args.keep or Path(tempfile.mkdtemp(prefix="texts-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    pieces = fx.quiet_libraries(args.paragraphs)
    print(f"{len(pieces)} pieces; writing the documents into {folder}", flush=True)
    files = {}
    for kind in ("pdf", "docx", "txt"):
        started = time.perf_counter()
        files[kind] = fx.WRITERS[kind](pieces, folder / f"long.{kind}")
        print(f"  wrote {files[kind].name} in {time.perf_counter() - started:.1f} s", flush=True)
    pages = len(pypdfium2.PdfDocument(str(files["pdf"])))
    print(f"the PDF has {pages} pages\n")
    print("| file | size | parts | best (s) | worst (s) |")
    print("| --- | --- | --- | --- | --- |")
    for kind, path in files.items():
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            structure = read_structure(path, "generic")
            times.append(time.perf_counter() - started)
        print(f"| {path.name} | {path.stat().st_size / 1024:.0f} KiB | {len(structure.parts)} | "
              f"{min(times):.2f} | {max(times):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
