"""The sanction record through the services on the issue's own dates: neglects recorded out of
order (rule 7), refusals of binding offers (rule 8), offers before the model applied (rule 1)
and the bounds on every date (rule 11). Each test names the rule it covers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.errors import Conflict, NotFound, ValidationFailed
from marketplace.service_model.caseload import make_offer, record_meeting_outcome, update_plan
from marketplace.service_model.decisions import (
    record_job_loss,
    record_job_refusal,
    record_neglect,
)
from marketplace.service_model.models import AuditEntry, Customer, JobOffer, SanctionRecord
from marketplace.service_model.plan import book_initial_interview, plan_state
from marketplace.service_model.rules import NeglectKind
from marketplace.service_model.schemas import (
    JobLossIn,
    JobOfferIn,
    JobRefusalIn,
    MeetingOutcomeIn,
    NeglectIn,
    PlanIn,
    RegistrationIn,
)
from marketplace.service_model.service import register
from tests import factories

D = date


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def specialist(db: Session) -> User:
    return factories.staff(db, Role.SPECIALIST)


def _customer(db: Session, registered_on: date, today: date, **extra: object) -> Customer:
    user = factories.jobseeker(db)
    data = RegistrationIn.model_validate({"registered_on": registered_on, **extra})
    customer = register(db, user, data, today, max_backdate_days=None)
    db.commit()
    return customer


# Rule 7: an earlier neglect recorded after a later one.


def _november_customer(db: Session, specialist: User) -> Customer:
    """Registered Fri 30.10.2026: interview Mon 2.11, first period 2.11-1.12, talks 16.11, 30.11."""
    customer = _customer(db, D(2026, 10, 30), D(2026, 10, 30))
    assert book_initial_interview(D(2026, 10, 30)) == D(2026, 11, 2)
    missed = MeetingOutcomeIn(status="missed")
    record_meeting_outcome(db, specialist, customer, "2w-3m-2", missed, D(2026, 12, 1))
    return customer


def _period_neglect(db: Session, specialist: User, customer: Customer, today: date) -> None:
    data = NeglectIn(kind=NeglectKind.JOB_SEARCH_OBLIGATION, period_start=D(2026, 11, 2))
    recorded = record_neglect(db, specialist, customer, data, today)
    assert (recorded.sanction.conduct_on, recorded.sanction.step) == (D(2026, 12, 1), 1)


def test_rule_7_missed_meeting_before_a_recorded_period_neglect_can_still_be_recorded(
    db: Session, specialist: User
) -> None:
    """rule 7: the neglect of 30.11 is recorded after the one dated 1.12; the later sanction,
    not yet final, becomes the second step and the audit trail says so."""
    customer = _november_customer(db, specialist)
    _period_neglect(db, specialist, customer, D(2026, 12, 2))

    today = D(2027, 1, 7)  # 36 days after the decision of 2.12: not final yet
    data = NeglectIn(kind=NeglectKind.MEETING, meeting_key="2w-3m-2")
    recorded = record_neglect(db, specialist, customer, data, today)

    assert (recorded.sanction.conduct_on, recorded.sanction.step) == (D(2026, 11, 30), 1)
    [later] = recorded.recomputed
    assert (later.conduct_on, later.kind, later.step, later.days) == (
        D(2026, 12, 1),
        "waiting_period",
        2,
        5,
    )
    assert later.decided_on == today  # a new decision: its appeal time starts again
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "sanctions_recomputed")).one()
    assert audit.details["changes"] == [
        {"sanction_id": later.id, "from_step": 1, "to_step": 2, "kept_final": False}
    ]
    state = plan_state(db, customer, today)
    assert [(s.conduct_on, s.step) for s in state.records.sanctions] == [
        (D(2026, 11, 30), 1),
        (D(2026, 12, 1), 2),
    ]


def test_rule_7_a_final_later_sanction_is_left_as_decided(db: Session, specialist: User) -> None:
    """rule 7: 37 days after its decision the later sanction is final; it keeps its step and
    the audit trail records that it was left alone."""
    customer = _november_customer(db, specialist)
    _period_neglect(db, specialist, customer, D(2026, 12, 2))

    data = NeglectIn(kind=NeglectKind.MEETING, meeting_key="2w-3m-2")
    recorded = record_neglect(db, specialist, customer, data, D(2027, 1, 8))

    assert recorded.recomputed == ()
    later = db.scalars(
        select(SanctionRecord).where(SanctionRecord.conduct_on == D(2026, 12, 1))
    ).one()
    assert (later.step, later.kind) == (1, "reminder")
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "sanctions_recomputed")).one()
    assert audit.details["changes"][0]["kept_final"] is True


def test_rule_7_recording_in_date_order_changes_nothing_later(
    db: Session, specialist: User
) -> None:
    """rule 7: with no later neglect there is nothing to recompute and no extra audit entry."""
    customer = _november_customer(db, specialist)
    data = NeglectIn(kind=NeglectKind.MEETING, meeting_key="2w-3m-2")
    assert record_neglect(db, specialist, customer, data, D(2026, 12, 2)).recomputed == ()
    assert _count(db, AuditEntry) == 3  # registered, meeting outcome, neglect


# Rule 8: refusing a binding job offer.


def _binding_offer(db: Session, specialist: User) -> tuple[Customer, JobOffer]:
    """Interview 2.11.2026; offers bind from 2.5.2027."""
    customer = _customer(db, D(2026, 10, 30), D(2026, 10, 30))
    offer = make_offer(
        db,
        specialist,
        customer,
        JobOfferIn(made_on=D(2027, 5, 3), description="Varastotyöntekijä, Logistiikka Oy"),
        D(2027, 5, 3),
    )
    assert offer.binding
    return customer, offer


@pytest.mark.parametrize(
    ("job_max_days", "days"),
    [
        pytest.param(5, 30, id="rule 8: refused job of at most five days -> 30 days"),
        pytest.param(6, 45, id="rule 8: refused job of six days -> 45 days"),
        pytest.param(None, 45, id="rule 8: refused open-ended job -> 45 days"),
    ],
)
def test_rule_8_refusing_a_binding_offer(
    db: Session, specialist: User, job_max_days: int | None, days: int
) -> None:
    customer, offer = _binding_offer(db, specialist)
    data = JobRefusalIn(refused_on=D(2027, 5, 5), job_max_days=job_max_days)
    sanction = record_job_refusal(db, specialist, customer, offer.id, data, D(2027, 5, 6))
    assert (sanction.offer_id, sanction.days, sanction.step, sanction.rules) == (
        offer.id,
        days,
        None,
        "new",
    )
    with pytest.raises(Conflict):
        record_job_refusal(db, specialist, customer, offer.id, data, D(2027, 5, 6))


def test_rule_8_refusal_does_not_climb_the_ladder(db: Session, specialist: User) -> None:
    """rule 8: after a refusal the next neglect is still a reminder."""
    customer, offer = _binding_offer(db, specialist)
    refusal = JobRefusalIn(refused_on=D(2027, 5, 5))
    record_job_refusal(db, specialist, customer, offer.id, refusal, D(2027, 5, 6))
    state = plan_state(db, customer, D(2027, 5, 20))
    key = next(m.key for m in state.meetings if m.date >= D(2027, 5, 6))
    record_meeting_outcome(
        db, specialist, customer, key, MeetingOutcomeIn(status="missed"), D(2027, 5, 20)
    )
    neglect = NeglectIn(kind=NeglectKind.MEETING, meeting_key=key)
    assert record_neglect(db, specialist, customer, neglect, D(2027, 5, 20)).sanction.step == 1


@pytest.mark.parametrize(
    ("refused_on", "today", "field"),
    [
        pytest.param(D(2027, 5, 2), D(2027, 5, 6), "refused_on", id="rule 8: before the offer"),
        pytest.param(D(2027, 5, 7), D(2027, 5, 6), "refused_on", id="rule 8: in the future"),
    ],
)
def test_rule_8_bad_refusal_writes_nothing(
    db: Session, specialist: User, refused_on: date, today: date, field: str
) -> None:
    customer, offer = _binding_offer(db, specialist)
    before = _count(db, SanctionRecord), _count(db, AuditEntry)
    with pytest.raises(ValidationFailed) as error:
        record_job_refusal(
            db, specialist, customer, offer.id, JobRefusalIn(refused_on=refused_on), today
        )
    assert field in error.value.fields
    assert (_count(db, SanctionRecord), _count(db, AuditEntry)) == before


def test_rule_8_refusing_an_offer_that_did_not_bind_is_refused(
    db: Session, specialist: User
) -> None:
    """rule 8: an offer made in the first six months did not bind; no sanction can follow."""
    customer = _customer(db, D(2026, 10, 30), D(2026, 10, 30))
    offer = make_offer(
        db,
        specialist,
        customer,
        JobOfferIn(made_on=D(2027, 5, 1), description="Työ"),
        D(2027, 5, 1),
    )
    assert not offer.binding and offer.reason == "first_six_months"
    data = JobRefusalIn(refused_on=D(2027, 5, 2))
    with pytest.raises(ValidationFailed) as error:
        record_job_refusal(db, specialist, customer, offer.id, data, D(2027, 5, 2))
    assert "offer" in error.value.fields
    with pytest.raises(NotFound):
        record_job_refusal(db, specialist, customer, offer.id + 1000, data, D(2027, 5, 2))


# Rules 1 and 6: offers made before an earlier customer came under the model.


@pytest.mark.parametrize(
    ("made_on", "binding"),
    [
        pytest.param(D(2021, 10, 1), None, id="rule 1: offer 1.10.2021 -> refused, old rules"),
        pytest.param(D(2022, 5, 10), None, id="rule 1: offer 10.5.2022 -> refused, old rules"),
        pytest.param(D(2022, 6, 14), None, id="rule 1: offer 14.6.2022, day before -> refused"),
        pytest.param(D(2022, 6, 15), True, id="rule 1: offer 15.6.2022, joining day -> binding"),
    ],
)
def test_rule_1_offers_before_joining_the_model(
    db: Session, specialist: User, made_on: date, binding: bool | None
) -> None:
    """rule 1: registered 1.9.2021, periodic interview 15.3.2022, under the model 15.6.2022."""
    customer = _customer(db, D(2021, 9, 1), D(2022, 7, 1), last_periodic_interview=D(2022, 3, 15))
    assert plan_state(db, customer, D(2022, 7, 1)).joined_on == D(2022, 6, 15)
    data = JobOfferIn(made_on=made_on, description="Myyjä")
    if binding is None:
        with pytest.raises(ValidationFailed) as error:
            make_offer(db, specialist, customer, data, D(2022, 7, 1))
        assert "2022-06-15" in error.value.fields["made_on"]
        assert _count(db, JobOffer) == 0
    else:
        assert make_offer(db, specialist, customer, data, D(2022, 7, 1)).binding is binding


# Rule 6: an obligation of zero.


def test_rule_6_zero_obligation_offer_does_not_bind(db: Session, specialist: User) -> None:
    """rule 6: with 0 applications agreed, the agreed number is reached; the offer is exempt."""
    customer = _customer(db, D(2026, 10, 30), D(2026, 10, 30))
    update_plan(db, specialist, customer, PlanIn(required=0, reason="Sairausloma"), D(2027, 5, 3))
    offer = make_offer(db, specialist, customer, JobOfferIn(description="Työ"), D(2027, 5, 4))
    assert (offer.binding, offer.reason, offer.required) == (False, "no_obligation", 0)


# Rule 11: dates.


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(
            {"registered_on": "0001-01-01", "last_periodic_interview": "0001-02-01"},
            "registered_on",
            id="rule 11: registration 0001-01-01",
        ),
        pytest.param(
            {"registered_on": "2002-12-31", "last_periodic_interview": "2022-03-01"},
            "registered_on",
            id="rule 11: registration 31.12.2002, the day before the earliest",
        ),
        pytest.param(
            {"registered_on": "2026-11-17"},
            "registered_on",
            id="rule 11: self-service 15 days back",
        ),
        pytest.param({"registered_on": "2026-12-03"}, "registered_on", id="rule 11: tomorrow"),
    ],
)
def test_rule_11_implausible_registration_dates(
    db: Session, body: dict[str, str], field: str
) -> None:
    user = factories.jobseeker(db)
    with pytest.raises(ValidationFailed) as error:
        register(db, user, RegistrationIn.model_validate(body), D(2026, 12, 2))
    assert field in error.value.fields
    assert _count(db, Customer) == 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"registered_on": "2026-11-18"}, id="rule 11: self-service 14 days back"),
        pytest.param(
            {"registered_on": "2003-01-01", "last_periodic_interview": "2022-03-01"},
            id="rule 11: earlier customer registered 1.1.2003",
        ),
    ],
)
def test_rule_11_plausible_registration_dates(db: Session, body: dict[str, str]) -> None:
    user = factories.jobseeker(db)
    register(db, user, RegistrationIn.model_validate(body), D(2026, 12, 2))
    assert _count(db, Customer) == 1


@pytest.mark.parametrize(
    ("event_on", "accepted"),
    [
        pytest.param(D(1900, 1, 1), False, id="rule 11: job loss in 1900"),
        pytest.param(D(2026, 8, 1), False, id="rule 11: 91 days before registering"),
        pytest.param(D(2026, 8, 2), True, id="rule 11: 90 days before registering"),
        pytest.param(D(2026, 12, 2), True, id="rule 11: today"),
        pytest.param(D(2026, 12, 3), False, id="rule 11: tomorrow"),
    ],
)
def test_rule_11_job_loss_dates(
    db: Session, specialist: User, event_on: date, accepted: bool
) -> None:
    customer = _customer(db, D(2026, 10, 31), D(2026, 10, 31))
    data = JobLossIn(event_on=event_on, reason="own_conduct")
    if accepted:
        record_job_loss(db, specialist, customer, data, D(2026, 12, 2))
        assert _count(db, SanctionRecord) == 1
        return
    with pytest.raises(ValidationFailed) as error:
        record_job_loss(db, specialist, customer, data, D(2026, 12, 2))
    assert "event_on" in error.value.fields
    assert _count(db, SanctionRecord) == 0


def test_rule_3_interview_booking_skips_holidays() -> None:
    """rules 2 and 3: registered Wed 24.3.2027 before Easter; the interview is Thu 25.3, the last
    working day, since Good Friday to Easter Monday fills the rest of the five days."""
    assert book_initial_interview(D(2027, 3, 24)) == D(2027, 3, 25)
    # Registered Tue 22.12.2026: Christmas Eve to Sunday are days off; Mon 28.12 is too late.
    assert book_initial_interview(D(2026, 12, 22)) == D(2026, 12, 23)
    assert book_initial_interview(D(2026, 10, 30)) == D(2026, 11, 2)
    assert book_initial_interview(D(2026, 10, 30)) - D(2026, 10, 30) <= timedelta(days=5)


def test_rule_7_the_issues_own_case_missed_meeting_of_25_november(
    db: Session, specialist: User
) -> None:
    """rule 7: registered Mon 31.8.2026, interview 2.9.2026; the period 2.11-1.12 is neglected
    first (dated 1.12), then the missed meeting of Wednesday 25.11 is recorded."""
    customer = _customer(db, D(2026, 8, 31), D(2026, 8, 31))
    state = plan_state(db, customer, D(2026, 12, 2))
    assert state.plan_start == D(2026, 9, 2)
    assert state.meeting("2w-3m-6").date == D(2026, 11, 25)  # type: ignore[union-attr]
    assert any(p.start == D(2026, 11, 2) and p.end == D(2026, 12, 1) for p in state.periods)
    record_meeting_outcome(
        db, specialist, customer, "2w-3m-6", MeetingOutcomeIn(status="missed"), D(2026, 12, 2)
    )
    period = NeglectIn(kind=NeglectKind.JOB_SEARCH_OBLIGATION, period_start=D(2026, 11, 2))
    assert record_neglect(db, specialist, customer, period, D(2026, 12, 2)).sanction.step == 1

    meeting = NeglectIn(kind=NeglectKind.MEETING, meeting_key="2w-3m-6")
    recorded = record_neglect(db, specialist, customer, meeting, D(2026, 12, 3))

    assert (recorded.sanction.conduct_on, recorded.sanction.step) == (D(2026, 11, 25), 1)
    assert [(s.conduct_on, s.step, s.days) for s in recorded.recomputed] == [(D(2026, 12, 1), 2, 5)]
