"""Registration, sign-in, data export and account deletion."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts import repository
from marketplace.accounts.models import Role, User
from marketplace.accounts.schemas import PasswordChangeIn, RegisterIn, UserOut
from marketplace.accounts.security import (
    LoginRateLimiter,
    hash_password,
    password_problem,
    verify_password,
    verify_unknown_account,
)
from marketplace.employers import service as employers
from marketplace.errors import Conflict, NotAuthenticated, TooManyRequests, ValidationFailed
from marketplace.i18n import Translator

_en = Translator("en")


def register(session: Session, data: RegisterIn) -> User:
    """Create a jobseeker, or an employer user together with their organisation."""
    email = data.email.lower()
    problem = password_problem(data.password, email)
    if problem:
        raise ValidationFailed(_en(problem), field="password")
    if repository.get_by_email(session, email):
        raise Conflict("An account with this email already exists", field="email")
    organization = None
    if data.role == Role.EMPLOYER:
        organization = employers.create_for_registration(
            session, data.organization_name or "", data.business_id or ""
        )
    user = User(
        email=email,
        password_hash=hash_password(data.password),
        role=data.role,
        full_name=data.full_name,
        organization=organization,
        locale=data.locale,
    )
    try:
        with session.begin_nested():
            repository.add(session, user)
    except IntegrityError as exc:  # a concurrent registration with the same email
        raise Conflict("An account with this email already exists", field="email") from exc
    return user


def authenticate(
    session: Session, limiter: LoginRateLimiter, email: str, password: str, client: str = ""
) -> User:
    """Check credentials, counting failures against the sign-in limit of the email from the
    client's address."""
    key = email.strip().lower()
    if limiter.blocked(key, client):
        raise TooManyRequests("Too many failed sign-in attempts; wait a moment and try again")
    user = repository.get_by_email(session, key)
    known = (
        verify_password(user.password_hash, password)
        if user is not None
        else verify_unknown_account(password)
    )
    if user is None or not known:
        limiter.fail(key, client)
        raise NotAuthenticated("Wrong email or password")
    limiter.reset(key, client)
    return user


def sign_out_everywhere(session: Session, user: User) -> None:
    """End every session and API token of the user: each carries the token version."""
    user.token_version += 1
    repository.end_sign_ins(session, user.id)
    session.flush()


def change_password(
    session: Session, limiter: LoginRateLimiter, user: User, data: PasswordChangeIn, client: str
) -> None:
    """Set a new password once the current one is confirmed; every session and token ends."""
    authenticate(session, limiter, user.email, data.current_password, client)
    problem = password_problem(data.new_password, user.email)
    if problem:
        raise ValidationFailed(_en(problem), field="new_password")
    user.password_hash = hash_password(data.new_password)
    sign_out_everywhere(session, user)


def delete_account(session: Session, user: User) -> None:
    """Remove the user and everything that hangs on them (the database cascades); the other
    domains' parts are forgotten first by `marketplace.lifecycle.erase_account`."""
    organization = user.organization
    repository.delete(session, user)
    if organization is not None:
        employers.delete_if_orphaned(session, organization)


def export_account(session: Session, user: User) -> dict[str, object]:
    """The account's part of the user's data export."""
    return UserOut.model_validate(user).model_dump(mode="json")
