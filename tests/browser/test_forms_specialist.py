"""Every form of the customer-service model in a real Chromium: the specialist's customer
sections and the jobseeker's registration and plan. Each form is sent with valid and invalid
input (missing fields, malformed dates, dates out of bounds); valid input is saved as shown,
invalid input writes nothing and is answered in Finnish at the field and in the error summary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.i18n import catalogue
from marketplace.service_model import caseload, decisions, service
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
from marketplace.service_model.rules import ApplicationKind, NeglectKind
from marketplace.service_model.schemas import (
    JobApplicationIn,
    MeetingOutcomeIn,
    NeglectIn,
    RegistrationIn,
)
from marketplace.service_model.service import helsinki_today
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import audit, sign_in

pytestmark = pytest.mark.browser

TODAY = helsinki_today()
SECTIONS = {
    "": "Yleiskuva",
    "/meetings": "Tapaamiset",
    "/plan": "Suunnitelma ja työnhakuvelvollisuus",
    "/offers": "Työtarjoukset ja kieltäytymiset",
    "/sanctions": "Laiminlyönnit ja seuraamukset",
    "/situation": "Tilanne ja työn päättyminen",
    "/applications": "Ilmoitetut hakemukset",
    "/history": "Muutoshistoria",
}


def fi(key: str) -> str:
    """The Finnish text of a service-model message."""
    return catalogue()[f"service_model.{key}"]["fi"]


def iso(day: date) -> str:
    return day.isoformat()


# Arranging data in the server's own database.


@dataclass
class Desk:
    """A specialist signed in, and the server to arrange customers on."""

    server: LiveServer
    page: Page
    specialist_id: int

    def customer(self, days_ago: int, name: str = "Asko Asiakas") -> int:
        """A jobseeker registered `days_ago` days ago in this specialist's caseload."""
        with self.server.session() as db:
            user = factories.jobseeker(db, name=name)
            registered = TODAY - timedelta(days=days_ago)
            service.register(
                db, user, RegistrationIn(registered_on=registered), TODAY, max_backdate_days=None
            )
            # Registration gives the least loaded specialist; this desk takes the customer.
            db.get(Customer, user.id).specialist_id = self.specialist_id  # type: ignore[union-attr]
            db.commit()
            return user.id

    def url(self, user_id: int, section: str = "") -> str:
        return f"{self.server.url}/specialist/customers/{user_id}{section}"


@pytest.fixture(scope="module")
def desk(browser: Browser, live_server: LiveServer) -> Iterator[Desk]:
    with live_server.session() as db:
        specialist = factories.staff(db, Role.SPECIALIST, email="sirpa@forms.example.fi")
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    sign_in(page, live_server.url, specialist.email)
    yield Desk(live_server, page, specialist.id)
    context.close()


def count(server: LiveServer, model: type, user_id: int) -> int:
    """Rows of a service-model table for one customer."""
    with server.session() as db:
        column = model.user_id if model is Customer else model.customer_id  # type: ignore[attr-defined]
        return db.scalar(select(func.count()).select_from(model).where(column == user_id)) or 0


def written(server: LiveServer, user_id: int) -> dict[str, int]:
    """How many rows of each kind a customership has, and its audit entries."""
    models = (Meeting, PlanVersion, JobApplication, JobOffer, Neglect, SanctionRecord, AuditEntry)
    return {m.__name__: count(server, m, user_id) for m in models}


def customer_row(server: LiveServer, user_id: int) -> Customer | None:
    with server.session() as db:
        customer = db.get(Customer, user_id)
        if customer is not None:
            db.expunge(customer)
        return customer


# Using the pages.


def submit(page: Page, action: str) -> None:
    """Send the form posting to `action` with its submit button, as a person does."""
    with page.expect_navigation():
        page.click(f"form[action$='{action}'] button[type=submit]")


def as_text(page: Page, field: str) -> None:
    """Turn a date field into a text field, as in a browser without a date picker, so a
    malformed date reaches the server the way someone typed it."""
    page.eval_on_selector(f"#{field}", "el => { el.type = 'text'; }")


def expect_error(page: Page, field: str, message: str) -> None:
    """The message at the field (tied to it for screen readers) and in the error summary."""
    expect(page.locator(f"#{field}-error")).to_have_text(message)
    expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
    described = page.get_attribute(f"#{field}", "aria-describedby") or ""
    assert f"{field}-error" in described.split()
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading")).to_have_text("Korjaa seuraavat kohdat")
    expect(summary.locator(f"a[href='#{field}']")).to_have_text(message)


def expect_section(page: Page, heading: str) -> None:
    """The page shows the section with this heading, marked current in the navigation."""
    expect(page.locator("#section-heading")).to_have_text(heading)
    nav = page.get_by_role("navigation", name="Asiakkaan tiedot")
    expect(nav.locator("a[aria-current='page']")).to_have_text(heading)


def expect_notice(page: Page, key: str) -> None:
    expect(page.locator("main .notice[role=status]")).to_have_text(fi(key))


# The customer's sections.


def test_sections_have_their_own_addresses_navigation_and_headings(desk: Desk) -> None:
    user_id = desk.customer(days_ago=100, name="Saara Sektio")
    page = desk.page
    for section, heading in SECTIONS.items():
        response = page.goto(desk.url(user_id, section))
        assert response is not None and response.status == 200, section
        expect(page.get_by_role("heading", level=1)).to_have_text("Saara Sektio")
        expect_section(page, heading)
        nav = page.get_by_role("navigation", name="Asiakkaan tiedot")
        expect(nav.get_by_role("link")).to_have_count(len(SECTIONS))
        # Cards inside the section are headed one level below it.
        assert page.locator("main h2").count() == 1
        assert page.locator("main .card h3").count() >= 1
        violations = audit(page)
        assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)


def test_sections_are_reached_with_the_keyboard_alone(desk: Desk) -> None:
    user_id = desk.customer(days_ago=60)
    page = desk.page
    page.goto(desk.url(user_id))
    target = f"/specialist/customers/{user_id}/plan"
    for _ in range(60):
        if page.evaluate("() => document.activeElement.getAttribute('href')") == target:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("the plan section's link cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)
    expect_section(page, SECTIONS["/plan"])


@pytest.mark.parametrize("width", [360, 1280])
def test_sections_fit_the_window(browser: Browser, desk: Desk, width: int) -> None:
    user_id = desk.customer(days_ago=250)
    context = browser.new_context(locale="fi-FI", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, desk.server.url, "sirpa@forms.example.fi")
        for section in SECTIONS:
            page.goto(desk.url(user_id, section))
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= width, (section, wide)
    finally:
        context.close()


def test_sections_and_forms_work_without_javascript(browser: Browser, desk: Desk) -> None:
    user_id = desk.customer(days_ago=40)
    context = browser.new_context(locale="fi-FI", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, desk.server.url, "sirpa@forms.example.fi")
        page.goto(desk.url(user_id))
        nav = page.get_by_role("navigation", name="Asiakkaan tiedot")
        with page.expect_navigation():
            nav.get_by_role("link", name=SECTIONS["/situation"]).click()
        expect_section(page, SECTIONS["/situation"])
        page.check("#municipal_trial")
        submit(page, "/situation")
        expect_notice(page, "done.situation")
    finally:
        context.close()
    customer = customer_row(desk.server, user_id)
    assert customer is not None and customer.municipal_trial is True


def test_overview_shows_the_key_facts_of_each_section(desk: Desk) -> None:
    user_id = desk.customer(days_ago=250, name="Olli Yleinen")
    page = desk.page
    page.goto(desk.url(user_id, "/offers"))
    page.fill("#description", "Varastotyöntekijä, Logistiikka Oy")
    submit(page, "/offers")
    page.goto(desk.url(user_id))
    facts = page.locator(".key-facts")
    expect(facts).to_contain_text("0 / 4 hakemusta")
    offers = facts.locator("section", has=page.get_by_role("heading", name="Avoimet työtarjoukset"))
    expect(offers.locator(".fact")).to_have_text("1")
    expect(offers).to_contain_text("Varastotyöntekijä, Logistiikka Oy")
    expect(facts).to_contain_text(fi("plan.no_sanctions"))
    with page.expect_navigation():
        facts.get_by_role("link", name=fi("overview.to_offers")).click()
    expect_section(page, SECTIONS["/offers"])


# The specialist's forms, one by one.


def test_meeting_outcome_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=40)
    page = desk.page
    page.goto(desk.url(user_id, "/meetings"))
    before = written(desk.server, user_id)

    # The initial interview is held by the employment office, not by a municipal coach.
    page.select_option("#meeting", "initial-1")
    page.select_option("#organizer", "municipal_personal_coach")
    submit(page, "/meetings")
    expect_section(page, SECTIONS["/meetings"])
    expect_error(page, "organizer", fi("error.organizer"))
    assert written(desk.server, user_id) == before

    page.select_option("#organizer", "")
    page.check("#status-missed")
    page.fill("#outcome_notes", "Ei vastannut puhelimeen")
    submit(page, "/meetings")
    assert page.url.endswith(f"/customers/{user_id}/meetings?done=meetings")
    expect_notice(page, "done.meetings")
    with desk.server.session() as db:
        meeting = db.scalars(select(Meeting).where(Meeting.customer_id == user_id)).one()
        assert (meeting.period_label, meeting.number) == ("initial", 1)
        assert meeting.status == "missed"
        assert meeting.notes == "Ei vastannut puhelimeen"
        assert meeting.recorded_by_id == desk.specialist_id


def test_plan_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=40)
    page = desk.page
    page.goto(desk.url(user_id, "/plan"))
    before = written(desk.server, user_id)

    for required, reason, field in (
        ("", "", "required"),  # missing
        ("51", "Paljon paikkoja", "required"),  # above the bound
        ("2", "", "reason"),  # a number other than four needs its reason
    ):
        page.fill("#required", required)
        page.fill("#reason", reason)
        submit(page, "/plan")
        expect_section(page, SECTIONS["/plan"])
        expect_error(page, field, fi(f"error.{field}"))
        expect(page.locator("#required")).to_have_value(required)  # as sent, not the old number
        assert written(desk.server, user_id) == before

    page.fill("#required", "2")
    page.fill("#reason", "Alalla vähän avoimia paikkoja")
    submit(page, "/plan")
    assert page.url.endswith(f"/customers/{user_id}/plan?done=plan")
    expect_notice(page, "done.plan")
    with desk.server.session() as db:
        latest = db.scalars(
            select(PlanVersion)
            .where(PlanVersion.customer_id == user_id)
            .order_by(PlanVersion.id.desc())
        ).first()
        assert latest is not None
        assert (latest.required, latest.reason, latest.made_on) == (
            2,
            "Alalla vähän avoimia paikkoja",
            TODAY,
        )


def test_job_offer_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=250)
    page = desk.page
    page.goto(desk.url(user_id, "/offers"))
    before = written(desk.server, user_id)

    submit(page, "/offers")  # neither a description nor a vacancy
    expect_section(page, SECTIONS["/offers"])
    expect_error(page, "description", fi("error.description"))

    for made_on in (iso(TODAY + timedelta(days=1)), iso(TODAY - timedelta(days=300))):
        page.fill("#description", "Kokki, Ravintola Oy")
        page.fill("#offer_made_on", made_on)
        submit(page, "/offers")
        expect_error(page, "offer_made_on", fi("error.offer_made_on"))
    as_text(page, "offer_made_on")
    page.fill("#offer_made_on", "31.2.2026")
    submit(page, "/offers")
    expect_error(page, "offer_made_on", fi("error.offer_made_on"))
    page.fill("#offer_made_on", iso(TODAY))
    page.fill("#offer_vacancy_id", "999999")
    submit(page, "/offers")
    expect_error(page, "offer_vacancy_id", fi("error.offer_vacancy_id"))
    assert written(desk.server, user_id) == before

    page.fill("#offer_vacancy_id", "")
    page.fill("#description", "Kokki, Ravintola Oy")
    page.fill("#offer_made_on", iso(TODAY))
    submit(page, "/offers")
    assert page.url.endswith(f"/customers/{user_id}/offers?done=offers")
    expect_notice(page, "done.offers")
    with desk.server.session() as db:
        offer = db.scalars(select(JobOffer).where(JobOffer.customer_id == user_id)).one()
        assert (offer.description, offer.made_on, offer.binding) == (
            "Kokki, Ravintola Oy",
            TODAY,
            True,
        )


def test_job_refusal_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=250)
    page = desk.page
    page.goto(desk.url(user_id, "/offers"))
    page.fill("#description", "Siivooja, Puhdas Oy")
    submit(page, "/offers")
    with desk.server.session() as db:
        offer_id = db.scalars(select(JobOffer.id).where(JobOffer.customer_id == user_id)).one()
    before = written(desk.server, user_id)

    submit(page, "/refusals")  # no date
    expect_section(page, SECTIONS["/offers"])
    expect_error(page, "refused_on", fi("error.refused_on"))
    for refused_on in (iso(TODAY + timedelta(days=1)), iso(TODAY - timedelta(days=1))):
        page.fill("#refused_on", refused_on)  # in the future; before the offer
        submit(page, "/refusals")
        expect_error(page, "refused_on", fi("error.refused_on"))
    as_text(page, "refused_on")
    page.fill("#refused_on", "2026-13-01")
    submit(page, "/refusals")
    expect_error(page, "refused_on", fi("error.refused_on"))
    page.fill("#refused_on", iso(TODAY))
    page.fill("#refusal_job_max_days", "0")
    submit(page, "/refusals")
    expect_error(page, "refusal_job_max_days", fi("error.refusal_job_max_days"))
    assert written(desk.server, user_id) == before

    page.select_option("#refusal_offer", str(offer_id))
    page.fill("#refused_on", iso(TODAY))
    page.fill("#refusal_job_max_days", "3")
    page.fill("#refusal_notes", "Ei halunnut aamuvuoroja")
    submit(page, "/refusals")
    assert page.url.endswith(f"/customers/{user_id}/offers?done=refusal")
    expect_notice(page, "done.refusal")
    expect(page.locator("#refusal_offer")).to_have_count(0)  # nothing left to refuse
    with desk.server.session() as db:
        sanction = db.scalars(
            select(SanctionRecord).where(SanctionRecord.customer_id == user_id)
        ).one()
        assert (sanction.offer_id, sanction.conduct_on, sanction.job_max_days) == (
            offer_id,
            TODAY,
            3,
        )
        assert sanction.notes == "Ei halunnut aamuvuoroja"


def test_neglect_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=40)
    with desk.server.session() as db:
        specialist = db.get(User, desk.specialist_id)
        customer = db.get(Customer, user_id)
        assert specialist is not None and customer is not None
        missed = MeetingOutcomeIn(status="missed")
        caseload.record_meeting_outcome(db, specialist, customer, "initial-1", missed, TODAY)
        db.commit()
    page = desk.page
    page.goto(desk.url(user_id, "/sanctions"))
    page.select_option("#neglect", "meeting:initial-1")
    page.fill("#neglect_notes", "Ei ilmoittanut esteestä")

    # Meanwhile the neglect is recorded elsewhere: the form on the screen has gone stale.
    with desk.server.session() as db:
        specialist = db.get(User, desk.specialist_id)
        customer = db.get(Customer, user_id)
        assert specialist is not None and customer is not None
        neglect = NeglectIn(kind=NeglectKind.MEETING, meeting_key="initial-1")
        decisions.record_neglect(db, specialist, customer, neglect, TODAY)
        db.commit()
    before = written(desk.server, user_id)
    submit(page, "/neglects")
    expect_section(page, SECTIONS["/sanctions"])
    expect_error(page, "neglect", fi("error.neglect"))
    assert written(desk.server, user_id) == before

    # A second missed meeting is recorded through the meetings section, then its neglect.
    page.goto(desk.url(user_id, "/meetings"))
    page.select_option("#meeting", "2w-3m-1")
    page.check("#status-missed")
    submit(page, "/meetings")
    page.goto(desk.url(user_id, "/sanctions"))
    page.select_option("#neglect", "meeting:2w-3m-1")
    page.fill("#neglect_notes", "Toinen poissaolo")
    submit(page, "/neglects")
    assert page.url.endswith(f"/customers/{user_id}/sanctions?done=neglects")
    expect_notice(page, "done.neglects")
    with desk.server.session() as db:
        neglects = db.scalars(
            select(Neglect).where(Neglect.customer_id == user_id).order_by(Neglect.id)
        ).all()
        assert [n.kind for n in neglects] == ["meeting", "meeting"]
        assert neglects[-1].notes == "Toinen poissaolo"
        sanctions = db.scalars(
            select(SanctionRecord).where(SanctionRecord.customer_id == user_id)
        ).all()
        assert {s.neglect_id for s in sanctions} == {n.id for n in neglects}


def test_job_loss_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=40)
    page = desk.page
    page.goto(desk.url(user_id, "/situation"))
    before = written(desk.server, user_id)

    submit(page, "/job-losses")  # no date
    expect_section(page, SECTIONS["/situation"])
    expect_error(page, "event_on", fi("error.event_on"))
    # In the future; long before the registration (rule 11).
    for event_on in (iso(TODAY + timedelta(days=1)), iso(TODAY - timedelta(days=400))):
        page.fill("#event_on", event_on)
        submit(page, "/job-losses")
        expect_error(page, "event_on", fi("error.event_on"))
    as_text(page, "event_on")
    page.fill("#event_on", "eilen")
    submit(page, "/job-losses")
    expect_error(page, "event_on", fi("error.event_on"))
    page.fill("#event_on", iso(TODAY))
    page.fill("#job_max_days", "0")
    submit(page, "/job-losses")
    expect_error(page, "job_max_days", fi("error.job_max_days"))
    assert written(desk.server, user_id) == before

    page.fill("#event_on", iso(TODAY - timedelta(days=2)))
    page.select_option("#loss_reason", "own_conduct")
    page.fill("#job_max_days", "")
    page.fill("#loss_notes", "Irtisanoutui itse")
    submit(page, "/job-losses")
    assert page.url.endswith(f"/customers/{user_id}/situation?done=sanctions")
    expect_notice(page, "done.sanctions")
    with desk.server.session() as db:
        sanction = db.scalars(
            select(SanctionRecord).where(SanctionRecord.customer_id == user_id)
        ).one()
        assert (sanction.job_loss_reason, sanction.conduct_on, sanction.notes) == (
            "own_conduct",
            TODAY - timedelta(days=2),
            "Irtisanoutui itse",
        )
    expect(page.locator("main")).to_contain_text(f"{sanction.days} päivän")


def test_situation_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=40)
    page = desk.page
    page.goto(desk.url(user_id, "/situation"))
    page.check("#part_time_work")
    submit(page, "/situation")
    assert page.url.endswith(f"/customers/{user_id}/situation?done=situation")
    expect(page.locator("#part_time_work")).to_be_checked()
    customer = customer_row(desk.server, user_id)
    assert customer is not None and (customer.part_time_work, customer.municipal_trial) == (
        True,
        False,
    )

    page.uncheck("#part_time_work")
    page.check("#municipal_trial")
    submit(page, "/situation")
    customer = customer_row(desk.server, user_id)
    assert customer is not None and (customer.part_time_work, customer.municipal_trial) == (
        False,
        True,
    )


def test_application_judgement_form(desk: Desk) -> None:
    user_id = desk.customer(days_ago=40)
    other_id = desk.customer(days_ago=40, name="Toinen Asiakas")
    with desk.server.session() as db:
        ids = []
        for owner in (user_id, other_id):
            user = db.get(User, owner)
            customer = db.get(Customer, owner)
            assert user is not None and customer is not None
            report = JobApplicationIn(
                employer="Satama Oy",
                job_title="Ahtaaja",
                applied_on=TODAY,
                kind=ApplicationKind.APPLICATION,
            )
            ids.append(service.report_application(db, customer, user, report, TODAY).id)
        db.commit()
    own, others = ids

    def realistic(application_id: int) -> bool:
        with desk.server.session() as db:
            application = db.get(JobApplication, application_id)
            assert application is not None
            return application.realistic

    page = desk.page
    page.goto(desk.url(user_id, "/applications"))
    action = f"/specialist/customers/{user_id}/applications/{own}"
    submit(page, action)
    assert page.url.endswith(f"/customers/{user_id}/applications?done=applications")
    expect_notice(page, "done.applications")
    expect(page.locator("main")).to_contain_text(fi("application.not_realistic"))
    assert realistic(own) is False
    submit(page, action)
    assert realistic(own) is True

    # Another customer's report cannot be judged through this customer's page.
    page.eval_on_selector(
        f"form[action='{action}']",
        "(form, other) => { form.action = form.action.replace(/\\d+$/, other); }",
        str(others),
    )
    with page.expect_navigation():
        page.click(f"form[action$='/applications/{others}'] button[type=submit]")
    expect_section(page, SECTIONS["/applications"])
    expect(page.locator("#error-summary")).to_contain_text(fi("error.application"))
    assert realistic(others) is True


# The jobseeker's forms.


@pytest.fixture
def jobseeker(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, int]]:
    """A jobseeker signed in who has not yet registered with the employment service."""
    with live_server.session() as db:
        user = factories.jobseeker(db, name="Jaana Hakija")
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    sign_in(page, live_server.url, user.email)
    yield page, user.id
    context.close()


def _registered(server: LiveServer, user_id: int, days_ago: int = 40) -> None:
    with server.session() as db:
        user = db.get(User, user_id)
        assert user is not None
        registered = RegistrationIn(registered_on=TODAY - timedelta(days=days_ago))
        service.register(db, user, registered, TODAY, max_backdate_days=None)
        db.commit()


def test_registration_form(live_server: LiveServer, jobseeker: tuple[Page, int]) -> None:
    page, user_id = jobseeker
    page.goto(f"{live_server.url}/me/registration")

    # In the future; more than 14 days back; before the service's earliest date.
    for registered_on in ("2002-12-31", iso(TODAY + timedelta(days=1)), iso(TODAY - timedelta(15))):
        page.fill("#registered_on", registered_on)
        submit(page, "/me/registration")
        expect_error(page, "registered_on", fi("error.registered_on"))
    as_text(page, "registered_on")
    page.fill("#registered_on", "32.1.2026")
    submit(page, "/me/registration")
    expect_error(page, "registered_on", fi("error.registered_on"))
    # Only those registered before the model give their last periodic interview.
    page.fill("#registered_on", iso(TODAY))
    page.fill("#last_periodic_interview", iso(TODAY - timedelta(days=30)))
    submit(page, "/me/registration")
    expect_error(page, "last_periodic_interview", fi("error.last_periodic_interview"))
    assert customer_row(live_server, user_id) is None

    page.fill("#registered_on", iso(TODAY - timedelta(days=3)))
    page.fill("#last_periodic_interview", "")
    page.check("#laid_off")
    page.select_option("#channel_preference", "remote")
    submit(page, "/me/registration")
    assert page.url.endswith("/me/plan?done=registered")
    customer = customer_row(live_server, user_id)
    assert customer is not None
    assert (customer.registered_on, customer.laid_off, customer.channel_preference) == (
        TODAY - timedelta(days=3),
        True,
        "remote",
    )


def test_meeting_preference_form(live_server: LiveServer, jobseeker: tuple[Page, int]) -> None:
    page, user_id = jobseeker
    _registered(live_server, user_id)
    page.goto(f"{live_server.url}/me/plan")

    # An option the list does not offer, as a tampered or outdated form would send.
    page.eval_on_selector("#channel option[value='phone']", "o => { o.value = 'fax'; }")
    page.select_option("#channel", "fax")
    submit(page, "/me/plan/preference")
    expect_error(page, "channel", fi("error.channel"))
    customer = customer_row(live_server, user_id)
    assert customer is not None and customer.channel_preference is None

    page.select_option("#channel", "phone")
    submit(page, "/me/plan/preference")
    assert page.url.endswith("/me/plan?done=preference#meetings")
    customer = customer_row(live_server, user_id)
    assert customer is not None and customer.channel_preference == "phone"
    page.select_option("#channel", "")
    submit(page, "/me/plan/preference")
    customer = customer_row(live_server, user_id)
    assert customer is not None and customer.channel_preference is None


def test_application_report_form(live_server: LiveServer, jobseeker: tuple[Page, int]) -> None:
    page, user_id = jobseeker
    _registered(live_server, user_id, days_ago=40)
    page.goto(f"{live_server.url}/me/plan")

    page.fill("#applied_on", "")
    submit(page, "/me/plan/applications")  # nothing filled in
    for field in ("employer", "job_title", "applied_on"):
        expect_error(page, field, fi(f"error.{field}"))
    expect(page.locator("#applied_on")).to_have_value("")  # as sent, not today's date
    page.fill("#employer", "Kirjasto")
    page.fill("#job_title", "Kirjastovirkailija")
    # In the future; before the registration.
    for applied_on in (iso(TODAY + timedelta(days=1)), iso(TODAY - timedelta(days=41))):
        page.fill("#applied_on", applied_on)
        submit(page, "/me/plan/applications")
        expect_error(page, "applied_on", fi("error.applied_on"))
        expect(page.locator("#employer")).to_have_value("Kirjasto")
    as_text(page, "applied_on")
    page.fill("#applied_on", "2026-02-30")
    submit(page, "/me/plan/applications")
    expect_error(page, "applied_on", fi("error.applied_on"))
    page.fill("#applied_on", iso(TODAY))
    page.fill("#vacancy_id", "999999")
    submit(page, "/me/plan/applications")
    expect_error(page, "vacancy_id", fi("error.vacancy_id"))
    assert count(live_server, JobApplication, user_id) == 0

    page.fill("#vacancy_id", "")
    page.fill("#applied_on", iso(TODAY - timedelta(days=1)))
    page.select_option("#kind", "direct_contact")
    submit(page, "/me/plan/applications")
    assert page.url.endswith("/me/plan?done=reported#report")
    with live_server.session() as db:
        saved = db.scalars(select(JobApplication).where(JobApplication.customer_id == user_id))
        application = saved.one()
        assert (
            application.employer,
            application.job_title,
            application.applied_on,
            application.kind,
        ) == ("Kirjasto", "Kirjastovirkailija", TODAY - timedelta(days=1), "direct_contact")
