"""Matching through the HTTP API: ranked candidates for a vacancy, recommendations for a person.

Candidates are asked for the published vacancies of the bench employer's organisation in turn;
recommendations for a rotating set of jobseekers, each signed in with their own token.
"""

from __future__ import annotations

import re

import httpx

from bench import load
from bench.context import Context, Skip
from bench.corpus import EMPLOYER, JOBSEEKER, Login
from bench.results import ScenarioResult
from bench.server import Server

CANDIDATES = re.compile(r"^/api/v1/vacancies/\{[^}]+\}/candidates$")
RECOMMENDATIONS = "/api/v1/me/recommendations"
WARMUP = 3
JOBSEEKERS = 12


def _vacancy_ids(server: Server, headers: dict[str, str]) -> list[int]:
    response = httpx.get(f"{server.base_url}/api/v1/vacancies/mine", headers=headers, timeout=60)
    response.raise_for_status()
    return [v["id"] for v in response.json() if v.get("status") == "published"]


def _jobseekers(server: Server) -> list[str]:
    """Bearer tokens of jobseekers who have profiles (the corpus numbers them from 2 up)."""
    logins = [JOBSEEKER] + [
        Login("jobseeker", f"jobseeker.{n}@example.fi") for n in range(2, JOBSEEKERS + 1)
    ]
    return [server.token(login) for login in logins]


def run(ctx: Context, result: ScenarioResult) -> None:
    """p50/p95 of vacancy candidates and of recommendations at concurrency 1."""
    ctx.require_backend()
    corpus = ctx.corpus()
    count = max(ctx.size.requests // 2, 4) + WARMUP
    with ctx.server(corpus) as server:
        paths = server.operations()
        candidates = next((p for p in paths if CANDIDATES.match(p)), None)
        if candidates is None and RECOMMENDATIONS not in paths:
            raise Skip("neither vacancy candidates nor recommendations exist in this version")
        if candidates is None:
            result.notes.append("GET /api/v1/vacancies/{id}/candidates does not exist; skipped")
        else:
            headers = {"Authorization": f"Bearer {server.token(EMPLOYER)}"}
            ids = _vacancy_ids(server, headers)
            if not ids:
                raise RuntimeError("the bench employer has no published vacancy")
            result.details["vacancies"] = len(ids)
            calls = [
                load.Call(re.sub(r"\{[^}]+\}", str(ids[i % len(ids)]), candidates))
                for i in range(count)
            ]
            cpu = server.cpu_seconds()
            run_ = load.run(server.base_url, headers, calls, concurrency=1, warmup=WARMUP)
            load.record(
                result,
                "vacancy candidates",
                run_,
                percentiles=("p50", "p95"),
                limit="vector + BM25 search, then structured scoring in Python",
                cpu_seconds=server.cpu_seconds() - cpu,
            )
        if RECOMMENDATIONS not in paths:
            result.notes.append(f"GET {RECOMMENDATIONS} does not exist; skipped")
        else:
            tokens = _jobseekers(server)
            calls = [
                load.Call(
                    RECOMMENDATIONS,
                    headers=(("Authorization", f"Bearer {tokens[i % len(tokens)]}"),),
                )
                for i in range(count)
            ]
            cpu = server.cpu_seconds()
            run_ = load.run(server.base_url, {}, calls, concurrency=1, warmup=WARMUP)
            load.record(
                result,
                "recommendations",
                run_,
                percentiles=("p50", "p95"),
                limit="vector + BM25 search, then structured scoring in Python",
                cpu_seconds=server.cpu_seconds() - cpu,
            )
