"""Pure rules of the public employment service's customer-service model of 2 May 2022.

Everything here is a function of dates, small enums and frozen dataclasses: no database, no
web. The rule numbers in the docstrings refer to docs/service-model.md, which also explains
every choice made where the source is silent (see `ModelParameters`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from typing import NamedTuple

import holidays

from marketplace.errors import ValidationFailed

MODEL_START = date(2022, 5, 2)
# No date in a customership can precede the day the Unemployment Security Act (1290/2002),
# whose sanctions the old rules of rule 9 are, came into force (rule 11).
SERVICE_EARLIEST = date(2003, 1, 1)

# Facts stated by the source; the ambiguous ones live in ModelParameters instead.
LEGACY_JOIN_MONTHS = 3
PLAN_UPDATE_INTERVAL_MONTHS = 3
DEFAULT_MONTHLY_APPLICATIONS = 4
DEFAULT_PLAN_MONTHS = 3
OFFERS_BINDING_AFTER_MONTHS = 6
MEETING_INTERVAL_DAYS = 14
START_PERIOD_MEETINGS = 6
INTENSIVE_PERIOD_MEETINGS = 3
CYCLE_MONTHS = 6
INTERIM_OFFSET_MONTHS = 3
WAITING_PERIOD_SECOND_NEGLECT_DAYS = 5
WAITING_PERIOD_THIRD_NEGLECT_DAYS = 10
WORK_REQUIREMENT_WEEKS = 12
WORK_REQUIREMENT_STEP = 4
JOB_LOSS_DAYS = 45
SHORT_JOB_LOSS_DAYS = 30
SHORT_JOB_MAX_DAYS = 5
OLD_RULES_JOB_LOSS_DAYS = 90


class RuleInputError(ValidationFailed, ValueError):
    """Inputs that the rules cannot be applied to (renders as a 422 through the API)."""

    code = "service_model_rule_input"


class Channel(StrEnum):
    """How a meeting is held."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    REMOTE = "remote"


class WeightyReason(StrEnum):
    """Grounds that allow the initial interview to be held other than in person."""

    LONG_TRAVEL = "long_travel"
    CUSTOMER_WORKING = "customer_working"
    OTHER = "other"


class Organizer(StrEnum):
    """Who holds a meeting with the jobseeker."""

    EMPLOYMENT_OFFICE_SPECIALIST = "employment_office_specialist"
    MUNICIPAL_PERSONAL_COACH = "municipal_personal_coach"
    PRIVATE_PROVIDER = "private_provider"


class MeetingKind(StrEnum):
    """The initial interview, or one of the job-search discussions that follow it."""

    INITIAL_INTERVIEW = "initial_interview"
    JOB_SEARCH_DISCUSSION = "job_search_discussion"


class SchedulePhase(StrEnum):
    """Where in the meeting rhythm a scheduled meeting falls."""

    INITIAL = "initial"
    START = "start"
    INTENSIVE = "intensive"
    INTERIM = "interim"


class ApplicationKind(StrEnum):
    """Kinds of job-search action a jobseeker reports."""

    APPLICATION = "application"
    OPEN_APPLICATION = "open_application"
    DIRECT_CONTACT = "direct_contact"


class BindingReason(StrEnum):
    """Why a job offer is or is not binding."""

    PART_TIME_WORK = "part_time_work"
    FIRST_SIX_MONTHS = "first_six_months"
    OBLIGATION_ALREADY_MET = "obligation_already_met"
    # The plan sets no applications for the period, so the agreed number is already reached.
    NO_OBLIGATION = "no_obligation"
    BINDING = "binding"


class SanctionKind(StrEnum):
    """The consequence imposed for a neglect or a job loss."""

    REMINDER = "reminder"
    WAITING_PERIOD = "waiting_period"
    WORK_REQUIREMENT = "work_requirement"


class JobLossReason(StrEnum):
    """How the jobseeker's own action ended an employment."""

    RESIGNED_WITHOUT_VALID_REASON = "resigned_without_valid_reason"
    OWN_CONDUCT = "own_conduct"


class NeglectKind(StrEnum):
    """What was neglected; both kinds climb the same sanction ladder."""

    JOB_SEARCH_OBLIGATION = "job_search_obligation"
    MEETING = "meeting"


class RuleSet(StrEnum):
    """The rules a sanction was decided under, fixed by the date of the conduct."""

    OLD = "old"
    NEW = "new"


class AfterWorkRequirement(StrEnum):
    """What the ladder does once a neglect has led to the work requirement."""

    STAY = "stay"
    RESTART = "restart"


class BenefitReason(StrEnum):
    """Codes pages use to tell the jobseeker what following the plan means for the benefit."""

    PLAN_FOLLOWED = "plan_followed"
    SANCTION_LADDER_APPLIES = "sanction_ladder_applies"


@dataclass(frozen=True)
class ModelParameters:
    """Choices made where the source leaves room; docs/service-model.md explains each."""

    # Calendar days, counted from the registration day, to agree the initial interview's time.
    initial_interview_deadline_days: int = 5
    # Channel used when the initial interview may be held other than in person.
    initial_interview_fallback_channel: Channel = Channel.PHONE
    # Tie-break among suitable channels for later meetings when no preference can be honoured.
    later_meeting_channel_order: tuple[Channel, ...] = (
        Channel.IN_PERSON,
        Channel.REMOTE,
        Channel.PHONE,
    )
    private_provider_may_hold_initial_interview: bool = False
    # "Month N" blocks start N calendar months after the initial interview plus this many days.
    block_anchor_offset_days: int = 0
    sanction_repeat_window_months: int = 12
    after_work_requirement: AfterWorkRequirement = AfterWorkRequirement.STAY
    count_pre_model_neglects: bool = False
    # With an obligation of zero, whether "already reported the agreed number" needs a report.
    offer_exemption_needs_report: bool = False
    old_rules_short_job_days: int = 30
    # Days without benefit for refusing a binding offer of a job that would have lasted longer
    # than five days; the source states 45 days for leaving a job under the same heading.
    job_refusal_days: int = 45
    # Proposed meetings that fall on a weekend or a Finnish public holiday move to the next
    # working day.
    meetings_on_working_days: bool = True
    # A sanction is final, and no longer recomputed, once this many days have passed since it
    # was decided: a 30-day appeal period counted from notification, presumed on the 7th day.
    sanction_final_after_days: int = 37

    def __post_init__(self) -> None:
        if self.initial_interview_deadline_days < 0:
            raise ValueError("initial_interview_deadline_days must not be negative")
        if self.initial_interview_fallback_channel is Channel.IN_PERSON:
            raise ValueError("the fallback channel must differ from in person")
        order = self.later_meeting_channel_order
        if len(order) != len(Channel) or set(order) != set(Channel):
            raise ValueError("later_meeting_channel_order must list every channel once")
        # A longer shift would move a block out of the months it is named after.
        if not 0 <= self.block_anchor_offset_days <= 30:
            raise ValueError("block_anchor_offset_days must be between 0 and 30")
        if self.sanction_repeat_window_months < 1:
            raise ValueError("sanction_repeat_window_months must be at least 1")
        if self.old_rules_short_job_days < 0:
            raise ValueError("old_rules_short_job_days must not be negative")
        if self.job_refusal_days < 1:
            raise ValueError("job_refusal_days must be at least 1")
        if self.sanction_final_after_days < 0:
            raise ValueError("sanction_final_after_days must not be negative")


DEFAULT_PARAMETERS = ModelParameters()


def add_months(day: date, months: int) -> date:
    """Same day `months` calendar months later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


@cache
def _finnish_holidays() -> holidays.HolidayBase:
    # Expands to every year it is asked about; the package keeps the calendar current.
    return holidays.country_holidays("FI")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Finnish public holiday (rule 3)."""
    return day.weekday() < 5 and day not in _finnish_holidays()


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the first working day after it (rule 3)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


# Rule 1: who is in the model.


def joins_model_on(registered_on: date, last_periodic_interview: date | None = None) -> date:
    """Date the jobseeker comes under the model (rule 1)."""
    if registered_on >= MODEL_START:
        return registered_on
    if last_periodic_interview is None:
        raise RuleInputError(
            "a customer registered before the model start needs the last periodic interview date",
            field="last_periodic_interview",
        )
    if last_periodic_interview < registered_on:
        raise RuleInputError(
            "the periodic interview cannot precede the registration",
            field="last_periodic_interview",
        )
    # An overdue plan is due at once, so it joins on the first day of the model.
    return max(add_months(last_periodic_interview, LEGACY_JOIN_MONTHS), MODEL_START)


def in_model(on: date, registered_on: date, last_periodic_interview: date | None = None) -> bool:
    """Whether the jobseeker is under the model on the given day (rule 1)."""
    return on >= joins_model_on(registered_on, last_periodic_interview)


# Rule 2: the initial interview and meeting channels.


def initial_interview_deadline(
    registered_on: date, *, params: ModelParameters = DEFAULT_PARAMETERS
) -> date:
    """Last day by which the initial interview's time must be agreed (rule 2)."""
    if registered_on < MODEL_START:
        raise RuleInputError(
            "customers registered before the model start have no initial interview in it",
            field="registered_on",
        )
    return registered_on + timedelta(days=params.initial_interview_deadline_days)


def initial_interview_agreed_in_time(
    registered_on: date, agreed_on: date, *, params: ModelParameters = DEFAULT_PARAMETERS
) -> bool:
    """Whether the interview time was agreed within the deadline (rule 2)."""
    if agreed_on < registered_on:
        raise RuleInputError("the time cannot be agreed before registering", field="agreed_on")
    return agreed_on <= initial_interview_deadline(registered_on, params=params)


def allowed_initial_interview_channels(
    reason: WeightyReason | None, laid_off: bool
) -> frozenset[Channel]:
    """Channels the initial interview may use (rule 2)."""
    if reason is None and not laid_off:
        return frozenset({Channel.IN_PERSON})
    return frozenset(Channel)


def initial_interview_channel(
    reason: WeightyReason | None,
    laid_off: bool,
    preference: Channel | None = None,
    *,
    params: ModelParameters = DEFAULT_PARAMETERS,
) -> Channel:
    """Channel of the initial interview: in person unless an exception applies (rule 2)."""
    allowed = allowed_initial_interview_channels(reason, laid_off)
    if allowed == {Channel.IN_PERSON}:
        return Channel.IN_PERSON
    if preference is not None and preference in allowed:
        return preference
    return params.initial_interview_fallback_channel


def later_meeting_channel(
    preference: Channel | None,
    available: set[Channel] | frozenset[Channel],
    suitable: set[Channel] | frozenset[Channel] | None = None,
    *,
    params: ModelParameters = DEFAULT_PARAMETERS,
) -> Channel:
    """Channel of a later meeting: `available` can be arranged, `suitable` fits best (rule 2)."""
    if not available:
        raise RuleInputError("at least one channel must be available", field="available")
    fitting = frozenset(available) if suitable is None else frozenset(suitable)
    if not fitting or not fitting <= available:
        raise RuleInputError(
            "suitable channels must be a non-empty subset of the available ones", field="suitable"
        )
    # Meeting in person must be offered whenever possible, even against the office's pick;
    # other wishes only choose among the channels the office finds suitable.
    if preference is Channel.IN_PERSON and Channel.IN_PERSON in available:
        return Channel.IN_PERSON
    if preference is not None and preference in fitting:
        return preference
    return next(channel for channel in params.later_meeting_channel_order if channel in fitting)


# Rule 3: the meeting schedule and who holds the meetings.


@dataclass(frozen=True, order=True)
class ScheduledMeeting:
    """One planned meeting; `number` is its 1-based position within its period."""

    on: date
    kind: MeetingKind
    phase: SchedulePhase
    period_label: str
    number: int


def meeting_schedule(
    initial_interview: date, until: date, *, params: ModelParameters = DEFAULT_PARAMETERS
) -> list[ScheduledMeeting]:
    """Meetings from the initial interview up to `until` inclusive, the interview first (rule 3)."""
    if until < initial_interview:
        return []
    meetings = [
        ScheduledMeeting(
            initial_interview, MeetingKind.INITIAL_INTERVIEW, SchedulePhase.INITIAL, "initial", 1
        )
    ]
    discussion = MeetingKind.JOB_SEARCH_DISCUSSION

    def proposed(day: date) -> date:
        # Each date is counted from the interview, then moved, so moves never accumulate.
        return next_working_day(day) if params.meetings_on_working_days else day

    for number in range(1, START_PERIOD_MEETINGS + 1):
        on = proposed(initial_interview + timedelta(days=MEETING_INTERVAL_DAYS * number))
        if on > until:
            return meetings
        meetings.append(ScheduledMeeting(on, discussion, SchedulePhase.START, "2w-3m", number))
    offset = timedelta(days=params.block_anchor_offset_days)
    cycle = 1
    while True:
        block_months = CYCLE_MONTHS * cycle
        block_start = add_months(initial_interview, block_months) + offset
        label = f"{block_months}-{block_months + 1}m"
        for index in range(INTENSIVE_PERIOD_MEETINGS):
            on = proposed(block_start + timedelta(days=MEETING_INTERVAL_DAYS * index))
            if on > until:
                return meetings
            meetings.append(
                ScheduledMeeting(on, discussion, SchedulePhase.INTENSIVE, label, index + 1)
            )
        interim_months = block_months + INTERIM_OFFSET_MONTHS
        on = proposed(add_months(initial_interview, interim_months) + offset)
        if on > until:
            return meetings
        meetings.append(
            ScheduledMeeting(on, discussion, SchedulePhase.INTERIM, f"{interim_months}m", 1)
        )
        cycle += 1


def meeting_organizers(
    municipal_trial: bool, kind: MeetingKind, *, params: ModelParameters = DEFAULT_PARAMETERS
) -> frozenset[Organizer]:
    """Who may hold a meeting of this kind for the jobseeker (rule 3)."""
    responsible = (
        Organizer.MUNICIPAL_PERSONAL_COACH
        if municipal_trial
        else Organizer.EMPLOYMENT_OFFICE_SPECIALIST
    )
    if (
        kind is MeetingKind.INITIAL_INTERVIEW
        and not params.private_provider_may_hold_initial_interview
    ):
        return frozenset({responsible})
    return frozenset({responsible, Organizer.PRIVATE_PROVIDER})


# Rule 4: the employment plan.


def _check_plan_interval(interval_months: int) -> None:
    if not 1 <= interval_months <= PLAN_UPDATE_INTERVAL_MONTHS:
        raise RuleInputError(
            f"the plan must be updated at least every {PLAN_UPDATE_INTERVAL_MONTHS} months",
            field="interval_months",
        )


def plan_update_dates(
    plan_start: date, until: date, interval_months: int = PLAN_UPDATE_INTERVAL_MONTHS
) -> list[date]:
    """Dates the plan falls due for update after `plan_start`, up to `until` (rule 4)."""
    _check_plan_interval(interval_months)
    dates: list[date] = []
    # Each due date counts from the previous one, as after a real update, so a month-end
    # clamp can only bring the next update earlier, never stretch a gap past the interval.
    due = add_months(plan_start, interval_months)
    while due <= until:
        dates.append(due)
        due = add_months(due, interval_months)
    return dates


def next_plan_update_due(
    last_update: date, interval_months: int = PLAN_UPDATE_INTERVAL_MONTHS
) -> date:
    """When the plan is next due, counted from its latest update, early or not (rule 4)."""
    _check_plan_interval(interval_months)
    return add_months(last_update, interval_months)


# Rule 5: the job-search obligation.


@dataclass(frozen=True)
class MonthlyObligation:
    """How many job opportunities the plan requires a month, and why when not the default."""

    required: int = DEFAULT_MONTHLY_APPLICATIONS
    reason: str | None = None


def adjust_obligation(required: int, reason: str | None = None) -> MonthlyObligation:
    """Validated monthly obligation; any departure from the default needs a reason (rule 5)."""
    if required < 0:
        raise RuleInputError("the monthly obligation cannot be negative", field="required")
    cleaned = reason.strip() if reason else ""
    if required != DEFAULT_MONTHLY_APPLICATIONS and not cleaned:
        raise RuleInputError(
            "a reason is required when the obligation differs from the default", field="reason"
        )
    return MonthlyObligation(required=required, reason=cleaned or None)


@dataclass(frozen=True)
class ObligationPeriod:
    """One-month reporting period of the obligation; `end` is inclusive."""

    start: date
    end: date
    required: int

    def contains(self, day: date) -> bool:
        """Whether the day falls within the period."""
        return self.start <= day <= self.end


def obligation_periods(
    plan_start: date, until: date, required: int = DEFAULT_MONTHLY_APPLICATIONS
) -> list[ObligationPeriod]:
    """Consecutive one-month periods from `plan_start`, each starting on or before `until`."""
    if required < 0:
        raise RuleInputError("the monthly obligation cannot be negative", field="required")
    periods: list[ObligationPeriod] = []
    index = 0
    # Counted from plan_start every time so month-end clamping never drifts.
    while (start := add_months(plan_start, index)) <= until:
        end = add_months(plan_start, index + 1) - timedelta(days=1)
        periods.append(ObligationPeriod(start, end, required))
        index += 1
    return periods


def plan_obligation_periods(
    plan_start: date,
    plan_months: int = DEFAULT_PLAN_MONTHS,
    required: int = DEFAULT_MONTHLY_APPLICATIONS,
) -> list[ObligationPeriod]:
    """The monthly tasks of one plan: one period per month it covers (rule 5)."""
    if plan_months < 1:
        raise RuleInputError("a plan covers at least one month", field="plan_months")
    last_day = add_months(plan_start, plan_months) - timedelta(days=1)
    return obligation_periods(plan_start, last_day, required)


COUNTING_KINDS = frozenset(ApplicationKind)


def counts_toward_obligation(kind: ApplicationKind, realistic: bool = True) -> bool:
    """Whether a reported action counts: a counting kind aimed at a realistic job (rule 5)."""
    return kind in COUNTING_KINDS and realistic


@dataclass(frozen=True)
class ReportedApplication:
    """A job-search action the jobseeker reported, dated when it was made."""

    on: date
    kind: ApplicationKind
    realistic: bool = True

    @property
    def counts(self) -> bool:
        """Whether this report counts toward the obligation."""
        return counts_toward_obligation(self.kind, self.realistic)


class ObligationStatus(NamedTuple):
    """Counted reports against the requirement of one period."""

    reported: int
    required: int
    met: bool


def obligation_status(
    period: ObligationPeriod, reports: Iterable[date | ReportedApplication]
) -> ObligationStatus:
    """Counting reports inside the period; a bare date stands for a counting report (rule 5)."""
    reported = 0
    for report in reports:
        if isinstance(report, ReportedApplication):
            if report.counts and period.contains(report.on):
                reported += 1
        elif period.contains(report):
            reported += 1
    return ObligationStatus(reported, period.required, reported >= period.required)


# Rule 6: job offers.


@dataclass(frozen=True)
class BindingDecision:
    """Whether a job offer binds the jobseeker, with the reason code."""

    binding: bool
    reason: BindingReason


def offers_binding_from(initial_interview: date) -> date:
    """First day on which a job offer can bind: six months after the initial interview."""
    return add_months(initial_interview, OFFERS_BINDING_AFTER_MONTHS)


def job_offer_binding(
    initial_interview: date,
    offer_date: date,
    reported_in_period: int,
    required_in_period: int,
    part_time_work: bool,
    *,
    in_model_from: date | None = None,
    params: ModelParameters = DEFAULT_PARAMETERS,
) -> BindingDecision:
    """Whether a job offer binds, given reports made before it in its period (rule 6).

    `in_model_from` is the day the customer came under the model (rule 1); an offer made
    before it is not judged by these rules at all.
    """
    if reported_in_period < 0 or required_in_period < 0:
        raise RuleInputError("application counts cannot be negative", field="reported_in_period")
    if in_model_from is not None and offer_date < in_model_from:
        raise RuleInputError(
            "the offer predates the customer's entry into the model; the earlier rules decide it",
            field="offer_date",
        )
    if part_time_work:
        return BindingDecision(False, BindingReason.PART_TIME_WORK)
    if offer_date < offers_binding_from(initial_interview):
        return BindingDecision(False, BindingReason.FIRST_SIX_MONTHS)
    if required_in_period == 0:
        # Zero applications are "the agreed number" once the period has begun.
        if not params.offer_exemption_needs_report:
            return BindingDecision(False, BindingReason.NO_OBLIGATION)
        if reported_in_period > 0:
            return BindingDecision(False, BindingReason.OBLIGATION_ALREADY_MET)
        return BindingDecision(True, BindingReason.BINDING)
    if reported_in_period >= required_in_period:
        return BindingDecision(False, BindingReason.OBLIGATION_ALREADY_MET)
    return BindingDecision(True, BindingReason.BINDING)


# Rules 7-9: sanctions.


@dataclass(frozen=True)
class Sanction:
    """A consequence of a neglect (with its ladder step) or of a job loss (with its reason)."""

    kind: SanctionKind
    conduct_on: date
    step: int | None = None
    days: int | None = None
    weeks: int | None = None
    rules: RuleSet = RuleSet.NEW
    job_loss_reason: JobLossReason | None = None
    neglect_kind: NeglectKind | None = None
    # Job-loss and refusal sanctions never feed the neglect ladder (rule 8).
    counts_as_repeat: bool = True
    # Which neglect within the repeat window this is; unlike `step` it does not stop at 4.
    number: int | None = None
    job_refused: bool = False


def rules_for(conduct_on: date) -> RuleSet:
    """Rule set that governs conduct on this day; its sanction runs to its end (rule 9)."""
    return RuleSet.NEW if conduct_on >= MODEL_START else RuleSet.OLD


def _ladder_numbers(ordered: Sequence[date], params: ModelParameters) -> list[int]:
    """Which neglect within the window each one in `ordered` (sorted) is, counting itself."""
    numbers: list[int] = []
    window = params.sanction_repeat_window_months
    restart = params.after_work_requirement is AfterWorkRequirement.RESTART
    floor = 0
    for index, day in enumerate(ordered):
        repeats = sum(1 for earlier in ordered[floor:index] if day < add_months(earlier, window))
        numbers.append(repeats + 1)
        if restart and repeats + 1 >= WORK_REQUIREMENT_STEP:
            floor = index + 1
    return numbers


def _neglect_sanction(number: int, conduct_on: date) -> Sanction:
    step = min(number, WORK_REQUIREMENT_STEP)
    if step == 1:
        return Sanction(SanctionKind.REMINDER, conduct_on, step=1, number=number)
    if step == 2:
        days = WAITING_PERIOD_SECOND_NEGLECT_DAYS
        return Sanction(SanctionKind.WAITING_PERIOD, conduct_on, step=2, days=days, number=number)
    if step == 3:
        days = WAITING_PERIOD_THIRD_NEGLECT_DAYS
        return Sanction(SanctionKind.WAITING_PERIOD, conduct_on, step=3, days=days, number=number)
    weeks = WORK_REQUIREMENT_WEEKS
    return Sanction(
        SanctionKind.WORK_REQUIREMENT, conduct_on, step=step, weeks=weeks, number=number
    )


def repeat_dates(sanctions: Iterable[Sanction]) -> list[date]:
    """Conduct dates of recorded sanctions that count as neglect repeats (rules 7 and 8)."""
    return sorted(s.conduct_on for s in sanctions if s.counts_as_repeat)


def _history(dates: Iterable[date], params: ModelParameters) -> list[date]:
    return sorted(d for d in dates if params.count_pre_model_neglects or d >= MODEL_START)


def sanctions_for_neglects(
    neglect_dates: Iterable[date], *, params: ModelParameters = DEFAULT_PARAMETERS
) -> list[Sanction]:
    """Sanction of every neglect on or after the model start, in date order (rule 7)."""
    history = _history(neglect_dates, params)
    numbers = _ladder_numbers(history, params)
    return [
        _neglect_sanction(number, day)
        for day, number in zip(history, numbers, strict=True)
        if day >= MODEL_START
    ]


def sanction_for_neglect(
    neglect_dates_before: Iterable[date],
    neglect_date: date,
    kind: NeglectKind | None = None,
    *,
    params: ModelParameters = DEFAULT_PARAMETERS,
) -> Sanction:
    """Sanction for a neglect of the obligation or of a meeting, given earlier ones (rule 7)."""
    if neglect_date < MODEL_START:
        raise RuleInputError(
            "neglects before the model start were decided under the old rules",
            field="neglect_date",
        )
    earlier = list(neglect_dates_before)
    if any(day > neglect_date for day in earlier):
        raise RuleInputError(
            "earlier neglects cannot be dated after the one assessed",
            field="neglect_dates_before",
        )
    history = [*_history(earlier, params), neglect_date]
    sanction = _neglect_sanction(_ladder_numbers(history, params)[-1], neglect_date)
    return replace(sanction, neglect_kind=kind)


def sanction_is_final(
    decided_on: date, today: date, *, params: ModelParameters = DEFAULT_PARAMETERS
) -> bool:
    """Whether a decided sanction can no longer change: its appeal time has run (rule 7)."""
    return today >= decided_on + timedelta(days=params.sanction_final_after_days)


def sanction_for_job_loss(
    event_date: date,
    reason: JobLossReason,
    job_max_days: int | None = None,
    *,
    params: ModelParameters = DEFAULT_PARAMETERS,
) -> Sanction:
    """Days without benefit for leaving a job of at most `job_max_days` (None: longer) (8, 9)."""
    if job_max_days is not None and job_max_days < 1:
        raise RuleInputError("a job lasts at least one day", field="job_max_days")
    short = job_max_days is not None and job_max_days <= SHORT_JOB_MAX_DAYS
    rules = rules_for(event_date)
    if rules is RuleSet.OLD:
        days = params.old_rules_short_job_days if short else OLD_RULES_JOB_LOSS_DAYS
    else:
        days = SHORT_JOB_LOSS_DAYS if short else JOB_LOSS_DAYS
    return Sanction(
        SanctionKind.WAITING_PERIOD,
        event_date,
        days=days,
        rules=rules,
        job_loss_reason=reason,
        counts_as_repeat=False,
    )


def sanction_for_job_refusal(
    refused_on: date,
    offer: BindingDecision,
    offer_date: date,
    job_max_days: int | None = None,
    *,
    params: ModelParameters = DEFAULT_PARAMETERS,
) -> Sanction:
    """Days without benefit for refusing a binding job offer; never a repeat (rule 8)."""
    if not offer.binding:
        raise RuleInputError(
            "only a binding job offer can be refused with a sanction", field="offer"
        )
    if refused_on < offer_date:
        raise RuleInputError("a job cannot be refused before it is offered", field="refused_on")
    if job_max_days is not None and job_max_days < 1:
        raise RuleInputError("a job lasts at least one day", field="job_max_days")
    short = job_max_days is not None and job_max_days <= SHORT_JOB_MAX_DAYS
    return Sanction(
        SanctionKind.WAITING_PERIOD,
        refused_on,
        days=SHORT_JOB_LOSS_DAYS if short else params.job_refusal_days,
        rules=rules_for(refused_on),
        counts_as_repeat=False,
        job_refused=True,
    )


# Rule 11: plausible dates (a choice of this service; the source names none).

# A jobseeker may give a registration date this many days back; older customerships are
# entered by the office (`max_backdate_days=None` in the service).
SELF_SERVICE_BACKDATE_DAYS = 14


def earliest_job_loss(registered_on: date) -> date:
    """Earliest end of a job whose sanction can still reach the customership (rule 11)."""
    # The longest job-loss sanction (90 days, old rules) runs from the end of the job.
    return max(SERVICE_EARLIEST, registered_on - timedelta(days=OLD_RULES_JOB_LOSS_DAYS))


# Rule 10: following the plan protects the benefit.


@dataclass(frozen=True)
class BenefitEffect:
    """What the jobseeker's conduct means for the unemployment benefit."""

    protected: bool
    amount_reduced: bool
    reason: BenefitReason


def benefit_effect(obligation_met: bool, plan_followed: bool) -> BenefitEffect:
    """Effect on the benefit, which never depends on whether a job was found (rule 10)."""
    # No percentage cut of the amount exists in this model, unlike the activation model: only
    # the ladder of rule 7 can stop payment, and it never reaches someone who followed the plan.
    if obligation_met and plan_followed:
        return BenefitEffect(
            protected=True, amount_reduced=False, reason=BenefitReason.PLAN_FOLLOWED
        )
    return BenefitEffect(
        protected=False, amount_reduced=False, reason=BenefitReason.SANCTION_LADDER_APPLIES
    )
