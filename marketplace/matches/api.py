"""Matching JSON API: ranked candidates for a vacancy, recommended vacancies for a jobseeker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from marketplace.db import RecordId
from marketplace.deps import CurrentUser, JobseekerUser, ServicesDep, SessionDep
from marketplace.matches import service
from marketplace.matches.schemas import CandidateMatchPage, VacancyMatchPage

router = APIRouter(tags=["matching"])

Offset = Annotated[int, Query(ge=0, le=service.POOL_SIZE)]
Limit = Annotated[int, Query(ge=1, le=50)]


Loose = Annotated[
    bool,
    Query(description="Also list the loosely related ones, after the good fits"),
]


@router.get("/api/v1/vacancies/{vacancy_id}/candidates")
def vacancy_candidates(
    vacancy_id: RecordId,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 20,
    loose: Loose = False,
) -> CandidateMatchPage:
    """Candidates for a vacancy of the user's own organisation: the good fits (a fit band,
    strong or good, earned with evidence: the occupation or its group, a required skill, or
    close meaning), each with a score and an explanation (skills matched and missing,
    occupation, location, language, working time, recency of relevant work); `good_fits`
    counts them. With `loose=true` the loosely related ones follow."""
    return service.candidates_for_vacancy(
        services, session, user, vacancy_id, offset, limit, loose=loose
    )


@router.get("/api/v1/me/recommendations")
def my_recommendations(
    user: JobseekerUser,
    session: SessionDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 20,
    loose: Loose = False,
) -> VacancyMatchPage:
    """Listed vacancies that fit the jobseeker's profile (good fits, as for candidates), each
    with a score and an explanation; with `loose=true` the loosely related ones follow."""
    return service.recommendations(services, session, user, offset, limit, loose=loose)
