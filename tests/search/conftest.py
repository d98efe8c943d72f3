"""Backends for the shared contract tests, a deterministic embedding and a small corpus.

`backend` runs every contract test on the embedded backend, and on Elasticsearch when
MARKETPLACE_TEST_ELASTICSEARCH_URL is set. Without it the Elasticsearch cases are skipped,
except under CI=true, where a missing or unreachable Elasticsearch fails them.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from matching.analysis import stem_terms
from search.base import RebuildBatch, SearchBackend, SearchDocument
from search.elasticsearch import ElasticsearchBackend, RefreshPolicy
from search.embedded import EmbeddedBackend

DIM = 384
ES_URL_ENV = "MARKETPLACE_TEST_ELASTICSEARCH_URL"
_SESSION_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
_es_counter = itertools.count()

Embed = Callable[[str], np.ndarray]
MakeDoc = Callable[..., SearchDocument]


def fake_embed(text: str) -> np.ndarray:
    """Hash each stem to a signed unit direction; texts sharing stems point alike."""
    vector = np.zeros(DIM, dtype=np.float32)
    for stem in stem_terms(text):
        digest = hashlib.blake2b(stem.encode(), digest_size=8).digest()
        slot = int.from_bytes(digest[:4], "little") % DIM
        vector[slot] += 1.0 if digest[4] & 1 else -1.0
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


@pytest.fixture
def dim() -> int:
    """Vector dimensions of the test indices."""
    return DIM


@pytest.fixture
def embed() -> Embed:
    """The deterministic test embedding."""
    return fake_embed


@pytest.fixture
def make_doc() -> MakeDoc:
    """Build a document whose vector embeds its title and body."""

    def build(
        doc_id: int,
        title: str,
        body: str = "",
        *,
        municipality: str = "091",
        visibility: str = "public",
        skills: tuple[str, ...] = (),
        available_from: date | None = None,
        with_vector: bool = True,
    ) -> SearchDocument:
        return SearchDocument(
            id=doc_id,
            updated_at=datetime(2024, 1, 1, 12, 0),
            fields={"title": title, "body": body},
            keywords={
                "municipality": [municipality],
                "visibility": [visibility],
                "skill": list(skills),
            },
            dates={"available_from": available_from},
            vector=fake_embed(f"{title} {body}") if with_vector else None,
        )

    return build


def stopping(
    backend: SearchBackend,
    batches: Iterable[RebuildBatch],
    after: int,
    error: BaseException,
    seen: list[int | None] | None = None,
) -> Iterator[RebuildBatch]:
    """A profiles rebuild's batches until `after` of them are written, then `error`; `seen`
    gets the checkpoint's `last_id` as each batch is asked for (what a kill would leave)."""
    for number, batch in enumerate(batches):
        if number == after:
            raise error
        if seen is not None:
            checkpoint = backend.unfinished_rebuild("profiles")
            seen.append(checkpoint.last_id if checkpoint else -1)
        yield batch


def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Elasticsearch is required in CI: {reason}")
    pytest.skip(reason)


@contextmanager
def _elasticsearch(refresh_policy: RefreshPolicy) -> Iterator[ElasticsearchBackend]:
    """A backend on its own index prefix; its indices are deleted afterwards."""
    url = os.environ.get(ES_URL_ENV)
    if not url:
        _fail_or_skip(f"{ES_URL_ENV} is not set")
    assert url is not None
    backend = ElasticsearchBackend(
        url,
        prefix=f"{_SESSION_PREFIX}-{next(_es_counter)}",
        dim=DIM,
        timeout=10.0,
        refresh_policy=refresh_policy,
        # Every batch of a rebuild records its checkpoint, as on the embedded backend.
        checkpoint_interval=0.0,
    )
    try:
        backend.client.cluster.health()
    except Exception as exc:
        backend.close()
        pytest.fail(f"Elasticsearch at {url} is not answering: {exc}")
    try:
        yield backend
    finally:
        # Wildcard deletes are refused by default (action.destructive_requires_name).
        names = list(backend.client.indices.get(index=f"{backend.prefix}-*"))
        if names:
            backend.client.indices.delete(index=",".join(names))
        backend.close()


@pytest.fixture(params=["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    """Each backend in turn, with empty indices."""
    if request.param == "embedded":
        embedded = EmbeddedBackend(tmp_path / "search", dim=DIM)
        embedded.ensure_indices()
        yield embedded
        embedded.close()
        return
    # Immediate refreshes (the default) keep the suite fast; test_elasticsearch covers wait_for.
    with _elasticsearch("true") as elasticsearch:
        elasticsearch.ensure_indices()
        yield elasticsearch


@pytest.fixture
def es_backend() -> Iterator[ElasticsearchBackend]:
    """An Elasticsearch backend that waits for scheduled refreshes, with no indices yet."""
    with _elasticsearch("wait_for") as elasticsearch:
        yield elasticsearch
