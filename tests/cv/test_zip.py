"""Shortlist ZIPs: one valid PDF per profile, streamed, all-or-nothing access, documented limit."""

from __future__ import annotations

import io
import re
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.cv import service
from marketplace.cv.models import CvAccessLog
from marketplace.cv.schemas import ZIP_MAX_PROFILES
from tests import factories
from tests.cv import data
from tests.cv.pdfread import ReadPdf


def _shortlist(db: Session) -> tuple[list[int], list[str]]:
    public = data.one_page(db, factories.jobseeker(db, name="Pirkko Pöyhönen"))
    anonymous = data.one_page(
        db, factories.jobseeker(db, name="Salainen Sirkka"), visibility="anonymous"
    )
    same_name = data.one_page(db, factories.jobseeker(db, name="Pirkko Pöyhönen"))
    return [public.id, anonymous.id, same_name.id], [anonymous.reference, same_name.reference]


def test_zip_holds_one_valid_pdf_per_profile(client: TestClient, db: Session) -> None:
    ids, (anonymous_ref, duplicate_ref) = _shortlist(db)
    headers = factories.login(client, factories.employer(db))
    response = client.post(
        "/api/v1/cv/zip", json={"profile_ids": ids, "lang": "sv"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["x-cv-count"] == "3"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == [
        "Pirkko Pöyhönen.pdf",
        f"{anonymous_ref}.pdf",
        f"Pirkko Pöyhönen {duplicate_ref}.pdf",
    ]
    texts = [ReadPdf.parse(archive.read(name)).text for name in names]
    assert "Pirkko Pöyhönen" in texts[0] and "ARBETSERFARENHET" in texts[0]
    assert anonymous_ref in texts[1] and "Salainen" not in texts[1] and "Sirkka" not in texts[1]
    assert "Pirkko Pöyhönen" in texts[2]


def test_zip_is_streamed_entry_by_entry(db: Session, client: TestClient) -> None:
    ids, _ = _shortlist(db)
    employer = factories.employer(db)
    chunks = list(service.zip_cvs(db, employer, ids, "fi"))
    # One chunk per rendered CV, then the central directory.
    assert len(chunks) == len(ids) + 1
    assert all(chunk.startswith(b"PK\x03\x04") for chunk in chunks[:-1])
    assert chunks[-1].startswith(b"PK\x01\x02")
    # download.js counts entries by their local header with the data-descriptor flag.
    whole = b"".join(chunks)
    headers = [m for m in re.finditer(rb"PK\x03\x04\x14\x00", whole) if whole[m.end()] & 0x08]
    assert len(headers) == len(ids)


def test_one_unviewable_profile_fails_the_whole_zip(client: TestClient, db: Session) -> None:
    ids, _ = _shortlist(db)
    hidden = data.one_page(db, factories.jobseeker(db), visibility="hidden")
    headers = factories.login(client, factories.employer(db))
    for bad in (hidden.id, 999_999):
        response = client.post("/api/v1/cv/zip", json={"profile_ids": [*ids, bad]}, headers=headers)
        assert response.status_code == 404
        assert str(bad) in response.json()["message"]
    assert db.scalar(select(func.count()).select_from(CvAccessLog)) == 0


def test_zip_limits_and_roles(client: TestClient, db: Session) -> None:
    ids, _ = _shortlist(db)
    headers = factories.login(client, factories.employer(db))
    too_many = list(range(1, ZIP_MAX_PROFILES + 2))
    for body in (
        {"profile_ids": too_many},
        {"profile_ids": []},
        {"profile_ids": ids, "lang": "de"},
        {"profile_ids": ["x"]},
        {"profile_ids": ids, "extra": 1},
    ):
        response = client.post("/api/v1/cv/zip", json=body, headers=headers)
        assert response.status_code == 422, body
    seeker = factories.login(client, factories.jobseeker(db))
    assert (
        client.post("/api/v1/cv/zip", json={"profile_ids": ids}, headers=seeker).status_code == 403
    )
    assert client.post("/api/v1/cv/zip", json={"profile_ids": ids}).status_code == 401


def test_duplicate_ids_give_one_entry(client: TestClient, db: Session) -> None:
    ids, _ = _shortlist(db)
    headers = factories.login(client, factories.employer(db))
    body = {"profile_ids": [ids[0], ids[0], ids[0]]}
    response = client.post("/api/v1/cv/zip", json=body, headers=headers)
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == ["Pirkko Pöyhönen.pdf"]
