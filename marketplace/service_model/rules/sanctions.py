"""Rules 7-9 and 11: the neglect ladder, leaving, losing or refusing a job, the transition
to the new rules, and the plausible bounds of dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from marketplace.service_model.rules.base import (
    DEFAULT_PARAMETERS,
    JOB_LOSS_DAYS,
    MODEL_START,
    OLD_RULES_JOB_LOSS_DAYS,
    SERVICE_EARLIEST,
    SHORT_JOB_LOSS_DAYS,
    SHORT_JOB_MAX_DAYS,
    WAITING_PERIOD_SECOND_NEGLECT_DAYS,
    WAITING_PERIOD_THIRD_NEGLECT_DAYS,
    WORK_REQUIREMENT_STEP,
    WORK_REQUIREMENT_WEEKS,
    AfterWorkRequirement,
    JobLossReason,
    ModelParameters,
    NeglectKind,
    RuleInputError,
    RuleSet,
    SanctionKind,
    add_months,
)
from marketplace.service_model.rules.obligation import (
    BindingDecision,
)

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
