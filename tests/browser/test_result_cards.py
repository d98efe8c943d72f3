"""Result cards in the browser: a recruiter shortlists a candidate straight from a search
result card (a plain form, no script needed), comes back to that card, and it is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from marketplace.shortlists.models import ShortlistEntry
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import audit, sign_in

pytestmark = pytest.mark.browser


def test_a_recruiter_shortlists_from_a_search_card(page: Page, live_server: LiveServer) -> None:
    with live_server.session() as db:
        seeker = factories.jobseeker(db, name="Kaisa Korttinen", email="kaisa@cards.example.fi")
        profile = factories.profile(
            db,
            seeker,
            visibility="anonymous",
            summary="Vapaa-ajalla lumilautailu ja sienestys. Teen haavanhoitoa päivystyksessä.",
            skills=["S0045"],
        )
        employer = factories.employer(db, org="Korttipaja Oy", email="eila@cards.example.fi")
        factories.vacancy(db, employer, title="Sairaanhoitaja yöhön")
        wanted = factories.vacancy(db, employer, title="Sairaanhoitaja päivystykseen")
        profile_id, vacancy_id = profile.id, wanted.id
    live_server.index_now()
    base = live_server.url

    sign_in(page, base, "eila@cards.example.fi")
    page.goto(f"{base}/candidates?q=lumilautailu&sort=soonest")
    card = page.locator("li.card", has=page.locator(f"#candidate-{profile_id}"))
    # The best sentence, marked; no name of an anonymous profile.
    expect(card.locator(".snippet")).to_have_text("Vapaa-ajalla lumilautailu ja sienestys.")
    expect(card.locator(".snippet mark")).to_have_text("lumilautailu")
    expect(card).not_to_contain_text("Kaisa")
    assert audit(page) == []

    card.get_by_label("Ilmoitus").select_option(label="Sairaanhoitaja päivystykseen")
    card.get_by_role("button", name="Lisää lyhytlistalle").click()
    page.wait_for_load_state()

    # Back on the same search, order and card, which now says where it is shortlisted.
    assert page.url.endswith(f"/candidates?q=lumilautailu&sort=soonest#candidate-{profile_id}")
    expect(page.locator("#sort")).to_have_value("soonest")
    card = page.locator("li.card", has=page.locator(f"#candidate-{profile_id}"))
    expect(card.locator(".shortlisted")).to_contain_text("Sairaanhoitaja päivystykseen")
    expect(card.get_by_label("Ilmoitus").locator("option")).to_have_text(["Sairaanhoitaja yöhön"])
    with live_server.session() as db:
        saved = db.scalars(
            select(ShortlistEntry).where(ShortlistEntry.profile_id == profile_id)
        ).all()
        assert [entry.vacancy_id for entry in saved] == [vacancy_id]
