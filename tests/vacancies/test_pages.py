"""Vacancy pages: search with facets, the vacancy page and the employer's vacancy editor."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.taxonomy.forms import resolve_concept
from marketplace.taxonomy.service import Term, get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.vacancies.models import Vacancy
from search.base import SearchUnavailable
from tests import factories

TAMPERE, HELSINKI = "837", "091"


def _count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Vacancy)) or 0


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/vacancies/\d+">([^<]+)</a></h3>', html)


def _option(html: str, select_id: str, value: str) -> str:
    """Text of one option of a select, e.g. "Tampere (2)"."""
    block = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    match = re.search(rf'<option value="{re.escape(value)}"[^>]*>([^<]*)</option>', block)
    assert match, f"no option {value} in {select_id}"
    return match.group(1)


def _signed_in_employer(client: TestClient, db: Session, org: str = "Testi Oy") -> User:
    user = factories.employer(db, org=org)
    factories.browser_login(client, user)
    return user


def _skill_labels(n: int) -> list[Term]:
    """Skills whose Finnish and English labels each name exactly that skill."""
    found = [
        term
        for term in get_taxonomy().all(ConceptKind.SKILL)
        if all(
            resolve_concept(ConceptKind.SKILL, term.label(lang), lang=lang).code == term.code
            for lang in ("fi", "en")
        )
    ]
    assert len(found) >= n, "taxonomy has too few skills"
    return found[:n]


def _ambiguous_prefix() -> tuple[str, list[str]]:
    """A word start that several skills share and none is called."""
    taxonomy = get_taxonomy()
    for term in taxonomy.all(ConceptKind.SKILL):
        prefix = term.label("fi")[:4]
        hits = taxonomy.typeahead(ConceptKind.SKILL, prefix, "fi", limit=10)
        if len(hits) >= 2 and all(prefix.lower() != h.label("fi").lower() for h in hits):
            return prefix, [h.code for h in hits]
    raise AssertionError("no shared prefix among skills")


def _form(token: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "csrf_token": token,
        "title": "Lähihoitaja kotihoitoon",
        "description": "Kotihoidon käynnit Tampereella.",
        "employment_type": "permanent",
        "working_time": "shift",
        "remote": "onsite",
        "municipality_code": TAMPERE,
        "deadline": (date.today() + timedelta(days=20)).isoformat(),
        "action": "save",
    }
    data.update(fields)
    return data


# --- search -----------------------------------------------------------------------------------


def test_search_page_shows_results_with_facet_counts(client: TestClient, db: Session) -> None:
    owner = factories.employer(db, org="Pirkan Hoiva Oy")
    factories.vacancy(db, owner, title="Sairaanhoitaja sisätautiosastolle")
    factories.vacancy(
        db, owner, title="Sairaanhoitaja kotisairaalaan", employment_type="fixed_term"
    )
    factories.vacancy(db, owner, title="Sairaanhoitaja Helsinkiin", municipality_code=HELSINKI)

    page = client.get("/vacancies", params={"q": "sairaanhoitaja"})

    assert page.status_code == 200
    assert page.text.count("<h1") == 1
    assert sorted(_titles(page.text)) == [
        "Sairaanhoitaja Helsinkiin",
        "Sairaanhoitaja kotisairaalaan",
        "Sairaanhoitaja sisätautiosastolle",
    ]
    assert "Hakutuloksia: 3" in page.text
    tampere = get_taxonomy().label(ConceptKind.MUNICIPALITY, TAMPERE, "fi")
    assert _option(page.text, "filter-municipality", TAMPERE) == f"{tampere} (2)"
    assert _option(page.text, "filter-municipality", HELSINKI).endswith("(1)")
    region = get_taxonomy().region_of(TAMPERE)
    assert region and _option(page.text, "filter-region", region).endswith("(2)")
    assert re.search(r'Vakituinen <span class="count">\(2\)</span>', page.text)
    assert re.search(r'Määräaikainen <span class="count">\(1\)</span>', page.text)
    assert "<mark>" in page.text  # highlighted snippets
    assert "Pirkan Hoiva Oy" in page.text


def test_search_page_tells_which_words_only_ordered_the_results(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    for n in range(11):
        factories.vacancy(db, owner, title=f"Myyjä {n}", description="Edellytämme kokemusta.")
    factories.vacancy(db, owner, title="Hitsaaja", description="Edellytämme kokemusta.")

    page = client.get("/vacancies", params={"q": "hitsaaja kokemusta"})

    assert _titles(page.text) == ["Hitsaaja"]
    assert "vain järjestävät tuloksia: kokemusta" in page.text
    english = client.get("/vacancies", params={"q": "hitsaaja kokemusta", "lang": "en"})
    assert "only order the results: kokemusta" in english.text


def test_search_page_tells_which_typed_words_were_read_as_a_close_word(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    factories.vacancy(db, owner, title="Hitsaaja", description="MIG-hitsausta.")

    page = client.get("/vacancies", params={"q": "hitsaja"})

    assert _titles(page.text) == ["Hitsaaja"]
    assert "joten haettiin: hitsaja → <strong>hitsaaja</strong>" in page.text
    swedish = client.get("/vacancies", params={"q": "hitsaja", "lang": "sv"})
    assert "så vi sökte: hitsaja → <strong>hitsaaja</strong>" in swedish.text


def test_filters_narrow_results_and_keep_other_choices(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    factories.vacancy(db, owner, title="Sairaanhoitaja Tampereelle")
    factories.vacancy(db, owner, title="Sairaanhoitaja Helsinkiin", municipality_code=HELSINKI)
    factories.vacancy(
        db, owner, title="Kesäsairaanhoitaja", municipality_code=HELSINKI, employment_type="summer"
    )

    # Empty values are what a form's "all" choices send; they mean no filter.
    page = client.get(
        f"/vacancies?q=sairaanhoitaja&region=&occupation=&published_since=&municipality={HELSINKI}"
    )
    assert page.status_code == 200
    assert sorted(_titles(page.text)) == ["Kesäsairaanhoitaja", "Sairaanhoitaja Helsinkiin"]
    assert "Hakutuloksia: 2" in page.text
    # The chosen municipality is selected, and the others still show what they would give.
    assert re.search(rf'<option value="{HELSINKI}" selected>', page.text)
    assert _option(page.text, "filter-municipality", TAMPERE).endswith("(1)")

    summer = client.get(
        "/vacancies", params={"municipality": HELSINKI, "employment_type": "summer"}
    )
    assert _titles(summer.text) == ["Kesäsairaanhoitaja"]
    assert 'value="summer" form="vacancy-search" checked' in summer.text

    since = client.get("/vacancies", params={"published_since": date.today().isoformat()})
    assert len(_titles(since.text)) == 3
    later = client.get(
        "/vacancies", params={"published_since": (date.today() + timedelta(days=1)).isoformat()}
    )
    assert _titles(later.text) == [] and "Hakuehdoilla ei löytynyt" in later.text


def test_pagination_and_past_the_end(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    for i in range(3):
        factories.vacancy(db, owner, title=f"Kokki {i}")

    first = client.get("/vacancies", params={"limit": 2})
    assert len(_titles(first.text)) == 2
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    next_href = re.search(r'<a href="([^"]+)" rel="next"', first.text)
    assert next_href and "offset=2" in next_href.group(1)

    second = client.get(next_href.group(1).replace("&amp;", "&"))
    assert len(_titles(second.text)) == 1
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text

    beyond = client.get("/vacancies", params={"offset": 40})
    assert beyond.status_code == 200
    assert _titles(beyond.text) == []
    assert "Tälle sivulle ei riitä enempää tuloksia" in beyond.text


def test_no_results_is_an_empty_state(client: TestClient) -> None:
    page = client.get("/vacancies", params={"q": "sukeltaja"})
    assert page.status_code == 200
    assert "Hakuehdoilla ei löytynyt työpaikkoja." in page.text


def test_invalid_parameters_are_422_pages(client: TestClient) -> None:
    for params in (
        {"municipality": "000"},
        {"region": "nope"},
        {"employment_type": "forever"},
        {"published_since": "eilen"},
        {"offset": "-1"},
        {"q": "x" * 201},
    ):
        response = client.get("/vacancies", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"].startswith("text/html")
        # The search page itself says what was wrong, in Finnish, and still searches.
        assert 'id="error-summary"' in response.text and 'id="vacancy-search"' in response.text
        assert "Invalid input" not in response.text
    long_words = client.get("/vacancies", params={"q": "x" * 201}).text
    assert 'id="q-error">Hakusanat: kirjoita enintään 200 merkkiä.' in long_words
    bad_page = client.get("/vacancies", params={"offset": "-1"}).text
    assert "Osoitteen sivunumero ei kelpaa" in bad_page


def test_search_outage_is_a_503_page(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    factories.vacancy(db, factories.employer(db))

    def down(*args: object, **kwargs: object) -> None:
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(client.app.state.search, "search", down)  # type: ignore[attr-defined]
    response = client.get("/vacancies", params={"q": "sairaanhoitaja"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert "Palvelu on hetken poissa käytöstä" in response.text


# --- the vacancy page -------------------------------------------------------------------------


def test_vacancy_page_shows_every_field_with_labels(client: TestClient, db: Session) -> None:
    taxonomy = get_taxonomy()
    required, desired = _skill_labels(2)
    occupation = taxonomy.all(ConceptKind.OCCUPATION)[0]
    language = taxonomy.get(ConceptKind.LANGUAGE, "sv")
    licence = taxonomy.all(ConceptKind.LICENCE)[0]
    assert language is not None
    owner = factories.employer(db, org="Hoiva Oy")
    vacancy = factories.vacancy(
        db,
        owner,
        occupation_code=occupation.code,
        required_skills=[required.code],
        desired_skills=[desired.code],
        languages=[{"code": "sv", "level": "B1"}],
        licences=[licence.code],
        salary_text="Hinnoitteluryhmä 3",
        how_to_apply="Hae lomakkeella.",
        start_date=date(2030, 1, 7),
    )

    page = client.get(f"/vacancies/{vacancy.id}")

    assert page.status_code == 200
    assert page.text.count("<h1") == 1
    assert f'<a href="/organizations/{vacancy.organization_id}">Hoiva Oy</a>' in page.text
    for text in (
        occupation.label("fi"),
        required.label("fi"),
        desired.label("fi"),
        language.label("fi"),
        licence.label("fi"),
        taxonomy.label(ConceptKind.MUNICIPALITY, TAMPERE, "fi"),
        "Hinnoitteluryhmä 3",
        "Hae lomakkeella.",
        "7.1.2030",
        "Vakituinen",
        "Kokoaikainen",
    ):
        assert text in page.text, text
    # Only the owner's users see the editing tools.
    assert "/edit" not in page.text and "/candidates" not in page.text


def test_vacancy_page_in_swedish(client: TestClient, db: Session) -> None:
    vacancy = factories.vacancy(db, factories.employer(db))
    page = client.get(f"/vacancies/{vacancy.id}", params={"lang": "sv"})
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    swedish = get_taxonomy().label(ConceptKind.MUNICIPALITY, TAMPERE, "sv")
    assert swedish != get_taxonomy().label(ConceptKind.MUNICIPALITY, TAMPERE, "fi")
    assert swedish in page.text
    assert "Fast anställning" in page.text and "Ansökningstiden går ut" in page.text
    search = client.get("/vacancies", params={"lang": "sv"})
    assert "Lediga jobb" in search.text and "Fast anställning" in search.text


def test_drafts_are_private_to_their_organisation(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    draft = factories.vacancy(db, owner, title="Luonnos", publish=False)

    assert client.get(f"/vacancies/{draft.id}").status_code == 404
    factories.browser_login(client, factories.employer(db, org="Toinen Oy"))
    assert client.get(f"/vacancies/{draft.id}").status_code == 404
    assert client.get("/vacancies/999999").status_code == 404
    assert client.get("/vacancies/99999999999999999999").status_code == 422

    own = TestClient(client.app)
    factories.browser_login(own, owner)
    page = own.get(f"/vacancies/{draft.id}")
    assert page.status_code == 200
    assert "Luonnos" in page.text
    assert f"/employer/vacancies/{draft.id}/edit" in page.text
    assert f"/employer/vacancies/{draft.id}/publish" in page.text
    assert f"/employer/vacancies/{draft.id}/candidates" in page.text


# --- the editor -------------------------------------------------------------------------------


def test_create_through_the_form(client: TestClient, db: Session) -> None:
    taxonomy = get_taxonomy()
    skill, other = _skill_labels(2)
    occupation = taxonomy.all(ConceptKind.OCCUPATION)[0]
    licence = taxonomy.all(ConceptKind.LICENCE)[0]
    _signed_in_employer(client, db)
    editor = client.get("/employer/vacancies/new")
    assert editor.status_code == 200 and editor.text.count("<h1") == 1
    token = factories.csrf(client, "/employer/vacancies/new")

    response = client.post(
        "/employer/vacancies",
        data=_form(
            token,
            occupation=occupation.label("fi").upper(),  # labels match whatever the case
            required_skills_new=[skill.label("fi"), ""],
            desired_skills_new=[other.label("en")],  # any language's label is understood
            language_code=["fi", "en", ""],
            language_level=["C1", "B1", ""],
            licences=[licence.code],
            deadline="1.2.2099",
            action="publish",
        ),
        follow_redirects=False,
    )

    assert response.status_code == 303, response.text
    vacancy = db.scalars(select(Vacancy)).one()
    assert response.headers["location"] == f"/vacancies/{vacancy.id}?saved=1"
    assert vacancy.occupation_code == occupation.code
    assert vacancy.required_skills == [skill.code]
    assert vacancy.desired_skills == [other.code]
    assert vacancy.languages == [{"code": "fi", "level": "C1"}, {"code": "en", "level": "B1"}]
    assert vacancy.licences == [licence.code]
    assert vacancy.deadline == date(2099, 2, 1) and vacancy.status == "published"
    assert "Tallennettu." in client.get(response.headers["location"]).text
    assert "Lähihoitaja kotihoitoon" in client.get("/employer").text
    assert "Lähihoitaja kotihoitoon" in _titles(client.get("/vacancies").text)


def test_invalid_form_is_422_and_saves_nothing(client: TestClient, db: Session) -> None:
    _signed_in_employer(client, db)
    token = factories.csrf(client, "/employer/vacancies/new")

    response = client.post(
        "/employer/vacancies",
        data=_form(
            token,
            title="",
            employment_type="",
            deadline="31.13.2026",
            required_skills_new=["xqzzyvvk"],
            language_code=["fi"],
            language_level=[""],
        ),
    )

    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    for anchor in ("title", "employment_type", "deadline", "required_skills", "languages"):
        assert f'<a href="#{anchor}">' in response.text, anchor
    assert 'value="xqzzyvvk"' in response.text  # kept for correcting
    assert "Kotihoidon käynnit Tampereella." in response.text
    assert _count(db) == 0


def test_publishing_after_the_deadline_saves_nothing(client: TestClient, db: Session) -> None:
    _signed_in_employer(client, db)
    token = factories.csrf(client, "/employer/vacancies/new")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(
        "/employer/vacancies", data=_form(token, deadline=yesterday, action="publish")
    )
    assert response.status_code == 422
    assert '<a href="#deadline">' in response.text
    assert _count(db) == 0


def test_ambiguous_words_offer_choices(client: TestClient, db: Session) -> None:
    prefix, codes = _ambiguous_prefix()
    _signed_in_employer(client, db)
    token = factories.csrf(client, "/employer/vacancies/new")

    response = client.post("/employer/vacancies", data=_form(token, required_skills_new=[prefix]))

    assert response.status_code == 422
    for code in codes:
        assert f'id="required_skills-offer-{code}" name="required_skills" value="{code}">' in (
            response.text
        )
    assert _count(db) == 0
    # Ticking one of the offered concepts and sending again saves it.
    saved = client.post(
        "/employer/vacancies",
        data=_form(token, required_skills=[codes[1]]),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert db.scalars(select(Vacancy)).one().required_skills == [codes[1]]


def test_check_keywords_resolves_without_saving(client: TestClient, db: Session) -> None:
    skill = _skill_labels(1)[0]
    _signed_in_employer(client, db)
    token = factories.csrf(client, "/employer/vacancies/new")
    response = client.post(
        "/employer/vacancies",
        data=_form(token, required_skills_new=[skill.label("fi")], action="check"),
    )
    assert response.status_code == 200
    assert f'name="required_skills" value="{skill.code}" checked' in response.text
    assert _count(db) == 0


def test_csrf_token_is_required(client: TestClient, db: Session) -> None:
    _signed_in_employer(client, db)
    data = _form("")
    data.pop("csrf_token")
    assert client.post("/employer/vacancies", data=data).status_code == 403
    assert client.post("/employer/vacancies", data=_form("forged")).status_code == 403
    assert _count(db) == 0


def test_editor_requires_an_employer(client: TestClient, db: Session) -> None:
    anonymous = client.get("/employer/vacancies/new", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")
    factories.browser_login(client, factories.jobseeker(db))
    assert client.get("/employer/vacancies/new").status_code == 403


def test_edit_through_the_form(client: TestClient, db: Session) -> None:
    skill = _skill_labels(1)[0]
    occupation = get_taxonomy().all(ConceptKind.OCCUPATION)[0]
    owner = _signed_in_employer(client, db)
    vacancy = factories.vacancy(
        db, owner, occupation_code=occupation.code, required_skills=[skill.code]
    )

    editor = client.get(f"/employer/vacancies/{vacancy.id}/edit")
    assert editor.status_code == 200
    assert f'value="{occupation.label("fi")}"' in editor.text
    assert f'name="required_skills" value="{skill.code}" checked' in editor.text

    token = factories.csrf(client, f"/employer/vacancies/{vacancy.id}/edit")
    response = client.post(
        f"/employer/vacancies/{vacancy.id}",
        data=_form(token, title="Uusi otsikko", occupation="", salary_text="3000 €"),
        follow_redirects=False,
    )
    assert response.status_code == 303
    db.expire_all()
    changed = db.get(Vacancy, vacancy.id)
    assert changed is not None
    assert changed.title == "Uusi otsikko" and changed.salary_text == "3000 €"
    assert changed.occupation_code is None and changed.required_skills == []

    bad = client.post(f"/employer/vacancies/{vacancy.id}", data=_form(token, title=""))
    assert bad.status_code == 422
    db.expire_all()
    assert db.get(Vacancy, vacancy.id).title == "Uusi otsikko"  # type: ignore[union-attr]


def test_other_organisations_vacancies_cannot_be_edited(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    listed = factories.vacancy(db, owner)
    draft = factories.vacancy(db, owner, publish=False)
    _signed_in_employer(client, db, org="Kilpailija Oy")
    token = factories.csrf(client, "/employer/vacancies/new")

    assert client.get(f"/employer/vacancies/{listed.id}/edit").status_code == 403
    assert client.get(f"/employer/vacancies/{draft.id}/edit").status_code == 404
    assert client.post(f"/employer/vacancies/{listed.id}", data=_form(token)).status_code == 403
    for action in ("publish", "unpublish", "delete"):
        response = client.post(
            f"/employer/vacancies/{listed.id}/{action}", data={"csrf_token": token}
        )
        assert response.status_code == 403, action
    db.expire_all()
    assert db.get(Vacancy, listed.id).title == listed.title  # type: ignore[union-attr]
    assert _count(db) == 2


def test_publish_and_unpublish_change_the_listing(client: TestClient, db: Session) -> None:
    owner = _signed_in_employer(client, db)
    draft = factories.vacancy(db, owner, title="Varastotyöntekijä", publish=False)
    token = factories.csrf(client, "/employer")
    assert _titles(client.get("/vacancies").text) == []

    published = client.post(
        f"/employer/vacancies/{draft.id}/publish",
        data={"csrf_token": token, "next": "/employer"},
        follow_redirects=False,
    )
    assert published.status_code == 303 and published.headers["location"] == "/employer"
    assert _titles(TestClient(client.app).get("/vacancies").text) == ["Varastotyöntekijä"]

    unpublished = client.post(
        f"/employer/vacancies/{draft.id}/unpublish",
        data={"csrf_token": token, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert unpublished.headers["location"] == f"/vacancies/{draft.id}"
    assert _titles(TestClient(client.app).get("/vacancies").text) == []
    assert TestClient(client.app).get(f"/vacancies/{draft.id}").status_code == 404


def test_delete_asks_then_removes(client: TestClient, db: Session) -> None:
    owner = _signed_in_employer(client, db)
    vacancy = factories.vacancy(db, owner, title="Poistettava")
    confirm = client.get(f"/employer/vacancies/{vacancy.id}/delete")
    assert confirm.status_code == 200 and "Poistettava" in confirm.text
    token = factories.csrf(client, f"/employer/vacancies/{vacancy.id}/delete")
    response = client.post(
        f"/employer/vacancies/{vacancy.id}/delete",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/employer?deleted=1"
    assert _count(db) == 0
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 404
    assert _titles(client.get("/vacancies").text) == []
