"""A profile as others see it: employers, specialists, and the owner previewing it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from marketplace.cv.service import open_profile
from marketplace.db import RecordId
from marketplace.deps import OptionalUser, SessionDep, verify_csrf
from marketplace.i18n import Translator
from marketplace.profiles import service
from marketplace.shortlists.pages import add_form_context
from marketplace.taxonomy.forms import language_levels
from marketplace.web import current_language, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


@router.get("/profiles/{profile_id}")
def view_profile(
    request: Request, profile_id: RecordId, user: OptionalUser, session: SessionDep
) -> Response:
    """A profile as the viewer may see it; anonymous ones show a reference, not a name."""
    opened = open_profile(session, user, profile_id)
    profile, identified = opened.profile, opened.identified
    lang = current_language(request)
    doc = service.to_document(profile, identified=identified)
    name = doc.full_name or Translator(lang)("profiles.candidate", reference=profile.reference)
    return render(
        request,
        "profiles/view.html",
        doc=doc,
        display_name=name,
        identified=identified,
        own=user is not None and user.id == profile.user_id,
        **add_form_context(session, user),
        level_labels=dict(language_levels(lang)),
    )
