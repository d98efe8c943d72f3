"""Tokens and session cookies belong to one account, and weak secrets do not sign them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts import security, service
from marketplace.accounts.models import User
from marketplace.config import DEV_SECRET, Settings
from tests import factories


def _register(client: TestClient, email: str) -> None:
    data = {
        "email": email,
        "password": factories.PASSWORD,
        "role": "jobseeker",
        "full_name": "Uusi Käyttäjä",
    }
    assert client.post("/api/v1/auth/register", json=data).status_code == 201


def test_a_deleted_accounts_token_and_cookie_do_not_open_the_next_account(
    app: object, db: Session
) -> None:
    first = TestClient(app)  # type: ignore[arg-type]
    _register(first, "ensimmainen@example.fi")
    user = db.query(User).filter_by(email="ensimmainen@example.fi").one()
    headers = factories.login(first, user)
    factories.browser_login(first, user)
    assert first.get("/api/v1/me").status_code == 200  # the cookie works while the account lives
    old_id, old_key = user.id, user.session_key
    assert first.delete("/api/v1/me", headers=headers).status_code == 204
    db.expire_all()

    second = TestClient(app)  # type: ignore[arg-type]
    _register(second, "toinen@example.fi")
    newcomer = db.query(User).filter_by(email="toinen@example.fi").one()
    # Whether or not the database hands the id out again, the old credentials open nothing.
    assert newcomer.session_key != old_key
    assert first.get("/api/v1/me", headers=headers).status_code == 401
    assert first.get("/api/v1/me").status_code == 401
    assert first.get("/me", follow_redirects=False).status_code in (303, 401)
    if newcomer.id == old_id:  # SQLite reuses the highest rowid: the very attack
        assert first.get("/api/v1/me/profile", headers=headers).status_code == 401


def test_a_token_signed_without_the_account_key_is_refused(client: TestClient, db: Session) -> None:
    user = factories.jobseeker(db)
    signer = client.app.state.tokens  # type: ignore[attr-defined]
    forged = URLSafeTimedSerializer(signer._serializer.secret_keys[-1], salt="api-token").dumps(
        {"uid": user.id, "tv": user.token_version}
    )
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    )
    good = signer.issue(user.id, user.token_version, user.session_key)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {good}"}).status_code == 200


@pytest.mark.parametrize("secret", [DEV_SECRET, "", "x", "a" * 40, "lyhyt-mutta-ei-tarpeeksi"])
def test_production_refuses_a_default_empty_short_or_repetitive_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="MARKETPLACE_SECRET_KEY"):
        Settings(environment="production", secret_key=secret, _env_file=None)  # type: ignore[call-arg]


def test_production_starts_with_a_strong_secret_and_development_says_it_is_weak() -> None:
    strong = Settings(
        environment="production",
        secret_key="Zr8u4Lq2-wN0vYp7Xe3_kT6mHs1Bc9Ja5Df",
        _env_file=None,  # type: ignore[call-arg]
    )
    assert not strong.uses_weak_secret
    assert Settings(environment="development", _env_file=None).uses_weak_secret  # type: ignore[call-arg]


def test_a_sign_in_for_an_unknown_email_checks_a_password_too(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    real = security.verify_password

    def counting(password_hash: str, password: str) -> bool:
        checks.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(security, "verify_password", counting)
    monkeypatch.setattr(service, "verify_password", counting)
    user = factories.jobseeker(db)
    for username in (user.email, "nobody-here@example.fi"):
        response = client.post(
            "/api/v1/auth/token", data={"username": username, "password": "Väärä-salasana-1"}
        )
        assert response.status_code == 401
    # One full argon2 check each: the answer's timing does not tell which email exists.
    assert len(checks) == 2 and all(h.startswith("$argon2") for h in checks)


def test_signing_out_ends_the_session_on_the_server(app: object, db: Session) -> None:
    user = factories.jobseeker(db)
    browser = TestClient(app)  # type: ignore[arg-type]
    factories.browser_login(browser, user)
    copied = browser.cookies.get("session")
    assert copied and browser.get("/api/v1/me").status_code == 200
    other = TestClient(app)  # type: ignore[arg-type]
    factories.browser_login(other, user)  # another browser of the same person

    token = factories.csrf(browser, "/me")
    assert browser.post("/logout", data={"csrf_token": token}, follow_redirects=False).is_redirect
    # A copy of the old cookie opens nothing any more, neither the API nor the pages ...
    thief = TestClient(app, cookies={"session": copied})  # type: ignore[arg-type]
    assert thief.get("/api/v1/me").status_code == 401
    assert thief.get("/me", follow_redirects=False).status_code in (303, 401)
    # ... while the person's other browser stays signed in.
    assert other.get("/api/v1/me").status_code == 200


def test_the_sign_in_limit_backs_off_and_forgets_old_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(security.time, "monotonic", lambda: clock[0])
    limiter = security.LoginRateLimiter(3, 300, spread=2, max_keys=4)
    for _ in range(3):
        assert not limiter.blocked("a@x.fi", "1.1.1.1")
        limiter.fail("a@x.fi", "1.1.1.1")
    # The limit reached: a wait of one second, doubling with each further failure.
    assert limiter.blocked("a@x.fi", "1.1.1.1") and not limiter.blocked("a@x.fi", "2.2.2.2")
    clock[0] += 1.0
    assert not limiter.blocked("a@x.fi", "1.1.1.1")
    limiter.fail("a@x.fi", "1.1.1.1")
    clock[0] += 1.5
    assert limiter.blocked("a@x.fi", "1.1.1.1")  # now two seconds
    clock[0] += 0.5
    assert not limiter.blocked("a@x.fi", "1.1.1.1")
    # Many addresses together reach the email's own, higher limit (3 x 2 = 6 failures).
    limiter.fail("a@x.fi", "3.3.3.3")
    limiter.fail("a@x.fi", "4.4.4.4")
    assert limiter.blocked("a@x.fi", "5.5.5.5")
    # Endless emails do not grow the memory past its bound.
    for n in range(50):
        limiter.fail(f"user{n}@x.fi", "6.6.6.6")
    assert len(limiter._failures) <= 4


def test_password_change_and_sign_out_everywhere_end_every_session(
    app: object, db: Session
) -> None:
    user = factories.jobseeker(db)
    api = TestClient(app)  # type: ignore[arg-type]
    headers = factories.login(api, user)
    browser = TestClient(app)  # type: ignore[arg-type]
    factories.browser_login(browser, user)
    wrong = {"current_password": "Väärä-salasana-9", "new_password": "Uusi-salasana-2026"}
    assert api.post("/api/v1/me/password", json=wrong, headers=headers).status_code == 401
    weak = {"current_password": factories.PASSWORD, "new_password": "lyhyt"}
    refused = api.post("/api/v1/me/password", json=weak, headers=headers)
    assert refused.status_code == 422 and "new_password" in refused.text
    assert api.get("/api/v1/me", headers=headers).status_code == 200  # nothing changed yet

    good = {"current_password": factories.PASSWORD, "new_password": "Uusi-salasana-2026"}
    assert api.post("/api/v1/me/password", json=good, headers=headers).status_code == 204
    assert api.get("/api/v1/me", headers=headers).status_code == 401
    assert browser.get("/api/v1/me").status_code == 401
    fresh = factories.login(api, user, password="Uusi-salasana-2026")

    assert api.post("/api/v1/me/sign-out-everywhere", headers=fresh).status_code == 204
    assert api.get("/api/v1/me", headers=fresh).status_code == 401
