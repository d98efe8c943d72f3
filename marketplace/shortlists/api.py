"""Shortlist JSON API for the vacancy's own organisation."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from marketplace.db import RecordId
from marketplace.deps import EmployerUser, SessionDep
from marketplace.shortlists import service
from marketplace.shortlists.schemas import ShortlistAdd, ShortlistEntryOut, ShortlistOut

router = APIRouter(prefix="/api/v1/vacancies", tags=["shortlists"])

VacancyId = RecordId
ProfileId = RecordId


@router.get("/{vacancy_id}/shortlist")
def get_shortlist(vacancy_id: VacancyId, user: EmployerUser, session: SessionDep) -> ShortlistOut:
    """The vacancy's shortlisted candidates (hidden profiles are never included)."""
    return service.to_out(session, user, service.get(session, user, vacancy_id))


@router.post(
    "/{vacancy_id}/shortlist",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Already shortlisted: the note was updated"}},
)
def add_to_shortlist(
    vacancy_id: VacancyId,
    data: ShortlistAdd,
    user: EmployerUser,
    session: SessionDep,
    response: Response,
) -> ShortlistEntryOut:
    """Shortlist a candidate (404 when the profile is hidden or unknown)."""
    entry, profile, created = service.add(session, user, vacancy_id, data.profile_id, data.note)
    if not created:
        response.status_code = status.HTTP_200_OK
    return service.entry_out(session, user, entry, profile)


@router.delete("/{vacancy_id}/shortlist/{profile_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_from_shortlist(
    vacancy_id: VacancyId, profile_id: ProfileId, user: EmployerUser, session: SessionDep
) -> None:
    """Take a candidate off the shortlist."""
    service.remove(session, user, vacancy_id, profile_id)
