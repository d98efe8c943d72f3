"""Jobseeker profiles: building, visibility and who may see what."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.db import utcnow
from marketplace.errors import NotFound, ValidationFailed
from marketplace.indexing import outbox
from marketplace.profiles import repository
from marketplace.profiles.models import Education, Profile, ProfileLanguage, WorkExperience
from marketplace.profiles.schemas import (
    ContactDetails,
    EducationItem,
    JobWishes,
    LanguageItem,
    ProfileDocument,
    WorkItem,
)
from marketplace.taxonomy.service import get_taxonomy, require_codes
from marketplace.taxonomy.vocab import ConceptKind, EmploymentType, Visibility, WorkingTime


def get_own(session: Session, user: User) -> Profile:
    """The jobseeker's profile, created hidden on first use.

    Its row is locked for the request: two saves of one profile at once (two browser tabs)
    run one after the other instead of both replacing the work, education and language rows.
    """
    profile = repository.get_by_user(session, user.id, lock=True)
    if profile is None:
        try:
            with session.begin_nested():
                profile = repository.add(
                    session, Profile(user_id=user.id, contact_email=user.email)
                )
        except IntegrityError:
            # Another request created it first (one row per user): use that one.
            profile = repository.get_by_user(session, user.id, lock=True)
            if profile is None:
                raise
    return profile


def _validate_codes(doc: ProfileDocument) -> None:
    wishes = doc.wishes
    checks = [
        (ConceptKind.SKILL, doc.skills, "skills"),
        (ConceptKind.LICENCE, doc.licences, "licences"),
        (ConceptKind.LANGUAGE, [lang.code for lang in doc.languages], "languages"),
        (ConceptKind.MUNICIPALITY, [doc.municipality] if doc.municipality else [], "municipality"),
        (ConceptKind.OCCUPATION, wishes.occupations, "wishes.occupations"),
        (ConceptKind.MUNICIPALITY, wishes.municipalities, "wishes.municipalities"),
        (ConceptKind.REGION, wishes.regions, "wishes.regions"),
    ]
    for index, item in enumerate(doc.work):
        if item.occupation_code:
            checks.append(
                (ConceptKind.OCCUPATION, [item.occupation_code], f"work.{index}.occupation_code")
            )
    for kind, codes, field in checks:
        require_codes(kind, codes, field)
    seen = [lang.code for lang in doc.languages]
    if len(seen) != len(set(seen)):
        raise ValidationFailed("Each language may be listed once", field="languages")


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def touch(session: Session, profile: Profile) -> None:
    """Mark the profile changed: new version for caches, outbox row for the search index."""
    profile.version += 1
    profile.updated_at = utcnow()
    outbox.record(session, "profiles", profile.id)
    session.flush()


def replace(session: Session, profile: Profile, doc: ProfileDocument) -> Profile:
    """Replace the whole profile with the document (PUT semantics); all or nothing."""
    _validate_codes(doc)
    fill(profile, doc)
    touch(session, profile)
    return profile


def fill(profile: Profile, doc: ProfileDocument) -> None:
    """Set every field of the profile from the document; no checks, no session (a transient
    profile built this way composes the same texts as a stored one)."""
    profile.visibility = doc.visibility
    profile.headline = doc.headline
    profile.summary = doc.summary
    profile.municipality_code = doc.municipality
    profile.phone = doc.contact.phone
    profile.contact_email = str(doc.contact.email or "")
    profile.address = doc.contact.address
    profile.skill_codes = _unique(doc.skills)
    profile.keywords = _unique(doc.keywords)
    profile.licence_codes = _unique(doc.licences)
    wishes = doc.wishes
    profile.wish_occupations = _unique(wishes.occupations)
    profile.wish_municipalities = _unique(wishes.municipalities)
    profile.wish_regions = _unique(wishes.regions)
    profile.wish_employment_types = _unique([str(v) for v in wishes.employment_types])
    profile.wish_working_times = _unique([str(v) for v in wishes.working_times])
    profile.wish_remote = wishes.remote
    profile.available_from = wishes.available_from
    profile.work = [
        WorkExperience(position=i, **item.model_dump()) for i, item in enumerate(doc.work)
    ]
    profile.education = [
        Education(position=i, **item.model_dump()) for i, item in enumerate(doc.education)
    ]
    profile.languages = [
        ProfileLanguage(position=i, code=item.code, level=str(item.level))
        for i, item in enumerate(doc.languages)
    ]


def set_visibility(session: Session, profile: Profile, visibility: Visibility) -> Profile:
    """Publish, anonymise or hide the profile."""
    profile.visibility = visibility
    touch(session, profile)
    return profile


ItemT = TypeVar("ItemT", WorkItem, EducationItem)


def _without_names(item: ItemT, field: str, identified: bool) -> ItemT:
    """An anonymous profile names no employer and no school: together with dates they tell
    who the person is. Titles, years and descriptions stay."""
    return item if identified else item.model_copy(update={field: ""})


def to_document(profile: Profile, *, identified: bool) -> ProfileDocument:
    """The profile as the API shows it; without identity unless `identified`."""
    contact = ContactDetails(
        phone=profile.phone, email=profile.contact_email or None, address=profile.address
    )
    return ProfileDocument(
        id=profile.id,
        visibility=Visibility(profile.visibility),
        headline=profile.headline,
        summary=profile.summary,
        municipality=profile.municipality_code,
        contact=contact if identified else ContactDetails(),
        skills=profile.skill_codes,
        keywords=profile.keywords,
        work=[
            _without_names(WorkItem.model_validate(w), "employer", identified) for w in profile.work
        ],
        education=[
            _without_names(EducationItem.model_validate(e), "institution", identified)
            for e in profile.education
        ],
        languages=[LanguageItem.model_validate(lang) for lang in profile.languages],
        licences=profile.licence_codes,
        wishes=JobWishes(
            occupations=profile.wish_occupations,
            municipalities=profile.wish_municipalities,
            regions=profile.wish_regions,
            employment_types=[EmploymentType(v) for v in profile.wish_employment_types],
            working_times=[WorkingTime(v) for v in profile.wish_working_times],
            remote=profile.wish_remote,
            available_from=profile.available_from,
        ),
        full_name=profile.user.full_name if identified else None,
        reference=profile.reference,
        version=profile.version,
        updated_at=profile.updated_at,
    )


def is_specialist_of(session: Session, viewer: User, profile: Profile) -> bool:
    """Whether the viewer is the profile owner's employment-service specialist."""
    if viewer.role != Role.SPECIALIST:
        return False
    return repository.specialist_of(session, profile.user_id) == viewer.id


def identity_visible(session: Session, viewer: User, profile: Profile) -> bool:
    """Owner and their specialist always see identity; others only on public profiles."""
    if viewer.id == profile.user_id or is_specialist_of(session, viewer, profile):
        return True
    return profile.visibility == Visibility.PUBLIC


def viewable(session: Session, viewer: User | None, profile_id: int) -> Profile:
    """A profile the viewer may open; hidden ones are 404 to all but owner and specialist."""
    profile = repository.get(session, profile_id)
    if profile is None or viewer is None:
        raise NotFound("Profile not found")
    if viewer.id == profile.user_id or is_specialist_of(session, viewer, profile):
        return profile
    if not profile.searchable or viewer.role not in (Role.EMPLOYER, Role.SPECIALIST, Role.ADMIN):
        raise NotFound("Profile not found")
    return profile


def forget_owner(session: Session, user: User) -> None:
    """Before an account is deleted: make sure its profile leaves the search index."""
    profile = repository.get_by_user(session, user.id)
    if profile is not None:
        outbox.record(session, "profiles", profile.id)


def skill_labels(profile: Profile, lang: str) -> list[str]:
    """Labels of the profile's taxonomy skills in a UI language."""
    taxonomy = get_taxonomy()
    return [taxonomy.label(ConceptKind.SKILL, code, lang) for code in profile.skill_codes]


def export_profile(session: Session, user: User) -> dict[str, object] | None:
    """The whole profile with its identity, for the owner's data export."""
    profile = repository.get_by_user(session, user.id)
    if profile is None:
        return None
    return to_document(profile, identified=True).model_dump(mode="json")
