"""Benchmarks of wsis-graph at 100k, 1M and 10M triples, beside plain rdflib and ``oxigraph serve``.

Run ``python -m benchmarks.run --scales 100k,1M,10M --out docs/BENCHMARKS.md`` (``make bench``);
see :mod:`benchmarks.run`. These are measurements, not tests: nothing here asserts a time.
"""
