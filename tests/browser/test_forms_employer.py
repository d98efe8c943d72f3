"""Every employer form submitted in a real Chromium: valid input is saved (checked in the
database), invalid input writes nothing and is told next to the field and in the error summary,
in Finnish, and for a few forms in Swedish and English too."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.employers.models import Organization
from marketplace.i18n import Translator
from marketplace.messaging.models import Conversation
from marketplace.profiles.models import Profile
from marketplace.shortlists.models import ShortlistEntry
from marketplace.vacancies.models import Vacancy
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import audit, sign_in
from tests.cv.pdfread import ReadPdf

pytestmark = pytest.mark.browser

FI, SV, EN = Translator("fi"), Translator("sv"), Translator("en")
_seq = itertools.count(1)


@dataclass
class World:
    """The signed-in employer and the data arranged for them."""

    base: str
    employer_id: int
    context: BrowserContext
    page: Page
    organization_id: int
    vacancy_id: int
    public_id: int
    anonymous_id: int
    hidden_id: int
    other_vacancy_id: int

    def new_vacancy(self, live_server: LiveServer, **fields: Any) -> Vacancy:
        """A published vacancy of the employer's organisation, made directly."""
        with live_server.session() as db:
            owner = db.get(User, self.employer_id)
            assert owner is not None
            vacancy = factories.vacancy(db, owner, **fields)
            db.expunge(vacancy)
        live_server.index_now()
        return vacancy


@pytest.fixture(scope="module")
def world(browser: Browser, live_server: LiveServer) -> Iterator[World]:
    """An employer with a published wound-care vacancy; a public, an anonymous and a hidden
    nurse; and a vacancy of another organisation."""
    with live_server.session() as db:
        employer = factories.employer(db, org="Lomakehoiva Oy", email="eila@forms.example.fi")
        vacancy = factories.vacancy(
            db, employer, title="Haavanhoitaja lomakkeisiin", required_skills=["S0045"]
        )
        other = factories.employer(db, org="Toinen Työnantaja Oy")
        other_vacancy = factories.vacancy(db, other, title="Toisen organisaation paikka")
        ids = []
        for name, visibility in (
            ("Pirkko Julkinen", "public"),
            ("Anna Nimetön", "anonymous"),
            ("Hilkka Piilossa", "hidden"),
        ):
            user = factories.jobseeker(db, name=name)
            profile = factories.profile(
                db,
                user,
                visibility=visibility,
                skills=["S0045", "S0040"],
                headline=f"Sairaanhoitaja, haavanhoidon osaaja ({visibility})",
            )
            ids.append(profile.id)
        organization_id = employer.organization_id
        assert organization_id is not None
    live_server.index_now()
    context = browser.new_context(locale="fi-FI", accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    sign_in(page, live_server.url, "eila@forms.example.fi")
    public_id, anonymous_id, hidden_id = ids
    yield World(
        base=live_server.url,
        employer_id=employer.id,
        context=context,
        page=page,
        organization_id=organization_id,
        vacancy_id=vacancy.id,
        public_id=public_id,
        anonymous_id=anonymous_id,
        hidden_id=hidden_id,
        other_vacancy_id=other_vacancy.id,
    )
    context.close()


@pytest.fixture
def page(world: World) -> Page:
    return world.page


@contextmanager
def in_language(browser: Browser, world: World, lang: str) -> Iterator[Page]:
    """The same signed-in employer in another browser whose chosen language is `lang`."""
    context = browser.new_context(storage_state=world.context.storage_state(), locale="fi-FI")
    context.add_cookies([{"name": "lang", "value": lang, "url": world.base}])
    try:
        yield context.new_page()
    finally:
        context.close()


def submit(page: Page, selector: str) -> int:
    """Click a submit button and wait for the page it leads to; its HTTP status."""
    with page.expect_navigation() as navigation:
        page.click(selector)
    response = navigation.value
    assert response is not None
    return response.status


def goto(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def drop_limits(page: Page) -> None:
    """Remove the browser-side length limits, as an old browser or a crafted post would."""
    page.evaluate(
        "() => document.querySelectorAll('[maxlength]')"
        ".forEach(e => e.removeAttribute('maxlength'))"
    )


def expect_field_error(page: Page, field: str, text: str) -> None:
    """The message next to the field (tied to it for screen readers) and in the summary."""
    expect(page.locator(f"#{field}-error")).to_contain_text(text)
    expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
    described = page.locator(f"#{field}").get_attribute("aria-describedby") or ""
    assert f"{field}-error" in described.split(), described
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text(text)
    expect(summary.locator(f"a[href='#{field}']")).to_have_count(1)


def accessible(page: Page) -> None:
    """axe finds nothing serious or critical in the page as it is now (errors shown)."""
    violations = audit(page)
    assert not violations, violations


def no_raw_english(page: Page) -> None:
    """Nothing of a framework's or a service's English leaks onto a Finnish page."""
    body = page.locator("main").inner_text()
    for leftover in ("Invalid input", "Field required", "String should", "must be", "Value error"):
        assert leftover not in body, body


# --- organisation details -----------------------------------------------------------------------


def _organization(live_server: LiveServer, organization_id: int) -> Organization:
    with live_server.session() as db:
        organization = db.get(Organization, organization_id)
        assert organization is not None
        db.expunge(organization)
        return organization


ORG_FORM = "form[action='/employer/organization']"


def test_organization_details_are_saved(page: Page, world: World, live_server: LiveServer) -> None:
    new_id = factories.business_id()
    assert goto(page, f"{world.base}/employer") == 200
    page.fill(f"{ORG_FORM} #name", "Lomakehoiva ja Kumppanit Oy")
    page.fill(f"{ORG_FORM} #business_id", new_id)
    page.fill(f"{ORG_FORM} #description", "Kotisairaalan hoitajia Tampereella.")
    page.fill(f"{ORG_FORM} #website", "https://lomakehoiva.example.fi")
    page.select_option(f"{ORG_FORM} #municipality_code", "837")
    assert submit(page, f"{ORG_FORM} button[type=submit]") == 200
    expect(page.locator("main .notice[role=status]")).to_have_text(FI("form.saved"))

    saved = _organization(live_server, world.organization_id)
    assert (saved.name, saved.business_id) == ("Lomakehoiva ja Kumppanit Oy", new_id)
    assert saved.description == "Kotisairaalan hoitajia Tampereella."
    assert (saved.website, saved.municipality_code) == ("https://lomakehoiva.example.fi", "837")
    expect(page.locator(f"{ORG_FORM} #business_id")).to_have_value(new_id)


def test_organization_with_a_wrong_check_digit_or_no_name_is_refused(
    page: Page, world: World, live_server: LiveServer
) -> None:
    before = _organization(live_server, world.organization_id)
    good = before.business_id
    wrong = f"{good[:-1]}{(int(good[-1]) + 1) % 10}"
    assert goto(page, f"{world.base}/employer") == 200
    page.fill(f"{ORG_FORM} #name", "")
    page.fill(f"{ORG_FORM} #business_id", wrong)
    page.fill(f"{ORG_FORM} #description", "Tätä ei saa tallentaa.")
    assert submit(page, f"{ORG_FORM} button[type=submit]") == 422
    expect_field_error(page, "name", FI("employers.invalid.name"))
    expect_field_error(page, "business_id", FI("employers.invalid.business_id"))
    # The form comes back as typed, and nothing of it was saved.
    expect(page.locator(f"{ORG_FORM} #business_id")).to_have_value(wrong)
    expect(page.locator(f"{ORG_FORM} #description")).to_have_value("Tätä ei saa tallentaa.")
    accessible(page)
    after = _organization(live_server, world.organization_id)
    assert (after.name, after.business_id, after.description) == (
        before.name,
        before.business_id,
        before.description,
    )


def test_organization_business_id_of_another_organisation_is_refused(
    page: Page, world: World, live_server: LiveServer
) -> None:
    with live_server.session() as db:
        taken = db.scalars(
            select(Organization.business_id).where(Organization.id != world.organization_id)
        ).first()
    assert taken is not None
    before = _organization(live_server, world.organization_id)
    assert goto(page, f"{world.base}/employer") == 200
    page.fill(f"{ORG_FORM} #business_id", taken)
    assert submit(page, f"{ORG_FORM} button[type=submit]") == 422
    expect_field_error(page, "business_id", FI("employers.taken.business_id"))
    assert _organization(live_server, world.organization_id).business_id == before.business_id


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_organization_errors_in_swedish_and_english(
    browser: Browser, world: World, lang: str
) -> None:
    t = Translator(lang)
    with in_language(browser, world, lang) as page:
        assert goto(page, f"{world.base}/employer") == 200
        page.fill(f"{ORG_FORM} #name", "")
        page.fill(f"{ORG_FORM} #business_id", "1234567-0")
        page.fill(f"{ORG_FORM} #website", "lomakehoiva.example.fi")
        assert submit(page, f"{ORG_FORM} button[type=submit]") == 422
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect_field_error(page, "name", t("employers.invalid.name"))
        expect_field_error(page, "business_id", t("employers.invalid.business_id"))
        expect_field_error(page, "website", t("employers.invalid.website"))
        expect(page.locator("#error-summary h2")).to_have_text(t("form.errors_title"))


# --- the vacancy editor -------------------------------------------------------------------------


EDITOR = "form.vacancy-editor"


def _vacancy(live_server: LiveServer, vacancy_id: int) -> Vacancy | None:
    with live_server.session() as db:
        vacancy = db.get(Vacancy, vacancy_id)
        if vacancy is not None:
            db.expunge(vacancy)
        return vacancy


def _vacancy_count(live_server: LiveServer, organization_id: int) -> int:
    with live_server.session() as db:
        return (
            db.scalar(
                select(func.count())
                .select_from(Vacancy)
                .where(Vacancy.organization_id == organization_id)
            )
            or 0
        )


def test_vacancy_editor_language_list_starts_with_finnish_swedish_english(
    page: Page, world: World
) -> None:
    assert goto(page, f"{world.base}/employer/vacancies/new") == 200
    options = page.locator("#language_code-1 option").all_inner_texts()
    assert options[:4] == [FI("form.none"), "Suomi", "Ruotsi", "Englanti"], options[:6]


def test_vacancy_is_created_from_the_editor(
    page: Page, world: World, live_server: LiveServer
) -> None:
    start = date.today() + timedelta(days=60)
    deadline = date.today() + timedelta(days=30)
    assert goto(page, f"{world.base}/employer/vacancies/new") == 200
    page.fill(f"{EDITOR} #title", "Kotisairaanhoitaja, lomaketesti")
    page.fill(f"{EDITOR} #occupation", "Sairaanhoitaja")
    page.fill(f"{EDITOR} #description", "Hoidat haavoja asiakkaiden kotona Tampereella.")
    page.fill(f"{EDITOR} #required_skills", "Haavanhoito")
    page.select_option(f"{EDITOR} #language_code-1", "fi")
    page.select_option(f"{EDITOR} #language_level-1", "native")
    page.check(f"{EDITOR} #licences-HYGIENE")
    page.select_option(f"{EDITOR} #municipality_code", "837")
    page.select_option(f"{EDITOR} #employment_type", "permanent")
    page.select_option(f"{EDITOR} #working_time", "full_time")
    page.check(f"{EDITOR} #remote-hybrid")
    page.fill(f"{EDITOR} #start_date", start.isoformat())
    page.fill(f"{EDITOR} #salary_text", "TES:n mukaan")
    page.fill(f"{EDITOR} #deadline", deadline.isoformat())
    page.fill(f"{EDITOR} #how_to_apply", "Hae palvelun kautta.")
    assert submit(page, f"{EDITOR} button[name=action][value=publish]") == 200
    expect(page.locator("h1")).to_have_text("Kotisairaanhoitaja, lomaketesti")

    vacancy_id = int(page.url.split("/vacancies/")[1].split("?")[0])
    saved = _vacancy(live_server, vacancy_id)
    assert saved is not None and saved.organization_id == world.organization_id
    assert saved.status == "published" and saved.published_at is not None
    assert saved.occupation_code is not None
    assert saved.required_skills == ["S0045"]
    assert saved.languages == [{"code": "fi", "level": "native"}]
    assert saved.licences == ["HYGIENE"]
    assert (saved.municipality_code, saved.employment_type, saved.working_time) == (
        "837",
        "permanent",
        "full_time",
    )
    assert (saved.remote, saved.start_date, saved.deadline) == ("hybrid", start, deadline)
    assert (saved.salary_text, saved.how_to_apply) == ("TES:n mukaan", "Hae palvelun kautta.")


def test_vacancy_editor_refuses_missing_title_and_bad_dates(
    page: Page, world: World, live_server: LiveServer
) -> None:
    count = _vacancy_count(live_server, world.organization_id)
    assert goto(page, f"{world.base}/employer/vacancies/new") == 200
    page.fill(f"{EDITOR} #title", "   ")
    page.select_option(f"{EDITOR} #employment_type", "permanent")
    page.select_option(f"{EDITOR} #working_time", "full_time")
    # A date the calendar does not have, as typed where there is no date picker.
    page.evaluate("() => { document.getElementById('start_date').type = 'text'; }")
    page.fill(f"{EDITOR} #start_date", "31.2.2027")
    page.fill(f"{EDITOR} #deadline", (date.today() + timedelta(days=10)).isoformat())
    assert submit(page, f"{EDITOR} button[name=action][value=save]") == 422
    expect_field_error(page, "title", FI("vacancies.invalid.title"))
    expect_field_error(page, "start_date", FI("vacancies.invalid.start_date"))
    no_raw_english(page)
    assert _vacancy_count(live_server, world.organization_id) == count


def test_vacancy_editor_refuses_a_start_before_the_deadline_and_a_past_deadline(
    page: Page, world: World, live_server: LiveServer
) -> None:
    count = _vacancy_count(live_server, world.organization_id)
    assert goto(page, f"{world.base}/employer/vacancies/new") == 200
    page.fill(f"{EDITOR} #title", "Käänteiset päivät")
    page.select_option(f"{EDITOR} #employment_type", "fixed_term")
    page.select_option(f"{EDITOR} #working_time", "part_time")
    page.fill(f"{EDITOR} #start_date", (date.today() + timedelta(days=5)).isoformat())
    page.fill(f"{EDITOR} #deadline", (date.today() + timedelta(days=20)).isoformat())
    assert submit(page, f"{EDITOR} button[name=action][value=publish]") == 422
    expect_field_error(page, "start_date", FI("vacancies.invalid.date_order"))
    assert _vacancy_count(live_server, world.organization_id) == count

    page.fill(f"{EDITOR} #start_date", "")
    page.fill(f"{EDITOR} #deadline", (date.today() - timedelta(days=1)).isoformat())
    assert submit(page, f"{EDITOR} button[name=action][value=publish]") == 422
    expect_field_error(page, "deadline", FI("vacancies.invalid.deadline"))
    no_raw_english(page)
    assert _vacancy_count(live_server, world.organization_id) == count


def test_vacancy_editor_refuses_too_long_texts_and_bad_choices(
    page: Page, world: World, live_server: LiveServer
) -> None:
    count = _vacancy_count(live_server, world.organization_id)
    assert goto(page, f"{world.base}/employer/vacancies/new") == 200
    drop_limits(page)
    page.fill(f"{EDITOR} #title", "O" * 201)
    page.fill(f"{EDITOR} #description", "Kuvaus. " * 1300)
    page.fill(f"{EDITOR} #salary_text", "9" * 201)
    page.fill(f"{EDITOR} #how_to_apply", "h" * 2001)
    # Values no option offers, as a crafted post sends them.
    page.evaluate(
        """() => {
          document.querySelector('#employment_type option[value=permanent]').value = 'forever';
          document.querySelector('#language_level-1 option:last-child').value = '99';
        }"""
    )
    page.select_option(f"{EDITOR} #employment_type", "forever")
    page.select_option(f"{EDITOR} #working_time", "full_time")
    page.select_option(f"{EDITOR} #language_code-1", "sv")
    page.select_option(f"{EDITOR} #language_level-1", "99")
    assert submit(page, f"{EDITOR} button[name=action][value=save]") == 422
    expect_field_error(page, "title", FI("vacancies.invalid.title"))
    expect_field_error(page, "description", FI("vacancies.invalid.description"))
    expect_field_error(page, "salary_text", FI("vacancies.invalid.salary_text"))
    expect_field_error(page, "how_to_apply", FI("vacancies.invalid.how_to_apply"))
    expect_field_error(page, "employment_type", FI("vacancies.invalid.employment_type"))
    expect(page.locator("#languages-error")).to_have_text(FI("vacancies.invalid.languages"))
    no_raw_english(page)
    accessible(page)
    assert _vacancy_count(live_server, world.organization_id) == count


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_vacancy_editor_errors_in_swedish_and_english(
    browser: Browser, world: World, live_server: LiveServer, lang: str
) -> None:
    t = Translator(lang)
    count = _vacancy_count(live_server, world.organization_id)
    with in_language(browser, world, lang) as page:
        assert goto(page, f"{world.base}/employer/vacancies/new") == 200
        page.fill(f"{EDITOR} #start_date", (date.today() + timedelta(days=5)).isoformat())
        page.fill(f"{EDITOR} #deadline", (date.today() + timedelta(days=9)).isoformat())
        assert submit(page, f"{EDITOR} button[name=action][value=save]") == 422
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect_field_error(page, "title", t("vacancies.invalid.title"))
        expect_field_error(page, "employment_type", t("vacancies.invalid.employment_type"))
        expect_field_error(page, "working_time", t("vacancies.invalid.working_time"))
        expect_field_error(page, "start_date", t("vacancies.invalid.date_order"))
    assert _vacancy_count(live_server, world.organization_id) == count


def test_vacancy_is_edited(page: Page, world: World, live_server: LiveServer) -> None:
    vacancy = world.new_vacancy(
        live_server, title="Muokattava ilmoitus", required_skills=["S0045", "S0040"]
    )
    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/edit") == 200
    expect(page.locator(f"{EDITOR} #title")).to_have_value("Muokattava ilmoitus")
    page.fill(f"{EDITOR} #title", "Muokattu ilmoitus")
    page.uncheck(f"{EDITOR} #required_skills-S0040")
    page.select_option(f"{EDITOR} #working_time", "part_time")
    assert submit(page, f"{EDITOR} button[name=action][value=save]") == 200
    expect(page.locator("h1")).to_have_text("Muokattu ilmoitus")
    saved = _vacancy(live_server, vacancy.id)
    assert saved is not None
    assert (saved.title, saved.required_skills, saved.working_time) == (
        "Muokattu ilmoitus",
        ["S0045"],
        "part_time",
    )
    assert saved.status == "published"

    # An invalid edit changes nothing.
    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/edit") == 200
    page.fill(f"{EDITOR} #title", "")
    page.fill(f"{EDITOR} #salary_text", "Ei tallennu")
    assert submit(page, f"{EDITOR} button[name=action][value=save]") == 422
    expect_field_error(page, "title", FI("vacancies.invalid.title"))
    after = _vacancy(live_server, vacancy.id)
    assert after is not None and (after.title, after.salary_text) == ("Muokattu ilmoitus", "")


# --- publish, unpublish, delete -----------------------------------------------------------------


def _owner_action(page: Page, vacancy_id: int, action: str) -> str:
    return f"form[action='/employer/vacancies/{vacancy_id}/{action}'] button[type=submit]"


def test_vacancy_is_unpublished_published_and_deleted_from_the_dashboard(
    page: Page, world: World, live_server: LiveServer
) -> None:
    vacancy = world.new_vacancy(live_server, title="Julkaisun vaihtaja")
    assert goto(page, f"{world.base}/employer") == 200
    assert submit(page, _owner_action(page, vacancy.id, "unpublish")) == 200
    assert page.url == f"{world.base}/employer"
    saved = _vacancy(live_server, vacancy.id)
    assert saved is not None and saved.status == "unpublished"
    # Unpublished, it is gone from the public search at once.
    assert goto(page, f"{world.base}/vacancies?q=Julkaisun+vaihtaja") == 200
    expect(page.locator(f"main a[href='/vacancies/{vacancy.id}']")).to_have_count(0)

    assert goto(page, f"{world.base}/employer") == 200
    assert submit(page, _owner_action(page, vacancy.id, "publish")) == 200
    saved = _vacancy(live_server, vacancy.id)
    assert saved is not None and saved.status == "published"
    assert goto(page, f"{world.base}/vacancies?q=Julkaisun+vaihtaja") == 200
    expect(page.locator(f"main a[href='/vacancies/{vacancy.id}']")).to_have_count(1)

    # What refers to the vacancy: a shortlist goes with it, a conversation stays without it.
    with live_server.session() as db:
        db.add(ShortlistEntry(vacancy_id=vacancy.id, profile_id=world.public_id, note=""))
        conversation = Conversation(
            organization_id=world.organization_id,
            started_by_id=world.employer_id,
            profile_id=world.public_id,
            vacancy_id=vacancy.id,
            subject="Poistettavasta paikasta",
            identity_shared=False,
        )
        db.add(conversation)
        db.commit()
        conversation_id = conversation.id

    # Delete: the link asks first; cancelling keeps the vacancy.
    assert goto(page, f"{world.base}/employer") == 200
    with page.expect_navigation():
        page.click(f"a[href='/employer/vacancies/{vacancy.id}/delete']")
    expect(page.locator("h1")).to_have_text(FI("vacancies.delete_title"))
    expect(page.locator("main")).to_contain_text("Julkaisun vaihtaja")
    with page.expect_navigation():
        page.click(f"main a[href='/vacancies/{vacancy.id}']")
    assert _vacancy(live_server, vacancy.id) is not None

    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/delete") == 200
    assert submit(page, _owner_action(page, vacancy.id, "delete")) == 200
    expect(page.locator("main .notice[role=status]")).to_have_text(FI("employers.vacancy_deleted"))
    assert _vacancy(live_server, vacancy.id) is None
    expect(page.locator(f"main a[href='/vacancies/{vacancy.id}']")).to_have_count(0)
    assert _entry(live_server, vacancy.id, world.public_id) is None
    with live_server.session() as db:
        kept = db.get(Conversation, conversation_id)
        assert kept is not None and kept.vacancy_id is None


def test_a_vacancy_past_its_deadline_cannot_be_published(
    page: Page, world: World, live_server: LiveServer
) -> None:
    vacancy = world.new_vacancy(live_server, title="Vanhentunut luonnos", publish=False)
    with live_server.session() as db:
        row = db.get(Vacancy, vacancy.id)
        assert row is not None
        row.deadline = date.today() - timedelta(days=2)
        db.commit()
    assert goto(page, f"{world.base}/vacancies/{vacancy.id}") == 200
    assert submit(page, _owner_action(page, vacancy.id, "publish")) == 422
    expect_field_error(page, "deadline", FI("vacancies.invalid.deadline"))
    saved = _vacancy(live_server, vacancy.id)
    assert saved is not None and saved.status == "draft" and saved.published_at is None


# --- shortlists ---------------------------------------------------------------------------------


def _entry(live_server: LiveServer, vacancy_id: int, profile_id: int) -> ShortlistEntry | None:
    with live_server.session() as db:
        entry = db.scalars(
            select(ShortlistEntry).where(
                ShortlistEntry.vacancy_id == vacancy_id, ShortlistEntry.profile_id == profile_id
            )
        ).first()
        if entry is not None:
            db.expunge(entry)
        return entry


def _shortlist_form(profile_id: int) -> str:
    return f"form[action='/employer/shortlist']:has(input[name=profile_id][value='{profile_id}'])"


def test_shortlist_add_with_a_note_from_the_candidate_page_then_edit_and_remove(
    page: Page, world: World, live_server: LiveServer
) -> None:
    vacancy = world.new_vacancy(live_server, title="Lyhytlistan tehtävä")
    assert goto(page, f"{world.base}/profiles/{world.public_id}") == 200
    form = page.locator("form.shortlist-add")
    form.get_by_label(FI("shortlists.add_to_vacancy")).select_option(str(vacancy.id))
    form.get_by_label(FI("shortlists.note_optional")).fill("Soita maanantaina.")
    assert submit(page, "form.shortlist-add button[type=submit]") == 200
    expect(page.locator("form.shortlist-add [role=status]")).to_have_text(FI("shortlists.added"))
    entry = _entry(live_server, vacancy.id, world.public_id)
    assert entry is not None and entry.note == "Soita maanantaina."

    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/shortlist") == 200
    expect(page.locator("table.shortlist")).to_contain_text("Pirkko Julkinen")
    page.fill(f"#note-{world.public_id}", "Haastattelu sovittu.")
    assert submit(page, f"{_shortlist_form(world.public_id)} button[type=submit]") == 200
    expect(page.locator(f"#note-{world.public_id}")).to_have_value("Haastattelu sovittu.")
    entry = _entry(live_server, vacancy.id, world.public_id)
    assert entry is not None and entry.note == "Haastattelu sovittu."

    # A note over the limit is refused on the page, next to the note, and nothing changes.
    drop_limits(page)
    page.fill(f"#note-{world.public_id}", "x" * 1001)
    assert submit(page, f"{_shortlist_form(world.public_id)} button[type=submit]") == 422
    expect_field_error(page, f"note-{world.public_id}", FI("shortlists.invalid.note", limit=1000))
    no_raw_english(page)
    accessible(page)
    entry = _entry(live_server, vacancy.id, world.public_id)
    assert entry is not None and entry.note == "Haastattelu sovittu."

    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/shortlist") == 200
    remove = f"form[action='/employer/vacancies/{vacancy.id}/shortlist/{world.public_id}/remove']"
    assert submit(page, f"{remove} button[type=submit]") == 200
    expect(page.locator("main .notice[role=status]")).to_have_text(FI("shortlists.removed"))
    expect(page.locator("main")).not_to_contain_text("Pirkko Julkinen")
    assert _entry(live_server, vacancy.id, world.public_id) is None


def test_shortlist_add_from_the_matches_page_cards(
    page: Page, world: World, live_server: LiveServer
) -> None:
    vacancy = world.new_vacancy(
        live_server, title="Haavanhoitaja osumasivulle", required_skills=["S0045"]
    )
    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/candidates") == 200
    main = page.locator("main")
    expect(main).not_to_contain_text("Hilkka Piilossa")
    assert page.locator(_shortlist_form(world.hidden_id)).count() == 0
    assert submit(page, f"{_shortlist_form(world.anonymous_id)} button[type=submit]") == 200
    assert f"/employer/vacancies/{vacancy.id}/candidates" in page.url
    expect(page.locator(_shortlist_form(world.anonymous_id))).to_have_count(0)
    entry = _entry(live_server, vacancy.id, world.anonymous_id)
    assert entry is not None and entry.note == "" and entry.vacancy_id == vacancy.id

    # The note is written on the shortlist, where the anonymous candidate has no name.
    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/shortlist") == 200
    expect(page.locator("table.shortlist")).not_to_contain_text("Anna Nimetön")
    page.fill(f"#note-{world.anonymous_id}", "Kysy kielitaidosta.")
    assert submit(page, f"{_shortlist_form(world.anonymous_id)} button[type=submit]") == 200
    entry = _entry(live_server, vacancy.id, world.anonymous_id)
    assert entry is not None and entry.note == "Kysy kielitaidosta."


def test_a_hidden_profile_cannot_be_shortlisted(
    page: Page, world: World, live_server: LiveServer
) -> None:
    assert goto(page, f"{world.base}/profiles/{world.public_id}") == 200
    page.evaluate(
        "(id) => document.querySelector('form.shortlist-add input[name=profile_id]').value = id",
        str(world.hidden_id),
    )
    assert submit(page, "form.shortlist-add button[type=submit]") == 404
    expect(page.locator("main")).not_to_contain_text("Hilkka Piilossa")
    with live_server.session() as db:
        assert not db.scalars(
            select(ShortlistEntry).where(ShortlistEntry.profile_id == world.hidden_id)
        ).all()


# --- messages -----------------------------------------------------------------------------------


def _conversations(live_server: LiveServer, profile_id: int) -> list[Conversation]:
    with live_server.session() as db:
        found = list(
            db.scalars(select(Conversation).where(Conversation.profile_id == profile_id)).all()
        )
        for conversation in found:
            _ = list(conversation.messages)
            db.expunge(conversation)
        return found


MESSAGE_FORM = "form[action='/employer/messages']"


def test_new_message_empty_then_valid_then_reply(
    page: Page, world: World, live_server: LiveServer
) -> None:
    before = len(_conversations(live_server, world.public_id))
    url = f"{world.base}/employer/messages/new?profile_id={world.public_id}"
    assert goto(page, f"{url}&vacancy_id={world.vacancy_id}") == 200
    expect(page.locator("main")).to_contain_text("Pirkko Julkinen")
    expect(page.locator("#vacancy_id")).to_have_value(str(world.vacancy_id))
    page.fill("#subject", "   ")
    assert submit(page, f"{MESSAGE_FORM} button[type=submit]") == 422
    expect_field_error(page, "subject", FI("validation.missing").lower()[:-1])
    expect_field_error(page, "body", FI("validation.missing").lower()[:-1])
    expect(page.locator("#subject-error")).to_have_text(
        f"{FI('messaging.subject')}: {FI('validation.missing').lower()}"
    )
    no_raw_english(page)
    accessible(page)
    assert len(_conversations(live_server, world.public_id)) == before

    page.fill("#subject", "Haavanhoitajan paikka")
    page.fill("#body", "Hei Pirkko!\nOlisitko kiinnostunut?")
    assert submit(page, f"{MESSAGE_FORM} button[type=submit]") == 200
    expect(page.locator("main .notice[role=status]")).to_have_text(FI("messaging.sent"))
    conversations = _conversations(live_server, world.public_id)
    assert len(conversations) == before + 1
    conversation = conversations[-1]
    assert (conversation.subject, conversation.vacancy_id) == (
        "Haavanhoitajan paikka",
        world.vacancy_id,
    )
    # Browsers send a textarea's line breaks as CRLF.
    assert [m.body for m in conversation.messages] == ["Hei Pirkko!\r\nOlisitko kiinnostunut?"]
    assert page.url.startswith(f"{world.base}/employer/messages/{conversation.id}")

    reply = f"form[action='/employer/messages/{conversation.id}/reply']"
    assert submit(page, f"{reply} button[type=submit]") == 422
    expect_field_error(page, "body", FI("validation.missing").lower()[:-1])
    page.fill(f"{reply} #body", "Lisätietona: työ alkaa kesäkuussa.")
    assert submit(page, f"{reply} button[type=submit]") == 200
    expect(page.locator("ol.messages")).to_contain_text("työ alkaa kesäkuussa")
    bodies = [m.body for m in _conversations(live_server, world.public_id)[-1].messages]
    assert bodies[1:] == ["Lisätietona: työ alkaa kesäkuussa."]


def test_new_message_about_another_organisations_vacancy_is_refused_in_finnish(
    page: Page, world: World, live_server: LiveServer
) -> None:
    before = len(_conversations(live_server, world.anonymous_id))
    assert goto(page, f"{world.base}/employer/messages/new?profile_id={world.anonymous_id}") == 200
    expect(page.locator("main")).not_to_contain_text("Anna Nimetön")
    page.evaluate(
        "(id) => { const o = document.querySelector('#vacancy_id option:last-child');"
        " o.value = id; o.selected = true; }",
        str(world.other_vacancy_id),
    )
    page.fill("#subject", "Toisen paikka")
    page.fill("#body", "Tätä ei saa lähteä.")
    assert submit(page, f"{MESSAGE_FORM} button[type=submit]") == 422
    expect_field_error(page, "vacancy_id", FI("messaging.invalid.vacancy_id"))
    no_raw_english(page)
    assert len(_conversations(live_server, world.anonymous_id)) == before


def test_a_hidden_profile_cannot_be_messaged_and_nothing_leaks(
    page: Page, world: World, live_server: LiveServer
) -> None:
    with live_server.session() as db:
        hidden = db.get(Profile, world.hidden_id)
        assert hidden is not None
        reference = hidden.reference
    status = goto(page, f"{world.base}/employer/messages/new?profile_id={world.hidden_id}")
    assert status == 404
    for secret in ("Hilkka Piilossa", reference, "(hidden)"):
        expect(page.locator("body")).not_to_contain_text(secret)

    # A crafted post to the hidden profile from another candidate's form.
    assert goto(page, f"{world.base}/employer/messages/new?profile_id={world.public_id}") == 200
    page.evaluate(
        '(id) => document.querySelector("input[name=profile_id]").value = id',
        str(world.hidden_id),
    )
    page.fill("#subject", "Piilossa olevalle")
    page.fill("#body", "Tämän ei pidä mennä perille.")
    assert submit(page, f"{MESSAGE_FORM} button[type=submit]") == 404
    for secret in ("Hilkka Piilossa", reference):
        expect(page.locator("body")).not_to_contain_text(secret)
    assert _conversations(live_server, world.hidden_id) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_new_message_errors_in_swedish_and_english(
    browser: Browser, world: World, live_server: LiveServer, lang: str
) -> None:
    t = Translator(lang)
    before = len(_conversations(live_server, world.public_id))
    with in_language(browser, world, lang) as page:
        assert goto(page, f"{world.base}/employer/messages/new?profile_id={world.public_id}") == 200
        assert submit(page, f"{MESSAGE_FORM} button[type=submit]") == 422
        expect(page.locator("#subject-error")).to_have_text(
            f"{t('messaging.subject')}: {t('validation.missing')[:1].lower()}"
            f"{t('validation.missing')[1:]}"
        )
        expect(page.locator("#error-summary h2")).to_have_text(t("form.errors_title"))
    assert len(_conversations(live_server, world.public_id)) == before


# --- CV downloads -------------------------------------------------------------------------------


def test_one_cv_downloads_as_a_pdf(page: Page, world: World) -> None:
    assert goto(page, f"{world.base}/profiles/{world.public_id}") == 200
    with page.expect_download() as info:
        page.click(f"a[href='/api/v1/profiles/{world.public_id}/cv.pdf']", modifiers=["Alt"])
    download = info.value
    data = open(download.path(), "rb").read()  # noqa: SIM115
    assert data.startswith(b"%PDF-")
    text = ReadPdf.parse(data).text
    assert "Pirkko Julkinen" in text and "Haavanhoito" in text
    assert download.suggested_filename.endswith(".pdf")


def test_shortlist_cvs_download_as_one_zip(
    page: Page, world: World, live_server: LiveServer
) -> None:
    vacancy = world.new_vacancy(live_server, title="ZIP-tehtävä")
    with live_server.session() as db:
        for profile_id in (world.public_id, world.anonymous_id):
            db.add(ShortlistEntry(vacancy_id=vacancy.id, profile_id=profile_id, note=""))
        db.commit()
        anonymous = db.get(Profile, world.anonymous_id)
        assert anonymous is not None
        reference = anonymous.reference

    assert goto(page, f"{world.base}/employer/vacancies/{vacancy.id}/shortlist") == 200
    with page.expect_download() as info:
        page.click("form[action='/cv/download'] button[type=submit]")
    names = _zip_names(info.value.path())
    assert sorted(names) == sorted(["Pirkko Julkinen.pdf", f"{reference}.pdf"]), names

    # The download page (with its progress script) gives the same ZIP, in the chosen language.
    with page.expect_navigation():
        page.click("a[href^='/cv/download?ids=']")
    expect(page.locator("main ol li")).to_have_count(2)
    expect(page.locator("main ol")).not_to_contain_text("Anna Nimetön")
    page.select_option("#cv-zip-lang", "en")
    with page.expect_download() as info:
        page.click("form[data-cv-zip] button[type=submit]")
    with zipfile.ZipFile(info.value.path()) as archive:
        assert sorted(archive.namelist()) == sorted(names)
        for name in archive.namelist():
            pdf = archive.read(name)
            assert pdf.startswith(b"%PDF-")
            if name.startswith(reference):
                assert "Anna Nimetön" not in ReadPdf.parse(pdf).text
    expect(page.locator(".cv-zip-status")).to_contain_text("2")


def _zip_names(path: Any) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            assert archive.read(name).startswith(b"%PDF-")
        return archive.namelist()


def test_cv_download_page_with_bad_ids_is_a_translated_page(page: Page, world: World) -> None:
    status = goto(page, f"{world.base}/cv/download?ids=1,kaksi")
    assert status == 422
    expect(page.locator("h1")).to_have_text(FI("error.title_422"))
    no_raw_english(page)
    assert goto(page, f"{world.base}/cv/download?ids={world.hidden_id}") == 404
    expect(page.locator("body")).not_to_contain_text("Hilkka Piilossa")


# --- candidate search ---------------------------------------------------------------------------


SEARCH = "form#candidate-search"


def test_candidate_search_form_with_filters(page: Page, world: World) -> None:
    assert goto(page, f"{world.base}/candidates") == 200
    page.fill(f"{SEARCH} #q", "haavanhoito")
    assert submit(page, f"{SEARCH} button[type=submit]") == 200
    results = page.locator("main .search-results")
    expect(results).to_contain_text("Pirkko Julkinen")
    expect(results).to_contain_text("(anonymous)")
    expect(page.locator("body")).not_to_contain_text("Hilkka Piilossa")
    expect(page.locator("body")).not_to_contain_text("(hidden)")

    page.get_by_label(FI("candidates.filter_municipality"), exact=True).select_option("837")
    assert submit(page, "button[type=submit][form=candidate-search]") == 200
    assert "municipality=837" in page.url and "q=haavanhoito" in page.url
    expect(page.get_by_label(FI("candidates.filter_municipality"), exact=True)).to_have_value("837")
    expect(results).to_contain_text("Pirkko Julkinen")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "a" * 201, FI("search.invalid.q", limit=200)),
        ("q=haavanhoito&offset=-1", FI("search.invalid.offset")),
        ("offset=kolme", FI("search.invalid.offset")),
        ("limit=500", FI("search.invalid.limit")),
        ("available_from=31.2.2027", FI("search.invalid.available_from")),
        ("q=haavanhoito&skill=EI-TAITOA", FI("search.invalid.filter")),
    ],
)
def test_candidate_search_bad_parameters_get_a_message_on_the_search_page(
    page: Page, world: World, query: str, message: str
) -> None:
    status = goto(page, f"{world.base}/candidates?{query}")
    assert status == 422
    expect(page.locator("h1")).to_have_text(FI("candidates.search_title"))
    expect(page.locator(SEARCH)).to_be_visible()
    alert = page.locator("main [role=alert]")
    expect(alert).to_contain_text(FI("search.invalid_title"))
    expect(alert).to_contain_text(message)
    no_raw_english(page)
    if "haavanhoito" in query:  # the usable parameters still search
        expect(page.locator("main .search-results")).to_contain_text("Pirkko Julkinen")
    if query.startswith("q="):
        accessible(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_candidate_search_bad_parameters_in_swedish_and_english(
    browser: Browser, world: World, lang: str
) -> None:
    t = Translator(lang)
    with in_language(browser, world, lang) as page:
        assert goto(page, f"{world.base}/candidates?q={quote('ö' * 201)}&offset=-5") == 422
        expect(page.locator("h1")).to_have_text(t("candidates.search_title"))
        alert = page.locator("main [role=alert]")
        expect(alert).to_contain_text(t("search.invalid_title"))
        expect(alert).to_contain_text(t("search.invalid.q", limit=200))
        expect(alert).to_contain_text(t("search.invalid.offset"))
