"""CV PDF rendering through the HTTP API: 1-page and 3-page CVs, then cached re-downloads.

The bench CV owner's profile is rewritten through `PUT /api/v1/me/profile` before every timed
download, so each download renders a new version (the service caches renderings by version);
an employer downloads it, as recruiters do. Re-downloads are timed twice: plain (the service's
rendering cache) and with `If-None-Match` (a 304 without any rendering).
"""

from __future__ import annotations

import copy
import io
import time
from typing import Any

import httpx
from pypdf import PdfReader

from bench.context import Context, Skip
from bench.corpus import CV_OWNER, EMPLOYER
from bench.results import Figure, ScenarioResult, latency_summary
from bench.server import Server

CV_PATH = "/api/v1/profiles/{profile_id}/cv.pdf"
TARGET_ONE_PAGE_P50_MS = 300.0
MAX_WORK_ITEMS = 40


def pages(pdf: bytes) -> int:
    """Number of pages of a PDF."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


class CvOwner:
    """The profile behind the CVs, rewritten through the API."""

    def __init__(self, server: Server) -> None:
        self.owner = server.client(CV_OWNER)
        self.viewer = server.client(EMPLOYER)
        self.original: dict[str, Any] = (
            self.owner.get("/api/v1/me/profile").raise_for_status().json()
        )
        self.id = int(self.original["id"])
        self.path = CV_PATH.format(profile_id=self.id)
        self.version = 0

    def put(self, document: dict[str, Any]) -> None:
        """Store a new version of the profile (a summary marker makes every version differ)."""
        self.version += 1
        changed = {**document, "summary": f"{document['summary']} ({self.version})".strip()}
        self.owner.put("/api/v1/me/profile", json=changed).raise_for_status()

    def download(self, headers: dict[str, str] | None = None) -> tuple[float, httpx.Response]:
        """Seconds and response of one CV download by the employer."""
        started = time.perf_counter()
        response = self.viewer.get(self.path, headers=headers or {})
        elapsed = time.perf_counter() - started
        if response.status_code not in (200, 304):
            raise RuntimeError(
                f"CV download answered {response.status_code}: {response.text[:200]}"
            )
        return elapsed, response

    def close(self) -> None:
        self.owner.close()
        self.viewer.close()


def one_page(original: dict[str, Any]) -> dict[str, Any]:
    """A short CV: two jobs, one degree."""
    document = copy.deepcopy(original)
    document["work"] = document["work"][:2]
    document["education"] = document["education"][:1]
    document["visibility"] = "public"
    return document


def with_jobs(original: dict[str, Any], count: int) -> dict[str, Any]:
    """A long CV: `count` jobs with full descriptions, cycled from the profile's own."""
    document = copy.deepcopy(original)
    jobs = original["work"] or [{"title": "Työntekijä", "description": ""}]
    filler = " ".join(j.get("description") or j["title"] for j in jobs)
    description = ((filler + " ") * 3)[:600].strip()
    document["work"] = [{**jobs[i % len(jobs)], "description": description} for i in range(count)]
    document["visibility"] = "public"
    return document


def _three_pages(owner: CvOwner) -> tuple[dict[str, Any], int, int]:
    """A long document whose CV has three pages, or the shortest with more when no number of
    jobs gives exactly three (found by rendering, not timed); with its jobs and pages."""
    seen: dict[int, int] = {}
    count = 10
    while 1 <= count <= MAX_WORK_ITEMS and count not in seen:
        owner.put(with_jobs(owner.original, count))
        seen[count] = pages(owner.download()[1].content)
        if seen[count] == 3:
            break
        count += 1 if seen[count] < 3 else -1
    enough = [c for c, p in seen.items() if p >= 3]
    if not enough:
        raise RuntimeError(f"even {MAX_WORK_ITEMS} jobs do not fill three pages")
    best = min(enough)
    return with_jobs(owner.original, best), best, seen[best]


def _timed_renders(
    server: Server, owner: CvOwner, document: dict[str, Any], samples: int
) -> tuple[list[float], float]:
    """Download times of `samples` fresh renderings, and the server CPU seconds they took."""
    times, cpu = [], 0.0
    for _ in range(samples):
        owner.put(document)
        before = server.cpu_seconds()
        times.append(owner.download()[0])
        cpu += server.cpu_seconds() - before
    return times, cpu


def run(ctx: Context, result: ScenarioResult) -> None:
    """Render p50/p95 of 1-page and 3-page CVs, and the cost of re-downloading one."""
    ctx.require_backend()
    corpus = ctx.corpus()
    samples = max(2, ctx.size.requests // 10)
    with ctx.server(corpus) as server:
        if CV_PATH not in server.operations():
            raise Skip(f"GET {CV_PATH} does not exist in this version")
        owner = CvOwner(server)
        try:
            short = one_page(owner.original)
            owner.put(short)
            result.details["one_page_pages"] = pages(owner.download()[1].content)
            long, jobs, long_pages = _three_pages(owner)
            result.details["long_cv"] = {"jobs": jobs, "pages": long_pages}
            for label, document, target in (
                ("1-page CV render", short, TARGET_ONE_PAGE_P50_MS),
                ("3-page CV render", long, None),
            ):
                times, cpu = _timed_renders(server, owner, document, samples)
                summary = latency_summary(times)
                summary["server_cpu_ms_per_render"] = round(cpu / samples * 1000, 1)
                result.details[label] = summary
                for name in ("p50", "p95"):
                    result.add(
                        Figure(
                            f"{label} {name}",
                            summary[f"{name}_ms"],
                            "ms",
                            target if name == "p50" else None,
                            limit="PDF layout (WeasyPrint)",
                            note=f"{samples} renders over HTTP, each of a new profile "
                            f"version; server CPU {summary['server_cpu_ms_per_render']} ms each",
                        )
                    )
            # The last version of the 3-page CV is rendered and cached now.
            _, response = owner.download()
            etag = response.headers.get("etag", "")
            again = [owner.download() for _ in range(samples)]
            plain = [seconds for seconds, _ in again]
            # Served from the cache: the very bytes of the render, every time.
            result.details["re-downloads identical"] = all(
                r.content == response.content for _, r in again
            )
            conditional = [owner.download({"If-None-Match": etag})[0] for _ in range(samples)]
            result.details["304 answered"] = (
                owner.download({"If-None-Match": etag})[1].status_code == 304
            )
        finally:
            owner.put(owner.original)
            owner.close()
    for label, times in (
        ("cached re-download", plain),
        ("re-download with If-None-Match (304)", conditional),
    ):
        summary = latency_summary(times)
        result.details[label] = summary
        result.add(
            Figure(
                f"{label} p50",
                summary["p50_ms"],
                "ms",
                limit="Python per request (no rendering)",
            )
        )
