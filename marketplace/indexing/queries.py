"""Running searches for the domains: query vectors, outage handling, pending changes."""

from __future__ import annotations

from fastapi import Request

from marketplace.errors import ServiceUnavailable
from search.base import IndexKind, SearchRequest, SearchResult, SearchUnavailable

UNAVAILABLE = "Search is temporarily unavailable; your data is safe. Please try again shortly."


def run_search(request: Request, kind: IndexKind, req: SearchRequest) -> SearchResult:
    """Search with a query vector for the text; 503 with a clear message on an engine outage."""
    state = request.app.state
    indexer = state.indexer
    if req.text and req.vector is None and req.mode != "bm25":
        req.vector = indexer.encoder().encode([req.text])[0]
    try:
        if indexer.has_pending():
            indexer.drain()  # committed changes (or ones held back by an outage) go in first
        return state.search.search(kind, req)
    except SearchUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE) from exc
