"""Account forms in a real Chromium: registration, sign-in, forgotten password and reset, the
account page (password change, sign out everywhere) and the logout button. Each form is sent
with invalid input (nothing written; the error next to the field and in the error summary,
in Finnish, and for some in Swedish or English) and with valid input (what was saved)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from marketplace.accounts.models import SignIn, User
from marketplace.accounts.security import verify_password
from marketplace.i18n import Translator
from marketplace.i18n.validation import labelled
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import audit
from tests.smtp_inbox import Inbox, receiving

pytestmark = pytest.mark.browser

fi, sv, en = Translator("fi"), Translator("sv"), Translator("en")
NEW_PASSWORD = "Uusi-salasana-2027"


# --- shared by the form tests ------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    """One browser profile for the module; each test starts it signed out and in Finnish."""
    context = browser.new_context(locale="fi-FI")
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _fresh(page: Page) -> None:
    page.context.clear_cookies()


def submit(page: Page, action: str) -> int:
    """Send the form posting to `action` as a person does; the status of the page shown."""
    with page.expect_navigation() as navigation:
        page.click(f"form[action='{action}'] button[type=submit]")
    response = navigation.value
    return response.status if response else 0


def expect_field_error(page: Page, field: str, message: str) -> None:
    """The message under the field (which points to it) and as a link to it in the summary."""
    expect(page.locator(f"#{field}-error")).to_have_text(message)
    expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#error-summary a[href='#{field}']")).to_have_text(message)


def missing(t: Translator, label_key: str) -> str:
    """ "Label: fill in this field." in the translator's language."""
    return labelled(t(label_key), t("validation.missing"))


def sign_in(page: Page, base: str, email: str, password: str = factories.PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    assert submit(page, "/login") == 200


def users_named(live_server: LiveServer, email: str) -> int:
    with live_server.session() as db:
        return db.scalar(select(func.count()).select_from(User).where(User.email == email)) or 0


def signed_out(page: Page, base: str) -> bool:
    """Whether the account page sends this browser to sign in."""
    page.goto(f"{base}/account")
    return "/login" in page.url


# --- registration ------------------------------------------------------------------------------


def test_registration_refuses_missing_and_invalid_fields_then_creates_the_account(
    page: Page, live_server: LiveServer
) -> None:
    base, email = live_server.url, "rekisteroityja@forms.example.fi"
    page.goto(f"{base}/register")
    assert submit(page, "/register") == 422
    expect_field_error(page, "full_name", missing(fi, "accounts.full_name"))
    expect_field_error(page, "email", labelled(fi("accounts.email"), fi("validation.email")))
    expect_field_error(page, "password", missing(fi, "accounts.password"))
    # The summary lists the problems in the order of the form.
    links = page.locator("#error-summary a").evaluate_all("(as) => as.map(a => a.hash)")
    assert links == ["#full_name", "#email", "#password"]
    assert audit(page) == []

    # A bad email and a too short password are both told at once; the name is kept.
    page.fill("#full_name", "Reija Rekisteröityjä")
    page.fill("#email", "reija@")
    page.fill("#password", "lyhyt-1")
    page.fill("#password_confirm", "lyhyt-1")
    assert submit(page, "/register") == 422
    expect_field_error(page, "email", labelled(fi("accounts.email"), fi("validation.email")))
    expect_field_error(page, "password", fi("accounts.password_too_short"))
    expect(page.locator("#full_name")).to_have_value("Reija Rekisteröityjä")
    expect(page.locator("#password")).to_have_value("")

    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.fill("#password_confirm", factories.PASSWORD + "x")
    assert submit(page, "/register") == 422
    expect_field_error(page, "password_confirm", fi("accounts.password_mismatch"))
    assert users_named(live_server, email) == 0

    page.fill("#password", factories.PASSWORD)
    page.fill("#password_confirm", factories.PASSWORD)
    assert submit(page, "/register") == 200
    expect(page).to_have_url(re.compile(r"/me\?welcome=1$"))
    with live_server.session() as db:
        user = db.scalars(select(User).where(User.email == email)).one()
        assert (user.role, user.full_name, user.locale) == (
            "jobseeker",
            "Reija Rekisteröityjä",
            "fi",
        )
        assert verify_password(user.password_hash, factories.PASSWORD)

    # An employer names the organisation and gives a valid business ID.
    page.context.clear_cookies()
    page.goto(f"{base}/register?role=employer")
    page.fill("#full_name", "Erkki Työnantaja")
    page.fill("#email", "erkki@forms.example.fi")
    page.fill("#password", factories.PASSWORD)
    page.fill("#password_confirm", factories.PASSWORD)
    page.fill("#business_id", "1234567-8")
    assert submit(page, "/register") == 422
    expect_field_error(page, "organization_name", missing(fi, "accounts.organization_name"))
    expect_field_error(page, "business_id", fi("accounts.business_id_invalid"))
    expect(page.locator("#role-employer")).to_be_checked()
    assert users_named(live_server, "erkki@forms.example.fi") == 0
    business_id = factories.business_id()
    page.fill("#organization_name", "Erkin Kirjapaino Oy")
    page.fill("#business_id", business_id)
    page.fill("#password", factories.PASSWORD)
    page.fill("#password_confirm", factories.PASSWORD)
    assert submit(page, "/register") == 200
    expect(page).to_have_url(re.compile(r"/employer\?welcome=1$"))
    with live_server.session() as db:
        user = db.scalars(select(User).where(User.email == "erkki@forms.example.fi")).one()
        assert user.role == "employer" and user.organization is not None
        assert (user.organization.name, user.organization.business_id) == (
            "Erkin Kirjapaino Oy",
            business_id,
        )

    # The same email again is refused under the email field.
    page.context.clear_cookies()
    page.goto(f"{base}/register")
    page.fill("#full_name", "Toinen Reija")
    page.fill("#email", email.upper())
    page.fill("#password", factories.PASSWORD)
    page.fill("#password_confirm", factories.PASSWORD)
    assert submit(page, "/register") == 409
    expect_field_error(page, "email", fi("accounts.email_taken"))
    assert users_named(live_server, email) == 1


@pytest.mark.parametrize("t", [sv, en], ids=["sv", "en"])
def test_registration_errors_speak_the_chosen_language(
    page: Page, live_server: LiveServer, t: Translator
) -> None:
    page.goto(f"{live_server.url}/register?lang={t.lang}")
    page.fill("#full_name", "Sven Svensson")
    page.fill("#email", "sven@forms.example.fi")
    page.fill("#password", "kort-1")
    page.fill("#password_confirm", "kort-1")
    assert submit(page, "/register") == 422
    expect(page.locator("html")).to_have_attribute("lang", t.lang)
    expect_field_error(page, "password", t("accounts.password_too_short"))
    expect(page.locator("#error-summary h2")).to_have_text(t("form.errors_title"))
    assert users_named(live_server, "sven@forms.example.fi") == 0


# --- sign-in -----------------------------------------------------------------------------------


def test_sign_in_refuses_a_wrong_password_and_accepts_the_right_one(
    page: Page, live_server: LiveServer
) -> None:
    base, email = live_server.url, "kirjautuja@forms.example.fi"
    with live_server.session() as db:
        factories.jobseeker(db, name="Kille Kirjautuja", email=email)

    page.goto(f"{base}/login")
    assert submit(page, "/login") == 422
    expect_field_error(page, "email", missing(fi, "accounts.email"))
    expect_field_error(page, "password", missing(fi, "accounts.password"))

    page.fill("#email", email)
    page.fill("#password", "väärä-salasana-1")
    assert submit(page, "/login") == 401
    expect_field_error(page, "email", fi("accounts.login_failed"))
    expect(page.locator("#email")).to_have_value(email)

    page.goto(f"{base}/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", "wrong-password-1")
    assert submit(page, "/login") == 401
    expect_field_error(page, "email", en("accounts.login_failed"))

    page.goto(f"{base}/login?lang=fi")
    page.fill("#email", email.upper())
    page.fill("#password", factories.PASSWORD)
    assert submit(page, "/login") == 200
    expect(page).to_have_url(f"{base}/me")
    expect(page.locator("a.user-name")).to_have_text("Kille Kirjautuja")
    with live_server.session() as db:
        user = db.scalars(select(User).where(User.email == email)).one()
        assert db.scalar(select(func.count()).where(SignIn.user_id == user.id)) == 1


# --- forgotten password and reset ---------------------------------------------------------------


@pytest.fixture(scope="module")
def inbox(live_server: LiveServer) -> Iterator[Inbox]:
    """The server's reset mail goes to a real SMTP server for this module."""
    with receiving(live_server.app.state.password_resets) as inbox:
        yield inbox


def test_forgotten_password_is_reset_through_the_mailed_link(
    page: Page, live_server: LiveServer, inbox: Inbox
) -> None:
    base, email = live_server.url, "unohtaja@forms.example.fi"
    with live_server.session() as db:
        factories.jobseeker(db, name="Uuno Unohtaja", email=email)

    page.goto(f"{base}/password/forgot")
    page.fill("#email", "ei-osoite")
    assert submit(page, "/password/forgot") == 422
    expect_field_error(page, "email", fi("accounts.email_invalid"))
    assert inbox.messages == []

    page.fill("#email", email)
    assert submit(page, "/password/forgot") == 200
    expect(page.locator("main [role=status]")).to_have_text(fi("accounts.forgot_sent", email=email))
    inbox.wait_for(1)
    link = inbox.link()

    # A forged token opens nothing, on the page or when sent with the form.
    page.goto(f"{base}/password/reset?token=forged.token")
    expect(page.locator("main [role=alert]")).to_have_text(fi("accounts.reset_link_invalid"))
    expect(page.locator("#new_password")).to_have_count(0)
    page.goto(link)
    page.locator("input[name=token]").evaluate("(input) => { input.value = 'forged.token'; }")
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#password_confirm", NEW_PASSWORD)
    assert submit(page, "/password/reset") == 422
    expect(page.locator("main [role=alert]")).to_have_text(fi("accounts.reset_link_invalid"))

    page.goto(link)
    page.fill("#new_password", "lyhyt-1")
    page.fill("#password_confirm", "lyhyt-1")
    assert submit(page, "/password/reset") == 422
    expect_field_error(page, "new_password", fi("accounts.password_too_short"))
    page.goto(f"{link}&lang=sv")
    page.fill("#new_password", "kort-1")
    page.fill("#password_confirm", "kort-1")
    assert submit(page, "/password/reset") == 422
    expect_field_error(page, "new_password", sv("accounts.password_too_short"))
    with live_server.session() as db:
        user = db.scalars(select(User).where(User.email == email)).one()
        assert verify_password(user.password_hash, factories.PASSWORD)

    page.goto(f"{link}&lang=fi")
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#password_confirm", NEW_PASSWORD)
    assert submit(page, "/password/reset") == 200
    expect(page).to_have_url(re.compile(r"/login\?done=password_reset$"))
    expect(page.locator("main [role=status]")).to_have_text(fi("accounts.done.password_reset"))
    with live_server.session() as db:
        user = db.scalars(select(User).where(User.email == email)).one()
        assert verify_password(user.password_hash, NEW_PASSWORD)
    # The link worked once.
    page.goto(link)
    expect(page.locator("main [role=alert]")).to_have_text(fi("accounts.reset_link_invalid"))
    sign_in(page, base, email, NEW_PASSWORD)
    expect(page).to_have_url(f"{base}/me")


# --- the account page -------------------------------------------------------------------------


def test_password_change_keeps_this_browser_and_signs_out_the_other(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    base, email = live_server.url, "vaihtaja@forms.example.fi"
    with live_server.session() as db:
        factories.jobseeker(db, name="Veera Vaihtaja", email=email)
    other_context = browser.new_context(locale="fi-FI")
    other = other_context.new_page()
    try:
        sign_in(page, base, email)
        sign_in(other, base, email)
        page.goto(f"{base}/account")

        assert submit(page, "/account/password") == 422
        expect_field_error(page, "current_password", missing(fi, "accounts.current_password"))
        expect_field_error(page, "new_password", fi("accounts.password_too_short"))

        page.fill("#current_password", "väärä-salasana-1")
        page.fill("#new_password", NEW_PASSWORD)
        page.fill("#password_confirm", NEW_PASSWORD)
        assert submit(page, "/account/password") == 422
        expect_field_error(page, "current_password", fi("accounts.current_password_wrong"))

        page.fill("#current_password", factories.PASSWORD)
        page.fill("#new_password", "lyhyt-1")
        page.fill("#password_confirm", "lyhyt-1")
        assert submit(page, "/account/password") == 422
        expect_field_error(page, "new_password", fi("accounts.password_too_short"))
        with live_server.session() as db:
            user = db.scalars(select(User).where(User.email == email)).one()
            assert verify_password(user.password_hash, factories.PASSWORD)
        assert not signed_out(other, base)

        page.goto(f"{base}/account")
        page.fill("#current_password", factories.PASSWORD)
        page.fill("#new_password", NEW_PASSWORD)
        page.fill("#password_confirm", NEW_PASSWORD)
        assert submit(page, "/account/password") == 200
        expect(page).to_have_url(re.compile(r"/account\?done=password_changed$"))
        expect(page.locator("main [role=status]")).to_have_text(
            fi("accounts.done.password_changed")
        )
        with live_server.session() as db:
            user = db.scalars(select(User).where(User.email == email)).one()
            assert verify_password(user.password_hash, NEW_PASSWORD)
        assert not signed_out(page, base)
        assert signed_out(other, base)
    finally:
        other_context.close()


def test_password_change_errors_speak_swedish(page: Page, live_server: LiveServer) -> None:
    base, email = live_server.url, "svensk@forms.example.fi"
    with live_server.session() as db:
        factories.jobseeker(db, name="Stina Svensk", email=email)
    sign_in(page, base, email)
    page.goto(f"{base}/account?lang=sv")
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#password_confirm", NEW_PASSWORD + "x")
    assert submit(page, "/account/password") == 422
    expect_field_error(page, "password_confirm", sv("accounts.password_mismatch"))
    expect_field_error(page, "current_password", missing(sv, "accounts.current_password"))


def test_sign_out_everywhere_and_the_logout_button(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    base, email = live_server.url, "lahtija@forms.example.fi"
    with live_server.session() as db:
        user = factories.jobseeker(db, name="Lauri Lähtijä", email=email)
        version = user.token_version
    other_context = browser.new_context(locale="fi-FI")
    other = other_context.new_page()
    try:
        sign_in(page, base, email)
        sign_in(other, base, email)
        page.goto(f"{base}/account")
        assert submit(page, "/account/sign-out-everywhere") == 200
        expect(page).to_have_url(re.compile(r"/login\?done=signed_out_everywhere$"))
        expect(page.locator("main [role=status]")).to_have_text(
            fi("accounts.done.signed_out_everywhere")
        )
        assert signed_out(page, base) and signed_out(other, base)
        with live_server.session() as db:
            user = db.scalars(select(User).where(User.email == email)).one()
            assert user.token_version == version + 1
            assert db.scalar(select(func.count()).where(SignIn.user_id == user.id)) == 0

        # The logout button in the header ends this browser's session only.
        sign_in(page, base, email)
        sign_in(other, base, email)
        assert submit(page, "/logout") == 200
        expect(page).to_have_url(f"{base}/")
        expect(page.locator("header a[href='/login']")).to_be_visible()
        assert signed_out(page, base)
        assert not signed_out(other, base)
        with live_server.session() as db:
            assert db.scalar(select(func.count()).where(SignIn.user_id == user.id)) == 1
    finally:
        other_context.close()
