"""Running searches for the domains: query vectors, outage handling, pending changes."""

from __future__ import annotations

from fastapi import Request

from marketplace.errors import ServiceUnavailable
from search.base import IndexKind, SearchRequest, SearchResult, SearchUnavailable

UNAVAILABLE = "Search is temporarily unavailable; your data is safe. Please try again shortly."


def run_search(
    request: Request, kind: IndexKind, req: SearchRequest, *, typed: bool = False
) -> SearchResult:
    """Search with a query vector for the text; 503 with a clear message on an engine outage.

    `typed` marks a query a person typed: the taxonomy concepts it names (in any inflected
    form or language) are added to the text, the vector embeds those concepts, and they and
    the places it names become ranking preferences."""
    state = request.app.state
    indexer = state.indexer
    if typed:
        from marketplace.taxonomy.suggest import enrich_request

        enrich_request(req, indexer.query_encoder())
    elif req.text and req.vector is None and req.mode != "bm25":
        req.vector = indexer.query_encoder().encode([req.text])[0]
    try:
        if indexer.has_pending():
            indexer.drain()  # committed changes (or ones held back by an outage) go in first
        return state.search.search(kind, req)
    except SearchUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE) from exc
