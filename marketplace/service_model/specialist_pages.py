"""The specialist's pages: the caseload, and a customer's record in sections, each with its
own address. Every form posts to its own handler, which comes back to the form's section:
after a change by redirect, on invalid input by showing the section again with the errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from marketplace.accounts.models import User
from marketplace.db import ID_MAX, RecordId
from marketplace.deps import SessionDep, SpecialistUser, verify_csrf
from marketplace.errors import DomainError, ValidationFailed
from marketplace.i18n import Translator
from marketplace.service_model import caseload as cases
from marketplace.service_model import decisions
from marketplace.service_model.models import MeetingStatus
from marketplace.service_model.pages import (
    FormDep,
    checked,
    choices,
    done_message,
    errors_of,
    fields,
    status_of,
    texts,
    validated,
)
from marketplace.service_model.rules import NeglectKind
from marketplace.service_model.schemas import (
    JobLossIn,
    JobOfferIn,
    JobRefusalIn,
    MeetingOutcomeIn,
    NeglectIn,
    PlanIn,
    SituationIn,
)
from marketplace.service_model.service import helsinki_today
from marketplace.web import current_language, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

CUSTOMER = "/specialist/customers/{user_id}"
# The page lists the latest changes; the API returns more.
AUDIT_ON_PAGE = 20


class Section(StrEnum):
    """The sections of a customer's record, in the order the navigation lists them."""

    OVERVIEW = "overview"
    MEETINGS = "meetings"
    PLAN = "plan"
    OFFERS = "offers"
    SANCTIONS = "sanctions"
    SITUATION = "situation"
    APPLICATIONS = "applications"
    HISTORY = "history"

    @property
    def path(self) -> str:
        """The section's route; the overview is the customer's own address."""
        return CUSTOMER if self is Section.OVERVIEW else f"{CUSTOMER}/{self.value}"

    def url(self, user_id: int) -> str:
        """The section's address for one customer."""
        return self.path.format(user_id=user_id)


@router.get("/specialist")
def caseload_page(request: Request, user: SpecialistUser, session: SessionDep) -> Response:
    today = helsinki_today()
    return render(
        request,
        "service_model/caseload.html",
        rows=cases.caseload(session, user, today),
        today=today,
    )


def _section_page(
    request: Request,
    session: Session,
    specialist: User,
    user_id: int,
    section: Section,
    status_code: int = 200,
    form: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    t = Translator(current_language(request))
    today = helsinki_today()
    view = cases.customer_view(session, specialist, user_id, today, audit_limit=AUDIT_ON_PAGE)
    state = view.state
    return render(
        request,
        f"service_model/customer_{section.value}.html",
        status_code=status_code,
        section=section,
        urls={s.value: s.url(user_id) for s in Section},
        customer_user=view.user,
        state=state,
        facts=cases.key_facts(state),
        audit=view.audit,
        actors=view.actors,
        form=form or {},
        errors=errors or {},
        choices=choices(t),
        flash=done_message(request, t),
        today=state.today,
        MeetingStatus=MeetingStatus,
        **texts(state, t),
    )


def _section_handler(section: Section) -> Callable[..., Response]:
    def show(
        request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep
    ) -> Response:
        return _section_page(request, session, user, user_id, section)

    show.__name__ = f"customer_{section.value}_page"
    return show


for _section in Section:
    router.add_api_route(_section.path, _section_handler(_section), methods=["GET"])


def _action(
    request: Request,
    session: Session,
    specialist: User,
    user_id: int,
    form: FormData,
    names: Mapping[str, str],
    action: Callable[[Any, dict[str, Any]], object],
    section: Section,
    done: str,
    extra: Mapping[str, Any] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Response:
    """Run one form's action on a customer in the caseload and come back to its section.

    `names` maps schema fields to the form's inputs; `aliases` names the input that answers
    for a field the form does not have on its own. Invalid input writes nothing and shows the
    section again with each error at its field.
    """
    t = Translator(current_language(request))
    customer = cases.customer_for(session, specialist, user_id)
    data = {**fields(form, names), **(extra or {})}
    shown = {names.get(k, k): v for k, v in data.items()}
    try:
        action(customer, dict(data))
    except (ValidationError, DomainError) as exc:
        errors = errors_of(exc, {**names, **(aliases or {})}, t)
        return _section_page(
            request, session, specialist, user_id, section, status_of(exc), shown, errors
        )
    return redirect(f"{section.url(user_id)}?done={done}")


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

    return _action(request, session, user, user_id, form, names, act, Section.MEETINGS, "meetings")


@router.post("/specialist/customers/{user_id}/plan")
def update_plan(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    names = {"required": "required", "reason": "reason"}

    def act(customer: Any, data: dict[str, Any]) -> object:
        plan = PlanIn.model_validate(data)
        return cases.update_plan(session, user, customer, plan, helsinki_today())

    return _action(request, session, user, user_id, form, names, act, Section.PLAN, "plan")


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
        # Without a linked vacancy the job is described.
        described = "description" in data or "vacancy_id" in data
        offer = validated(JobOfferIn, data, [] if described else ["description"])
        return cases.make_offer(session, user, customer, offer, helsinki_today())

    return _action(request, session, user, user_id, form, names, act, Section.OFFERS, "offers")


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

    return _action(request, session, user, user_id, form, names, act, Section.OFFERS, "refusal")


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
    return _action(
        request,
        session,
        user,
        user_id,
        form,
        names,
        act,
        Section.SANCTIONS,
        "neglects",
        aliases=aliases,
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

    return _action(
        request, session, user, user_id, form, names, act, Section.SITUATION, "sanctions"
    )


@router.post("/specialist/customers/{user_id}/situation")
def update_situation(
    request: Request, user_id: RecordId, user: SpecialistUser, session: SessionDep, form: FormDep
) -> Response:
    flags = {
        "part_time_work": checked(form, "part_time_work"),
        "municipal_trial": checked(form, "municipal_trial"),
    }

    def act(customer: Any, data: dict[str, Any]) -> object:
        return cases.update_situation(session, user, customer, SituationIn.model_validate(data))

    return _action(
        request, session, user, user_id, form, {}, act, Section.SITUATION, "situation", flags
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
    realistic = {"realistic": checked(form, "realistic")}

    def act(customer: Any, data: dict[str, Any]) -> object:
        return cases.set_realistic(session, user, customer, application_id, data["realistic"])

    # An application that is not the customer's has no field of its own to answer for.
    aliases = {"form": "application"}
    return _action(
        request,
        session,
        user,
        user_id,
        form,
        {},
        act,
        Section.APPLICATIONS,
        "applications",
        realistic,
        aliases,
    )
