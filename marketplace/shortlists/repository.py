"""Queries on shortlist entries."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from marketplace.profiles.models import Profile
from marketplace.shortlists.models import ShortlistEntry
from marketplace.taxonomy.vocab import Visibility


def get(session: Session, vacancy_id: int, profile_id: int) -> ShortlistEntry | None:
    query = select(ShortlistEntry).where(
        ShortlistEntry.vacancy_id == vacancy_id, ShortlistEntry.profile_id == profile_id
    )
    return session.scalar(query)


def add(session: Session, entry: ShortlistEntry) -> ShortlistEntry:
    session.add(entry)
    session.flush()
    return entry


def visible_entries(session: Session, vacancy_id: int) -> list[tuple[ShortlistEntry, Profile]]:
    """Entries of a vacancy whose profiles are still searchable, oldest first."""
    query = (
        select(ShortlistEntry, Profile)
        .join(Profile, Profile.id == ShortlistEntry.profile_id)
        .where(
            ShortlistEntry.vacancy_id == vacancy_id,
            Profile.visibility.in_([Visibility.PUBLIC, Visibility.ANONYMOUS]),
        )
        .order_by(ShortlistEntry.created_at, ShortlistEntry.id)
    )
    return [(entry, profile) for entry, profile in session.execute(query)]


def remove(session: Session, vacancy_id: int, profile_id: int) -> None:
    session.execute(
        delete(ShortlistEntry).where(
            ShortlistEntry.vacancy_id == vacancy_id, ShortlistEntry.profile_id == profile_id
        )
    )
    session.flush()


def vacancies_by_profile(
    session: Session, vacancy_ids: list[int], profile_ids: list[int]
) -> dict[int, list[int]]:
    """Profile id -> the ones of `vacancy_ids` on whose shortlists it is."""
    if not vacancy_ids or not profile_ids:
        return {}
    query = select(ShortlistEntry.profile_id, ShortlistEntry.vacancy_id).where(
        ShortlistEntry.vacancy_id.in_(vacancy_ids), ShortlistEntry.profile_id.in_(profile_ids)
    )
    found: dict[int, list[int]] = {}
    for profile_id, vacancy_id in session.execute(query):
        found.setdefault(profile_id, []).append(vacancy_id)
    return found
