"""Matching pages: an employer's ranked candidates and a jobseeker's recommendations."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from starlette.requests import Request

from marketplace.matches.service import recommendations_for
from marketplace.web import render
from search.base import SearchUnavailable
from tests import factories
from tests.candidates import people
from tests.candidates.people import CANARY, NURSE


def test_vacancy_candidates_page_tells_the_reasons(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    owner = factories.employer(db)
    vacancy = factories.vacancy(
        db, owner, occupation_code=NURSE, required_skills=["S0040", "S0046"]
    )
    factories.browser_login(client, owner)
    page = client.get(f"/employer/vacancies/{vacancy.id}/candidates")
    assert page.status_code == 200, page.text
    html = page.text
    assert CANARY not in html.lower()
    assert f"/profiles/{seeded.hidden.id}" not in html
    assert f"Osaaja K-{seeded.anonymous.id:06d}" in html and "Pekka Julkinen" in html
    for sentence in (
        "Osaaminen vastaa ilmoitusta: Lääkehoito.",
        "Sama ammatti: Sairaanhoitaja.",
        "Nykyinen työ on samassa ammatissa.",
        "Sijainti sopii: Tampere.",
        "Työaika sopii: Kokoaikainen.",
    ):
        assert sentence in html, sentence
    assert "Vaadittua osaamista puuttuu:" in html
    english = client.get(f"/employer/vacancies/{vacancy.id}/candidates", params={"lang": "en"})
    assert "Same occupation: Registered nurse." in english.text


def test_vacancy_candidates_page_is_for_the_own_organisation(
    client: TestClient, db: Session
) -> None:
    vacancy = factories.vacancy(db, factories.employer(db))
    path = f"/employer/vacancies/{vacancy.id}/candidates"
    assert client.get(path, follow_redirects=False).status_code == 303
    factories.browser_login(client, factories.employer(db, org="Muu Oy"))
    assert client.get(path).status_code == 403


def test_recommendations_page_and_my_page_section(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    vacancy = factories.vacancy(db, factories.employer(db), occupation_code=NURSE)
    factories.browser_login(client, seeded.public.user)
    page = client.get("/me/recommendations")
    assert page.status_code == 200, page.text
    assert f'href="/vacancies/{vacancy.id}"' in page.text
    assert "Sama ammatti: Sairaanhoitaja." in page.text
    my_page = client.get("/me")
    assert my_page.status_code == 200
    assert 'href="/me/recommendations"' in my_page.text


def test_recommendations_for_my_page_survive_an_outage(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = people.seed(db)
    vacancy = factories.vacancy(db, factories.employer(db), occupation_code=NURSE)
    app = client.app
    request = Request(
        {
            "type": "http",
            "app": app,
            "headers": [],
            "path": "/me",
            "query_string": b"",
            "session": {},
        }
    )
    request.state.lang = "fi"
    services = app.state.services  # type: ignore[attr-defined]
    found = recommendations_for(services, db, seeded.public.user, limit=5)
    assert [rec.match.id for rec in found.items] == [vacancy.id] and not found.unavailable
    html = render(request, "profiles/_recommendations.html", recommendations=found).body.decode()
    assert "Sama ammatti: Sairaanhoitaja." in html

    def down(*args: object, **kwargs: object) -> None:
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(app.state.search, "search", down)  # type: ignore[attr-defined]
    found = recommendations_for(services, db, seeded.public.user)
    assert found.unavailable and found.items == []
