"""Queries on the CV access log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.cv.models import CvAccessLog


def add_all(session: Session, entries: Sequence[CvAccessLog]) -> None:
    """Store log entries; the request scope commits them."""
    session.add_all(entries)
    session.flush()


def for_profile(
    session: Session, profile_id: int, *, limit: int = 100, offset: int = 0
) -> list[CvAccessLog]:
    """Log entries of one profile, newest first."""
    query = (
        select(CvAccessLog)
        .where(CvAccessLog.profile_id == profile_id)
        .order_by(CvAccessLog.created_at.desc(), CvAccessLog.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))
