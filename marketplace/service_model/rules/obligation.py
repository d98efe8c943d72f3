"""Rules 5, 6 and 10: the monthly job-search obligation, whether a job offer binds, and what
following the plan means for the benefit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from marketplace.service_model.rules.base import (
    DEFAULT_MONTHLY_APPLICATIONS,
    DEFAULT_PARAMETERS,
    DEFAULT_PLAN_MONTHS,
    OFFERS_BINDING_AFTER_MONTHS,
    ApplicationKind,
    BenefitReason,
    BindingReason,
    ModelParameters,
    RuleInputError,
    add_months,
)

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
