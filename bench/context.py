"""What every scenario gets: the size, the backend, where to write, and the corpus on demand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import BENCH_ROOT, BenchCorpus, Size, ensure


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
    _corpus: BenchCorpus | None = field(default=None, repr=False)

    @property
    def scratch(self) -> Path:
        """A folder for temporary files of this size and backend."""
        path = self.root / "scratch" / f"{self.size.name}-{self.backend}"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def corpus(self) -> BenchCorpus:
        """The stored corpus of this size and backend, built on first use."""
        if self._corpus is None:
            self._corpus = ensure(
                self.size, self.backend, root=self.root, es_url=self.es_url, log=self.log
            )
        return self._corpus
