"""The jobseeker's own page ("my page"), above the domains it gathers: profile status, CV
access log, recommendations and plan; and the end of the account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from marketplace.accounts import service as accounts
from marketplace.cv.pages import access_log_context
from marketplace.deps import CurrentUser, JobseekerUser, ServicesDep, SessionDep, verify_csrf
from marketplace.errors import DomainError
from marketplace.i18n.validation import missing_fields
from marketplace.lifecycle import erase_account
from marketplace.matches.service import recommendations_for
from marketplace.profiles import service
from marketplace.profiles.schemas import ProfileDocument
from marketplace.web import client_address, current_language, redirect, render, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a useful profile has, for the completeness checklist."""

    key: str
    done: bool
    anchor: str  # the builder step that fills it, with the field's #fragment if it has one


def completeness(doc: ProfileDocument) -> list[ChecklistItem]:
    """The completeness checklist: headline, summary, skills, work, languages, wishes."""
    wishes = doc.wishes
    has_wishes = any(
        (wishes.occupations, wishes.municipalities, wishes.regions, wishes.employment_types)
    )
    return [
        ChecklistItem("headline", bool(doc.headline), "intro#headline"),
        ChecklistItem("summary", bool(doc.summary.strip()), "intro#summary"),
        ChecklistItem("skills", bool(doc.skills or doc.keywords), "skills"),
        ChecklistItem("work", bool(doc.work), "work"),
        ChecklistItem("languages", bool(doc.languages), "languages"),
        ChecklistItem("wishes", has_wishes, "wishes"),
    ]


@router.get("/me")
def my_page(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    services: ServicesDep,
    welcome: str | None = None,
) -> Response:
    """The jobseeker's own page: profile status, CV, recommendations, plan and data."""
    doc = service.to_document(service.get_own(session, user), identified=True)
    checklist = completeness(doc)
    return render(
        request,
        "profiles/me.html",
        doc=doc,
        checklist=checklist,
        done=sum(item.done for item in checklist),
        recommendations=recommendations_for(
            services, session, user, lang=current_language(request)
        ),
        **access_log_context(session, user, current_language(request)),
        flash=translator(request)("profiles.welcome") if welcome else None,
    )


@router.get("/me/delete")
def delete_account_page(request: Request, user: CurrentUser) -> Response:
    """Confirmation page for deleting the account and all its data."""
    return render(request, "profiles/delete.html", errors={})


@router.post("/me/delete")
def delete_account(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
    password: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Delete the account after the password is confirmed, then sign out."""
    t = translator(request)
    # No password is no confirmation: said as such, and not counted as a failed attempt.
    missing = missing_fields(
        {"password": password}, {"password": t("profiles.delete_password")}, t.lang
    )
    if missing:
        return render(request, "profiles/delete.html", status_code=422, errors=missing)
    try:
        accounts.authenticate(
            session,
            request.app.state.login_limiter,
            user.email,
            password,
            client_address(request),
        )
    except DomainError as exc:
        limited = exc.status_code == 429
        key = "profiles.delete_too_many" if limited else "profiles.delete_wrong_password"
        return render(
            request,
            "profiles/delete.html",
            status_code=429 if limited else 422,
            errors={"password": t(key)},
        )
    erase_account(session, services, user)
    request.session.clear()
    return redirect("/me/deleted")


@router.get("/me/deleted")
def account_deleted(request: Request) -> Response:
    """Confirmation that the account is gone."""
    return render(request, "profiles/deleted.html")
