"""The registration form tells what is wrong in the page's language, naming the field."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories

ENGLISH = ("value is not a valid", "String should", "Input should", "Business ID must", "already")


def _register(client: TestClient, lang: str, **fields: str) -> tuple[int, str]:
    csrf = factories.csrf(client, f"/register?lang={lang}")
    form = {"role": "jobseeker", "full_name": "Testi", "email": "uusi@example.fi"}
    form |= {"password": factories.PASSWORD, "password_confirm": factories.PASSWORD}
    response = client.post("/register", data={**form, **fields, "csrf_token": csrf})
    return response.status_code, response.text


def test_field_errors_are_sentences_in_the_pages_language(client: TestClient) -> None:
    status, page = _register(client, "fi", email="ei-osoite", full_name="")
    assert status == 422
    assert "Sähköposti: anna sähköpostiosoite muodossa nimi@esimerkki.fi." in page
    assert "Nimi: täytä tämä kenttä." in page
    status, page = _register(client, "sv", email="ei-osoite")
    assert "E-post: ange e-postadressen i formen namn@exempel.fi." in page
    assert not any(text in page for text in ENGLISH)


def test_an_employers_business_id_and_a_taken_email_are_explained(
    client: TestClient, db: Session
) -> None:
    factories.jobseeker(db, email="varattu@example.fi")
    employer = {"role": "employer", "organization_name": "", "business_id": "1234567-2"}
    status, page = _register(client, "en", **employer)
    assert status == 422
    assert "Enter the business ID as 1234567-8; the check digit does not match." in page
    assert "Organisation name: fill in this field." in page
    status, page = _register(client, "fi", email="varattu@example.fi")
    assert status == 409 and "Tällä sähköpostiosoitteella on jo tili." in page
    assert not any(text in page for text in ENGLISH)
