"""The specialist's sanction decisions: neglects on the ladder (with the recomputation a late
neglect brings), job losses and refusals of binding job offers (rules 7-9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.errors import Conflict, NotFound, ValidationFailed
from marketplace.service_model import repository
from marketplace.service_model.models import (
    Customer,
    MeetingStatus,
    Neglect,
    SanctionRecord,
)
from marketplace.service_model.plan import (
    PARAMS,
    MeetingView,
    PlanState,
    audit,
    plan_state,
    refuse,
)
from marketplace.service_model.rules import (
    BindingDecision,
    BindingReason,
    NeglectKind,
    Sanction,
    earliest_job_loss,
    sanction_for_job_loss,
    sanction_for_job_refusal,
    sanction_for_neglect,
    sanctions_for_neglects,
)
from marketplace.service_model.schemas import (
    JobLossIn,
    JobRefusalIn,
    NeglectIn,
)


@dataclass(frozen=True)
class RecordedNeglect:
    """A neglect just recorded, its sanction, and the later sanctions it changed."""

    neglect: Neglect
    sanction: SanctionRecord
    recomputed: tuple[SanctionRecord, ...]


def record_neglect(
    session: Session, specialist: User, customer: Customer, data: NeglectIn, today: date
) -> RecordedNeglect:
    """Record a neglect and the sanction the ladder gives for it (rule 7).

    A neglect may be recorded after later ones; their sanctions that are not yet final are
    then derived again from the whole history.
    """
    state = plan_state(session, customer, today)
    meeting: MeetingView | None = None
    if data.kind is NeglectKind.MEETING:
        if not data.meeting_key:
            raise ValidationFailed("Choose the missed meeting", field="meeting_key")
        meeting = state.meeting(data.meeting_key)
        if meeting is None or meeting.status is not MeetingStatus.MISSED or meeting.record is None:
            raise ValidationFailed(
                "Only a meeting recorded as missed can be neglected", field="meeting_key"
            )
        if meeting.neglect_recorded:
            raise Conflict(
                "A neglect has already been recorded for this meeting", field="meeting_key"
            )
        conduct_on = meeting.date
    else:
        if data.period_start is None:
            raise ValidationFailed("Choose the period", field="period_start")
        period = next((p for p in state.periods if p.start == data.period_start), None)
        if period is None or not period.finished:
            raise ValidationFailed("Choose a period that has ended", field="period_start")
        if period.met:
            raise ValidationFailed("The obligation of this period was met", field="period_start")
        if period.neglect_recorded:
            raise Conflict(
                "A neglect has already been recorded for this period", field="period_start"
            )
        # The obligation is neglected when its period ends without enough reports.
        conduct_on = period.end
    earlier = [n.conduct_on for n in state.records.neglects if n.conduct_on <= conduct_on]
    later = [n for n in state.records.neglects if n.conduct_on > conduct_on]
    sanction = sanction_for_neglect(earlier, conduct_on, data.kind, params=PARAMS)
    neglect = Neglect(
        customer_id=customer.user_id,
        kind=data.kind,
        conduct_on=conduct_on,
        meeting_id=meeting.record.id if meeting and meeting.record else None,
        period_start=data.period_start if meeting is None else None,
        notes=data.notes,
        recorded_by_id=specialist.id,
    )
    session.add(neglect)
    session.flush()
    record = _decide(
        session,
        specialist,
        customer,
        sanction,
        today,
        data.notes,
        {"neglect_id": neglect.id},
        "neglect_recorded",
        neglect_id=neglect.id,
        kind=data.kind,
        conduct_on=conduct_on,
        sanction=sanction.kind,
        step=sanction.step,
    )
    changed = _recompute_later(session, specialist, state, [*earlier, conduct_on], later)
    return RecordedNeglect(neglect, record, tuple(changed))


def _recompute_later(
    session: Session,
    actor: User,
    state: PlanState,
    up_to_new: list[date],
    later: Sequence[Neglect],
) -> list[SanctionRecord]:
    """Re-derive the sanctions of neglects dated after a late-recorded one (rule 7).

    Sanctions already final keep what was decided; the others follow the ladder over the
    whole history. One audit entry lists every change and every final sanction left alone.
    """
    if not later:
        return []
    ladder = sanctions_for_neglects([*up_to_new, *(n.conduct_on for n in later)], params=PARAMS)
    changed: list[SanctionRecord] = []
    details: list[dict[str, Any]] = []
    for neglect, derived in zip(later, ladder[len(up_to_new) :], strict=True):
        record = state.sanction_of(neglect)
        if (record.step, record.neglect_number) == (derived.step, derived.number):
            continue
        entry = {"sanction_id": record.id, "from_step": record.step, "to_step": derived.step}
        if state.sanction_final(record):
            details.append({**entry, "kept_final": True})
            continue
        record.kind = derived.kind
        record.step = derived.step
        record.neglect_number = derived.number
        record.days = derived.days
        record.weeks = derived.weeks
        # A changed sanction is a new decision, so its appeal time starts again.
        record.decided_on = state.today
        record.decided_by_id = actor.id
        changed.append(record)
        details.append({**entry, "kept_final": False})
    if details:
        audit(session, actor, state.customer, "sanctions_recomputed", changes=details)
        session.flush()
    return changed


def record_job_loss(
    session: Session, specialist: User, customer: Customer, data: JobLossIn, today: date
) -> SanctionRecord:
    """Record a job the customer left or lost by their own action and its sanction (rules 8, 9)."""
    earliest = earliest_job_loss(customer.registered_on)
    if data.event_on > today:
        raise ValidationFailed("The date cannot be in the future", field="event_on")
    if data.event_on < earliest:
        # Rule 11: no sanction for a job that ended earlier could reach this customership.
        raise ValidationFailed(
            f"The job must have ended on {earliest.isoformat()} or later", field="event_on"
        )
    sanction = sanction_for_job_loss(data.event_on, data.reason, data.job_max_days, params=PARAMS)
    source = {"job_loss_reason": data.reason, "job_max_days": data.job_max_days}
    return _decide(
        session,
        specialist,
        customer,
        sanction,
        today,
        data.notes,
        source,
        "job_loss_recorded",
        event_on=data.event_on,
        reason=data.reason,
        days=sanction.days,
    )


def record_job_refusal(
    session: Session,
    specialist: User,
    customer: Customer,
    offer_id: int,
    data: JobRefusalIn,
    today: date,
) -> SanctionRecord:
    """Record that the customer refused a binding job offer, and its sanction (rule 8)."""
    offer = repository.offer(session, customer.user_id, offer_id)
    if offer is None:
        raise NotFound("No such job offer for this customer", field="offer")
    if not offer.binding:
        raise ValidationFailed(
            "This offer did not bind the customer, so refusing it has no sanction", field="offer"
        )
    if repository.refusal_of(session, offer.id) is not None:
        raise Conflict("A refusal of this offer has already been recorded", field="offer")
    errors: dict[str, str] = {}
    if data.refused_on > today:
        errors["refused_on"] = "The date cannot be in the future"
    elif data.refused_on < offer.made_on:
        errors["refused_on"] = "The job cannot be refused before it was offered"
    refuse(errors)
    decision = BindingDecision(offer.binding, BindingReason(offer.reason))
    sanction = sanction_for_job_refusal(
        data.refused_on, decision, offer.made_on, data.job_max_days, params=PARAMS
    )
    source = {"offer_id": offer.id, "job_max_days": data.job_max_days}
    return _decide(
        session,
        specialist,
        customer,
        sanction,
        today,
        data.notes,
        source,
        "job_refused",
        offer_id=offer.id,
        refused_on=data.refused_on,
        days=sanction.days,
    )


def _decide(
    session: Session,
    specialist: User,
    customer: Customer,
    sanction: Sanction,
    today: date,
    notes: str,
    source: dict[str, Any],
    action: str,
    /,
    **details: Any,
) -> SanctionRecord:
    """Save the sanction decided today for one conduct, tied to its `source` (a neglect, a job
    loss or a refused offer), and its audit entry (which names the sanction's id)."""
    record = SanctionRecord(
        customer_id=customer.user_id,
        kind=sanction.kind,
        conduct_on=sanction.conduct_on,
        step=sanction.step,
        neglect_number=sanction.number,
        days=sanction.days,
        weeks=sanction.weeks,
        rules=sanction.rules,
        notes=notes,
        decided_on=today,
        decided_by_id=specialist.id,
        **source,
    )
    session.add(record)
    session.flush()
    audit(session, specialist, customer, action, sanction_id=record.id, **details)
    return record
