"""Messaging: employers contact candidates through the platform; anonymous candidates stay
anonymous until they reply and choose to share; nobody else reads a conversation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.messaging import service
from marketplace.profiles import service as profiles
from marketplace.profiles.models import Profile
from marketplace.taxonomy.vocab import Visibility
from marketplace.vacancies.models import Vacancy
from tests import factories

SECRET_PHONE = "+358 50 111 2222"
SECRETS = ("Salla", "Salainen", "salla@example.fi", SECRET_PHONE)


@dataclass
class World:
    employer: User
    vacancy: Vacancy
    candidate: User
    anonymous: Profile
    public: Profile
    hidden: Profile


@pytest.fixture
def world(db: Session) -> World:
    employer = factories.employer(db, org="Hoiva Oy")
    vacancy = factories.vacancy(db, employer)
    candidate = factories.jobseeker(db, name="Salla Salainen", email="salla@example.fi")
    anonymous = factories.profile(
        db,
        candidate,
        visibility="anonymous",
        contact={"phone": SECRET_PHONE, "email": candidate.email, "address": ""},
    )
    public = factories.profile(db, factories.jobseeker(db, name="Paula Julkinen"))
    hidden = factories.profile(db, factories.jobseeker(db, name="Piilo Pekka"), visibility="hidden")
    return World(employer, vacancy, candidate, anonymous, public, hidden)


@pytest.fixture
def second(app: object) -> Iterator[TestClient]:
    """Another browser, for the other side of a conversation."""
    yield TestClient(app, headers={"accept-language": "fi"})  # type: ignore[arg-type]


def _contact(world: World, profile: Profile, **fields: Any) -> dict[str, Any]:
    return {
        "profile_id": profile.id,
        "vacancy_id": world.vacancy.id,
        "subject": "Sairaanhoitajan paikka",
        "body": "Hei! Olisitko kiinnostunut?",
        **fields,
    }


def test_anonymous_identity_is_shown_only_after_the_candidate_shares_it(
    client: TestClient, world: World
) -> None:
    employer = factories.login(client, world.employer)
    started = client.post(
        "/api/v1/messages", json=_contact(world, world.anonymous), headers=employer
    )
    assert started.status_code == 201, started.text
    conversation = started.json()
    assert conversation["candidate"]["reference"] == world.anonymous.reference
    assert conversation["candidate"]["name"] is None
    assert not any(secret in started.text for secret in SECRETS)
    url = f"/api/v1/me/inbox/{conversation['id']}"

    seeker = factories.login(client, world.candidate)
    inbox = client.get("/api/v1/me/inbox", headers=seeker).json()
    assert [(c["id"], c["unread"], c["organization"]["name"]) for c in inbox] == [
        (conversation["id"], True, "Hoiva Oy")
    ]
    assert client.get(url, headers=seeker).json()["messages"][0]["sender_name"] == "Eero Esimies"
    assert client.get("/api/v1/me/inbox", headers=seeker).json()[0]["unread"] is False

    reply = client.post(f"{url}/messages", json={"body": "Kerro lisää"}, headers=seeker)
    assert reply.status_code == 201
    seen = client.get(url, headers=employer)
    assert seen.json()["messages"][-1]["body"] == "Kerro lisää"
    assert not any(secret in seen.text for secret in SECRETS)
    assert client.get("/api/v1/me/inbox", headers=employer).json()[0]["unread"] is False

    shared = client.post(
        f"{url}/messages", json={"body": "Tässä tietoni", "share_identity": True}, headers=seeker
    )
    assert shared.status_code == 201
    candidate = client.get(url, headers=employer).json()["candidate"]
    assert (candidate["name"], candidate["email"], candidate["phone"]) == (
        "Salla Salainen",
        "salla@example.fi",
        SECRET_PHONE,
    )

    client.post(f"{url}/messages", json={"body": "Perun", "share_identity": False}, headers=seeker)
    withdrawn = client.get(url, headers=employer)
    assert not any(secret in withdrawn.text for secret in SECRETS)


def test_public_profile_shows_the_name_and_hidden_cannot_be_contacted(
    client: TestClient, world: World
) -> None:
    employer = factories.login(client, world.employer)
    public = client.post("/api/v1/messages", json=_contact(world, world.public), headers=employer)
    assert public.status_code == 201 and public.json()["candidate"]["name"] == "Paula Julkinen"
    hidden = client.post("/api/v1/messages", json=_contact(world, world.hidden), headers=employer)
    assert hidden.status_code == 404
    assert "Piilo" not in hidden.text


def test_limits_are_422_naming_the_field(client: TestClient, world: World) -> None:
    employer = factories.login(client, world.employer)
    cases = {
        "subject": {"subject": "x" * 201},
        "body": {"body": "x" * 5001},
    }
    for field, change in cases.items():
        response = client.post(
            "/api/v1/messages", json=_contact(world, world.public, **change), headers=employer
        )
        assert response.status_code == 422
        assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    blank = client.post(
        "/api/v1/messages", json=_contact(world, world.public, subject="   "), headers=employer
    )
    assert blank.status_code == 422
    exact = _contact(world, world.public, subject="s" * 200, body="b" * 5000)
    assert client.post("/api/v1/messages", json=exact, headers=employer).status_code == 201


def test_nobody_else_reads_or_writes_a_conversation(
    client: TestClient, db: Session, world: World
) -> None:
    employer = factories.login(client, world.employer)
    started = client.post(
        "/api/v1/messages", json=_contact(world, world.anonymous), headers=employer
    )
    url = f"/api/v1/me/inbox/{started.json()['id']}"
    other_seeker = factories.jobseeker(db)
    factories.profile(db, other_seeker)
    outsiders = [other_seeker, factories.employer(db, org="Kilpailija Oy")]
    for outsider in outsiders:
        headers = factories.login(client, outsider)
        assert client.get("/api/v1/me/inbox", headers=headers).json() == []
        assert client.get(url, headers=headers).status_code == 404
        assert (
            client.post(f"{url}/messages", json={"body": "x"}, headers=headers).status_code == 404
        )
    refused = client.post(
        f"{url}/messages", json={"body": "x", "share_identity": True}, headers=employer
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["share_identity"]


def test_employer_cannot_write_once_the_profile_is_hidden(
    client: TestClient, db: Session, world: World
) -> None:
    employer = factories.login(client, world.employer)
    started = client.post(
        "/api/v1/messages", json=_contact(world, world.anonymous), headers=employer
    )
    url = f"/api/v1/me/inbox/{started.json()['id']}"
    profile = db.get(Profile, world.anonymous.id)
    assert profile is not None
    profiles.set_visibility(db, profile, Visibility.HIDDEN)
    db.commit()
    assert (
        client.post(f"{url}/messages", json={"body": "Hei?"}, headers=employer).status_code == 404
    )
    view = client.get(url, headers=employer)
    assert view.json()["can_reply"] is False
    assert not any(secret in view.text for secret in SECRETS)
    seeker = factories.login(client, world.candidate)
    assert (
        client.post(f"{url}/messages", json={"body": "Kiitos"}, headers=seeker).status_code == 201
    )


def test_new_conversations_are_rate_limited(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CONTACTS_PER_DAY", 2)
    employer = factories.login(client, world.employer)
    statuses = [
        client.post(
            "/api/v1/messages", json=_contact(world, world.public), headers=employer
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]

    # The contact form tells the limit on the form, in the page's language.
    factories.browser_login(client, world.employer)
    token = factories.csrf(client, f"/employer/messages/new?profile_id={world.public.id}")
    data = {"csrf_token": token, "profile_id": world.public.id, "subject": "Hei", "body": "Moi"}
    refused = client.post("/employer/messages?lang=sv", data=data)
    assert refused.status_code == 429 and 'class="error-summary"' in refused.text
    assert "Du har redan inlett 2 nya samtal" in refused.text
    assert "try again tomorrow" not in refused.text


def test_pages_escape_text_need_csrf_and_share_identity(
    client: TestClient, second: TestClient, world: World
) -> None:
    factories.browser_login(client, world.employer)
    form_url = (
        f"/employer/messages/new?profile_id={world.anonymous.id}&vacancy_id={world.vacancy.id}"
    )
    form_page = client.get(form_url)
    assert form_page.status_code == 200 and world.anonymous.reference in form_page.text
    assert not any(secret in form_page.text for secret in SECRETS)
    token = factories.csrf(client, form_url)
    data = {
        "profile_id": world.anonymous.id,
        "vacancy_id": world.vacancy.id,
        "subject": "Tarjous <i>heti</i>",
        "body": "<script>alert(1)</script>\nToinen rivi",
    }
    assert client.post("/employer/messages", data=data).status_code == 403
    too_long = client.post(
        "/employer/messages", data={**data, "csrf_token": token, "subject": "x" * 201}
    )
    assert too_long.status_code == 422 and 'id="subject-error"' in too_long.text
    # The error is a sentence in the page's language, not the schema's English.
    assert "Aihe: kirjoita enintään 200 merkkiä." in too_long.text
    assert "String should" not in too_long.text
    in_swedish = client.post(
        "/employer/messages?lang=sv", data={**data, "csrf_token": token, "body": ""}
    )
    assert in_swedish.status_code == 422 and "Meddelande: fyll i fältet." in in_swedish.text
    sent = client.post(
        "/employer/messages", data={**data, "csrf_token": token}, follow_redirects=False
    )
    assert sent.status_code == 303
    thread = sent.headers["location"].split("?")[0]
    conversation_id = thread.rsplit("/", 1)[1]
    assert client.get(f"/employer/messages/new?profile_id={world.hidden.id}").status_code == 404

    factories.browser_login(second, world.candidate)
    inbox = second.get("/me/inbox")
    assert "Tarjous &lt;i&gt;heti&lt;/i&gt;" in inbox.text and "<i>heti" not in inbox.text
    page = second.get(f"/me/inbox/{conversation_id}")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;<br>" in page.text
        and "<script>alert" not in page.text
    )
    reply_url = f"/me/inbox/{conversation_id}/reply"
    assert second.post(reply_url, data={"body": "Hei", "share_identity": "1"}).status_code == 403
    seeker_token = factories.csrf(second, f"/me/inbox/{conversation_id}")
    empty = second.post(reply_url, data={"body": " ", "csrf_token": seeker_token})
    assert empty.status_code == 422 and 'id="body-error"' in empty.text

    before = client.get(thread).text
    assert not any(secret in before for secret in SECRETS) and world.anonymous.reference in before
    employer_list = client.get("/employer/messages").text
    assert not any(secret in employer_list for secret in SECRETS)
    assert client.post(f"{thread}/reply", data={"body": "Hei"}).status_code == 403
    replied = second.post(
        reply_url,
        data={"body": "Kiinnostaa", "share_identity": "1", "csrf_token": seeker_token},
        follow_redirects=False,
    )
    assert replied.status_code == 303
    after = client.get(thread).text
    assert "Salla Salainen" in after and "salla@example.fi" in after and SECRET_PHONE in after
    assert "Salla Salainen" in client.get("/employer/messages").text
    assert (
        second.get(f"/me/inbox/{conversation_id}").text.count(
            'name="share_identity" value="1" checked'
        )
        == 1
    )


def test_export_holds_the_candidates_conversations(client: TestClient, world: World) -> None:
    employer = factories.login(client, world.employer)
    client.post("/api/v1/messages", json=_contact(world, world.anonymous), headers=employer)
    seeker = factories.login(client, world.candidate)
    exported = client.get("/api/v1/me/export", headers=seeker).json()["messages"]
    assert [m["body"] for m in exported[0]["messages"]] == ["Hei! Olisitko kiinnostunut?"]


def test_a_hidden_profile_shows_no_identity_in_old_conversations(
    client: TestClient, db: Session, world: World
) -> None:
    employer = factories.login(client, world.employer)
    started = client.post(
        "/api/v1/messages", json=_contact(world, world.anonymous), headers=employer
    )
    url = f"/api/v1/me/inbox/{started.json()['id']}"
    seeker = factories.login(client, world.candidate)
    client.post(f"{url}/messages", json={"body": "Tässä", "share_identity": True}, headers=seeker)
    assert "Salla" in client.get(url, headers=employer).text  # shared while visible
    profile = db.get(Profile, world.anonymous.id)
    assert profile is not None
    profiles.set_visibility(db, profile, Visibility.HIDDEN)
    profile.phone = "+358 40 999 8888"  # changed after hiding: must not reach the employer
    db.commit()
    reference = profile.reference
    for path in (url, "/api/v1/me/inbox"):
        seen = client.get(path, headers=employer)
        assert seen.status_code == 200
        assert not any(s in seen.text for s in (*SECRETS, "+358 40 999 8888", reference)), path
    browser = TestClient(client.app)
    factories.browser_login(browser, world.employer)
    conversation_id = started.json()["id"]
    for page in ("/employer/messages", f"/employer/messages/{conversation_id}"):
        shown = browser.get(page)
        assert shown.status_code == 200 and "profiili piilotettu" in shown.text, page
        assert reference not in shown.text and "Salla" not in shown.text, page
    assert client.get(url, headers=employer).json()["candidate"] == {
        "profile_id": None,
        "reference": None,
        "name": None,
        "email": None,
        "phone": None,
    }
    # The candidate still sees the conversation as before.
    assert client.get(url, headers=seeker).json()["messages"][-1]["body"] == "Tässä"
