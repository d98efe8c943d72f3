"""User accounts and roles."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.db import Base, utcnow
from marketplace.employers.models import Organization


class Role(StrEnum):
    JOBSEEKER = "jobseeker"
    EMPLOYER = "employer"
    SPECIALIST = "specialist"
    ADMIN = "admin"


class User(Base):
    """A person who signs in; employers belong to one organisation."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(2), default="fi")
    # Bumped on password change or logout-everywhere; signed tokens carry it.
    token_version: Mapped[int] = mapped_column(default=1)
    # Random per account and bound into every token and cookie: an id can come back after a
    # deletion (SQLite reuses the highest rowid), this key never does.
    session_key: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_hex(16)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization | None] = relationship(lazy="joined")

    @property
    def is_employer(self) -> bool:
        return self.role == Role.EMPLOYER

    @property
    def is_jobseeker(self) -> bool:
        return self.role == Role.JOBSEEKER

    @property
    def is_specialist(self) -> bool:
        return self.role in (Role.SPECIALIST, Role.ADMIN)


class SignIn(Base):
    """One signed-in browser session; the cookie names it, and signing out deletes it, so an
    old cookie opens nothing once its session has ended."""

    __tablename__ = "sign_ins"

    id: Mapped[str] = mapped_column(
        String(64), primary_key=True, default=lambda: secrets.token_urlsafe(32)
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
