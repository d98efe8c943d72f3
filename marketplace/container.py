"""Builds the long-lived components of a running service from its settings."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from marketplace.config import Settings
from marketplace.db import make_engine, make_session_factory
from marketplace.indexing.service import Indexer
from marketplace.taxonomy.service import Taxonomy, get_taxonomy
from matching.calibration import Floors, floors_for
from matching.embeddings import (
    Encoder,
    HashingEncoder,
    SentenceTransformerEncoder,
    packaged_model_id,
)
from search.base import SearchBackend
from search.factory import create_backend

_models: dict[tuple[str, str, str | None, str], Encoder] = {}
_models_lock = threading.Lock()


def load_encoder(settings: Settings) -> Encoder:
    """The embedding model, loaded once per process (it takes seconds and ~100 MB)."""
    key = (
        settings.embedding_encoder,
        settings.embedding_runtime,
        settings.embedding_model,
        settings.embedding_precision,
    )
    with _models_lock:
        if key not in _models:
            if settings.embedding_encoder == "hashing":
                _models[key] = HashingEncoder(settings.embedding_dim)
            elif settings.embedding_runtime == "onnx" and settings.embedding_model is None:
                from matching.onnx_runtime import OnnxEncoder, exported_model

                precision = settings.embedding_precision
                _models[key] = OnnxEncoder(
                    exported_model(settings.model_cache_dir, precision),
                    threads=settings.embedding_threads or None,
                    # int8 vectors differ from fp32's: they must never share cache entries.
                    model_id=packaged_model_id() + ("" if precision == "fp32" else f"+{precision}"),
                    workers=settings.embedding_workers or len(os.sched_getaffinity(0)),
                )
            else:
                _models[key] = SentenceTransformerEncoder(
                    settings.embedding_model, num_threads=settings.embedding_threads or None
                )
        return _models[key]


def build_search(settings: Settings) -> Any:
    """The configured search backend."""
    return create_backend(
        settings.search_backend,
        directory=settings.search_dir,
        url=settings.elasticsearch_url,
        dim=settings.embedding_dim,
        prefix=settings.elasticsearch_prefix,
        timeout=settings.search_timeout_seconds,
        refresh_policy=settings.elasticsearch_refresh,
    )


@dataclass(frozen=True)
class Services:
    """The long-lived components of one process, built once at start-up and handed to the
    services that use them (never reached through an HTTP request)."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    search: SearchBackend
    encoder: Callable[[], Encoder]
    taxonomy: Taxonomy
    indexer: Indexer

    @property
    def floors(self) -> Floors:
        """The similarity floors of the embedding model in use."""
        return floors_for(self.encoder().model_id)

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, component) pairs, for code that reads them one by one."""
        return ((f.name, getattr(self, f.name)) for f in fields(self))


def build_container(settings: Settings, **overrides: Any) -> Services:
    """Engine, sessions, search backend, encoder and indexer for one process."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    engine = overrides.get("engine") or make_engine(settings.database_url)
    session_factory = make_session_factory(engine)
    search = overrides.get("search") or build_search(settings)
    encoder = overrides.get("encoder") or load_encoder(settings)
    encoder_provider: Callable[[], Encoder] = lambda: encoder  # noqa: E731
    taxonomy = get_taxonomy()
    search.ensure_indices()
    indexer = Indexer(session_factory, search, encoder_provider, taxonomy)
    return Services(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        search=search,
        encoder=encoder_provider,
        taxonomy=taxonomy,
        indexer=indexer,
    )
