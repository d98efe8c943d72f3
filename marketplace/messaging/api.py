"""Messaging JSON API: employers start conversations; both sides read and answer them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from marketplace.db import RecordId
from marketplace.deps import CurrentUser, EmployerUser, SessionDep
from marketplace.messaging import service
from marketplace.messaging.schemas import ContactIn, ConversationOut, ConversationSummary, ReplyIn

router = APIRouter(prefix="/api/v1", tags=["messaging"])

ConversationId = RecordId


@router.post(
    "/messages",
    status_code=status.HTTP_201_CREATED,
    responses={
        404: {"description": "No such profile, or it is hidden"},
        422: {"description": "Subject over 200 or body over 5000 characters, or empty"},
        429: {"description": f"More than {service.CONTACTS_PER_DAY} new conversations a day"},
    },
)
def contact_candidate(data: ContactIn, user: EmployerUser, session: SessionDep) -> ConversationOut:
    """Contact a candidate through the platform; anonymous candidates stay anonymous."""
    conversation = service.start(session, user, data)
    return service.to_out(session, user, conversation)


@router.get("/me/inbox")
def my_inbox(
    user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=service.INBOX_PAGE_MAX)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[ConversationSummary]:
    """The user's conversations, latest first (employers: their organisation's)."""
    conversations = service.inbox(session, user, limit=limit, offset=offset)
    return [service.to_summary(session, user, c) for c in conversations]


@router.get("/me/inbox/{conversation_id}")
def my_conversation(
    conversation_id: ConversationId, user: CurrentUser, session: SessionDep
) -> ConversationOut:
    """One conversation with its messages; marks it read for the user's side."""
    conversation = service.open_conversation(session, user, conversation_id)
    return service.to_out(session, user, conversation)


@router.post("/me/inbox/{conversation_id}/messages", status_code=status.HTTP_201_CREATED)
def reply(
    conversation_id: ConversationId, data: ReplyIn, user: CurrentUser, session: SessionDep
) -> ConversationOut:
    """Answer in a conversation; a candidate may share their identity with the employer."""
    conversation = service.reply(session, user, conversation_id, data)
    return service.to_out(session, user, conversation)
