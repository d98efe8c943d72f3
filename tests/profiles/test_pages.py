"""Profile builder, my page, account deletion and the profile page in the browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.profiles.schemas import HEADLINE_MAX, SUMMARY_MAX
from marketplace.taxonomy.service import Term, get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.analysis import fold
from tests import factories

UNKNOWN_TEXT = "Xqzvwyk plörtsäys"


class Browser:
    """A signed-in jobseeker's browser: posts forms with the session's CSRF token."""

    def __init__(self, client: TestClient, user: User):
        self.client = client
        self.user = user
        factories.browser_login(client, user)
        self.token = factories.csrf(client, "/profile/edit")

    def post(self, path: str, data: dict[str, Any] | None = None) -> Response:
        """Submit a form without following the redirect."""
        form = {"csrf_token": self.token, **(data or {})}
        return self.client.post(path, data=form, follow_redirects=False)

    def profile(self) -> dict[str, Any]:
        """The stored profile, read through the JSON API with the session cookie."""
        response = self.client.get("/api/v1/me/profile")
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def browser(client: TestClient, db: Session) -> Browser:
    return Browser(client, factories.jobseeker(db, name="Maija Meikäläinen"))


def _saved(response: Response, step: str, anchor: str | None = None) -> None:
    """The form was saved and sent the browser back to its own step, at the changed item."""
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith(f"/profile/edit/{step}?saved=1#"), location
    if anchor is not None:
        assert location == f"/profile/edit/{step}?saved=1#{anchor}"


def _unique_label(kind: str) -> tuple[Term, str]:
    """A concept and one of its labels (Swedish if possible) that no other concept shares."""
    terms = get_taxonomy().all(kind)
    counts: dict[str, int] = {}
    for term in terms:
        for label in set(map(fold, term.labels.values())):
            counts[label] = counts.get(label, 0) + 1
    for lang in ("sv", "fi"):
        for term in terms:
            if counts[fold(term.labels[lang])] == 1:
                return term, term.labels[lang]
    raise AssertionError(f"no {kind} with a unique label")


def _ambiguous_prefix(kind: str) -> str:
    """Text that is no concept's label but starts the labels of several."""
    taxonomy = get_taxonomy()
    labels = {fold(label) for term in taxonomy.all(kind) for label in term.labels.values()}
    for length in (4, 3, 2):
        for term in taxonomy.all(kind):
            prefix = term.labels["fi"][:length]
            if fold(prefix) not in labels and len(taxonomy.typeahead(kind, prefix, "fi")) >= 2:
                return prefix
    raise AssertionError(f"no ambiguous {kind} prefix")


# --- access -----------------------------------------------------------------------------------


def test_builder_redirects_anonymous_visitors_to_login(client: TestClient) -> None:
    response = client.get("/profile/edit", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fprofile%2Fedit"
    assert client.get("/me", follow_redirects=False).status_code == 303


def test_builder_is_for_jobseekers_only(client: TestClient, db: Session) -> None:
    factories.browser_login(client, factories.employer(db))
    assert client.get("/profile/edit").status_code == 403


STEP_FORMS = {
    "intro": ["/profile/intro"],
    "skills": ["/profile/skills/add", "/profile/keywords"],
    "languages": ["/profile/languages/add", "/profile/licences/add"],
    "work": ["/profile/work"],
    "education": ["/profile/education"],
    "wishes": [
        "/profile/wishes/occupations/add",
        "/profile/wishes/municipalities/add",
        "/profile/wishes/regions/add",
        "/profile/wishes",
    ],
    "visibility": ["/profile/visibility"],
}


@pytest.mark.parametrize("step", list(STEP_FORMS))
def test_every_step_has_its_own_page_with_labelled_forms(browser: Browser, step: str) -> None:
    page = browser.client.get(f"/profile/edit/{step}")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1
    # One step's forms on its page, none of the others'.
    actions = set(re.findall(r'<form[^>]*action="(/profile/[^"]+)"', html))
    forms = {a for a in actions if "/remove" not in a}
    assert forms == set(STEP_FORMS[step]), forms
    # The step navigation: every step a link, the current one marked.
    nav = html.split('<nav class="builder-nav"', 1)[1].split("</nav>", 1)[0]
    for other in STEP_FORMS:
        assert f'href="/profile/edit/{other}"' in nav
    assert re.findall(r'href="([^"]+)" aria-current="step"', nav) == [f"/profile/edit/{step}"]
    assert 'rel="prev"' in html and 'rel="next"' in html
    # Every visible control has a label.
    ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert ids
    for control in ids:
        assert f'for="{control}"' in html, control
    assert "/static/profile-builder.js" in html


def test_unknown_step_is_404(browser: Browser) -> None:
    assert browser.client.get("/profile/edit/nothing").status_code == 404


def test_summary_lists_every_step_with_its_state(browser: Browser, db: Session) -> None:
    page = browser.client.get("/profile/edit")
    assert page.status_code == 200
    html = page.text
    for step in STEP_FORMS:
        assert f'<li id="{step}" class="card">' in html  # the old page's fragments still land
        assert f'href="/profile/edit/{step}"' in html
    assert 'action="/profile/' not in html  # forms live on the steps
    assert html.count("Puuttuu") == 6 and "Täytetty" not in html
    assert "Täydennä seuraavaksi: Esittely" in html

    user = db.get(User, browser.user.id)
    assert user is not None
    factories.profile(db, user, headline="Lähihoitaja", skills=["S0045", "S0040"])
    html = browser.client.get("/profile/edit").text
    skills = html.split('<li id="skills"', 1)[1].split("</li>", 1)[0]
    assert "Täytetty" in skills and "Taitoja: 2" in skills and "Avainsanoja: 0" in skills
    assert "Lähihoitaja" in html.split('<li id="intro"', 1)[1].split("</li>", 1)[0]
    assert "Julkinen" in html.split('<li id="visibility"', 1)[1].split("</li>", 1)[0]


def test_old_item_edit_links_open_the_items_step(browser: Browser) -> None:
    response = browser.client.get("/profile/edit?work=0", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/profile/edit/work?edit=0#work-form"


def test_visibility_step_says_what_each_choice_means(browser: Browser) -> None:
    html = browser.client.get("/profile/edit/visibility").text
    # New profiles start hidden, and the page says what each choice means.
    assert 'id="visibility-hidden" name="visibility" value="hidden"' in html
    hidden_radio = re.search(r'<input[^>]*id="visibility-hidden"[^>]*>', html)
    assert hidden_radio and "checked" in hidden_radio.group(0)
    assert "Työnantajat löytävät profiilisi haussa, mutta eivät näe nimeäsi" in html


def test_missing_csrf_token_is_403_and_saves_nothing(browser: Browser) -> None:
    before = browser.profile()
    response = browser.client.post(
        "/profile/intro", data={"headline": "Ilman tunnistetta"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert browser.profile()["headline"] == before["headline"]


# --- introduction -----------------------------------------------------------------------------


def test_intro_saves_and_shows_saved_notice(browser: Browser) -> None:
    tampere = get_taxonomy().get(ConceptKind.MUNICIPALITY, "837")
    assert tampere is not None
    response = browser.post(
        "/profile/intro",
        {
            "headline": "Lähihoitaja, vuorotyö sopii",
            "summary": "Olen työskennellyt kotihoidossa viisi vuotta.",
            "municipality": tampere.labels["fi"].upper(),
            "available_from": "2030-09-01",
            "phone": "040 123 4567",
            "email": "maija@example.fi",
            "address": "Hämeenkatu 1, Tampere",
        },
    )
    _saved(response, "intro", "intro")
    page = browser.client.get(response.headers["location"])
    assert 'class="notice" role="status"' in page.text
    doc = browser.profile()
    assert doc["headline"] == "Lähihoitaja, vuorotyö sopii"
    assert doc["summary"].startswith("Olen työskennellyt")
    assert doc["municipality"] == "837"
    assert doc["wishes"]["available_from"] == "2030-09-01"
    assert doc["contact"] == {
        "phone": "040 123 4567",
        "email": "maija@example.fi",
        "address": "Hämeenkatu 1, Tampere",
    }


def test_overlong_headline_is_422_with_field_message_and_saves_nothing(browser: Browser) -> None:
    before = browser.profile()
    response = browser.post(
        "/profile/intro", {"headline": "x" * (HEADLINE_MAX + 1), "summary": "Uusi kuvaus"}
    )
    assert response.status_code == 422
    assert 'id="error-summary"' in response.text and 'href="#headline"' in response.text
    error = re.search(r'<p class="field-error" id="headline-error">([^<]*)</p>', response.text)
    assert error and f"enintään {HEADLINE_MAX} merkkiä" in error.group(1)
    assert 'aria-invalid="true"' in response.text
    # Nothing was cut: the whole text is in the field to be shortened.
    assert f'value="{"x" * (HEADLINE_MAX + 1)}"' in response.text
    assert "Uusi kuvaus" in response.text  # what was typed is kept
    after = browser.profile()
    assert after["summary"] == before["summary"] and after["version"] == before["version"]


def test_overlong_description_is_refused_whole_next_to_its_field(browser: Browser) -> None:
    page = browser.client.get("/profile/edit/intro").text
    assert f"Enintään {SUMMARY_MAX} merkkiä." in page
    assert not re.search(r'<textarea[^>]*id="summary"[^>]*maxlength', page)  # never cut
    text = "ä" * (SUMMARY_MAX + 1)
    response = browser.post("/profile/intro", {"headline": "Kokki", "summary": text})
    assert response.status_code == 422
    error = re.search(r'<p class="field-error" id="summary-error">([^<]*)</p>', response.text)
    assert error and f"enintään {SUMMARY_MAX} merkkiä" in error.group(1)
    assert f">{text}</textarea>" in response.text
    assert browser.profile()["headline"] == ""


def test_bad_date_and_email_name_their_fields(browser: Browser) -> None:
    response = browser.post("/profile/intro", {"available_from": "31.2.2030", "email": "ei"})
    assert response.status_code == 422
    assert 'href="#available_from"' in response.text and 'href="#email"' in response.text


# --- taxonomy choice without JavaScript ------------------------------------------------------


def test_add_skill_by_exact_label_in_any_language_and_case(browser: Browser) -> None:
    term, label = _unique_label(ConceptKind.SKILL)
    _saved(
        browser.post("/profile/skills/add", {"q": f"  {label.upper()} "}),
        "skills",
        f"skill-{term.code}",
    )
    assert browser.profile()["skills"] == [term.code]
    # Adding it again keeps one copy.
    _saved(browser.post("/profile/skills/add", {"q": label}), "skills")
    assert browser.profile()["skills"] == [term.code]
    page = browser.client.get("/profile/edit/skills").text
    assert f'action="/profile/skills/{term.code}/remove"' in page
    assert f'<li id="skill-{term.code}">' in page
    _saved(browser.post(f"/profile/skills/{term.code}/remove"), "skills", "skills-list-heading")
    assert browser.profile()["skills"] == []


def test_ambiguous_skill_text_offers_choices_then_adds_the_chosen_one(browser: Browser) -> None:
    prefix = _ambiguous_prefix(ConceptKind.SKILL)
    before = browser.profile()
    response = browser.post("/profile/skills/add", {"q": prefix})
    assert response.status_code == 200
    codes = re.findall(
        r'<input type="radio" id="skill-choice-\d+" name="code" value="([^"]+)"', response.text
    )
    assert len(codes) >= 2
    assert 'href="#skill-choices"' in response.text  # the notice at the top leads to them
    assert browser.profile()["version"] == before["version"]
    _saved(browser.post("/profile/skills/add", {"q": prefix, "code": codes[1]}), "skills")
    assert browser.profile()["skills"] == [codes[1]]


def test_unknown_skill_text_is_422_with_message(browser: Browser) -> None:
    response = browser.post("/profile/skills/add", {"q": UNKNOWN_TEXT})
    assert response.status_code == 422
    assert f"Hakusanalla ”{UNKNOWN_TEXT}” ei löytynyt mitään" in response.text
    assert 'href="#skill"' in response.text
    assert browser.profile()["skills"] == []


def test_forged_choice_code_is_not_trusted(browser: Browser) -> None:
    response = browser.post("/profile/skills/add", {"q": UNKNOWN_TEXT, "code": "NO-SUCH"})
    assert response.status_code == 422
    assert browser.profile()["skills"] == []


def test_ambiguous_home_municipality_keeps_the_rest_of_the_form(browser: Browser) -> None:
    prefix = _ambiguous_prefix(ConceptKind.MUNICIPALITY)
    response = browser.post("/profile/intro", {"headline": "Kokki", "municipality": prefix})
    assert response.status_code == 200
    assert 'name="municipality_code"' in response.text and 'value="Kokki"' in response.text
    assert browser.profile()["headline"] == ""


# --- knowledge and skills ---------------------------------------------------------------------


def test_keywords_languages_and_licences(browser: Browser) -> None:
    _saved(
        browser.post("/profile/keywords", {"keywords": "Excel, trukit;  , excel, Excel"}),
        "skills",
        "keywords-heading",
    )
    assert browser.profile()["keywords"] == ["Excel", "trukit"]

    english = get_taxonomy().get(ConceptKind.LANGUAGE, "en")
    assert english is not None
    _saved(
        browser.post("/profile/languages/add", {"q": english.labels["fi"], "language_level": "B1"}),
        "languages",
        "language-en",
    )
    _saved(browser.post("/profile/languages/add", {"q": "en", "language_level": "C1"}), "languages")
    assert browser.profile()["languages"] == [{"code": "en", "level": "C1"}]
    bad_level = browser.post("/profile/languages/add", {"q": "fi", "language_level": "Z9"})
    assert bad_level.status_code == 422 and 'href="#language_level"' in bad_level.text
    _saved(browser.post("/profile/languages/en/remove"), "languages", "languages-heading")
    assert browser.profile()["languages"] == []

    licence, label = _unique_label(ConceptKind.LICENCE)
    _saved(
        browser.post("/profile/licences/add", {"q": label}), "languages", f"licence-{licence.code}"
    )
    assert browser.profile()["licences"] == [licence.code]


def test_too_long_keyword_is_422(browser: Browser) -> None:
    response = browser.post("/profile/keywords", {"keywords": "a" * 61})
    assert response.status_code == 422 and 'href="#keywords"' in response.text
    assert browser.profile()["keywords"] == []


# --- work experience and education ------------------------------------------------------------


def test_work_items_are_added_edited_and_removed(browser: Browser) -> None:
    occupation, label = _unique_label(ConceptKind.OCCUPATION)
    first = {
        "work_title": "Myyjä",
        "work_employer": "Kauppa Oy",
        "work_start": "2015-01-01",
        "work_end": "2018-12-31",
        "work_occupation": label,
    }
    _saved(browser.post("/profile/work", first), "work", "work-0")
    later = {"work_title": "Myymäläpäällikkö", "work_start": "2019-01-01", "work_description": "x"}
    _saved(browser.post("/profile/work", later), "work", "work-0")
    work = browser.profile()["work"]
    assert [w["title"] for w in work] == ["Myymäläpäällikkö", "Myyjä"]  # newest first
    assert work[1]["occupation_code"] == occupation.code

    edit_page = browser.client.get("/profile/edit/work?edit=1")
    assert 'action="/profile/work/1"' in edit_page.text and 'value="Kauppa Oy"' in edit_page.text
    version = str(browser.profile()["version"])
    _saved(
        browser.post(
            "/profile/work/1", {**first, "work_employer": "Kauppa Oyj", "version": version}
        ),
        "work",
        "work-1",
    )
    assert browser.profile()["work"][1]["employer"] == "Kauppa Oyj"

    version = str(browser.profile()["version"])
    _saved(browser.post("/profile/work/0/remove", {"version": version}), "work", "work-heading")
    assert [w["title"] for w in browser.profile()["work"]] == ["Myyjä"]


def test_work_errors_save_nothing(browser: Browser) -> None:
    no_title = browser.post("/profile/work", {"work_title": " ", "work_start": "2020-01-01"})
    assert no_title.status_code == 422 and 'href="#work_title"' in no_title.text
    backwards = browser.post(
        "/profile/work", {"work_title": "A", "work_start": "2020-01-01", "work_end": "2019-01-01"}
    )
    assert backwards.status_code == 422 and 'href="#work_end"' in backwards.text
    assert "Päättymisajan pitää olla alkamisen jälkeen" in backwards.text
    assert browser.profile()["work"] == []


def test_removing_by_position_from_an_old_page_is_refused(browser: Browser) -> None:
    _saved(browser.post("/profile/work", {"work_title": "A"}), "work")
    stale = str(browser.profile()["version"] - 1)
    response = browser.post("/profile/work/0/remove", {"version": stale})
    assert response.status_code == 409
    assert len(browser.profile()["work"]) == 1


def test_education_is_added_and_removed(browser: Browser) -> None:
    data = {
        "edu_title": "Merkonomi",
        "edu_institution": "Tredu",
        "edu_start": "2010",
        "edu_end": "2012",
    }
    _saved(browser.post("/profile/education", data), "education", "education-0")
    assert browser.profile()["education"] == [
        {"title": "Merkonomi", "institution": "Tredu", "start_year": 2010, "end_year": 2012}
    ]
    bad = browser.post("/profile/education", {"edu_title": "X", "edu_start": "vuonna"})
    assert bad.status_code == 422 and 'href="#edu_start"' in bad.text
    version = str(browser.profile()["version"])
    _saved(browser.post("/profile/education/0/remove", {"version": version}), "education")
    assert browser.profile()["education"] == []


# --- job wishes and visibility ----------------------------------------------------------------


def test_job_wishes_save(browser: Browser) -> None:
    occupation, occupation_label = _unique_label(ConceptKind.OCCUPATION)
    region, region_label = _unique_label(ConceptKind.REGION)
    _saved(
        browser.post("/profile/wishes/occupations/add", {"q": occupation_label}),
        "wishes",
        f"wish_occupation-{occupation.code}",
    )
    _saved(
        browser.post("/profile/wishes/regions/add", {"q": region_label}),
        "wishes",
        f"wish_region-{region.code}",
    )
    _saved(
        browser.post("/profile/wishes/municipalities/add", {"q": "837"}),
        "wishes",
        "wish_municipality-837",
    )
    _saved(
        browser.post(
            "/profile/wishes",
            {
                "employment_types": ["permanent", "fixed_term"],
                "working_times": ["part_time"],
                "remote": "1",
            },
        ),
        "wishes",
        "work-terms-heading",
    )
    wishes = browser.profile()["wishes"]
    assert wishes["occupations"] == [occupation.code]
    assert wishes["regions"] == [region.code]
    assert wishes["municipalities"] == ["837"]
    assert wishes["employment_types"] == ["permanent", "fixed_term"]
    assert wishes["working_times"] == ["part_time"] and wishes["remote"] is True

    _saved(browser.post("/profile/wishes", {"working_times": ["shift"]}), "wishes")
    wishes = browser.profile()["wishes"]
    assert wishes["employment_types"] == [] and wishes["remote"] is False
    bad = browser.post("/profile/wishes", {"employment_types": ["forever"]})
    assert bad.status_code == 422 and 'href="#employment_types"' in bad.text


def test_visibility_change(browser: Browser) -> None:
    assert browser.profile()["visibility"] == "hidden"
    _saved(
        browser.post("/profile/visibility", {"visibility": "anonymous"}),
        "visibility",
        "visibility-anonymous",
    )
    assert browser.profile()["visibility"] == "anonymous"
    assert browser.post("/profile/visibility", {"visibility": "everyone"}).status_code == 422
    assert browser.profile()["visibility"] == "anonymous"


# --- my page ----------------------------------------------------------------------------------


def test_my_page_shows_status_completeness_and_links(browser: Browser, db: Session) -> None:
    page = browser.client.get("/me?welcome=1")
    assert page.status_code == 200
    assert "Hei, Maija Meikäläinen!" in page.text and "Tervetuloa!" in page.text
    assert "Valmiina 0/6" in page.text and "Piilotettu" in page.text
    profile_id = browser.profile()["id"]
    for link in (
        f"/api/v1/profiles/{profile_id}/cv.pdf",
        f"/profiles/{profile_id}/cv",
        "/me/plan",
        "/api/v1/me/export",
        "/me/delete",
        "/profile/edit/visibility",
    ):
        assert f'href="{link}"' in page.text, link

    user = db.get(User, browser.user.id)
    assert user is not None
    factories.profile(db, user, work=[{"title": "Sairaanhoitaja"}])
    page = browser.client.get("/me")
    # headline, summary, work, languages and wishes filled; skills missing.
    assert "Valmiina 5/6" in page.text and "Julkinen" in page.text
    assert 'href="/profile/edit/skills"' in page.text


def test_export_link_works_with_the_session_cookie(browser: Browser) -> None:
    response = browser.client.get("/api/v1/me/export")
    assert response.status_code == 200
    assert "profile" in response.json()


# --- account deletion -------------------------------------------------------------------------


def test_delete_account_needs_the_password_then_signs_out(browser: Browser, db: Session) -> None:
    user_id = browser.user.id
    page = browser.client.get("/me/delete")
    assert page.status_code == 200 and 'type="password"' in page.text
    wrong = browser.post("/me/delete", {"password": "väärä-salasana-1"})
    assert wrong.status_code == 422 and 'href="#password"' in wrong.text
    assert db.get(User, user_id) is not None

    done = browser.post("/me/delete", {"password": factories.PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/me/deleted"
    db.expire_all()
    assert db.scalar(select(User).where(User.id == user_id)) is None
    assert browser.client.get("/me/deleted").status_code == 200
    assert browser.client.get("/me", follow_redirects=False).status_code == 303


# --- the profile page -------------------------------------------------------------------------


def test_profile_page_respects_visibility(client: TestClient, db: Session) -> None:
    seeker = factories.jobseeker(db, name="Anna Anonyymi")
    profile = factories.profile(db, seeker, visibility="anonymous")
    reference = f"K-{profile.id:06d}"
    factories.browser_login(client, factories.employer(db))
    page = client.get(f"/profiles/{profile.id}")
    assert page.status_code == 200
    assert reference in page.text and f'href="/api/v1/profiles/{profile.id}/cv.pdf"' in page.text
    for secret in ("Anna Anonyymi", "+358 40 123 4567", "Hämeenkatu 1", seeker.email):
        assert secret not in page.text

    factories.profile(db, seeker, visibility="public")
    page = client.get(f"/profiles/{profile.id}")
    assert "Anna Anonyymi" in page.text and "+358 40 123 4567" in page.text

    factories.profile(db, seeker, visibility="hidden")
    assert client.get(f"/profiles/{profile.id}").status_code == 404
    factories.browser_login(client, seeker)
    own = client.get(f"/profiles/{profile.id}")
    assert own.status_code == 200 and "Anna Anonyymi" in own.text


def test_profile_page_is_404_to_anonymous_visitors(client: TestClient, db: Session) -> None:
    profile = factories.profile(db, factories.jobseeker(db))
    assert client.get(f"/profiles/{profile.id}").status_code == 404


# --- languages --------------------------------------------------------------------------------


def test_swedish_and_english_pages(browser: Browser) -> None:
    sv = browser.client.get("/profile/edit?lang=sv")
    assert sv.status_code == 200 and '<html lang="sv">' in sv.text
    for text in ("Kunnande och färdigheter", "Arbetserfarenhet", "Sammanfattning", "Saknas"):
        assert text in sv.text
    assert "Osaaminen ja taidot" not in sv.text
    assert "Vem ser din profil?" in browser.client.get("/profile/edit/visibility").text
    assert "Dina uppgifter" in browser.client.get("/me").text  # the choice sticks
    en = browser.client.get("/profile/edit/visibility?lang=en")
    assert "Knowledge and skills" in en.text and "Who can see your profile?" in en.text
    assert "Next: Summary" not in en.text and "Back to the summary" in en.text
    error = browser.post("/profile/skills/add", {"q": UNKNOWN_TEXT})
    assert "Nothing was found for" in error.text


def test_the_language_form_as_rendered_saves_the_language_and_its_level(browser: Browser) -> None:
    # The names the page's own form sends, not names a test assumes.
    html = browser.client.get("/profile/edit/languages").text
    form = html.split('action="/profile/languages/add"', 1)[1].split("</form>", 1)[0]
    names = set(re.findall(r'name="([^"]+)"', form)) - {"csrf_token"}
    level_name = next(n for n in names if "level" in n)
    level = re.findall(rf'<select[^>]*name="{level_name}".*?</select>', form, re.S)[0]
    first_level = re.findall(r'<option value="([^"]+)"', level)[0]
    swedish = get_taxonomy().get(ConceptKind.LANGUAGE, "sv")
    assert swedish is not None and "q" in names
    _saved(
        browser.post(
            "/profile/languages/add", {"q": swedish.labels["fi"], level_name: first_level}
        ),
        "languages",
        "language-sv",
    )
    assert browser.profile()["languages"] == [{"code": "sv", "level": first_level}]
