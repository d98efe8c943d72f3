"""Running searches for the domains: query vectors, the relevance floor, outage handling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from marketplace.container import Services
from marketplace.errors import ServiceUnavailable
from marketplace.taxonomy.query import (
    AnalysedQuery,
    analyse,
    corrected,
    corrections,
    restrict,
    typing_errors,
)
from matching.embeddings import Encoder
from search.base import (
    IndexKind,
    SearchBackend,
    SearchRequest,
    SearchResult,
    SearchUnavailable,
)

# Filters that say what may be shown at all (never hidden profiles, never expired vacancies),
# as opposed to the ones a person picked.
BASE_FILTER_FIELDS = frozenset({"visibility", "deadline"})
# The keyword field a typed place name filters or ranks by.
PLACE_FIELD = "municipality"
UNAVAILABLE = "Search is temporarily unavailable; your data is safe. Please try again shortly."


def run_search(services: Services, kind: IndexKind, req: SearchRequest) -> SearchResult:
    """Run a request as it is; 503 with a clear message on an engine outage."""
    try:
        services.indexer.before_search()  # committed changes, or ones held back by an outage
        return services.search.search(kind, req)
    except SearchUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE, key="error.search_unavailable") from exc


def nothing(req: SearchRequest) -> SearchResult:
    """The answer to a query in which nothing can be evidence: no hits, no counts."""
    return SearchResult(total=0, hits=[], facets={name: {} for name in req.facets})


# The words of a request's text common in the index searched (`SearchBackend.common_words`
# of one kind).
CommonWords = Callable[[SearchRequest], frozenset[str]]


def typed_request(
    req: SearchRequest,
    query: AnalysedQuery,
    encoder: Encoder,
    floor: float,
    *,
    place_field: str = PLACE_FIELD,
    common: CommonWords | None = None,
) -> SearchRequest | None:
    """The engine request for what a person typed (analysed once by the caller), or None
    when nothing in it can be evidence.

    A blank query lists the filter matches; any other takes the query's text, preferences and
    places, and a vector of its embedding text that counts only above `floor` (the model's
    calibrated cosine), so every hit has evidence. With `common`, the words common in the index
    are left out of the embedding text."""
    if query.blank:
        return replace(req, text=None, vector=None)
    if not query.searchable:
        return None
    req = restrict(req, query, place_field)
    if query.has_text and req.mode != "bm25" and req.vector is None:
        dropped = common(req) if common is not None else frozenset()
        vector = encoder.encode([query.embed_text_without(dropped)])[0]
        req = replace(req, vector=vector, min_similarity=floor)
    return req


def service_request(
    services: Services, kind: IndexKind, req: SearchRequest, query: AnalysedQuery
) -> SearchRequest | None:
    """`typed_request` as the service makes it: its encoder, floor and index."""
    encoder = services.indexer.query_encoder()
    common = partial(services.search.common_words, kind)
    return typed_request(req, query, encoder, services.floors.query, common=common)


def read_query(
    services: Services, kind: IndexKind, req: SearchRequest, text: str | None
) -> AnalysedQuery:
    """`read_typed` as the service reads a query: in its index, with outages told."""
    try:
        services.indexer.before_search()
        return read_typed(services.search, kind, req, text)
    except SearchUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE, key="error.search_unavailable") from exc


def read_typed(
    search: SearchBackend, kind: IndexKind, req: SearchRequest, text: str | None
) -> AnalysedQuery:
    """`analyse` the typed text, reading a word no document holds as the known word it
    misspells ("sairaanhoitja" as "sairaanhoitaja"; `typing_errors`, `corrections`,
    `corrected`). The counts cover
    only what may be shown at all (`BASE_FILTER_FIELDS`): a hidden profile's words decide
    nothing, and a word the person's own filters exclude is no typing error. Costs a count
    of documents only when a word is close to a known one without being one."""
    query = analyse(text)
    guesses = typing_errors(query)
    if not guesses:
        return query
    shown = replace(
        req,
        terms={k: v for k, v in req.terms.items() if k in BASE_FILTER_FIELDS},
        date_ranges={k: v for k, v in req.date_ranges.items() if k in BASE_FILTER_FIELDS},
        exclude_ids=set(),
    )
    words = list(dict.fromkeys([*guesses, *(w for close in guesses.values() for w in close)]))
    fixes = corrections(guesses, search.holding(kind, shown, words))
    return corrected(text, fixes) if fixes else query


def common_query_words(
    services: Services, kind: IndexKind, req: SearchRequest, query: AnalysedQuery
) -> frozenset[str]:
    """The typed words so common in the index that they only ordered the results (asked once
    more after the search: Elasticsearch answers from the counts it kept)."""
    if len(query.words) < 2:
        return frozenset()
    try:
        return services.search.common_words(kind, restrict(req, query, PLACE_FIELD))
    except SearchUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE, key="error.search_unavailable") from exc


def typed_search(
    services: Services, kind: IndexKind, req: SearchRequest, query: AnalysedQuery
) -> SearchResult:
    """Search for what a person typed; a query with nothing searchable finds nothing."""
    try:
        typed = service_request(services, kind, req, query)
    except SearchUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE, key="error.search_unavailable") from exc
    return nothing(req) if typed is None else run_search(services, kind, typed)


def popular_values(
    services: Services, kind: IndexKind, req: SearchRequest, field: str
) -> list[str]:
    """The values of a keyword field most often held among the base filter's documents (for an
    empty result's suggestions); the request's own text and chosen filters are left out."""
    base = SearchRequest(
        terms={k: v for k, v in req.terms.items() if k in BASE_FILTER_FIELDS},
        date_ranges={k: v for k, v in req.date_ranges.items() if k in BASE_FILTER_FIELDS},
        limit=0,
        facets=(field,),
        highlight=False,
    )
    return list(run_search(services, kind, base).facets.get(field, {}))
