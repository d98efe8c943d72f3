"""An account's data and its end, orchestrated above the domains: each domain exports and
forgets its own part, called here one by one.

Deleting an account removes its rows (the database cascades from the user), sends its profile
out of the search index through the outbox, drops the cached vector of its profile text and
the rendered CV PDFs held in memory, and has the SQLite files overwrite the freed pages, so
no text of the account survives in the files either (see `marketplace.db`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts import service as accounts
from marketplace.accounts.models import User
from marketplace.container import Services
from marketplace.cv import render
from marketplace.cv import service as cv
from marketplace.db import checkpoint_after_commit
from marketplace.employers import service as employers
from marketplace.indexing.documents import profile_vector_text
from marketplace.indexing.service import forget_vector
from marketplace.messaging import service as messaging
from marketplace.profiles import repository as profiles
from marketplace.profiles import service as profile_service
from marketplace.saved_searches import service as saved_searches
from marketplace.service_model import service as service_model


def export_user(session: Session, user: User) -> dict[str, Any]:
    """Everything the service holds about the user, one section per domain (GDPR access and
    portability); sections are in name order."""
    return {
        "account": accounts.export_account(session, user),
        "cv_views": cv.export_cv_views(session, user),
        "messages": messaging.export_messages(session, user),
        "organization": employers.export_organization(session, user),
        "profile": profile_service.export_profile(session, user),
        "saved_searches": saved_searches.export_saved_searches(session, user),
        "service_model": service_model.export_customership(session, user),
    }


def erase_account(session: Session, services: Services, user: User) -> None:
    """Delete the user and everything of theirs, everywhere the service keeps a copy."""
    profile = profiles.get_by_user(session, user.id)
    if profile is not None:
        text = profile_vector_text(profile, services.taxonomy)
        forget_vector(session, services.encoder().model_id, text)
    profile_service.forget_owner(session, user)
    accounts.delete_account(session, user)
    # Rendered PDFs are keyed by their content, not by person: all of them go.
    render.CACHE.clear()
    checkpoint_after_commit(session)
