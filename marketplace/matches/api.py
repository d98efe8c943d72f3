"""Matching JSON API: ranked candidates for a vacancy, recommended vacancies for a jobseeker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from marketplace.db import RecordId
from marketplace.deps import CurrentUser, JobseekerUser, SessionDep
from marketplace.matches import service
from marketplace.matches.schemas import CandidateMatchPage, VacancyMatchPage

router = APIRouter(tags=["matching"])

Offset = Annotated[int, Query(ge=0, le=service.POOL_SIZE)]
Limit = Annotated[int, Query(ge=1, le=50)]


@router.get("/api/v1/vacancies/{vacancy_id}/candidates")
def vacancy_candidates(
    request: Request,
    vacancy_id: RecordId,
    user: CurrentUser,
    session: SessionDep,
    offset: Offset = 0,
    limit: Limit = 20,
) -> CandidateMatchPage:
    """Candidates ranked for a vacancy of the user's own organisation, each with a score and
    an explanation (skills matched and missing, occupation, location, language, working time,
    recency of relevant work)."""
    return service.candidates_for_vacancy(request, session, user, vacancy_id, offset, limit)


@router.get("/api/v1/me/recommendations")
def my_recommendations(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    offset: Offset = 0,
    limit: Limit = 20,
) -> VacancyMatchPage:
    """Listed vacancies ranked for the jobseeker's profile, each with a score and an
    explanation."""
    return service.recommendations(request, session, user, offset, limit)
