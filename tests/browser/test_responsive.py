"""Responsive layout (WCAG 1.4.10 reflow): every main page fits 320, 390 and 1280 px wide
screens without sideways scrolling, in Finnish, Swedish and English alike (a longer word in one
language must not widen the page); on phones the header menu folds behind a disclosure button
that works with the keyboard and without JavaScript, tables become labelled cards, and search
results come before the folded filters."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from marketplace.accounts.models import Role
from marketplace.i18n import LANGUAGES
from marketplace.service_model import service as service_model
from marketplace.service_model.schemas import RegistrationIn
from marketplace.service_model.service import helsinki_today
from marketplace.shortlists import service as shortlists
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import (
    ALL_PAGE_IDS,
    ALL_PAGES,
    PAGES,
    audit,
    in_language,
    sign_in,
)

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)
PHONE = 390
# A compound word longer than a phone screen is wide: it must wrap, not widen the page.
LONG_WORD = "Sairaanhoitajaopiskelijaharjoittelukoordinaattoriassistentti"


@dataclass
class Viewers:
    """Signed-in pages per role and the ids the detail pages need."""

    jobseeker: Page
    employer: Page
    specialist: Page
    anonymous: Page
    vacancy_id: int
    profile_id: int
    customer_id: int


@pytest.fixture(scope="module")
def viewers(browser: Browser, live_server: LiveServer) -> Viewers:
    with live_server.session() as db:
        jobseeker = factories.jobseeker(
            db, name="Reija Responsiivinen", email="reija@rwd.example.fi"
        )
        profile = factories.profile(
            db, jobseeker, skills=["S0045"], headline=f"Sairaanhoitaja ja {LONG_WORD}"
        )
        factories.staff(db, Role.SPECIALIST, email="sakari@rwd.example.fi")
        service_model.register(db, jobseeker, RegistrationIn(), helsinki_today())
        db.commit()
        employer = factories.employer(db, org="Kapea Näyttö Oy", email="kaisa@rwd.example.fi")
        vacancy = factories.vacancy(
            db, employer, required_skills=["S0045"], title=f"Sairaanhoitaja, {LONG_WORD}"
        )
        shortlists.add(db, employer, vacancy.id, profile.id, f"Soita maanantaina. {LONG_WORD}")
        db.commit()
        ids = (vacancy.id, profile.id, jobseeker.id)
    live_server.index_now()
    pages = []
    for email in ("reija@rwd.example.fi", "kaisa@rwd.example.fi", "sakari@rwd.example.fi", None):
        page = browser.new_context(locale="fi-FI").new_page()
        if email:
            sign_in(page, live_server.url, email)
        pages.append(page)
    return Viewers(*pages, *ids)


def _url(live_server: LiveServer, viewers: Viewers, path: str) -> str:
    return live_server.url + path.format(
        vacancy_id=viewers.vacancy_id,
        profile_id=viewers.profile_id,
        customer_id=viewers.customer_id,
    )


def _overflow(page: Page) -> dict[str, object]:
    """How wide the page is against the window, and the elements that stick out."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const out = [...document.querySelectorAll("body *")]
              .filter(el => el.getBoundingClientRect().right > width + 1 && el.checkVisibility())
              .slice(0, 6)
              .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")
                         + " right=" + Math.round(el.getBoundingClientRect().right));
            return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, out};
        }"""
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("who", "path"), ALL_PAGES, ids=ALL_PAGE_IDS)
def test_page_fits_the_screen_at_every_width(
    viewers: Viewers, live_server: LiveServer, who: str, path: str, lang: str
) -> None:
    page: Page = getattr(viewers, who)
    # One load per page and language; the same page is then measured at each width.
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    with in_language(page, live_server.url, lang):
        response = page.goto(_url(live_server, viewers, path))
    assert response is not None and response.status == 200, (path, response and response.status)
    assert page.locator("html").get_attribute("lang") == lang
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        measured = _overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], (lang, width, measured)
    # One place in the main menu is the current one, never two.
    assert page.locator(".main-nav [aria-current=page]").count() <= 1


@pytest.mark.parametrize(("who", "path"), PAGES, ids=[f"{w}:{p}" for w, p in PAGES])
def test_page_on_a_phone_has_no_serious_accessibility_violations(
    viewers: Viewers, live_server: LiveServer, who: str, path: str
) -> None:
    page: Page = getattr(viewers, who)
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(_url(live_server, viewers, path))
    violations = audit(page)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)


def _focused(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)"))


def test_the_header_menu_opens_and_closes_with_the_keyboard_on_a_phone(
    browser: Browser, live_server: LiveServer, viewers: Viewers
) -> None:
    context = browser.new_context(
        locale="fi-FI", viewport={"width": PHONE, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, live_server.url, "reija@rwd.example.fi")
    page.goto(f"{live_server.url}/me")
    menu = page.locator("details.site-menu")
    button = menu.locator("summary")
    nav = page.get_by_role("navigation", name="Päävalikko")
    expect(button).to_be_visible()
    expect(button).to_have_text("Valikko")
    expect(nav).to_be_hidden()

    # Skip link, the service's name, then the menu button: all reached with Tab.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert "menu-button" in _focused(page), _focused(page)
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Oma suunnitelma")).to_be_visible()
    # The next Tab goes into the menu, to its first link.
    page.keyboard.press("Tab")
    assert 'href="/vacancies"' in _focused(page), _focused(page)
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
    # Back to the button; Space closes the menu again.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(nav).to_be_hidden()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE
    context.close()


def test_the_header_menu_is_a_plain_row_on_a_wide_screen(
    live_server: LiveServer, viewers: Viewers
) -> None:
    page = viewers.jobseeker
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/me")
    expect(page.locator("details.site-menu > summary")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Päävalikko")
    expect(nav.get_by_role("link", name="Oma suunnitelma")).to_be_visible()
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()


def test_tables_become_labelled_cards_on_a_phone(live_server: LiveServer, viewers: Viewers) -> None:
    page = viewers.employer
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{live_server.url}/employer")
    cell = page.locator("table td[data-label]").first
    label = cell.get_attribute("data-label")
    assert label == "Tila", label
    before = page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle())
    assert before == '"Tila"', before
    assert page.locator("table thead").bounding_box()["height"] <= 1  # type: ignore[index]
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate(
        "el => getComputedStyle(el, '::before').content", cell.element_handle()
    ) in ("none", "normal")


def test_search_results_come_before_the_folded_filters_on_a_phone(
    live_server: LiveServer, viewers: Viewers
) -> None:
    page = viewers.employer
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{live_server.url}/candidates?q=sairaanhoitaja")
    results = page.locator("#results-heading")
    filters = page.locator("details.filter-panel")
    assert results.bounding_box()["y"] < filters.bounding_box()["y"]  # type: ignore[index]
    occupation = page.locator("#filter-occupation")
    expect(occupation).to_be_hidden()
    filters.locator("summary").click()
    expect(occupation).to_be_visible()
    # Filters in use keep the panel open.
    page.goto(f"{live_server.url}/vacancies?q=sairaanhoitaja&employment_type=permanent")
    expect(page.locator("details.filter-panel")).to_have_attribute("open", "")
    # A wide screen shows the filters beside the results, without the button.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/candidates?q=sairaanhoitaja")
    expect(page.locator("#filter-occupation")).to_be_visible()
    expect(page.locator("details.filter-panel > summary")).to_be_hidden()
    box_filters = page.locator("#filters-heading").bounding_box()
    box_results = page.locator("#results-heading").bounding_box()
    assert box_filters["x"] < box_results["x"]  # type: ignore[index]
