"""Sign-in, registration and sign-out pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts import repository, service
from marketplace.accounts.models import User
from marketplace.accounts.schemas import RegisterIn
from marketplace.deps import OptionalUser, SessionDep, verify_csrf
from marketplace.errors import DomainError
from marketplace.i18n import Translator
from marketplace.web import client_address, form_errors, redirect, render, safe_next

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


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


@router.get("/login")
def login_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    return render(request, "accounts/login.html", next=safe_next(next, ""), errors={})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    t = Translator(request.state.lang)
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
    t = Translator(request.state.lang)
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
    try:
        if password != password_confirm:
            errors = {"password_confirm": t("accounts.password_mismatch")}
            return render(
                request, "accounts/register.html", status_code=422, form=form, errors=errors
            )
        user = service.register(session, RegisterIn.model_validate(data))
    except (ValidationError, DomainError) as exc:
        errors = form_errors(exc)
        if "password" in errors and isinstance(exc, DomainError):
            errors["password"] = t("accounts.password_rules")
        status = exc.status_code if isinstance(exc, DomainError) else 422
        return render(
            request, "accounts/register.html", status_code=status, form=form, errors=errors
        )
    _sign_in(request, session, user)
    return redirect(_home_for(user) + "?welcome=1")
