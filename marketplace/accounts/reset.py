"""Password reset by mail: a signed link that works once, for a limited time.

The link carries the user's id and a digest of what makes the account's credentials current
(password hash, token version, account key). Setting a new password changes the hash, so a
used link, or one sent before a later password change or "sign out everywhere", no longer
opens anything; the signature's age bounds the rest.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from marketplace.accounts import repository
from marketplace.accounts.models import User
from marketplace.accounts.security import LoginRateLimiter, hash_password, password_problem
from marketplace.accounts.service import sign_out_everywhere
from marketplace.config import Settings
from marketplace.errors import ValidationFailed
from marketplace.i18n import Translator
from marketplace.mail import Mail, Mailer, mailer_for

RESET_PATH = "/password/reset"
# Reset mails per email and client address in the limiter's window: enough for a lost mail
# or two, not enough to flood someone's inbox.
REQUESTS_PER_WINDOW = 3


@dataclass
class PasswordResets:
    """What a reset needs: the link signer, the mailer and a limit on requests."""

    serializer: URLSafeTimedSerializer
    max_age_seconds: int
    mailer: Mailer
    limiter: LoginRateLimiter
    public_url: str

    @classmethod
    def from_settings(cls, settings: Settings, mailer: Mailer | None = None) -> PasswordResets:
        return cls(
            serializer=URLSafeTimedSerializer(settings.secret_key, salt="password-reset"),
            max_age_seconds=settings.password_reset_max_age_seconds,
            mailer=mailer or mailer_for(settings),
            limiter=LoginRateLimiter(
                REQUESTS_PER_WINDOW, settings.password_reset_max_age_seconds, spread=3
            ),
            public_url=settings.public_url.rstrip("/"),
        )

    def token(self, user: User) -> str:
        return str(self.serializer.dumps({"uid": user.id, "st": _state(user)}))

    def user_for(self, session: Session, token: str) -> User | None:
        """The account a valid, unused, unexpired link was made for."""
        try:
            data = self.serializer.loads(token, max_age=self.max_age_seconds)
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
            return None
        user = repository.get(session, data["uid"])
        state = data.get("st")
        if user is None or not isinstance(state, str):
            return None
        return user if secrets.compare_digest(_state(user), state) else None


def _state(user: User) -> str:
    current = f"{user.id}:{user.session_key}:{user.token_version}:{user.password_hash}"
    return hashlib.sha256(current.encode()).hexdigest()[:32]


def reset_mail(
    session: Session, resets: PasswordResets, email: str, client: str, base_url: str
) -> Mail | None:
    """The reset mail for the account with this email, or None (no such account, or too many
    requests). The caller answers the same either way and sends the mail after answering,
    so neither the answer nor its timing tells whether the email has an account."""
    key = email.strip().lower()
    if resets.limiter.blocked(key, client):
        return None
    resets.limiter.fail(key, client)  # every request counts towards the limit
    user = repository.get_by_email(session, key)
    if user is None:
        return None
    link = f"{resets.public_url or base_url.rstrip('/')}{RESET_PATH}?token={resets.token(user)}"
    t = Translator(user.locale)
    minutes = resets.max_age_seconds // 60
    return Mail(
        to=user.email,
        subject=t("accounts.reset_mail_subject"),
        body=t("accounts.reset_mail_body", name=user.full_name, link=link, minutes=minutes),
    )


def reset_password(session: Session, resets: PasswordResets, token: str, new_password: str) -> User:
    """Set a new password through a reset link; every session and token of the account ends."""
    user = resets.user_for(session, token)
    if user is None:
        raise ValidationFailed("The reset link is invalid, used or expired", field="token")
    problem = password_problem(new_password, user.email)
    if problem:
        raise ValidationFailed(Translator("en")(problem), field="new_password")
    user.password_hash = hash_password(new_password)
    sign_out_everywhere(session, user)
    return user
