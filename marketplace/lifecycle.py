"""An account's end, orchestrated above the domains: each domain forgets its own part.

Deleting an account removes its rows (the database cascades from the user), sends its profile
out of the search index through the outbox, drops the cached vector of its profile text and
the rendered CV PDFs held in memory, and has the SQLite files overwrite the freed pages, so
no text of the account survives in the files either (see `marketplace.db`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.accounts import service as accounts
from marketplace.accounts.models import User
from marketplace.container import Services
from marketplace.cv import render
from marketplace.db import checkpoint_after_commit
from marketplace.indexing.documents import profile_vector_text
from marketplace.indexing.service import forget_vector
from marketplace.profiles import repository as profiles
from marketplace.profiles import service as profile_service


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
