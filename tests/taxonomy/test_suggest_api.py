"""Concept suggestions while typing, and the skill suggester for free text."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories

NURSE, PRACTICAL_NURSE = "2221.1", "5321.1"
MEDICATION, WOUND_CARE = "S0040", "S0045"


def test_prefix_suggests_the_occupation(client: TestClient) -> None:
    response = client.get("/api/v1/taxonomy/concepts", params={"q": "sairaanhoi"})
    assert response.status_code == 200
    first = response.json()["items"][0]
    assert (first["code"], first["kind"], first["label"]) == (NURSE, "occupation", "Sairaanhoitaja")
    assert first["labels"]["en"] == "Registered nurse"


def test_prefix_matches_any_language_and_words_inside_labels(client: TestClient) -> None:
    english = client.get("/api/v1/taxonomy/concepts", params={"q": "nurse", "lang": "en"}).json()
    codes = [item["code"] for item in english["items"]]
    assert NURSE in codes and PRACTICAL_NURSE in codes
    assert english["items"][0]["label"] == "Registered nurse"
    skills = client.get("/api/v1/taxonomy/concepts", params={"q": "haavan", "kind": "skill"})
    assert [item["code"] for item in skills.json()["items"]] == [WOUND_CARE]
    assert client.get("/api/v1/taxonomy/concepts", params={"q": ""}).json()["items"] == []


def test_concepts_bad_input_is_422(client: TestClient) -> None:
    for params in ({"q": "x" * 101}, {"kind": "municipality"}, {"limit": 0}):
        response = client.get("/api/v1/taxonomy/concepts", params=params)
        assert response.status_code == 422, params
        assert next(iter(params)) in response.text


def test_suggester_finds_skills_and_occupations_in_free_text(client: TestClient) -> None:
    text = (
        "Olen kokenut sairaanhoitaja. Työhöni on kuulunut haavanhoitoa ja lääkehoitoa "
        "päivystyksessä."
    )
    response = client.post("/api/v1/taxonomy/suggest", json={"text": text})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    by_code = {item["code"]: item for item in items}
    for code in (NURSE, MEDICATION, WOUND_CARE):
        assert by_code[code]["reason"] == "label_match", code
    assert by_code[NURSE]["kind"] == "occupation" and by_code[MEDICATION]["kind"] == "skill"
    assert set(items[0]) == {
        "code",
        "kind",
        "label",
        "labels",
        "score",
        "reason",
        "reason_text",
        "matched_label",
    }
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True) and len(items) <= 10
    chosen = client.post(
        "/api/v1/taxonomy/suggest", json={"text": text, "exclude": [NURSE], "limit": 5}
    ).json()["items"]
    assert NURSE not in [item["code"] for item in chosen] and len(chosen) <= 5


def test_vacancy_editor_offers_suggested_skills(client: TestClient, db: Session) -> None:
    factories.browser_login(client, factories.employer(db))
    form = {
        "csrf_token": factories.csrf(client, "/employer/vacancies/new"),
        "title": "Sairaanhoitaja päivystykseen",
        "description": "Työhön kuuluu haavanhoitoa ja lääkehoitoa.",
        "employment_type": "permanent",
        "working_time": "full_time",
        "municipality_code": "837",
        "required_skills": MEDICATION,
        "action": "suggest",
    }
    page = client.post("/employer/vacancies", data=form)
    assert page.status_code == 200, page.text
    assert f'id="suggested-{WOUND_CARE}"' in page.text
    # A skill already chosen is not offered again, and occupations are not skills.
    assert f'id="suggested-{MEDICATION}"' not in page.text
    assert f'id="suggested-{NURSE}"' not in page.text


def test_suggester_bad_input_is_422_naming_the_field(client: TestClient) -> None:
    cases = {
        "text": {"text": "x" * 5001},
        "exclude": {"text": "kokki", "exclude": ["NOPE"]},
        "limit": {"text": "kokki", "limit": 51},
    }
    for name, body in cases.items():
        response = client.post("/api/v1/taxonomy/suggest", json=body)
        assert response.status_code == 422, (name, response.text)
        assert name in response.text
    empty = client.post("/api/v1/taxonomy/suggest", json={"text": "  "})
    assert empty.status_code == 200 and empty.json() == {"items": []}
