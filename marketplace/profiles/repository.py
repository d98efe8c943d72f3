"""Queries on profiles."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.profiles.models import Profile
from marketplace.service_model.models import Customer
from marketplace.taxonomy.vocab import Visibility


def get(session: Session, profile_id: int) -> Profile | None:
    return session.get(Profile, profile_id)


def get_by_user(session: Session, user_id: int, *, lock: bool = False) -> Profile | None:
    """The user's profile; `lock` keeps other writers of its row waiting until the transaction
    ends. PostgreSQL only: SQLite has no row locks, and taking its database-wide write lock
    this early would stall the request's own vector-cache writes."""
    query = select(Profile).where(Profile.user_id == user_id)
    return session.scalar(query.with_for_update(of=Profile) if lock else query)


def get_many(session: Session, ids: Sequence[int]) -> dict[int, Profile]:
    """Profiles by id, in one query."""
    if not ids:
        return {}
    rows = session.scalars(select(Profile).where(Profile.id.in_(list(ids))))
    return {p.id: p for p in rows}


def searchable_ids(session: Session) -> list[int]:
    """Ids of every public or anonymous profile (what the search index must hold)."""
    query = select(Profile.id).where(
        Profile.visibility.in_([Visibility.PUBLIC, Visibility.ANONYMOUS])
    )
    return list(session.scalars(query.order_by(Profile.id)))


def count_by_visibility(session: Session) -> dict[str, int]:
    rows = session.execute(select(Profile.visibility, func.count()).group_by(Profile.visibility))
    return {v: n for v, n in rows}


def add(session: Session, profile: Profile) -> Profile:
    session.add(profile)
    session.flush()
    return profile


def specialist_of(session: Session, user_id: int) -> int | None:
    """Id of the employment-service specialist responsible for the jobseeker, if any (the
    customership's foreign key; the profile's access rules need only that)."""
    return session.scalar(select(Customer.specialist_id).where(Customer.user_id == user_id))
