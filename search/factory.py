"""Choose and build the configured search backend."""

from __future__ import annotations

from pathlib import Path

from search.base import DEFAULT_DIM, SearchBackend
from search.elasticsearch import ElasticsearchBackend, RefreshPolicy
from search.embedded import EmbeddedBackend


def create_backend(
    kind: str,
    *,
    directory: Path,
    url: str | None = None,
    dim: int = DEFAULT_DIM,
    prefix: str = "marketplace",
    timeout: float = 5.0,
    refresh_policy: RefreshPolicy = "true",
) -> SearchBackend:
    """Build the "embedded" (files under `directory`) or "elasticsearch" (at `url`) backend."""
    if kind == "embedded":
        return EmbeddedBackend(directory, dim=dim)
    if kind == "elasticsearch":
        if not url:
            raise ValueError("the elasticsearch search backend needs a URL")
        return ElasticsearchBackend(
            url, prefix=prefix, dim=dim, timeout=timeout, refresh_policy=refresh_policy
        )
    raise ValueError(f"unknown search backend {kind!r}; use 'embedded' or 'elasticsearch'")
