"""Account JSON API: registration, tokens, the user's own data."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from marketplace.accounts import service
from marketplace.accounts.schemas import RegisterIn, TokenOut, UserOut
from marketplace.deps import CurrentUser, ServicesDep, SessionDep
from marketplace.gdpr import export_user
from marketplace.lifecycle import erase_account
from marketplace.web import client_address

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/auth/register", status_code=status.HTTP_201_CREATED)
def register(data: RegisterIn, session: SessionDep) -> UserOut:
    """Create a jobseeker or employer account (employers with their organisation)."""
    return UserOut.model_validate(service.register(session, data))


@router.post("/auth/token")
def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
) -> TokenOut:
    """OAuth2 password flow: a bearer token for API clients."""
    user = service.authenticate(
        session,
        request.app.state.login_limiter,
        form.username,
        form.password,
        client_address(request),
    )
    signer = request.app.state.tokens
    return TokenOut(
        access_token=signer.issue(user.id, user.token_version, user.session_key),
        expires_in=signer.max_age_seconds,
    )


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)


@router.get("/me/export")
def export(user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    """Everything the service holds about the user (GDPR access and portability)."""
    return export_user(session, user)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep, services: ServicesDep) -> None:
    """Delete the account and all its data, including search index entries, cached vectors
    and rendered CVs; the database files overwrite what was deleted."""
    erase_account(session, services, user)
