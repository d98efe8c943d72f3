"""Account JSON API: registration, tokens, the user's own data."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from marketplace.accounts import reset, service
from marketplace.accounts.schemas import (
    PasswordChangeIn,
    PasswordResetIn,
    PasswordResetRequestIn,
    RegisterIn,
    TokenOut,
    UserOut,
)
from marketplace.deps import CurrentUser, ServicesDep, SessionDep
from marketplace.lifecycle import erase_account, export_user
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
    """OAuth2 password flow: a bearer token for API clients. It expires after `expires_in`
    seconds (24 h by default, `MARKETPLACE_TOKEN_MAX_AGE_SECONDS`) and ends sooner when the
    account signs out everywhere, changes its password or is deleted; failed attempts are
    rate limited per email and client address (429)."""
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


@router.post("/auth/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(
    request: Request, data: PasswordResetRequestIn, session: SessionDep, tasks: BackgroundTasks
) -> dict[str, str]:
    """Mail a password-reset link to the account with this email. The answer is the same
    whether or not the email has an account; the link works once, for
    `MARKETPLACE_PASSWORD_RESET_MAX_AGE_SECONDS` (1 h by default)."""
    resets = request.app.state.password_resets
    mail = reset.reset_mail(
        session, resets, data.email, client_address(request), str(request.base_url)
    )
    if mail is not None:
        tasks.add_task(resets.mailer.send, mail)
    return {"status": "accepted"}


@router.post("/auth/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def reset_password(request: Request, data: PasswordResetIn, session: SessionDep) -> None:
    """Set a new password with the token of a reset link (422 on the `token` field when it
    is invalid, used or expired); every session and API token of the account ends."""
    reset.reset_password(session, request.app.state.password_resets, data.token, data.new_password)


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)


@router.get("/me/export")
def export(user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    """Everything the service holds about the user (GDPR access and portability)."""
    return export_user(session, user)


@router.post("/me/sign-out-everywhere", status_code=status.HTTP_204_NO_CONTENT)
def sign_out_everywhere(user: CurrentUser, session: SessionDep) -> None:
    """End every browser session and API token of the account, this one included."""
    service.sign_out_everywhere(session, user)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(
    request: Request, data: PasswordChangeIn, user: CurrentUser, session: SessionDep
) -> None:
    """Change the password (the current one confirms it; wrong: 401, rate limited like
    sign-in); every session and API token of the account ends, sign in again."""
    limiter = request.app.state.login_limiter
    service.change_password(session, limiter, user, data, client_address(request))


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep, services: ServicesDep) -> None:
    """Delete the account and all its data, including search index entries, cached vectors
    and rendered CVs; the database files overwrite what was deleted."""
    erase_account(session, services, user)
