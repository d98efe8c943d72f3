"""Embedded vector top-10 latency next to the memory-bandwidth bound measured in the same run.

An exact top-k over an n x d float32 matrix must read n * d * 4 bytes; at the machine's copy
bandwidth that takes `bound` seconds, and no scan can be faster once the matrix is out of the
CPU caches. The scenario reports the raw kernel (`matrix @ query` plus `argpartition`, what the
backend's hot path is) and the real embedded backend's vector search as multiples of that bound,
each with numpy's default BLAS threads and with one. Bandwidth is measured between the queries,
so both see the same load; single-threaded runs are judged in CPU time (see `CopyProbe`), which
a busy shared machine does not distort the way it distorts the wall clock.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

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


@dataclass
class Timings:
    """Per-query wall-clock and CPU (calling thread) seconds."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def _time(
    fn: Callable[[np.ndarray], object], queries: np.ndarray, probe: CopyProbe, rounds: int = 10
) -> Timings:
    """Time `fn` per query, with a bandwidth measurement before every round of queries."""
    for query in queries[:5]:
        fn(query)
    timings = Timings()
    for chunk in np.array_split(queries, rounds):
        probe.measure()
        for query in chunk:
            wall, cpu = time.perf_counter(), time.thread_time()
            fn(query)
            timings.cpu.append(time.thread_time() - cpu)
            timings.wall.append(time.perf_counter() - wall)
    return timings


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


def _record(
    result: ScenarioResult,
    label: str,
    timings: Timings,
    probe: CopyProbe,
    scanned: int,
    *,
    single_thread: bool,
) -> dict[str, Any]:
    """Latency figures of one measurement and its ratio to the bandwidth bound.

    A single-threaded run is judged in CPU time against the CPU-time bandwidth (both what a
    running core gets, whatever the load); a multi-threaded one on the wall clock, since the
    calling thread's CPU time misses its helpers' work.
    """
    wall = latency_summary(timings.wall)
    cpu = latency_summary(timings.cpu)
    bandwidth = probe.summary()
    clock = "cpu" if single_thread else "wall"
    bound_ms = scanned / (bandwidth[f"copy_{clock}_median_gb_s"] * 1e9) * 1000
    read_bound_ms = scanned / (bandwidth["read_cpu_median_gb_s"] * 1e9) * 1000
    measured = cpu["p50_ms"] if single_thread else wall["p50_ms"]
    summary: dict[str, Any] = {
        "wall": wall,
        "cpu": cpu,
        "bandwidth": bandwidth,
        "scanned_bytes": scanned,
        "bound_ms": round(bound_ms, 3),
        "ratio": round(measured / bound_ms, 2),
        "judged_on": clock,
    }
    note = (
        f"{'CPU-time' if single_thread else 'wall-clock'} p50 {measured} ms against "
        f"{bound_ms:.2f} ms, one copy of {scanned / 1e6:.1f} MB at the median "
        f"{bandwidth[f'copy_{clock}_median_gb_s']} GB/s ({clock} clock) measured between the "
        "queries"
    )
    if single_thread:
        summary["read_bound_ms"] = round(read_bound_ms, 3)
        summary["read_ratio"] = round(measured / read_bound_ms, 2)
        note += f"; {summary['read_ratio']}x a read-only pass ({read_bound_ms:.2f} ms)"
    result.add(Figure(f"{label} p50", wall["p50_ms"], "ms", limit="memory bandwidth"))
    result.add(Figure(f"{label} p95", wall["p95_ms"], "ms", limit="memory bandwidth"))
    result.add(
        Figure(
            f"{label} p50 / bandwidth bound",
            summary["ratio"],
            "x",
            TARGET_RATIO,
            limit="memory bandwidth",
            note=note,
        )
    )
    return summary


def run(ctx: Context, result: ScenarioResult) -> None:
    """Measure the raw kernel and the backend's vector search against the bandwidth bound."""
    rows = ctx.size.vector_rows
    scanned = rows * DIM * 4
    matrix = unit_rows(rows, seed=6)
    queries = unit_rows(QUERIES, seed=7)
    copy_bytes = ctx.size.copy_mb * 1024 * 1024
    result.details.update(
        rows=rows,
        dim=DIM,
        k=K,
        queries=QUERIES,
        matrix_mb=round(scanned / 1e6, 1),
        blas=[(pool["internal_api"], pool["num_threads"]) for pool in threadpool_info()],
    )

    def measure(label: str, fn: Callable[[np.ndarray], object], bytes_: int) -> None:
        # numpy's BLAS uses every core by default; on a busy machine waking a helper thread
        # can cost more than the scan itself, so each measurement also runs on one thread.
        for threads in (None, 1):
            name = label if threads is None else f"{label}, 1 BLAS thread"
            with threadpool_limits(limits=threads, user_api="blas"):
                probe = CopyProbe(copy_bytes)
                timings = _time(fn, queries, probe)
            result.details[name] = _record(
                result, name, timings, probe, bytes_, single_thread=threads == 1
            )

    measure("raw kernel", lambda q: top_k(matrix, q), scanned)

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
        measure("backend", search, scanned)
        # A filter keeping a tenth of the rows: scoring only those reads a tenth of the bytes.
        measure("backend, 10 % filter", lambda q: search(q, _TOWNS[0]), scanned // len(_TOWNS))
    finally:
        backend.close()
