"""The profile builder in Chromium, one step at a time: every form sent with good and with bad
input, what was stored read back from the server's database, errors told in Finnish next to
the field and in the error summary, and the step navigation used with the keyboard alone."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from marketplace.profiles import repository
from marketplace.profiles import service as profiles
from marketplace.profiles.schemas import HEADLINE_MAX, SUMMARY_MAX, ProfileDocument
from marketplace.profiles.sections import SECTIONS
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import audit, sign_in

pytestmark = pytest.mark.browser

UNKNOWN = "Xqzvwyk plörtsäys"
NOT_FOUND = f"Hakusanalla ”{UNKNOWN}” ei löytynyt mitään"
REQUIRED = "Tämä tieto puuttuu."
_people = itertools.count(1)


@dataclass
class Seeker:
    """A signed-in jobseeker's browser page and a way to read their stored profile."""

    page: Page
    live: LiveServer
    user_id: int

    def open(self, slug: str = "") -> None:
        """Open a builder step (the summary without a slug)."""
        response = self.page.goto(f"{self.live.url}/profile/edit{'/' + slug if slug else ''}")
        assert response is not None and response.status == 200

    def send(self, action: str) -> None:
        """Press the submit button of the form posting to `action` and wait for the answer."""
        with self.page.expect_navigation():
            self.page.click(f"form[action='{action}'] button[type=submit]")

    def stored(self) -> ProfileDocument:
        """The profile as the server's database holds it now."""
        with self.live.session() as db:
            profile = repository.get_by_user(db, self.user_id)
            assert profile is not None
            return profiles.to_document(profile, identified=True)

    def expect_saved(self, slug: str, anchor: str) -> None:
        """Back on the form's own step, at the changed item, with the saved notice."""
        pattern = rf"/profile/edit/{slug}\?saved=1#{re.escape(anchor)}$"
        expect(self.page).to_have_url(re.compile(pattern))
        expect(self.page.locator(".notice[role=status]")).to_have_text("Tallennettu.")
        if not anchor.endswith("heading") and anchor != slug:
            expect(self.page.locator(f"[id='{anchor}']")).to_be_visible()

    def expect_refused(self, field: str, message: str) -> None:
        """The step shown again: the Finnish message next to the field and in the summary."""
        expect(self.page.locator(f"#{field}-error")).to_contain_text(message)
        summary = self.page.locator("#error-summary")
        expect(summary).to_contain_text("Korjaa seuraavat kohdat")
        expect(summary.locator(f"a[href='#{field}']")).to_contain_text(message)
        expect(self.page).to_have_title(re.compile(r"^Virhe:"))


@pytest.fixture
def seeker(page: Page, live_server: LiveServer) -> Seeker:
    email = f"rakentaja{next(_people)}@builder.example.fi"
    with live_server.session() as db:
        user = factories.jobseeker(db, name="Reetta Rakentaja", email=email)
        user_id = user.id
    sign_in(page, live_server.url, email)
    return Seeker(page, live_server, user_id)


# --- introduction -----------------------------------------------------------------------------


def test_introduction_saves_and_refuses_an_overlong_headline_without_cutting_it(
    seeker: Seeker,
) -> None:
    page = seeker.page
    seeker.open("intro")
    limit = page.locator("#headline-limit")
    expect(limit).to_have_text(f"Merkkejä 0/{HEADLINE_MAX}")  # the script's live count
    assert page.get_attribute("#headline", "maxlength") is None  # nothing is cut while typing
    page.fill("#headline", "Lähihoitaja, vuorotyö sopii")
    expect(limit).to_have_text(f"Merkkejä 27/{HEADLINE_MAX}")
    page.fill("#summary", "Olen työskennellyt kotihoidossa viisi vuotta.")
    expect(page.locator("#summary-limit")).to_have_text(f"Merkkejä 45/{SUMMARY_MAX}")
    page.fill("#municipality", "Tampere")
    page.fill("#available_from", "2030-09-01")
    page.fill("#phone", "040 123 4567")
    page.fill("#email", "reetta@example.fi")
    page.fill("#address", "Hämeenkatu 1, Tampere")
    seeker.send("/profile/intro")
    seeker.expect_saved("intro", "intro")
    doc = seeker.stored()
    assert doc.headline == "Lähihoitaja, vuorotyö sopii"
    assert doc.summary == "Olen työskennellyt kotihoidossa viisi vuotta."
    assert doc.municipality == "837"
    assert str(doc.wishes.available_from) == "2030-09-01"
    assert (doc.contact.phone, str(doc.contact.email), doc.contact.address) == (
        "040 123 4567",
        "reetta@example.fi",
        "Hämeenkatu 1, Tampere",
    )

    too_long = "Sairaanhoitaja " * 14  # 210 typed, 209 once the end space is dropped: 9 over
    page.fill("#headline", too_long)
    expect(limit).to_have_text(f"Merkkejä liikaa: 9 (enintään {HEADLINE_MAX})")
    expect(limit).to_have_class(re.compile(r"\bover\b"))
    page.fill("#summary", "Tämä ei saa tallentua.")
    seeker.send("/profile/intro")
    seeker.expect_refused("headline", f"Teksti on liian pitkä (enintään {HEADLINE_MAX} merkkiä).")
    expect(page.locator("#headline")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#headline")).to_have_value(too_long)  # kept whole, to be shortened
    expect(page.locator("#summary")).to_have_value("Tämä ei saa tallentua.")
    # The error summary takes the focus, so a screen reader reads it first.
    expect(page.locator("#error-summary")).to_be_focused()
    after = seeker.stored()
    assert after.headline == doc.headline and after.summary == doc.summary
    assert after.version == doc.version

    page.fill("#headline", "Lähihoitaja")
    page.fill("#email", "ei-osoite")
    seeker.send("/profile/intro")
    seeker.expect_refused("email", "Tarkista sähköpostiosoite")
    assert seeker.stored().version == doc.version


# --- skills and keywords ----------------------------------------------------------------------


def test_skills_are_added_and_removed_and_unknown_words_refused(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("skills")
    page.fill("#skill", "haavanhoito")
    seeker.send("/profile/skills/add")
    seeker.expect_saved("skills", "skill-S0045")
    expect(page.locator("[id='skill-S0045']")).to_contain_text("Haavanhoito")
    assert seeker.stored().skills == ["S0045"]

    version = seeker.stored().version
    page.fill("#skill", UNKNOWN)
    seeker.send("/profile/skills/add")
    seeker.expect_refused("skill", NOT_FOUND)
    assert seeker.stored().version == version

    page.fill("#skill", "")
    seeker.send("/profile/skills/add")
    seeker.expect_refused("skill", REQUIRED)
    assert seeker.stored().version == version

    seeker.send("/profile/skills/S0045/remove")
    seeker.expect_saved("skills", "skills-list-heading")
    assert seeker.stored().skills == []


def test_keywords_are_saved_once_each_and_an_overlong_one_refused(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("skills")
    page.fill("#keywords", "Excel, trukit; excel")
    seeker.send("/profile/keywords")
    seeker.expect_saved("skills", "keywords-heading")
    assert seeker.stored().keywords == ["Excel", "trukit"]

    version = seeker.stored().version
    page.fill("#keywords", "Excel, " + "a" * 61)
    seeker.send("/profile/keywords")
    seeker.expect_refused("keywords", "Teksti on liian pitkä (enintään 60 merkkiä).")
    assert seeker.stored().keywords == ["Excel", "trukit"]
    assert seeker.stored().version == version


# --- languages and licences -------------------------------------------------------------------


def test_languages_are_added_with_a_level_changed_and_removed(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("languages")
    page.fill("#language", "Englanti")
    page.select_option("#language_level", "B2")
    seeker.send("/profile/languages/add")
    seeker.expect_saved("languages", "language-en")
    expect(page.locator("[id='language-en']")).to_contain_text("Englanti: Ylempi keskitaso (B2)")
    assert [(lang.code, str(lang.level)) for lang in seeker.stored().languages] == [("en", "B2")]

    page.fill("#language", "englanti")
    page.select_option("#language_level", "C1")  # the same language again: a new level
    seeker.send("/profile/languages/add")
    seeker.expect_saved("languages", "language-en")
    assert [(lang.code, str(lang.level)) for lang in seeker.stored().languages] == [("en", "C1")]

    version = seeker.stored().version
    page.fill("#language", UNKNOWN)
    seeker.send("/profile/languages/add")
    seeker.expect_refused("language", NOT_FOUND)
    page.fill("#language", "")
    seeker.send("/profile/languages/add")
    seeker.expect_refused("language", REQUIRED)
    assert seeker.stored().version == version

    seeker.send("/profile/languages/en/remove")
    seeker.expect_saved("languages", "languages-heading")
    assert seeker.stored().languages == []


def test_licences_are_added_and_removed_and_unknown_words_refused(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("languages")
    page.fill("#licence", "Ajokortti B")
    seeker.send("/profile/licences/add")
    seeker.expect_saved("languages", "licence-DL-B")
    assert seeker.stored().licences == ["DL-B"]

    page.fill("#licence", UNKNOWN)
    seeker.send("/profile/licences/add")
    seeker.expect_refused("licence", NOT_FOUND)
    assert seeker.stored().licences == ["DL-B"]

    seeker.send("/profile/licences/DL-B/remove")
    seeker.expect_saved("languages", "licences-heading")
    assert seeker.stored().licences == []


# --- work history and education ---------------------------------------------------------------


def test_work_history_is_added_edited_and_removed(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("work")
    page.fill("#work_title", "Myyjä")
    page.fill("#work_occupation", "Sairaanhoitaja")
    page.fill("#work_employer", "Kauppa Oy")
    page.fill("#work_start", "2015-01-01")
    page.fill("#work_end", "2018-12-31")
    page.fill("#work_description", "Kassatyö ja hyllytys.")
    seeker.send("/profile/work")
    seeker.expect_saved("work", "work-0")
    page.fill("#work_title", "Myymäläpäällikkö")
    page.fill("#work_start", "2019-01-01")
    seeker.send("/profile/work")
    seeker.expect_saved("work", "work-0")  # the newest job comes first
    work = seeker.stored().work
    assert [w.title for w in work] == ["Myymäläpäällikkö", "Myyjä"]
    assert (work[1].employer, work[1].occupation_code, work[1].description) == (
        "Kauppa Oy",
        "2221.1",
        "Kassatyö ja hyllytys.",
    )

    version = seeker.stored().version
    page.fill("#work_title", " ")
    seeker.send("/profile/work")
    seeker.expect_refused("work_title", REQUIRED)
    page.fill("#work_title", "Varastotyöntekijä")
    page.fill("#work_start", "2020-01-01")
    page.fill("#work_end", "2019-01-01")
    seeker.send("/profile/work")
    seeker.expect_refused("work_end", "Päättymisajan pitää olla alkamisen jälkeen.")
    assert seeker.stored().version == version

    page.click("a[href='/profile/edit/work?edit=1#work-form']")
    expect(page.locator("#work-form legend")).to_have_text("Muokkaa työkokemusta")
    expect(page.locator("#work_employer")).to_have_value("Kauppa Oy")
    page.fill("#work_end", "2014-01-01")
    seeker.send("/profile/work/1")
    seeker.expect_refused("work_end", "Päättymisajan pitää olla alkamisen jälkeen.")
    assert seeker.stored().version == version
    page.fill("#work_end", "2018-12-31")
    page.fill("#work_employer", "Kauppa Oyj")
    seeker.send("/profile/work/1")
    seeker.expect_saved("work", "work-1")
    assert [(w.title, w.employer) for w in seeker.stored().work] == [
        ("Myymäläpäällikkö", ""),
        ("Myyjä", "Kauppa Oyj"),
    ]

    seeker.send("/profile/work/0/remove")
    seeker.expect_saved("work", "work-heading")
    assert [w.title for w in seeker.stored().work] == ["Myyjä"]


def test_education_is_added_edited_and_removed(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("education")
    page.fill("#edu_title", "Merkonomi")
    page.fill("#edu_institution", "Tredu")
    page.fill("#edu_start", "2010")
    page.fill("#edu_end", "2012")
    seeker.send("/profile/education")
    seeker.expect_saved("education", "education-0")
    education = seeker.stored().education
    assert [(e.title, e.institution, e.start_year, e.end_year) for e in education] == [
        ("Merkonomi", "Tredu", 2010, 2012)
    ]

    version = seeker.stored().version
    page.fill("#edu_title", "Lähihoitaja")
    page.fill("#edu_start", "1800")
    seeker.send("/profile/education")
    seeker.expect_refused("edu_start", "Anna vuosi neljällä numerolla väliltä 1940–2100.")
    page.fill("#edu_title", "")
    page.fill("#edu_start", "2015")
    seeker.send("/profile/education")
    seeker.expect_refused("edu_title", REQUIRED)
    assert seeker.stored().version == version

    page.click("a[href='/profile/edit/education?edit=0#education-form']")
    expect(page.locator("#edu_title")).to_have_value("Merkonomi")
    page.fill("#edu_end", "2009")
    seeker.send("/profile/education/0")
    seeker.expect_refused("edu_end", "Päättymisajan pitää olla alkamisen jälkeen.")
    assert seeker.stored().version == version
    page.fill("#edu_end", "2013")
    page.fill("#edu_institution", "Tampereen seudun ammattiopisto")
    seeker.send("/profile/education/0")
    seeker.expect_saved("education", "education-0")
    education = seeker.stored().education
    assert [(e.institution, e.end_year) for e in education] == [
        ("Tampereen seudun ammattiopisto", 2013)
    ]

    seeker.send("/profile/education/0/remove")
    seeker.expect_saved("education", "education-heading")
    assert seeker.stored().education == []


# --- job wishes -------------------------------------------------------------------------------

# (list URL, text field, words naming one concept, its code, where the list sits in the wishes)
WISH_LISTS = [
    ("/profile/wishes/occupations", "wish_occupation", "Sairaanhoitaja", "2221.1", "occupations"),
    ("/profile/wishes/municipalities", "wish_municipality", "Tampere", "837", "municipalities"),
    ("/profile/wishes/regions", "wish_region", "Pirkanmaa", "06", "regions"),
]


@pytest.mark.parametrize(
    ("path", "field", "words", "code", "attr"), WISH_LISTS, ids=[w[4] for w in WISH_LISTS]
)
def test_wished_occupations_and_places_are_added_and_removed(
    seeker: Seeker, path: str, field: str, words: str, code: str, attr: str
) -> None:
    page = seeker.page
    seeker.open("wishes")
    page.fill(f"#{field}", words)
    seeker.send(f"{path}/add")
    seeker.expect_saved("wishes", f"{field}-{code}")
    assert getattr(seeker.stored().wishes, attr) == [code]

    version = seeker.stored().version
    page.fill(f"#{field}", UNKNOWN)
    seeker.send(f"{path}/add")
    seeker.expect_refused(field, NOT_FOUND)
    assert seeker.stored().version == version

    seeker.send(f"{path}/{code}/remove")
    expect(seeker.page).to_have_url(re.compile(r"/profile/edit/wishes\?saved=1#wish-"))
    assert getattr(seeker.stored().wishes, attr) == []


def test_work_terms_are_saved_and_a_forged_choice_refused(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("wishes")
    page.check("#employment_types-permanent")
    page.check("#employment_types-fixed_term")
    page.check("#working_times-part_time")
    page.check("#remote")
    seeker.send("/profile/wishes")
    seeker.expect_saved("wishes", "work-terms-heading")
    wishes = seeker.stored().wishes
    assert [str(v) for v in wishes.employment_types] == ["permanent", "fixed_term"]
    assert [str(v) for v in wishes.working_times] == ["part_time"] and wishes.remote is True
    expect(page.locator("#employment_types-permanent")).to_be_checked()

    page.uncheck("#remote")
    page.uncheck("#employment_types-fixed_term")
    seeker.send("/profile/wishes")
    wishes = seeker.stored().wishes
    assert [str(v) for v in wishes.employment_types] == ["permanent"] and wishes.remote is False

    # A value the form never offers, as a tampered request would send it.
    version = seeker.stored().version
    page.eval_on_selector("#employment_types-permanent", "el => { el.value = 'forever'; }")
    seeker.send("/profile/wishes")
    seeker.expect_refused("employment_types", "Valitse jokin annetuista vaihtoehdoista.")
    assert seeker.stored().version == version


# --- visibility -------------------------------------------------------------------------------


def test_visibility_is_public_anonymous_or_hidden(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("visibility")
    expect(page.locator("#visibility-hidden")).to_be_checked()  # a new profile starts hidden
    for value in ("public", "anonymous", "hidden"):
        page.check(f"#visibility-{value}")
        seeker.send("/profile/visibility")
        seeker.expect_saved("visibility", f"visibility-{value}")
        expect(page.locator(f"#visibility-{value}")).to_be_checked()
        assert str(seeker.stored().visibility) == value

    version = seeker.stored().version
    page.eval_on_selector("#visibility-public", "el => { el.value = 'everyone'; }")
    page.check("#visibility-public")
    seeker.send("/profile/visibility")
    seeker.expect_refused("visibility", "Valitse jokin annetuista vaihtoehdoista.")
    assert str(seeker.stored().visibility) == "hidden"
    assert seeker.stored().version == version


# --- the steps --------------------------------------------------------------------------------


def _focused_href(page: Page) -> str:
    return page.evaluate("() => document.activeElement?.getAttribute('href') || ''")


def _tab_to_link(page: Page, href: str, limit: int = 80) -> None:
    """Press Tab until the link to `href` has focus, as a keyboard user does."""
    for _ in range(limit):
        if _focused_href(page) == href:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no link to {href} can be reached with Tab")


def test_the_steps_are_walked_with_the_keyboard_alone(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open()
    nav = page.get_by_role("navigation", name="Profiilin osat")
    expect(nav.locator("[aria-current]")).to_have_text("Yhteenveto")
    expect(nav.locator("summary")).to_be_hidden()  # a plain row of links on a wide screen

    _tab_to_link(page, "/profile/edit/intro")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/profile/edit/intro$"))
    expect(nav.locator("[aria-current=step]")).to_contain_text("Esittely")
    expect(page.locator("h1")).to_have_text("Esittely")

    # Onwards with the "next" link below the forms.
    _tab_to_link(page, "/profile/edit/skills")
    page.keyboard.press("Tab")  # past the step navigation's own link to the same page
    _tab_to_link(page, "/profile/edit/skills")
    assert page.evaluate("() => document.activeElement.rel") == "next"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/profile/edit/skills$"))
    expect(nav.locator("[aria-current=step]")).to_contain_text("Osaaminen ja taidot")

    # Straight to a later step from the navigation at the top.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    _tab_to_link(page, "/profile/edit/visibility")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(nav.locator("[aria-current=step]")).to_contain_text("Näkyvyys")
    expect(page.locator(".builder-pager a[rel=next]")).to_have_text("Takaisin yhteenvetoon →")


def test_on_a_phone_the_steps_fold_into_a_disclosure_opened_by_keyboard(seeker: Seeker) -> None:
    page = seeker.page
    page.set_viewport_size({"width": 360, "height": 800})
    seeker.open("languages")
    button = page.locator(".step-menu > summary")
    expect(button).to_have_text("Profiilin osat: Kielet ja kortit")
    link = page.locator(".builder-steps a[href='/profile/edit/wishes']")
    expect(link).to_be_hidden()
    button.focus()
    page.keyboard.press("Enter")
    expect(link).to_be_visible()
    _tab_to_link(page, "/profile/edit/wishes")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".step-menu > summary")).to_have_text("Profiilin osat: Toiveet työstä")
    expect(page.locator("h1")).to_have_text("Toiveet työstä")


def test_the_summary_tells_each_steps_state_and_links_to_it(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("skills")
    page.fill("#skill", "Haavanhoito")
    seeker.send("/profile/skills/add")
    page.fill("#keywords", "Excel")
    seeker.send("/profile/keywords")
    seeker.open()
    skills = page.locator("li#skills")
    expect(skills).to_contain_text("Täytetty")
    expect(skills).to_contain_text("Taitoja: 1")
    expect(skills).to_contain_text("Avainsanoja: 1")
    expect(page.locator("li#work")).to_contain_text("Puuttuu")
    expect(page.locator("li#visibility")).to_contain_text("Piilotettu")
    with page.expect_navigation():
        page.locator("li#work a").click()
    expect(page).to_have_url(re.compile(r"/profile/edit/work$"))
    # The step navigation marks the filled step with more than colour.
    expect(page.locator(".builder-nav a[href='/profile/edit/skills']")).to_contain_text("valmis")


STEP_PATHS = ["/profile/edit", *(f"/profile/edit/{s.slug}" for s in SECTIONS)]


@pytest.mark.parametrize("path", STEP_PATHS)
def test_every_step_is_accessible_and_fits_a_phone(seeker: Seeker, path: str) -> None:
    page = seeker.page
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.set_viewport_size({"width": 320, "height": 800})
    response = page.goto(seeker.live.url + path)
    assert response is not None and response.status == 200
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = audit(page)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)
    assert not [text for text in refused if "Content Security Policy" in text], refused


def test_a_refused_step_is_accessible(seeker: Seeker) -> None:
    page = seeker.page
    seeker.open("work")
    page.fill("#work_title", "")
    seeker.send("/profile/work")
    seeker.expect_refused("work_title", REQUIRED)
    violations = audit(page)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)
