"""CV pages: the print view, the recruiters' download page and the jobseeker's access log."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories
from tests.cv import data


def test_print_view_is_the_cv_template_with_print_tools(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    factories.browser_login(client, owner)
    page = client.get(f"/profiles/{profile.id}/cv?lang=sv")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="sv">' in html and "Arbetserfarenhet" in html and data.NAME in html
    assert 'href="/static/cv/cv.css"' in html and "/static/cv/print.js" in html
    assert "data-print" in html and "Skriv ut" in html
    assert f"/api/v1/profiles/{profile.id}/cv.pdf?lang=sv" in html
    assert client.get("/static/cv/cv.css").status_code == 200
    assert client.get("/static/cv/fonts/DejaVuSansCondensed.ttf").status_code == 200


def test_print_view_escapes_markup_and_anonymises_for_employers(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(
        db, owner, visibility="anonymous", summary='<img src="x" onerror="alert(1)">'
    )
    factories.browser_login(client, factories.employer(db))
    html = client.get(f"/profiles/{profile.id}/cv").text
    assert '<img src="x"' not in html and "&lt;img src=&#34;x&#34;" in html
    for secret in ("Söderström", owner.email, data.PHONE, "Linnankatu"):
        assert secret not in html
    assert profile.reference in html


def test_print_view_errors(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db)
    hidden = data.one_page(db, owner, visibility="hidden")
    assert client.get(f"/profiles/{hidden.id}/cv", follow_redirects=False).status_code == 303
    factories.browser_login(client, factories.employer(db))
    assert client.get(f"/profiles/{hidden.id}/cv").status_code == 404
    assert client.get(f"/profiles/{hidden.id}/cv?lang=xx").status_code == 422


def test_download_page_lists_candidates_and_posts_the_zip(client: TestClient, db: Session) -> None:
    first = data.one_page(db, factories.jobseeker(db, name="Pirkko Pöyhönen"))
    second = data.one_page(db, factories.jobseeker(db), visibility="anonymous")
    factories.browser_login(client, factories.employer(db))
    page = client.get(f"/cv/download?ids={first.id},{second.id}")
    assert page.status_code == 200
    assert "Pirkko Pöyhönen" in page.text and second.reference in page.text
    assert "<progress" in page.text and 'aria-live="polite"' in page.text
    assert "/static/cv/download.js" in page.text
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    ids = f"{first.id},{second.id}"
    response = client.post("/cv/download", data={"ids": ids, "lang": "en", "csrf_token": token})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["Pirkko Pöyhönen.pdf", f"{second.reference}.pdf"]
    no_token = client.post("/cv/download", data={"ids": ids, "lang": "en"})
    assert no_token.status_code == 403


def test_download_page_bad_input(client: TestClient, db: Session) -> None:
    hidden = data.one_page(db, factories.jobseeker(db), visibility="hidden")
    factories.browser_login(client, factories.employer(db))
    assert client.get("/cv/download?ids=1,x").status_code == 422
    many = ",".join(str(i) for i in range(1, 60))
    assert client.get(f"/cv/download?ids={many}").status_code == 422
    assert client.get(f"/cv/download?ids={hidden.id}").status_code == 404
    empty = client.get("/cv/download")
    assert empty.status_code == 200 and "Valitse ensin hakijoita." in empty.text


def test_access_log_page_and_partial(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db)
    profile = data.one_page(db, owner)
    employer = factories.employer(db, org="Hämeen Hoiva Oy")
    client.get(f"/api/v1/profiles/{profile.id}/cv.pdf", headers=factories.login(client, employer))
    factories.browser_login(client, owner)
    page = client.get("/me/cv-views")
    assert page.status_code == 200
    assert "Hämeen Hoiva Oy" in page.text and employer.full_name in page.text
    assert "PDF-lataus" in page.text and '<th scope="col">' in page.text
    factories.browser_login(client, employer)
    assert client.get("/me/cv-views").status_code == 403
