"""Customer-service model JSON API: the jobseeker's plan and the specialist's caseload."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import RecordId
from marketplace.deps import JobseekerUser, SessionDep, SpecialistUser, TranslatorDep
from marketplace.i18n import Translator
from marketplace.service_model import caseload as cases
from marketplace.service_model import decisions, explain, plan, repository, service
from marketplace.service_model.models import JobApplication, JobOffer, Neglect, SanctionRecord
from marketplace.service_model.plan import MeetingView, PeriodView, PlanState
from marketplace.service_model.rules import ApplicationKind, counts_toward_obligation
from marketplace.service_model.schemas import (
    ApplicationOut,
    AuditOut,
    BenefitOut,
    CaseloadRowOut,
    CustomerOut,
    FlagsOut,
    JobApplicationIn,
    JobLossIn,
    JobOfferIn,
    JobRefusalIn,
    MeetingOut,
    MeetingOutcomeIn,
    NeglectIn,
    NeglectOut,
    NeglectRecordedOut,
    OfferOut,
    PeriodOut,
    PlanIn,
    PlanOut,
    PlanVersionOut,
    PreferenceIn,
    RealisticIn,
    RegistrationIn,
    SanctionOut,
    SituationIn,
)
from marketplace.service_model.service import helsinki_today

router = APIRouter(prefix="/api/v1", tags=["service model"])


def _meeting_out(meeting: MeetingView) -> MeetingOut:
    return MeetingOut.model_validate(meeting)


def _period_out(period: PeriodView) -> PeriodOut:
    return PeriodOut.model_validate(period)


def _application_out(application: JobApplication) -> ApplicationOut:
    return ApplicationOut(
        id=application.id,
        employer=application.employer,
        job_title=application.job_title,
        applied_on=application.applied_on,
        kind=application.kind,
        vacancy_id=application.vacancy_id,
        realistic=application.realistic,
        counts=counts_toward_obligation(ApplicationKind(application.kind), application.realistic),
    )


def _sanction_out(state: PlanState, sanction: SanctionRecord, t: Translator) -> SanctionOut:
    neglect = state.neglect_of(sanction)
    return SanctionOut(
        id=sanction.id,
        kind=sanction.kind,
        conduct_on=sanction.conduct_on,
        step=sanction.step,
        days=sanction.days,
        weeks=sanction.weeks,
        rules=sanction.rules,
        neglect_kind=neglect.kind if neglect else None,
        neglect_number=sanction.neglect_number,
        job_loss_reason=sanction.job_loss_reason,
        offer_id=sanction.offer_id,
        decided_on=sanction.decided_on,
        final=state.sanction_final(sanction),
        explanation=explain.explained(state, sanction, t),
    )


def _offer_out(state: PlanState, offer: JobOffer, t: Translator) -> OfferOut:
    return OfferOut(
        id=offer.id,
        made_on=offer.made_on,
        vacancy_id=offer.vacancy_id,
        description=offer.description,
        binding=offer.binding,
        reason=offer.reason,
        reported_before=offer.reported_before,
        required=offer.required,
        explanation=explain.offer_text(offer, state.offers_binding_from, t),
        refusal_sanction_id=refusal.id if (refusal := state.refusal_of(offer)) else None,
    )


def _neglect_out(state: PlanState, neglect: Neglect, t: Translator) -> NeglectOut:
    return NeglectOut(
        id=neglect.id,
        kind=neglect.kind,
        conduct_on=neglect.conduct_on,
        meeting_key=state.meeting_key_of(neglect),
        period_start=neglect.period_start,
        notes=neglect.notes,
        sanction=_sanction_out(state, state.sanction_of(neglect), t),
    )


def plan_out(state: PlanState, t: Translator) -> PlanOut:
    """The plan document both the jobseeker and the specialist read."""
    customer = state.customer
    return PlanOut(
        registered_on=customer.registered_on,
        joined_model_on=state.joined_on,
        earlier_customer=state.earlier_customer,
        channel_preference=customer.channel_preference,
        part_time_work=customer.part_time_work,
        meetings=[_meeting_out(m) for m in state.meetings],
        obligation=_period_out(state.current_period),
        periods=[_period_out(p) for p in state.periods],
        plan_updates=[PlanVersionOut.model_validate(p) for p in state.plans],
        next_plan_update=state.next_plan_update,
        offers_binding_from=state.offers_binding_from,
        sanctions=[_sanction_out(state, s, t) for s in state.records.sanctions],
        benefit=BenefitOut(
            protected=state.benefit.protected,
            amount_reduced=state.benefit.amount_reduced,
            reason=state.benefit.reason,
            statement=explain.benefit_statement(t),
        ),
    )


def _customer_out(view: cases.CustomerView, t: Translator) -> CustomerOut:
    user, state = view.user, view.state
    return CustomerOut(
        user_id=user.id,
        full_name=user.full_name,
        email=user.email,
        municipal_trial=state.customer.municipal_trial,
        flags=FlagsOut.model_validate(state.flags),
        plan=plan_out(state, t),
        applications=[_application_out(a) for a in state.records.applications],
        offers=[_offer_out(state, o, t) for o in state.records.offers],
        neglects=[_neglect_out(state, n, t) for n in state.records.neglects],
        audit=[AuditOut.model_validate(e) for e in view.audit],
    )


# The jobseeker.


@router.post("/me/registration", status_code=status.HTTP_201_CREATED)
def register(
    user: JobseekerUser, session: SessionDep, t: TranslatorDep, data: RegistrationIn | None = None
) -> PlanOut:
    """Register as a customer of the employment service; this starts the model for you."""
    today = helsinki_today()
    customer = service.register(session, user, data or RegistrationIn(), today)
    return plan_out(plan.plan_state(session, customer, today), t)


@router.get("/me/plan")
def my_plan(user: JobseekerUser, session: SessionDep, t: TranslatorDep) -> PlanOut:
    """Your meetings, this period's job-search obligation, plan updates and any sanctions."""
    customer = service.customer_of(session, user)
    return plan_out(plan.plan_state(session, customer, helsinki_today()), t)


@router.get("/me/job-applications")
def my_applications(user: JobseekerUser, session: SessionDep) -> list[ApplicationOut]:
    """Every job application you have reported."""
    customer = service.customer_of(session, user)
    stored = repository.records(session, customer.user_id)
    return [_application_out(a) for a in stored.applications]


@router.post("/me/job-applications", status_code=status.HTTP_201_CREATED)
def report_application(
    data: JobApplicationIn, user: JobseekerUser, session: SessionDep
) -> ApplicationOut:
    """Report a job application, open application or direct contact with an employer."""
    customer = service.customer_of(session, user)
    application = service.report_application(session, customer, user, data, helsinki_today())
    return _application_out(application)


@router.put("/me/meeting-preference")
def set_preference(
    data: PreferenceIn, user: JobseekerUser, session: SessionDep, t: TranslatorDep
) -> PlanOut:
    """State how you would like to meet (in person, phone, remote), or withdraw the wish."""
    customer = service.customer_of(session, user)
    today = helsinki_today()
    service.set_preference(session, customer, user, data.channel, today)
    return plan_out(plan.plan_state(session, customer, today), t)


# The specialist.


@router.get("/specialist/caseload")
def caseload(user: SpecialistUser, session: SessionDep, t: TranslatorDep) -> list[CaseloadRowOut]:
    """Your customers with flags: obligation unmet, meeting missed, plan update due."""
    rows = cases.caseload(session, user, helsinki_today())
    return [
        CaseloadRowOut(
            user_id=row.user.id,
            full_name=row.user.full_name,
            email=row.user.email,
            registered_on=row.state.customer.registered_on,
            next_meeting=_meeting_out(row.next_meeting) if row.next_meeting else None,
            obligation=_period_out(row.state.current_period),
            flags=FlagsOut.model_validate(row.state.flags),
        )
        for row in rows
    ]


def _detail(session: Session, specialist: User, user_id: int, t: Translator) -> CustomerOut:
    return _customer_out(cases.customer_view(session, specialist, user_id, helsinki_today()), t)


@router.get("/specialist/customers/{user_id}")
def customer_detail(
    user_id: RecordId, user: SpecialistUser, session: SessionDep, t: TranslatorDep
) -> CustomerOut:
    """A customer's plan, reports, offers, neglects, sanctions and audit trail."""
    return _detail(session, user, user_id, t)


@router.patch("/specialist/customers/{user_id}")
def update_situation(
    user_id: RecordId,
    data: SituationIn,
    user: SpecialistUser,
    session: SessionDep,
    t: TranslatorDep,
) -> CustomerOut:
    """Record part-time work or the municipal employment trial."""
    customer = cases.customer_for(session, user, user_id)
    cases.update_situation(session, user, customer, data)
    return _detail(session, user, user_id, t)


@router.post("/specialist/customers/{user_id}/meetings/{key}/outcome")
def record_meeting_outcome(
    user_id: RecordId, key: str, data: MeetingOutcomeIn, user: SpecialistUser, session: SessionDep
) -> MeetingOut:
    """Record that a meeting was held or missed (a neglect is recorded separately)."""
    customer = cases.customer_for(session, user, user_id)
    today = helsinki_today()
    return _meeting_out(cases.record_meeting_outcome(session, user, customer, key, data, today))


@router.post("/specialist/customers/{user_id}/plan", status_code=status.HTTP_201_CREATED)
def update_plan(
    user_id: RecordId, data: PlanIn, user: SpecialistUser, session: SessionDep
) -> PlanVersionOut:
    """Update the plan and set the monthly obligation (a change from 4 needs a reason)."""
    customer = cases.customer_for(session, user, user_id)
    version = cases.update_plan(session, user, customer, data, helsinki_today())
    return PlanVersionOut.model_validate(version)


@router.post("/specialist/customers/{user_id}/job-offers", status_code=status.HTTP_201_CREATED)
def make_offer(
    user_id: RecordId, data: JobOfferIn, user: SpecialistUser, session: SessionDep, t: TranslatorDep
) -> OfferOut:
    """Make a job offer and get whether it binds the customer, and why."""
    customer = cases.customer_for(session, user, user_id)
    today = helsinki_today()
    offer = cases.make_offer(session, user, customer, data, today)
    return _offer_out(plan.plan_state(session, customer, today), offer, t)


@router.post("/specialist/customers/{user_id}/neglects", status_code=status.HTTP_201_CREATED)
def record_neglect(
    user_id: RecordId, data: NeglectIn, user: SpecialistUser, session: SessionDep, t: TranslatorDep
) -> NeglectRecordedOut:
    """Record a neglect of a missed meeting or an unmet period and get the ladder's sanction.

    An earlier neglect may be recorded after later ones: `recomputed` lists the later
    sanctions, not yet final, that the ladder changed."""
    customer = cases.customer_for(session, user, user_id)
    today = helsinki_today()
    recorded = decisions.record_neglect(session, user, customer, data, today)
    state = plan.plan_state(session, customer, today)
    return NeglectRecordedOut(
        **_neglect_out(state, recorded.neglect, t).model_dump(),
        recomputed=[_sanction_out(state, s, t) for s in recorded.recomputed],
    )


@router.post("/specialist/customers/{user_id}/job-losses", status_code=status.HTTP_201_CREATED)
def record_job_loss(
    user_id: RecordId, data: JobLossIn, user: SpecialistUser, session: SessionDep, t: TranslatorDep
) -> SanctionOut:
    """Record a job left without a valid reason or lost by own conduct, and its sanction."""
    customer = cases.customer_for(session, user, user_id)
    today = helsinki_today()
    sanction = decisions.record_job_loss(session, user, customer, data, today)
    return _sanction_out(plan.plan_state(session, customer, today), sanction, t)


@router.post(
    "/specialist/customers/{user_id}/job-offers/{offer_id}/refusal",
    status_code=status.HTTP_201_CREATED,
)
def record_job_refusal(
    user_id: RecordId,
    offer_id: RecordId,
    data: JobRefusalIn,
    user: SpecialistUser,
    session: SessionDep,
    t: TranslatorDep,
) -> SanctionOut:
    """Record that the customer refused a binding job offer, and get its sanction."""
    customer = cases.customer_for(session, user, user_id)
    today = helsinki_today()
    sanction = decisions.record_job_refusal(session, user, customer, offer_id, data, today)
    return _sanction_out(plan.plan_state(session, customer, today), sanction, t)


@router.patch("/specialist/customers/{user_id}/job-applications/{application_id}")
def judge_application(
    user_id: RecordId,
    application_id: RecordId,
    data: RealisticIn,
    user: SpecialistUser,
    session: SessionDep,
) -> ApplicationOut:
    """Mark a reported job as realistic for the customer or not; unrealistic ones do not count."""
    customer = cases.customer_for(session, user, user_id)
    application = cases.set_realistic(session, user, customer, application_id, data.realistic)
    return _application_out(application)
