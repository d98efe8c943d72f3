"""Stopwatches around the model and the search engine inside the service's own ingest path."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from matching.embeddings import DEFAULT_BATCH_SIZE, Encoder
from search.base import (
    IndexKind,
    RebuildBatch,
    RebuildCheckpoint,
    SearchBackend,
    SearchDocument,
)


class Stopwatch:
    """Accumulated seconds and calls, safe to share between threads."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.items = 0
        self._lock = threading.Lock()

    def add(self, seconds: float, items: int) -> None:
        """Count one timed call over `items` things."""
        with self._lock:
            self.seconds += seconds
            self.calls += 1
            self.items += items


class TimedEncoder:
    """An encoder that times every call of the model it wraps and keeps a sample of its texts."""

    def __init__(self, inner: Encoder, keep_texts: int = 0) -> None:
        self.inner = inner
        self.watch = Stopwatch()
        self.keep_texts = keep_texts
        self.texts: list[str] = []

    @property
    def dim(self) -> int:
        """Vector length of the model."""
        return self.inner.dim

    @property
    def model_id(self) -> str:
        """Model id of the wrapped encoder (cache keys stay those of the real model)."""
        return self.inner.model_id

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Encode with the wrapped model, timing the call."""
        room = self.keep_texts - len(self.texts)
        if room > 0:
            self.texts.extend(texts[:room])
        started = time.perf_counter()
        vectors = self.inner.encode(texts, batch_size)
        self.watch.add(time.perf_counter() - started, len(texts))
        return vectors


class TimedSearch:
    """A search backend whose writes are timed; everything else passes straight through."""

    def __init__(self, inner: SearchBackend) -> None:
        self.inner = inner
        self.name = inner.name
        self.writes = Stopwatch()

    def index(
        self, kind: IndexKind, docs: Sequence[SearchDocument], *, refresh: bool = True
    ) -> None:
        """Index documents, timing the engine."""
        started = time.perf_counter()
        self.inner.index(kind, docs, refresh=refresh)
        self.writes.add(time.perf_counter() - started, len(docs))

    def delete(
        self,
        kind: IndexKind,
        ids: Sequence[int],
        *,
        refresh: bool = True,
        as_of: Mapping[int, datetime] | None = None,
    ) -> None:
        """Delete documents, timing the engine."""
        started = time.perf_counter()
        self.inner.delete(kind, ids, refresh=refresh, as_of=as_of)
        self.writes.add(time.perf_counter() - started, len(ids))

    def reindex(
        self,
        kind: IndexKind,
        batches: Iterable[RebuildBatch],
        *,
        checkpoint: RebuildCheckpoint | None = None,
    ) -> int:
        """Rebuild an index (document building inside `batches` is not engine time)."""
        return self.inner.reindex(kind, batches, checkpoint=checkpoint)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
