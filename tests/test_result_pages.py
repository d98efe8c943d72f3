"""Result pages: numbered pages (the first, the last, the neighbourhood of the current one),
what a result card says (its best matching sentence, its reasons in words), what a recruiter
can do from it (shortlist, message, CV) and the order of the results."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.pages.search import page_links
from marketplace.saved_searches.models import SavedSearch
from marketplace.shortlists.models import ShortlistEntry
from marketplace.vacancies.models import Vacancy
from tests import factories
from tests.candidates import people
from tests.candidates.people import CANARY, NURSE


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


# --- recruiter-grade cards ---------------------------------------------------------------------


def _cards(html: str) -> dict[int, str]:
    """Each result card's HTML by the profile id of its heading."""
    cards = {}
    for chunk in html.split('<li class="card">')[1:]:
        found = re.search(r'id="candidate-(\d+)"', chunk)
        if found:
            # Up to the next card, or for the last one to the filters and the pager.
            cards[int(found.group(1))] = re.split(r"<section|<nav", chunk, maxsplit=1)[0]
    return cards


def _snippets(html: str) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', html)


def _form_fields(card: str) -> dict[str, str]:
    form = card.split('action="/employer/shortlist"', 1)[1].split("</form>", 1)[0]
    return {k: unescape(v) for k, v in re.findall(r'name="([a-z_]+)" value="([^"]*)"', form)}


def _employer_with_vacancy(client: TestClient, db: Session) -> tuple[User, Vacancy]:
    employer = factories.employer(db)
    vacancy = factories.vacancy(db, employer, title="Sairaanhoitaja päivystykseen")
    factories.browser_login(client, employer)
    return employer, vacancy


def test_a_candidate_card_shows_the_sentence_matching_the_query_best(
    client: TestClient, db: Session
) -> None:
    factories.profile(
        db,
        factories.jobseeker(db),
        headline="Sairaanhoitaja",
        summary="Asun Tampereella ja pidän lentopallosta. Olen tehnyt haavanhoitoa ja "
        "lääkehoitoa päivystyksessä kuusi vuotta. Haen vakituista työtä.",
    )
    factories.browser_login(client, factories.employer(db))
    found = client.get("/candidates", params={"q": "lääkehoito haavanhoito"}).text
    assert _snippets(found) == [
        "Olen tehnyt <mark>haavanhoitoa</mark> ja <mark>lääkehoitoa</mark> päivystyksessä "
        "kuusi vuotta."
    ]
    # A match in the headline only is on the card already: the summary's first sentence.
    assert _snippets(client.get("/candidates", params={"q": "sairaanhoitaja"}).text) == [
        "Asun Tampereella ja pidän lentopallosta."
    ]
    assert _snippets(client.get("/candidates").text) == ["Asun Tampereella ja pidän lentopallosta."]


def test_a_vacancy_card_shows_the_matching_sentence_or_the_first_about_the_job(
    client: TestClient, db: Session
) -> None:
    factories.vacancy(
        db,
        factories.employer(db),
        title="Sairaanhoitaja",
        description="Yrityksemme on alan markkinajohtaja. Tehtäviisi kuuluu haavanhoito ja "
        "lääkehoito. Työ on kolmivuorotyötä.",
    )
    plain = client.get("/vacancies").text
    assert _snippets(plain) == ["Tehtäviisi kuuluu haavanhoito ja lääkehoito."]
    found = client.get("/vacancies", params={"q": "kolmivuorotyö"}).text
    assert _snippets(found) == ["Työ on <mark>kolmivuorotyötä</mark>."]


def test_candidate_cards_offer_actions_by_role_and_never_an_identity_they_hide(
    app: object, client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    _, vacancy = _employer_with_vacancy(client, db)
    html = client.get("/candidates", params={"q": "sairaanhoitaja"}).text
    assert CANARY not in html.lower() and "555 0101" not in html
    assert f"candidate-{seeded.hidden.id}" not in html
    cards = _cards(html)
    assert {seeded.public.id, seeded.anonymous.id} <= set(cards)
    for profile_id in (seeded.public.id, seeded.anonymous.id):
        card = cards[profile_id]
        fields = _form_fields(card)
        assert fields["profile_id"] == str(profile_id)
        assert fields["next"] == f"/candidates?q=sairaanhoitaja#candidate-{profile_id}"
        assert f'<option value="{vacancy.id}">Sairaanhoitaja päivystykseen</option>' in card
        assert f'href="/employer/messages/new?profile_id={profile_id}"' in card
        assert f'href="/api/v1/profiles/{profile_id}/cv.pdf"' in card
    assert "Pekka Julkinen" in cards[seeded.public.id]
    assert f"Osaaja K-{seeded.anonymous.id:06d}" in cards[seeded.anonymous.id]

    # A specialist may download the CV; shortlists and messages are the employer's.
    specialist = TestClient(app, headers={"accept-language": "fi"})  # type: ignore[arg-type]
    factories.browser_login(specialist, factories.staff(db))
    card = _cards(specialist.get("/candidates", params={"q": "sairaanhoitaja"}).text)[
        seeded.anonymous.id
    ]
    assert f'href="/api/v1/profiles/{seeded.anonymous.id}/cv.pdf"' in card
    assert "/employer/shortlist" not in card and "/employer/messages/new" not in card


def test_shortlisting_from_a_card_saves_it_and_comes_back_to_the_card(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    _, vacancy = _employer_with_vacancy(client, db)
    other = factories.vacancy(db, _owner(db, vacancy), title="Kokki")
    html = client.get("/candidates", params={"q": "sairaanhoitaja"}).text
    fields = _form_fields(_cards(html)[seeded.anonymous.id])
    posted = client.post(
        "/employer/shortlist", data={**fields, "vacancy_id": vacancy.id}, follow_redirects=False
    )
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert location == f"/candidates?q=sairaanhoitaja#candidate-{seeded.anonymous.id}"
    saved = db.scalars(select(ShortlistEntry)).all()
    assert [(e.vacancy_id, e.profile_id) for e in saved] == [(vacancy.id, seeded.anonymous.id)]
    card = _cards(client.get(location).text)[seeded.anonymous.id]
    assert "Lyhytlistalla:" in card
    assert f'href="/employer/vacancies/{vacancy.id}/shortlist">Sairaanhoitaja päivystykseen' in card
    # The other vacancy is still offered, this one no more.
    assert f'<option value="{other.id}">Kokki</option>' in card
    assert f'<option value="{vacancy.id}">' not in card


def _owner(db: Session, vacancy: Vacancy) -> User:
    return db.scalars(select(User).where(User.organization_id == vacancy.organization_id)).one()


def test_match_cards_shortlist_for_the_vacancy_and_message_about_it(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    employer = factories.employer(db)
    vacancy = factories.vacancy(
        db, employer, title="Sairaanhoitaja päivystykseen", occupation_code=NURSE
    )
    factories.browser_login(client, employer)
    html = client.get(f"/employer/vacancies/{vacancy.id}/candidates").text
    assert CANARY not in html.lower()
    card = _cards(html)[seeded.public.id]
    fields = _form_fields(card)
    assert fields["vacancy_id"] == str(vacancy.id)
    contact = f"/employer/messages/new?profile_id={seeded.public.id}&amp;vacancy_id={vacancy.id}"
    assert f'href="{contact}"' in card
    form = client.get(unescape(contact)).text
    assert re.search(r'name="subject"[^>]*value="Sairaanhoitaja päivystykseen"', form)
    assert _snippets(card) == ["Olen kokenut sairaanhoitaja ja etsin työtä Tampereelta."]


def test_reasons_say_in_words_whether_a_signal_is_met(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    factories.browser_login(client, factories.employer(db))
    html = client.get("/candidates", params={"q": "haavanhoito elvytys"}).text
    card = _cards(html)[seeded.public.id]
    good = '<span class="signal signal-good"><span aria-hidden="true">✓ </span>täyttyy</span>'
    bad = '<span class="signal signal-bad"><span aria-hidden="true">✗ </span>ei täyty</span>'
    assert re.search(re.escape(good) + r'<span class="sr-only">:</span>\s*Haettu osaaminen', card)
    assert re.search(re.escape(bad) + r'<span class="sr-only">:</span>\s*Haussa mainittua', card)
    english = client.get("/candidates", params={"q": "haavanhoito elvytys", "lang": "en"}).text
    assert ">met</span>" in english and ">not met</span>" in english


def test_candidates_sort_by_availability_or_update_and_keep_the_order_everywhere(
    client: TestClient, db: Session
) -> None:
    today = date.today()
    later, now, soon = (
        factories.profile(
            db,
            factories.jobseeker(db),
            **people.nurse_fields(wishes={"available_from": day}),
        ).id
        for day in (
            (today + timedelta(days=60)).isoformat(),
            None,
            (today + timedelta(10)).isoformat(),
        )
    )
    factories.profile(  # the earliest of all, but hidden: never listed
        db,
        factories.jobseeker(db),
        **people.nurse_fields(visibility="hidden", wishes={"available_from": today.isoformat()}),
    )
    factories.browser_login(client, factories.employer(db))
    params = {"q": "sairaanhoitaja"}

    def order(sort: str | None, **more: object) -> tuple[list[int], str]:
        html = client.get(
            "/candidates", params={**params, **more, **({"sort": sort} if sort else {})}
        ).text
        return [int(i) for i in re.findall(r'<h3 id="candidate-(\d+)"', html)], html

    ranked, ranked_html = order(None)
    soonest, html = order("soonest")
    assert soonest == [now, soon, later]  # no date means available now
    # A date order ranks nothing, yet each card still says the words were found in it.
    assert html.count("Hakusanat löytyvät profiilista.") == len(soonest)
    assert sorted(ranked) == sorted(soonest)
    assert order("newest")[0] == [soon, now, later]  # all updated today: newest profile first
    assert '<option value="soonest" selected>' in html
    assert '<option value="relevance" selected>' in ranked_html
    count = re.compile(r"(\d+) osaaja")
    assert count.findall(html)[:1] == count.findall(ranked_html)[:1]
    # The page links carry the order.
    _, paged = order("soonest", limit=1)
    assert re.search(r'href="/candidates\?[^"]*sort=soonest[^"]*offset=1" rel="next"', paged)
    # And so does a saved search.
    token = factories.csrf(client, "/candidates")
    saved = client.post(
        "/me/saved-searches",
        data={"csrf_token": token, "name": "Pian vapaat", "query": "q=sairaanhoitaja&sort=soonest"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    search = db.scalars(select(SavedSearch)).one()
    assert search.params == {"q": ["sairaanhoitaja"], "sort": ["soonest"]}
    listing = client.get("/me/saved-searches").text
    assert "Järjestys: Aikaisimmin käytettävissä ensin" in listing
    assert "/candidates?q=sairaanhoitaja&amp;sort=soonest" in listing


def test_vacancies_sort_by_closing_date_or_publication(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    today = date.today()
    late, open_ended, early = (
        factories.vacancy(db, owner, title="Siivooja", deadline=deadline).id
        for deadline in (today + timedelta(days=20), None, today + timedelta(days=5))
    )

    def order(sort: str) -> list[int]:
        html = client.get("/vacancies", params={"q": "siivooja", "sort": sort}).text
        return [int(i) for i in re.findall(r'<h3><a href="/vacancies/(\d+)">', html)]

    assert order("soonest") == [early, late, open_ended]  # open until filled: last
    assert order("newest") == [early, open_ended, late]  # published today: newest first
    assert sorted(order("relevance")) == sorted([late, open_ended, early])
    page = client.get("/vacancies", params={"sort": "soonest"}).text
    assert '<option value="soonest" selected>Haku päättyy ensin</option>' in page
    assert client.get("/vacancies", params={"sort": "cheapest"}).status_code == 422
