"""The specialist's caseload: their customers with flags, one customer's whole record, and
the actions on a customership other than sanctions (meeting outcomes, plan updates, job
offers, the customer's situation, judging reports)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.errors import Conflict, Forbidden, NotFound, ValidationFailed
from marketplace.service_model import repository
from marketplace.service_model.models import (
    AuditEntry,
    Customer,
    JobApplication,
    JobOffer,
    Meeting,
    MeetingStatus,
    PlanVersion,
    SanctionRecord,
)
from marketplace.service_model.plan import (
    PARAMS,
    MeetingView,
    PeriodView,
    PlanState,
    audit,
    counted,
    joined_model_on,
    plan_state,
    refuse,
)
from marketplace.service_model.rules import (
    adjust_obligation,
    job_offer_binding,
    meeting_organizers,
    next_plan_update_due,
)
from marketplace.service_model.schemas import (
    JobOfferIn,
    MeetingOutcomeIn,
    PlanIn,
    SituationIn,
)
from marketplace.vacancies import service as vacancies

# The specialist's actions.


def customer_for(session: Session, specialist: User, user_id: int) -> Customer:
    """A customer in the specialist's caseload; 404 if none, 403 if someone else's."""
    customer = repository.get_customer(session, user_id)
    if customer is None:
        raise NotFound("No such customer")
    if customer.specialist_id != specialist.id:
        raise Forbidden("This customer is not in your caseload")
    return customer


@dataclass(frozen=True)
class CaseloadRow:
    """One customer in a specialist's caseload."""

    user: User
    state: PlanState

    @property
    def next_meeting(self) -> MeetingView | None:
        """The next meeting still ahead."""
        upcoming = self.state.upcoming_meetings
        return upcoming[0] if upcoming else None


def caseload(session: Session, specialist: User, today: date) -> list[CaseloadRow]:
    """The specialist's customers with their flags, flagged ones first."""
    rows = [
        CaseloadRow(user, plan_state(session, customer, today))
        for customer, user in repository.caseload(session, specialist.id)
    ]
    return sorted(rows, key=lambda row: not row.state.flags.any)


# The page shows fewer audit entries than the API returns.
AUDIT_ENTRIES = 50


@dataclass(frozen=True)
class CustomerView:
    """One customer's whole record as their specialist sees it, in the API and on the page."""

    user: User
    state: PlanState
    audit: Sequence[AuditEntry]
    actors: dict[int, str]


def customer_view(
    session: Session,
    specialist: User,
    user_id: int,
    today: date,
    *,
    audit_limit: int = AUDIT_ENTRIES,
) -> CustomerView:
    """A customer in the specialist's caseload with the plan state and the latest changes."""
    customer = customer_for(session, specialist, user_id)
    user = session.get(User, user_id)
    assert user is not None  # the customership cascades from its user
    audit = repository.audit_entries(session, user_id, limit=audit_limit)
    actors = repository.names_of(session, (entry.actor_id for entry in audit))
    return CustomerView(user, plan_state(session, customer, today), audit, actors)


@dataclass(frozen=True)
class KeyFacts:
    """What the customer page's overview shows first, each fact from its own section."""

    next_meeting: MeetingView | None
    outcomes_missing: int
    period: PeriodView
    # Binding offers without a recorded refusal: the ones a refusal can still be recorded for.
    open_offers: tuple[JobOffer, ...]
    sanctions: tuple[SanctionRecord, ...]
    # Sanctions still open to appeal, which a later neglect may recompute (rule 7).
    sanctions_not_final: int


def key_facts(state: PlanState) -> KeyFacts:
    """The next meeting, this month's obligation, open offers and the sanctions, newest first."""
    upcoming = state.upcoming_meetings
    refused = {s.offer_id for s in state.records.sanctions if s.offer_id is not None}
    sanctions = tuple(reversed(state.records.sanctions))
    return KeyFacts(
        next_meeting=upcoming[0] if upcoming else None,
        outcomes_missing=state.flags.outcomes_missing,
        period=state.current_period,
        open_offers=tuple(o for o in state.records.offers if o.binding and o.id not in refused),
        sanctions=sanctions,
        sanctions_not_final=sum(1 for s in sanctions if not state.sanction_final(s)),
    )


def record_meeting_outcome(
    session: Session,
    specialist: User,
    customer: Customer,
    key: str,
    data: MeetingOutcomeIn,
    today: date,
) -> MeetingView:
    """Record that a meeting whose day has come was held or missed."""
    state = plan_state(session, customer, today)
    view = state.meeting(key)
    if view is None:
        raise NotFound("No such meeting in the customer's schedule", field="meeting")
    errors: dict[str, str] = {}
    if view.date > today:
        errors["meeting"] = "An outcome can be recorded once the meeting day has come"
    allowed = meeting_organizers(customer.municipal_trial, view.kind, params=PARAMS)
    if data.organizer is not None and data.organizer not in allowed:
        errors["organizer"] = "This organizer cannot hold this meeting"
    refuse(errors)
    if view.neglect_recorded and data.status == MeetingStatus.HELD:
        raise Conflict("A neglect has been recorded for this meeting", field="status")
    record = view.record or Meeting(
        customer_id=customer.user_id,
        period_label=view.period_label,
        number=view.number,
        meeting_date=view.date,
        kind=view.kind,
    )
    record.channel = data.channel or view.channel
    record.organizer = data.organizer or view.organizer
    record.status = data.status
    record.notes = data.notes
    record.recorded_by_id = specialist.id
    record.recorded_at = utcnow()
    session.add(record)
    audit(session, specialist, customer, "meeting_outcome", meeting=key, status=data.status)
    session.flush()
    updated = plan_state(session, customer, today).meeting(key)
    assert updated is not None
    return updated


def update_plan(
    session: Session, specialist: User, customer: Customer, data: PlanIn, today: date
) -> PlanVersion:
    """Update the plan today, with its monthly obligation and the reason for any change (rule 5)."""
    obligation = adjust_obligation(data.required, data.reason)
    state = plan_state(session, customer, today)
    if today < state.plan_start:
        raise ValidationFailed(
            f"The plan is made at the first meeting on {state.plan_start.isoformat()}",
            field="required",
        )
    version = PlanVersion(
        customer_id=customer.user_id,
        made_on=today,
        next_update_due=next_plan_update_due(today),
        required=obligation.required,
        reason=obligation.reason,
        made_by_id=specialist.id,
    )
    session.add(version)
    audit(
        session,
        specialist,
        customer,
        "plan_updated",
        required=obligation.required,
        reason=obligation.reason,
    )
    session.flush()
    return version


def make_offer(
    session: Session, specialist: User, customer: Customer, data: JobOfferIn, today: date
) -> JobOffer:
    """Record a job offer with the decision whether it binds the customer, and why (rule 6)."""
    made_on = data.made_on or today
    joined = joined_model_on(customer)
    errors: dict[str, str] = {}
    if made_on > today:
        errors["made_on"] = "The offer date cannot be in the future"
    elif made_on < customer.registered_on:
        errors["made_on"] = "The offer date cannot be before the registration"
    elif made_on < joined:
        # Rule 1: until then the customer is served under the earlier rules, which decide it.
        errors["made_on"] = (
            f"The customer came under the service model on {joined.isoformat()}; an offer"
            " made before that is decided under the earlier rules, not here"
        )
    vacancy = vacancies.visible(session, specialist, data.vacancy_id) if data.vacancy_id else None
    if data.vacancy_id and vacancy is None:
        errors["vacancy_id"] = "No vacancy with this number"
    description = data.description or (
        f"{vacancy.title}, {vacancy.organization.name}" if vacancy else ""
    )
    if not description:
        errors["description"] = "Describe the job or give a vacancy number"
    refuse(errors)
    state = plan_state(session, customer, today)
    period = state.period_of(made_on)
    if period is None:
        reported, required = 0, state.plans[0].required
    else:
        # Only reports already made when the offer is recorded, dated up to the offer, count.
        reported = sum(1 for a in counted(period.reports) if a.counts and a.on <= made_on)
        required = period.required
    decision = job_offer_binding(
        state.job_search_started_on,
        made_on,
        reported,
        required,
        customer.part_time_work,
        in_model_from=joined,
        params=PARAMS,
    )
    offer = JobOffer(
        customer_id=customer.user_id,
        made_on=made_on,
        vacancy_id=data.vacancy_id,
        description=description[:300],
        binding=decision.binding,
        reason=decision.reason,
        reported_before=reported,
        required=required,
        offered_by_id=specialist.id,
    )
    session.add(offer)
    session.flush()
    audit(
        session,
        specialist,
        customer,
        "job_offer",
        offer_id=offer.id,
        binding=decision.binding,
        reason=decision.reason,
    )
    return offer


def update_situation(
    session: Session, specialist: User, customer: Customer, data: SituationIn
) -> Customer:
    """Change part-time work or the municipal trial, which offers and meetings depend on."""
    changes = data.model_dump(exclude_none=True)
    for name, value in changes.items():
        setattr(customer, name, value)
    if changes:
        audit(session, specialist, customer, "situation_updated", **changes)
    session.flush()
    return customer


def set_realistic(
    session: Session, specialist: User, customer: Customer, application_id: int, realistic: bool
) -> JobApplication:
    """Judge whether a reported job was one the customer could expect to get (rule 5)."""
    application = repository.application(session, customer.user_id, application_id)
    if application is None:
        raise NotFound("No such application for this customer")
    application.realistic = realistic
    audit(
        session,
        specialist,
        customer,
        "application_judged",
        application_id=application_id,
        realistic=realistic,
    )
    session.flush()
    return application
