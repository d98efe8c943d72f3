"""Employer pages: the public organisation page and the employer's dashboard."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import RecordId
from marketplace.deps import EmployerUser, OptionalUser, SessionDep, verify_csrf
from marketplace.employers import service
from marketplace.employers.models import Organization
from marketplace.employers.schemas import OrganizationUpdate
from marketplace.errors import Conflict, ValidationFailed
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.vacancies import repository as vacancies
from marketplace.vacancies.editor_form import concept_options
from marketplace.web import current_language, form_errors, redirect, render, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

OrganizationId = RecordId
# Form inputs are capped well above the schema limits, so the schema names the field.
FormText = Annotated[str, Form(max_length=20_000)]


async def sent_business_id(request: Request) -> str | None:
    """The posted business ID: "" when the field was emptied, None when the form has no such
    field (FastAPI's own form parameters cannot tell the two apart)."""
    value = (await request.form()).get("business_id")
    return value.strip() if isinstance(value, str) else None


SentBusinessId = Annotated[str | None, Depends(sent_business_id)]


@router.get("/organizations/{organization_id}")
def organization_page(
    request: Request, organization_id: OrganizationId, user: OptionalUser, session: SessionDep
) -> Response:
    organization = service.get_public(session, organization_id)
    today = date.today()
    listed = [v for v in vacancies.for_organization(session, organization.id) if v.is_listed(today)]
    return render(
        request,
        "employers/organization.html",
        organization=organization,
        vacancies=listed,
        member=user is not None and user.organization_id == organization.id,
    )


def _form_of(organization: Organization) -> dict[str, str]:
    return {
        "name": organization.name,
        "business_id": organization.business_id,
        "description": organization.description,
        "website": organization.website,
        "municipality_code": organization.municipality_code or "",
    }


def _dashboard(
    request: Request,
    session: Session,
    user: User,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> Response:
    organization = service.get_public(session, user.organization_id or 0)
    return render(
        request,
        "employers/dashboard.html",
        status_code=status_code,
        organization=organization,
        form=form or _form_of(organization),
        errors=errors or {},
        vacancies=vacancies.for_organization(session, organization.id),
        municipalities=concept_options(ConceptKind.MUNICIPALITY, current_language(request)),
        flash=flash,
    )


@router.get("/employer")
def dashboard(
    request: Request,
    user: EmployerUser,
    session: SessionDep,
    saved: bool = False,
    deleted: bool = False,
) -> Response:
    t = translator(request)
    flash = t("form.saved") if saved else t("employers.vacancy_deleted") if deleted else None
    return _dashboard(request, session, user, flash=flash)


@router.post("/employer/organization")
def update_organization(
    request: Request,
    user: EmployerUser,
    session: SessionDep,
    business_id: SentBusinessId,
    name: FormText = "",
    description: FormText = "",
    website: FormText = "",
    municipality_code: FormText = "",
) -> Response:
    form = {
        "name": name.strip(),
        "description": description.strip(),
        "website": website.strip(),
        "municipality_code": municipality_code.strip(),
    }
    values: dict[str, str | None] = {**form, "municipality_code": form["municipality_code"] or None}
    if business_id is not None:  # a form without the field keeps the business ID
        values["business_id"] = form["business_id"] = business_id
    try:
        service.update(session, user, OrganizationUpdate.model_validate(values))
    except (ValidationError, ValidationFailed, Conflict) as exc:
        session.rollback()
        t = translator(request)
        # A taken business ID is a conflict, any other fault an invalid value.
        kind = "taken" if isinstance(exc, Conflict) else "invalid"
        errors = {}
        for field, message in form_errors(exc).items():
            key = f"employers.{kind}.{field.split('.')[0]}"
            errors[field.split(".")[0]] = t(key) if t.has(key) else message
        organization = service.get_public(session, user.organization_id or 0)
        form.setdefault("business_id", organization.business_id)
        return _dashboard(request, session, user, form, errors, status_code=422)
    return redirect("/employer?saved=1")
