"""Benchmark harness: a synthetic corpus loaded through the service, scenarios, JSON results.

`python -m bench [scenario ...] --size tiny|10k|100k --backend embedded|elasticsearch` runs
scenarios and writes `bench/results/<scenario>-<size>-<backend>.json`; `BENCHMARKS.md` reports
the figures against the targets of the design.
"""
