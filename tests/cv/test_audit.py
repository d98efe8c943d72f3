"""The CV access log: every view or download by others is logged; the jobseeker sees the list."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role
from marketplace.cv import service
from marketplace.cv.models import CvAccessLog, CvFormat
from marketplace.service_model.models import Customer
from tests import factories
from tests.cv import data


def test_employer_downloads_and_views_are_logged_and_listed(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    employer = factories.employer(db, org="Hämeen Hoiva Oy")
    headers = factories.login(client, employer)
    assert client.get(f"/api/v1/profiles/{profile.id}/cv.pdf", headers=headers).status_code == 200
    zip_body = {"profile_ids": [profile.id], "lang": "en"}
    assert client.post("/api/v1/cv/zip", json=zip_body, headers=headers).status_code == 200
    factories.browser_login(client, employer)
    assert client.get(f"/profiles/{profile.id}/cv").status_code == 200

    views = client.get("/api/v1/me/cv-views", headers=factories.login(client, owner)).json()
    assert [v["format"] for v in views] == ["print", "zip", "pdf"]
    for view in views:
        assert view["organization_name"] == "Hämeen Hoiva Oy"
        assert view["viewer_name"] == employer.full_name
        assert view["created_at"]
    row = db.scalars(select(CvAccessLog)).first()
    assert row is not None and row.organization_id == employer.organization_id
    assert row.viewer_user_id == employer.id


def test_owner_views_are_not_logged_and_others_logs_are_private(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    headers = factories.login(client, owner)
    client.get(f"/api/v1/profiles/{profile.id}/cv.pdf", headers=headers)
    assert client.get("/api/v1/me/cv-views", headers=headers).json() == []
    client.get(
        f"/api/v1/profiles/{profile.id}/cv.pdf",
        headers=factories.login(client, factories.employer(db)),
    )
    other = factories.jobseeker(db)
    data.one_page(db, other)
    assert client.get("/api/v1/me/cv-views", headers=factories.login(client, other)).json() == []
    assert len(client.get("/api/v1/me/cv-views", headers=headers).json()) == 1
    employer_headers = factories.login(client, factories.employer(db))
    assert client.get("/api/v1/me/cv-views", headers=employer_headers).status_code == 403


def test_specialist_views_are_logged_without_organisation(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner, visibility="hidden")
    specialist = factories.staff(db, Role.SPECIALIST)
    db.add(
        Customer(
            user_id=owner.id, specialist_id=specialist.id, registered_on=profile.created_at.date()
        )
    )
    db.commit()
    client.get(f"/api/v1/profiles/{profile.id}/cv.pdf", headers=factories.login(client, specialist))
    views = client.get("/api/v1/me/cv-views", headers=factories.login(client, owner)).json()
    assert len(views) == 1 and views[0]["organization_name"] == ""
    assert views[0]["viewer_name"] == specialist.full_name


def test_304_revalidation_is_a_view_too(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db)
    profile = data.one_page(db, owner)
    headers = factories.login(client, factories.employer(db))
    first = client.get(f"/api/v1/profiles/{profile.id}/cv.pdf", headers=headers)
    again = client.get(
        f"/api/v1/profiles/{profile.id}/cv.pdf",
        headers={**headers, "If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304
    assert (
        len(client.get("/api/v1/me/cv-views", headers=factories.login(client, owner)).json()) == 2
    )


def test_rejected_requests_log_nothing(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db)
    profile = data.one_page(db, owner, visibility="hidden")
    headers = factories.login(client, factories.employer(db))
    assert client.get(f"/api/v1/profiles/{profile.id}/cv.pdf", headers=headers).status_code == 404
    assert (
        client.get(f"/api/v1/profiles/{profile.id}/cv.pdf?lang=xx", headers=headers).status_code
        == 422
    )
    assert db.scalars(select(CvAccessLog)).all() == []


def test_record_access_for_other_pages_and_pagination(db: Session, client: TestClient) -> None:
    owner = factories.jobseeker(db)
    profile = data.one_page(db, owner)
    employer = factories.employer(db)
    assert service.record_access(db, employer, [profile.id, 999_999], CvFormat.PROFILE_VIEW) == 1
    assert service.record_access(db, owner, [profile.id], CvFormat.PROFILE_VIEW) == 0
    for _ in range(4):
        service.record_access(db, employer, [profile.id], CvFormat.PDF)
    db.commit()
    assert len(service.access_log(db, owner, limit=3)) == 3
    assert len(service.access_log(db, owner, limit=3, offset=3)) == 2
    headers = factories.login(client, owner)
    page = client.get("/api/v1/me/cv-views?limit=2&offset=4", headers=headers).json()
    assert [v["format"] for v in page] == ["profile_view"]
    assert client.get("/api/v1/me/cv-views?limit=0", headers=headers).status_code == 422


def test_log_is_in_the_data_export_and_goes_with_the_profile(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db)
    profile = data.one_page(db, owner)
    employer = factories.employer(db, org="Vientipörssi Oy")
    client.get(f"/api/v1/profiles/{profile.id}/cv.pdf", headers=factories.login(client, employer))
    export = client.get("/api/v1/me/export", headers=factories.login(client, owner)).json()
    assert export["cv_views"][0]["organization_name"] == "Vientipörssi Oy"
    db.delete(profile)
    db.commit()
    assert db.scalars(select(CvAccessLog)).all() == []
