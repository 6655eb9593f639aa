"""Measure SDG goal tagging on the development split of the SDG Classification Benchmark.

    .venv/bin/python -m benchmarks.sdg_tagging [--benchmark ../shared/benchmarks/sdg-classification/dev.csv] [--json]

The tagger (:mod:`wsis_graph.matching.tagger`) is fitted on the SDG texts of a fresh build of the
curated graph (goal titles, target and indicator wording, English) and the curated topic lexicon
(``data/thesaurus/sdg_topics.csv``), then tags each text of the benchmark. Scored as the benchmark
scores it: a text counts as predicted-true for its SDG when the tags hold that SDG; accuracy per
SDG, averaged over the 17 SDGs. The benchmark's texts stay in their file: nothing of them is
copied into the code or the data. Nothing here asserts a figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmarks" / "sdg-classification" / "dev.csv"


def measure(benchmark: Path) -> dict:
    from wsis_graph.build import build_dataset
    from wsis_graph.paths import thesaurus_dir
    from wsis_graph.matching.tagger import CALIBRATION, TagModel, sdg_goal_entries, sdg_goal_texts, sdg_topics
    from wsis_graph.store import MemoryStore

    t0 = time.perf_counter()
    store = MemoryStore()
    store.replace(build_dataset().quads())
    built = time.perf_counter()
    gap, most = CALIBRATION["sdg-goals"]
    model = TagModel(sdg_goal_entries(sdg_goal_texts(store), sdg_topics(thesaurus_dir() / "sdg_topics.csv")),
                     gap=gap, most=most)
    fitted = time.perf_counter()
    with open(benchmark, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    tags = model.tag([row["text"] for row in rows], explain=0)
    tagged = time.perf_counter()
    right: dict[str, list[int]] = {}
    for row, found in zip(rows, tags):
        predicted = row["sdg"] in {tag.code for tag in found}
        right.setdefault(row["sdg"], []).append(int(predicted == (row["label"] == "True")))
    per = {sdg: sum(v) / len(v) for sdg, v in sorted(right.items(), key=lambda item: int(item[0]))}
    return {
        "benchmark": str(benchmark),
        "texts": len(rows),
        "average_accuracy": sum(per.values()) / len(per),
        "per_sdg": per,
        "tags_per_text": sum(len(t) for t in tags) / len(tags),
        "gap": gap,
        "most": most,
        "seconds": {"build": round(built - t0, 2), "fit": round(fitted - built, 2), "tag": round(tagged - fitted, 2)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.benchmark.is_file():
        print(f"{args.benchmark}: no such file", file=sys.stderr)
        return 2
    found = measure(args.benchmark)
    if args.json:
        print(json.dumps(found, indent=1))
        return 0
    print(f"SDG goal tagging on {found['texts']} texts: average accuracy over the SDGs {found['average_accuracy']:.1%} "
          f"({found['tags_per_text']:.2f} tags per text; gap {found['gap']}, at most {found['most']})")
    print("  " + "  ".join(f"{sdg}: {acc:.0%}" for sdg, acc in found["per_sdg"].items()))
    print(f"  seconds: {found['seconds']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
