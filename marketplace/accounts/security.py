"""Password hashing, password rules, signed API tokens and the login rate limit."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from marketplace.accounts.models import User

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 128

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """Argon2id hash of a password."""
    return _hasher.hash(password)


# Checked against when no account has the email, so that a sign-in takes as long either way
# and its timing does not tell which emails have accounts.
_UNKNOWN_ACCOUNT_HASH = _hasher.hash("no account has this email")


def verify_unknown_account(password: str) -> bool:
    """Spend a password check's time for an email without an account; always False."""
    verify_password(_UNKNOWN_ACCOUNT_HASH, password)
    return False


def verify_password(password_hash: str, password: str) -> bool:
    """Constant-time check of a password against its hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str = "") -> str | None:
    """Message key of the first broken password rule, or None when the password is acceptable."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return "accounts.password_too_short"
    if len(password) > PASSWORD_MAX_LENGTH:
        return "accounts.password_too_long"
    if not any(c.isalpha() for c in password) or not any(not c.isalpha() for c in password):
        return "accounts.password_needs_mix"
    if email and password.lower() == email.lower():
        return "accounts.password_is_email"
    return None


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    token_version: int
    session_key: str


class TokenSigner:
    """Issues and reads signed, expiring bearer tokens."""

    def __init__(self, secret: str, max_age_seconds: int):
        self._serializer = URLSafeTimedSerializer(secret, salt="api-token")
        self.max_age_seconds = max_age_seconds

    def issue(self, user_id: int, token_version: int, session_key: str) -> str:
        """A token for the user at the current token version, bound to the account's key."""
        return self._serializer.dumps({"uid": user_id, "tv": token_version, "sk": session_key})

    def read(self, token: str) -> TokenClaims | None:
        """Claims of a valid, unexpired token, else None."""
        try:
            data = self._serializer.loads(token, max_age=self.max_age_seconds)
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
            return None
        if not isinstance(data.get("tv"), int) or not isinstance(data.get("sk"), str):
            return None
        return TokenClaims(user_id=data["uid"], token_version=data["tv"], session_key=data["sk"])


def holds_credentials(user: User | None, token_version: object, session_key: object) -> bool:
    """Whether a token's or a cookie's claims still belong to this very account."""
    return (
        user is not None
        and user.token_version == token_version
        and isinstance(session_key, str)
        and secrets.compare_digest(user.session_key, session_key)
    )


class LoginRateLimiter:
    """Counts failed logins per key in a sliding window (per process)."""

    def __init__(self, attempts: int, window_seconds: int):
        self.attempts = attempts
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def blocked(self, key: str) -> bool:
        """Whether the key has used up its attempts in the current window."""
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.attempts

    def fail(self, key: str) -> None:
        """Record a failed attempt."""
        with self._lock:
            self._recent(key, time.monotonic()).append(time.monotonic())

    def reset(self, key: str) -> None:
        """Forget failures after a successful login."""
        with self._lock:
            self._failures.pop(key, None)
