"""Embedded vector top-10 latency next to the memory-bandwidth bound measured in the same run.

An exact top-k over an n x d float32 matrix must read n * d * 4 bytes; at the machine's copy
bandwidth that takes `bound` seconds, and no scan can be faster once the matrix is out of the
CPU caches. The scenario reports the raw kernel (`matrix @ query` plus `argpartition`, what the
backend's hot path is) and the real embedded backend's vector search as multiples of that bound.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from bench.context import Context
from bench.machine import CopyProbe
from bench.results import Figure, ScenarioResult, latency_summary
from search.base import SearchDocument, SearchRequest
from search.embedded import EmbeddedBackend

DIM = 384
K = 10
QUERIES = 200
TARGET_RATIO = 1.5
_INDEX_BATCH = 2000
# Ten municipalities, so a one-value filter keeps about a tenth of the documents.
_TOWNS = [f"{100 + i:03d}" for i in range(10)]


def unit_rows(rows: int, seed: int) -> np.ndarray:
    """Random unit vectors (float32), the distribution sentence embeddings are normalised to."""
    matrix = np.random.default_rng(seed).standard_normal((rows, DIM), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix


def top_k(matrix: np.ndarray, query: np.ndarray, k: int = K) -> np.ndarray:
    """The raw kernel: scores of every row, then the k best rows, best first."""
    scores = matrix @ query
    best = np.argpartition(-scores, k - 1)[:k]
    return best[np.argsort(-scores[best])]


def _time(
    fn: Callable[[np.ndarray], object], queries: np.ndarray, probe: CopyProbe, rounds: int = 10
) -> list[float]:
    """Latency of `fn` per query, with a bandwidth measurement before every round of queries."""
    for query in queries[:5]:
        fn(query)
    samples = []
    for chunk in np.array_split(queries, rounds):
        probe.measure()
        for query in chunk:
            started = time.perf_counter()
            fn(query)
            samples.append(time.perf_counter() - started)
    return samples


def _build_backend(ctx: Context, matrix: np.ndarray) -> EmbeddedBackend:
    """An embedded backend in a scratch folder holding the matrix as profile vectors."""
    directory = ctx.scratch / "vector-index"
    if directory.exists():
        shutil.rmtree(directory)
    backend = EmbeddedBackend(directory, dim=DIM)
    backend.ensure_indices()
    now = datetime.now(UTC)
    for start in range(0, len(matrix), _INDEX_BATCH):
        docs = [
            SearchDocument(
                id=row + 1,
                updated_at=now,
                fields={"title": "", "body": ""},
                keywords={"municipality": [_TOWNS[row % len(_TOWNS)]]},
                vector=matrix[row],
            )
            for row in range(start, min(start + _INDEX_BATCH, len(matrix)))
        ]
        backend.index("profiles", docs)
    backend.compact("profiles")
    return backend


def _ratio_figures(
    result: ScenarioResult, label: str, samples: list[float], probe: CopyProbe, scanned: int
) -> dict[str, float]:
    """Latency figures of one measurement and its ratio to the bound at the same bandwidth."""
    summary = latency_summary(samples)
    bandwidth = probe.summary()
    bound_ms = scanned / (bandwidth["median_gb_s"] * 1e9) * 1000
    best_bound_ms = scanned / (bandwidth["best_gb_s"] * 1e9) * 1000
    summary.update(
        bandwidth=bandwidth,
        bound_ms=round(bound_ms, 3),
        ratio_p50=round(summary["p50_ms"] / bound_ms, 2),
        ratio_best=round(min(samples) * 1000 / best_bound_ms, 2),
    )
    result.add(Figure(f"{label} p50", summary["p50_ms"], "ms", limit="memory bandwidth"))
    result.add(Figure(f"{label} p95", summary["p95_ms"], "ms", limit="memory bandwidth"))
    result.add(
        Figure(
            f"{label} p50 / bandwidth bound",
            summary["ratio_p50"],
            "x",
            TARGET_RATIO,
            limit="memory bandwidth",
            note=f"bound {bound_ms:.2f} ms = {scanned / 1e6:.1f} MB at the median "
            f"{bandwidth['median_gb_s']} GB/s copy bandwidth measured between the queries; "
            f"fastest query / bound at best bandwidth: {summary['ratio_best']}x",
        )
    )
    return summary


def run(ctx: Context, result: ScenarioResult) -> None:
    """Measure the raw kernel and the backend's vector search against the bandwidth bound."""
    rows = ctx.size.vector_rows
    scanned = rows * DIM * 4
    matrix = unit_rows(rows, seed=6)
    queries = unit_rows(QUERIES, seed=7)
    result.details.update(
        rows=rows, dim=DIM, k=K, queries=QUERIES, matrix_mb=round(scanned / 1e6, 1)
    )
    for threads in (None, 1):
        # numpy's BLAS uses every core by default; on a busy machine a woken helper thread
        # can cost more than the scan itself, so the single-threaded kernel is measured too.
        label = "raw kernel" if threads is None else f"raw kernel, {threads} BLAS thread"
        with threadpool_limits(limits=threads, user_api="blas"):
            probe = CopyProbe(ctx.size.copy_mb * 1024 * 1024)
            samples = _time(lambda q: top_k(matrix, q), queries, probe)
        result.details[label] = _ratio_figures(result, label, samples, probe, scanned)
    result.details["blas_threads"] = [
        (pool["internal_api"], pool["num_threads"]) for pool in threadpool_info()
    ]

    ctx.log(f"  indexing {rows} vectors into an embedded backend")
    started = time.perf_counter()
    backend = _build_backend(ctx, matrix)
    result.details["backend_index_seconds"] = round(time.perf_counter() - started, 1)
    try:

        def search(query: np.ndarray, *towns: str) -> list[int]:
            request = SearchRequest(
                vector=query,
                terms={"municipality": list(towns)} if towns else {},
                mode="vector",
                limit=K,
                knn_candidates=K,
                highlight=False,
            )
            return [hit.id for hit in backend.search("profiles", request).hits]

        # The backend must find what the kernel finds: the same rows in the same order.
        expected = [int(row) + 1 for row in top_k(matrix, queries[0])]
        result.details["backend_matches_kernel"] = search(queries[0]) == expected
        probe = CopyProbe(ctx.size.copy_mb * 1024 * 1024)
        samples = _time(search, queries, probe)
        result.details["backend"] = _ratio_figures(result, "backend", samples, probe, scanned)
        # A filter that keeps a tenth of the rows: scoring only those should scan a tenth.
        probe = CopyProbe(ctx.size.copy_mb * 1024 * 1024)
        samples = _time(lambda q: search(q, _TOWNS[0]), queries, probe)
        result.details["backend_filtered"] = _ratio_figures(
            result, "backend, 10 % filter", samples, probe, scanned // len(_TOWNS)
        )
    finally:
        backend.close()
