"""Matching API: ranked candidates for a vacancy and recommended vacancies for a jobseeker."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.vacancies.models import Vacancy, VacancyStatus
from tests import factories
from tests.candidates import people
from tests.candidates.people import CANARY, COOK, HELSINKI, NURSE

EXPLANATION_KEYS = {
    "skills_matched",
    "required_missing",
    "occupation_fit",
    "location_fit",
    "language_fit",
    "working_time_fit",
    "recency",
}


def _nurse_job(db: Session, owner: User, **fields: object) -> Vacancy:
    data: dict[str, object] = {
        "occupation_code": NURSE,
        "required_skills": ["S0040", "S0045"],
        "languages": [{"code": "sv", "level": "B1"}],
    }
    data.update(fields)
    return factories.vacancy(db, owner, **data)


def test_candidates_for_a_vacancy_are_ranked_and_explained(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    owner = factories.employer(db)
    vacancy = _nurse_job(db, owner)
    headers = factories.login(client, owner)
    response = client.get(f"/api/v1/vacancies/{vacancy.id}/candidates", headers=headers)
    assert response.status_code == 200, response.text
    assert CANARY not in response.text.lower()
    body = response.json()
    ids = [item["id"] for item in body["items"]]
    assert seeded.hidden.id not in ids
    # The anonymous nurse speaks Swedish as the posting requires; the public one does not.
    assert ids == [seeded.anonymous.id, seeded.public.id]
    # The cook shares neither the occupation (group), a required skill nor close meaning: not a
    # good fit, listed only when asked for the loosely related ones, after the good fits.
    assert body["total"] == body["good_fits"] == 2 and body["loose"] == 0
    assert {item["explanation"]["fit"] for item in body["items"]} <= {"strong", "good"}
    everyone = client.get(
        f"/api/v1/vacancies/{vacancy.id}/candidates", params={"loose": "true"}, headers=headers
    ).json()
    assert [item["id"] for item in everyone["items"]] == [*ids, seeded.cook.id]
    assert everyone["total"] == 3 and everyone["good_fits"] == 2 and everyone["loose"] == 1
    cook = everyone["items"][-1]["explanation"]
    assert cook["fit"] == "loose" and cook["evidence"] == []
    best = body["items"][0]
    assert best["name"] is None and best["reference"] == f"K-{seeded.anonymous.id:06d}"
    assert set(best["explanation"]) >= EXPLANATION_KEYS
    assert best["explanation"]["skills_matched"] == ["S0040", "S0045"]
    assert best["explanation"]["occupation_fit"] == "same"
    assert best["explanation"]["location_fit"] == "same_municipality"
    assert best["explanation"]["language_fit"] == "ok"
    assert best["explanation"]["recency"] == "current"
    second = body["items"][1]["explanation"]
    assert second["language_fit"] == "missing" and second["languages_missing"] == ["sv"]
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True)
    cook = everyone["items"][-1]["explanation"]
    assert cook["required_missing"] == ["S0040", "S0045"] and cook["occupation_fit"] == "none"
    page = client.get(
        f"/api/v1/vacancies/{vacancy.id}/candidates", params={"offset": 50}, headers=headers
    ).json()
    assert page["items"] == [] and page["total"] == 2


def test_vacancy_candidates_belong_to_its_organisation(client: TestClient, db: Session) -> None:
    people.seed(db)
    owner = factories.employer(db)
    listed = _nurse_job(db, owner)
    draft = _nurse_job(db, owner, publish=False)
    assert draft.status == VacancyStatus.DRAFT
    path = "/api/v1/vacancies/{}/candidates"
    assert client.get(path.format(listed.id)).status_code == 401
    other = factories.login(client, factories.employer(db, org="Muu Oy"))
    assert client.get(path.format(listed.id), headers=other).status_code == 403
    assert client.get(path.format(draft.id), headers=other).status_code == 404
    assert client.get(path.format(999_999), headers=other).status_code == 404
    jobseeker = factories.login(client, factories.jobseeker(db))
    assert client.get(path.format(listed.id), headers=jobseeker).status_code in (403, 404)
    specialist = factories.login(client, factories.staff(db, Role.SPECIALIST))
    assert client.get(path.format(listed.id), headers=specialist).status_code in (403, 404)
    own = factories.login(client, owner)
    assert client.get(path.format(draft.id), headers=own).status_code == 200


def test_recommendations_rank_listed_vacancies_for_the_profile(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    owner = factories.employer(db)
    nurse_job = _nurse_job(db, owner)
    cook_job = factories.vacancy(
        db,
        owner,
        title="Kokki lounasravintolaan",
        description="Haemme kokkia Helsingin keskustaan.",
        occupation_code=COOK,
        municipality_code=HELSINKI,
    )
    expired = _nurse_job(db, owner)
    expired.deadline = date.today() - timedelta(days=1)
    db.commit()
    headers = factories.login(client, seeded.anonymous.user)
    response = client.get("/api/v1/me/recommendations", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    ids = [item["id"] for item in body["items"]]
    # The cook job is no good fit for a nurse: only with the loosely related ones.
    assert ids == [nurse_job.id] and body["total"] == body["good_fits"] == 1
    best = body["items"][0]
    assert best["title"] and best["organization"]["name"] == "Testi Oy"
    assert best["explanation"]["occupation_fit"] == "same"
    assert best["explanation"]["working_time_fit"] == "ok"
    assert set(best["explanation"]["evidence"]) >= {"occupation", "skills"}
    everything = client.get(
        "/api/v1/me/recommendations", params={"loose": "true"}, headers=headers
    ).json()
    assert [item["id"] for item in everything["items"]] == [nurse_job.id, cook_job.id]
    assert best["score"] > everything["items"][1]["score"]
    assert everything["items"][1]["explanation"]["location_fit"] == "outside"
    assert everything["items"][1]["explanation"]["fit"] == "loose"


def test_recommendations_need_a_jobseeker_with_a_profile(client: TestClient, db: Session) -> None:
    factories.vacancy(db, factories.employer(db))
    assert client.get("/api/v1/me/recommendations").status_code == 401
    employer = factories.login(client, factories.employer(db))
    assert client.get("/api/v1/me/recommendations", headers=employer).status_code == 403
    newcomer = factories.login(client, factories.jobseeker(db))
    body = client.get("/api/v1/me/recommendations", headers=newcomer).json()
    assert body == {
        "total": 0,
        "good_fits": 0,
        "loose": 0,
        "items": [],
        "offset": 0,
        "limit": 20,
    }


def test_a_posting_without_codes_is_read_by_its_title(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    owner = factories.employer(db)
    vacancy = factories.vacancy(
        db,
        owner,
        title="Sairaanhoitaja haavanhoitoon",
        description="Haemme kokenutta hoitajaa.",
        occupation_code=None,
        required_skills=[],
        desired_skills=[],
    )
    headers = factories.login(client, owner)
    body = client.get(f"/api/v1/vacancies/{vacancy.id}/candidates", headers=headers).json()
    ids = [item["id"] for item in body["items"]]
    # The title names the occupation: the nurses are good fits with evidence, the cook is not.
    assert seeded.anonymous.id in ids and seeded.cook.id not in ids
    assert all("occupation" in item["explanation"]["evidence"] for item in body["items"])


def test_a_cv_without_codes_is_read_by_its_job_titles(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    worked = factories.profile(
        db,
        factories.jobseeker(db),
        headline="Hoitoalan ammattilainen Tampereelta",
        summary="Olen työskennellyt vuodeosastolla ja päivystyksessä.",
        work=[
            {
                "title": "Sairaanhoitaja",
                "occupation_code": None,
                "employer": "Tays",
                "start_date": (date.today() - timedelta(days=3 * 365)).isoformat(),
            }
        ],
    )
    owner = factories.employer(db)
    vacancy = _nurse_job(db, owner, languages=[])
    headers = factories.login(client, owner)
    body = client.get(f"/api/v1/vacancies/{vacancy.id}/candidates", headers=headers).json()
    found = {item["id"]: item["explanation"] for item in body["items"]}
    # The job title names the occupation: the CV is a good fit for having done the work now.
    assert worked.id in found and seeded.cook.id not in found
    assert found[worked.id]["occupation_fit"] == "same"
    assert found[worked.id]["recency"] == "current"
    assert "occupation" in found[worked.id]["evidence"]
    # The candidate search's occupation filter finds it too, and its card says why.
    listed = client.get("/api/v1/candidates", params={"occupation": NURSE}, headers=headers).json()
    cards = {item["id"]: item for item in listed["items"]}
    assert cards[worked.id]["explanation"]["occupations_matched"] == [NURSE]
