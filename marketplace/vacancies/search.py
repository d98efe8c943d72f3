"""Vacancy search for jobseekers: listed vacancies only, never drafts or expired ones.

The index holds only listed vacancies and the request filters on the deadline, but the database
is the truth: a hit whose vacancy is no longer listed is dropped before it is shown.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from marketplace.container import Services
from marketplace.indexing.queries import (
    common_query_words,
    popular_values,
    read_query,
    typed_search,
)
from marketplace.searching import ResultOrder, code_terms, page_request, rows_in_hit_order
from marketplace.taxonomy.query import AnalysedQuery, reading
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.vacancies import service
from marketplace.vacancies.schemas import VacancyPage, VacancyQuery
from search.base import SearchRequest, SortBy

FACETS = ("municipality", "region", "occupation", "employment_type", "working_time", "remote")
# Query parameter -> taxonomy kind of its codes; the parameter names are the index fields.
FILTER_KINDS: dict[str, str] = {
    "region": ConceptKind.REGION,
    "municipality": ConceptKind.MUNICIPALITY,
    "occupation": ConceptKind.OCCUPATION,
}
# Parameters whose values are words of the project's own vocabularies.
VOCAB_FILTERS = ("employment_type", "working_time", "remote")

# The date orders a jobseeker may choose: newly published first, or the application deadline
# closest first ("open until filled" ones have none and come last).
ORDERS: dict[ResultOrder, SortBy] = {
    "newest": SortBy("published_at", descending=True),
    "soonest": SortBy("deadline"),
}


def to_request(query: VacancyQuery, today: date | None = None) -> SearchRequest:
    """The engine request; unknown taxonomy codes are a 422 naming the parameter."""
    terms = code_terms(query, FILTER_KINDS)
    for name in VOCAB_FILTERS:
        values = getattr(query, name) or []
        if values:
            terms[name] = [str(v) for v in values]
    ranges: dict[str, tuple[Any, Any]] = {"deadline": (today or date.today(), None)}
    if query.published_since:
        ranges["published_at"] = (query.published_since, None)
    return page_request(query, terms, ranges, FACETS, ORDERS)


def search_vacancies(
    services: Services,
    session: Session,
    query: VacancyQuery,
    *,
    lang: str = "fi",
    analysed: AnalysedQuery | None = None,
) -> VacancyPage:
    """One page of listed vacancies with evidence for the query; a query that finds nothing
    says how it was read. `analysed` is the query's analysis when the caller already has it."""
    today = date.today()
    req = to_request(query, today)
    analysed = analysed or read_query(services, "vacancies", req, query.q)
    result = typed_search(services, "vacancies", req, analysed)
    common = common_query_words(services, "vacancies", req, analysed)
    found = rows_in_hit_order(result.hits, partial(service.listed, session, today=today))
    ranked = analysed.has_text and req.sort is None  # a date order has no relevance score
    items = [
        service.to_summary(vacancy, hit.score if ranked else None, hit.highlights)
        for hit, vacancy in found
    ]
    popular = popular_values(services, "vacancies", req, "occupation") if not result.total else []
    return VacancyPage(
        total=result.total,
        items=items,
        facets=result.facets,
        offset=query.offset,
        limit=query.limit,
        query=reading(analysed, lang, result.total, popular, common),
    )
