"""Jobseeker profiles with work history, education and languages."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.db import Base, utcnow
from marketplace.taxonomy.vocab import Visibility


class Profile(Base):
    """A jobseeker's profile; one per jobseeker account."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    visibility: Mapped[str] = mapped_column(String(10), default=Visibility.HIDDEN, index=True)
    headline: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    municipality_code: Mapped[str | None] = mapped_column(String(3))
    skill_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    wish_occupations: Mapped[list[str]] = mapped_column(JSON, default=list)
    wish_municipalities: Mapped[list[str]] = mapped_column(JSON, default=list)
    wish_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    wish_employment_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    wish_working_times: Mapped[list[str]] = mapped_column(JSON, default=list)
    wish_remote: Mapped[bool] = mapped_column(Boolean, default=False)
    available_from: Mapped[date | None]
    # Incremented on every change: PDF caches and search documents key on it.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
    work: Mapped[list[WorkExperience]] = relationship(
        cascade="all, delete-orphan", order_by="WorkExperience.position", lazy="selectin"
    )
    education: Mapped[list[Education]] = relationship(
        cascade="all, delete-orphan", order_by="Education.position", lazy="selectin"
    )
    languages: Mapped[list[ProfileLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ProfileLanguage.position", lazy="selectin"
    )

    @property
    def searchable(self) -> bool:
        """Public and anonymous profiles are searchable; hidden ones never are."""
        return self.visibility in (Visibility.PUBLIC, Visibility.ANONYMOUS)

    @property
    def reference(self) -> str:
        """Candidate reference shown instead of a name on anonymous profiles."""
        return candidate_reference(self.id)


def candidate_reference(profile_id: int) -> str:
    """The reference of a candidate, shown instead of a name on anonymous profiles."""
    return f"K-{profile_id:06d}"


class WorkExperience(Base):
    __tablename__ = "work_experiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    occupation_code: Mapped[str | None] = mapped_column(String(20))
    employer: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    description: Mapped[str] = mapped_column(Text, default="")


class Education(Base):
    __tablename__ = "educations"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    institution: Mapped[str] = mapped_column(String(200), default="")
    start_year: Mapped[int | None]
    end_year: Mapped[int | None]


class ProfileLanguage(Base):
    __tablename__ = "profile_languages"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(3))
    level: Mapped[str] = mapped_column(String(10))
