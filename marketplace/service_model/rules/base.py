"""What every rule of the customer-service model shares: the source's figures, the codes,
the parameters for choices the source leaves open, and calendar arithmetic with Finnish
working days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

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
