"""Customer-service model pages: the jobseeker's plan and registration, the specialist's
caseload and customer page. Every form posts with the CSRF token and works without scripts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from marketplace.accounts.models import User
from marketplace.db import ID_MAX, RecordId
from marketplace.deps import JobseekerUser, SessionDep, SpecialistUser, verify_csrf
from marketplace.errors import DomainError, ValidationFailed
from marketplace.i18n import Translator
from marketplace.service_model import caseload as cases
from marketplace.service_model import decisions, explain, plan, repository, service
from marketplace.service_model.models import MeetingStatus
from marketplace.service_model.plan import PlanState
from marketplace.service_model.rules import (
    ApplicationKind,
    Channel,
    JobLossReason,
    NeglectKind,
    Organizer,
    WeightyReason,
)
from marketplace.service_model.schemas import (
    JobApplicationIn,
    JobLossIn,
    JobOfferIn,
    JobRefusalIn,
    MeetingOutcomeIn,
    NeglectIn,
    PlanIn,
    PreferenceIn,
    RegistrationIn,
    SituationIn,
)
from marketplace.service_model.service import helsinki_today
from marketplace.web import current_language, form_errors, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

PREFIX = "service_model"


async def submitted_form(request: Request) -> FormData:
    """The posted form; the CSRF check has parsed it already, so this is a cached read."""
    return await request.form()


FormDep = Annotated[FormData, Depends(submitted_form)]


def _fields(form: FormData, names: Mapping[str, str]) -> dict[str, Any]:
    """Schema field -> posted value for the form fields named; empty fields are left out."""
    values: dict[str, Any] = {}
    for field, name in names.items():
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            values[field] = value.strip()
    return values


def _checked(form: FormData, name: str) -> bool:
    return form.get(name) in ("1", "on", "true")


def _errors(
    exc: ValidationError | DomainError, names: Mapping[str, str], t: Translator
) -> dict[str, str]:
    """Field errors keyed by the form's input names, in the page's language where known."""
    errors: dict[str, str] = {}
    for field, message in form_errors(exc).items():
        name = names.get(field, field)
        key = f"{PREFIX}.error.{name}"
        errors[name] = t(key) if t.has(key) else message
    return errors


def _status(exc: ValidationError | DomainError) -> int:
    return exc.status_code if isinstance(exc, DomainError) else 422


def _options(t: Translator, group: str, values: list[str]) -> list[tuple[str, str]]:
    return [(value, t(f"{PREFIX}.{group}.{value}")) for value in values]


def _choices(t: Translator) -> dict[str, list[tuple[str, str]]]:
    """Labelled options of every select on these pages."""
    return {
        "channel": _options(t, "channel", list(Channel)),
        "kind": _options(t, "application_kind", list(ApplicationKind)),
        "weighty_reason": _options(t, "weighty_reason", list(WeightyReason)),
        "organizer": _options(t, "organizer", list(Organizer)),
        "loss_reason": _options(t, "job_loss_reason", list(JobLossReason)),
    }


def _texts(state: PlanState, t: Translator) -> dict[str, Any]:
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
        choices=_choices(t),
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
    data = _fields(form, REGISTRATION_FIELDS)
    data.update(
        laid_off=_checked(form, "laid_off"), part_time_work=_checked(form, "part_time_work")
    )
    try:
        service.register(session, user, RegistrationIn.model_validate(data), helsinki_today())
    except (ValidationError, DomainError) as exc:
        errors = _errors(exc, REGISTRATION_FIELDS, t)
        return _registration_page(request, _status(exc), data, errors)
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
    done = request.query_params.get("done")
    flash = t(f"{PREFIX}.done.{done}") if done and t.has(f"{PREFIX}.done.{done}") else None
    return render(
        request,
        "service_model/plan.html",
        status_code=status_code,
        state=state,
        form=form or {},
        errors=errors or {},
        choices=_choices(t),
        flash=flash,
        today=state.today,
        **_texts(state, t),
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
    data = _fields(form, APPLICATION_FIELDS)
    try:
        report = JobApplicationIn.model_validate(data)
        service.report_application(session, customer, user, report, helsinki_today())
    except (ValidationError, DomainError) as exc:
        errors = _errors(exc, APPLICATION_FIELDS, t)
        return _plan_page(request, session, user, _status(exc), data, errors)
    return redirect("/me/plan?done=reported#report")


@router.post("/me/plan/preference")
def set_preference(
    request: Request, user: JobseekerUser, session: SessionDep, form: FormDep
) -> Response:
    t = Translator(current_language(request))
    customer = service.customer_of(session, user)
    names = {"channel": "channel"}
    try:
        data = PreferenceIn.model_validate({"channel": None, **_fields(form, names)})
    except ValidationError as exc:
        return _plan_page(request, session, user, 422, {}, _errors(exc, names, t))
    service.set_preference(session, customer, user, data.channel, helsinki_today())
    return redirect("/me/plan?done=preference#meetings")


# The specialist.


@router.get("/specialist")
def caseload_page(request: Request, user: SpecialistUser, session: SessionDep) -> Response:
    today = helsinki_today()
    return render(
        request,
        "service_model/caseload.html",
        rows=cases.caseload(session, user, today),
        today=today,
    )


def _customer_page(
    request: Request,
    session: Session,
    specialist: User,
    user_id: int,
    status_code: int = 200,
    form: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    t = Translator(current_language(request))
    view = cases.customer_view(session, specialist, user_id, helsinki_today(), audit_limit=20)
    state = view.state
    done = request.query_params.get("done")
    flash = t(f"{PREFIX}.done.{done}") if done and t.has(f"{PREFIX}.done.{done}") else None
    return render(
        request,
        "service_model/customer.html",
        status_code=status_code,
        customer_user=view.user,
        state=state,
        audit=view.audit,
        actors=view.actors,
        form=form or {},
        errors=errors or {},
        choices=_choices(t),
        flash=flash,
        today=state.today,
        MeetingStatus=MeetingStatus,
        **_texts(state, t),
    )


@router.get("/specialist/customers/{user_id}")
def customer_page(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep
) -> Response:
    return _customer_page(request, session, user, user_id)


def _specialist_action(
    request: Request,
    session: Session,
    specialist: User,
    user_id: int,
    form: FormData,
    names: Mapping[str, str],
    action: Callable[[Any, dict[str, Any]], object],
    done: str,
    extra: Mapping[str, Any] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Response:
    """Run one form's action on a customer in the caseload; show the page again on errors.

    `names` maps schema fields to the form's inputs; `aliases` names the input that answers
    for a field the form does not have on its own.
    """
    t = Translator(current_language(request))
    customer = cases.customer_for(session, specialist, user_id)
    data = {**_fields(form, names), **(extra or {})}
    shown = {names.get(k, k): v for k, v in data.items()}
    try:
        action(customer, dict(data))
    except (ValidationError, DomainError) as exc:
        errors = _errors(exc, {**names, **(aliases or {})}, t)
        return _customer_page(request, session, specialist, user_id, _status(exc), shown, errors)
    return redirect(f"/specialist/customers/{user_id}?done={done}#{done}")


@router.post("/specialist/customers/{user_id}/meetings")
def record_meeting_outcome(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    names = {
        "meeting": "meeting",
        "status": "status",
        "organizer": "organizer",
        "notes": "outcome_notes",
    }

    def act(customer: Any, data: dict[str, Any]) -> object:
        key = data.pop("meeting", "")
        outcome = MeetingOutcomeIn.model_validate(data)
        return cases.record_meeting_outcome(session, user, customer, key, outcome, helsinki_today())

    return _specialist_action(request, session, user, user_id, form, names, act, "meetings")


@router.post("/specialist/customers/{user_id}/plan")
def update_plan(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    names = {"required": "required", "reason": "reason"}

    def act(customer: Any, data: dict[str, Any]) -> object:
        plan = PlanIn.model_validate(data)
        return cases.update_plan(session, user, customer, plan, helsinki_today())

    return _specialist_action(request, session, user, user_id, form, names, act, "plan")


@router.post("/specialist/customers/{user_id}/offers")
def make_offer(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    names = {
        "made_on": "offer_made_on",
        "vacancy_id": "offer_vacancy_id",
        "description": "description",
    }

    def act(customer: Any, data: dict[str, Any]) -> object:
        offer = JobOfferIn.model_validate(data)
        return cases.make_offer(session, user, customer, offer, helsinki_today())

    return _specialist_action(request, session, user, user_id, form, names, act, "offers")


@router.post("/specialist/customers/{user_id}/neglects")
def record_neglect(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    names = {"neglect": "neglect", "notes": "neglect_notes"}

    def act(customer: Any, data: dict[str, Any]) -> object:
        # One select lists both kinds: "meeting:<key>" or "period:<start date>".
        target, _, value = str(data.pop("neglect", "")).partition(":")
        if target == "meeting":
            data.update(kind=NeglectKind.MEETING, meeting_key=value)
        else:
            data.update(kind=NeglectKind.JOB_SEARCH_OBLIGATION, period_start=value or None)
        neglect = NeglectIn.model_validate(data)
        return decisions.record_neglect(session, user, customer, neglect, helsinki_today())

    aliases = {"kind": "neglect", "meeting_key": "neglect", "period_start": "neglect"}
    return _specialist_action(
        request, session, user, user_id, form, names, act, "neglects", aliases=aliases
    )


@router.post("/specialist/customers/{user_id}/job-losses")
def record_job_loss(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    names = {
        "event_on": "event_on",
        "reason": "loss_reason",
        "job_max_days": "job_max_days",
        "notes": "loss_notes",
    }

    def act(customer: Any, data: dict[str, Any]) -> object:
        loss = JobLossIn.model_validate(data)
        return decisions.record_job_loss(session, user, customer, loss, helsinki_today())

    return _specialist_action(request, session, user, user_id, form, names, act, "sanctions")


@router.post("/specialist/customers/{user_id}/refusals")
def record_job_refusal(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    names = {
        "offer": "refusal_offer",
        "refused_on": "refused_on",
        "job_max_days": "refusal_job_max_days",
        "notes": "refusal_notes",
    }

    def act(customer: Any, data: dict[str, Any]) -> object:
        chosen = str(data.pop("offer", ""))
        if not chosen.isdigit() or not 1 <= int(chosen) <= ID_MAX:
            raise ValidationFailed("Choose a binding job offer", field="offer")
        refusal = JobRefusalIn.model_validate(data)
        return decisions.record_job_refusal(
            session, user, customer, int(chosen), refusal, helsinki_today()
        )

    return _specialist_action(request, session, user, user_id, form, names, act, "refusal")


@router.post("/specialist/customers/{user_id}/situation")
def update_situation(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    flags = {
        "part_time_work": _checked(form, "part_time_work"),
        "municipal_trial": _checked(form, "municipal_trial"),
    }

    def act(customer: Any, data: dict[str, Any]) -> object:
        return cases.update_situation(session, user, customer, SituationIn.model_validate(data))

    return _specialist_action(
        request, session, user, user_id, form, {}, act, "situation", extra=flags
    )


@router.post("/specialist/customers/{user_id}/applications/{application_id}")
def judge_application(
    request: Request,
    user_id: RecordId,
    application_id: RecordId,
    user: SpecialistUser,
    session: SessionDep,
    form: FormDep,
) -> Response:
    realistic = {"realistic": _checked(form, "realistic")}

    def act(customer: Any, data: dict[str, Any]) -> object:
        return cases.set_realistic(session, user, customer, application_id, data["realistic"])

    return _specialist_action(
        request, session, user, user_id, form, {}, act, "applications", extra=realistic
    )
