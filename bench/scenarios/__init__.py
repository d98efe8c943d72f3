"""The benchmark scenarios by name; each fills a `ScenarioResult` for one size and backend."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from bench.context import Context
from bench.results import ScenarioResult

Runner = Callable[[Context, ScenarioResult], None]


@dataclass(frozen=True)
class Scenario:
    """A named measurement; `backend_free` ones measure the same thing on every backend."""

    name: str
    module: str
    summary: str
    backend_free: bool = False

    def runner(self) -> Runner:
        """The scenario's `run(ctx, result)` function, imported on first use."""
        return importlib.import_module(self.module).run  # type: ignore[no-any-return]


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("ingest", "bench.scenarios.ingest", "embedding texts/s; model share of ingest"),
        Scenario(
            "vector",
            "bench.scenarios.vector",
            "vector top-10 vs memory bandwidth",
            backend_free=True,
        ),
        Scenario("search_api", "bench.scenarios.search_api", "candidate/vacancy search over HTTP"),
        Scenario("matching", "bench.scenarios.matching", "vacancy candidates, recommendations"),
        Scenario("reindex", "bench.scenarios.reindex", "full reindex with and without cache"),
        Scenario(
            "cv", "bench.scenarios.cv", "CV PDF render and cached re-download", backend_free=True
        ),
        Scenario("rss", "bench.scenarios.rss", "server peak RSS with the model loaded"),
        Scenario(
            "encoders",
            "bench.scenarios.encoders",
            "torch vs ONNX fp32/int8: texts/s, vector agreement",
            backend_free=True,
        ),
        Scenario("relevance", "bench.scenarios.relevance", "nDCG@10 and recall@10"),
        Scenario(
            "cold_start", "bench.scenarios.cold_start", "first pages after `marketplace serve`"
        ),
        Scenario(
            "ann_recall",
            "bench.scenarios.ann_recall",
            "int8_hnsw kNN recall@10 against an exact top-10 (Elasticsearch)",
        ),
    )
}
