"""A query in which nothing can be evidence finds nothing, on both search pages and APIs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories
from tests.candidates import people

NONSENSE = ["xyzzyqwerty", "%%%", "ja tai", "!!! ???"]


def _employer(client: TestClient, db: Session) -> dict[str, str]:
    return factories.login(client, factories.employer(db))


@pytest.mark.parametrize("q", NONSENSE)
def test_nonsense_finds_no_candidates_and_no_counts(
    client: TestClient, db: Session, q: str
) -> None:
    people.seed(db)
    body = client.get("/api/v1/candidates", params={"q": q}, headers=_employer(client, db)).json()
    assert body["total"] == 0 and body["items"] == []
    assert all(not counts for counts in body["facets"].values())
    # The empty answer says how the query was read and offers a way on.
    assert body["query"]["concepts"] == [] and body["query"]["places"] == []
    assert body["query"]["popular_occupations"]
    assert body["query"]["searchable"] is (q == "xyzzyqwerty")


@pytest.mark.parametrize("q", NONSENSE)
def test_nonsense_finds_no_vacancies(client: TestClient, db: Session, q: str) -> None:
    owner = factories.employer(db)
    factories.vacancy(db, owner, occupation_code=people.NURSE)
    listed = client.get("/api/v1/vacancies").json()
    assert listed["total"] >= 1
    body = client.get("/api/v1/vacancies", params={"q": q}).json()
    assert body["total"] == 0 and body["items"] == []
    assert all(not counts for counts in body["facets"].values())
    assert body["query"]["popular_occupations"]


def test_search_pages_show_a_helpful_empty_state(client: TestClient, db: Session) -> None:
    people.seed(db)
    factories.vacancy(db, factories.employer(db), occupation_code=people.NURSE)
    factories.browser_login(client, factories.employer(db))
    page = client.get("/candidates", params={"q": "%%%"})
    assert page.status_code == 200
    assert "Hakusanoissa ei ollut mitään haettavaa" in page.text
    assert "Usein haettuja ammatteja" in page.text
    vacancies = client.get("/vacancies", params={"q": "putkiasentja"})
    assert vacancies.status_code == 200
    # A misspelt occupation nobody offers: searched as spelt right, and nothing found.
    assert "joten haettiin: putkiasentja → <strong>putkiasentaja</strong>" in vacancies.text
    assert "Usein haettuja ammatteja" in vacancies.text
    # Two words as close, neither held: nothing to choose, so the spellings are offered.
    unsure = client.get("/vacancies", params={"q": "enginer"})
    assert "Tarkoititko" in unsure.text and "engineer" in unsure.text
    assert "joten haettiin" not in unsure.text


def test_a_real_query_reports_the_fitting_candidates_not_the_pool(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    everyone = client.get("/api/v1/candidates", headers=headers).json()["total"]
    body = client.get(
        "/api/v1/candidates", params={"q": "sairaanhoitaja Tampere"}, headers=headers
    ).json()
    ids = [item["id"] for item in body["items"]]
    assert seeded.cook.id not in ids and body["total"] < everyone
    assert body["total"] == len(ids)
    assert {c["code"] for c in body["query"]["concepts"]} == {"2221.1"}
