"""Plain-language explanations of sanctions, job-offer decisions and the benefit (rule 10),
shared by the JSON API and the pages so both say the same thing."""

from __future__ import annotations

from datetime import date

from marketplace.i18n import Translator
from marketplace.service_model.models import JobOffer, Neglect, SanctionRecord
from marketplace.service_model.plan import PlanState
from marketplace.service_model.rules import (
    BenefitEffect,
    BindingReason,
    NeglectKind,
    RuleSet,
    SanctionKind,
)
from marketplace.templating import format_date

PREFIX = "service_model"


def _date(t: Translator, value: date | None) -> str:
    return format_date(value, t.lang)


def neglect_text(neglect: Neglect, t: Translator) -> str:
    """What was neglected, e.g. the meeting of 3.3.2026 or the period 1.2.-28.2.2026."""
    if neglect.kind == NeglectKind.MEETING:
        return t(f"{PREFIX}.neglect.meeting", date=_date(t, neglect.conduct_on))
    return t(
        f"{PREFIX}.neglect.job_search_obligation",
        start=_date(t, neglect.period_start),
        end=_date(t, neglect.conduct_on),
    )


def sanction_text(
    sanction: SanctionRecord,
    neglect: Neglect | None,
    t: Translator,
    *,
    offer: JobOffer | None = None,
) -> str:
    """The sanction, its cause and what it means for the benefit, in plain language."""
    if sanction.offer_id is not None:
        return t(
            f"{PREFIX}.sanction.job_refusal",
            days=sanction.days,
            date=_date(t, sanction.conduct_on),
            job=offer.description if offer is not None else "",
        )
    if sanction.job_loss_reason is not None:
        text = t(
            f"{PREFIX}.sanction.job_loss",
            days=sanction.days,
            date=_date(t, sanction.conduct_on),
            reason=t(f"{PREFIX}.job_loss_reason.{sanction.job_loss_reason}"),
        )
        if sanction.rules == RuleSet.OLD:
            text += " " + t(f"{PREFIX}.sanction.old_rules")
        return text
    cause = neglect_text(neglect, t) if neglect is not None else ""
    # The number keeps counting past the ladder's last step: a fifth neglect says fifth.
    number = sanction.neglect_number or sanction.step
    if sanction.kind == SanctionKind.REMINDER:
        return t(f"{PREFIX}.sanction.reminder", cause=cause)
    if sanction.kind == SanctionKind.WAITING_PERIOD:
        return t(
            f"{PREFIX}.sanction.waiting_period", cause=cause, days=sanction.days, number=number
        )
    return t(
        f"{PREFIX}.sanction.work_requirement", cause=cause, weeks=sanction.weeks, number=number
    )


def explained(state: PlanState, sanction: SanctionRecord, t: Translator) -> str:
    """`sanction_text` with the neglect or offer the sanction came from looked up in the plan."""
    return sanction_text(sanction, state.neglect_of(sanction), t, offer=state.offer_of(sanction))


def offer_text(offer: JobOffer, binding_from: date, t: Translator) -> str:
    """Whether the offer binds and why."""
    reason = BindingReason(offer.reason)
    return t(
        f"{PREFIX}.offer_reason.{reason}",
        date=_date(t, binding_from),
        reported=offer.reported_before,
        required=offer.required,
    )


def benefit_statement(t: Translator) -> str:
    """Rule 10 stated plainly: following the plan never reduces the benefit."""
    return t(f"{PREFIX}.benefit.statement")


def benefit_status(effect: BenefitEffect, t: Translator) -> str:
    """Where the jobseeker stands now with respect to rule 10."""
    return t(f"{PREFIX}.benefit.{effect.reason}")
