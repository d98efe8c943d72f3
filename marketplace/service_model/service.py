"""Customer-service model operations: registration, the plan as computed from the rules, and
the specialist's actions.

Every operation checks all of its input before it adds anything to the session, so a refused
request writes nothing; services flush, never commit. Every change leaves an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic_core import to_jsonable_python
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
    Neglect,
    PlanVersion,
    SanctionRecord,
)
from marketplace.service_model.repository import Records
from marketplace.service_model.rules import (
    DEFAULT_MONTHLY_APPLICATIONS,
    DEFAULT_PARAMETERS,
    MODEL_START,
    SELF_SERVICE_BACKDATE_DAYS,
    SERVICE_EARLIEST,
    ApplicationKind,
    BenefitEffect,
    BindingDecision,
    BindingReason,
    Channel,
    MeetingKind,
    ModelParameters,
    NeglectKind,
    Organizer,
    ReportedApplication,
    SchedulePhase,
    WeightyReason,
    add_months,
    adjust_obligation,
    benefit_effect,
    earliest_job_loss,
    initial_interview_channel,
    initial_interview_deadline,
    is_working_day,
    job_offer_binding,
    joins_model_on,
    later_meeting_channel,
    meeting_organizers,
    meeting_schedule,
    next_plan_update_due,
    obligation_periods,
    obligation_status,
    offers_binding_from,
    sanction_for_job_loss,
    sanction_for_job_refusal,
    sanction_for_neglect,
    sanction_is_final,
    sanctions_for_neglects,
)
from marketplace.service_model.schemas import (
    JobApplicationIn,
    JobLossIn,
    JobOfferIn,
    JobRefusalIn,
    MeetingOutcomeIn,
    NeglectIn,
    PlanIn,
    RegistrationIn,
    SituationIn,
)
from marketplace.vacancies import service as vacancies

HELSINKI = ZoneInfo("Europe/Helsinki")
PARAMS: ModelParameters = DEFAULT_PARAMETERS
# How far ahead the plan lists meetings; the schedule itself runs for as long as the customership.
SCHEDULE_HORIZON_MONTHS = 6
# The caseload flags a plan update this many days before it falls due.
PLAN_DUE_NOTICE_DAYS = 14
# The initial interview is booked on the first weekday at least this many days after registering,
# which always falls within the five-day deadline of rule 2.
INTERVIEW_LEAD_DAYS = 2
INITIAL_LABEL = "initial"
ALL_CHANNELS = frozenset(Channel)


def helsinki_today() -> date:
    """Today's date in Finland, the calendar every rule counts in."""
    return datetime.now(HELSINKI).date()


def meeting_key(period_label: str, number: int) -> str:
    """Stable identifier of a meeting's place in the schedule, e.g. `2w-3m-4`."""
    return f"{period_label}-{number}"


def book_initial_interview(registered_on: date, *, params: ModelParameters = PARAMS) -> date:
    """Date the initial interview is booked for at registration (rules 2 and 3).

    The first working day from two days on; when a long holiday (Easter) fills the rest of
    the five days, the last working day before it, so the deadline always holds.
    """
    deadline = initial_interview_deadline(registered_on, params=params)
    day = registered_on + timedelta(days=INTERVIEW_LEAD_DAYS)
    while day <= deadline:
        if is_working_day(day):
            return day
        day += timedelta(days=1)
    day = registered_on + timedelta(days=INTERVIEW_LEAD_DAYS - 1)
    while day > registered_on and not is_working_day(day):
        day -= timedelta(days=1)
    return day


def is_earlier_customer(customer: Customer) -> bool:
    """Registered before the model start, so joining it later (rule 1)."""
    return customer.registered_on < MODEL_START


def joined_model_on(customer: Customer) -> date:
    """The day the customer came under the model (rule 1)."""
    # A customership made without the interview date joins as if its plan were due on
    # registering, which for anyone registered before the start is the start itself.
    interview = customer.last_periodic_interview or customer.registered_on
    return joins_model_on(customer.registered_on, interview)


def responsible_organizer(customer: Customer) -> Organizer:
    """Who normally holds the customer's meetings (rule 3)."""
    if customer.municipal_trial:
        return Organizer.MUNICIPAL_PERSONAL_COACH
    return Organizer.EMPLOYMENT_OFFICE_SPECIALIST


def _preference(customer: Customer) -> Channel | None:
    return Channel(customer.channel_preference) if customer.channel_preference else None


def _initial_channel(customer: Customer) -> Channel:
    reason = WeightyReason(customer.weighty_reason) if customer.weighty_reason else None
    return initial_interview_channel(reason, customer.laid_off, _preference(customer))


def planned_channel(customer: Customer, phase: SchedulePhase) -> Channel:
    """Channel of a meeting not yet held: rule 2 for the interview, the wish otherwise."""
    if phase is SchedulePhase.INITIAL and not is_earlier_customer(customer):
        return _initial_channel(customer)
    # Every channel can be arranged and suits the office, so any stated wish is honoured.
    return later_meeting_channel(_preference(customer), ALL_CHANNELS)


@dataclass(frozen=True)
class MeetingView:
    """One meeting of the schedule with whatever has been recorded about it."""

    key: str
    date: date
    kind: MeetingKind
    phase: SchedulePhase
    period_label: str
    number: int
    channel: Channel
    organizer: Organizer
    status: MeetingStatus
    notes: str
    record: Meeting | None
    neglect_recorded: bool
    awaiting_outcome: bool


@dataclass(frozen=True)
class PeriodView:
    """One monthly obligation period with the reports dated inside it."""

    start: date
    end: date
    required: int
    reported: int
    met: bool
    finished: bool
    current: bool
    neglect_recorded: bool
    reports: tuple[JobApplication, ...]

    def contains(self, day: date) -> bool:
        """Whether the day falls within the period."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Flags:
    """What in a customership needs the specialist's attention."""

    obligation_unmet: bool
    meeting_missed: bool
    plan_update_due: bool
    outcomes_missing: int

    @property
    def any(self) -> bool:
        """Whether anything is flagged."""
        return (
            self.obligation_unmet
            or self.meeting_missed
            or self.plan_update_due
            or self.outcomes_missing > 0
        )


@dataclass(frozen=True)
class PlanState:
    """A customership as the rules see it on `today`."""

    customer: Customer
    today: date
    joined_on: date
    plan_start: date
    job_search_started_on: date
    records: Records
    plans: tuple[PlanVersion, ...]
    meetings: tuple[MeetingView, ...]
    periods: tuple[PeriodView, ...]
    current_period: PeriodView
    next_plan_update: date
    flags: Flags
    benefit: BenefitEffect

    @property
    def earlier_customer(self) -> bool:
        """Registered before the model start."""
        return is_earlier_customer(self.customer)

    @property
    def upcoming_meetings(self) -> list[MeetingView]:
        """Meetings from today on that are still ahead."""
        return [
            m for m in self.meetings if m.date >= self.today and m.status is MeetingStatus.SCHEDULED
        ]

    @property
    def offers_binding_from(self) -> date:
        """First day on which a job offer can bind (rule 6)."""
        return offers_binding_from(self.job_search_started_on)

    @property
    def reports_outside_periods(self) -> list[JobApplication]:
        """Reports dated before the plan started, which no period counts."""
        return [a for a in self.records.applications if a.applied_on < self.plan_start]

    def meeting(self, key: str) -> MeetingView | None:
        """The scheduled meeting with this key, if it is within the listed horizon."""
        return next((m for m in self.meetings if m.key == key), None)

    def period_of(self, day: date) -> PeriodView | None:
        """The obligation period containing the day, if any."""
        return next((p for p in self.periods if p.contains(day)), None)

    def sanction_of(self, neglect: Neglect) -> SanctionRecord:
        """The sanction derived from a recorded neglect."""
        return next(s for s in self.records.sanctions if s.neglect_id == neglect.id)

    def sanction_final(self, sanction: SanctionRecord) -> bool:
        """Whether the sanction's appeal time has run, so nothing recomputes it (rule 7)."""
        return sanction_is_final(sanction.decided_on, self.today, params=PARAMS)

    def refusal_of(self, offer: JobOffer) -> SanctionRecord | None:
        """The sanction for refusing this offer, if one was recorded (rule 8)."""
        return next((s for s in self.records.sanctions if s.offer_id == offer.id), None)

    def meeting_key_of(self, neglect: Neglect) -> str | None:
        """Key of the meeting a neglect concerns, if it concerns one."""
        record = next((m for m in self.records.meetings if m.id == neglect.meeting_id), None)
        return meeting_key(record.period_label, record.number) if record else None


def _required_on(plans: Sequence[PlanVersion], day: date) -> int:
    in_force = [p for p in plans if p.made_on <= day]
    return (in_force[-1] if in_force else plans[0]).required


def _counted(applications: Iterable[JobApplication]) -> list[ReportedApplication]:
    return [
        ReportedApplication(a.applied_on, ApplicationKind(a.kind), a.realistic)
        for a in applications
    ]


def _meetings(customer: Customer, stored: Records, base: date, today: date) -> list[MeetingView]:
    by_slot = {(m.period_label, m.number): m for m in stored.meetings}
    neglected = {n.meeting_id for n in stored.neglects if n.meeting_id is not None}
    until = add_months(max(today, base), SCHEDULE_HORIZON_MONTHS)
    views: list[MeetingView] = []
    for planned in meeting_schedule(base, until, params=PARAMS):
        record = by_slot.get((planned.period_label, planned.number))
        kind = planned.kind
        if kind is MeetingKind.INITIAL_INTERVIEW and is_earlier_customer(customer):
            # Earlier customers had their initial interview before the model; their first
            # meeting in it is the job-search discussion at which the plan is updated.
            kind = MeetingKind.JOB_SEARCH_DISCUSSION
        status = MeetingStatus(record.status) if record else MeetingStatus.SCHEDULED
        views.append(
            MeetingView(
                key=meeting_key(planned.period_label, planned.number),
                date=record.meeting_date if record else planned.on,
                kind=kind,
                phase=planned.phase,
                period_label=planned.period_label,
                number=planned.number,
                channel=Channel(record.channel)
                if record
                else planned_channel(customer, planned.phase),
                organizer=Organizer(record.organizer)
                if record
                else responsible_organizer(customer),
                status=status,
                notes=record.notes if record else "",
                record=record,
                neglect_recorded=record is not None and record.id in neglected,
                awaiting_outcome=status is MeetingStatus.SCHEDULED and planned.on < today,
            )
        )
    return views


def _periods(
    plans: Sequence[PlanVersion], stored: Records, plan_start: date, today: date
) -> list[PeriodView]:
    neglected = {n.period_start for n in stored.neglects if n.period_start is not None}
    views: list[PeriodView] = []
    for period in obligation_periods(plan_start, max(today, plan_start)):
        # A plan update applies from the period in which it is made.
        period = replace(period, required=_required_on(plans, min(period.end, today)))
        reports = tuple(a for a in stored.applications if period.contains(a.applied_on))
        status = obligation_status(period, _counted(reports))
        views.append(
            PeriodView(
                start=period.start,
                end=period.end,
                required=status.required,
                reported=status.reported,
                met=status.met,
                finished=period.end < today,
                current=period.contains(today),
                neglect_recorded=period.start in neglected,
                reports=reports,
            )
        )
    return views


def plan_state(session: Session, customer: Customer, today: date) -> PlanState:
    """Compute the customership's schedule, periods and flags from its records and the rules."""
    stored = repository.records(session, customer.user_id)
    joined = joined_model_on(customer)
    booked = next((m for m in stored.meetings if m.period_label == INITIAL_LABEL), None)
    if booked is not None:
        base = booked.meeting_date
    elif is_earlier_customer(customer):
        base = joined
    else:
        base = book_initial_interview(customer.registered_on)
    plans = tuple(stored.plans) or (
        # A customership created outside registration still has the default plan.
        PlanVersion(
            made_on=base,
            next_update_due=next_plan_update_due(base),
            required=DEFAULT_MONTHLY_APPLICATIONS,
            reason=None,
        ),
    )
    meetings = _meetings(customer, stored, base, today)
    periods = _periods(plans, stored, base, today)
    current = next((p for p in periods if p.current), periods[0])
    finished = [p for p in periods if p.finished]
    with_outcome = [m for m in meetings if m.status is not MeetingStatus.SCHEDULED]
    next_update = plans[-1].next_update_due
    flags = Flags(
        obligation_unmet=bool(finished) and not finished[-1].met,
        meeting_missed=bool(with_outcome) and with_outcome[-1].status is MeetingStatus.MISSED,
        plan_update_due=next_update <= today + timedelta(days=PLAN_DUE_NOTICE_DAYS),
        outcomes_missing=sum(1 for m in meetings if m.awaiting_outcome),
    )
    return PlanState(
        customer=customer,
        today=today,
        joined_on=joined,
        plan_start=base,
        # For an earlier customer the six months of rule 6 run from the start of the job
        # search, which registering began.
        job_search_started_on=customer.registered_on if is_earlier_customer(customer) else base,
        records=stored,
        plans=plans,
        meetings=tuple(meetings),
        periods=tuple(periods),
        current_period=current,
        next_plan_update=next_update,
        flags=flags,
        benefit=benefit_effect(
            obligation_met=not flags.obligation_unmet, plan_followed=not flags.meeting_missed
        ),
    )


def _audit(session: Session, actor: User, customer: Customer, action: str, **details: Any) -> None:
    session.add(
        AuditEntry(
            actor_id=actor.id,
            customer_id=customer.user_id,
            action=action,
            details=to_jsonable_python(details),
        )
    )


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed("; ".join(f"{k}: {v}" for k, v in errors.items()), fields=errors)


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
    _refuse(errors)
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
    _audit(session, user, customer, "registered", registered_on=registered_on, first_meeting=base)
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
    _refuse(errors)
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
    _audit(
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
    _audit(session, actor, customer, "preference_set", channel=channel)
    session.flush()


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
    _refuse(errors)
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
    _audit(session, specialist, customer, "meeting_outcome", meeting=key, status=data.status)
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
    _audit(
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
    _refuse(errors)
    state = plan_state(session, customer, today)
    period = state.period_of(made_on)
    if period is None:
        reported, required = 0, state.plans[0].required
    else:
        # Only reports already made when the offer is recorded, dated up to the offer, count.
        reported = sum(1 for a in _counted(period.reports) if a.counts and a.on <= made_on)
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
    _audit(
        session,
        specialist,
        customer,
        "job_offer",
        offer_id=offer.id,
        binding=decision.binding,
        reason=decision.reason,
    )
    return offer


@dataclass(frozen=True)
class RecordedNeglect:
    """A neglect just recorded, its sanction, and the later sanctions it changed."""

    neglect: Neglect
    sanction: SanctionRecord
    recomputed: tuple[SanctionRecord, ...]


def record_neglect(
    session: Session, specialist: User, customer: Customer, data: NeglectIn, today: date
) -> RecordedNeglect:
    """Record a neglect and the sanction the ladder gives for it (rule 7).

    A neglect may be recorded after later ones; their sanctions that are not yet final are
    then derived again from the whole history.
    """
    state = plan_state(session, customer, today)
    meeting: MeetingView | None = None
    if data.kind is NeglectKind.MEETING:
        if not data.meeting_key:
            raise ValidationFailed("Choose the missed meeting", field="meeting_key")
        meeting = state.meeting(data.meeting_key)
        if meeting is None or meeting.status is not MeetingStatus.MISSED or meeting.record is None:
            raise ValidationFailed(
                "Only a meeting recorded as missed can be neglected", field="meeting_key"
            )
        if meeting.neglect_recorded:
            raise Conflict(
                "A neglect has already been recorded for this meeting", field="meeting_key"
            )
        conduct_on = meeting.date
    else:
        if data.period_start is None:
            raise ValidationFailed("Choose the period", field="period_start")
        period = next((p for p in state.periods if p.start == data.period_start), None)
        if period is None or not period.finished:
            raise ValidationFailed("Choose a period that has ended", field="period_start")
        if period.met:
            raise ValidationFailed("The obligation of this period was met", field="period_start")
        if period.neglect_recorded:
            raise Conflict(
                "A neglect has already been recorded for this period", field="period_start"
            )
        # The obligation is neglected when its period ends without enough reports.
        conduct_on = period.end
    earlier = [n.conduct_on for n in state.records.neglects if n.conduct_on <= conduct_on]
    later = [n for n in state.records.neglects if n.conduct_on > conduct_on]
    sanction = sanction_for_neglect(earlier, conduct_on, data.kind, params=PARAMS)
    neglect = Neglect(
        customer_id=customer.user_id,
        kind=data.kind,
        conduct_on=conduct_on,
        meeting_id=meeting.record.id if meeting and meeting.record else None,
        period_start=data.period_start if meeting is None else None,
        notes=data.notes,
        recorded_by_id=specialist.id,
    )
    session.add(neglect)
    session.flush()
    record = SanctionRecord(
        customer_id=customer.user_id,
        neglect_id=neglect.id,
        kind=sanction.kind,
        conduct_on=conduct_on,
        step=sanction.step,
        neglect_number=sanction.number,
        days=sanction.days,
        weeks=sanction.weeks,
        rules=sanction.rules,
        notes=data.notes,
        decided_on=today,
        decided_by_id=specialist.id,
    )
    session.add(record)
    session.flush()
    _audit(
        session,
        specialist,
        customer,
        "neglect_recorded",
        neglect_id=neglect.id,
        kind=data.kind,
        conduct_on=conduct_on,
        sanction=sanction.kind,
        step=sanction.step,
    )
    changed = _recompute_later(session, specialist, state, [*earlier, conduct_on], later)
    return RecordedNeglect(neglect, record, tuple(changed))


def _recompute_later(
    session: Session,
    actor: User,
    state: PlanState,
    up_to_new: list[date],
    later: Sequence[Neglect],
) -> list[SanctionRecord]:
    """Re-derive the sanctions of neglects dated after a late-recorded one (rule 7).

    Sanctions already final keep what was decided; the others follow the ladder over the
    whole history. One audit entry lists every change and every final sanction left alone.
    """
    if not later:
        return []
    ladder = sanctions_for_neglects([*up_to_new, *(n.conduct_on for n in later)], params=PARAMS)
    changed: list[SanctionRecord] = []
    details: list[dict[str, Any]] = []
    for neglect, derived in zip(later, ladder[len(up_to_new) :], strict=True):
        record = state.sanction_of(neglect)
        if (record.step, record.neglect_number) == (derived.step, derived.number):
            continue
        entry = {"sanction_id": record.id, "from_step": record.step, "to_step": derived.step}
        if state.sanction_final(record):
            details.append({**entry, "kept_final": True})
            continue
        record.kind = derived.kind
        record.step = derived.step
        record.neglect_number = derived.number
        record.days = derived.days
        record.weeks = derived.weeks
        changed.append(record)
        details.append({**entry, "kept_final": False})
    if details:
        _audit(session, actor, state.customer, "sanctions_recomputed", changes=details)
        session.flush()
    return changed


def record_job_loss(
    session: Session, specialist: User, customer: Customer, data: JobLossIn, today: date
) -> SanctionRecord:
    """Record a job the customer left or lost by their own action and its sanction (rules 8, 9)."""
    earliest = earliest_job_loss(customer.registered_on)
    if data.event_on > today:
        raise ValidationFailed("The date cannot be in the future", field="event_on")
    if data.event_on < earliest:
        # Rule 11: no sanction for a job that ended earlier could reach this customership.
        raise ValidationFailed(
            f"The job must have ended on {earliest.isoformat()} or later", field="event_on"
        )
    sanction = sanction_for_job_loss(data.event_on, data.reason, data.job_max_days, params=PARAMS)
    record = SanctionRecord(
        customer_id=customer.user_id,
        neglect_id=None,
        kind=sanction.kind,
        conduct_on=data.event_on,
        step=None,
        days=sanction.days,
        weeks=None,
        rules=sanction.rules,
        job_loss_reason=data.reason,
        job_max_days=data.job_max_days,
        notes=data.notes,
        decided_on=today,
        decided_by_id=specialist.id,
    )
    session.add(record)
    session.flush()
    _audit(
        session,
        specialist,
        customer,
        "job_loss_recorded",
        sanction_id=record.id,
        event_on=data.event_on,
        reason=data.reason,
        days=sanction.days,
    )
    return record


def record_job_refusal(
    session: Session,
    specialist: User,
    customer: Customer,
    offer_id: int,
    data: JobRefusalIn,
    today: date,
) -> SanctionRecord:
    """Record that the customer refused a binding job offer, and its sanction (rule 8)."""
    offer = repository.offer(session, customer.user_id, offer_id)
    if offer is None:
        raise NotFound("No such job offer for this customer", field="offer")
    if not offer.binding:
        raise ValidationFailed(
            "This offer did not bind the customer, so refusing it has no sanction", field="offer"
        )
    if repository.refusal_of(session, offer.id) is not None:
        raise Conflict("A refusal of this offer has already been recorded", field="offer")
    errors: dict[str, str] = {}
    if data.refused_on > today:
        errors["refused_on"] = "The date cannot be in the future"
    elif data.refused_on < offer.made_on:
        errors["refused_on"] = "The job cannot be refused before it was offered"
    _refuse(errors)
    decision = BindingDecision(offer.binding, BindingReason(offer.reason))
    sanction = sanction_for_job_refusal(
        data.refused_on, decision, offer.made_on, data.job_max_days, params=PARAMS
    )
    record = SanctionRecord(
        customer_id=customer.user_id,
        offer_id=offer.id,
        kind=sanction.kind,
        conduct_on=data.refused_on,
        days=sanction.days,
        rules=sanction.rules,
        job_max_days=data.job_max_days,
        notes=data.notes,
        decided_on=today,
        decided_by_id=specialist.id,
    )
    session.add(record)
    session.flush()
    _audit(
        session,
        specialist,
        customer,
        "job_refused",
        sanction_id=record.id,
        offer_id=offer.id,
        refused_on=data.refused_on,
        days=sanction.days,
    )
    return record


def update_situation(
    session: Session, specialist: User, customer: Customer, data: SituationIn
) -> Customer:
    """Change part-time work or the municipal trial, which offers and meetings depend on."""
    changes = data.model_dump(exclude_none=True)
    for name, value in changes.items():
        setattr(customer, name, value)
    if changes:
        _audit(session, specialist, customer, "situation_updated", **changes)
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
    _audit(
        session,
        specialist,
        customer,
        "application_judged",
        application_id=application_id,
        realistic=realistic,
    )
    session.flush()
    return application


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
