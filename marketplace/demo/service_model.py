"""Demo customerships at every stage of the customer-service model.

Each history is played through the real services, dated as it would have happened, so the
demo obeys every rule and leaves the same audit trail as real use.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from marketplace.accounts import repository as accounts
from marketplace.accounts.models import Role, User
from marketplace.service_model import caseload as cases
from marketplace.service_model import decisions, plan, repository, service
from marketplace.service_model.models import Customer, MeetingStatus
from marketplace.service_model.plan import PlanState
from marketplace.service_model.rules import (
    ApplicationKind,
    Channel,
    JobLossReason,
    NeglectKind,
    add_months,
)
from marketplace.service_model.schemas import (
    JobApplicationIn,
    JobLossIn,
    JobOfferIn,
    MeetingOutcomeIn,
    NeglectIn,
    PlanIn,
    RegistrationIn,
    SituationIn,
)
from marketplace.vacancies.models import Vacancy

DEMO_JOBSEEKER = "jobseeker@demo.fi"
DEMO_SPECIALIST = "specialist@demo.fi"
# Customers beyond the five showcase stages, so the caseload has some length.
EXTRA_CUSTOMERS = 7
EXTRA_STAGES_MONTHS = (1, 2, 5, 9, 11, 16, 20)

EMPLOYERS = (
    ("Tampereen kaupunki", "Lähihoitaja"),
    ("Pirkanmaan hyvinvointialue", "Sairaanhoitaja"),
    ("Kesko Oyj", "Myyjä"),
    ("Posti Oy", "Postinjakaja"),
    ("Fazer Food Services", "Kokki"),
    ("Lassila & Tikanoja", "Kiinteistönhoitaja"),
    ("Nokian Renkaat", "Tuotantotyöntekijä"),
    ("Terveystalo", "Vastaanottoavustaja"),
    ("Sokos Hotels", "Hotellivirkailija"),
    ("Ramirent", "Varastotyöntekijä"),
)
KINDS = (ApplicationKind.APPLICATION,) * 3 + (
    ApplicationKind.OPEN_APPLICATION,
    ApplicationKind.DIRECT_CONTACT,
)


@dataclass
class DemoSummary:
    """What the demo created."""

    customers: int = 0
    applications: int = 0
    meetings_recorded: int = 0
    neglects: int = 0
    offers: int = 0
    stages: dict[str, int] = field(default_factory=dict)


class _History:
    """Plays one customership's history through the services, day by day as it happened."""

    def __init__(
        self,
        session: Session,
        user: User,
        specialist: User | None,
        today: date,
        rng: random.Random,
        vacancies: list[Vacancy],
        summary: DemoSummary,
    ) -> None:
        self.session = session
        self.user = user
        self.specialist = specialist
        self.today = today
        self.rng = rng
        self.vacancies = vacancies
        self.summary = summary
        self.customer: Customer | None = None

    def state(self, on: date | None = None) -> PlanState:
        assert self.customer is not None
        return plan.plan_state(self.session, self.customer, on or self.today)

    def register(self, registered_on: date, **fields: object) -> None:
        data = RegistrationIn.model_validate({"registered_on": registered_on, **fields})
        self.customer = service.register(
            self.session, self.user, data, self.today, max_backdate_days=None
        )
        if self.specialist is not None:
            self.customer.specialist_id = self.specialist.id
        self.summary.customers += 1

    def report(self, short: dict[int, int] | None = None) -> None:
        """Report applications in every period; `short` gives fewer for some period indexes."""
        assert self.customer is not None
        for index, period in enumerate(self.state().periods):
            if period.start > self.today:
                break
            last = min(period.end, self.today)
            span = (last - period.start).days
            count = (short or {}).get(index, period.required)
            if period.current:
                # The month is under way: about one a week so far.
                count = min(count, span // 7)
            for n in range(count):
                day = period.start + timedelta(days=span * (n + 1) // (count + 1))
                self._report_one(day)

    def _report_one(self, day: date) -> None:
        assert self.customer is not None
        employer, title = self.rng.choice(EMPLOYERS)
        vacancy_id = None
        if self.vacancies and self.rng.random() < 0.3:
            vacancy = self.rng.choice(self.vacancies)
            employer, title, vacancy_id = vacancy.organization.name, vacancy.title, vacancy.id
        data = JobApplicationIn(
            employer=employer,
            job_title=title,
            applied_on=day,
            kind=self.rng.choice(KINDS),
            vacancy_id=vacancy_id,
        )
        service.report_application(self.session, self.customer, self.user, data, day)
        self.summary.applications += 1

    def meetings(self, missed: Callable[[int, int], bool] = lambda index, total: False) -> None:
        """Record the outcome of every meeting before today; `missed(index, total)` picks misses."""
        if self.specialist is None or self.customer is None:
            return
        past = [m for m in self.state().meetings if m.date < self.today]
        for index, meeting in enumerate(past):
            if missed(index, len(past)):
                outcome = MeetingOutcomeIn(status="missed", notes="Ei yhteydenottoa.")
            else:
                outcome = MeetingOutcomeIn(status="held")
            cases.record_meeting_outcome(
                self.session, self.specialist, self.customer, meeting.key, outcome, meeting.date
            )
            self.summary.meetings_recorded += 1

    def plan_updates(self, lowered_from: int | None = None, skip_after: int | None = None) -> None:
        """Update the plan every three months; lower the obligation from the `lowered_from`th."""
        if self.specialist is None or self.customer is None:
            return
        start = self.state().plan_start
        number = 1
        while (day := add_months(start, 3 * number)) <= self.today:
            if skip_after is not None and number > skip_after:
                break
            lowered = lowered_from is not None and number >= lowered_from
            plan = (
                PlanIn(required=3, reason="Alan avoimia paikkoja on alueella vähän.")
                if lowered
                else PlanIn(required=4)
            )
            cases.update_plan(self.session, self.specialist, self.customer, plan, day)
            number += 1

    def neglect_missed_meeting(self, which: int = 0) -> None:
        """Record a neglect for the `which`th missed meeting (0 = the first)."""
        if self.specialist is None or self.customer is None:
            return
        missed = [m for m in self.state().meetings if m.status is MeetingStatus.MISSED]
        meeting = missed[which]
        data = NeglectIn(kind=NeglectKind.MEETING, meeting_key=meeting.key)
        on = meeting.date + timedelta(days=1)
        decisions.record_neglect(self.session, self.specialist, self.customer, data, on)
        self.summary.neglects += 1

    def neglect_period(self, index: int) -> None:
        """Record a neglect for the obligation of the `index`th period, the day after it ended."""
        if self.specialist is None or self.customer is None:
            return
        period = self.state().periods[index]
        data = NeglectIn(kind=NeglectKind.JOB_SEARCH_OBLIGATION, period_start=period.start)
        on = period.end + timedelta(days=1)
        decisions.record_neglect(self.session, self.specialist, self.customer, data, on)
        self.summary.neglects += 1

    def offer(self, months: int, days: int = 0) -> None:
        """Make a job offer `months` months and `days` days after the plan started."""
        if self.specialist is None or self.customer is None:
            return
        on = add_months(self.state().plan_start, months) + timedelta(days=days)
        vacancy = self.vacancies[0] if self.vacancies else None
        data = JobOfferIn(
            made_on=on,
            vacancy_id=vacancy.id if vacancy else None,
            description="" if vacancy else "Lähihoitaja, Tampereen kaupunki",
        )
        cases.make_offer(self.session, self.specialist, self.customer, data, on)
        self.summary.offers += 1

    def job_loss(self, on: date, reason: JobLossReason, job_max_days: int | None = None) -> None:
        if self.specialist is None or self.customer is None:
            return
        data = JobLossIn(event_on=on, reason=reason, job_max_days=job_max_days)
        decisions.record_job_loss(self.session, self.specialist, self.customer, data, self.today)

    def situation(self, data: SituationIn) -> None:
        if self.specialist is None or self.customer is None:
            return
        cases.update_situation(self.session, self.specialist, self.customer, data)


def _new(history: _History, today: date) -> None:
    """Registered a few days ago: the initial interview is just ahead or just held."""
    history.register(today - timedelta(days=3), channel_preference=Channel.IN_PERSON)
    history.meetings()


def _four_months(history: _History, today: date) -> None:
    """Four months in: last month fell short and the latest meeting was missed, not yet handled."""
    history.register(add_months(today, -4), laid_off=True)
    finished = [p for p in history.state().periods if p.finished]
    history.report(short={len(finished) - 1: 1})
    history.meetings(missed=lambda index, total: index == total - 1)
    history.plan_updates()


def _seven_months(history: _History, today: date) -> None:
    """Seven months in: one missed meeting gave a reminder; a job offer after six months."""
    history.register(add_months(today, -7), channel_preference=Channel.REMOTE)
    history.report()
    history.meetings(missed=lambda index, total: index == 3)
    history.neglect_missed_meeting()
    history.plan_updates()
    history.offer(6, days=3)


def _fourteen_months(history: _History, today: date) -> None:
    """Fourteen months in: obligation lowered with a reason, two neglects, plan update overdue."""
    history.register(add_months(today, -14))
    history.report(short={4: 2})
    history.meetings(missed=lambda index, total: index == total - 4)
    history.plan_updates(lowered_from=2, skip_after=3)
    history.neglect_period(4)
    history.neglect_missed_meeting()
    history.offer(8)


def _earlier(history: _History, today: date) -> None:
    """Registered before the model; a resignation under the old rules; works part-time now."""
    history.register(date(2021, 9, 6), last_periodic_interview=date(2022, 3, 10))
    history.job_loss(date(2022, 3, 1), JobLossReason.RESIGNED_WITHOUT_VALID_REASON)
    history.situation(SituationIn(part_time_work=True))
    history.report()
    history.meetings()
    history.plan_updates()
    history.offer(12)


def _regular(months: int) -> Callable[[_History, date], None]:
    def play(history: _History, today: date) -> None:
        history.register(add_months(today, -months))
        history.report()
        history.meetings()
        history.plan_updates()

    return play


SHOWCASE: tuple[tuple[str, Callable[[_History, date], None]], ...] = (
    ("7 months", _seven_months),
    ("new", _new),
    ("4 months", _four_months),
    ("14 months", _fourteen_months),
    ("earlier customer", _earlier),
)


def seed_service_model_demo(session: Session, today: date, seed: int = 2022) -> DemoSummary:
    """Register existing jobseekers as customers at every stage of the model, with histories."""
    rng = random.Random(f"{seed}-service-model")
    summary = DemoSummary()
    specialist = accounts.get_by_email(session, DEMO_SPECIALIST)
    if specialist is not None and specialist.role != Role.SPECIALIST:
        specialist = None
    demo_jobseeker = accounts.get_by_email(session, DEMO_JOBSEEKER)
    people = repository.jobseekers_without_customership(
        session, len(SHOWCASE) + EXTRA_CUSTOMERS + 1
    )
    # The demo jobseeker gets the richest plan, the one listed first.
    if demo_jobseeker is not None and demo_jobseeker in people:
        people.remove(demo_jobseeker)
        people.insert(0, demo_jobseeker)
    vacancies = repository.published_vacancies(session, 20)
    stages = list(SHOWCASE) + [
        (f"{months} months", _regular(months)) for months in EXTRA_STAGES_MONTHS
    ]
    for user, (name, play) in zip(people, stages, strict=False):
        assigned = specialist or _specialist_for_demo(session)
        play(_History(session, user, assigned, today, rng, vacancies, summary), today)
        summary.stages[name] = user.id
    session.flush()
    return summary


def _specialist_for_demo(session: Session) -> User | None:
    specialist_id = repository.least_loaded_specialist(session)
    return session.get(User, specialist_id) if specialist_id is not None else None
