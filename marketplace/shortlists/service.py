"""Shortlists: an organisation's chosen candidates per vacancy.

Only the vacancy's own organisation reaches its shortlist (others get 403, or 404 when the
vacancy is not listed). Only profiles the employer may view can be added, so hidden ones are a
404; a profile hidden later stays stored but is never shown or counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.profiles import service as profiles
from marketplace.profiles.models import Profile
from marketplace.shortlists import repository
from marketplace.shortlists.models import ShortlistEntry
from marketplace.shortlists.schemas import (
    CandidateCard,
    ShortlistEntryOut,
    ShortlistOut,
)
from marketplace.vacancies import repository as vacancy_repository
from marketplace.vacancies import service as vacancies
from marketplace.vacancies.models import Vacancy


@dataclass(frozen=True)
class Shortlist:
    """A vacancy with its visible entries."""

    vacancy: Vacancy
    entries: list[tuple[ShortlistEntry, Profile]]

    @property
    def profile_ids(self) -> list[int]:
        """Ids of the shortlisted candidates shown, in list order."""
        return [profile.id for _, profile in self.entries]


def candidate_card(session: Session, viewer: User, profile: Profile) -> CandidateCard:
    """A candidate for an employer's lists: the reference always, the name only if visible."""
    named = profiles.identity_visible(session, viewer, profile)
    return CandidateCard(
        profile_id=profile.id,
        reference=profile.reference,
        name=profile.user.full_name if named else None,
        headline=profile.headline,
        municipality=profile.municipality_code,
    )


def get(session: Session, user: User, vacancy_id: int) -> Shortlist:
    """The shortlist of a vacancy of the user's organisation."""
    vacancy = vacancies.editable(session, user, vacancy_id)
    return Shortlist(vacancy, repository.visible_entries(session, vacancy.id))


def add(
    session: Session, user: User, vacancy_id: int, profile_id: int, note: str
) -> tuple[ShortlistEntry, Profile, bool]:
    """Shortlist a viewable candidate, or update the note; True when newly added."""
    vacancy = vacancies.editable(session, user, vacancy_id)
    profile = profiles.viewable(session, user, profile_id)
    entry = repository.get(session, vacancy.id, profile.id)
    if entry is not None:
        entry.note = note.strip()
        entry.updated_at = utcnow()
        session.flush()
        return entry, profile, False
    entry = ShortlistEntry(
        vacancy_id=vacancy.id, profile_id=profile.id, added_by_id=user.id, note=note.strip()
    )
    return repository.add(session, entry), profile, True


def remove(session: Session, user: User, vacancy_id: int, profile_id: int) -> None:
    """Take a candidate off the shortlist; removing one that is not there is not an error."""
    vacancy = vacancies.editable(session, user, vacancy_id)
    repository.remove(session, vacancy.id, profile_id)


def vacancies_for_adding(session: Session, user: User) -> list[Vacancy]:
    """The vacancies of the user's organisation, offered by the "add to shortlist" form."""
    if user.organization_id is None:
        return []
    return vacancy_repository.for_organization(session, user.organization_id)


def shortlisted_on(
    session: Session, vacancies: list[Vacancy], profile_ids: list[int]
) -> dict[int, list[Vacancy]]:
    """Profile id -> which of the given vacancies (an organisation's own) have it shortlisted."""
    by_id = {vacancy.id: vacancy for vacancy in vacancies}
    found = repository.vacancies_by_profile(session, list(by_id), profile_ids)
    return {pid: [by_id[vid] for vid in by_id if vid in ids] for pid, ids in found.items()}


def entry_out(
    session: Session, viewer: User, entry: ShortlistEntry, profile: Profile
) -> ShortlistEntryOut:
    """API shape of one entry."""
    return ShortlistEntryOut(
        candidate=candidate_card(session, viewer, profile),
        note=entry.note,
        added_at=entry.created_at,
        updated_at=entry.updated_at,
    )


def to_out(session: Session, viewer: User, shortlist: Shortlist) -> ShortlistOut:
    """API shape of a shortlist."""
    return ShortlistOut(
        vacancy_id=shortlist.vacancy.id,
        vacancy_title=shortlist.vacancy.title,
        entries=[entry_out(session, viewer, e, p) for e, p in shortlist.entries],
    )
