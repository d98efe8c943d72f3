"""What every scenario gets: the size, the backend, where to write, and the corpus on demand."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.corpus import BENCH_ROOT, DEFAULT_ES_URL, BenchCorpus, Size, ensure
from bench.server import Server


class Skip(Exception):
    """A scenario cannot run here or now; the message says why and what would make it run."""


@dataclass
class Context:
    """One run of the harness: a size, a backend, an output folder and a log."""

    size: Size
    backend: str
    out: Path
    root: Path = BENCH_ROOT
    es_url: str | None = None
    log: Callable[[str], None] = print
    # Extra environment of the server process (thread counts...), and the name of that variant.
    server_env: dict[str, str] = field(default_factory=dict)
    variant: str = ""
    _corpus: BenchCorpus | None = field(default=None, repr=False)

    @property
    def elasticsearch_url(self) -> str:
        """The Elasticsearch to use: the option, else the service's variable, else localhost."""
        return self.es_url or os.environ.get("MARKETPLACE_ELASTICSEARCH_URL", DEFAULT_ES_URL)

    def require_backend(self) -> None:
        """Skip unless the search engine of this run answers."""
        if self.backend != "elasticsearch":
            return
        try:
            httpx.get(f"{self.elasticsearch_url}/_cluster/health", timeout=5.0).raise_for_status()
        except httpx.HTTPError as exc:
            raise Skip(
                f"Elasticsearch does not answer at {self.elasticsearch_url} ({exc}); start it "
                "with scripts/elasticsearch.sh start or pass --es-url"
            ) from exc

    @property
    def scratch(self) -> Path:
        """A folder for temporary files of this size and backend."""
        path = self.root / "scratch" / f"{self.size.name}-{self.backend}"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def server(self, corpus: BenchCorpus) -> Server:
        """A (not yet started) service process for the corpus, with this run's environment."""
        return Server(corpus, env=dict(self.server_env))

    def corpus(self) -> BenchCorpus:
        """The stored corpus of this size and backend, built on first use."""
        if self._corpus is None:
            self._corpus = ensure(
                self.size, self.backend, root=self.root, es_url=self.elasticsearch_url, log=self.log
            )
        return self._corpus
