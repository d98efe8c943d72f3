"""Profile JSON API."""

from __future__ import annotations

from fastapi import APIRouter

from marketplace.cv.service import open_profile
from marketplace.db import RecordId
from marketplace.deps import CurrentUser, JobseekerUser, SessionDep
from marketplace.profiles import service
from marketplace.profiles.schemas import ProfileDocument

router = APIRouter(prefix="/api/v1", tags=["profiles"])


@router.get("/me/profile")
def get_my_profile(user: JobseekerUser, session: SessionDep) -> ProfileDocument:
    """The signed-in jobseeker's whole profile."""
    return service.to_document(service.get_own(session, user), identified=True)


@router.put("/me/profile")
def put_my_profile(
    doc: ProfileDocument, user: JobseekerUser, session: SessionDep
) -> ProfileDocument:
    """Replace the profile with the document (the same shape GET returns)."""
    profile = service.replace(session, service.get_own(session, user), doc)
    return service.to_document(profile, identified=True)


@router.get("/profiles/{profile_id}")
def get_profile(profile_id: RecordId, user: CurrentUser, session: SessionDep) -> ProfileDocument:
    """A profile as the viewer may see it: anonymous ones without identity. The view is
    logged for the owner, as on the profile page."""
    opened = open_profile(session, user, profile_id)
    return service.to_document(opened.profile, identified=opened.identified)
