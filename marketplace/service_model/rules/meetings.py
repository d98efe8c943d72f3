"""Rules 1-4: who is in the model, the initial interview and channels, the meeting schedule
and the employment plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from marketplace.service_model.rules.base import (
    CYCLE_MONTHS,
    DEFAULT_PARAMETERS,
    INTENSIVE_PERIOD_MEETINGS,
    INTERIM_OFFSET_MONTHS,
    LEGACY_JOIN_MONTHS,
    MEETING_INTERVAL_DAYS,
    MODEL_START,
    PLAN_UPDATE_INTERVAL_MONTHS,
    START_PERIOD_MEETINGS,
    Channel,
    MeetingKind,
    ModelParameters,
    Organizer,
    RuleInputError,
    SchedulePhase,
    WeightyReason,
    add_months,
    next_working_day,
)

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
