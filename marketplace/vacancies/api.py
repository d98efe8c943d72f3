"""Vacancy JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from marketplace.db import RecordId
from marketplace.deps import EmployerUser, OptionalUser, ServicesDep, SessionDep
from marketplace.vacancies import repository, service
from marketplace.vacancies.models import VacancyStatus
from marketplace.vacancies.schemas import (
    VacancyCreate,
    VacancyOut,
    VacancyPage,
    VacancyPatch,
    VacancyQuery,
)
from marketplace.vacancies.search import search_vacancies
from marketplace.web import current_language

router = APIRouter(prefix="/api/v1/vacancies", tags=["vacancies"])


@router.get("")
def list_vacancies(
    request: Request,
    query: Annotated[VacancyQuery, Depends()],
    session: SessionDep,
    services: ServicesDep,
) -> VacancyPage:
    """Listed vacancies with evidence for the query (a text match, or a meaning close enough),
    with filters, facets and highlighted snippets. A query that finds nothing (or holds nothing
    to look for) gives total 0 and `query` tells how it was read, with suggestions."""
    return search_vacancies(services, session, query, lang=current_language(request))


@router.get("/mine")
def my_vacancies(user: EmployerUser, session: SessionDep) -> list[VacancyOut]:
    """Every vacancy of the employer's organisation, drafts included."""
    return [
        service.to_out(v) for v in repository.for_organization(session, user.organization_id or 0)
    ]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_vacancy(data: VacancyCreate, user: EmployerUser, session: SessionDep) -> VacancyOut:
    """Create a vacancy (a draft unless `publish` is true)."""
    return service.to_out(service.create(session, user, data))


@router.get("/{vacancy_id}")
def get_vacancy(vacancy_id: RecordId, user: OptionalUser, session: SessionDep) -> VacancyOut:
    """A listed vacancy, or any vacancy of the viewer's organisation."""
    return service.to_out(service.viewable(session, user, vacancy_id))


@router.patch("/{vacancy_id}")
def patch_vacancy(
    vacancy_id: RecordId, data: VacancyPatch, user: EmployerUser, session: SessionDep
) -> VacancyOut:
    """Change a vacancy of the employer's organisation."""
    return service.to_out(service.update(session, user, vacancy_id, data))


@router.post("/{vacancy_id}/publish")
def publish_vacancy(vacancy_id: RecordId, user: EmployerUser, session: SessionDep) -> VacancyOut:
    return service.to_out(service.set_status(session, user, vacancy_id, VacancyStatus.PUBLISHED))


@router.post("/{vacancy_id}/unpublish")
def unpublish_vacancy(vacancy_id: RecordId, user: EmployerUser, session: SessionDep) -> VacancyOut:
    return service.to_out(service.set_status(session, user, vacancy_id, VacancyStatus.UNPUBLISHED))


@router.delete("/{vacancy_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_vacancy(vacancy_id: RecordId, user: EmployerUser, session: SessionDep) -> None:
    service.delete(session, user, vacancy_id)
