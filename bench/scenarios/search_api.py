"""Candidate search and vacancy search through the HTTP API, at concurrency 1 and 8.

The service runs in its own process (uvicorn on a loopback port, as in production); a bounded
closed-loop generator sends hybrid searches with text, place and skill filters, asking for
explanations where the endpoint offers them. Every search text is new to the service, so each
request encodes its query with the model; a final pass repeats texts to show the cached cost.
The first pass after the server starts is reported apart: it also fills the embedded index's
memory of common terms (see `search.bm25`), which a running service has long since done; the
passes measured against the targets come after it.
The server's CPU time per request is reported next to the latencies: on a shared machine it is
the figure that does not depend on what else runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

from bench import baselines, load
from bench.context import Context, Skip
from bench.corpus import EMPLOYER, JOBSEEKER, Login
from bench.results import ScenarioResult
from bench.server import Server, query_parameters
from bench.workload import queries

CONCURRENCY = (1, 4, 8)
WARMUP = 5
TARGET_P95_MS = {"embedded": 100.0, "elasticsearch": 60.0}
# Parameters that ask an endpoint for explanations or highlights, when it has them.
EXPLAIN = (("explain", "true"), ("explanations", "true"), ("highlight", "true"))


@dataclass(frozen=True)
class Endpoint:
    """A search endpoint, who calls it, and whether the search targets apply to it."""

    label: str
    path: str
    login: Login
    candidates: bool


ENDPOINTS = (
    Endpoint("candidate search", "/api/v1/candidates", EMPLOYER, candidates=True),
    Endpoint("vacancy search", "/api/v1/vacancies", JOBSEEKER, candidates=False),
)


def _sample(client: httpx.Client, calls: list[load.Call]) -> dict[str, Any]:
    """What a few responses hold, so empty result lists do not pass for fast searches."""
    totals = []
    for call in calls:
        body = client.get(call.path, params=list(call.params)).raise_for_status().json()
        totals.append(body.get("total", len(body.get("items", []))))
    return {"totals": totals, "example": dict(calls[0].params)}


def _measure(ctx: Context, server: Server, endpoint: Endpoint, result: ScenarioResult) -> None:
    accepted = query_parameters(server.operations(), endpoint.path)
    if accepted is None:
        result.details[endpoint.label] = f"GET {endpoint.path} does not exist in this version"
        return
    headers = {"Authorization": f"Bearer {server.token(endpoint.login)}"}
    target = TARGET_P95_MS[ctx.backend] if endpoint.candidates else None
    count = ctx.size.requests + WARMUP

    def calls(size: int, name: str) -> list[load.Call]:
        """`size` searches with texts new to the server."""
        seed = f"{endpoint.label}-{name}-{time.time_ns()}"
        batch = queries(size, seed, for_candidates=endpoint.candidates)
        return [q.call(endpoint.path, accepted, EXPLAIN) for q in batch]

    def timed(
        label: str, batch: list[load.Call], concurrency: int, warmup: int = WARMUP, **figures: Any
    ) -> dict[str, Any]:
        """One pass of `batch`, recorded with the server's CPU time per request."""
        cpu = server.cpu_seconds()
        run = load.run(server.base_url, headers, batch, concurrency=concurrency, warmup=warmup)
        cpu_seconds = server.cpu_seconds() - cpu
        return load.record(
            result, f"{endpoint.label}, {label}", run, cpu_seconds=cpu_seconds, **figures
        )

    with httpx.Client(base_url=server.base_url, headers=headers, timeout=60.0) as client:
        result.details[f"{endpoint.label} sample"] = _sample(client, calls(3, "probe"))
    timed(
        "first searches after start",
        calls(count, "first"),
        1,
        warmup=0,
        percentiles=("p50", "p95"),
        limit="as below, plus reading each common term's rows from FTS5 once",
    )
    last: list[load.Call] = []
    for concurrency in CONCURRENCY:
        last = calls(count, f"concurrency-{concurrency}")
        summary = timed(
            f"concurrency {concurrency}",
            last,
            concurrency,
            target_p95_ms=target if concurrency == 1 else None,
            limit="query encoding (model), then BM25 + vector scan",
        )
        if concurrency == 1:
            measured_c1, api_p50 = last, summary["p50_ms"]
    baselines.measure(ctx, endpoint.label, endpoint.login, measured_c1, api_p50, result)
    timed(
        "repeated texts",
        last,
        1,
        percentiles=("p50", "p95"),
        limit="engine and Python (query vectors cached)",
    )


def run(ctx: Context, result: ScenarioResult) -> None:
    """Start the service on the corpus and load each search endpoint that exists."""
    ctx.require_backend()
    corpus = ctx.corpus()
    result.details["corpus"] = {k: corpus.info[k] for k in ("profiles", "vacancies", "indexed")}
    with ctx.server(corpus) as server:
        result.details["server_startup_s"] = server.startup_seconds
        for endpoint in ENDPOINTS:
            _measure(ctx, server, endpoint, result)
        result.details["server_memory_mb"] = server.memory().__dict__
    missing = [e.path for e in ENDPOINTS if isinstance(result.details.get(e.label), str)]
    if len(missing) == len(ENDPOINTS):
        raise Skip(f"none of {', '.join(missing)} exists yet")
    result.notes += [f"GET {path} does not exist in this version; not measured" for path in missing]
