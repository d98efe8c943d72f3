"""Shortlists: only the vacancy's organisation, only viewable profiles, never an identity that
the profile does not show, and a ZIP download of the shortlisted CVs."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.requests import Request

from marketplace.accounts.models import User
from marketplace.i18n import Translator
from marketplace.profiles import service as profiles
from marketplace.profiles.models import Profile
from marketplace.shortlists.models import ShortlistEntry
from marketplace.taxonomy.vocab import Visibility
from marketplace.vacancies.models import Vacancy
from tests import factories

SECRET_PHONE = "+358 50 765 4321"


@dataclass
class World:
    employer: User
    vacancy: Vacancy
    public: Profile
    anonymous: Profile
    hidden: Profile


@pytest.fixture
def world(db: Session) -> World:
    employer = factories.employer(db, org="Hoiva Oy")
    vacancy = factories.vacancy(db, employer)
    public = factories.profile(db, factories.jobseeker(db, name="Paula Julkinen"))
    anon_user = factories.jobseeker(db, name="Salla Salainen", email="salla@example.fi")
    anonymous = factories.profile(
        db,
        anon_user,
        visibility="anonymous",
        contact={"phone": SECRET_PHONE, "email": anon_user.email, "address": ""},
    )
    hidden = factories.profile(db, factories.jobseeker(db, name="Piilo Pekka"), visibility="hidden")
    return World(employer, vacancy, public, anonymous, hidden)


def _entries(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(ShortlistEntry)) or 0


def test_add_update_list_and_remove(client: TestClient, world: World) -> None:
    headers = factories.login(client, world.employer)
    url = f"/api/v1/vacancies/{world.vacancy.id}/shortlist"
    first = client.post(url, json={"profile_id": world.anonymous.id}, headers=headers)
    assert first.status_code == 201, first.text
    again = client.post(
        url, json={"profile_id": world.anonymous.id, "note": "Soita ensin"}, headers=headers
    )
    assert again.status_code == 200 and again.json()["note"] == "Soita ensin"
    assert (
        client.post(url, json={"profile_id": world.public.id}, headers=headers).status_code == 201
    )

    listed = client.get(url, headers=headers)
    assert listed.status_code == 200
    cards = [entry["candidate"] for entry in listed.json()["entries"]]
    assert [c["profile_id"] for c in cards] == [world.anonymous.id, world.public.id]
    assert cards[0]["name"] is None and cards[0]["reference"] == world.anonymous.reference
    assert cards[1]["name"] == "Paula Julkinen"
    for secret in ("Salla", "Salainen", "salla@example.fi", SECRET_PHONE):
        assert secret not in listed.text

    removed = client.delete(f"{url}/{world.anonymous.id}", headers=headers)
    assert removed.status_code == 204
    left = client.get(url, headers=headers).json()["entries"]
    assert [e["candidate"]["profile_id"] for e in left] == [world.public.id]


def test_hidden_profiles_cannot_be_shortlisted_and_drop_out_when_hidden_later(
    client: TestClient, db: Session, world: World
) -> None:
    headers = factories.login(client, world.employer)
    url = f"/api/v1/vacancies/{world.vacancy.id}/shortlist"
    refused = client.post(url, json={"profile_id": world.hidden.id}, headers=headers)
    assert refused.status_code == 404
    assert (
        client.post(url, json={"profile_id": world.anonymous.id}, headers=headers).status_code
        == 201
    )

    profile = db.get(Profile, world.anonymous.id)
    assert profile is not None
    profiles.set_visibility(db, profile, Visibility.HIDDEN)
    db.commit()

    assert client.get(url, headers=headers).json()["entries"] == []
    factories.browser_login(client, world.employer)
    page = client.get(f"/employer/vacancies/{world.vacancy.id}/shortlist")
    assert page.status_code == 200
    assert world.anonymous.reference not in page.text
    assert f"ids={world.anonymous.id}" not in page.text


def test_other_organisations_and_jobseekers_are_kept_out(
    client: TestClient, db: Session, world: World
) -> None:
    rival = factories.login(client, factories.employer(db, org="Kilpailija Oy"))
    url = f"/api/v1/vacancies/{world.vacancy.id}/shortlist"
    assert client.get(url, headers=rival).status_code == 403
    assert client.post(url, json={"profile_id": world.public.id}, headers=rival).status_code == 403
    assert client.delete(f"{url}/{world.public.id}", headers=rival).status_code == 403
    draft = factories.vacancy(db, world.employer, publish=False)
    assert client.get(f"/api/v1/vacancies/{draft.id}/shortlist", headers=rival).status_code == 404
    seeker = factories.login(client, factories.jobseeker(db))
    assert client.get(url, headers=seeker).status_code == 403
    assert _entries(db) == 0


def test_page_shows_reference_for_anonymous_and_offers_the_zip(
    client: TestClient, db: Session, world: World
) -> None:
    for profile in (world.public, world.anonymous):
        db.add(ShortlistEntry(vacancy_id=world.vacancy.id, profile_id=profile.id, note="<b>x</b>"))
    db.commit()
    factories.browser_login(client, world.employer)
    page = client.get(f"/employer/vacancies/{world.vacancy.id}/shortlist")
    assert page.status_code == 200
    html = page.text
    assert "Paula Julkinen" in html and world.anonymous.reference in html
    assert "Salla" not in html and SECRET_PHONE not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    ids = f"{world.public.id},{world.anonymous.id}"
    assert f'href="/cv/download?ids={ids}"' in html
    zip_form = html.split('action="/cv/download"', 1)[1].split("</form>", 1)[0]
    assert f'name="ids" value="{ids}"' in zip_form and 'name="csrf_token"' in zip_form


def test_page_forms_need_csrf(client: TestClient, db: Session, world: World) -> None:
    factories.browser_login(client, world.employer)
    form = {"vacancy_id": world.vacancy.id, "profile_id": world.public.id, "note": "Hyvä"}
    assert client.post("/employer/shortlist", data=form).status_code == 403
    assert _entries(db) == 0
    token = factories.csrf(client, f"/employer/vacancies/{world.vacancy.id}/shortlist")
    added = client.post(
        "/employer/shortlist", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert added.status_code == 303
    assert added.headers["location"].endswith(f"/vacancies/{world.vacancy.id}/shortlist?done=added")
    assert _entries(db) == 1
    remove = f"/employer/vacancies/{world.vacancy.id}/shortlist/{world.public.id}/remove"
    assert client.post(remove).status_code == 403
    assert (
        client.post(remove, data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    assert _entries(db) == 0


def test_add_form_partial_posts_to_the_shortlist(
    app: object, client: TestClient, db: Session, world: World
) -> None:
    request = Request({"type": "http", "path": "/profiles/7", "query_string": b"", "headers": []})
    html = app.state.templates.get_template("shortlists/_add_form.html").render(  # type: ignore[attr-defined]
        request=request,
        _=Translator("fi"),
        csrf_field="csrf_token",
        csrf_token="t",
        profile_id=world.public.id,
        vacancies=[world.vacancy],
    )
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', html))
    assert 'action="/employer/shortlist"' in html
    assert fields["profile_id"] == str(world.public.id)
    assert re.search(rf'<option value="{world.vacancy.id}">', html)
    factories.browser_login(client, world.employer)
    token = factories.csrf(client, "/employer")
    posted = client.post(
        "/employer/shortlist",
        data={**fields, "csrf_token": token, "vacancy_id": world.vacancy.id},
        follow_redirects=False,
    )
    assert posted.status_code == 303 and posted.headers["location"] == "/profiles/7?shortlisted=1"
    assert _entries(db) == 1
