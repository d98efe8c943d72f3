"""Employment-service customership of a jobseeker and everything recorded in it.

Only what happened is stored (bookings, outcomes, plan versions, reports, offers, neglects,
sanctions, the audit trail); the meeting schedule and the obligation periods are computed from
the rules each time, so they can never drift from them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow

CUSTOMER_FK = "service_customers.user_id"


class MeetingStatus(StrEnum):
    """Where a meeting stands: booked, or its recorded outcome."""

    SCHEDULED = "scheduled"
    HELD = "held"
    MISSED = "missed"


class Customer(Base):
    """A jobseeker registered as a customer of the employment service."""

    __tablename__ = "service_customers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    specialist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    registered_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Only for customers registered before the model start (rule 1).
    last_periodic_interview: Mapped[date | None]
    laid_off: Mapped[bool] = mapped_column(default=False, server_default=false())
    weighty_reason: Mapped[str | None] = mapped_column(String(20))
    part_time_work: Mapped[bool] = mapped_column(default=False, server_default=false())
    municipal_trial: Mapped[bool] = mapped_column(default=False, server_default=false())
    channel_preference: Mapped[str | None] = mapped_column(String(10))


class Meeting(Base):
    """A booked meeting or the outcome of one; the slot names its place in the schedule."""

    __tablename__ = "service_meetings"
    __table_args__ = (
        UniqueConstraint("customer_id", "period_label", "number", name="uq_service_meetings_slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey(CUSTOMER_FK, ondelete="CASCADE"), index=True
    )
    period_label: Mapped[str] = mapped_column(String(20))
    number: Mapped[int]
    meeting_date: Mapped[date]
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(10))
    organizer: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=MeetingStatus.SCHEDULED)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanVersion(Base):
    """One version of the employment plan with its monthly job-search obligation."""

    __tablename__ = "service_plans"
    __table_args__ = (CheckConstraint("required >= 0", name="required_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey(CUSTOMER_FK, ondelete="CASCADE"), index=True
    )
    made_on: Mapped[date]
    next_update_due: Mapped[date]
    required: Mapped[int]
    reason: Mapped[str | None] = mapped_column(Text)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobApplication(Base):
    """A job-search action the jobseeker reported."""

    __tablename__ = "service_job_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey(CUSTOMER_FK, ondelete="CASCADE"), index=True
    )
    employer: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200))
    applied_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    vacancy_id: Mapped[int | None] = mapped_column(
        ForeignKey("vacancies.id", ondelete="SET NULL"), index=True
    )
    # The specialist may judge that the job was not one the person could expect to get.
    realistic: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobOffer(Base):
    """A job offered by the office, with the binding decision taken when it was made."""

    __tablename__ = "service_job_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey(CUSTOMER_FK, ondelete="CASCADE"), index=True
    )
    made_on: Mapped[date]
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(300))
    binding: Mapped[bool]
    reason: Mapped[str] = mapped_column(String(30))
    # The counts the decision was based on, kept so the reason can be explained later.
    reported_before: Mapped[int]
    required: Mapped[int]
    offered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Neglect(Base):
    """A recorded neglect of a meeting or of one period's job-search obligation."""

    __tablename__ = "service_neglects"
    __table_args__ = (
        UniqueConstraint("customer_id", "period_start", name="uq_service_neglects_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey(CUSTOMER_FK, ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    conduct_on: Mapped[date]
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_meetings.id", ondelete="CASCADE"), unique=True
    )
    period_start: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SanctionRecord(Base):
    """A sanction: a ladder step derived from one neglect, the result of a job loss, or the
    refusal of one binding job offer."""

    __tablename__ = "service_sanctions"
    __table_args__ = (
        # A ladder step exists only together with the neglect it was derived from, and every
        # sanction has exactly one source.
        CheckConstraint(
            "(neglect_id IS NOT NULL AND step IS NOT NULL AND job_loss_reason IS NULL"
            " AND offer_id IS NULL)"
            " OR (neglect_id IS NULL AND step IS NULL AND job_loss_reason IS NOT NULL"
            " AND offer_id IS NULL)"
            " OR (neglect_id IS NULL AND step IS NULL AND job_loss_reason IS NULL"
            " AND offer_id IS NOT NULL)",
            name="source",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey(CUSTOMER_FK, ondelete="CASCADE"), index=True
    )
    neglect_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_neglects.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    conduct_on: Mapped[date]
    step: Mapped[int | None]
    days: Mapped[int | None]
    weeks: Mapped[int | None]
    rules: Mapped[str] = mapped_column(String(5))
    job_loss_reason: Mapped[str | None] = mapped_column(String(40))
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_job_offers.id", ondelete="CASCADE"), unique=True
    )
    job_max_days: Mapped[int | None]
    # Which neglect within the repeat window this was (the step stops at 4, this does not).
    neglect_number: Mapped[int | None]
    # The day the sanction was decided; it becomes final once the appeal time has run.
    decided_on: Mapped[date]
    notes: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Who changed what in whose customership, and when."""

    __tablename__ = "service_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    customer_id: Mapped[int] = mapped_column(
        ForeignKey(CUSTOMER_FK, ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
