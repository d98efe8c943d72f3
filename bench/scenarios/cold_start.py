"""The first pages after a start: `marketplace serve` (what `make run` runs last) prepares the
model, the indices and the suggestion vectors before it listens, then prints where it answers.
From that line on, the first front page, the first search (a query the model has not seen) and
the first profile builder (whose skill suggestions once waited ~30 s for the label vectors)
must each answer within a second.

The server is started on the stored corpus exactly as `make run` starts it, with its output
read line by line; the time to that line is reported too (it is spent before anyone can ask).
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO

import httpx

from bench.context import Context
from bench.corpus import JOBSEEKER
from bench.results import Figure, ScenarioResult
from bench.server import STARTUP_TIMEOUT, free_port
from marketplace.cli import READY

TARGET_FIRST_PAGE_MS = 1000.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The lines a stream prints, as they come (read on a thread of their own)."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for_ready(process: subprocess.Popen[str], lines: queue.Queue[str]) -> str:
    deadline = time.perf_counter() + STARTUP_TIMEOUT
    while time.perf_counter() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if process.poll() is not None:
                raise RuntimeError("the service exited before it was ready") from None
            continue
        if line.startswith(READY):
            return line[len(READY) :].strip()
    raise RuntimeError(f"the service did not say it was ready within {STARTUP_TIMEOUT:.0f} s")


def _timed(request: Callable[[], httpx.Response]) -> float:
    started = time.perf_counter()
    request().raise_for_status()
    return round((time.perf_counter() - started) * 1000, 1)


def run(ctx: Context, result: ScenarioResult) -> None:
    """Start the service as `make run` does and time its first pages."""
    ctx.require_backend()
    corpus = ctx.corpus()
    env = {**os.environ, **corpus.environment(), **ctx.server_env}
    port = free_port()
    command = [sys.executable, "-m", "marketplace.cli", "serve", "--port", str(port)]
    log_path = ctx.scratch / "cold-start.log"
    started = time.perf_counter()
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        assert process.stdout is not None
        url = _wait_for_ready(process, _lines(process.stdout))
        ready_s = round(time.perf_counter() - started, 1)
        with httpx.Client(base_url=url, timeout=60.0, follow_redirects=True) as client:
            front = _timed(lambda: client.get("/"))
            search = _timed(lambda: client.get("/vacancies", params={"q": "lähihoitaja Tampere"}))
            login = client.get("/login")
            token = CSRF.search(login.text)
            if token is None:
                raise RuntimeError("the sign-in page has no CSRF field")
            form = {"email": JOBSEEKER.email, "password": JOBSEEKER.password}
            client.post("/login", data={**form, "csrf_token": token.group(1)}).raise_for_status()
            builder = _timed(lambda: client.get("/profile/edit"))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    result.details["ready_after_s"] = ready_s
    result.details["log"] = str(log_path)
    result.add(
        Figure(
            "start until the service says where it answers",
            ready_s,
            "s",
            limit="loading the model, opening the indices, the suggestion vectors",
            note="spent before the address is printed; the suggestion vectors come from the "
            "vector cache when the seed or an earlier start computed them",
        )
    )
    for name, value in (
        ("first front page after the address is printed", front),
        ("first vacancy search (a new query text)", search),
        ("first profile builder page (skill suggestions)", builder),
    ):
        result.add(
            Figure(name, value, "ms", TARGET_FIRST_PAGE_MS, limit="page rendering; query encoding")
        )
