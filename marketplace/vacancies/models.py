"""Job vacancies posted by employer organisations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.db import Base, utcnow
from marketplace.employers.models import Organization


class VacancyStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


class Vacancy(Base):
    """A job vacancy; listed while published and before its application deadline."""

    __tablename__ = "vacancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    occupation_code: Mapped[str | None] = mapped_column(String(20), index=True)
    required_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    municipality_code: Mapped[str | None] = mapped_column(String(3), index=True)
    employment_type: Mapped[str] = mapped_column(String(20))
    working_time: Mapped[str] = mapped_column(String(20))
    remote: Mapped[str] = mapped_column(String(10), default="onsite")
    start_date: Mapped[date | None]
    deadline: Mapped[date | None] = mapped_column(index=True)
    salary_text: Mapped[str] = mapped_column(String(200), default="")
    how_to_apply: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    licences: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default=VacancyStatus.DRAFT, index=True)
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(lazy="joined")

    def is_listed(self, today: date) -> bool:
        """Published and the deadline has not passed."""
        return self.status == VacancyStatus.PUBLISHED and (
            self.deadline is None or self.deadline >= today
        )
