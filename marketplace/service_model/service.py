"""The jobseeker's own side of the customer-service model: registering, reporting applications,
the meeting wish, and the data export. The specialist's work is in `caseload` and `decisions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic_core import to_jsonable_python
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.errors import Conflict, NotFound
from marketplace.service_model import repository
from marketplace.service_model.models import (
    Customer,
    JobApplication,
    Meeting,
    MeetingStatus,
    PlanVersion,
)
from marketplace.service_model.plan import (
    INITIAL_LABEL,
    audit,
    book_initial_interview,
    is_earlier_customer,
    planned_channel,
    refuse,
    responsible_organizer,
)
from marketplace.service_model.rules import (
    DEFAULT_MONTHLY_APPLICATIONS,
    MODEL_START,
    SELF_SERVICE_BACKDATE_DAYS,
    SERVICE_EARLIEST,
    Channel,
    MeetingKind,
    SchedulePhase,
    joins_model_on,
    next_plan_update_due,
)
from marketplace.service_model.schemas import (
    JobApplicationIn,
    RegistrationIn,
)
from marketplace.vacancies import service as vacancies

HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki_today() -> date:
    """Today's date in Finland, the calendar every rule counts in."""
    return datetime.now(HELSINKI).date()


# The jobseeker's own actions.


def customer_of(session: Session, user: User) -> Customer:
    """The user's own customership; 404 until they have registered."""
    customer = repository.get_customer(session, user.id)
    if customer is None:
        raise NotFound("You have not registered as a customer of the employment service yet")
    return customer


def register(
    session: Session,
    user: User,
    data: RegistrationIn,
    today: date,
    *,
    max_backdate_days: int | None = SELF_SERVICE_BACKDATE_DAYS,
) -> Customer:
    """Register the jobseeker as a customer: book the first meeting, make the plan, assign.

    A jobseeker registering themselves may date it at most `max_backdate_days` back, unless
    they were a customer before the model (rule 11); the office's own entries pass None.
    """
    if repository.get_customer(session, user.id) is not None:
        raise Conflict("You are already registered as a customer of the employment service")
    registered_on = data.registered_on or today
    previous = data.last_periodic_interview
    errors: dict[str, str] = {}
    if registered_on > today:
        errors["registered_on"] = "The registration date cannot be in the future"
    elif registered_on < SERVICE_EARLIEST:
        errors["registered_on"] = (
            f"The registration date cannot be before {SERVICE_EARLIEST.isoformat()}"
        )
    elif (
        max_backdate_days is not None
        and registered_on >= MODEL_START
        and registered_on < today - timedelta(days=max_backdate_days)
    ):
        errors["registered_on"] = (
            f"You can date your registration at most {max_backdate_days} days back;"
            " an older registration is entered by the employment office"
        )
    if previous is not None:
        if registered_on >= MODEL_START:
            errors["last_periodic_interview"] = (
                "Only customers registered before 2 May 2022 give their last periodic interview"
            )
        elif previous >= MODEL_START or previous > today:
            errors["last_periodic_interview"] = (
                "The last periodic interview must be before 2 May 2022"
            )
    refuse(errors)
    joined = joins_model_on(registered_on, previous)  # refuses a missing or too early date
    customer = Customer(
        user_id=user.id,
        specialist_id=repository.least_loaded_specialist(session),
        registered_on=registered_on,
        last_periodic_interview=previous,
        laid_off=data.laid_off,
        weighty_reason=data.weighty_reason,
        part_time_work=data.part_time_work,
        municipal_trial=False,
        channel_preference=data.channel_preference,
    )
    earlier = is_earlier_customer(customer)
    base = joined if earlier else book_initial_interview(registered_on)
    kind = MeetingKind.JOB_SEARCH_DISCUSSION if earlier else MeetingKind.INITIAL_INTERVIEW
    session.add(customer)
    session.flush()
    session.add(
        Meeting(
            customer_id=user.id,
            period_label=INITIAL_LABEL,
            number=1,
            meeting_date=base,
            kind=kind,
            channel=planned_channel(customer, SchedulePhase.INITIAL),
            organizer=responsible_organizer(customer),
            status=MeetingStatus.SCHEDULED,
            notes="",
        )
    )
    session.add(
        PlanVersion(
            customer_id=user.id,
            made_on=base,
            next_update_due=next_plan_update_due(base),
            required=DEFAULT_MONTHLY_APPLICATIONS,
            reason=None,
        )
    )
    audit(session, user, customer, "registered", registered_on=registered_on, first_meeting=base)
    session.flush()
    return customer


def report_application(
    session: Session, customer: Customer, actor: User, data: JobApplicationIn, today: date
) -> JobApplication:
    """Record a reported job application; its date must fall between registering and today."""
    errors: dict[str, str] = {}
    if data.applied_on > today:
        errors["applied_on"] = "The date cannot be in the future"
    elif data.applied_on < customer.registered_on:
        errors["applied_on"] = "The date cannot be before your registration"
    vacancy = vacancies.visible(session, actor, data.vacancy_id) if data.vacancy_id else None
    if data.vacancy_id and vacancy is None:
        errors["vacancy_id"] = "No vacancy with this number"
    employer = data.employer or (vacancy.organization.name if vacancy else "")
    job_title = data.job_title or (vacancy.title if vacancy else "")
    if not employer:
        errors["employer"] = "Give the employer"
    if not job_title:
        errors["job_title"] = "Give the job title"
    refuse(errors)
    application = JobApplication(
        customer_id=customer.user_id,
        employer=employer[:200],
        job_title=job_title[:200],
        applied_on=data.applied_on,
        kind=data.kind,
        vacancy_id=data.vacancy_id,
        realistic=True,
    )
    session.add(application)
    session.flush()
    audit(
        session,
        actor,
        customer,
        "application_reported",
        application_id=application.id,
        applied_on=data.applied_on,
        kind=data.kind,
    )
    return application


def set_preference(
    session: Session, customer: Customer, actor: User, channel: Channel | None, today: date
) -> None:
    """Store the wish for how meetings are held; an interview still ahead follows it (rule 2)."""
    customer.channel_preference = channel
    booked = next(
        (
            m
            for m in repository.records(session, customer.user_id).meetings
            if m.period_label == INITIAL_LABEL
        ),
        None,
    )
    ahead = booked is not None and booked.meeting_date >= today
    if booked is not None and ahead and booked.status == MeetingStatus.SCHEDULED:
        booked.channel = planned_channel(customer, SchedulePhase.INITIAL)
    audit(session, actor, customer, "preference_set", channel=channel)
    session.flush()


def export_customership(session: Session, user: User) -> dict[str, Any] | None:
    """The customership and its records, for the user's data export."""
    customer = repository.get_customer(session, user.id)
    if customer is None:
        return None
    stored = repository.records(session, user.id)

    def rows(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [
            {
                column.key: getattr(item, column.key)
                for column in item.__table__.columns
                if column.key != "customer_id"
            }
            for item in items
        ]

    return to_jsonable_python(
        {
            "customer": rows([customer])[0],
            "meetings": rows(stored.meetings),
            "plans": rows(stored.plans),
            "job_applications": rows(stored.applications),
            "job_offers": rows(stored.offers),
            "neglects": rows(stored.neglects),
            "sanctions": rows(stored.sanctions),
            "audit": rows(reversed(repository.audit_entries(session, user.id, limit=10_000))),
        }
    )
