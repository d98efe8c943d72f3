"""The customer-service model JSON API: registration, the plan, reports, and the specialist's
actions, with every bad input of the issue refused before anything is written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.service_model.models import (
    AuditEntry,
    Customer,
    JobApplication,
    JobOffer,
    Meeting,
    Neglect,
    PlanVersion,
    SanctionRecord,
)
from marketplace.service_model.plan import book_initial_interview
from marketplace.service_model.rules import (
    SELF_SERVICE_BACKDATE_DAYS,
    add_months,
    is_working_day,
    meeting_schedule,
)
from marketplace.service_model.schemas import RegistrationIn
from marketplace.service_model.service import helsinki_today, register
from tests import factories

TODAY = helsinki_today()


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def _fields(response: Any) -> set[str]:
    """Names of the fields a 422 response complains about."""
    detail = response.json()["detail"]
    assert isinstance(detail, list), detail
    return {str(item["loc"][-1]) for item in detail}


def _register(
    client: TestClient, db: Session, days_ago: int = 0, **extra: Any
) -> tuple[User, dict[str, str]]:
    user = factories.jobseeker(db, name=f"Asiakas {days_ago}")
    headers = factories.login(client, user)
    body = {"registered_on": (TODAY - timedelta(days=days_ago)).isoformat(), **extra}
    if days_ago > SELF_SERVICE_BACKDATE_DAYS:
        # An older customership is one the office enters (rule 11).
        register(db, user, RegistrationIn.model_validate(body), TODAY, max_backdate_days=None)
        db.commit()
        return user, headers
    response = client.post("/api/v1/me/registration", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return user, headers


def _earlier_customer(db: Session, registered_on: str, periodic: str) -> User:
    """A customer registered before the model, entered by the office."""
    user = factories.jobseeker(db, name=f"Aiempi {registered_on}")
    body = {"registered_on": registered_on, "last_periodic_interview": periodic}
    register(db, user, RegistrationIn.model_validate(body), TODAY, max_backdate_days=None)
    db.commit()
    return user


@pytest.fixture
def specialist(db: Session) -> User:
    return factories.staff(db, Role.SPECIALIST, email="specialist@demo.fi")


@pytest.fixture
def spec_headers(client: TestClient, specialist: User) -> dict[str, str]:
    return factories.login(client, specialist)


# Registration.


def test_registration_books_interview_in_person_and_assigns_specialist(
    client: TestClient, db: Session, specialist: User
) -> None:
    user = factories.jobseeker(db)
    headers = factories.login(client, user)

    response = client.post("/api/v1/me/registration", json={}, headers=headers)

    assert response.status_code == 201, response.text
    plan = response.json()
    first = plan["meetings"][0]
    assert first["kind"] == "initial_interview"
    assert first["channel"] == "in_person"
    interview = date.fromisoformat(first["date"])
    assert TODAY < interview <= TODAY + timedelta(days=5)
    assert plan["registered_on"] == TODAY.isoformat()
    assert plan["obligation"]["required"] == 4
    assert plan["obligation"]["reported"] == 0
    assert plan["plan_updates"][0]["made_on"] == first["date"]
    assert plan["next_plan_update"] == add_months(interview, 3).isoformat()
    assert plan["benefit"]["amount_reduced"] is False
    assert "työttömyysetuutesi ei pienene" in plan["benefit"]["statement"]
    db.expire_all()
    assert db.get(Customer, user.id).specialist_id == specialist.id  # type: ignore[union-attr]

    again = client.post("/api/v1/me/registration", json={}, headers=headers)
    assert again.status_code == 409


def test_registration_body_may_be_omitted(client: TestClient, db: Session) -> None:
    user = factories.jobseeker(db)
    response = client.post("/api/v1/me/registration", headers=factories.login(client, user))
    assert response.status_code == 201, response.text
    assert response.json()["registered_on"] == TODAY.isoformat()


@pytest.mark.parametrize(
    ("extra", "channel"),
    [
        pytest.param({"laid_off": True}, "phone", id="rule 2: laid off -> phone by default"),
        pytest.param(
            {"laid_off": True, "channel_preference": "remote"}, "remote", id="rule 2: laid off wish"
        ),
        pytest.param(
            {"weighty_reason": "long_travel"}, "phone", id="rule 2: weighty reason -> phone"
        ),
        pytest.param(
            {"channel_preference": "phone"}, "in_person", id="rule 2: wish alone -> in person"
        ),
    ],
)
def test_initial_interview_channel(
    client: TestClient, db: Session, extra: dict[str, Any], channel: str
) -> None:
    _, headers = _register(client, db, **extra)
    assert (
        client.get("/api/v1/me/plan", headers=headers).json()["meetings"][0]["channel"] == channel
    )


def test_schedule_counts_from_the_initial_interview(client: TestClient, db: Session) -> None:
    registered = TODAY - timedelta(days=230)
    _, headers = _register(client, db, days_ago=230)

    plan = client.get("/api/v1/me/plan", headers=headers).json()

    interview = book_initial_interview(registered)
    expected = meeting_schedule(interview, add_months(TODAY, 6))
    assert [m["date"] for m in plan["meetings"]] == [m.on.isoformat() for m in expected]
    assert [m["kind"] for m in plan["meetings"][:2]] == [
        "initial_interview",
        "job_search_discussion",
    ]
    obligation = plan["obligation"]
    assert obligation["start"] <= TODAY.isoformat() <= obligation["end"]
    assert plan["offers_binding_from"] == add_months(interview, 6).isoformat()


def test_earlier_customer_joins_three_months_after_periodic_interview(
    client: TestClient, db: Session
) -> None:
    user = factories.jobseeker(db)
    headers = factories.login(client, user)
    body = {"registered_on": "2021-11-01", "last_periodic_interview": "2022-03-15"}

    response = client.post("/api/v1/me/registration", json=body, headers=headers)

    assert response.status_code == 201, response.text
    plan = response.json()
    assert plan["earlier_customer"] is True
    assert plan["joined_model_on"] == "2022-06-15"
    first = plan["meetings"][0]
    assert first == {**first, "date": "2022-06-15", "kind": "job_search_discussion"}
    assert plan["plan_updates"][0]["made_on"] == "2022-06-15"
    # Six months of job search have long passed for someone registered in 2021.
    assert plan["offers_binding_from"] == "2022-05-01"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(
            {"registered_on": (TODAY + timedelta(days=1)).isoformat()},
            "registered_on",
            id="registration in the future",
        ),
        pytest.param({"registered_on": "2021-11-01"}, "last_periodic_interview", id="rule 1"),
        pytest.param(
            {"registered_on": "2023-01-10", "last_periodic_interview": "2022-12-01"},
            "last_periodic_interview",
            id="interview date for a new customer",
        ),
        pytest.param(
            {"registered_on": "2021-11-01", "last_periodic_interview": "2021-10-01"},
            "last_periodic_interview",
            id="interview before registering",
        ),
        pytest.param({"registered_on": "not a date"}, "registered_on", id="not a date"),
        pytest.param({"step": 2}, "step", id="unknown field"),
    ],
)
def test_bad_registration_writes_nothing(
    client: TestClient, db: Session, body: dict[str, Any], field: str
) -> None:
    user = factories.jobseeker(db)
    headers = factories.login(client, user)

    response = client.post("/api/v1/me/registration", json=body, headers=headers)

    assert response.status_code == 422, response.text
    assert field in _fields(response)
    assert _count(db, Customer) == 0
    assert _count(db, Meeting) == 0
    assert _count(db, AuditEntry) == 0


def test_plan_needs_a_registered_jobseeker(client: TestClient, db: Session) -> None:
    jobseeker = factories.jobseeker(db)
    employer = factories.employer(db)

    assert (
        client.get("/api/v1/me/plan", headers=factories.login(client, jobseeker)).status_code == 404
    )
    assert (
        client.get("/api/v1/me/plan", headers=factories.login(client, employer)).status_code == 403
    )
    assert client.get("/api/v1/me/plan").status_code == 401


# Reporting applications.


def test_reported_application_counts_toward_this_period(client: TestClient, db: Session) -> None:
    _, headers = _register(client, db, days_ago=40)
    body = {
        "employer": "Tampereen kaupunki",
        "job_title": "Sairaanhoitaja",
        "applied_on": TODAY.isoformat(),
        "kind": "open_application",
    }

    response = client.post("/api/v1/me/job-applications", json=body, headers=headers)

    assert response.status_code == 201, response.text
    assert response.json()["counts"] is True
    plan = client.get("/api/v1/me/plan", headers=headers).json()
    assert plan["obligation"]["reported"] == 1
    assert plan["obligation"]["met"] is False
    listed = client.get("/api/v1/me/job-applications", headers=headers).json()
    assert [a["employer"] for a in listed] == ["Tampereen kaupunki"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param(
            {"applied_on": (TODAY + timedelta(days=1)).isoformat()}, "applied_on", id="future date"
        ),
        pytest.param(
            {"applied_on": (TODAY - timedelta(days=11)).isoformat()},
            "applied_on",
            id="before registration",
        ),
        pytest.param({"kind": "phone_call"}, "kind", id="unknown kind"),
        pytest.param({"employer": " "}, "employer", id="blank employer"),
        pytest.param({"job_title": ""}, "job_title", id="blank title"),
        pytest.param({"vacancy_id": 999999}, "vacancy_id", id="unknown vacancy"),
        pytest.param({"applied_on": None}, "applied_on", id="missing date"),
    ],
)
def test_bad_report_is_refused_and_nothing_written(
    client: TestClient, db: Session, changes: dict[str, Any], field: str
) -> None:
    _, headers = _register(client, db, days_ago=10)
    audited = _count(db, AuditEntry)
    body = {
        "employer": "Oy Esimerkki Ab",
        "job_title": "Varastotyöntekijä",
        "applied_on": TODAY.isoformat(),
        "kind": "application",
        **changes,
    }

    response = client.post("/api/v1/me/job-applications", json=body, headers=headers)

    assert response.status_code == 422, response.text
    assert field in _fields(response)
    assert _count(db, JobApplication) == 0
    assert _count(db, AuditEntry) == audited


def test_report_linked_to_a_vacancy_takes_its_employer_and_title(
    client: TestClient, db: Session
) -> None:
    vacancy = factories.vacancy(db, factories.employer(db, org="Pirkanmaan hyvinvointialue"))
    _, headers = _register(client, db, days_ago=3)
    body = {"applied_on": TODAY.isoformat(), "kind": "application", "vacancy_id": vacancy.id}

    response = client.post("/api/v1/me/job-applications", json=body, headers=headers)

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["employer"] == "Pirkanmaan hyvinvointialue"
    assert created["job_title"] == vacancy.title
    assert created["vacancy_id"] == vacancy.id


def test_another_organisations_draft_is_no_vacancy_to_report(
    client: TestClient, db: Session
) -> None:
    draft = factories.vacancy(db, factories.employer(db, org="Salainen Oy"))
    draft.status = "draft"
    db.commit()
    _, headers = _register(client, db, days_ago=3)
    body = {"applied_on": TODAY.isoformat(), "kind": "application", "vacancy_id": draft.id}

    response = client.post("/api/v1/me/job-applications", json=body, headers=headers)

    # The same answer as for a number that does not exist: nothing to enumerate, nothing shown.
    assert response.status_code == 422 and "vacancy_id" in _fields(response)
    assert "Salainen" not in response.text and draft.title not in response.text
    assert _count(db, JobApplication) == 0


def test_meeting_preference_applies_to_later_meetings(client: TestClient, db: Session) -> None:
    _, headers = _register(client, db, days_ago=1)

    response = client.put(
        "/api/v1/me/meeting-preference", json={"channel": "remote"}, headers=headers
    )

    assert response.status_code == 200, response.text
    meetings = response.json()["meetings"]
    # Without an exception the initial interview stays in person (rule 2).
    assert meetings[0]["channel"] == "in_person"
    assert {m["channel"] for m in meetings[1:]} == {"remote"}
    cleared = client.put("/api/v1/me/meeting-preference", json={"channel": None}, headers=headers)
    assert {m["channel"] for m in cleared.json()["meetings"]} == {"in_person"}
    bad = client.put("/api/v1/me/meeting-preference", json={"channel": "fax"}, headers=headers)
    assert bad.status_code == 422


# The specialist: caseload and authorisation.


def test_caseload_shows_own_customers_with_flags(
    client: TestClient, db: Session, specialist: User, spec_headers: dict[str, str]
) -> None:
    mine, _ = _register(client, db, days_ago=70)
    other_specialist = factories.staff(db)
    theirs, _ = _register(client, db, days_ago=5)
    db.expire_all()
    assert db.get(Customer, theirs.id).specialist_id == other_specialist.id  # type: ignore[union-attr]

    response = client.get("/api/v1/specialist/caseload", headers=spec_headers)

    assert response.status_code == 200, response.text
    rows = response.json()
    assert [r["user_id"] for r in rows] == [mine.id]
    flags = rows[0]["flags"]
    # 70 days in: the first month passed without reports and no meeting outcome was recorded.
    assert flags["obligation_unmet"] is True
    assert flags["meeting_missed"] is False
    assert flags["outcomes_missing"] >= 4
    assert rows[0]["next_meeting"]["date"] >= TODAY.isoformat()


def test_plan_update_due_flag(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=100)
    rows = client.get("/api/v1/specialist/caseload", headers=spec_headers).json()
    assert rows[0]["flags"]["plan_update_due"] is True

    client.post(
        f"/api/v1/specialist/customers/{customer.id}/plan",
        json={"required": 4},
        headers=spec_headers,
    )

    rows = client.get("/api/v1/specialist/caseload", headers=spec_headers).json()
    assert rows[0]["flags"]["plan_update_due"] is False


def _actions(meeting_key: str, period_start: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("patch", "", {"part_time_work": True}),
        ("post", f"/meetings/{meeting_key}/outcome", {"status": "missed"}),
        ("post", "/plan", {"required": 2, "reason": "Alan työmarkkinat"}),
        ("post", "/job-offers", {"description": "Siivooja, Oy Puhdas Ab"}),
        ("post", "/neglects", {"kind": "job_search_obligation", "period_start": period_start}),
        ("post", "/job-losses", {"event_on": TODAY.isoformat(), "reason": "own_conduct"}),
    ]


def test_acting_outside_the_caseload_is_refused_and_writes_nothing(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer, headers = _register(client, db, days_ago=70)
    plan = client.get("/api/v1/me/plan", headers=headers).json()
    outsider = factories.staff(db)
    outsider_headers = factories.login(client, outsider)
    audited = _count(db, AuditEntry)
    base = f"/api/v1/specialist/customers/{customer.id}"

    assert client.get(base, headers=outsider_headers).status_code == 403
    for method, path, body in _actions("initial-1", plan["periods"][0]["start"]):
        response = client.request(method, base + path, json=body, headers=outsider_headers)
        assert response.status_code == 403, (path, response.text)

    for model in (JobOffer, Neglect, SanctionRecord):
        assert _count(db, model) == 0
    assert _count(db, PlanVersion) == 1
    assert _count(db, AuditEntry) == audited
    db.expire_all()
    assert db.get(Customer, customer.id).part_time_work is False  # type: ignore[union-attr]
    # A jobseeker is not a specialist, and a user who is no customer is not found.
    assert client.get(base, headers=headers).status_code == 403
    missing = client.get("/api/v1/specialist/customers/999999", headers=outsider_headers)
    assert missing.status_code == 404


def test_customer_detail_carries_the_plan_and_audit_trail(
    client: TestClient, db: Session, specialist: User, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=20)

    response = client.get(f"/api/v1/specialist/customers/{customer.id}", headers=spec_headers)

    assert response.status_code == 200, response.text
    detail = response.json()
    assert detail["user_id"] == customer.id
    assert detail["plan"]["meetings"][0]["kind"] == "initial_interview"
    assert [e["action"] for e in detail["audit"]] == ["registered"]
    assert detail["audit"][0]["actor_id"] == customer.id


# Meetings, neglects and the ladder.


def _outcome(
    client: TestClient, headers: dict[str, str], user_id: int, key: str, status: str
) -> Any:
    return client.post(
        f"/api/v1/specialist/customers/{user_id}/meetings/{key}/outcome",
        json={"status": status, "notes": "Ei ilmoitusta poissaolosta"},
        headers=headers,
    )


def test_missed_meetings_climb_the_ladder(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, headers = _register(client, db, days_ago=150)
    keys = ["initial-1", "2w-3m-1", "2w-3m-2", "2w-3m-3"]
    results = []
    for key in keys:
        assert _outcome(client, spec_headers, customer.id, key, "missed").status_code == 200
        response = client.post(
            f"/api/v1/specialist/customers/{customer.id}/neglects",
            json={"kind": "meeting", "meeting_key": key},
            headers=spec_headers,
        )
        assert response.status_code == 201, response.text
        assert response.json()["meeting_key"] == key
        results.append(response.json()["sanction"])

    assert [(s["kind"], s["step"], s["days"], s["weeks"]) for s in results] == [
        ("reminder", 1, None, None),
        ("waiting_period", 2, 5, None),
        ("waiting_period", 3, 10, None),
        ("work_requirement", 4, None, 12),
    ]
    assert all(s["neglect_kind"] == "meeting" for s in results)
    plan = client.get("/api/v1/me/plan", headers=headers).json()
    assert [s["step"] for s in plan["sanctions"]] == [1, 2, 3, 4]
    assert plan["benefit"]["protected"] is False
    assert plan["benefit"]["amount_reduced"] is False
    rows = client.get("/api/v1/specialist/caseload", headers=spec_headers).json()
    assert rows[0]["flags"]["meeting_missed"] is True


def test_meeting_outcome_bad_input(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=20)
    base = f"/api/v1/specialist/customers/{customer.id}/meetings"

    future = client.post(f"{base}/2w-3m-6/outcome", json={"status": "held"}, headers=spec_headers)
    unknown = client.post(f"{base}/nope-1/outcome", json={"status": "held"}, headers=spec_headers)
    bad_status = client.post(
        f"{base}/initial-1/outcome", json={"status": "cancelled"}, headers=spec_headers
    )
    private = client.post(
        f"{base}/initial-1/outcome",
        json={"status": "held", "organizer": "private_provider"},
        headers=spec_headers,
    )

    assert future.status_code == 422 and "meeting" in _fields(future)
    assert unknown.status_code == 404
    assert bad_status.status_code == 422 and "status" in _fields(bad_status)
    # Rule 3: a bought meeting may be a discussion but never the initial interview.
    assert private.status_code == 422 and "organizer" in _fields(private)
    db.expire_all()
    stored = db.scalars(select(Meeting)).all()
    assert [(m.period_label, m.status) for m in stored] == [("initial", "scheduled")]


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        pytest.param({"kind": "meeting"}, "meeting_key", 422, id="no meeting"),
        pytest.param(
            {"kind": "meeting", "meeting_key": "2w-3m-1"},
            "meeting_key",
            422,
            id="meeting not missed",
        ),
        pytest.param({"kind": "job_search_obligation"}, "period_start", 422, id="no period"),
        pytest.param(
            {"kind": "job_search_obligation", "period_start": "2020-01-01"},
            "period_start",
            422,
            id="no such period",
        ),
        pytest.param(
            {"kind": "meeting", "meeting_key": "initial-1", "step": 2},
            "step",
            422,
            id="a step cannot be given, only derived",
        ),
        pytest.param({"kind": "laziness"}, "kind", 422, id="unknown kind"),
    ],
)
def test_bad_neglect_writes_nothing(
    client: TestClient,
    db: Session,
    spec_headers: dict[str, str],
    body: dict[str, Any],
    field: str,
    status: int,
) -> None:
    customer, _ = _register(client, db, days_ago=60)
    assert _outcome(client, spec_headers, customer.id, "initial-1", "missed").status_code == 200
    assert _outcome(client, spec_headers, customer.id, "2w-3m-1", "held").status_code == 200

    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/neglects", json=body, headers=spec_headers
    )

    assert response.status_code == status, response.text
    assert field in _fields(response)
    assert _count(db, Neglect) == 0
    assert _count(db, SanctionRecord) == 0


def test_sanctions_cannot_be_posted_directly(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=60)
    body = {"kind": "waiting_period", "step": 2, "days": 5, "conduct_on": TODAY.isoformat()}

    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/sanctions", json=body, headers=spec_headers
    )

    assert response.status_code in (404, 405)
    assert _count(db, SanctionRecord) == 0


def test_neglect_of_an_unmet_period(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, headers = _register(client, db, days_ago=70)
    periods = client.get("/api/v1/me/plan", headers=headers).json()["periods"]
    first, current = periods[0], periods[-1]
    assert first["finished"] is True and first["met"] is False
    url = f"/api/v1/specialist/customers/{customer.id}/neglects"

    unfinished = client.post(
        url,
        json={"kind": "job_search_obligation", "period_start": current["start"]},
        headers=spec_headers,
    )
    response = client.post(
        url,
        json={"kind": "job_search_obligation", "period_start": first["start"]},
        headers=spec_headers,
    )
    twice = client.post(
        url,
        json={"kind": "job_search_obligation", "period_start": first["start"]},
        headers=spec_headers,
    )

    assert unfinished.status_code == 422 and "period_start" in _fields(unfinished)
    assert response.status_code == 201, response.text
    neglect = response.json()
    assert neglect["conduct_on"] == first["end"]
    assert neglect["sanction"]["kind"] == "reminder"
    assert neglect["sanction"]["explanation"].startswith(
        "Muistutus: työnhakuvelvollisuus jäi täyttymättä jaksolla"
    )
    assert twice.status_code == 409
    assert _count(db, Neglect) == 1


def test_neglect_of_a_met_period_is_refused(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, headers = _register(client, db, days_ago=70)
    first = client.get("/api/v1/me/plan", headers=headers).json()["periods"][0]
    for n in range(4):
        client.post(
            "/api/v1/me/job-applications",
            json={
                "employer": f"Yritys {n}",
                "job_title": "Myyjä",
                "applied_on": first["start"],
                "kind": "direct_contact",
            },
            headers=headers,
        )

    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/neglects",
        json={"kind": "job_search_obligation", "period_start": first["start"]},
        headers=spec_headers,
    )

    assert response.status_code == 422
    assert "period_start" in _fields(response)
    assert _count(db, Neglect) == 0


# The plan and the obligation.


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"required": -1, "reason": "virhe"}, "required", id="rule 5: negative"),
        pytest.param({"required": 2}, "reason", id="rule 5: change without a reason"),
        pytest.param({"required": 2, "reason": "   "}, "reason", id="rule 5: blank reason"),
        pytest.param({"required": 500, "reason": "paljon"}, "required", id="absurd number"),
        pytest.param({"reason": "ei määrää"}, "required", id="missing number"),
    ],
)
def test_bad_obligation_writes_nothing(
    client: TestClient,
    db: Session,
    spec_headers: dict[str, str],
    body: dict[str, Any],
    field: str,
) -> None:
    customer, _ = _register(client, db, days_ago=40)
    audited = _count(db, AuditEntry)

    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/plan", json=body, headers=spec_headers
    )

    assert response.status_code == 422, response.text
    assert field in _fields(response)
    assert _count(db, PlanVersion) == 1
    assert _count(db, AuditEntry) == audited


def test_adjusted_obligation_applies_to_the_current_period(
    client: TestClient, db: Session, specialist: User, spec_headers: dict[str, str]
) -> None:
    customer, headers = _register(client, db, days_ago=40)

    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/plan",
        json={"required": 2, "reason": "Osa-aikainen opiskelu ja alan vähäiset paikat"},
        headers=spec_headers,
    )

    assert response.status_code == 201, response.text
    assert response.json() == {
        "made_on": TODAY.isoformat(),
        "next_update_due": add_months(TODAY, 3).isoformat(),
        "required": 2,
        "reason": "Osa-aikainen opiskelu ja alan vähäiset paikat",
    }
    plan = client.get("/api/v1/me/plan", headers=headers).json()
    assert plan["obligation"]["required"] == 2
    assert plan["periods"][0]["required"] == 4
    assert [u["required"] for u in plan["plan_updates"]] == [4, 2]
    db.expire_all()
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "plan_updated")).one()
    assert entry.actor_id == specialist.id and entry.customer_id == customer.id
    assert entry.details == {
        "required": 2,
        "reason": "Osa-aikainen opiskelu ja alan vähäiset paikat",
    }


def test_plan_cannot_be_updated_before_the_first_meeting(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=0)
    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/plan",
        json={"required": 4},
        headers=spec_headers,
    )
    assert response.status_code == 422
    assert _count(db, PlanVersion) == 1


# Job offers (rule 6).


def _offer(client: TestClient, headers: dict[str, str], user_id: int, **body: Any) -> Any:
    body.setdefault("description", "Varastotyöntekijä, Logistiikka Oy")
    return client.post(
        f"/api/v1/specialist/customers/{user_id}/job-offers", json=body, headers=headers
    )


def test_offer_in_the_first_six_months_does_not_bind(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=60)

    response = _offer(client, spec_headers, customer.id)

    assert response.status_code == 201, response.text
    offer = response.json()
    assert (offer["binding"], offer["reason"]) == (False, "first_six_months")
    assert offer["explanation"]


def test_offer_after_six_months_binds_unless_obligation_met(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, headers = _register(client, db, days_ago=250)
    first = _offer(client, spec_headers, customer.id).json()
    start = client.get("/api/v1/me/plan", headers=headers).json()["obligation"]["start"]
    for n in range(4):
        reported = client.post(
            "/api/v1/me/job-applications",
            json={
                "employer": f"Työnantaja {n}",
                "job_title": "Kokki",
                "applied_on": start,
                "kind": "application",
            },
            headers=headers,
        )
        assert reported.status_code == 201

    second = _offer(client, spec_headers, customer.id).json()
    client.patch(
        f"/api/v1/specialist/customers/{customer.id}",
        json={"part_time_work": True},
        headers=spec_headers,
    )
    third = _offer(client, spec_headers, customer.id).json()

    assert (first["binding"], first["reason"], first["reported_before"]) == (True, "binding", 0)
    assert (second["binding"], second["reason"]) == (False, "obligation_already_met")
    assert (second["reported_before"], second["required"]) == (4, 4)
    assert (third["binding"], third["reason"]) == (False, "part_time_work")


def test_offer_for_a_vacancy_and_bad_offers(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    vacancy = factories.vacancy(db, factories.employer(db, org="Hoivakoti Oy"))
    customer, _ = _register(client, db, days_ago=30)

    linked = _offer(client, spec_headers, customer.id, vacancy_id=vacancy.id, description="")
    future = _offer(
        client, spec_headers, customer.id, made_on=(TODAY + timedelta(days=1)).isoformat()
    )
    early = _offer(
        client, spec_headers, customer.id, made_on=(TODAY - timedelta(days=31)).isoformat()
    )
    empty = _offer(client, spec_headers, customer.id, description="")

    assert linked.status_code == 201
    assert linked.json()["description"] == f"{vacancy.title}, Hoivakoti Oy"
    assert future.status_code == 422 and "made_on" in _fields(future)
    assert early.status_code == 422 and "made_on" in _fields(early)
    assert empty.status_code == 422 and "description" in _fields(empty)
    assert _count(db, JobOffer) == 1


# Job loss (rules 8 and 9).


def test_job_loss_sanctions_and_they_do_not_move_the_ladder(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=60)
    url = f"/api/v1/specialist/customers/{customer.id}/job-losses"

    long_job = client.post(
        url,
        json={"event_on": TODAY.isoformat(), "reason": "resigned_without_valid_reason"},
        headers=spec_headers,
    )
    short_job = client.post(
        url,
        json={"event_on": TODAY.isoformat(), "reason": "own_conduct", "job_max_days": 5},
        headers=spec_headers,
    )
    earlier = _earlier_customer(db, "2021-11-01", "2022-03-15")
    old = client.post(
        f"/api/v1/specialist/customers/{earlier.id}/job-losses",
        json={"event_on": "2022-03-01", "reason": "resigned_without_valid_reason"},
        headers=spec_headers,
    )
    future = client.post(
        url,
        json={"event_on": (TODAY + timedelta(days=1)).isoformat(), "reason": "own_conduct"},
        headers=spec_headers,
    )
    zero = client.post(
        url,
        json={"event_on": TODAY.isoformat(), "reason": "own_conduct", "job_max_days": 0},
        headers=spec_headers,
    )

    assert [r.status_code for r in (long_job, short_job, old)] == [201, 201, 201]
    assert (long_job.json()["days"], long_job.json()["rules"]) == (45, "new")
    assert short_job.json()["days"] == 30
    assert (old.json()["days"], old.json()["rules"]) == (90, "old")
    assert long_job.json()["step"] is None
    assert future.status_code == 422 and "event_on" in _fields(future)
    assert zero.status_code == 422 and "job_max_days" in _fields(zero)

    _outcome(client, spec_headers, customer.id, "initial-1", "missed")
    neglect = client.post(
        f"/api/v1/specialist/customers/{customer.id}/neglects",
        json={"kind": "meeting", "meeting_key": "initial-1"},
        headers=spec_headers,
    )
    assert neglect.json()["sanction"]["kind"] == "reminder"


# Realistic reports (rule 5).


def test_unrealistic_report_does_not_count(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, headers = _register(client, db, days_ago=40)
    created = client.post(
        "/api/v1/me/job-applications",
        json={
            "employer": "Yliopisto",
            "job_title": "Professori",
            "applied_on": TODAY.isoformat(),
            "kind": "application",
        },
        headers=headers,
    ).json()

    response = client.patch(
        f"/api/v1/specialist/customers/{customer.id}/job-applications/{created['id']}",
        json={"realistic": False},
        headers=spec_headers,
    )

    assert response.status_code == 200, response.text
    assert response.json()["counts"] is False
    assert client.get("/api/v1/me/plan", headers=headers).json()["obligation"]["reported"] == 0


def test_export_includes_the_customership(client: TestClient, db: Session) -> None:
    _, headers = _register(client, db, days_ago=5)

    export = client.get("/api/v1/me/export", headers=headers).json()

    section = export["service_model"]
    assert section["customer"]["registered_on"] == (TODAY - timedelta(days=5)).isoformat()
    assert section["meetings"][0]["period_label"] == "initial"
    assert section["plans"][0]["required"] == 4
    assert [e["action"] for e in section["audit"]] == ["registered"]


# Issue rules through the API: refusals (rule 8), the transition (rule 1), neglects out of order
# (rule 7), plausible dates (rule 11), working days and numbering (rules 3 and 7), zero (rule 6).


def test_rule_8_refusal_of_a_binding_offer(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=250)
    offer = _offer(client, spec_headers, customer.id, description="Siivooja, Puhdas Oy").json()
    assert offer["binding"] is True and offer["refusal_sanction_id"] is None
    url = f"/api/v1/specialist/customers/{customer.id}/job-offers/{offer['id']}/refusal"
    before = _count(db, SanctionRecord), _count(db, AuditEntry)

    future = client.post(
        url, json={"refused_on": (TODAY + timedelta(days=1)).isoformat()}, headers=spec_headers
    )
    early = client.post(
        url, json={"refused_on": (TODAY - timedelta(days=1)).isoformat()}, headers=spec_headers
    )
    zero = client.post(
        url, json={"refused_on": TODAY.isoformat(), "job_max_days": 0}, headers=spec_headers
    )
    assert [r.status_code for r in (future, early, zero)] == [422, 422, 422]
    assert "refused_on" in _fields(future) and "refused_on" in _fields(early)
    assert "job_max_days" in _fields(zero)
    assert (_count(db, SanctionRecord), _count(db, AuditEntry)) == before

    refused = client.post(
        url, json={"refused_on": TODAY.isoformat(), "job_max_days": 5}, headers=spec_headers
    )
    assert refused.status_code == 201, refused.text
    sanction = refused.json()
    assert (sanction["days"], sanction["offer_id"], sanction["step"]) == (30, offer["id"], None)
    assert sanction["final"] is False and sanction["decided_on"] == TODAY.isoformat()
    assert "kieltäytyminen" in sanction["explanation"]
    again = client.post(url, json={"refused_on": TODAY.isoformat()}, headers=spec_headers)
    assert again.status_code == 409

    detail = client.get(f"/api/v1/specialist/customers/{customer.id}", headers=spec_headers)
    assert detail.json()["offers"][0]["refusal_sanction_id"] == sanction["id"]
    assert "job_refused" in [e["action"] for e in detail.json()["audit"]]
    missing = client.post(
        f"/api/v1/specialist/customers/{customer.id}/job-offers/999999/refusal",
        json={"refused_on": TODAY.isoformat()},
        headers=spec_headers,
    )
    assert missing.status_code == 404


def test_rule_8_refusal_of_an_offer_that_did_not_bind_is_refused(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=60)
    offer = _offer(client, spec_headers, customer.id, description="Kokki").json()
    assert offer["reason"] == "first_six_months"
    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/job-offers/{offer['id']}/refusal",
        json={"refused_on": TODAY.isoformat()},
        headers=spec_headers,
    )
    assert response.status_code == 422 and "offer" in _fields(response)
    assert _count(db, SanctionRecord) == 0


def test_rule_8_refusal_of_another_caseloads_offer_is_forbidden(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=250)
    offer = _offer(client, spec_headers, customer.id, description="Siivooja").json()
    other = factories.login(client, factories.staff(db, Role.SPECIALIST))
    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/job-offers/{offer['id']}/refusal",
        json={"refused_on": TODAY.isoformat()},
        headers=other,
    )
    assert response.status_code == 403
    assert _count(db, SanctionRecord) == 0


@pytest.mark.parametrize(
    ("made_on", "status"),
    [
        pytest.param("2021-10-01", 422, id="rule 1: offer 1.10.2021 before joining -> 422"),
        pytest.param("2022-05-10", 422, id="rule 1: offer 10.5.2022 before joining -> 422"),
        pytest.param("2022-06-15", 201, id="rule 1: offer on the joining day -> decided"),
    ],
)
def test_rule_1_offers_before_the_customer_joined_are_refused(
    client: TestClient, db: Session, spec_headers: dict[str, str], made_on: str, status: int
) -> None:
    customer = _earlier_customer(db, "2021-09-01", "2022-03-15")
    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/job-offers",
        json={"made_on": made_on, "description": "Myyjä"},
        headers=spec_headers,
    )
    assert response.status_code == status, response.text
    if status == 422:
        assert "made_on" in _fields(response)
        assert "2022-06-15" in response.json()["message"]
        assert _count(db, JobOffer) == 0
    else:
        assert (response.json()["binding"], response.json()["reason"]) == (True, "binding")


def test_rule_7_an_earlier_neglect_recorded_late_recomputes_the_later_sanction(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, headers = _register(client, db, days_ago=70)
    plan = client.get("/api/v1/me/plan", headers=headers).json()
    first = plan["periods"][0]
    assert first["finished"] and not first["met"]
    meeting = next(m for m in plan["meetings"] if m["key"] == "2w-3m-1")
    assert first["start"] <= meeting["date"] <= first["end"]
    url = f"/api/v1/specialist/customers/{customer.id}/neglects"
    period = client.post(
        url,
        json={"kind": "job_search_obligation", "period_start": first["start"]},
        headers=spec_headers,
    )
    assert period.json()["sanction"]["step"] == 1
    assert _outcome(client, spec_headers, customer.id, "2w-3m-1", "missed").status_code == 200

    late = client.post(
        url, json={"kind": "meeting", "meeting_key": "2w-3m-1"}, headers=spec_headers
    )

    assert late.status_code == 201, late.text
    assert late.json()["sanction"]["step"] == 1
    [recomputed] = late.json()["recomputed"]
    assert (recomputed["id"], recomputed["step"], recomputed["days"]) == (
        period.json()["sanction"]["id"],
        2,
        5,
    )
    detail = client.get(f"/api/v1/specialist/customers/{customer.id}", headers=spec_headers)
    assert detail.json()["audit"][0]["action"] == "sanctions_recomputed"
    assert [s["step"] for s in detail.json()["plan"]["sanctions"]] == [1, 2]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"registered_on": "0001-01-01"}, "registered_on", id="rule 11: year 1"),
        pytest.param(
            {"registered_on": "0001-01-01", "last_periodic_interview": "0001-02-01"},
            "registered_on",
            id="rule 11: year 1 as an earlier customer",
        ),
        pytest.param(
            {"registered_on": (TODAY - timedelta(days=15)).isoformat()},
            "registered_on",
            id="rule 11: self-service 15 days back",
        ),
    ],
)
def test_rule_11_implausible_registration_is_refused(
    client: TestClient, db: Session, body: dict[str, str], field: str
) -> None:
    user = factories.jobseeker(db)
    headers = factories.login(client, user)
    response = client.post("/api/v1/me/registration", json=body, headers=headers)
    assert response.status_code == 422
    assert field in _fields(response)
    assert _count(db, Customer) == 0


def test_rule_11_self_service_may_back_date_fourteen_days(client: TestClient, db: Session) -> None:
    """rule 11: 14 days back is the limit a jobseeker can give."""
    _, headers = _register(client, db, days_ago=14)
    assert client.get("/api/v1/me/plan", headers=headers).status_code == 200


def test_rule_11_job_loss_in_1900_is_refused(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    customer, _ = _register(client, db, days_ago=30)
    response = client.post(
        f"/api/v1/specialist/customers/{customer.id}/job-losses",
        json={"event_on": "1900-01-01", "reason": "own_conduct"},
        headers=spec_headers,
    )
    assert response.status_code == 422 and "event_on" in _fields(response)
    assert _count(db, SanctionRecord) == 0


def test_rule_3_proposed_meetings_are_on_working_days(client: TestClient, db: Session) -> None:
    """rule 3: no proposed meeting in the plan falls on a weekend or a public holiday."""
    _, headers = _register(client, db, days_ago=400)
    plan = client.get("/api/v1/me/plan", headers=headers).json()
    assert all(is_working_day(date.fromisoformat(m["date"])) for m in plan["meetings"])


def test_rule_7_fifth_neglect_is_called_the_fifth(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    """rule 7: the fifth neglect is still a work requirement, and the text says fifth."""
    customer, _ = _register(client, db, days_ago=150)
    sanctions = []
    for key in ["initial-1", "2w-3m-1", "2w-3m-2", "2w-3m-3", "2w-3m-4"]:
        assert _outcome(client, spec_headers, customer.id, key, "missed").status_code == 200
        response = client.post(
            f"/api/v1/specialist/customers/{customer.id}/neglects",
            json={"kind": "meeting", "meeting_key": key},
            headers=spec_headers,
        )
        sanctions.append(response.json()["sanction"])
    assert [(s["step"], s["neglect_number"]) for s in sanctions[3:]] == [(4, 4), (4, 5)]
    assert "Tämä oli 4. laiminlyönti" in sanctions[3]["explanation"]
    assert "Tämä oli 5. laiminlyönti" in sanctions[4]["explanation"]
    assert "neljäs" not in sanctions[4]["explanation"]


def test_rule_6_offer_under_a_zero_obligation_does_not_bind(
    client: TestClient, db: Session, spec_headers: dict[str, str]
) -> None:
    """rule 6: 0 agreed applications count as reported; the offer does not bind."""
    customer, _ = _register(client, db, days_ago=250)
    plan = client.post(
        f"/api/v1/specialist/customers/{customer.id}/plan",
        json={"required": 0, "reason": "Aloittaa koulutuksen"},
        headers=spec_headers,
    )
    assert plan.status_code == 201
    offer = _offer(client, spec_headers, customer.id, description="Kokki").json()
    assert (offer["binding"], offer["reason"]) == (False, "no_obligation")
    assert "(0)" in offer["explanation"]
