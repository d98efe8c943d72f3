"""API shapes of the customer-service model: what clients send and what they get back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from marketplace.db import ID_MAX
from marketplace.service_model.rules import (
    ApplicationKind,
    Channel,
    JobLossReason,
    NeglectKind,
    Organizer,
    WeightyReason,
)

NOTES_MAX = 2000
# Far above any realistic monthly obligation; stops absurd numbers before they reach the plan.
OBLIGATION_MAX = 50


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RegistrationIn(_In):
    """Registering as a customer; earlier customers also give their last periodic interview."""

    registered_on: date | None = None
    laid_off: bool = False
    weighty_reason: WeightyReason | None = None
    last_periodic_interview: date | None = None
    part_time_work: bool = False
    channel_preference: Channel | None = None


class JobApplicationIn(_In):
    """A reported job-search action; employer and title may come from a linked vacancy."""

    employer: str = Field(default="", max_length=200)
    job_title: str = Field(default="", max_length=200)
    applied_on: date
    kind: ApplicationKind
    vacancy_id: int | None = Field(default=None, ge=1, le=ID_MAX)


class PreferenceIn(_In):
    """The jobseeker's wish for how meetings are held; null withdraws it."""

    channel: Channel | None


class MeetingOutcomeIn(_In):
    """Outcome of a meeting whose day has come."""

    status: Literal["held", "missed"]
    notes: str = Field(default="", max_length=NOTES_MAX)
    organizer: Organizer | None = None
    channel: Channel | None = None


class PlanIn(_In):
    """A plan update with its monthly obligation; a number other than 4 needs a reason."""

    required: int = Field(le=OBLIGATION_MAX)
    reason: str | None = Field(default=None, max_length=NOTES_MAX)


class JobOfferIn(_In):
    """A job offered to the customer: a marketplace vacancy or a described job."""

    made_on: date | None = None
    vacancy_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    description: str = Field(default="", max_length=300)


class NeglectIn(_In):
    """A neglect of a missed meeting (by its key) or of a finished period (by its start)."""

    kind: NeglectKind
    meeting_key: str | None = Field(default=None, max_length=40)
    period_start: date | None = None
    notes: str = Field(default="", max_length=NOTES_MAX)


class JobLossIn(_In):
    """A job the customer left or lost by their own action."""

    event_on: date
    reason: JobLossReason
    job_max_days: int | None = Field(default=None, le=100000)
    notes: str = Field(default="", max_length=NOTES_MAX)


class JobRefusalIn(_In):
    """The customer refused a binding job offer; `job_max_days` is how long the job would have
    lasted (empty: longer than five days or open-ended)."""

    refused_on: date
    job_max_days: int | None = Field(default=None, le=100000)
    notes: str = Field(default="", max_length=NOTES_MAX)


class SituationIn(_In):
    """Facts about the customer that the rules depend on."""

    part_time_work: bool | None = None
    municipal_trial: bool | None = None


class RealisticIn(_In):
    """The specialist's judgement whether a reported job was realistic for the customer."""

    realistic: bool


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class MeetingOut(_Out):
    key: str
    date: date
    kind: str
    phase: str
    period_label: str
    number: int
    channel: str
    organizer: str
    status: str
    notes: str
    awaiting_outcome: bool
    neglect_recorded: bool


class ApplicationOut(_Out):
    id: int
    employer: str
    job_title: str
    applied_on: date
    kind: str
    vacancy_id: int | None
    realistic: bool
    counts: bool


class PeriodOut(_Out):
    start: date
    end: date
    required: int
    reported: int
    met: bool
    finished: bool
    neglect_recorded: bool


class PlanVersionOut(_Out):
    made_on: date
    next_update_due: date
    required: int
    reason: str | None


class SanctionOut(_Out):
    id: int
    kind: str
    conduct_on: date
    step: int | None
    days: int | None
    weeks: int | None
    rules: str
    neglect_kind: str | None
    neglect_number: int | None
    job_loss_reason: str | None
    offer_id: int | None
    decided_on: date
    final: bool
    explanation: str


class NeglectOut(_Out):
    id: int
    kind: str
    conduct_on: date
    meeting_key: str | None
    period_start: date | None
    notes: str
    sanction: SanctionOut


class NeglectRecordedOut(NeglectOut):
    """A newly recorded neglect with the later sanctions it changed (rule 7)."""

    recomputed: list[SanctionOut]


class OfferOut(_Out):
    id: int
    made_on: date
    vacancy_id: int | None
    description: str
    binding: bool
    reason: str
    reported_before: int
    required: int
    explanation: str
    refusal_sanction_id: int | None


class BenefitOut(_Out):
    protected: bool
    amount_reduced: bool
    reason: str
    statement: str


class FlagsOut(_Out):
    obligation_unmet: bool
    meeting_missed: bool
    plan_update_due: bool
    outcomes_missing: int


class PlanOut(_Out):
    """The jobseeker's plan as both the jobseeker and their specialist see it."""

    registered_on: date
    joined_model_on: date
    earlier_customer: bool
    channel_preference: str | None
    part_time_work: bool
    meetings: list[MeetingOut]
    obligation: PeriodOut
    periods: list[PeriodOut]
    plan_updates: list[PlanVersionOut]
    next_plan_update: date
    offers_binding_from: date
    sanctions: list[SanctionOut]
    benefit: BenefitOut


class CaseloadRowOut(_Out):
    user_id: int
    full_name: str
    email: str
    registered_on: date
    next_meeting: MeetingOut | None
    obligation: PeriodOut
    flags: FlagsOut


class AuditOut(_Out):
    at: datetime
    actor_id: int | None
    action: str
    details: dict[str, Any]


class CustomerOut(_Out):
    """A customer's whole record for their specialist."""

    user_id: int
    full_name: str
    email: str
    municipal_trial: bool
    flags: FlagsOut
    plan: PlanOut
    applications: list[ApplicationOut]
    offers: list[OfferOut]
    neglects: list[NeglectOut]
    audit: list[AuditOut]
