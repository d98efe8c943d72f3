"""Registration, tokens, rate limit, export and deletion through the JSON API."""

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.employers.models import Organization
from marketplace.profiles.models import Profile
from tests import factories

JOBSEEKER = {
    "email": "Liisa.Laine@Example.fi",
    "password": "Vahva-salasana-1",
    "role": "jobseeker",
    "full_name": "Liisa Laine",
}


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_register_jobseeker_returns_201_and_lowercases_email(client: TestClient) -> None:
    response = client.post("/api/v1/auth/register", json=JOBSEEKER)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["email"] == "liisa.laine@example.fi"
    assert body["role"] == "jobseeker"
    assert "password" not in response.text and "argon2" not in response.text


def test_duplicate_email_is_409(client: TestClient) -> None:
    assert client.post("/api/v1/auth/register", json=JOBSEEKER).status_code == 201
    again = client.post(
        "/api/v1/auth/register", json={**JOBSEEKER, "email": "liisa.laine@example.fi"}
    )
    assert again.status_code == 409
    assert again.json()["detail"][0]["loc"] == ["email"]


def test_register_employer_with_organisation(client: TestClient, db: Session) -> None:
    data = {
        **JOBSEEKER,
        "role": "employer",
        "organization_name": "Laine Oy",
        "business_id": factories.business_id(),
    }
    response = client.post("/api/v1/auth/register", json=data)
    assert response.status_code == 201, response.text
    assert response.json()["organization"]["name"] == "Laine Oy"


def test_invalid_business_id_is_422_naming_field_and_writes_nothing(
    client: TestClient, db: Session
) -> None:
    data = {
        **JOBSEEKER,
        "role": "employer",
        "organization_name": "Laine Oy",
        "business_id": "1234567-8",
    }
    response = client.post("/api/v1/auth/register", json=data)
    assert response.status_code == 422
    assert any(d["loc"] == ["business_id"] for d in response.json()["detail"])
    assert _count(db, User) == 0 and _count(db, Organization) == 0


def test_employer_without_organisation_name_is_422(client: TestClient) -> None:
    data = {**JOBSEEKER, "role": "employer", "business_id": factories.business_id()}
    response = client.post("/api/v1/auth/register", json=data)
    assert response.status_code == 422
    assert "organization_name" in response.text


def test_weak_password_and_bad_role_are_422(client: TestClient) -> None:
    weak = client.post("/api/v1/auth/register", json={**JOBSEEKER, "password": "short"})
    assert weak.status_code == 422 and "password" in weak.text
    role = client.post("/api/v1/auth/register", json={**JOBSEEKER, "role": "admin"})
    assert role.status_code == 422 and "role" in role.text
    email = client.post("/api/v1/auth/register", json={**JOBSEEKER, "email": "not-an-email"})
    assert email.status_code == 422 and "email" in email.text


def test_token_login_and_me(client: TestClient, db: Session) -> None:
    user = factories.jobseeker(db)
    headers = factories.login(client, user)
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json()["id"] == user.id
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_login_rate_limit(client: TestClient, db: Session) -> None:
    user = factories.jobseeker(db)
    for _ in range(5):
        bad = client.post(
            "/api/v1/auth/token", data={"username": user.email, "password": "wrong-pass-1"}
        )
        assert bad.status_code == 401
    blocked = client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": factories.PASSWORD}
    )
    assert blocked.status_code == 429


def test_export_contains_profile_and_delete_removes_everything(
    client: TestClient, db: Session
) -> None:
    user = factories.jobseeker(db)
    factories.profile(db, user, headline="Kokenut lähihoitaja")
    headers = factories.login(client, user)
    export = client.get("/api/v1/me/export", headers=headers)
    assert export.status_code == 200
    assert export.json()["account"]["email"] == user.email
    assert export.json()["profile"]["headline"] == "Kokenut lähihoitaja"
    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    db.expire_all()
    assert _count(db, User) == 0 and _count(db, Profile) == 0
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_deleting_last_employer_user_deletes_organisation(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    factories.vacancy(db, owner)
    headers = factories.login(client, owner)
    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    db.expire_all()
    assert _count(db, Organization) == 0
