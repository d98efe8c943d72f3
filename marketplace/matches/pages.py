"""Matching pages: ranked candidates for an employer's vacancy, recommendations for a jobseeker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from marketplace.db import RecordId
from marketplace.deps import EmployerUser, JobseekerUser, ServicesDep, SessionDep
from marketplace.indexing.documents import vacancy_facts
from marketplace.matches import service
from marketplace.matches.reasons import match_reasons
from marketplace.shortlists.pages import card_actions
from marketplace.taxonomy.service import get_taxonomy
from marketplace.vacancies import service as vacancy_service
from marketplace.web import current_language, render

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
Offset = Annotated[int, Query(ge=0, le=service.POOL_SIZE)]


def _pager(offset: int, total: int) -> tuple[int | None, int | None]:
    """Offsets of the previous and the next page, None where there is none."""
    end = offset + PER_PAGE
    return (max(0, offset - PER_PAGE) if offset > 0 else None, end if end < total else None)


@router.get("/employer/vacancies/{vacancy_id}/candidates")
def vacancy_candidates_page(
    request: Request,
    vacancy_id: RecordId,
    user: EmployerUser,
    session: SessionDep,
    services: ServicesDep,
    offset: Offset = 0,
    loose: bool = False,
) -> Response:
    """Candidates that fit the vacancy, each with its reasons in plain language; the loosely
    related ones behind an explicit link."""
    vacancy = vacancy_service.editable(session, user, vacancy_id)
    page = service.candidate_page(services, session, vacancy, offset, PER_PAGE, loose=loose)
    facts = vacancy_facts(vacancy, get_taxonomy())
    lang = current_language(request)
    previous_offset, next_offset = _pager(offset, page.total)
    return render(
        request,
        "matches/candidates.html",
        vacancy=vacancy,
        page=page,
        reasons={item.id: match_reasons(item.explanation, facts, lang) for item in page.items},
        actions=card_actions(session, user, [item.id for item in page.items], vacancy),
        previous_offset=previous_offset,
        next_offset=next_offset,
        loose=loose,
    )


@router.get("/me/recommendations")
def recommendations_page(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    services: ServicesDep,
    offset: Offset = 0,
    loose: bool = False,
) -> Response:
    """Vacancies that fit the jobseeker's profile, with reasons; the loosely related ones
    behind an explicit link."""
    lang = current_language(request)
    found = service.recommendations_for(
        services, session, user, PER_PAGE, offset, lang=lang, loose=loose
    )
    previous_offset, next_offset = _pager(offset, found.total)
    return render(
        request,
        "matches/recommendations.html",
        recommendations=found,
        offset=offset,
        previous_offset=previous_offset,
        next_offset=next_offset,
        loose=loose,
    )
