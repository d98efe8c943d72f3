"""Employment-service customership of a jobseeker (the caseload link to a specialist)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow


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
