"""Customer-service model pages: the jobseeker's registration and plan, and the form helpers
the specialist's pages share (`specialist_pages`). Every form posts with the CSRF token and
works without scripts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from marketplace.accounts.models import User
from marketplace.deps import JobseekerUser, SessionDep, verify_csrf
from marketplace.errors import DomainError, ValidationFailed
from marketplace.i18n import Translator
from marketplace.service_model import explain, plan, repository, service
from marketplace.service_model.plan import PlanState
from marketplace.service_model.rules import (
    ApplicationKind,
    Channel,
    JobLossReason,
    Organizer,
    WeightyReason,
)
from marketplace.service_model.schemas import (
    JobApplicationIn,
    PreferenceIn,
    RegistrationIn,
)
from marketplace.service_model.service import helsinki_today
from marketplace.web import current_language, form_errors, redirect, render

M = TypeVar("M", bound=BaseModel)

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

PREFIX = "service_model"


async def submitted_form(request: Request) -> FormData:
    """The posted form; the CSRF check has parsed it already, so this is a cached read."""
    return await request.form()


FormDep = Annotated[FormData, Depends(submitted_form)]


def fields(form: FormData, names: Mapping[str, str]) -> dict[str, Any]:
    """Schema field -> posted value for the form fields named; empty fields are left out."""
    values: dict[str, Any] = {}
    for field, name in names.items():
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            values[field] = value.strip()
    return values


def checked(form: FormData, name: str) -> bool:
    return form.get(name) in ("1", "on", "true")


def errors_of(
    exc: ValidationError | DomainError, names: Mapping[str, str], t: Translator
) -> dict[str, str]:
    """Field errors keyed by the form's input names, in the page's language where known."""
    errors: dict[str, str] = {}
    for field, message in form_errors(exc).items():
        name = names.get(field, field)
        key = f"{PREFIX}.error.{name}"
        errors[name] = t(key) if t.has(key) else message
    return errors


def validated(schema: type[M], data: Mapping[str, Any], missing: Iterable[str]) -> M:
    """The schema's model of the posted data. Fields named in `missing` are left empty, which
    the service refuses only once the schema passes; when the schema fails they are named
    along with its errors, so the form shows every error at once."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        fields = {name: "Required" for name in missing}
        fields.update(form_errors(exc))
        raise ValidationFailed("; ".join(fields.values()), fields=fields) from exc


def status_of(exc: ValidationError | DomainError) -> int:
    return exc.status_code if isinstance(exc, DomainError) else 422


def _options(t: Translator, group: str, values: list[str]) -> list[tuple[str, str]]:
    return [(value, t(f"{PREFIX}.{group}.{value}")) for value in values]


def choices(t: Translator) -> dict[str, list[tuple[str, str]]]:
    """Labelled options of every select on these pages."""
    return {
        "channel": _options(t, "channel", list(Channel)),
        "kind": _options(t, "application_kind", list(ApplicationKind)),
        "weighty_reason": _options(t, "weighty_reason", list(WeightyReason)),
        "organizer": _options(t, "organizer", list(Organizer)),
        "loss_reason": _options(t, "job_loss_reason", list(JobLossReason)),
    }


def texts(state: PlanState, t: Translator) -> dict[str, Any]:
    """Explanations the templates show next to sanctions and offers."""
    return {
        "sanction_texts": {s.id: explain.explained(state, s, t) for s in state.records.sanctions},
        "final_sanctions": {s.id for s in state.records.sanctions if state.sanction_final(s)},
        "refused_offers": {s.offer_id for s in state.records.sanctions if s.offer_id},
        "offer_texts": {
            o.id: explain.offer_text(o, state.offers_binding_from, t) for o in state.records.offers
        },
        "benefit_statement": explain.benefit_statement(t),
        "benefit_status": explain.benefit_status(state.benefit, t),
    }


def done_message(request: Request, t: Translator) -> str | None:
    """The notice of a finished change, named by the redirect's `done` parameter."""
    done = request.query_params.get("done")
    key = f"{PREFIX}.done.{done}"
    return t(key) if done and t.has(key) else None


# The jobseeker.

REGISTRATION_FIELDS = {
    "registered_on": "registered_on",
    "weighty_reason": "weighty_reason",
    "last_periodic_interview": "last_periodic_interview",
    "channel_preference": "channel_preference",
}


def _registration_page(
    request: Request,
    status_code: int = 200,
    form: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    t = Translator(current_language(request))
    return render(
        request,
        "service_model/registration.html",
        status_code=status_code,
        form=form or {},
        errors=errors or {},
        choices=choices(t),
        today=helsinki_today(),
    )


@router.get("/me/registration")
def registration_page(request: Request, user: JobseekerUser, session: SessionDep) -> Response:
    if repository.get_customer(session, user.id) is not None:
        return redirect("/me/plan")
    return _registration_page(request)


@router.post("/me/registration")
def register(request: Request, user: JobseekerUser, session: SessionDep, form: FormDep) -> Response:
    t = Translator(current_language(request))
    data = fields(form, REGISTRATION_FIELDS)
    data.update(laid_off=checked(form, "laid_off"), part_time_work=checked(form, "part_time_work"))
    try:
        service.register(session, user, RegistrationIn.model_validate(data), helsinki_today())
    except (ValidationError, DomainError) as exc:
        errors = errors_of(exc, REGISTRATION_FIELDS, t)
        return _registration_page(request, status_of(exc), data, errors)
    return redirect("/me/plan?done=registered")


def _plan_page(
    request: Request,
    session: Session,
    user: User,
    status_code: int = 200,
    form: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    t = Translator(current_language(request))
    customer = service.customer_of(session, user)
    state = plan.plan_state(session, customer, helsinki_today())
    return render(
        request,
        "service_model/plan.html",
        status_code=status_code,
        state=state,
        form=form or {},
        errors=errors or {},
        choices=choices(t),
        flash=done_message(request, t),
        today=state.today,
        **texts(state, t),
    )


@router.get("/me/plan")
def plan_page(request: Request, user: JobseekerUser, session: SessionDep) -> Response:
    if repository.get_customer(session, user.id) is None:
        return redirect("/me/registration")
    return _plan_page(request, session, user)


APPLICATION_FIELDS = {
    "employer": "employer",
    "job_title": "job_title",
    "applied_on": "applied_on",
    "kind": "kind",
    "vacancy_id": "vacancy_id",
}


@router.post("/me/plan/applications")
def report_application(
    request: Request, user: JobseekerUser, session: SessionDep, form: FormDep
) -> Response:
    t = Translator(current_language(request))
    customer = service.customer_of(session, user)
    data = fields(form, APPLICATION_FIELDS)
    try:
        # Without a linked vacancy the employer and title are needed.
        missing = (
            [] if "vacancy_id" in data else [k for k in ("employer", "job_title") if k not in data]
        )
        report = validated(JobApplicationIn, data, missing)
        service.report_application(session, customer, user, report, helsinki_today())
    except (ValidationError, DomainError) as exc:
        errors = errors_of(exc, APPLICATION_FIELDS, t)
        return _plan_page(request, session, user, status_of(exc), data, errors)
    return redirect("/me/plan?done=reported#report")


@router.post("/me/plan/preference")
def set_preference(
    request: Request, user: JobseekerUser, session: SessionDep, form: FormDep
) -> Response:
    t = Translator(current_language(request))
    customer = service.customer_of(session, user)
    names = {"channel": "channel"}
    try:
        data = PreferenceIn.model_validate({"channel": None, **fields(form, names)})
    except ValidationError as exc:
        return _plan_page(request, session, user, 422, {}, errors_of(exc, names, t))
    service.set_preference(session, customer, user, data.channel, helsinki_today())
    return redirect("/me/plan?done=preference#meetings")
