"""Result pages: numbered pages (the first, the last, the neighbourhood of the current one) and
what a result card says."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.pages.search import page_links
from tests import factories


def _shown(offset: int, limit: int, total: int) -> list[str]:
    return [
        "…" if p.number is None else f"{p.number}{'*' if p.current else ''}"
        for p in page_links(offset, limit, total)
    ]


def test_pages_around_the_current_one_with_gaps_between() -> None:
    assert _shown(0, 20, 400) == ["1*", "2", "3", "…", "20"]
    assert _shown(100, 20, 400) == ["1", "…", "4", "5", "6*", "7", "8", "…", "20"]
    assert _shown(80, 20, 400) == ["1", "2", "3", "4", "5*", "6", "7", "…", "20"]  # no 1-page gap
    assert _shown(380, 20, 400) == ["1", "…", "18", "19", "20*"]
    assert _shown(0, 20, 20) == []  # one page needs no numbers
    assert _shown(0, 20, 10**6)[-1] == "500"  # only pages the engines can reach


def test_the_vacancy_search_links_numbered_pages(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    for n in range(45):
        factories.vacancy(db, owner, title=f"Siivooja {n}")
    page = client.get("/vacancies", params={"limit": 20, "offset": 20}).text
    assert 'aria-current="page" aria-label="Sivu 2">2</a>' in page
    assert 'aria-label="Sivu 3">3</a>' in page and 'aria-label="Sivu 1">1</a>' in page


def test_vacancy_cards_say_when_they_were_published(client: TestClient, db: Session) -> None:
    vacancy = factories.vacancy(db, factories.employer(db), title="Leipuri")
    assert vacancy.published_at is not None
    card = client.get("/vacancies", params={"q": "leipuri"}).text
    published = vacancy.published_at
    assert f"Julkaistu: {published.day}.{published.month}.{published.year}" in card
