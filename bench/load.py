"""A bounded closed-loop load generator on loopback: N threads, each with its own connection."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.results import Figure, ScenarioResult, latency_summary


@dataclass(frozen=True)
class Call:
    """One request to send: a path and its query parameters."""

    path: str
    params: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class LoadResult:
    """Latencies of the successful requests, and what went wrong with the others."""

    concurrency: int
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        """Percentiles in ms, throughput and status counts."""
        data: dict[str, Any] = {"concurrency": self.concurrency}
        if self.latencies:
            data.update(latency_summary(self.latencies))
        data["requests_per_second"] = (
            round(len(self.latencies) / self.seconds, 1) if self.seconds else 0.0
        )
        data["statuses"] = {str(k): v for k, v in sorted(self.statuses.items())}
        if self.errors:
            data["first_errors"] = self.errors[:3]
        return data


def run(
    base_url: str,
    headers: dict[str, str],
    calls: Sequence[Call],
    *,
    concurrency: int,
    expect: tuple[int, ...] = (200,),
    warmup: int = 0,
) -> LoadResult:
    """Send every call once, `concurrency` at a time; the first `warmup` calls are not timed."""
    result = LoadResult(concurrency)
    lock = threading.Lock()
    counter = itertools.count()

    def worker() -> None:
        with httpx.Client(base_url=base_url, headers=headers, timeout=120.0) as client:
            while (index := next(counter)) < len(calls):
                call = calls[index]
                started = time.perf_counter()
                try:
                    response = client.get(
                        call.path, params=list(call.params), headers=dict(call.headers)
                    )
                except httpx.HTTPError as exc:
                    with lock:
                        result.errors.append(f"{call.path}: {exc!r}")
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    result.statuses[response.status_code] += 1
                    if response.status_code in expect:
                        result.latencies.append(elapsed)
                    else:
                        result.errors.append(
                            f"{call.path} -> {response.status_code}: {response.text[:200]}"
                        )

    if warmup:
        # Warm-up calls run one at a time, untimed, so each cold path is paid once, not N times.
        with httpx.Client(base_url=base_url, headers=headers, timeout=120.0) as client:
            for call in calls[:warmup]:
                client.get(call.path, params=list(call.params), headers=dict(call.headers))
        counter = itertools.count(warmup)
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def record(
    result: ScenarioResult,
    label: str,
    load: LoadResult,
    *,
    percentiles: tuple[str, ...] = ("p50", "p95", "p99"),
    target_p95_ms: float | None = None,
    limit: str = "",
    cpu_seconds: float | None = None,
) -> dict[str, Any]:
    """Add latency figures of one load run to a result; returns the run's summary."""
    summary = load.summary()
    if cpu_seconds is not None and load.latencies:
        summary["server_cpu_ms_per_request"] = round(cpu_seconds / len(load.latencies) * 1000, 2)
    result.details[label] = summary
    if not load.latencies:
        raise RuntimeError(f"{label}: no successful request; first errors: {load.errors[:3]}")
    note = f"{summary['count']} requests, {summary['requests_per_second']} req/s"
    if "server_cpu_ms_per_request" in summary:
        note += f", server CPU {summary['server_cpu_ms_per_request']} ms/request"
    if load.errors:
        note += f", {len(load.errors)} failed"
    for name in percentiles:
        result.add(
            Figure(
                f"{label} {name}",
                summary[f"{name}_ms"],
                "ms",
                target_p95_ms if name == "p95" else None,
                limit=limit,
                note=note,
            )
        )
    return summary
