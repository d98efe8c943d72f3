"""Persistence of the customer-service model: queries, constraints that make bad records
impossible, cascades on deletion, and the demo customerships."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts import service as accounts
from marketplace.accounts.models import Role, User
from marketplace.demo.service_model import seed_service_model_demo
from marketplace.service_model import repository
from marketplace.service_model.models import (
    AuditEntry,
    Customer,
    JobApplication,
    Meeting,
    Neglect,
    PlanVersion,
    SanctionRecord,
)
from marketplace.service_model.plan import book_initial_interview, plan_state
from marketplace.service_model.rules import MODEL_START, add_months
from marketplace.service_model.schemas import JobApplicationIn, RegistrationIn
from marketplace.service_model.service import helsinki_today, register, report_application
from tests import factories

TODAY = helsinki_today()


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def _registered(db: Session, days_ago: int = 30, name: str = "Asiakas") -> Customer:
    user = factories.jobseeker(db, name=name)
    customer = register(
        db,
        user,
        RegistrationIn(registered_on=TODAY - timedelta(days=days_ago)),
        TODAY,
        max_backdate_days=None,
    )
    db.commit()
    return customer


def test_least_loaded_specialist(db: Session) -> None:
    assert repository.least_loaded_specialist(db) is None
    factories.staff(db, Role.ADMIN)
    assert repository.least_loaded_specialist(db) is None

    first = factories.staff(db)
    second = factories.staff(db)
    assert repository.least_loaded_specialist(db) == first.id
    _registered(db)  # goes to the first, the lowest id among equals
    assert repository.least_loaded_specialist(db) == second.id
    _registered(db)
    assert repository.least_loaded_specialist(db) == first.id


def test_caseload_and_specialist_of(db: Session) -> None:
    specialist = factories.staff(db)
    zeta = _registered(db, name="Zeta Öhman")
    alpha = _registered(db, name="Alpha Aho")
    other = factories.staff(db)
    outsider = _registered(db, name="Muu Asiakas")

    rows = repository.caseload(db, specialist.id)

    assert [user.full_name for _, user in rows] == ["Alpha Aho", "Zeta Öhman"]
    assert {customer.user_id for customer, _ in rows} == {alpha.user_id, zeta.user_id}
    assert repository.specialist_of(db, outsider.user_id) == other.id
    assert repository.specialist_of(db, 999999) is None


def test_registration_stores_booking_plan_and_audit(db: Session) -> None:
    registered_on = TODAY - timedelta(days=10)
    customer = _registered(db, days_ago=10)

    records = repository.records(db, customer.user_id)

    interview = book_initial_interview(registered_on)
    assert [(m.period_label, m.number, m.meeting_date, m.status) for m in records.meetings] == [
        ("initial", 1, interview, "scheduled")
    ]
    assert [(p.made_on, p.required, p.next_update_due) for p in records.plans] == [
        (interview, 4, add_months(interview, 3))
    ]
    entries = repository.audit_entries(db, customer.user_id)
    assert [(e.action, e.actor_id) for e in entries] == [("registered", customer.user_id)]


def test_records_are_in_date_order(db: Session) -> None:
    customer = _registered(db, days_ago=30)
    user = db.get(User, customer.user_id)
    for days_ago in (2, 20, 9):
        data = JobApplicationIn(
            employer="Oy Ab",
            job_title="Myyjä",
            applied_on=TODAY - timedelta(days=days_ago),
            kind="application",
        )
        report_application(db, customer, user, data, TODAY)
    db.commit()

    applications = repository.records(db, customer.user_id).applications

    assert [a.applied_on for a in applications] == [
        TODAY - timedelta(days=20),
        TODAY - timedelta(days=9),
        TODAY - timedelta(days=2),
    ]
    newest_first = repository.audit_entries(db, customer.user_id)
    assert newest_first[0].action == "application_reported"
    assert newest_first[-1].action == "registered"


def test_a_sanction_step_needs_a_recorded_neglect(db: Session) -> None:
    customer = _registered(db)
    db.add(
        SanctionRecord(
            customer_id=customer.user_id,
            kind="waiting_period",
            conduct_on=TODAY,
            step=2,
            days=5,
            rules="new",
            notes="",
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_neglect_sanction_cannot_also_be_a_job_loss(db: Session) -> None:
    customer = _registered(db)
    neglect = Neglect(customer_id=customer.user_id, kind="meeting", conduct_on=TODAY, notes="")
    db.add(neglect)
    db.flush()
    db.add(
        SanctionRecord(
            customer_id=customer.user_id,
            neglect_id=neglect.id,
            kind="reminder",
            conduct_on=TODAY,
            step=1,
            rules="new",
            job_loss_reason="own_conduct",
            notes="",
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_negative_obligation_cannot_be_stored(db: Session) -> None:
    customer = _registered(db)
    db.add(
        PlanVersion(customer_id=customer.user_id, made_on=TODAY, next_update_due=TODAY, required=-1)
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_meeting_slot_is_recorded_once(db: Session) -> None:
    customer = _registered(db)
    db.add(
        Meeting(
            customer_id=customer.user_id,
            period_label="initial",
            number=1,
            meeting_date=TODAY,
            kind="initial_interview",
            channel="phone",
            organizer="employment_office_specialist",
            status="held",
            notes="",
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_deleting_the_account_deletes_the_customership(db: Session) -> None:
    specialist = factories.staff(db)
    customer = _registered(db)
    user = db.get(User, customer.user_id)

    accounts.delete_account(db, user)
    db.commit()

    for model in (Customer, Meeting, PlanVersion, AuditEntry):
        assert _count(db, model) == 0, model
    assert db.get(User, specialist.id) is not None


def test_deleting_a_vacancy_keeps_the_report(db: Session) -> None:
    vacancy = factories.vacancy(db, factories.employer(db))
    customer = _registered(db)
    user = db.get(User, customer.user_id)
    data = JobApplicationIn(applied_on=TODAY, kind="application", vacancy_id=vacancy.id)
    application = report_application(db, customer, user, data, TODAY)
    db.commit()

    db.delete(vacancy)
    db.commit()
    db.expire_all()

    kept = db.get(JobApplication, application.id)
    assert kept is not None and kept.vacancy_id is None
    assert kept.job_title == vacancy.title


def test_customership_made_without_registration_still_has_a_plan(db: Session) -> None:
    user = factories.jobseeker(db)
    db.add(Customer(user_id=user.id, registered_on=TODAY - timedelta(days=50)))
    db.commit()

    state = plan_state(db, db.get(Customer, user.id), TODAY)  # type: ignore[arg-type]

    assert state.meetings[0].date == book_initial_interview(TODAY - timedelta(days=50))
    assert state.current_period.required == 4


def test_demo_has_customers_at_every_stage(db: Session) -> None:
    specialist = factories.staff(db, Role.SPECIALIST, email="specialist@demo.fi")
    demo_jobseeker = factories.jobseeker(db, name="Sanna Virtanen", email="jobseeker@demo.fi")
    for n in range(6):
        factories.jobseeker(db, name=f"Työnhakija {n}")
    factories.vacancy(db, factories.employer(db))

    summary = seed_service_model_demo(db, TODAY)
    db.commit()

    assert summary.customers == 7
    assert summary.stages["7 months"] == demo_jobseeker.id
    assert {"new", "4 months", "7 months", "14 months", "earlier customer"} <= set(summary.stages)
    customers = {c.user_id: c for c in db.scalars(select(Customer))}
    assert {c.specialist_id for c in customers.values()} == {specialist.id}
    states = {
        name: plan_state(db, customers[user_id], TODAY) for name, user_id in summary.stages.items()
    }
    assert states["new"].customer.registered_on == TODAY - timedelta(days=3)
    assert states["earlier customer"].customer.registered_on < MODEL_START
    assert states["earlier customer"].earlier_customer
    four = states["4 months"].flags
    assert four.obligation_unmet and four.meeting_missed
    assert states["14 months"].flags.plan_update_due
    assert [s.step for s in states["14 months"].records.sanctions] == [1, 2]
    assert [s.step for s in states["7 months"].records.sanctions] == [1]
    assert states["7 months"].records.offers[0].binding
    assert not states["earlier customer"].records.offers[0].binding
    assert states["earlier customer"].records.sanctions[0].days == 90
    assert summary.applications > 100
    assert all(s.flags.outcomes_missing == 0 for s in states.values())
