"""The attacks of the outside review of accounts and data, each reproduced; every test here
failed before its fix. The review's numbers lead each section.

`make test` runs the attack tests on the configured database (PostgreSQL in CI) and then
once more on SQLite. Findings whose reproduction sits with its feature run in both passes too
(the Makefile's ATTACK_TESTS):
- 5, a hidden profile in old conversations: tests/messaging/test_messaging.py
  (test_a_hidden_profile_shows_no_identity_in_old_conversations);
- 8 and 9, body limit and security headers: tests/test_headers.py;
- 10, erased data surviving: tests/accounts/test_erasure.py;
- 11, database outage: tests/test_outage.py (and a real PostgreSQL restart in
  tests/trust/test_faults.py);
- 13, anonymous profiles naming employers and schools: tests/profiles/test_api.py
  (test_anonymous_profile_names_no_employer_or_school).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts import security, service
from marketplace.accounts.models import Role, User
from marketplace.config import DEV_SECRET, Settings
from marketplace.profiles.models import Profile
from search.base import SearchRequest
from tests import factories


def _register(client: TestClient, email: str) -> None:
    data = {
        "email": email,
        "password": factories.PASSWORD,
        "role": "jobseeker",
        "full_name": "Uusi Käyttäjä",
    }
    assert client.post("/api/v1/auth/register", json=data).status_code == 201


# 1. A deleted account's credentials opened the next new account.


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


# 4. Production accepted an empty secret; a token forged with the public one was accepted.


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


# 6. Login timing told which emails have accounts.


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


# 2. Signing out ended nothing; nothing could end every session.


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


# 7. Anyone could lock anyone out, and the limiter's memory grew without bound.


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


# 3. Another organisation's draft vacancy leaked through the jobseeker's applications and the
# specialist's job offers, and the error told drafts from ids that do not exist.


def test_a_draft_vacancy_is_no_vacancy_to_anyone_outside_its_organisation(
    client: TestClient, db: Session
) -> None:
    draft = factories.vacancy(db, factories.employer(db, org="Salainen Oy"), title="Salaprojekti")
    draft.status = "draft"
    db.commit()
    specialist = factories.login(client, factories.staff(db, Role.SPECIALIST))
    seeker = factories.jobseeker(db)
    headers = factories.login(client, seeker)  # registered, the customer gets the specialist
    assert client.post("/api/v1/me/registration", json={}, headers=headers).status_code == 201

    def answers(vacancy_id: int) -> list[tuple[int, str]]:
        application = client.post(
            "/api/v1/me/job-applications",
            json={"kind": "application", "vacancy_id": vacancy_id},
            headers=headers,
        )
        offer = client.post(
            f"/api/v1/specialist/customers/{seeker.id}/job-offers",
            json={"description": "Tarjous", "vacancy_id": vacancy_id},
            headers=specialist,
        )
        return [(r.status_code, r.text) for r in (application, offer)]

    drafted, missing = answers(draft.id), answers(draft.id + 1000)
    assert [status for status, _ in drafted] == [422, 422]
    # The answer for a draft is the answer for an id that does not exist: nothing to enumerate.
    assert [text.replace(str(draft.id), "ID") for _, text in drafted] == [
        text.replace(str(draft.id + 1000), "ID") for _, text in missing
    ]
    assert not any("Salainen" in text or "Salaprojekti" in text for _, text in drafted)
    assert client.get(f"/api/v1/vacancies/{draft.id}").status_code == 404


# 12. The web process and the indexer could index one profile at once, the older state last.


def test_an_older_profile_state_indexed_last_does_not_replace_the_newer(
    client: TestClient, db: Session, app: object
) -> None:
    services = app.state.services  # type: ignore[attr-defined]
    indexer, search = services.indexer, services.search
    user = factories.jobseeker(db)
    profile = factories.profile(db, user, headline="Puutarhuri")
    indexer.drain()
    # One process builds the document of the current row ...
    with services.session_factory() as stale_session:
        stale = stale_session.get(Profile, profile.id)
        assert stale is not None
        late_documents = indexer.documents_of("profiles", [stale])
    # ... while the row changes and another process indexes the new state first.
    headers = factories.login(client, user)
    document = client.get("/api/v1/me/profile", headers=headers).json()
    changed = client.put(
        "/api/v1/me/profile", json={**document, "headline": "Metsuri"}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    indexer.drain()
    search.index("profiles", late_documents)  # the older state lands last

    def found(text: str) -> bool:
        hits = search.search("profiles", SearchRequest(text=text, mode="bm25")).hits
        return profile.id in [hit.id for hit in hits]

    assert found("metsuri") and not found("puutarhuri")
