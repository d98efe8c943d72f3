"""The customer-service model pages: a jobseeker registers and reports in the browser, and a
specialist does a day's work; every form posts with the CSRF token and works without scripts."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.i18n import LANGUAGES, catalogue
from marketplace.service_model import rules
from marketplace.service_model.models import (
    Customer,
    JobApplication,
    JobOffer,
    MeetingStatus,
    Neglect,
    PlanVersion,
    SanctionRecord,
)
from marketplace.service_model.plan import plan_state
from marketplace.service_model.schemas import RegistrationIn
from marketplace.service_model.service import helsinki_today, register
from tests import factories

TODAY = helsinki_today()


def _h1s(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)


def _token(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def _customer(db: Session, days_ago: int, name: str = "Matti Virtanen") -> User:
    """A jobseeker registered `days_ago` days ago, made through the service."""
    user = factories.jobseeker(db, name=name)
    register(
        db,
        user,
        RegistrationIn(registered_on=TODAY - timedelta(days=days_ago)),
        TODAY,
        max_backdate_days=None,
    )
    db.commit()
    return user


@pytest.fixture
def specialist(db: Session) -> User:
    return factories.staff(db, Role.SPECIALIST)


def test_jobseeker_registers_in_the_browser(client: TestClient, db: Session) -> None:
    user = factories.jobseeker(db)
    factories.browser_login(client, user)

    first = client.get("/me/plan", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/me/registration"
    page = client.get("/me/registration")
    assert page.status_code == 200
    assert _h1s(page.text) == ["Ilmoittaudu työnhakijaksi"]
    assert '<label for="registered_on">' in page.text

    response = client.post(
        "/me/registration",
        data={"csrf_token": _token(page.text), "laid_off": "1", "channel_preference": "remote"},
        follow_redirects=False,
    )

    assert response.status_code == 303 and response.headers["location"].startswith("/me/plan")
    plan = client.get(response.headers["location"])
    assert plan.status_code == 200
    assert _h1s(plan.text) == ["Oma suunnitelma"]
    assert "Alkuhaastattelu" in plan.text
    assert "Etäyhteydellä (video)" in plan.text
    assert "0 / 4 hakemusta" in plan.text
    assert "työttömyysetuutesi ei pienene, vaikka et vielä löytäisi työtä" in plan.text
    assert client.get("/me/registration", follow_redirects=False).status_code == 303


def test_registration_form_errors_are_shown_and_nothing_is_saved(
    client: TestClient, db: Session
) -> None:
    user = factories.jobseeker(db)
    factories.browser_login(client, user)
    token = _token(client.get("/me/registration").text)
    future = (TODAY + timedelta(days=3)).isoformat()

    response = client.post("/me/registration", data={"csrf_token": token, "registered_on": future})

    assert response.status_code == 422
    assert "Anna ilmoittautumispäivä, joka ei ole tulevaisuudessa" in response.text
    assert 'aria-invalid="true"' in response.text
    assert db.scalar(select(func.count()).select_from(Customer)) == 0


def test_forms_without_the_csrf_token_are_refused(client: TestClient, db: Session) -> None:
    user = _customer(db, days_ago=10)
    factories.browser_login(client, user)

    response = client.post(
        "/me/plan/applications",
        data={
            "employer": "X",
            "job_title": "Y",
            "applied_on": TODAY.isoformat(),
            "kind": "application",
        },
    )

    assert response.status_code == 403
    assert db.scalar(select(func.count()).select_from(JobApplication)) == 0


def test_jobseeker_reports_an_application(client: TestClient, db: Session) -> None:
    user = _customer(db, days_ago=40)
    factories.browser_login(client, user)
    token = _token(client.get("/me/plan").text)

    response = client.post(
        "/me/plan/applications",
        data={
            "csrf_token": token,
            "employer": "Kahvila Kulma",
            "job_title": "Barista",
            "applied_on": TODAY.isoformat(),
            "kind": "direct_contact",
            "vacancy_id": "",
        },
        follow_redirects=False,
    )

    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Hakemus ilmoitettu." in page.text
    assert "1 / 4 hakemusta" in page.text
    assert "Barista, Kahvila Kulma (Suora yhteydenotto työnantajaan)" in page.text


def test_report_in_the_future_is_refused_with_a_message(client: TestClient, db: Session) -> None:
    user = _customer(db, days_ago=40)
    factories.browser_login(client, user)
    token = _token(client.get("/me/plan").text)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()

    response = client.post(
        "/me/plan/applications",
        data={
            "csrf_token": token,
            "employer": "A",
            "job_title": "B",
            "applied_on": tomorrow,
            "kind": "application",
        },
    )

    assert response.status_code == 422
    assert "se ei voi olla tulevaisuudessa eikä ennen ilmoittautumistasi" in response.text
    assert f'value="{tomorrow}"' in response.text
    assert db.scalar(select(func.count()).select_from(JobApplication)) == 0


def test_jobseeker_states_a_meeting_preference(client: TestClient, db: Session) -> None:
    user = _customer(db, days_ago=40)
    factories.browser_login(client, user)
    token = _token(client.get("/me/plan").text)

    response = client.post(
        "/me/plan/preference",
        data={"csrf_token": token, "channel": "phone"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Toiveesi on tallennettu." in page.text
    assert '<option value="phone" selected>' in page.text
    db.expire_all()
    assert db.get(Customer, user.id).channel_preference == "phone"  # type: ignore[union-attr]


def test_plan_page_in_english(client: TestClient, db: Session) -> None:
    user = _customer(db, days_ago=40)
    factories.browser_login(client, user)

    page = client.get("/me/plan?lang=en")

    assert page.status_code == 200
    assert _h1s(page.text) == ["My plan"]
    assert (
        "your unemployment benefit is not reduced, even if you have not found work yet" in page.text
    )
    assert "0 / 4 applications" in page.text
    assert "Next meetings" in page.text


def test_caseload_page_lists_customers_with_flags(
    client: TestClient, db: Session, specialist: User
) -> None:
    _customer(db, days_ago=70, name="Liisa Laine")
    factories.browser_login(client, specialist)

    page = client.get("/specialist")

    assert page.status_code == 200
    assert _h1s(page.text) == ["Asiakkaat"]
    assert "Liisa Laine" in page.text
    assert "Edellisen jakson velvollisuus täyttämättä" in page.text
    assert "Kirjaamattomia tapaamisia" in page.text


def test_specialist_does_a_days_work_in_the_browser(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer = _customer(db, days_ago=220, name="Pekka Puro")
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    page = client.get(url)
    assert page.status_code == 200
    assert _h1s(page.text) == ["Pekka Puro"]
    token = _token(page.text)

    missed = client.post(
        f"{url}/meetings",
        data={
            "csrf_token": token,
            "meeting": "initial-1",
            "status": "missed",
            "outcome_notes": "Ei tullut",
        },
        follow_redirects=False,
    )
    assert missed.status_code == 303
    assert missed.headers["location"] == f"{url}/meetings?done=meetings"
    page = client.get(missed.headers["location"])
    assert "Tapaamisen tulos kirjattu." in page.text
    assert 'value="meeting:initial-1"' in client.get(f"{url}/sanctions").text

    neglect = client.post(
        f"{url}/neglects",
        data={"csrf_token": token, "neglect": "meeting:initial-1", "neglect_notes": ""},
        follow_redirects=False,
    )
    assert neglect.status_code == 303
    assert neglect.headers["location"] == f"{url}/sanctions?done=neglects"
    page = client.get(neglect.headers["location"])
    assert "Muistutus: et osallistunut sovittuun tapaamiseen" in page.text

    plan = client.post(
        f"{url}/plan",
        data={"csrf_token": token, "required": "3", "reason": "Alueella vähän paikkoja"},
        follow_redirects=False,
    )
    assert plan.status_code == 303
    assert plan.headers["location"] == f"{url}/plan?done=plan"

    offer = client.post(
        f"{url}/offers",
        data={
            "csrf_token": token,
            "description": "Kokki, Ravintola Oy",
            "offer_made_on": TODAY.isoformat(),
        },
        follow_redirects=False,
    )
    assert offer.status_code == 303
    assert offer.headers["location"] == f"{url}/offers?done=offers"
    page = client.get(offer.headers["location"])
    assert "Velvoittava: työnhaku on kestänyt kuusi kuukautta" in page.text
    assert "0 / 3 hakemusta" in client.get(url).text

    loss = client.post(
        f"{url}/job-losses",
        data={"csrf_token": token, "event_on": TODAY.isoformat(), "loss_reason": "own_conduct"},
        follow_redirects=False,
    )
    assert loss.status_code == 303
    assert loss.headers["location"] == f"{url}/situation?done=sanctions"
    page = client.get(loss.headers["location"])
    assert "45 päivän karenssi" in page.text
    assert "Laiminlyönti kirjattiin" in client.get(f"{url}/history").text

    situation = client.post(
        f"{url}/situation",
        data={"csrf_token": token, "part_time_work": "1"},
        follow_redirects=False,
    )
    assert situation.status_code == 303
    assert situation.headers["location"] == f"{url}/situation?done=situation"
    db.expire_all()
    assert db.get(Customer, customer.id).part_time_work is True  # type: ignore[union-attr]


def test_negative_obligation_is_refused_on_the_page(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer = _customer(db, days_ago=40)
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)

    response = client.post(
        f"{url}/plan", data={"csrf_token": token, "required": "-2", "reason": "x"}
    )

    assert response.status_code == 422
    assert "Anna hakemusten määrä kuukaudessa (0–50)." in response.text
    assert len(_h1s(response.text)) == 1
    assert db.scalar(select(func.count()).select_from(PlanVersion)) == 1


def test_neglect_without_a_missed_meeting_is_refused_on_the_page(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer = _customer(db, days_ago=40)
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)

    response = client.post(
        f"{url}/neglects", data={"csrf_token": token, "neglect": "meeting:initial-1"}
    )

    assert response.status_code == 422
    assert "Valitse väliin jäänyt tapaaminen" in response.text
    assert db.scalar(select(func.count()).select_from(Neglect)) == 0


def test_customer_page_of_another_caseload_is_forbidden(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer = _customer(db, days_ago=40)
    other = factories.staff(db)
    factories.browser_login(client, other)

    page = client.get(f"/specialist/customers/{customer.id}")
    token = _token(client.get("/specialist").text)
    post = client.post(
        f"/specialist/customers/{customer.id}/plan", data={"csrf_token": token, "required": "4"}
    )

    assert page.status_code == 403
    assert post.status_code == 403
    assert db.scalar(select(func.count()).select_from(PlanVersion)) == 1


def test_pages_need_the_right_role(client: TestClient, db: Session) -> None:
    jobseeker = factories.jobseeker(db)
    factories.browser_login(client, jobseeker)
    assert client.get("/specialist").status_code == 403

    anonymous = TestClient(client.app).get("/me/plan", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")


def test_specialist_pages_in_english(client: TestClient, db: Session, specialist: User) -> None:
    customer = _customer(db, days_ago=100, name="Anna Aalto")
    factories.browser_login(client, specialist)

    caseload = client.get("/specialist?lang=en")
    detail = client.get(f"/specialist/customers/{customer.id}?lang=en")
    meetings = client.get(f"/specialist/customers/{customer.id}/meetings?lang=en")
    offers = client.get(f"/specialist/customers/{customer.id}/offers?lang=en")

    assert _h1s(caseload.text) == ["Customers"]
    assert "Plan update due" in caseload.text
    assert detail.status_code == 200
    assert "Job-search obligation this month" in detail.text
    assert "Record a meeting outcome" in meetings.text
    assert "Make a job offer" in offers.text


def test_every_code_and_template_key_has_all_three_languages() -> None:
    groups = {
        "channel": rules.Channel,
        "meeting_kind": rules.MeetingKind,
        "meeting_status": MeetingStatus,
        "application_kind": rules.ApplicationKind,
        "weighty_reason": rules.WeightyReason,
        "organizer": rules.Organizer,
        "job_loss_reason": rules.JobLossReason,
        "offer_reason": rules.BindingReason,
        "benefit": rules.BenefitReason,
    }
    keys = {f"service_model.{group}.{value}" for group, enum in groups.items() for value in enum}
    templates = Path(__file__).resolve().parents[2] / "templates" / "service_model"
    for template in templates.glob("*.html"):
        keys |= set(
            re.findall(r"""_\(["'](service_model\.[a-z_.]+[a-z_])["']""", template.read_text())
        )

    messages = catalogue()
    missing = sorted(k for k in keys if set(messages.get(k, {})) != set(LANGUAGES))
    assert missing == []
    assert len(keys) > 100


def test_rule_8_specialist_records_a_refusal_on_the_page(
    client: TestClient, db: Session, specialist: User
) -> None:
    """rule 8: the customer page offers the refusal form for a binding offer only."""
    customer = _customer(db, days_ago=250, name="Kalle Koski")
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)
    made = client.post(
        f"{url}/offers",
        data={"csrf_token": token, "description": "Siivooja, Puhdas Oy"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get(f"{url}/offers")
    assert '<label for="refusal_offer">' in page.text
    offer_id = db.scalars(select(JobOffer.id)).one()

    bad = client.post(
        f"{url}/refusals",
        data={"csrf_token": token, "refusal_offer": str(offer_id), "refused_on": "1900-01-01"},
    )
    assert bad.status_code == 422
    assert "Anna kieltäytymispäivä" in bad.text
    unknown = client.post(
        f"{url}/refusals",
        data={"csrf_token": token, "refusal_offer": "x", "refused_on": TODAY.isoformat()},
    )
    assert unknown.status_code == 422
    assert "Vain velvoittavasta työtarjouksesta" in unknown.text
    assert db.scalar(select(func.count()).select_from(SanctionRecord)) == 0

    done = client.post(
        f"{url}/refusals",
        data={
            "csrf_token": token,
            "refusal_offer": str(offer_id),
            "refused_on": TODAY.isoformat(),
            "refusal_job_max_days": "3",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"{url}/offers?done=refusal"
    page = client.get(done.headers["location"])
    assert "Kieltäytyminen ja sen seuraamus kirjattu." in page.text
    assert "30 päivän korvaukseton määräaika" in client.get(f"{url}/sanctions").text
    assert "Asiakas kieltäytyi" in page.text
    assert '<label for="refusal_offer">' not in page.text


def test_rule_7_earlier_neglect_is_recorded_on_the_page_after_a_later_one(
    client: TestClient, db: Session, specialist: User
) -> None:
    """rule 7: the page accepts the missed meeting after the period's neglect is recorded."""
    customer = _customer(db, days_ago=70, name="Olli Oja")
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)
    state = plan_state(db, db.get(Customer, customer.id), TODAY)  # type: ignore[arg-type]
    first = state.periods[0]
    period = client.post(
        f"{url}/neglects",
        data={"csrf_token": token, "neglect": f"period:{first.start.isoformat()}"},
        follow_redirects=False,
    )
    assert period.status_code == 303
    client.post(
        f"{url}/meetings",
        data={"csrf_token": token, "meeting": "2w-3m-1", "status": "missed"},
        follow_redirects=False,
    )
    late = client.post(
        f"{url}/neglects",
        data={"csrf_token": token, "neglect": "meeting:2w-3m-1"},
        follow_redirects=False,
    )
    assert late.status_code == 303
    page = client.get(late.headers["location"])
    assert "5 päivän karenssi" in page.text
    history = client.get(f"{url}/history").text
    assert "Myöhemmät seuraamukset laskettiin uudelleen" in history


def test_rule_11_back_dated_registration_is_refused_on_the_page(
    client: TestClient, db: Session
) -> None:
    """rule 11: a jobseeker cannot date their registration more than 14 days back."""
    user = factories.jobseeker(db)
    factories.browser_login(client, user)
    token = _token(client.get("/me/registration").text)
    old = (TODAY - timedelta(days=15)).isoformat()
    response = client.post("/me/registration", data={"csrf_token": token, "registered_on": old})
    assert response.status_code == 422
    assert "eikä yli 14 päivää sitten" in response.text
    assert db.scalar(select(func.count()).select_from(Customer)) == 0


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


def _h2s(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]


def _current(html: str) -> list[str]:
    """Addresses the section navigation marks as the current page."""
    nav = html.split('<nav class="customer-sections"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def test_customer_record_has_a_page_per_section(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer = _customer(db, days_ago=100, name="Anni Aho")
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"

    for path, heading in SECTIONS.items():
        page = client.get(url + path)
        assert page.status_code == 200, path
        assert _h1s(page.text) == ["Anni Aho"]
        assert _h2s(page.text)[0] == heading
        assert f"<title>Anni Aho: {heading}" in page.text
        assert '<nav class="customer-sections" aria-label="Asiakkaan tiedot">' in page.text
        assert _current(page.text) == [url + path]
        # Every section is one link away.
        for other in SECTIONS:
            assert f'<a href="{url}{other}"' in page.text
    assert client.get(f"{url}/nothing").status_code == 404


def test_overview_shows_each_sections_key_facts(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer = _customer(db, days_ago=250, name="Kalle Koski")
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)
    client.post(f"{url}/offers", data={"csrf_token": token, "description": "Siivooja, Puhdas Oy"})
    client.post(
        f"{url}/job-losses",
        data={"csrf_token": token, "event_on": TODAY.isoformat(), "loss_reason": "own_conduct"},
    )
    state = plan_state(db, db.get(Customer, customer.id), TODAY)  # type: ignore[arg-type]
    upcoming = state.upcoming_meetings[0]

    page = client.get(url).text

    facts = page.split('<div class="key-facts">', 1)[1].split("Perustiedot", 1)[0]
    assert f"{upcoming.date.day}.{upcoming.date.month}.{upcoming.date.year}" in facts
    assert "0 / 4 hakemusta" in facts
    offers = facts.split("Avoimet työtarjoukset", 1)[1].split("Seuraamukset", 1)[0]
    assert '<p class="fact">1</p>' in offers
    assert "Siivooja, Puhdas Oy" in offers
    sanctions = facts.split("Seuraamukset", 1)[1]
    assert '<p class="fact">1</p>' in sanctions
    assert "Valitusaika on vielä kulumassa: 1." in sanctions
    assert "Viimeisin: 45 päivän karenssi" in sanctions
    for path in ("/meetings", "/plan", "/offers", "/sanctions"):
        assert f'<a href="{url}{path}">' in facts


@pytest.mark.parametrize(
    ("action", "data", "heading", "field"),
    [
        ("plan", {"required": "-2", "reason": "x"}, "Suunnitelma ja", "required"),
        ("meetings", {"meeting": "nope", "status": "held"}, "Tapaamiset", "meeting"),
        ("offers", {"offer_made_on": "2026-02-30"}, "Työtarjoukset", "offer_made_on"),
        ("refusals", {"refusal_offer": "x", "refused_on": "x"}, "Työtarjoukset", "refusal_offer"),
        ("neglects", {"neglect": "meeting:initial-1"}, "Laiminlyönnit", "neglect"),
        ("job-losses", {"event_on": "", "loss_reason": "own_conduct"}, "Tilanne", "event_on"),
    ],
)
def test_invalid_input_shows_the_forms_own_section_again(
    client: TestClient,
    db: Session,
    specialist: User,
    action: str,
    data: dict[str, str],
    heading: str,
    field: str,
) -> None:
    customer = _customer(db, days_ago=40)
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)
    before = client.get(f"{url}/history").text.count("<tr>")

    response = client.post(f"{url}/{action}", data={"csrf_token": token, **data})

    assert response.status_code in (404, 409, 422)
    assert _h2s(response.text)[0] == "Korjaa seuraavat kohdat"
    assert _h2s(response.text)[1].startswith(heading)
    assert f'id="{field}"' in response.text and f'<a href="#{field}">' in response.text
    assert f'<p class="field-error" id="{field}-error">' in response.text
    assert client.get(f"{url}/history").text.count("<tr>") == before


def test_judging_an_unknown_application_is_refused_in_finnish(
    client: TestClient, db: Session, specialist: User
) -> None:
    customer = _customer(db, days_ago=40)
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)

    response = client.post(f"{url}/applications/999999", data={"csrf_token": token})

    assert response.status_code == 404
    assert "Hakemusta ei löydy tämän asiakkaan ilmoittamista hakemuksista." in response.text
    assert _h2s(response.text)[1] == "Ilmoitetut hakemukset"


def test_forms_name_every_error_at_once(client: TestClient, db: Session, specialist: User) -> None:
    """A malformed date and an empty required text are both named, not one after the other."""
    customer = _customer(db, days_ago=250)
    factories.browser_login(client, specialist)
    url = f"/specialist/customers/{customer.id}"
    token = _token(client.get(url).text)

    offer = client.post(f"{url}/offers", data={"csrf_token": token, "offer_made_on": "x"})

    assert offer.status_code == 422
    assert '<a href="#description">Kuvaa tarjottu työ' in offer.text
    assert '<a href="#offer_made_on">Tarjouspäivä ei voi olla' in offer.text
    assert db.scalar(select(func.count()).select_from(JobOffer)) == 0

    factories.browser_login(client, customer)
    token = _token(client.get("/me/plan").text)
    report = client.post("/me/plan/applications", data={"csrf_token": token, "kind": "application"})

    assert report.status_code == 422
    for field in ("employer", "job_title", "applied_on"):
        assert f'<p class="field-error" id="{field}-error">' in report.text
    assert db.scalar(select(func.count()).select_from(JobApplication)) == 0
