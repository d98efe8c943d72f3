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
    form or language) are added to the text, and the vector embeds those concepts."""
    state = request.app.state
    indexer = state.indexer
    embed_text = req.text
    if typed and req.text:
        from marketplace.taxonomy.suggest import enrich_query

        enriched = enrich_query(req.text)
        req.text, embed_text = enriched.text, enriched.embed_text
    if embed_text and req.vector is None and req.mode != "bm25":
        req.vector = indexer.encoder().encode([embed_text])[0]
    try:
        if indexer.has_pending():
            indexer.drain()  # committed changes (or ones held back by an outage) go in first
        return state.search.search(kind, req)
    except SearchUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE) from exc
