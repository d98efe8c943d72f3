"""A customership as the rules see it on a given day: the meeting schedule, the obligation
periods and the flags, computed from what is stored; and the helpers every action uses.

Every operation checks all of its input before it adds anything to the session, so a refused
request writes nothing; services flush, never commit. Every change leaves an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.errors import ValidationFailed
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
    ApplicationKind,
    BenefitEffect,
    Channel,
    MeetingKind,
    ModelParameters,
    Organizer,
    ReportedApplication,
    SchedulePhase,
    WeightyReason,
    add_months,
    benefit_effect,
    initial_interview_channel,
    initial_interview_deadline,
    is_working_day,
    joins_model_on,
    later_meeting_channel,
    meeting_schedule,
    next_plan_update_due,
    obligation_periods,
    obligation_status,
    offers_binding_from,
    sanction_is_final,
)

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

    def neglect_of(self, sanction: SanctionRecord) -> Neglect | None:
        """The neglect a ladder sanction was derived from, if it was."""
        return next((n for n in self.records.neglects if n.id == sanction.neglect_id), None)

    def offer_of(self, sanction: SanctionRecord) -> JobOffer | None:
        """The job offer whose refusal a sanction is for, if it is."""
        return next((o for o in self.records.offers if o.id == sanction.offer_id), None)

    def meeting_key_of(self, neglect: Neglect) -> str | None:
        """Key of the meeting a neglect concerns, if it concerns one."""
        record = next((m for m in self.records.meetings if m.id == neglect.meeting_id), None)
        return meeting_key(record.period_label, record.number) if record else None


def _required_on(plans: Sequence[PlanVersion], day: date) -> int:
    in_force = [p for p in plans if p.made_on <= day]
    return (in_force[-1] if in_force else plans[0]).required


def counted(applications: Iterable[JobApplication]) -> list[ReportedApplication]:
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
        status = obligation_status(period, counted(reports))
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


def audit(session: Session, actor: User, customer: Customer, action: str, **details: Any) -> None:
    session.add(
        AuditEntry(
            actor_id=actor.id,
            customer_id=customer.user_id,
            action=action,
            details=to_jsonable_python(details),
        )
    )


def refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed("; ".join(f"{k}: {v}" for k, v in errors.items()), fields=errors)
