"""Accessibility: axe-core (from npm) audits every main page in Chromium in Finnish, Swedish
and English, and the profile builder can be used with the keyboard alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from marketplace.accounts.models import Role
from marketplace.config import PROJECT_ROOT
from marketplace.i18n import LANGUAGES
from marketplace.profiles.sections import SECTIONS as BUILDER_STEPS
from marketplace.service_model import service as service_model
from marketplace.service_model.schemas import RegistrationIn
from marketplace.service_model.service import helsinki_today
from marketplace.service_model.specialist_pages import Section as CustomerSection
from tests import factories
from tests.browser.conftest import IN_CI, LiveServer

pytestmark = pytest.mark.browser

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@dataclass
class People:
    """Signed-in pages per role, and ids for the detail pages."""

    jobseeker: Page
    employer: Page
    specialist: Page
    anonymous: Page
    vacancy_id: int
    profile_id: int
    customer_id: int

    def url(self, base: str, path: str) -> str:
        return base + path.format(
            vacancy_id=self.vacancy_id, profile_id=self.profile_id, customer_id=self.customer_id
        )


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture(scope="module")
def people(browser: Browser, live_server: LiveServer) -> People:
    with live_server.session() as db:
        jobseeker = factories.jobseeker(db, name="Aili Saavutettava", email="aili@a11y.example.fi")
        profile = factories.profile(db, jobseeker, skills=["S0045"])
        specialist = factories.staff(db, Role.SPECIALIST, email="sanni@a11y.example.fi")
        service_model.register(db, jobseeker, RegistrationIn(), helsinki_today())
        db.commit()
        employer = factories.employer(db, org="Saavutus Oy", email="eppu@a11y.example.fi")
        vacancy = factories.vacancy(db, employer, required_skills=["S0045"])
        ids = {"vacancy_id": vacancy.id, "profile_id": profile.id, "customer_id": jobseeker.id}
    live_server.index_now()
    pages = []
    for email in (jobseeker.email, employer.email, specialist.email, None):
        page = browser.new_context(locale="fi-FI").new_page()
        if email:
            sign_in(page, live_server.url, email)
        pages.append(page)
    jobseeker_page, employer_page, specialist_page, anonymous_page = pages
    return People(jobseeker_page, employer_page, specialist_page, anonymous_page, **ids)


@contextmanager
def in_language(page: Page, base: str, lang: str) -> Iterator[None]:
    """The page's browser profile reads `lang` (as chosen in the language menu, a cookie)
    until the block ends; then the browser's own language (Finnish) again."""
    page.context.add_cookies([{"name": "lang", "value": lang, "url": base}])
    try:
        yield
    finally:
        page.context.clear_cookies(name="lang")


def audit(page: Page) -> list[dict[str, object]]:
    """Serious and critical axe-core violations of the page as it is now (WCAG 2.1 A/AA)."""
    if not AXE.is_file():
        message = f"axe-core is not installed ({AXE}); run `npm ci`"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # Evaluated through the browser's debugging protocol: the pages' Content-Security-Policy
    # refuses inline scripts, which an injected <script> tag would be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
             values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


# (who, path): every main page of the service.
PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/vacancies?q=sairaanhoitaja"),
    ("anonymous", "/vacancies/{vacancy_id}"),
    ("anonymous", "/login"),
    ("anonymous", "/register"),
    ("anonymous", "/password/forgot"),
    ("jobseeker", "/profile/edit"),
    ("jobseeker", "/me"),
    ("jobseeker", "/me/plan"),
    ("jobseeker", "/me/recommendations"),
    ("jobseeker", "/account"),
    ("employer", "/employer"),
    ("employer", "/employer/vacancies/new"),
    ("employer", "/candidates?q=sairaanhoitaja"),
    ("employer", "/employer/vacancies/{vacancy_id}/candidates"),
    ("specialist", "/specialist"),
]
# Pages beyond the main ones, with the widest tables and lists.
MORE_PAGES = [
    ("employer", "/employer/vacancies/{vacancy_id}/shortlist"),
    ("employer", "/profiles/{profile_id}"),
    ("employer", "/profiles/{profile_id}/cv"),
    ("specialist", "/specialist/customers/{customer_id}"),
    ("jobseeker", "/me/cv-views"),
    ("jobseeker", "/me/inbox"),
    ("jobseeker", "/me/saved-searches"),
    ("employer", "/employer/messages"),
    # Every step of the profile builder and every section of a customer's record.
    *(("jobseeker", f"/profile/edit/{step.slug}") for step in BUILDER_STEPS),
    *(
        ("specialist", section.path.replace("{user_id}", "{customer_id}"))
        for section in CustomerSection
        if section is not CustomerSection.OVERVIEW
    ),
]
ALL_PAGES = PAGES + MORE_PAGES
ALL_PAGE_IDS = [f"{w}:{p}" for w, p in ALL_PAGES]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("who", "path"), ALL_PAGES, ids=ALL_PAGE_IDS)
def test_page_has_no_serious_accessibility_violations(
    people: People, live_server: LiveServer, who: str, path: str, lang: str
) -> None:
    page: Page = getattr(people, who)
    refused: list[str] = []
    listener = lambda message: refused.append(message.text)  # noqa: E731
    page.on("console", listener)
    try:
        with in_language(page, live_server.url, lang):
            response = page.goto(people.url(live_server.url, path))
    finally:
        page.remove_listener("console", listener)
    assert response is not None and response.status == 200, (path, response and response.status)
    assert page.locator("html").get_attribute("lang") == lang
    # The page works under its own Content-Security-Policy: nothing of it was refused.
    assert not [text for text in refused if "Content Security Policy" in text], refused
    violations = audit(page)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)


def _tab_to(page: Page, element_id: str, limit: int = 250) -> None:
    """Press Tab until the element has focus, as a keyboard user does."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def _tab_to_submit_of(page: Page, form_action: str, limit: int = 50) -> None:
    """Press Tab until the submit button of the form posting to `form_action` has focus."""
    script = """(action) => { const el = document.activeElement;
        return !!el && el.type === "submit" && !!el.form &&
               el.form.getAttribute("action").startsWith(action); }"""
    for _ in range(limit):
        if page.evaluate(script, form_action):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"the submit button of {form_action} cannot be reached with Tab")


def test_profile_builder_works_with_the_keyboard_alone(
    browser: Browser, live_server: LiveServer
) -> None:
    with live_server.session() as db:
        factories.jobseeker(db, name="Kalle Näppäimistö", email="kalle@a11y.example.fi")
    page = browser.new_context(locale="fi-FI").new_page()
    sign_in(page, live_server.url, "kalle@a11y.example.fi")
    page.goto(f"{live_server.url}/profile/edit/intro")

    _tab_to(page, "headline")
    page.keyboard.type("Lähihoitaja, näppäimistöllä tehty")
    _tab_to_submit_of(page, "/profile/intro")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#headline")).to_have_value("Lähihoitaja, näppäimistöllä tehty")

    page.goto(f"{live_server.url}/profile/edit/skills")
    _tab_to(page, "skill")
    page.keyboard.type("Haavanhoito")
    page.keyboard.press("Escape")  # close the suggestion list; Enter then sends the form
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#skills")).to_contain_text("Haavanhoito")
