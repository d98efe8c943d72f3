"""Candidate search page: results with reasons, concept links, privacy and who may open it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from search.base import SearchUnavailable
from tests import factories
from tests.candidates import people
from tests.candidates.people import CANARY, NURSE, TAMPERE


def _employer(client: TestClient, db: Session) -> None:
    factories.browser_login(client, factories.employer(db))


def test_search_page_shows_candidates_with_reasons(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    _employer(client, db)
    page = client.get("/candidates", params={"q": "sairaanhoitaja", "municipality": TAMPERE})
    assert page.status_code == 200, page.text
    html = page.text
    assert CANARY not in html.lower()
    assert f'href="/profiles/{seeded.public.id}">Pekka Julkinen</a>' in html
    assert f'href="/profiles/{seeded.anonymous.id}">Osaaja K-{seeded.anonymous.id:06d}</a>' in html
    assert f"/profiles/{seeded.hidden.id}" not in html
    assert "Asuu tai hakee työtä haetulta alueelta: Tampere." in html
    assert "Haettu ammatti: Sairaanhoitaja." in html
    assert "<mark>" in html
    # The municipality filter offers Tampere with the two searchable profiles there.
    assert re.search(rf'<option value="{TAMPERE}" selected>Tampere \(2\)</option>', html)


def test_reasons_follow_the_ui_language(client: TestClient, db: Session) -> None:
    people.seed(db)
    _employer(client, db)
    html = client.get("/candidates", params={"q": "nurse", "municipality": TAMPERE, "lang": "en"})
    assert "Lives in or seeks work in the area asked for: Tampere." in html.text
    html = client.get("/candidates", params={"municipality": TAMPERE, "lang": "sv"})
    assert "Bor eller söker arbete i det sökta området: Tammerfors." in html.text


def test_typed_words_offer_concepts_that_filter_by_code(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    _employer(client, db)
    html = client.get("/candidates", params={"q": "sairaanhoi"}).text
    match = re.search(r'<a href="([^"]+)">Hae ammatilla: Sairaanhoitaja</a>', html)
    assert match, html
    url = unquote(match.group(1).replace("&amp;", "&"))
    # The half-typed word stood for the occupation: the filter says it now.
    assert parse_qs(urlsplit(url).query) == {"occupation": [NURSE]}
    filtered = client.get(url).text
    assert f"/profiles/{seeded.public.id}" in filtered
    assert f"/profiles/{seeded.cook.id}" not in filtered
    assert "Hae ammatilla: Sairaanhoitaja" not in filtered


def test_empty_forms_values_are_ignored_and_bad_ones_are_422(
    client: TestClient, db: Session
) -> None:
    people.seed(db)
    _employer(client, db)
    blank = {"q": "", "skill": "", "municipality": "", "available_from": ""}
    assert client.get("/candidates", params=blank).status_code == 200
    bad = client.get("/candidates", params={"skill": "NOPE"})
    assert bad.status_code == 422 and "skill" in bad.text
    assert client.get("/candidates", params={"available_from": "huomenna"}).status_code == 422
    past = client.get("/candidates", params={"offset": 40})
    assert past.status_code == 200 and "Tällä sivulla ei ole enempää tuloksia." in past.text


def test_only_employers_and_staff_open_the_page(client: TestClient, db: Session) -> None:
    response = client.get("/candidates", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    factories.browser_login(client, factories.jobseeker(db))
    assert client.get("/candidates").status_code == 403


def test_search_outage_is_a_503_page(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _employer(client, db)

    def down(*args: object, **kwargs: object) -> None:
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(client.app.state.search, "search", down)  # type: ignore[attr-defined]
    response = client.get("/candidates", params={"q": "kokki"})
    assert response.status_code == 503 and "<html" in response.text
