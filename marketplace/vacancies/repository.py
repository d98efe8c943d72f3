"""Queries on vacancies."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from marketplace.vacancies.models import Vacancy


def get(session: Session, vacancy_id: int) -> Vacancy | None:
    return session.get(Vacancy, vacancy_id)


def get_many(session: Session, ids: Sequence[int]) -> dict[int, Vacancy]:
    """Vacancies by id, in one query."""
    if not ids:
        return {}
    return {v.id: v for v in session.scalars(select(Vacancy).where(Vacancy.id.in_(list(ids))))}


def for_organization(session: Session, organization_id: int) -> list[Vacancy]:
    query = select(Vacancy).where(Vacancy.organization_id == organization_id)
    return list(session.scalars(query.order_by(Vacancy.updated_at.desc(), Vacancy.id.desc())))


def ids_for_organization(session: Session, organization_id: int) -> list[int]:
    return list(
        session.scalars(select(Vacancy.id).where(Vacancy.organization_id == organization_id))
    )


def delete_for_organization(session: Session, organization_id: int) -> None:
    session.execute(delete(Vacancy).where(Vacancy.organization_id == organization_id))
