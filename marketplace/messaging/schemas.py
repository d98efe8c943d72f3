"""Message request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from marketplace.db import ID_MAX
from marketplace.messaging.models import BODY_MAX, SUBJECT_MAX
from marketplace.vacancies.schemas import OrganizationRef

Subject = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SUBJECT_MAX)
]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=BODY_MAX)]


class ContactIn(BaseModel):
    """An employer's first message to a candidate, which starts a conversation."""

    profile_id: int = Field(ge=1, le=ID_MAX)
    vacancy_id: int | None = Field(None, ge=1, le=ID_MAX)
    subject: Subject
    body: Body


class ReplyIn(BaseModel):
    """A further message. `share_identity` is the candidate's choice to show their name and
    contact details to this employer; None leaves the earlier choice as it is."""

    body: Body
    share_identity: bool | None = None


class VacancyRef(BaseModel):
    id: int
    title: str


class CandidateRef(BaseModel):
    """The candidate as the viewer may see them: identity only when visible or shared; to an
    employer nothing at all (not even the id or reference) once the profile is hidden."""

    profile_id: int | None
    reference: str | None
    name: str | None = None
    email: str | None = None
    phone: str | None = None


class MessageOut(BaseModel):
    """One message; `sender_name` is None when the sender's identity is not shown."""

    id: int
    from_candidate: bool
    sender_name: str | None
    body: str
    created_at: datetime


class ConversationSummary(BaseModel):
    """A conversation as an inbox row."""

    id: int
    subject: str
    organization: OrganizationRef
    vacancy: VacancyRef | None
    candidate: CandidateRef
    identity_shared: bool
    can_reply: bool
    unread: bool
    created_at: datetime
    last_message_at: datetime


class ConversationOut(ConversationSummary):
    """A conversation with all its messages, oldest first."""

    messages: list[MessageOut]
