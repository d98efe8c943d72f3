"""Suggestions from free text per field kind, and their reasons told in the user's language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.suggest import reason_text
from tests import factories

NURSE_TEXT = "Olen sairaanhoitaja ja teen lääkehoitoa ja haavanhoitoa"
NURSE = "2221.1"
MEDICATION, WOUND_CARE = "S0040", "S0045"
CODE = r'name="code" value="([^"]+)"'
REASON_CODES = {"label_match", "similar", "related"}
LABEL_MATCH = {
    "fi": "Mainitaan tekstissäsi",
    "sv": "Nämns i din text",
    "en": "Mentioned in your text",
}
COMMON_FOR_NURSE = {
    "fi": "Usein ammatissa: Sairaanhoitaja",
    "sv": "Vanligt i yrket: Sjukskötare",
    "en": "Common for: Registered nurse",
}


def _suggest(client: TestClient, lang: str = "fi", **body: Any) -> list[dict[str, Any]]:
    response = client.post("/api/v1/taxonomy/suggest", params={"lang": lang}, json=body)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _assert_sentence(text: str) -> None:
    assert text.strip() and " " in text.strip(), text
    assert text not in REASON_CODES and not any(code in text for code in REASON_CODES), text


def test_skill_field_gets_skills_only(client: TestClient) -> None:
    items = _suggest(client, text=NURSE_TEXT, kinds=["skill"], limit=20)
    assert items and {item["kind"] for item in items} == {"skill"}
    codes = [item["code"] for item in items]
    assert MEDICATION in codes and WOUND_CARE in codes and NURSE not in codes


def test_occupation_field_gets_occupations_only_and_a_full_list(client: TestClient) -> None:
    items = _suggest(client, text=NURSE_TEXT, kinds=["occupation"], limit=5)
    assert {item["kind"] for item in items} == {"occupation"}
    assert items[0]["code"] == NURSE
    # The skills found first must not use up the limit before the occupations are reached.
    assert len(items) == 5


def test_both_kinds_by_default(client: TestClient) -> None:
    items = _suggest(client, text=NURSE_TEXT, limit=50)
    assert {item["kind"] for item in items} == {"skill", "occupation"}


@pytest.mark.parametrize("kinds", [["nope"], [], ["skill", "nope"], "skill"])
def test_bad_kinds_are_422_naming_the_field(client: TestClient, kinds: Any) -> None:
    response = client.post("/api/v1/taxonomy/suggest", json={"text": NURSE_TEXT, "kinds": kinds})
    assert response.status_code == 422, response.text
    assert "kinds" in response.text


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_reason_is_a_sentence_in_the_language(client: TestClient, lang: str) -> None:
    items = _suggest(client, lang, text=NURSE_TEXT, limit=50)
    assert {item["reason"] for item in items} >= {"label_match", "related"}
    for item in items:
        assert item["reason"] in REASON_CODES  # the machine reason stays for API clients
        _assert_sentence(item["reason_text"])
    by_code = {item["code"]: item for item in items}
    assert by_code[NURSE]["reason_text"] == LABEL_MATCH[lang]
    related_skills = [i for i in items if i["reason"] == "related" and i["kind"] == "skill"]
    assert related_skills
    # The nurse is the only occupation named, so it brought every related skill.
    assert {i["reason_text"] for i in related_skills} == {COMMON_FOR_NURSE[lang]}


def test_related_occupation_names_the_skill_that_brought_it(client: TestClient) -> None:
    items = _suggest(client, text=NURSE_TEXT, kinds=["occupation"], limit=10)
    taxonomy = get_taxonomy()
    named = [term for code in (MEDICATION, WOUND_CARE) if (term := taxonomy.get("skill", code))]
    related = [item for item in items if item["reason"] == "related"]
    assert related
    for item in related:
        match = re.fullmatch(r"Liittyy taitoon: (.+)", item["reason_text"])
        assert match, item["reason_text"]
        # Skills list their occupations; the one named must be a found skill listing this one.
        sources = {term.label("fi") for term in named if item["code"] in term.related}
        assert match.group(1) in sources


def test_chosen_codes_name_what_they_brought(client: TestClient) -> None:
    skills = _suggest(client, "sv", text="", exclude=[NURSE], kinds=["skill"])
    assert skills and {item["reason_text"] for item in skills} == {COMMON_FOR_NURSE["sv"]}
    occupations = _suggest(client, "en", text="", exclude=[WOUND_CARE], kinds=["occupation"])
    assert occupations
    assert {item["reason_text"] for item in occupations} == {"Related to the skill: Wound care"}
    assert NURSE in {item["code"] for item in occupations}


def test_reason_without_a_known_source_is_still_a_sentence() -> None:
    assert reason_text("related", "fi") == "Liittyy valitsemiisi"
    assert reason_text("related", "sv") == "Hör ihop med dina val"
    assert reason_text("related", "en") == "Related to your choices"
    assert reason_text("similar", "sv") == "Nära innehållet i din text"
    for lang in ("fi", "sv", "en"):
        for reason in (*REASON_CODES, "unknown"):
            _assert_sentence(reason_text(reason, lang))


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_profile_builder_shows_reasons_as_sentences_per_field(
    client: TestClient, db: Session, lang: str
) -> None:
    user = factories.jobseeker(db)
    factories.profile(db, user, headline="Sairaanhoitaja", summary=NURSE_TEXT)
    factories.browser_login(client, user)
    page = client.get("/profile/edit/skills", params={"lang": lang})
    assert page.status_code == 200
    html = page.text
    for code in REASON_CODES:
        assert f"({code})" not in html
    assert "label_match" not in html
    taxonomy = get_taxonomy()

    skills = _section(html, "suggestions-heading")
    codes = re.findall(CODE, skills)
    assert MEDICATION in codes and WOUND_CARE in codes
    assert all(taxonomy.get("skill", code) for code in codes), codes
    assert set(re.findall(r'action="([^"#]+)', skills)) == {"/profile/skills/add"}
    assert LABEL_MATCH[lang] in skills

    html = client.get("/profile/edit/wishes", params={"lang": lang}).text
    occupations = _section(html, "occupation-suggestions-heading")
    codes = re.findall(CODE, occupations)
    assert NURSE in codes
    assert all(taxonomy.get("occupation", code) for code in codes), codes
    assert set(re.findall(r'action="([^"#]+)', occupations)) == {"/profile/wishes/occupations/add"}
    assert LABEL_MATCH[lang] in occupations


def test_accepting_an_occupation_suggestion_adds_a_wish(client: TestClient, db: Session) -> None:
    user = factories.jobseeker(db)
    factories.profile(db, user, headline="Sairaanhoitaja", summary=NURSE_TEXT)
    factories.browser_login(client, user)
    token = factories.csrf(client, "/profile/edit")
    response = client.post(
        "/profile/wishes/occupations/add",
        data={"csrf_token": token, "code": NURSE, "q": "Sairaanhoitaja"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    html = client.get("/profile/edit/wishes").text
    offered: list[str] = []
    if 'id="occupation-suggestions-heading"' in html:
        offered = re.findall(CODE, _section(html, "occupation-suggestions-heading"))
    assert NURSE not in offered  # a wish already made is not suggested again
    assert client.get("/api/v1/me/profile").json()["wishes"]["occupations"] == [NURSE]
