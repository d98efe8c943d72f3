"""Vacancy search for jobseekers: request parameters to a search request and back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Query
from sqlalchemy.orm import Session

from marketplace.container import Services
from marketplace.indexing.queries import popular_values, typed_search
from marketplace.taxonomy.query import AnalysedQuery, analyse, reading
from marketplace.taxonomy.service import require_codes
from marketplace.taxonomy.vocab import ConceptKind, EmploymentType, Remote, WorkingTime
from marketplace.vacancies import repository, service
from marketplace.vacancies.schemas import VacancyPage
from search.base import SearchRequest

QUERY_MAX = 200
PER_PAGE_MAX = 50
FACETS = ("municipality", "region", "occupation", "employment_type", "working_time", "remote")


@dataclass
class VacancyQuery:
    """Search parameters; every filter takes several values (any of them matches)."""

    q: Annotated[str, Query(max_length=QUERY_MAX)] = ""
    municipality: Annotated[list[str] | None, Query()] = None
    region: Annotated[list[str] | None, Query()] = None
    occupation: Annotated[list[str] | None, Query()] = None
    employment_type: Annotated[list[EmploymentType] | None, Query()] = None
    working_time: Annotated[list[WorkingTime] | None, Query()] = None
    remote: Annotated[list[Remote] | None, Query()] = None
    published_since: Annotated[date | None, Query()] = None
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0
    limit: Annotated[int, Query(ge=1, le=PER_PAGE_MAX)] = 20

    def to_request(self, today: date) -> SearchRequest:
        """The engine request; unknown taxonomy codes are a 422 naming the parameter."""
        terms: dict[str, list[str]] = {}
        for name, kind in (
            ("municipality", ConceptKind.MUNICIPALITY),
            ("region", ConceptKind.REGION),
            ("occupation", ConceptKind.OCCUPATION),
        ):
            values = getattr(self, name) or []
            require_codes(kind, values, name)
            if values:
                terms[name] = list(values)
        for name in ("employment_type", "working_time", "remote"):
            values = getattr(self, name) or []
            if values:
                terms[name] = [str(v) for v in values]
        ranges = {"deadline": (today, None)}
        if self.published_since:
            ranges["published_at"] = (self.published_since, None)
        return SearchRequest(
            text=self.q.strip() or None,
            terms=terms,
            date_ranges=ranges,  # type: ignore[arg-type]
            offset=self.offset,
            limit=self.limit,
            facets=FACETS,
        )


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
    analysed = analysed or analyse(query.q)
    req = query.to_request(today)
    result = typed_search(services, "vacancies", req, analysed)
    found = repository.get_many(session, [hit.id for hit in result.hits])
    items = [
        service.to_summary(found[hit.id], hit.score if analysed.has_text else None, hit.highlights)
        for hit in result.hits
        if hit.id in found and found[hit.id].is_listed(today)
    ]
    popular = popular_values(services, "vacancies", req, "occupation") if not result.total else []
    return VacancyPage(
        total=result.total,
        items=items,
        facets=result.facets,
        offset=query.offset,
        limit=query.limit,
        query=reading(analysed, lang, result.total, popular),
    )
