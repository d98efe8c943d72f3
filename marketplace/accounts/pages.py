"""Sign-in, registration and sign-out pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts import repository, reset, service
from marketplace.accounts.models import User
from marketplace.accounts.schemas import PasswordChangeIn, RegisterIn
from marketplace.accounts.security import password_problem
from marketplace.deps import CurrentUser, OptionalUser, SessionDep, verify_csrf
from marketplace.errors import DomainError
from marketplace.i18n import Translator
from marketplace.i18n.validation import field_messages, labelled, missing_fields
from marketplace.web import client_address, redirect, render, safe_next, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

# Registration fields as the form labels them.
FIELD_LABELS = {
    "full_name": "accounts.full_name",
    "email": "accounts.email",
    "password": "accounts.password",
    "organization_name": "accounts.organization_name",
    "business_id": "accounts.business_id",
    "role": "accounts.role_question",
}
# The registration form's fields in page order: its error summary lists them so.
REGISTER_FIELDS = (
    "role",
    "full_name",
    "email",
    "password",
    "password_confirm",
    "organization_name",
    "business_id",
)
# (field, status) of a refused registration -> what the page says.
REGISTRATION_PROBLEMS = {
    ("password", 422): "accounts.password_rules",
    ("email", 409): "accounts.email_taken",
    ("organization_name", 422): "validation.missing",
    ("business_id", 422): "accounts.business_id_invalid",
    ("business_id", 409): "accounts.organization_taken",
}


def _registration_problem(t: Translator, field: str, status: int) -> str:
    """What the registration page says about a field the service refused; a general sentence
    is told after the field's label, as the form's other errors are."""
    key = REGISTRATION_PROBLEMS.get((field, status), "validation.invalid")
    label = FIELD_LABELS.get(field) if key.startswith("validation.") else None
    return labelled(t(label) if label else None, t(key))


def _home_for(user: User) -> str:
    return {"jobseeker": "/me", "employer": "/employer", "specialist": "/specialist"}.get(
        user.role, "/"
    )


def _sign_in(request: Request, session: Session, user: User) -> None:
    request.session.clear()
    sign_in = repository.start_sign_in(session, user)
    request.session.update(
        {"uid": user.id, "tv": user.token_version, "sk": user.session_key, "sid": sign_in.id}
    )


def _password_errors(request: Request, exc: DomainError, field: str) -> dict[str, str]:
    """A refused new password or credential, as the form shows it in the page's language."""
    t = translator(request)
    if exc.status_code == 429:
        return {"current_password": t("accounts.too_many_attempts")}
    if exc.status_code == 401:
        return {"current_password": t("accounts.current_password_wrong")}
    if "token" in (exc.fields or {}):
        return {"token": t("accounts.reset_link_invalid")}
    return {field: t("accounts.password_rules")}


def _new_password_errors(
    t: Translator, password: str, confirm: str, email: str, field: str
) -> dict[str, str]:
    """The rule a new password breaks, or a confirmation that differs, under the field at
    fault; checked before any other work so that every problem shows at once."""
    problem = password_problem(password, email)
    if problem:
        return {field: t(problem)}
    if password != confirm:
        return {"password_confirm": t("accounts.password_mismatch")}
    return {}


def _done(t: Translator, done: str | None) -> str | None:
    """The notice for a finished step named in the URL (`?done=…`), when it is a known one."""
    key = f"accounts.done.{done}"
    return t(key) if done and t.has(key) else None


@router.get("/login")
def login_page(
    request: Request, user: OptionalUser, next: str | None = None, done: str | None = None
) -> Response:
    t = translator(request)
    flash = _done(t, done)
    return render(request, "accounts/login.html", next=safe_next(next, ""), errors={}, flash=flash)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    t = translator(request)
    labels = {"email": t("accounts.email"), "password": t("accounts.password")}
    # An empty field is a slip, not a failed attempt: said as such and not counted.
    missing = missing_fields({"email": email, "password": password}, labels, t.lang)
    if missing:
        return render(
            request,
            "accounts/login.html",
            status_code=422,
            next=safe_next(next, ""),
            email=email,
            errors=missing,
        )
    try:
        user = service.authenticate(
            session, request.app.state.login_limiter, email, password, client_address(request)
        )
    except DomainError as exc:
        key = "accounts.too_many_attempts" if exc.status_code == 429 else "accounts.login_failed"
        return render(
            request,
            "accounts/login.html",
            status_code=exc.status_code,
            next=safe_next(next, ""),
            email=email,
            errors={"email": t(key)},
        )
    _sign_in(request, session, user)
    return redirect(safe_next(next, _home_for(user)))


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    """Sign out: the browser session ends on the server too, so a copy of the cookie is void."""
    uid, sid = request.session.get("uid"), request.session.get("sid")
    if isinstance(uid, int) and isinstance(sid, str):
        repository.end_sign_ins(session, uid, sid)
    request.session.clear()
    return redirect("/")


@router.get("/register")
def register_page(request: Request, user: OptionalUser, role: str = "jobseeker") -> Response:
    return render(request, "accounts/register.html", form={"role": role}, errors={})


@router.post("/register")
def register(
    request: Request,
    session: SessionDep,
    role: Annotated[str, Form(max_length=20)] = "jobseeker",
    full_name: Annotated[str, Form(max_length=300)] = "",
    email: Annotated[str, Form(max_length=300)] = "",
    password: Annotated[str, Form(max_length=300)] = "",
    password_confirm: Annotated[str, Form(max_length=300)] = "",
    organization_name: Annotated[str, Form(max_length=300)] = "",
    business_id: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    t = translator(request)
    form = {
        "role": role,
        "full_name": full_name,
        "email": email,
        "organization_name": organization_name,
        "business_id": business_id,
    }
    data: dict[str, str] = {**form, "password": password, "locale": request.state.lang}
    if role != "employer":
        data.pop("organization_name")
        data.pop("business_id")
    errors: dict[str, str] = {}
    status = 422
    valid: RegisterIn | None = None
    try:
        valid = RegisterIn.model_validate(data)
    except ValidationError as exc:
        errors = field_messages(exc, t.lang, {name: t(key) for name, key in FIELD_LABELS.items()})
    for name, message in _new_password_errors(
        t, password, password_confirm, email, "password"
    ).items():
        errors.setdefault(name, message)
    if valid is not None and not errors:
        try:
            user = service.register(session, valid)
        except DomainError as exc:
            # The service names the field at fault; the page says what to do about it.
            status = exc.status_code
            errors = {
                name: _registration_problem(t, name, exc.status_code)
                for name in exc.fields or {"form": ""}
            }
        else:
            _sign_in(request, session, user)
            return redirect(_home_for(user) + "?welcome=1")
    ordered = {name: errors[name] for name in REGISTER_FIELDS if name in errors}
    return render(
        request,
        "accounts/register.html",
        status_code=status,
        form=form,
        errors={**ordered, **errors},
    )


@router.get("/password/forgot")
def forgot_page(request: Request, user: OptionalUser) -> Response:
    return render(request, "accounts/forgot.html", errors={}, sent=False)


@router.post("/password/forgot")
def forgot(
    request: Request,
    session: SessionDep,
    tasks: BackgroundTasks,
    email: Annotated[str, Form(max_length=254)] = "",
) -> Response:
    """Mail a reset link; the page says the same whether or not the email has an account."""
    if "@" not in email:
        errors = {"email": translator(request)("accounts.email_invalid")}
        return render(request, "accounts/forgot.html", status_code=422, errors=errors, sent=False)
    resets = request.app.state.password_resets
    mail = reset.reset_mail(session, resets, email, client_address(request), str(request.base_url))
    if mail is not None:
        tasks.add_task(resets.mailer.send, mail)
    return render(request, "accounts/forgot.html", errors={}, sent=True, email=email)


@router.get("/password/reset")
def reset_page(request: Request, session: SessionDep, token: str = "") -> Response:
    valid = request.app.state.password_resets.user_for(session, token) is not None
    return render(request, "accounts/reset.html", token=token, valid=valid, errors={})


@router.post("/password/reset")
def reset_password(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Form(max_length=500)] = "",
    new_password: Annotated[str, Form(max_length=300)] = "",
    password_confirm: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    t = translator(request)
    resets = request.app.state.password_resets
    user = resets.user_for(session, token)
    if user is None:
        return render(
            request, "accounts/reset.html", status_code=422, token=token, valid=False, errors={}
        )
    errors = _new_password_errors(t, new_password, password_confirm, user.email, "new_password")
    if not errors:
        try:
            reset.reset_password(session, resets, token, new_password)
        except DomainError as exc:
            errors = _password_errors(request, exc, "new_password")
    if errors:
        return render(
            request,
            "accounts/reset.html",
            status_code=422,
            token=token,
            valid="token" not in errors,
            errors=errors,
        )
    request.session.clear()
    return redirect("/login?done=password_reset")


@router.get("/account")
def account_page(request: Request, user: CurrentUser, done: str | None = None) -> Response:
    """The signed-in user's sign-in settings: password and sessions."""
    t = translator(request)
    flash = _done(t, done)
    return render(request, "accounts/account.html", errors={}, flash=flash)


@router.post("/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    current_password: Annotated[str, Form(max_length=300)] = "",
    new_password: Annotated[str, Form(max_length=300)] = "",
    password_confirm: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Change the password; other sessions end, this one goes on under a fresh sign-in."""
    t = translator(request)
    labels = {"current_password": t("accounts.current_password")}
    errors = missing_fields({"current_password": current_password}, labels, t.lang)
    errors |= _new_password_errors(t, new_password, password_confirm, user.email, "new_password")
    if not errors:
        try:
            data = PasswordChangeIn(current_password=current_password, new_password=new_password)
            service.change_password(
                session, request.app.state.login_limiter, user, data, client_address(request)
            )
        except ValidationError as exc:
            errors = field_messages(exc, t.lang, labels)
        except DomainError as exc:
            errors = _password_errors(request, exc, "new_password")
    if errors:
        return render(request, "accounts/account.html", status_code=422, errors=errors)
    _sign_in(request, session, user)
    return redirect("/account?done=password_changed")


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """End every session and API token of the account, this browser's included."""
    service.sign_out_everywhere(session, user)
    request.session.clear()
    return redirect("/login?done=signed_out_everywhere")
