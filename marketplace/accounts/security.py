"""Password hashing, password rules, signed API tokens and the login rate limit."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict, deque
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
    """Failed sign-ins per key in a sliding window, answered with a growing wait (per process).

    After `attempts` failures within `window_seconds` a key must wait before its next try: one
    second, then twice as long after every further failure, at most the window. Sign-ins are
    keyed by email and client address, so someone guessing from one address does not lock the
    owner out elsewhere; the email alone has a limit `spread` times higher against guessing
    from many addresses. At most `max_keys` keys are remembered (the least recently failed go
    first), so trying endless emails does not grow the memory."""

    def __init__(
        self, attempts: int, window_seconds: int, *, spread: int = 10, max_keys: int = 10_000
    ):
        self.attempts = attempts
        self.window = window_seconds
        self.spread = spread
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key) or deque()
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def _waiting(self, key: str, allowed: int, now: float) -> bool:
        failures = self._recent(key, now)
        if len(failures) < allowed:
            return False
        wait = min(float(self.window), 2.0 ** (len(failures) - allowed))
        return now - failures[-1] < wait

    @staticmethod
    def _keys(email: str, client: str) -> tuple[str, str]:
        return f"{email}\n{client}", email

    def blocked(self, email: str, client: str = "") -> bool:
        """Whether a sign-in for the email from the client must wait now."""
        by_client, by_email = self._keys(email, client)
        with self._lock:
            now = time.monotonic()
            return self._waiting(by_client, self.attempts, now) or self._waiting(
                by_email, self.attempts * self.spread, now
            )

    def fail(self, email: str, client: str = "") -> None:
        """Record a failed attempt."""
        with self._lock:
            now = time.monotonic()
            for key in self._keys(email, client):
                failures = self._recent(key, now)
                failures.append(now)
                self._failures[key] = failures
                self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def reset(self, email: str, client: str = "") -> None:
        """Forget the client's failures for the email after a successful sign-in."""
        with self._lock:
            self._failures.pop(self._keys(email, client)[0], None)
