"""Jobseeker forms in a real Chromium: the vacancy search (front page and search page), saved
searches, the reply in a conversation and deleting the account. Each form is sent with
invalid input (nothing written; the error next to the field and in the error summary, in
Finnish, and for some in Swedish or English) and with valid input (what was saved)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.i18n.validation import labelled
from marketplace.messaging import service as messaging
from marketplace.messaging.models import Conversation, Message
from marketplace.messaging.schemas import ContactIn
from marketplace.profiles.models import Profile
from marketplace.saved_searches.models import SavedSearch
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import audit
from tests.browser.test_forms_accounts import (
    en,
    expect_field_error,
    fi,
    missing,
    sign_in,
    submit,
    sv,
)

pytestmark = pytest.mark.browser

TITLE = "Kirjastonhoitaja Tampereen pääkirjastoon"


@dataclass
class Seeded:
    vacancy_id: int
    employer_email: str


@pytest.fixture(scope="module")
def seeded(live_server: LiveServer) -> Seeded:
    """A librarian vacancy that the searches find."""
    with live_server.session() as db:
        owner = factories.employer(db, org="Kirjasto Oy", email="kirjasto@forms.example.fi")
        vacancy = factories.vacancy(
            db, owner, title=TITLE, description="Haemme kirjastonhoitajaa asiakaspalveluun."
        )
    live_server.index_now()
    return Seeded(vacancy.id, owner.email)


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    """One browser profile for the module; each test starts it signed out and in Finnish."""
    context = browser.new_context(locale="fi-FI")
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _fresh(page: Page) -> None:
    page.context.clear_cookies()


def _jobseeker(live_server: LiveServer, email: str, name: str, **profile: object) -> int:
    """A jobseeker with a public profile; the profile's id."""
    with live_server.session() as db:
        user = factories.jobseeker(db, name=name, email=email)
        profile_id = factories.profile(db, user, **profile).id
    live_server.index_now()
    return profile_id


# --- the GET forms: front page and vacancy search --------------------------------------------


def test_search_from_the_front_page_and_refused_parameters_on_the_search_page(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    base = live_server.url
    page.goto(f"{base}/")
    page.fill("main #q", "kirjastonhoitaja")
    with page.expect_navigation():
        page.click("main form[action='/vacancies'] button[type=submit]")
    assert "/vacancies?q=kirjastonhoitaja" in page.url
    expect(page.locator("main .results")).to_contain_text(TITLE)
    expect(page.locator("#q")).to_have_value("kirjastonhoitaja")

    # Too long words (more than a person can type into the field): the search page itself
    # says so next to the field, keeps the words, and searches with the rest.
    words = " ".join(["kirjasto"] * 25)
    response = page.goto(f"{base}/vacancies?q={words}")
    assert response is not None and response.status == 422
    expect(page.locator("h1")).to_have_text(fi("vacancies.search_title"))
    expect_field_error(
        page, "q", labelled(fi("search.words"), fi("validation.too_long", limit=200))
    )
    expect(page.locator("#q")).to_have_value(words)
    assert audit(page) == []
    expect(page.locator("main")).not_to_contain_text("Invalid input")

    response = page.goto(f"{base}/vacancies?q=kirjastonhoitaja&offset=-5")
    assert response is not None and response.status == 422
    expect(page.locator("#error-summary a[href='#results-heading']")).to_have_text(
        fi("search.bad_page")
    )
    expect(page.locator("main .results")).to_contain_text(TITLE)

    response = page.goto(f"{base}/vacancies?q=kirjastonhoitaja&offset=kolme&lang=en")
    assert response is not None and response.status == 422
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#error-summary")).to_contain_text(en("search.bad_page"))
    response = page.goto(f"{base}/vacancies?municipality=000&lang=sv")
    assert response is not None and response.status == 422
    expect(page.locator("#error-summary a[href='#filter-municipality']")).to_have_text(
        labelled(sv("vacancies.filter_municipality"), sv("validation.choice"))
    )
    expect(page.locator("main")).not_to_contain_text("Invalid input")


# --- saved searches ----------------------------------------------------------------------------


def test_saved_search_refuses_a_bad_name_then_is_saved_listed_and_deleted(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    base, email = live_server.url, "tallentaja@forms.example.fi"
    with live_server.session() as db:
        user = factories.jobseeker(db, name="Tiina Tallentaja", email=email)
        user_id = user.id

    def saved() -> list[SavedSearch]:
        with live_server.session() as db:
            return list(db.scalars(select(SavedSearch).where(SavedSearch.user_id == user_id)))

    sign_in(page, base, email)
    page.goto(f"{base}/vacancies?q=kirjastonhoitaja")
    expect(page.locator("main .results")).to_contain_text(TITLE)
    expect(page.locator("#saved-search-name")).to_have_value("kirjastonhoitaja")
    page.fill("#saved-search-name", "   ")
    assert submit(page, "/me/saved-searches") == 422
    name_missing = missing(fi, "saved_searches.name_label")
    expect_field_error(page, "saved-search-name", name_missing)
    assert audit(page) == []
    assert saved() == []

    # Longer than the field lets one type: as if sent by an older page or another client.
    page.locator("#saved-search-name").evaluate("(input) => input.removeAttribute('maxlength')")
    page.fill("#saved-search-name", "k" * 101)
    assert submit(page, "/me/saved-searches") == 422
    too_long = labelled(fi("saved_searches.name_label"), fi("validation.too_long", limit=100))
    expect_field_error(page, "saved-search-name", too_long)
    assert saved() == []

    page.goto(f"{base}/vacancies?q=kirjastonhoitaja&lang=sv")
    page.fill("#saved-search-name", "")
    assert submit(page, "/me/saved-searches") == 422
    expect_field_error(page, "saved-search-name", missing(sv, "saved_searches.name_label"))
    assert saved() == []

    # The form shown again with the errors still carries the search: fixing the name saves it.
    page.goto(f"{base}/vacancies?q=kirjastonhoitaja&lang=fi")
    page.fill("#saved-search-name", "")
    assert submit(page, "/me/saved-searches") == 422
    page.fill("#saved-search-name", "Kirjastotyöt")
    assert submit(page, "/me/saved-searches") == 200
    expect(page.locator("main [role=status]")).to_have_text(fi("saved_searches.saved"))
    [search] = saved()
    assert (search.name, search.kind, search.params) == (
        "Kirjastotyöt",
        "vacancies",
        {"q": ["kirjastonhoitaja"]},
    )
    row = page.locator("table.saved-searches tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th a")).to_have_text("Kirjastotyöt")

    assert submit(page, f"/me/saved-searches/{search.id}/delete") == 200
    expect(page.locator("main [role=status]")).to_have_text(fi("saved_searches.deleted"))
    expect(page.locator("table.saved-searches")).to_have_count(0)
    assert saved() == []


# --- a reply in a conversation -----------------------------------------------------------------


def test_reply_refuses_an_empty_message_then_is_saved_with_the_identity_choice(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    base, email = live_server.url, "vastaaja@forms.example.fi"
    profile_id = _jobseeker(live_server, email, "Ville Vastaaja")
    with live_server.session() as db:
        employer = db.scalars(select(User).where(User.email == seeded.employer_email)).one()
        contact = ContactIn(
            profile_id=profile_id,
            vacancy_id=seeded.vacancy_id,
            subject="Kirjastonhoitajan paikka",
            body="Hei! Kiinnostaisiko sinua paikka pääkirjastossa?",
        )
        conversation_id = messaging.start(db, employer, contact).id
        db.commit()

    def replies() -> list[Message]:
        with live_server.session() as db:
            query = select(Message).where(
                Message.conversation_id == conversation_id, Message.from_candidate.is_(True)
            )
            return list(db.scalars(query))

    sign_in(page, base, email)
    page.goto(f"{base}/me/inbox/{conversation_id}")
    expect(page.locator("ol.messages")).to_contain_text("Kiinnostaisiko sinua paikka")
    action = f"/me/inbox/{conversation_id}/reply"
    page.fill("#body", "   ")
    assert submit(page, action) == 422
    expect_field_error(page, "body", missing(fi, "messaging.body"))
    assert replies() == []

    page.goto(f"{base}/me/inbox/{conversation_id}?lang=sv")
    assert submit(page, action) == 422
    expect_field_error(page, "body", missing(sv, "messaging.body"))
    assert replies() == []

    page.goto(f"{base}/me/inbox/{conversation_id}?lang=fi")
    page.fill("#body", "Kiitos, olen kiinnostunut! Soitanko huomenna?")
    page.check("#share_identity")
    assert submit(page, action) == 200
    expect(page.locator("main [role=status]")).to_have_text(fi("messaging.sent"))
    expect(page.locator("ol.messages")).to_contain_text("Soitanko huomenna?")
    assert [m.body for m in replies()] == ["Kiitos, olen kiinnostunut! Soitanko huomenna?"]
    with live_server.session() as db:
        conversation = db.get(Conversation, conversation_id)
        assert conversation is not None and conversation.identity_shared


# --- deleting the account ----------------------------------------------------------------------


def test_account_deletion_needs_the_password_then_removes_account_and_profile(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    base, email = live_server.url, "poistuja@forms.example.fi"
    profile_id = _jobseeker(live_server, email, "Pertti Poistuja", headline="Kirjastonhoitaja")
    assert profile_id in live_server.app.state.search.ids("profiles")

    def account_exists() -> bool:
        with live_server.session() as db:
            user = db.scalars(select(User).where(User.email == email)).one_or_none()
            return user is not None and db.get(Profile, profile_id) is not None

    sign_in(page, base, email)
    page.goto(f"{base}/me/delete")
    assert submit(page, "/me/delete") == 422
    expect_field_error(page, "password", missing(fi, "profiles.delete_password"))
    page.fill("#password", "väärä-salasana-1")
    assert submit(page, "/me/delete") == 422
    expect_field_error(page, "password", fi("profiles.delete_wrong_password"))
    page.goto(f"{base}/me/delete?lang=en")
    assert submit(page, "/me/delete") == 422
    expect_field_error(page, "password", missing(en, "profiles.delete_password"))
    assert account_exists()

    page.goto(f"{base}/me/delete?lang=fi")
    page.fill("#password", factories.PASSWORD)
    assert submit(page, "/me/delete") == 200
    expect(page).to_have_url(f"{base}/me/deleted")
    expect(page.locator("h1")).to_have_text(fi("profiles.deleted_title"))
    assert not account_exists()
    assert profile_id not in live_server.app.state.search.ids("profiles")
    page.goto(f"{base}/me")
    assert "/login" in page.url
