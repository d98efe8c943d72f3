"""The service under test: uvicorn in a subprocess on a loopback port, and signing in to it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from bench.corpus import BenchCorpus, Login

STARTUP_TIMEOUT = 300.0


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Memory:
    """Resident memory of a process from /proc/<pid>/status, in MB."""

    peak_rss_mb: float
    rss_mb: float

    @classmethod
    def of(cls, pid: int) -> Memory:
        """Read VmHWM (peak resident set) and VmRSS of a process."""
        values: dict[str, float] = {}
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0]) / 1024
        return cls(round(values["VmHWM"], 1), round(values["VmRSS"], 1))


@dataclass
class Server:
    """A running service process serving a bench corpus."""

    corpus: BenchCorpus
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    startup_seconds: float = 0.0

    @property
    def base_url(self) -> str:
        """Root URL of the service."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        """Start uvicorn and wait until the service answers its health check."""
        env = {**os.environ, **self.corpus.environment(), **self.env}
        self.log_path = self.corpus.directory / f"server-{self.port}.log"
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "marketplace.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        started = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = started + STARTUP_TIMEOUT
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited at startup; see {self.log_path}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2.0).status_code == 200:
                    self.startup_seconds = round(time.perf_counter() - started, 2)
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"server did not answer within {STARTUP_TIMEOUT:.0f} s")

    @property
    def pid(self) -> int:
        """Process id of the server."""
        if self.process is None:
            raise RuntimeError("server not started")
        return self.process.pid

    def memory(self) -> Memory:
        """Current and peak resident memory of the server process."""
        return Memory.of(self.pid)

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user + system, all threads)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        # After the command name: field 14 (utime) and 15 (stime) of proc(5) are at 11 and 12.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Ask uvicorn to shut down; kill it if it does not."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def token(self, login: Login) -> str:
        """A bearer token for a bench account (OAuth2 password flow)."""
        response = httpx.post(
            f"{self.base_url}/api/v1/auth/token",
            data={"username": login.email, "password": login.password},
            timeout=30.0,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def client(self, login: Login | None = None, **kwargs: Any) -> httpx.Client:
        """An HTTP client for the service, signed in as `login` when given."""
        headers = {"Accept": "application/json"}
        if login is not None:
            headers["Authorization"] = f"Bearer {self.token(login)}"
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60.0, **kwargs)

    def operations(self) -> dict[str, dict[str, Any]]:
        """The service's OpenAPI paths, to find out which endpoints exist in this version."""
        response = httpx.get(f"{self.base_url}/openapi.json", timeout=30.0)
        response.raise_for_status()
        return dict(response.json()["paths"])


def query_parameters(operations: dict[str, dict[str, Any]], path: str) -> set[str] | None:
    """Names of the query parameters of `GET path`, or None when the endpoint does not exist."""
    operation = operations.get(path, {}).get("get")
    if operation is None:
        return None
    return {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
