"""The CV access log: who opened which CV, when, and in which format."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow


class CvFormat(StrEnum):
    PDF = "pdf"
    PRINT = "print"
    ZIP = "zip"
    PROFILE_VIEW = "profile_view"


class CvAccessLog(Base):
    """One view or download of a CV by someone other than its owner."""

    __tablename__ = "cv_access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    # The viewer's account may be deleted later; the snapshots below keep the entry readable.
    viewer_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    organization_name: Mapped[str] = mapped_column(String(200), default="")
    viewer_name: Mapped[str] = mapped_column(String(200), default="")
    format: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
