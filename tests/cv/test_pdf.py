"""The CV PDF: content, languages, pagination, metadata, fonts, and who gets which CV."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role
from marketplace.cv import render
from marketplace.service_model.models import Customer
from tests import factories
from tests.cv import data
from tests.cv.pdfread import ReadPdf


def _pdf_url(profile_id: int, lang: str | None = None) -> str:
    url = f"/api/v1/profiles/{profile_id}/cv.pdf"
    return f"{url}?lang={lang}" if lang else url


def test_public_cv_has_every_section_with_finnish_characters_intact(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    response = client.get(
        _pdf_url(profile.id, "fi"), headers=factories.login(client, factories.employer(db))
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pdf = ReadPdf.parse(response.content)
    assert len(pdf.pages) == 1
    text = pdf.text
    for expected in (
        data.NAME,
        "Hämeenlinnan kaupunki",
        "Åbo Akademi",
        "Sairaanhoitaja, kokemusta päivystyksestä",
        data.PHONE,
        owner.email,
        data.ADDRESS,
        "Asiakaspalvelu",
        "päivystys",
        "Äidinkieli",
        "ADR-ajolupa",
        "Tampere",
        "Uusimaa",
        "Kokoaikainen",
        "Vakituinen",
        "1/2001 – 6/2002",
        # Section headings, in Finnish.
        "ESITTELY",
        "OSAAMINEN",
        "TYÖKOKEMUS",
        "KOULUTUS",
        "KIELITAITO",
        "KORTIT JA LUVAT",
        "TOIVEET TYÖSTÄ",
    ):
        assert expected in text, expected
    assert "på svenska går det bra" in text and "Åbossa" in text
    # No footer on the first page.
    assert not re.search(r"\b1 / 1\b", text)


def test_metadata_title_author_language_and_pdf_ua(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    response = client.get(_pdf_url(profile.id, "sv"), headers=factories.login(client, owner))
    pdf = ReadPdf.parse(response.content)
    assert pdf.title == f"Meritförteckning – {data.NAME}"
    assert pdf.author == data.NAME
    assert pdf.language == "sv"
    catalog = pdf.catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and re.search(r"pdfuaid:part(>|=\")1", xmp)
    assert response.content[:8] == b"%PDF-1.7"


def test_fonts_are_the_bundled_ones_and_embedded(
    client: TestClient, db: Session, spy_renderer: render.PdfRenderer
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    response = client.get(_pdf_url(profile.id), headers=factories.login(client, owner))
    fonts = ReadPdf.parse(response.content).embedded_fonts()
    assert fonts and all(fonts.values()), fonts
    # Our @font-face family names, so no system font stood in for the bundled files.
    assert all("CV-Sans" in name or "CV-Serif" in name for name in fonts), fonts
    served = {url.rsplit("/", 1)[-1] for url in spy_renderer.fetcher.requested}
    assert {"DejaVuSansCondensed.ttf", "DejaVuSerif-Bold.ttf"} <= served


def test_labels_and_taxonomy_terms_follow_the_cv_language(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    headers = factories.login(client, owner)
    sv = ReadPdf.parse(client.get(_pdf_url(profile.id, "sv"), headers=headers).content).text
    en = ReadPdf.parse(client.get(_pdf_url(profile.id, "en"), headers=headers).content).text
    assert "ARBETSERFARENHET" in sv and "Tammerfors" in sv and "Modersmål" in sv
    assert "Nyland" in sv and "Kundservice" in sv and "TYÖKOKEMUS" not in sv
    assert "WORK EXPERIENCE" in en and "Native" in en and "Customer service" in en
    assert "Jan 2001 – Jun 2002" in en


def test_long_profile_paginates_with_running_footer_from_page_two(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.long_profile(db, owner)
    response = client.get(_pdf_url(profile.id), headers=factories.login(client, owner))
    pdf = ReadPdf.parse(response.content)
    pages = pdf.pages
    total = len(pages)
    assert total >= 2
    assert f"1 / {total}" not in pages[0]
    assert pages[0].count(data.NAME) == 1  # the heading only: no footer on the first page
    for number, text in enumerate(pages[1:], start=2):
        assert f"{number} / {total}" in text, (number, text[-200:])
        assert data.NAME in text
    assert "Sairaanhoitaja 13" in pdf.text


@pytest.mark.slow
def test_profile_at_every_limit_still_renders_and_paginates(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    # One enormous unbroken word too: it must wrap, not run off the page or stop the render.
    unbroken = "Hämeenlinna" * 180
    summary = ("Åbo " * 1200)[:4990]
    work = [data.work_item(i, ("sana " * 400)[:2000]) for i in range(39)]
    work.append(data.work_item(99, unbroken[:2000]))
    profile = data.one_page(db, owner, summary=summary, work=work)
    response = client.get(_pdf_url(profile.id), headers=factories.login(client, owner))
    assert response.status_code == 200
    pdf = ReadPdf.parse(response.content)
    total = len(pdf.pages)
    assert total >= 10
    assert f"{total} / {total}" in pdf.pages[-1]
    assert "Sairaanhoitaja 99" in pdf.text


def test_anonymous_profile_gives_employers_a_cv_without_identity(
    client: TestClient, db: Session
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner, visibility="anonymous")
    response = client.get(
        _pdf_url(profile.id), headers=factories.login(client, factories.employer(db))
    )
    assert response.status_code == 200
    pdf = ReadPdf.parse(response.content)
    raw = response.content
    for secret in ("Åsa", "Söderström", "Hämäläinen", owner.email, data.PHONE, "Linnankatu"):
        assert secret not in pdf.text, secret
        assert secret.encode() not in raw
    assert profile.reference in pdf.text
    assert pdf.author == profile.reference
    assert profile.reference in pdf.title and data.NAME not in pdf.title
    # The work history stays, without the names of employers and schools: with dates they
    # tell who the person is.
    assert "Sairaanhoitaja 1" in pdf.text and "Sairaanhoitaja (AMK)" in pdf.text
    for named in ("Hämeenlinnan kaupunki", "Åbo Akademi"):
        assert named not in pdf.text, named


def test_owner_and_specialist_always_get_the_full_cv(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner, visibility="anonymous")
    specialist = factories.staff(db, Role.SPECIALIST)
    db.add(
        Customer(
            user_id=owner.id, specialist_id=specialist.id, registered_on=profile.created_at.date()
        )
    )
    db.commit()
    for viewer in (owner, specialist):
        response = client.get(_pdf_url(profile.id), headers=factories.login(client, viewer))
        pdf = ReadPdf.parse(response.content)
        assert data.NAME in pdf.text and data.PHONE in pdf.text and owner.email in pdf.text
        assert pdf.author == data.NAME


def test_hidden_profile_is_404_to_everyone_but_owner(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner, visibility="hidden")
    for viewer in (factories.employer(db), factories.jobseeker(db), factories.staff(db)):
        response = client.get(_pdf_url(profile.id), headers=factories.login(client, viewer))
        assert response.status_code == 404, viewer.role
    assert (
        client.get(_pdf_url(profile.id), headers=factories.login(client, owner)).status_code == 200
    )


def test_bad_requests(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db)
    profile = data.one_page(db, owner)
    headers = factories.login(client, factories.employer(db))
    assert client.get(_pdf_url(profile.id)).status_code == 401
    assert client.get(_pdf_url(999_999), headers=headers).status_code == 404
    for lang in ("de", "FI", "fi-FI", ""):
        response = client.get(f"{_pdf_url(profile.id)}?lang={lang}", headers=headers)
        assert response.status_code == 422, lang
        assert "lang" in response.text


def test_etag_gives_304_without_rendering_and_cache_serves_repeats(
    client: TestClient, db: Session, monkeypatch: object
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner)
    headers = factories.login(client, factories.employer(db))
    calls: list[int] = []
    real_render = render.RENDERER.render

    def counting(html: str) -> bytes:
        calls.append(1)
        return real_render(html)

    monkeypatch.setattr(render.RENDERER, "render", counting)  # type: ignore[attr-defined]
    first = client.get(_pdf_url(profile.id, "fi"), headers=headers)
    etag = first.headers["etag"]
    assert first.status_code == 200 and len(calls) == 1
    assert etag.startswith(f'"cv-{profile.id}-{profile.version}-fi-f-')
    assert first.headers["last-modified"].endswith("GMT")
    assert "filename*=UTF-8''" in first.headers["content-disposition"]

    again = client.get(_pdf_url(profile.id, "fi"), headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and len(calls) == 1
    since = client.get(
        _pdf_url(profile.id, "fi"),
        headers={**headers, "If-Modified-Since": first.headers["last-modified"]},
    )
    assert since.status_code == 304 and len(calls) == 1

    cached = client.get(_pdf_url(profile.id, "fi"), headers=headers)
    assert cached.status_code == 200 and cached.content == first.content and len(calls) == 1

    other_lang = client.get(_pdf_url(profile.id, "sv"), headers={**headers, "If-None-Match": etag})
    assert other_lang.status_code == 200 and other_lang.headers["etag"] != etag

    data.one_page(db, owner, headline="Osastonhoitaja")  # a new version
    changed = client.get(_pdf_url(profile.id, "fi"), headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert "Osastonhoitaja" in ReadPdf.parse(changed.content).text


def test_anonymised_and_full_cvs_have_different_etags(client: TestClient, db: Session) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    profile = data.one_page(db, owner, visibility="anonymous")
    employer = client.get(
        _pdf_url(profile.id, "fi"), headers=factories.login(client, factories.employer(db))
    )
    own = client.get(
        _pdf_url(profile.id, "fi"),
        headers={**factories.login(client, owner), "If-None-Match": employer.headers["etag"]},
    )
    assert own.status_code == 200
    assert "-a-" in employer.headers["etag"] and "-f-" in own.headers["etag"]
    assert data.NAME in ReadPdf.parse(own.content).text
