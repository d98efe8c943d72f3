"""Peak resident memory of the service with the model loaded, after serving every kind of
request once (searches, matching, a CV): VmHWM of the server process from /proc."""

from __future__ import annotations

import httpx

from bench.context import Context
from bench.corpus import EMPLOYER, JOBSEEKER
from bench.results import Figure, ScenarioResult
from bench.server import Server
from bench.workload import queries

TARGET_MB = 1536.0
ROUNDS = 5


def _exercise(server: Server) -> list[str]:
    """Touch every memory-hungry path a few times; returns the paths that answered 200 (an
    endpoint missing in this version answers 404 and is left out)."""
    answered: list[str] = []
    employer = server.client(EMPLOYER)
    jobseeker = server.client(JOBSEEKER)
    try:
        plan: list[tuple[httpx.Client, str, list[tuple[str, str]]]] = []
        for query in queries(ROUNDS, "rss", for_candidates=True):
            plan.append((employer, "/api/v1/candidates", [("q", query.q)]))
            plan.append((jobseeker, "/api/v1/vacancies", [("q", query.q)]))
        plan.append((jobseeker, "/api/v1/me/recommendations", []))
        mine = employer.get("/api/v1/vacancies/mine")
        if mine.status_code == 200 and mine.json():
            vacancy = mine.json()[0]["id"]
            plan.append((employer, f"/api/v1/vacancies/{vacancy}/candidates", []))
        profile = jobseeker.get("/api/v1/me/profile")
        if profile.status_code == 200:
            plan.append((employer, f"/api/v1/profiles/{profile.json()['id']}/cv.pdf", []))
        for client, path, params in plan:
            if client.get(path, params=params).status_code == 200:
                answered.append(path)
    finally:
        employer.close()
        jobseeker.close()
    return sorted(set(answered))


def run(ctx: Context, result: ScenarioResult) -> None:
    """Start the service on the corpus, exercise it, read its peak RSS."""
    ctx.require_backend()
    corpus = ctx.corpus()
    with ctx.server(corpus) as server:
        at_start = server.memory()
        result.details["answered"] = _exercise(server)
        memory = server.memory()
    result.details.update(
        corpus={k: corpus.info[k] for k in ("profiles", "vacancies", "indexed")},
        after_startup_mb=at_start.__dict__,
        after_requests_mb=memory.__dict__,
        encoder=corpus.size.encoder,
    )
    result.add(
        Figure(
            "server peak RSS",
            memory.peak_rss_mb,
            "MB",
            TARGET_MB,
            limit="model weights, torch runtime, vector matrix pages, Python objects",
            note=f"VmHWM after serving searches, matching and a CV; {at_start.rss_mb} MB "
            f"right after startup",
        )
    )
