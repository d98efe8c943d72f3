"""What a search costs at the least: its engine requests sent bare, and its query encoded bare.

Beside every API latency the search scenario reports these baselines for the very requests it
timed at concurrency 1, so the service's own share (HTTP, Python, fusion, loading the page's
rows, rendering JSON) is the difference."""

from __future__ import annotations

import time

import httpx

from bench import load
from bench.context import Context
from bench.corpus import Login
from bench.engine_trace import RecordingProxy, replay
from bench.results import Figure, ScenarioResult, latency_summary
from bench.server import Server
from marketplace.container import load_encoder

TARGET_OVERHEAD = 1.5


def _encoding_ms(ctx: Context, calls: list[load.Call]) -> list[float]:
    """Each request's query text encoded alone, as the service does (same runtime, one
    thread), after one warm-up text."""
    encoder = load_encoder(ctx.corpus().settings())
    encoder.encode(["lämmittely"])
    timings = []
    for call in calls:
        text = dict(call.params).get("q", "")
        started = time.perf_counter()
        if text:
            encoder.encode([text])
        timings.append(time.perf_counter() - started)
    return timings


def _engine_ms(ctx: Context, login: Login, calls: list[load.Call]) -> list[float]:
    """The service's engine requests for `calls`, recorded through a proxy by a second
    service process, then sent straight to Elasticsearch."""
    upstream = ctx.elasticsearch_url
    with RecordingProxy(upstream) as proxy:
        env = {**ctx.server_env, "MARKETPLACE_ELASTICSEARCH_URL": proxy.url}
        with Server(ctx.corpus(), env=env) as server:
            headers = {"Authorization": f"Bearer {server.token(login)}"}
            with httpx.Client(base_url=server.base_url, headers=headers, timeout=60.0) as client:
                for call in calls:
                    proxy.recorder.mark()
                    client.get(call.path, params=list(call.params)).raise_for_status()
        groups = proxy.recorder.groups
    return [ms / 1000 for ms in replay(upstream, groups)]


def measure(
    ctx: Context,
    label: str,
    login: Login,
    calls: list[load.Call],
    api_p50_ms: float,
    result: ScenarioResult,
) -> None:
    """Add the baselines of `calls` (the concurrency-1 pass) and the API's ratio to them."""
    encoding = latency_summary(_encoding_ms(ctx, calls))
    result.details[f"{label}, bare query encoding"] = encoding
    result.add(
        Figure(
            f"{label}, bare query encoding p50",
            encoding["p50_ms"],
            "ms",
            limit="model compute, one thread",
            note="the same query texts encoded alone in the bench process",
        )
    )
    if ctx.backend != "elasticsearch":
        return
    engine = latency_summary(_engine_ms(ctx, login, calls))
    result.details[f"{label}, raw engine"] = engine
    for name in ("p50", "p95"):
        result.add(
            Figure(
                f"{label}, raw engine {name}",
                engine[f"{name}_ms"],
                "ms",
                limit="Elasticsearch",
                note="the bodies the service sent for the concurrency-1 searches, sent straight "
                "to Elasticsearch from the bench process",
            )
        )
    bare = engine["p50_ms"] + encoding["p50_ms"]
    result.add(
        Figure(
            f"{label}, API p50 / (raw engine p50 + bare encoding p50)",
            round(api_p50_ms / bare, 3) if bare else 0.0,
            "x",
            TARGET_OVERHEAD,
            limit="HTTP, Python around the engine: fusion, loading the page's rows, JSON",
        )
    )
