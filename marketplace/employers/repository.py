"""Queries on organisations."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.employers.models import Organization


def get(session: Session, organization_id: int) -> Organization | None:
    return session.get(Organization, organization_id)


def get_by_business_id(session: Session, business_id: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.business_id == business_id))


def member_count(session: Session, organization_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(User).where(User.organization_id == organization_id)
        )
        or 0
    )
