"""Queries on employment-service customerships and what is recorded in them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.service_model.models import (
    AuditEntry,
    Customer,
    JobApplication,
    JobOffer,
    Meeting,
    Neglect,
    PlanVersion,
    SanctionRecord,
)
from marketplace.vacancies.models import Vacancy, VacancyStatus


def specialist_of(session: Session, user_id: int) -> int | None:
    """Id of the specialist responsible for a jobseeker, if any."""
    return session.scalar(select(Customer.specialist_id).where(Customer.user_id == user_id))


def get_customer(session: Session, user_id: int) -> Customer | None:
    """The customership of a user, if registered."""
    return session.get(Customer, user_id)


def caseload(session: Session, specialist_id: int) -> list[tuple[Customer, User]]:
    """The specialist's customers with their accounts, by name."""
    rows = session.execute(
        select(Customer, User)
        .join(User, User.id == Customer.user_id)
        .where(Customer.specialist_id == specialist_id)
        .order_by(User.full_name, User.id)
    )
    return [(customer, user) for customer, user in rows]


def least_loaded_specialist(session: Session) -> int | None:
    """Id of the specialist with the fewest customers (lowest id on a tie), if any."""
    load = (
        select(Customer.specialist_id, func.count().label("n"))
        .group_by(Customer.specialist_id)
        .subquery()
    )
    return session.scalar(
        select(User.id)
        .outerjoin(load, load.c.specialist_id == User.id)
        .where(User.role == Role.SPECIALIST)
        .order_by(func.coalesce(load.c.n, 0), User.id)
        .limit(1)
    )


@dataclass(frozen=True)
class Records:
    """Everything stored about one customership, each list in date order."""

    meetings: Sequence[Meeting]
    plans: Sequence[PlanVersion]
    applications: Sequence[JobApplication]
    offers: Sequence[JobOffer]
    neglects: Sequence[Neglect]
    sanctions: Sequence[SanctionRecord]


def records(session: Session, customer_id: int) -> Records:
    """Load the stored records of a customership."""
    cid = customer_id
    return Records(
        meetings=session.scalars(
            select(Meeting)
            .where(Meeting.customer_id == cid)
            .order_by(Meeting.meeting_date, Meeting.id)
        ).all(),
        plans=session.scalars(
            select(PlanVersion)
            .where(PlanVersion.customer_id == cid)
            .order_by(PlanVersion.made_on, PlanVersion.id)
        ).all(),
        applications=session.scalars(
            select(JobApplication)
            .where(JobApplication.customer_id == cid)
            .order_by(JobApplication.applied_on, JobApplication.id)
        ).all(),
        offers=session.scalars(
            select(JobOffer)
            .where(JobOffer.customer_id == cid)
            .order_by(JobOffer.made_on, JobOffer.id)
        ).all(),
        neglects=session.scalars(
            select(Neglect)
            .where(Neglect.customer_id == cid)
            .order_by(Neglect.conduct_on, Neglect.id)
        ).all(),
        sanctions=session.scalars(
            select(SanctionRecord)
            .where(SanctionRecord.customer_id == cid)
            .order_by(SanctionRecord.conduct_on, SanctionRecord.id)
        ).all(),
    )


def audit_entries(session: Session, customer_id: int, limit: int = 50) -> Sequence[AuditEntry]:
    """The latest audit entries of a customership, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.customer_id == customer_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def application(session: Session, customer_id: int, application_id: int) -> JobApplication | None:
    """One reported application of the customer."""
    found = session.get(JobApplication, application_id)
    return found if found is not None and found.customer_id == customer_id else None


def offer(session: Session, customer_id: int, offer_id: int) -> JobOffer | None:
    """One job offer made to the customer."""
    found = session.get(JobOffer, offer_id)
    return found if found is not None and found.customer_id == customer_id else None


def refusal_of(session: Session, offer_id: int) -> SanctionRecord | None:
    """The sanction recorded for refusing this offer, if any."""
    return session.scalar(select(SanctionRecord).where(SanctionRecord.offer_id == offer_id))


def names_of(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Full names of the users with these ids (for showing who did what)."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def jobseekers_without_customership(session: Session, limit: int) -> list[User]:
    """Jobseekers not yet registered as customers, oldest accounts first."""
    query = (
        select(User)
        .outerjoin(Customer, Customer.user_id == User.id)
        .where(User.role == Role.JOBSEEKER, Customer.user_id.is_(None))
        .order_by(User.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def published_vacancies(session: Session, limit: int) -> list[Vacancy]:
    """Some published vacancies, oldest first, for linking reports and offers to."""
    query = (
        select(Vacancy)
        .where(Vacancy.status == VacancyStatus.PUBLISHED)
        .order_by(Vacancy.id)
        .limit(limit)
    )
    return list(session.scalars(query))
