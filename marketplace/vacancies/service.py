"""Vacancies: the employer's editing workflow and what the public may see."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.db import utcnow
from marketplace.errors import Forbidden, NotFound, ValidationFailed
from marketplace.indexing import outbox
from marketplace.searching import best_sentence, first_sentence
from marketplace.taxonomy.service import get_taxonomy, require_codes
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.vacancies import repository
from marketplace.vacancies.models import Vacancy, VacancyStatus
from marketplace.vacancies.schemas import (
    OrganizationRef,
    VacancyCreate,
    VacancyOut,
    VacancyPatch,
    VacancySummary,
    starts_before_deadline,
)
from matching.text import clean_posting


def _validate(values: dict[str, Any]) -> None:
    checks = [
        (ConceptKind.OCCUPATION, [values.get("occupation_code")], "occupation_code"),
        (ConceptKind.SKILL, values.get("required_skills") or [], "required_skills"),
        (ConceptKind.SKILL, values.get("desired_skills") or [], "desired_skills"),
        (ConceptKind.MUNICIPALITY, [values.get("municipality_code")], "municipality_code"),
        (ConceptKind.LICENCE, values.get("licences") or [], "licences"),
        (ConceptKind.LANGUAGE, [x["code"] for x in values.get("languages") or []], "languages"),
    ]
    for kind, codes, field in checks:
        require_codes(kind, [c for c in codes if c], field)


def _check_dates(vacancy: Vacancy) -> None:
    if starts_before_deadline(vacancy.start_date, vacancy.deadline):
        raise ValidationFailed(
            "The work cannot start before the application deadline", field="start_date"
        )


def _check_publishable(vacancy: Vacancy, today: date) -> None:
    if vacancy.deadline is not None and vacancy.deadline < today:
        raise ValidationFailed("The application deadline has passed", field="deadline")


def _apply_status(vacancy: Vacancy, status: VacancyStatus) -> None:
    if status == VacancyStatus.PUBLISHED:
        _check_publishable(vacancy, date.today())
        if vacancy.published_at is None or vacancy.status != VacancyStatus.PUBLISHED:
            vacancy.published_at = utcnow()
    vacancy.status = status


def _changed(session: Session, vacancy: Vacancy) -> None:
    vacancy.updated_at = utcnow()
    session.flush()
    outbox.record(session, "vacancies", vacancy.id)


def create(session: Session, user: User, data: VacancyCreate) -> Vacancy:
    """A new vacancy of the employer's organisation."""
    if user.organization_id is None:
        raise Forbidden("Only employer users of an organisation can post vacancies")
    values = data.model_dump(exclude={"publish"}, exclude_none=True)
    _validate(values)
    vacancy = Vacancy(organization_id=user.organization_id, created_by_id=user.id, **values)
    _check_dates(vacancy)
    session.add(vacancy)
    if data.publish:
        _apply_status(vacancy, VacancyStatus.PUBLISHED)
    _changed(session, vacancy)
    return vacancy


def editable(session: Session, user: User, vacancy_id: int) -> Vacancy:
    """A vacancy the user's organisation owns; 404 when unknown, 403 for other employers."""
    vacancy = repository.get(session, vacancy_id)
    if vacancy is None:
        raise NotFound("Vacancy not found")
    if user.role != Role.EMPLOYER or vacancy.organization_id != user.organization_id:
        if not vacancy.is_listed(date.today()):
            raise NotFound("Vacancy not found")
        raise Forbidden("This vacancy belongs to another organisation")
    return vacancy


def update(session: Session, user: User, vacancy_id: int, data: VacancyPatch) -> Vacancy:
    """Change the fields sent; a status change publishes or unpublishes."""
    vacancy = editable(session, user, vacancy_id)
    values = data.model_dump(exclude_unset=True, exclude={"status"})
    for required in ("title", "employment_type", "working_time"):
        if required in values and values[required] is None:
            raise ValidationFailed(f"{required} cannot be empty", field=required)
    _validate(values)
    for key, value in values.items():
        setattr(vacancy, key, [] if value is None and key in _LIST_FIELDS else value)
    _check_dates(vacancy)
    if data.status is not None:
        _apply_status(vacancy, data.status)
    elif vacancy.status == VacancyStatus.PUBLISHED:
        _check_publishable(vacancy, date.today())
    _changed(session, vacancy)
    return vacancy


_LIST_FIELDS = {"required_skills", "desired_skills", "languages", "licences"}


def set_status(session: Session, user: User, vacancy_id: int, status: VacancyStatus) -> Vacancy:
    """Publish or unpublish."""
    vacancy = editable(session, user, vacancy_id)
    _apply_status(vacancy, status)
    _changed(session, vacancy)
    return vacancy


def delete(session: Session, user: User, vacancy_id: int) -> None:
    """Remove a vacancy for good."""
    vacancy = editable(session, user, vacancy_id)
    outbox.record(session, "vacancies", vacancy.id)
    session.delete(vacancy)
    session.flush()


def visible(session: Session, user: User | None, vacancy_id: int) -> Vacancy | None:
    """The vacancy when the user may see it (listed, or of their own organisation), else None:
    the one rule for every read of a vacancy by id, so no path tells more than the page."""
    vacancy = repository.get(session, vacancy_id)
    if vacancy is None:
        return None
    own = user is not None and user.organization_id == vacancy.organization_id
    return vacancy if own or vacancy.is_listed(date.today()) else None


def viewable(session: Session, user: User | None, vacancy_id: int) -> Vacancy:
    """A listed vacancy, or any vacancy of the viewer's own organisation; 404 otherwise."""
    vacancy = visible(session, user, vacancy_id)
    if vacancy is None:
        raise NotFound("Vacancy not found")
    return vacancy


def forget_organization(session: Session, organization_id: int) -> None:
    """Before an organisation is deleted: its vacancies leave the search index."""
    for vacancy_id in repository.ids_for_organization(session, organization_id):
        outbox.record(session, "vacancies", vacancy_id)
    repository.delete_for_organization(session, organization_id)


def to_out(vacancy: Vacancy) -> VacancyOut:
    """API shape of a vacancy."""
    return VacancyOut(
        id=vacancy.id,
        organization=OrganizationRef(id=vacancy.organization.id, name=vacancy.organization.name),
        title=vacancy.title,
        description=vacancy.description,
        occupation_code=vacancy.occupation_code,
        required_skills=vacancy.required_skills,
        desired_skills=vacancy.desired_skills,
        municipality_code=vacancy.municipality_code,
        region_code=get_taxonomy().region_of(vacancy.municipality_code),
        employment_type=vacancy.employment_type,
        working_time=vacancy.working_time,
        remote=vacancy.remote,
        start_date=vacancy.start_date,
        deadline=vacancy.deadline,
        salary_text=vacancy.salary_text,
        how_to_apply=vacancy.how_to_apply,
        languages=vacancy.languages,
        licences=vacancy.licences,
        status=vacancy.status,
        listed=vacancy.is_listed(date.today()),
        published_at=vacancy.published_at,
        updated_at=vacancy.updated_at,
    )


def listed(
    session: Session, ids: Sequence[int], *, today: date | None = None
) -> dict[int, Vacancy]:
    """Vacancies by id, only those listed now (published, deadline not passed)."""
    day = today or date.today()
    return {vid: v for vid, v in repository.get_many(session, ids).items() if v.is_listed(day)}


def to_summary(
    vacancy: Vacancy, score: float | None = None, highlights: dict[str, list[str]] | None = None
) -> VacancySummary:
    """A vacancy as a list item."""
    return VacancySummary(
        id=vacancy.id,
        title=vacancy.title,
        organization=OrganizationRef(id=vacancy.organization.id, name=vacancy.organization.name),
        municipality_code=vacancy.municipality_code,
        occupation_code=vacancy.occupation_code,
        employment_type=vacancy.employment_type,
        working_time=vacancy.working_time,
        remote=vacancy.remote,
        deadline=vacancy.deadline,
        published_at=vacancy.published_at,
        score=score,
        highlights=highlights or {},
        # The title is the card's heading; a sentence that only repeats it says nothing more.
        snippet=best_sentence(highlights or {}, shown=vacancy.title)
        or first_sentence(clean_posting(vacancy.description)),
    )
