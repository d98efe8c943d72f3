"""Shortlist pages: a vacancy's shortlist and the "add to shortlist" form's target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.cv.schemas import ZIP_MAX_PROFILES
from marketplace.db import ID_MAX
from marketplace.deps import EmployerUser, SessionDep, verify_csrf
from marketplace.shortlists import service
from marketplace.shortlists.api import ProfileId, VacancyId
from marketplace.shortlists.models import NOTE_MAX
from marketplace.shortlists.schemas import ShortlistAdd
from marketplace.vacancies.models import Vacancy
from marketplace.web import redirect, render, safe_next, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

DONE_MESSAGES = {"added": "shortlists.added", "removed": "shortlists.removed"}


def add_form_context(session: Session, user: User | None) -> dict[str, Any]:
    """Context for `{% include "shortlists/_add_form.html" %}` on candidate pages."""
    if user is None or not user.is_employer:
        return {"vacancies": [], "note_max": NOTE_MAX}
    return {"vacancies": service.vacancies_for_adding(session, user), "note_max": NOTE_MAX}


@dataclass(frozen=True)
class CardActions:
    """What the viewer may do from the candidate cards of a page (see
    `templates/candidates/_actions.html`): employers shortlist and message, every searcher
    downloads the CV (anonymised for anonymous profiles)."""

    employer: bool = False
    cv: bool = False
    # The organisation's vacancies to shortlist for, or the one vacancy of a match page.
    vacancies: list[Vacancy] = field(default_factory=list)
    vacancy: Vacancy | None = None
    shortlisted: dict[int, list[Vacancy]] = field(default_factory=dict)

    def open_vacancies(self, profile_id: int) -> list[Vacancy]:
        """The vacancies the candidate is not shortlisted for yet."""
        taken = {v.id for v in self.shortlisted.get(profile_id, [])}
        return [v for v in self.vacancies if v.id not in taken]


def card_actions(
    session: Session, user: User | None, profile_ids: list[int], vacancy: Vacancy | None = None
) -> CardActions:
    """The card actions of a page listing these candidates; `vacancy` when the page is about
    one of the organisation's vacancies (its matches)."""
    if user is None or user.role not in (Role.EMPLOYER, Role.SPECIALIST, Role.ADMIN):
        return CardActions()
    if not user.is_employer:
        return CardActions(cv=True)
    vacancies = [vacancy] if vacancy else service.vacancies_for_adding(session, user)
    return CardActions(
        employer=True,
        cv=True,
        vacancies=vacancies,
        vacancy=vacancy,
        shortlisted=service.shortlisted_on(session, vacancies, profile_ids),
    )


def shortlist_url(vacancy_id: int, done: str | None = None) -> str:
    """The shortlist page of a vacancy, optionally confirming what was just done."""
    url = f"/employer/vacancies/{vacancy_id}/shortlist"
    return f"{url}?done={done}" if done else url


def _shortlist_page(
    request: Request,
    session: Session,
    user: User,
    vacancy_id: int,
    flash: str | None = None,
    errors: dict[str, str] | None = None,
    notes: dict[int, str] | None = None,
    status_code: int = 200,
) -> Response:
    shortlist = service.get(session, user, vacancy_id)
    ids = shortlist.profile_ids[:ZIP_MAX_PROFILES]
    return render(
        request,
        "shortlists/shortlist.html",
        status_code=status_code,
        vacancy=shortlist.vacancy,
        entries=[
            (entry, service.candidate_card(session, user, profile))
            for entry, profile in shortlist.entries
        ],
        zip_ids=",".join(str(pid) for pid in ids),
        zip_truncated=len(shortlist.profile_ids) > ZIP_MAX_PROFILES,
        max_profiles=ZIP_MAX_PROFILES,
        note_max=NOTE_MAX,
        errors=errors or {},
        notes=notes or {},
        flash=flash,
    )


@router.get("/employer/vacancies/{vacancy_id}/shortlist")
def shortlist_page(
    request: Request,
    vacancy_id: VacancyId,
    user: EmployerUser,
    session: SessionDep,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The shortlisted candidates with notes and a download of their CVs as one ZIP."""
    t = translator(request)
    flash = t(DONE_MESSAGES[done]) if done in DONE_MESSAGES else None
    return _shortlist_page(request, session, user, vacancy_id, flash)


@router.post("/employer/shortlist")
def add(
    request: Request,
    user: EmployerUser,
    session: SessionDep,
    vacancy_id: Annotated[int, Form(ge=1, le=ID_MAX)],
    profile_id: Annotated[int, Form(ge=1, le=ID_MAX)],
    # Capped well above the note's limit, so an over-long note is told on the page.
    note: Annotated[str, Form(max_length=NOTE_MAX * 20)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Add a candidate to a vacancy's shortlist, or save the note of one already there; a note
    over the limit comes back on the shortlist, next to the candidate's note, saving nothing."""
    try:
        data = ShortlistAdd.model_validate({"profile_id": profile_id, "note": note})
    except ValidationError:
        t = translator(request)
        errors = {f"note-{profile_id}": t("shortlists.invalid.note", limit=NOTE_MAX)}
        notes = {profile_id: note}
        return _shortlist_page(request, session, user, vacancy_id, None, errors, notes, 422)
    service.add(session, user, vacancy_id, data.profile_id, data.note)
    return redirect(safe_next(next, shortlist_url(vacancy_id, "added")))


@router.post("/employer/vacancies/{vacancy_id}/shortlist/{profile_id}/remove")
def remove(
    vacancy_id: VacancyId, profile_id: ProfileId, user: EmployerUser, session: SessionDep
) -> Response:
    """Take a candidate off the shortlist."""
    service.remove(session, user, vacancy_id, profile_id)
    return redirect(shortlist_url(vacancy_id, "removed"))
