"""The raw engine time of the service's own searches: a recording proxy between the service
and Elasticsearch keeps every search request the service sends (grouped by the API request that
caused it), and the bench process then sends those exact bodies straight to Elasticsearch and
times them. API latency minus that (and the bare query encoding) is what the service adds."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

# Response headers the proxy does not pass on (it sets its own framing).
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class EngineCall:
    """One request the service sent to the engine."""

    method: str
    path: str
    body: bytes
    # Content-Type and Accept: Elasticsearch's compatibility mode wants both as sent.
    headers: tuple[tuple[str, str], ...]


@dataclass
class Recorder:
    """Engine calls grouped by the API request they served (`mark` starts a group)."""

    groups: list[list[EngineCall]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def mark(self) -> None:
        """The calls from now on belong to the next API request."""
        with self.lock:
            self.groups.append([])

    def add(self, call: EngineCall) -> None:
        with self.lock:
            if self.groups and ("_search" in call.path or "_msearch" in call.path):
                self.groups[-1].append(call)


class RecordingProxy:
    """An HTTP proxy on a loopback port that forwards to `upstream` and records searches."""

    def __init__(self, upstream: str) -> None:
        self.recorder = Recorder()
        self._client = httpx.Client(base_url=upstream, timeout=60.0)
        recorder, client = self.recorder, self._client

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                kept = tuple(
                    (k, v)
                    for k, v in self.headers.items()
                    if k.lower() in ("content-type", "accept")
                )
                recorder.add(EngineCall(self.command, self.path, body, kept))
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}
                }
                answer = client.request(self.command, self.path, content=body, headers=headers)
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in HOP_BY_HOP | {"content-encoding"}:
                        self.send_header(key, value)
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the bench prints its own progress."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Where the service should find "Elasticsearch"."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._client.close()


def replay(upstream: str, groups: list[list[EngineCall]]) -> list[float]:
    """Milliseconds each group's calls take sent straight to the engine, one after another as
    the service sent them. The engine has seen each body once already (when the service sent
    it), so its caches are at least as warm as they were for the service."""
    timings: list[float] = []
    with httpx.Client(base_url=upstream, timeout=60.0) as client:

        def send(group: list[EngineCall]) -> None:
            for call in group:
                response = client.request(
                    call.method, call.path, content=call.body, headers=dict(call.headers)
                )
                response.raise_for_status()

        for group in groups:
            if not group:
                continue
            started = time.perf_counter()
            send(group)
            timings.append((time.perf_counter() - started) * 1000)
    return timings
