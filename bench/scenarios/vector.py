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

from bench.context import Context
from bench.machine import copy_bandwidth
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


def _time(fn: Callable[[np.ndarray], object], queries: np.ndarray, warmup: int = 5) -> list[float]:
    for query in queries[:warmup]:
        fn(query)
    samples = []
    for query in queries:
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


def run(ctx: Context, result: ScenarioResult) -> None:
    """Measure bandwidth, the raw kernel and the backend's vector search at the size's rows."""
    rows = ctx.size.vector_rows
    bandwidth = copy_bandwidth()
    scanned = rows * DIM * 4
    bound_ms = scanned / (bandwidth.best_gb_s * 1e9) * 1000
    matrix = unit_rows(rows, seed=6)
    queries = unit_rows(QUERIES, seed=7)
    result.details.update(
        rows=rows,
        dim=DIM,
        k=K,
        queries=QUERIES,
        matrix_mb=round(scanned / 1e6, 1),
        copy_bandwidth=bandwidth.__dict__,
        bound_ms=round(bound_ms, 3),
    )

    kernel = latency_summary(_time(lambda q: top_k(matrix, q), queries))
    result.details["raw_kernel"] = kernel
    result.add(Figure("raw kernel p50", kernel["p50_ms"], "ms", limit="memory bandwidth"))
    result.add(
        Figure(
            "raw kernel p50 / bandwidth bound",
            round(kernel["p50_ms"] / bound_ms, 2),
            "x",
            TARGET_RATIO,
            limit="memory bandwidth",
            note=f"bound {bound_ms:.2f} ms = {scanned / 1e6:.0f} MB / "
            f"{bandwidth.best_gb_s} GB/s copy bandwidth",
        )
    )

    ctx.log(f"  indexing {rows} vectors into an embedded backend")
    started = time.perf_counter()
    backend = _build_backend(ctx, matrix)
    result.details["backend_index_seconds"] = round(time.perf_counter() - started, 1)
    try:

        def search(query: np.ndarray, **terms: list[str]) -> object:
            request = SearchRequest(
                vector=query,
                terms=terms,
                mode="vector",
                limit=K,
                knn_candidates=K,
                highlight=False,
            )
            return backend.search("profiles", request)

        # The backend must return what the kernel returns: the same rows, in the same order.
        got = [
            hit.id
            for hit in backend.search(
                "profiles",
                SearchRequest(vector=queries[0], mode="vector", limit=K, knn_candidates=K),
            ).hits
        ]
        expected = [int(row) + 1 for row in top_k(matrix, queries[0])]
        result.details["backend_matches_kernel"] = got == expected
        plain = latency_summary(_time(search, queries))
        filtered = latency_summary(_time(lambda q: search(q, municipality=[_TOWNS[0]]), queries))
    finally:
        backend.close()
    result.details["backend"] = plain
    result.details["backend_filtered_10pct"] = filtered
    for label, summary in (("backend", plain), ("backend, 10 % filter", filtered)):
        result.add(Figure(f"{label} p50", summary["p50_ms"], "ms", limit="memory bandwidth"))
        result.add(Figure(f"{label} p95", summary["p95_ms"], "ms", limit="memory bandwidth"))
    result.add(
        Figure(
            "backend p50 / bandwidth bound",
            round(plain["p50_ms"] / bound_ms, 2),
            "x",
            TARGET_RATIO,
            limit="memory bandwidth, then Python per call",
            note="EmbeddedBackend.search, mode vector, no filter",
        )
    )
