"""User journeys in a real Chromium against a real server: jobseekers and employers doing
their whole task through the pages, as people do, in Finnish, Swedish and English."""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from marketplace.i18n import Translator
from tests import factories
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

_seq = itertools.count(1)


@dataclass
class Seeded:
    """Data arranged directly in the server's database before a journey."""

    vacancy_id: int
    candidate_ids: list[int]
    candidate_names: list[str]


@pytest.fixture(scope="module")
def seeded(live_server: LiveServer) -> Seeded:
    """A wound-care nurse vacancy in Tampere and three public nurse candidates."""
    with live_server.session() as db:
        owner = factories.employer(db, org="Tampereen Hoiva Oy")
        vacancy = factories.vacancy(
            db,
            owner,
            title="Haavanhoitaja kotisairaalaan",
            description="Etsimme sairaanhoitajaa, jolla on kokemusta haavanhoidosta.",
            required_skills=["S0045"],
            occupation_code="2221.1",
        )
        names, ids = [], []
        for name in ("Kaisa Kandidaatti", "Liisa Laine", "Mikko Mäki"):
            user = factories.jobseeker(db, name=name)
            profile = factories.profile(db, user, skills=["S0045", "S0040"])
            names.append(name)
            ids.append(profile.id)
    live_server.index_now()
    return Seeded(vacancy.id, ids, names)


def _email(kind: str) -> str:
    return f"{kind}{next(_seq)}@journey.example.fi"


def register(page: Page, base: str, role: str, name: str, email: str, **org: str) -> None:
    """Fill and send the registration form."""
    page.goto(f"{base}/register")
    page.check(f"#role-{role}")
    page.fill("#full_name", name)
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.fill("#password_confirm", factories.PASSWORD)
    if role == "employer":
        page.fill("#organization_name", org["organization"])
        page.fill("#business_id", org["business_id"])
    page.click("form[action='/register'] button[type=submit]")


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def pick_from_typeahead(page: Page, selector: str, typed: str, wanted: str) -> None:
    """Type slowly like a person, wait for the live suggestions and take the wanted one."""
    field = page.locator(selector)
    field.fill("")
    field.press_sequentially(typed, delay=60)
    list_id = field.get_attribute("list")
    assert list_id, "the typeahead did not attach its suggestion list"
    option = page.locator(f"datalist#{list_id} option[value='{wanted}']")
    expect(option).to_have_count(1, timeout=15_000)
    field.fill(option.get_attribute("value") or "")


def test_jobseeker_builds_a_public_profile_and_downloads_the_cv(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    base = live_server.url
    register(page, base, "jobseeker", "Jenna Journey", _email("jobseeker"))
    expect(page).to_have_url(re.compile(r"/me\?welcome=1$"))

    page.goto(f"{base}/profile/edit/intro")
    page.fill("#headline", "Sairaanhoitaja, haavanhoidon osaaja")
    page.fill("#summary", "Kymmenen vuotta päivystyksessä ja kotisairaalassa.")
    pick_from_typeahead(page, "#municipality", "Tamp", "Tampere")
    page.click("#intro form button[type=submit]")
    expect(page.locator("#headline")).to_have_value("Sairaanhoitaja, haavanhoidon osaaja")

    page.goto(f"{base}/profile/edit/skills")
    pick_from_typeahead(page, "#skill", "Haavan", "Haavanhoito")
    page.click("form[action^='/profile/skills/add'] button[type=submit]")
    expect(page.locator("#skills")).to_contain_text("Haavanhoito")

    page.goto(f"{base}/profile/edit/visibility")
    page.check("#visibility-public")
    page.click("form[action^='/profile/visibility'] button[type=submit]")
    expect(page.locator("#visibility-public")).to_be_checked()

    page.goto(f"{base}/me")
    cv_link = page.locator("a[href$='/cv.pdf']")
    with page.expect_download() as download_info:
        cv_link.click(modifiers=["Alt"])  # Alt-click: Chromium saves the link target
    download = download_info.value
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    response = page.request.get(base + (cv_link.get_attribute("href") or ""))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"


def test_jobseeker_sees_recommended_vacancies_with_reasons(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    email = _email("recommended")
    with live_server.session() as db:
        user = factories.jobseeker(db, name="Reetta Suositeltu", email=email)
        factories.profile(
            db,
            user,
            skills=["S0045"],
            wishes={
                "occupations": ["2221.1"],
                "municipalities": ["837"],
                "working_times": ["full_time"],
            },
        )
    live_server.index_now()
    sign_in(page, live_server.url, email)

    page.goto(f"{live_server.url}/me/recommendations")
    item = page.locator("li.card", has=page.locator(f"a[href='/vacancies/{seeded.vacancy_id}']"))
    expect(item).to_have_count(1)
    reasons = item.locator("ul.reasons li")
    expect(reasons.first).to_be_visible()
    expect(item.locator("ul.reasons")).to_contain_text("Haavanhoito")


def register_employer(page: Page, base: str) -> str:
    email = _email("employer")
    register(
        page,
        base,
        "employer",
        "Eila Esimies",
        email,
        organization=f"Journey Hoiva {next(_seq)} Oy",
        business_id=factories.business_id(),
    )
    expect(page).to_have_url(re.compile(r"/employer\?welcome=1$"))
    return email


def post_vacancy(page: Page, base: str) -> int:
    """Fill the vacancy editor and publish; returns the new vacancy's id."""
    page.goto(f"{base}/employer/vacancies/new")
    page.fill("#title", "Sairaanhoitaja haavanhoitoon")
    page.fill("#description", "Haemme haavanhoitoon perehtynyttä sairaanhoitajaa Tampereelle.")
    page.select_option("#municipality_code", "837")
    page.select_option("#employment_type", "permanent")
    page.select_option("#working_time", "full_time")
    page.click("button[name=action][value=publish]")
    expect(page).to_have_url(re.compile(r"/vacancies/\d+\?saved=1$"))
    return int(re.findall(r"/vacancies/(\d+)", page.url)[0])


def test_employer_posts_a_vacancy_finds_candidates_and_shortlists_two(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    base = live_server.url
    register_employer(page, base)
    vacancy_id = post_vacancy(page, base)

    page.goto(f"{base}/candidates?q=haavanhoito")
    for name in seeded.candidate_names:
        expect(page.locator("main")).to_contain_text(name)

    page.goto(f"{base}/employer/vacancies/{vacancy_id}/candidates")
    for name in seeded.candidate_names:
        expect(page.locator("main")).to_contain_text(name)
    for profile_id in seeded.candidate_ids[:2]:
        card = page.locator("li", has=page.locator(f"a[href='/profiles/{profile_id}']")).first
        card.locator("form[action='/employer/shortlist'] button[type=submit]").click(timeout=5000)
        page.wait_for_load_state()

    page.goto(f"{base}/employer/vacancies/{vacancy_id}/shortlist")
    for name in seeded.candidate_names[:2]:
        expect(page.locator("table.shortlist")).to_contain_text(name)


def shortlist_two(page: Page, base: str, vacancy_id: int, profile_ids: list[int]) -> None:
    """Shortlist through the same form the shortlist page posts (its CSRF token included)."""
    page.goto(f"{base}/employer/vacancies/{vacancy_id}/shortlist")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value") or ""
    for profile_id in profile_ids:
        form = {"csrf_token": token, "vacancy_id": str(vacancy_id), "profile_id": str(profile_id)}
        response = page.request.post(f"{base}/employer/shortlist", form=form, max_redirects=0)
        assert response.status == 303, response.text()


def test_employer_downloads_the_shortlists_cvs_as_a_zip_and_contacts_one(
    page: Page, live_server: LiveServer, seeded: Seeded
) -> None:
    base = live_server.url
    register_employer(page, base)
    vacancy_id = post_vacancy(page, base)
    shortlist_two(page, base, vacancy_id, seeded.candidate_ids[:2])
    page.goto(f"{base}/employer/vacancies/{vacancy_id}/shortlist")
    for name in seeded.candidate_names[:2]:
        expect(page.locator("table.shortlist")).to_contain_text(name)

    page.click("a[href^='/cv/download']")
    expect(page).to_have_url(re.compile(r"/cv/download\?ids="))
    with page.expect_download() as download_info:
        page.click("form[action='/cv/download'] button[type=submit]")
    archive = zipfile.ZipFile(download_info.value.path())
    assert len(archive.namelist()) == 2
    assert all(archive.read(name).startswith(b"%PDF-") for name in archive.namelist())

    first = seeded.candidate_ids[0]
    page.goto(f"{base}/employer/vacancies/{vacancy_id}/shortlist")
    page.click(f"a[href^='/employer/messages/new?profile_id={first}']")
    page.fill("#subject", "Haavanhoitajan paikka")
    page.fill("#body", "Hei! Kiinnostaisiko sinua paikka kotisairaalassa?")
    page.click("form[action='/employer/messages'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/employer/messages/\d+"))
    expect(page.locator("main")).to_contain_text("Kiinnostaisiko sinua paikka kotisairaalassa?")


def test_hidden_profile_disappears_from_the_employers_search(
    browser_contexts: tuple[Page, Page], live_server: LiveServer
) -> None:
    jobseeker, employer = browser_contexts
    base = live_server.url
    email, name = _email("hiding"), "Hilkka Häivytettävä"
    with live_server.session() as db:
        user = factories.jobseeker(db, name=name, email=email)
        factories.profile(db, user, headline="Röntgenhoitaja, magneettikuvaus", skills=["S0040"])
        owner = factories.employer(db, org="Kuvantaminen Oy", email=_email("searcher"))
    live_server.index_now()
    sign_in(employer, base, owner.email)
    employer.goto(f"{base}/candidates?q=röntgenhoitaja")
    expect(employer.locator("main")).to_contain_text(name)

    sign_in(jobseeker, base, email)
    jobseeker.goto(f"{base}/profile/edit/visibility")
    jobseeker.check("#visibility-hidden")
    jobseeker.click("form[action^='/profile/visibility'] button[type=submit]")
    expect(jobseeker.locator("#visibility-hidden")).to_be_checked()

    employer.goto(f"{base}/candidates?q=röntgenhoitaja")
    expect(employer.locator("main")).not_to_contain_text(name)


@pytest.fixture
def browser_contexts(context: BrowserContext) -> Iterator[tuple[Page, Page]]:
    """Two people at once: separate cookie jars (a second context of the same browser)."""
    other = context.browser.new_context(locale="fi-FI") if context.browser else None
    assert other is not None
    try:
        yield context.new_page(), other.new_page()
    finally:
        other.close()


@pytest.mark.parametrize(
    ("lang", "path", "key"),
    [
        ("sv", "/login", "accounts.login_title"),
        ("en", "/register", "accounts.register_title"),
        ("sv", "/vacancies", "vacancies.search_title"),
        ("en", "/", "home.title"),
    ],
)
def test_pages_speak_swedish_and_english(
    page: Page, live_server: LiveServer, lang: str, path: str, key: str
) -> None:
    page.goto(f"{live_server.url}{path}")
    page.click(f"nav.lang-switch a[hreflang={lang}]")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expected = Translator(lang)(key)
    assert expected != Translator("fi")(key)
    expect(page.locator("h1").first).to_have_text(expected)
    # The choice sticks: the next page is in the same language without ?lang.
    page.goto(f"{live_server.url}/about/privacy")
    expect(page.locator("html")).to_have_attribute("lang", lang)
