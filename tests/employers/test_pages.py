"""Employer pages: the dashboard, the organisation form and the public organisation page."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.employers.models import Organization
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from tests import factories


def _badges(html: str) -> dict[str, str]:
    """Vacancy title -> status badge text on the dashboard."""
    rows = re.findall(
        r'<th scope="row"><a href="/vacancies/\d+">([^<]+)</a></th>\s*'
        r'<td[^>]*><span class="status-badge status-(\w+)">',
        html,
    )
    return dict(rows)


def test_dashboard_requires_an_employer(client: TestClient, db: Session) -> None:
    anonymous = client.get("/employer", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=%2Femployer"

    factories.browser_login(client, factories.jobseeker(db))
    forbidden = client.get("/employer")
    assert forbidden.status_code == 403
    assert "Ei käyttöoikeutta" in forbidden.text


def test_dashboard_lists_vacancies_with_status(client: TestClient, db: Session) -> None:
    owner = factories.employer(db, org="Kahvila Oy")
    factories.vacancy(db, owner, title="Barista julkaistu")
    factories.vacancy(db, owner, title="Luonnos", publish=False)
    withdrawn = factories.vacancy(db, owner, title="Vedetty")
    withdrawn.status = "unpublished"
    expired = factories.vacancy(db, owner, title="Vanhentunut")
    expired.deadline = date.today() - timedelta(days=2)
    db.commit()
    factories.vacancy(db, factories.employer(db, org="Muu Oy"), title="Toisen ilmoitus")
    factories.browser_login(client, owner)

    page = client.get("/employer")

    assert page.status_code == 200
    assert page.text.count("<h1") == 1
    assert "Kahvila Oy" in page.text
    assert _badges(page.text) == {
        "Barista julkaistu": "published",
        "Luonnos": "draft",
        "Vedetty": "unpublished",
        "Vanhentunut": "expired",
    }
    assert "Hakuaika päättynyt" in page.text and "Luonnos" in page.text
    assert 'href="/employer/vacancies/new"' in page.text
    assert 'href="/candidates"' in page.text


def test_organisation_form_saves_and_shows_publicly(client: TestClient, db: Session) -> None:
    owner = factories.employer(db, org="Vanha Nimi Oy")
    factories.browser_login(client, owner)
    token = factories.csrf(client, "/employer")
    municipality = "853"

    response = client.post(
        "/employer/organization",
        data={
            "csrf_token": token,
            "name": "Uusi Nimi Oy",
            "description": "Leipomo Turun keskustassa.",
            "website": "https://leipomo.example.fi",
            "municipality_code": municipality,
        },
        follow_redirects=False,
    )

    assert response.status_code == 303 and response.headers["location"] == "/employer?saved=1"
    assert "Tallennettu." in client.get("/employer?saved=1").text
    page = TestClient(client.app).get(f"/organizations/{owner.organization_id}")
    assert page.status_code == 200
    assert "<h1>Uusi Nimi Oy</h1>" in page.text
    assert "Leipomo Turun keskustassa." in page.text
    assert 'href="https://leipomo.example.fi"' in page.text
    assert get_taxonomy().label(ConceptKind.MUNICIPALITY, municipality, "fi") in page.text


def test_organisation_form_errors_save_nothing(client: TestClient, db: Session) -> None:
    owner = factories.employer(db, org="Ennallaan Oy")
    factories.browser_login(client, owner)
    token = factories.csrf(client, "/employer")

    response = client.post(
        "/employer/organization",
        data={
            "csrf_token": token,
            "name": "",
            "description": "Uusi kuvaus",
            "website": "javascript:alert(1)",
            "municipality_code": "000",
        },
    )

    assert response.status_code == 422
    assert '<a href="#name">' in response.text and '<a href="#website">' in response.text
    assert 'value="javascript:alert(1)"' in response.text  # kept for correcting, as text
    db.expire_all()
    organization = db.get(Organization, owner.organization_id)
    assert organization is not None
    assert organization.name == "Ennallaan Oy" and organization.description == ""

    unknown_place = client.post(
        "/employer/organization",
        data={"csrf_token": token, "name": "Ennallaan Oy", "municipality_code": "000"},
    )
    assert unknown_place.status_code == 422
    assert '<a href="#municipality_code">' in unknown_place.text


def test_organisation_business_id_is_corrected_only_to_a_valid_free_one(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db, org="Tunnus Oy")
    other = factories.employer(db, org="Varattu Oy")
    taken = other.organization.business_id  # type: ignore[union-attr]
    factories.browser_login(client, owner)
    token = factories.csrf(client, "/employer")
    form = {"csrf_token": token, "name": "Tunnus Oy"}
    organization_id = owner.organization_id
    original = db.get(Organization, organization_id).business_id  # type: ignore[union-attr]

    wrong = f"{original[:-1]}{(int(original[-1]) + 1) % 10}"
    for value, message in ((wrong, "tarkistusnumero"), ("", "tarkistusnumero"), (taken, "toinen")):
        refused = client.post("/employer/organization", data={**form, "business_id": value})
        assert refused.status_code == 422 and '<a href="#business_id">' in refused.text
        assert message in refused.text
    db.expire_all()
    assert db.get(Organization, organization_id).business_id == original  # type: ignore[union-attr]

    corrected = factories.business_id()
    saved = client.post(
        "/employer/organization",
        data={**form, "business_id": f" {corrected} "},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    db.expire_all()
    assert db.get(Organization, organization_id).business_id == corrected  # type: ignore[union-attr]

    # The API takes the same rules: a taken one is a conflict naming the field.
    headers = factories.login(client, owner)
    conflict = client.patch(
        "/api/v1/organizations/me", json={"business_id": taken}, headers=headers
    )
    assert conflict.status_code == 409 and conflict.json()["detail"][0]["loc"] == ["business_id"]
    bad = client.patch("/api/v1/organizations/me", json={"business_id": wrong}, headers=headers)
    assert bad.status_code == 422


def test_organisation_form_needs_csrf(client: TestClient, db: Session) -> None:
    owner = factories.employer(db, org="Turvassa Oy")
    factories.browser_login(client, owner)
    response = client.post("/employer/organization", data={"name": "Hakkeroitu"})
    assert response.status_code == 403
    db.expire_all()
    assert db.get(Organization, owner.organization_id).name == "Turvassa Oy"  # type: ignore[union-attr]


def test_organisation_page_lists_only_open_vacancies(client: TestClient, db: Session) -> None:
    owner = factories.employer(db, org="Satama Oy")
    factories.vacancy(db, owner, title="Ahtaaja")
    factories.vacancy(db, owner, title="Salainen luonnos", publish=False)
    page = client.get(f"/organizations/{owner.organization_id}")
    assert page.status_code == 200
    assert "Ahtaaja" in page.text and "Salainen luonnos" not in page.text
    assert "Avoimet työpaikat (1)" in page.text
    assert client.get("/organizations/999999").status_code == 404
    swedish = client.get(f"/organizations/{owner.organization_id}", params={"lang": "sv"})
    assert "Lediga jobb (1)" in swedish.text and "Fast anställning" in swedish.text
