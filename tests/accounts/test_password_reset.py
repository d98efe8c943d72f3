"""Password reset by mail (through a real SMTP server), password change and "sign out
everywhere" from the account page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.config import Settings
from marketplace.mail import LogMailer
from tests import factories
from tests.smtp_inbox import Inbox, receiving

NEW_PASSWORD = "uusi-salasana-2027"


@pytest.fixture
def inbox(app: object) -> Iterator[Inbox]:
    """A real SMTP server on a free port; the app's reset mail goes to it."""
    resets = app.state.password_resets  # type: ignore[attr-defined]
    resets.limiter._failures.clear()
    with receiving(resets) as inbox:
        yield inbox


def _token(link: str) -> str:
    return link.split("token=", 1)[1]


def test_a_reset_link_by_mail_sets_a_new_password_once_and_ends_every_session(
    client: TestClient, db: Session, inbox: Inbox
) -> None:
    user = factories.jobseeker(db, email="unohtaja@example.fi")
    old_headers = factories.login(client, user)
    other_browser = TestClient(client.app)
    factories.browser_login(other_browser, user)

    answer = client.post("/api/v1/auth/password-reset", json={"email": "Unohtaja@Example.fi"})
    assert answer.status_code == 202
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "unohtaja@example.fi"
    assert "Salasanan vaihto" in mail["Subject"]  # the account's language
    link = inbox.link()

    parts = urlsplit(link)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200 and 'name="new_password"' in page.text

    token = _token(link)
    done = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 204
    # Every earlier credential is void; only the new password signs in.
    assert client.get("/api/v1/me", headers=old_headers).status_code == 401
    assert other_browser.get("/api/v1/me").status_code == 401
    refused = client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": factories.PASSWORD}
    )
    assert refused.status_code == 401
    db.expire_all()
    factories.login(client, db.get(User, user.id), NEW_PASSWORD)  # type: ignore[arg-type]
    # The link worked once.
    again = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "kolmas-salasana-2028"},
    )
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["token"]


def test_an_unknown_email_gets_the_same_answer_and_no_mail(
    client: TestClient, db: Session, inbox: Inbox
) -> None:
    factories.jobseeker(db, email="olemassa@example.fi")
    known = client.post("/api/v1/auth/password-reset", json={"email": "olemassa@example.fi"})
    unknown = client.post("/api/v1/auth/password-reset", json={"email": "eiole@example.fi"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m["To"] for m in inbox.messages] == ["olemassa@example.fi"]
    bad = client.post("/api/v1/auth/password-reset", json={"email": "ei-osoite"})
    assert bad.status_code == 422


def test_reset_requests_are_limited_so_nobody_floods_an_inbox(
    client: TestClient, db: Session, inbox: Inbox
) -> None:
    factories.jobseeker(db, email="kohde@example.fi")
    for _ in range(6):
        answer = client.post("/api/v1/auth/password-reset", json={"email": "kohde@example.fi"})
        assert answer.status_code == 202  # the answer never changes
    assert len(inbox.messages) == 3


def test_a_reset_link_expires_and_a_forged_one_opens_nothing(
    client: TestClient, db: Session, inbox: Inbox
) -> None:
    user = factories.jobseeker(db, email="vanha@example.fi")
    resets = client.app.state.password_resets  # type: ignore[attr-defined]
    token = resets.token(user)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for bad in (forged, "x"):
        answer = client.post(
            "/api/v1/auth/password-reset/confirm", json={"token": bad, "new_password": NEW_PASSWORD}
        )
        assert answer.status_code == 422
    max_age = resets.max_age_seconds
    resets.max_age_seconds = -1  # every signature is now older than allowed
    try:
        page = client.get(f"/password/reset?token={token}")
        assert "Linkki on virheellinen, jo käytetty tai vanhentunut." in page.text
        assert 'name="new_password"' not in page.text
    finally:
        resets.max_age_seconds = max_age


def test_a_weak_new_password_is_refused_and_the_link_still_works(
    client: TestClient, db: Session, inbox: Inbox
) -> None:
    user = factories.jobseeker(db, email="heikko@example.fi")
    token = client.app.state.password_resets.token(user)  # type: ignore[attr-defined]
    weak = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "lyhyt"}
    )
    assert weak.status_code == 422 and weak.json()["detail"][0]["loc"] == ["new_password"]
    strong = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert strong.status_code == 204


def test_the_reset_pages_work_as_forms_in_the_page_language(
    client: TestClient, db: Session, inbox: Inbox
) -> None:
    factories.jobseeker(db, email="lomake@example.fi")
    assert 'href="/password/forgot"' in client.get("/login").text
    csrf = factories.csrf(client, "/password/forgot")
    sent = client.post("/password/forgot", data={"email": "lomake@example.fi", "csrf_token": csrf})
    assert sent.status_code == 200 and "lähetimme siihen linkin" in sent.text
    nobody = client.post("/password/forgot", data={"email": "ei@example.fi", "csrf_token": csrf})
    # The page does not tell whether the email has an account.
    assert nobody.text.replace("ei@example.fi", "lomake@example.fi") == sent.text
    token = _token(inbox.link())

    mismatch = client.post(
        "/password/reset",
        data={
            "token": token,
            "new_password": NEW_PASSWORD,
            "password_confirm": "eri-salasana-2027",
            "csrf_token": csrf,
        },
    )
    assert mismatch.status_code == 422 and "Salasanat eivät täsmää." in mismatch.text
    saved = client.post(
        "/password/reset",
        data={
            "token": token,
            "new_password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/login?done=password_reset"
    assert "Uusi salasana on tallennettu" in client.get(saved.headers["location"]).text
    used = client.get(f"/password/reset?token={token}")
    assert "Linkki on virheellinen" in used.text


def test_without_an_smtp_host_development_logs_the_link(
    client: TestClient, db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    resets = client.app.state.password_resets  # type: ignore[attr-defined]
    assert isinstance(resets.mailer, LogMailer)  # the test settings have no SMTP host
    resets.limiter._failures.clear()
    factories.jobseeker(db, email="loki@example.fi")
    with caplog.at_level(logging.WARNING, logger="marketplace.mail"):
        client.post("/api/v1/auth/password-reset", json={"email": "loki@example.fi"})
    assert "/password/reset?token=" in caplog.text


def test_production_with_mail_needs_the_public_address() -> None:
    secret = "a-long-random-production-secret-0123456789"
    with pytest.raises(ValueError, match="MARKETPLACE_PUBLIC_URL"):
        Settings(environment="production", secret_key=secret, smtp_host="smtp.example.fi")
    fine = Settings(
        environment="production",
        secret_key=secret,
        smtp_host="smtp.example.fi",
        public_url="https://tyomarkkinat.example.fi",
    )
    assert fine.public_url


def test_the_account_page_changes_the_password_and_keeps_this_browser_signed_in(
    client: TestClient, db: Session
) -> None:
    user = factories.jobseeker(db, email="vaihtaja@example.fi")
    factories.browser_login(client, user)
    other_browser = TestClient(client.app)
    factories.browser_login(other_browser, user)
    page = client.get("/account")
    assert page.status_code == 200 and 'name="current_password"' in page.text
    assert 'href="/account"' in page.text  # the header's name leads here
    csrf = factories.csrf(client, "/account")
    form = {"current_password": "väärä-salasana-1", "new_password": NEW_PASSWORD}
    wrong = client.post(
        "/account/password", data={**form, "password_confirm": NEW_PASSWORD, "csrf_token": csrf}
    )
    assert wrong.status_code == 422 and "Nykyinen salasana on väärin." in wrong.text
    weak = client.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "lyhyt",
            "password_confirm": "lyhyt",
            "csrf_token": csrf,
        },
    )
    assert weak.status_code == 422 and "Vähintään 10 merkkiä" in weak.text
    changed = client.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert "Salasana vaihdettu" in client.get(changed.headers["location"]).text
    assert client.get("/api/v1/me").status_code == 200  # this browser goes on
    assert other_browser.get("/api/v1/me").status_code == 401  # the other one has ended


def test_sign_out_everywhere_from_the_account_page_ends_tokens_and_this_session(
    client: TestClient, db: Session
) -> None:
    user = factories.employer(db, email="lopettaja@example.fi")
    headers = factories.login(client, user)
    factories.browser_login(client, user)
    csrf = factories.csrf(client, "/account")
    done = client.post(
        "/account/sign-out-everywhere", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert done.headers["location"] == "/login?done=signed_out_everywhere"
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert client.get("/account", follow_redirects=False).status_code == 303
