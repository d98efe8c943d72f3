"""The one place where real implementations are wired into FastAPI dependencies."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.accounts.repository import sign_in_of
from marketplace.accounts.security import holds_credentials
from marketplace.container import Services
from marketplace.errors import Forbidden, NotAuthenticated
from marketplace.i18n import Translator
from marketplace.indexing.outbox import take_dirty_flag
from marketplace.web import CSRF_FIELD, is_api, translator


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the request scope commits, then the search index follows."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        # Detach first so objects keep their loaded state for the error page (a rollback
        # would expire them and the page could not read the signed-in user any more).
        session.expunge_all()
        session.rollback()
        raise
    finally:
        changed = take_dirty_flag(session)
        session.close()
    if changed:
        # A profile made hidden must be gone from search before the response is sent.
        request.app.state.indexer.after_commit()


# scope="function": commit happens before the response is sent, so a client never sees
# success for a write that later fails to commit.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def _user_from_request(request: Request, session: Session) -> User | None:
    state: Any = request.app.state
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        claims = state.tokens.read(auth[7:].strip())
        if claims is None:
            raise NotAuthenticated("Invalid or expired token")
        user = session.get(User, claims.user_id)
        if not holds_credentials(user, claims.token_version, claims.session_key):
            raise NotAuthenticated("Invalid or expired token")
        return user
    uid = request.session.get("uid") if "session" in request.scope else None
    if uid is None:
        return None
    # The API trusts the session cookie only for safe methods: writes need a bearer
    # token (API) or a CSRF-checked form (pages).
    if is_api(request.url.path) and request.method not in ("GET", "HEAD", "OPTIONS"):
        return None
    user = session.get(User, uid)
    sid = request.session.get("sid")
    live = isinstance(sid, str) and sign_in_of(session, sid, uid) is not None
    if not live or not holds_credentials(
        user, request.session.get("tv"), request.session.get("sk")
    ):
        request.session.clear()
        return None
    return user


def get_optional_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user, if any; also exposed to templates."""
    user = _user_from_request(request, session)
    request.state.user = user
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


# The dependencies that only read what others found are coroutines: FastAPI runs every plain
# function dependency on a worker thread, and each such hop cost about a millisecond here.


async def get_current_user(user: OptionalUser) -> User:
    """The signed-in user; 401 otherwise."""
    if user is None:
        raise NotAuthenticated("Sign in required")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """Dependency factory: the current user must have one of the roles."""

    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden("Not allowed for your role")
        return user

    return check


JobseekerUser = Annotated[User, Depends(require_role(Role.JOBSEEKER))]
EmployerUser = Annotated[User, Depends(require_role(Role.EMPLOYER))]
SpecialistUser = Annotated[User, Depends(require_role(Role.SPECIALIST, Role.ADMIN))]


async def verify_csrf(request: Request) -> None:
    """Pages: every unsafe request must carry the session's CSRF token in its form."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise Forbidden("The form has expired or did not come from this site; reload and retry.")


TranslatorDep = Annotated[Translator, Depends(translator)]


async def get_services(request: Request) -> Services:
    """The components built at start-up (search, encoder, taxonomy, indexer, settings)."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
