"""Queries on conversations and messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from marketplace.messaging.models import Conversation, Message


def get(session: Session, conversation_id: int) -> Conversation | None:
    return session.get(Conversation, conversation_id)


def add(session: Session, conversation: Conversation) -> Conversation:
    session.add(conversation)
    session.flush()
    return conversation


def for_profile(session: Session, profile_id: int, limit: int, offset: int) -> list[Conversation]:
    """A candidate's conversations, latest activity first."""
    query = select(Conversation).where(Conversation.profile_id == profile_id)
    return _page(session, query, limit, offset)


def for_organization(
    session: Session, organization_id: int, limit: int, offset: int
) -> list[Conversation]:
    """An organisation's conversations, latest activity first."""
    query = select(Conversation).where(Conversation.organization_id == organization_id)
    return _page(session, query, limit, offset)


def _page(session: Session, query: Select[Any], limit: int, offset: int) -> list[Conversation]:
    ordered = query.order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    return list(session.scalars(ordered.limit(limit).offset(offset)))


def started_since(session: Session, user_id: int, since: datetime) -> int:
    """How many conversations the user has started since the given time."""
    query = select(func.count()).where(
        Conversation.started_by_id == user_id, Conversation.created_at >= since
    )
    return session.scalar(query) or 0


def involving_user(session: Session, user_id: int, profile_id: int | None) -> list[Conversation]:
    """Conversations about the user's profile or in which the user has written."""
    wrote = select(Message.conversation_id).where(Message.sender_id == user_id)
    condition = Conversation.id.in_(wrote) | (Conversation.started_by_id == user_id)
    if profile_id is not None:
        condition = condition | (Conversation.profile_id == profile_id)
    return list(session.scalars(select(Conversation).where(condition).order_by(Conversation.id)))
