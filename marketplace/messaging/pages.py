"""Message pages: the jobseeker's inbox, the employer's conversations and the contact form."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.db import ID_MAX
from marketplace.deps import EmployerUser, JobseekerUser, SessionDep, verify_csrf
from marketplace.errors import TooManyRequests, ValidationFailed
from marketplace.i18n import Translator
from marketplace.messaging import service
from marketplace.messaging.api import ConversationId
from marketplace.messaging.models import BODY_MAX, SUBJECT_MAX
from marketplace.messaging.schemas import ContactIn, ReplyIn
from marketplace.profiles import service as profiles
from marketplace.shortlists import service as shortlists
from marketplace.templating import format_date
from marketplace.web import current_language, form_errors, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

HELSINKI = ZoneInfo("Europe/Helsinki")
CANDIDATE_BASE = "/me/inbox"
EMPLOYER_BASE = "/employer/messages"
PageId = Annotated[int, Query(ge=1, le=ID_MAX)]


def timestamp(value: datetime, lang: str) -> str:
    """Date and time of a message in Finnish local time."""
    local = value.astimezone(HELSINKI)
    return f"{format_date(local, lang)} {local:%H:%M}"


def _errors(exc: Exception, t: Translator) -> dict[str, str]:
    """A refused message's faults in the page's language, each named by its field's label (the
    service's own refusals carry their catalogue sentence)."""
    return form_errors(exc, {"subject": t("messaging.subject"), "body": t("messaging.body")})


def _inbox_page(request: Request, session: Session, user: User, base: str) -> Response:
    conversations = service.inbox(session, user, limit=service.INBOX_PAGE_MAX)
    return render(
        request,
        "messaging/inbox.html",
        conversations=[service.to_summary(session, user, c) for c in conversations],
        base=base,
        employer_side=user.is_employer,
        timestamp=timestamp,
    )


def _conversation_page(
    request: Request,
    session: Session,
    user: User,
    conversation_id: int,
    base: str,
    errors: dict[str, str] | None = None,
    body: str = "",
    status_code: int = 200,
) -> Response:
    conversation = service.open_conversation(session, user, conversation_id)
    t = Translator(current_language(request))
    sent = request.query_params.get("done") == "sent"
    return render(
        request,
        "messaging/conversation.html",
        status_code=status_code,
        conversation=service.to_out(session, user, conversation),
        base=base,
        employer_side=user.is_employer,
        errors=errors or {},
        body=body,
        body_max=BODY_MAX,
        timestamp=timestamp,
        flash=t("messaging.sent") if sent and not errors else None,
    )


def _reply(
    request: Request,
    session: Session,
    user: User,
    conversation_id: int,
    base: str,
    body: str,
    share_identity: bool | None,
) -> Response:
    try:
        data = ReplyIn(body=body, share_identity=share_identity)
        service.reply(session, user, conversation_id, data)
    except (ValidationError, ValidationFailed) as exc:
        errors = _errors(exc, Translator(current_language(request)))
        return _conversation_page(request, session, user, conversation_id, base, errors, body, 422)
    return redirect(f"{base}/{conversation_id}?done=sent")


# --- jobseekers ---------------------------------------------------------------------------------


@router.get("/me/inbox")
def candidate_inbox(request: Request, user: JobseekerUser, session: SessionDep) -> Response:
    """Conversations employers have started with the jobseeker."""
    return _inbox_page(request, session, user, CANDIDATE_BASE)


@router.get("/me/inbox/{conversation_id}")
def candidate_conversation(
    request: Request, conversation_id: ConversationId, user: JobseekerUser, session: SessionDep
) -> Response:
    """One conversation with a reply form and the choice to share one's identity."""
    return _conversation_page(request, session, user, conversation_id, CANDIDATE_BASE)


@router.post("/me/inbox/{conversation_id}/reply")
def candidate_reply(
    request: Request,
    conversation_id: ConversationId,
    user: JobseekerUser,
    session: SessionDep,
    body: Annotated[str, Form(max_length=BODY_MAX * 2)] = "",
    share_identity: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The jobseeker's answer; the checkbox's state is their current choice about identity."""
    share = bool(share_identity)
    return _reply(request, session, user, conversation_id, CANDIDATE_BASE, body, share)


# --- employers ----------------------------------------------------------------------------------


@router.get("/employer/messages")
def employer_inbox(request: Request, user: EmployerUser, session: SessionDep) -> Response:
    """The organisation's conversations with candidates."""
    return _inbox_page(request, session, user, EMPLOYER_BASE)


def _contact_form(
    request: Request,
    session: Session,
    user: User,
    profile_id: int,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    profile = profiles.viewable(session, user, profile_id)
    return render(
        request,
        "messaging/new.html",
        status_code=status_code,
        candidate=shortlists.candidate_card(session, user, profile),
        vacancies=shortlists.vacancies_for_adding(session, user),
        form=form,
        errors=errors,
        subject_max=SUBJECT_MAX,
        body_max=BODY_MAX,
        daily_limit=service.CONTACTS_PER_DAY,
    )


@router.get("/employer/messages/new")
def contact_form(
    request: Request,
    user: EmployerUser,
    session: SessionDep,
    profile_id: PageId,
    vacancy_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
) -> Response:
    """The form for contacting a candidate (404 when the profile is hidden); a link naming one
    of the organisation's vacancies (from its candidates) starts the subject with its title."""
    titles = [v.title for v in shortlists.vacancies_for_adding(session, user) if v.id == vacancy_id]
    form = {"vacancy_id": vacancy_id, "subject": titles[0] if titles else "", "body": ""}
    return _contact_form(request, session, user, profile_id, form, {})


@router.post("/employer/messages")
def contact(
    request: Request,
    user: EmployerUser,
    session: SessionDep,
    profile_id: Annotated[int, Form(ge=1, le=ID_MAX)],
    vacancy_id: Annotated[str, Form(max_length=12)] = "",
    subject: Annotated[str, Form(max_length=SUBJECT_MAX * 2)] = "",
    body: Annotated[str, Form(max_length=BODY_MAX * 2)] = "",
) -> Response:
    """Send the first message; errors come back on the form, field by field."""
    form: dict[str, Any] = {"vacancy_id": vacancy_id, "subject": subject, "body": body}
    try:
        data = ContactIn.model_validate(
            {
                "profile_id": profile_id,
                "vacancy_id": vacancy_id or None,
                "subject": subject,
                "body": body,
            }
        )
        conversation = service.start(session, user, data)
    except (ValidationError, ValidationFailed, TooManyRequests) as exc:
        status = exc.status_code if isinstance(exc, TooManyRequests) else 422
        errors = _errors(exc, Translator(current_language(request)))
        return _contact_form(request, session, user, profile_id, form, errors, status)
    return redirect(f"{EMPLOYER_BASE}/{conversation.id}?done=sent")


@router.get("/employer/messages/{conversation_id}")
def employer_conversation(
    request: Request, conversation_id: ConversationId, user: EmployerUser, session: SessionDep
) -> Response:
    """One conversation; the candidate's identity only as far as it is visible or shared."""
    return _conversation_page(request, session, user, conversation_id, EMPLOYER_BASE)


@router.post("/employer/messages/{conversation_id}/reply")
def employer_reply(
    request: Request,
    conversation_id: ConversationId,
    user: EmployerUser,
    session: SessionDep,
    body: Annotated[str, Form(max_length=BODY_MAX * 2)] = "",
) -> Response:
    """The employer's further message."""
    return _reply(request, session, user, conversation_id, EMPLOYER_BASE, body, None)
