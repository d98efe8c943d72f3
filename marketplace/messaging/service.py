"""Messaging: employers contact candidates through the platform, candidates reply.

Privacy: hidden profiles cannot be contacted (404, as if they did not exist). An anonymous
candidate's name and contact details reach the employer only after the candidate replies with
the explicit choice to share them in that conversation (`identity_shared`); they may withdraw
the choice in a later reply. Public profiles show the name, as the profile itself does.
A conversation belongs to the employer's whole organisation and to the candidate; everyone else
gets 404. Employers can write only while the profile is public or anonymous; the candidate can
always answer.

Rate limit: an employer user may start `CONTACTS_PER_DAY` conversations in any rolling 24 hours
(counted in the database, so it holds across workers); replies are not limited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.db import utcnow
from marketplace.employers.models import Organization
from marketplace.errors import Forbidden, NotFound, TooManyRequests, ValidationFailed
from marketplace.messaging import repository
from marketplace.messaging.models import Conversation, Message
from marketplace.messaging.schemas import (
    CandidateRef,
    ContactIn,
    ConversationOut,
    ConversationSummary,
    MessageOut,
    ReplyIn,
    VacancyRef,
)
from marketplace.profiles import repository as profile_repository
from marketplace.profiles import service as profiles
from marketplace.profiles.models import Profile
from marketplace.taxonomy.vocab import Visibility
from marketplace.vacancies import repository as vacancy_repository
from marketplace.vacancies.schemas import OrganizationRef

CONTACTS_PER_DAY = 50
INBOX_PAGE_MAX = 100


def start(session: Session, user: User, data: ContactIn) -> Conversation:
    """Contact a candidate: a new conversation with its first message."""
    if user.role != Role.EMPLOYER or user.organization_id is None:
        raise Forbidden("Only employer users of an organisation can contact candidates")
    profile = profiles.viewable(session, user, data.profile_id)
    if data.vacancy_id is not None:
        vacancy = vacancy_repository.get(session, data.vacancy_id)
        if vacancy is None or vacancy.organization_id != user.organization_id:
            raise ValidationFailed(
                "Choose a vacancy of your organisation",
                field="vacancy_id",
                key="messaging.invalid.vacancy_id",
            )
    now = utcnow()
    if repository.started_since(session, user.id, now - timedelta(days=1)) >= CONTACTS_PER_DAY:
        raise TooManyRequests(
            f"You can contact at most {CONTACTS_PER_DAY} candidates a day; try again tomorrow.",
            key="messaging.daily_limit_reached",
            params={"max": CONTACTS_PER_DAY},
        )
    conversation = Conversation(
        organization_id=user.organization_id,
        started_by_id=user.id,
        profile_id=profile.id,
        vacancy_id=data.vacancy_id,
        subject=data.subject,
        identity_shared=False,
        created_at=now,
        last_message_at=now,
        employer_seen_at=now,
    )
    conversation.messages.append(
        Message(sender_id=user.id, from_candidate=False, body=data.body, created_at=now)
    )
    return repository.add(session, conversation)


def _is_candidate(session: Session, user: User, conversation: Conversation) -> bool:
    profile = profile_repository.get(session, conversation.profile_id)
    return user.role == Role.JOBSEEKER and profile is not None and profile.user_id == user.id


def _is_employer(user: User, conversation: Conversation) -> bool:
    return user.role == Role.EMPLOYER and user.organization_id == conversation.organization_id


def accessible(session: Session, user: User, conversation_id: int) -> Conversation:
    """A conversation the user takes part in; 404 for everyone else."""
    conversation = repository.get(session, conversation_id)
    if conversation is None or not (
        _is_employer(user, conversation) or _is_candidate(session, user, conversation)
    ):
        raise NotFound("Conversation not found")
    return conversation


def inbox(session: Session, user: User, limit: int = 50, offset: int = 0) -> list[Conversation]:
    """The user's conversations, latest activity first (employers: the organisation's)."""
    if user.role == Role.EMPLOYER and user.organization_id is not None:
        return repository.for_organization(session, user.organization_id, limit, offset)
    if user.role == Role.JOBSEEKER:
        profile = profile_repository.get_by_user(session, user.id)
        return [] if profile is None else repository.for_profile(session, profile.id, limit, offset)
    raise Forbidden("Messages are for jobseekers and employers")


def open_conversation(session: Session, user: User, conversation_id: int) -> Conversation:
    """A conversation the user takes part in, marked read for their side."""
    conversation = accessible(session, user, conversation_id)
    if _is_employer(user, conversation):
        conversation.employer_seen_at = utcnow()
    else:
        conversation.candidate_seen_at = utcnow()
    session.flush()
    return conversation


def can_reply(session: Session, user: User, conversation: Conversation) -> bool:
    """Candidates can always answer; employers only while the profile is not hidden."""
    if not _is_employer(user, conversation):
        return True
    profile = profile_repository.get(session, conversation.profile_id)
    return profile is not None and profile.searchable


def reply(session: Session, user: User, conversation_id: int, data: ReplyIn) -> Conversation:
    """Add a message; the candidate's reply may share (or withdraw) their identity."""
    conversation = accessible(session, user, conversation_id)
    employer = _is_employer(user, conversation)
    if employer and data.share_identity is not None:
        raise ValidationFailed(
            "Only the candidate can share their identity",
            field="share_identity",
            key="messaging.invalid.share_identity",
        )
    if not can_reply(session, user, conversation):
        raise NotFound("The candidate's profile is no longer available")
    now = utcnow()
    conversation.messages.append(
        Message(sender_id=user.id, from_candidate=not employer, body=data.body, created_at=now)
    )
    conversation.last_message_at = now
    if employer:
        conversation.employer_seen_at = now
    else:
        conversation.candidate_seen_at = now
        if data.share_identity is not None:
            conversation.identity_shared = data.share_identity
    session.flush()
    return conversation


def _withdrawn(viewer: User, conversation: Conversation, profile: Profile) -> bool:
    """Hiding a profile withdraws it from employers entirely, old conversations included:
    no identity, no contact details, not even the profile's id or reference."""
    return _is_employer(viewer, conversation) and profile.visibility == Visibility.HIDDEN


def identity_shown(session: Session, viewer: User, conversation: Conversation) -> bool:
    """Whether the viewer sees the candidate's name and contact details in this conversation."""
    profile = profile_repository.get(session, conversation.profile_id)
    if profile is None or _withdrawn(viewer, conversation, profile):
        return False
    return conversation.identity_shared or profiles.identity_visible(session, viewer, profile)


def _candidate(
    session: Session, viewer: User, conversation: Conversation, profile: Profile
) -> CandidateRef:
    if _withdrawn(viewer, conversation, profile):
        return CandidateRef(profile_id=None, reference=None)
    if not identity_shown(session, viewer, conversation):
        return CandidateRef(profile_id=profile.id, reference=profile.reference)
    return CandidateRef(
        profile_id=profile.id,
        reference=profile.reference,
        name=profile.user.full_name,
        email=profile.contact_email or profile.user.email,
        phone=profile.phone or None,
    )


def _unread(viewer_is_employer: bool, conversation: Conversation) -> bool:
    """Whether the other side has written since the viewer's side last opened it."""
    seen = conversation.employer_seen_at if viewer_is_employer else conversation.candidate_seen_at
    return any(
        m.from_candidate == viewer_is_employer and (seen is None or m.created_at > seen)
        for m in conversation.messages
    )


def to_summary(session: Session, viewer: User, conversation: Conversation) -> ConversationSummary:
    """An inbox row as the viewer may see it."""
    return ConversationSummary(**_summary_fields(session, viewer, conversation))


def to_out(session: Session, viewer: User, conversation: Conversation) -> ConversationOut:
    """The whole conversation as the viewer may see it."""
    fields = _summary_fields(session, viewer, conversation)
    messages = [
        MessageOut(
            id=m.id,
            from_candidate=m.from_candidate,
            sender_name=_sender_name(session, m, fields["candidate"]),
            body=m.body,
            created_at=m.created_at,
        )
        for m in conversation.messages
    ]
    return ConversationOut(**fields, messages=messages)


def _sender_name(session: Session, message: Message, candidate: CandidateRef) -> str | None:
    """The candidate's name only as far as the viewer may see it; the employer's person."""
    if message.from_candidate:
        return candidate.name
    sender = session.get(User, message.sender_id) if message.sender_id is not None else None
    return sender.full_name if sender is not None else None


def _summary_fields(session: Session, viewer: User, conversation: Conversation) -> dict[str, Any]:
    profile = profile_repository.get(session, conversation.profile_id)
    assert profile is not None  # the conversation is deleted with the profile
    vacancy = (
        vacancy_repository.get(session, conversation.vacancy_id)
        if conversation.vacancy_id is not None
        else None
    )
    organization = _organization(session, conversation)
    return {
        "id": conversation.id,
        "subject": conversation.subject,
        "organization": organization,
        "vacancy": VacancyRef(id=vacancy.id, title=vacancy.title) if vacancy else None,
        "candidate": _candidate(session, viewer, conversation, profile),
        "identity_shared": conversation.identity_shared,
        "can_reply": can_reply(session, viewer, conversation),
        "unread": _unread(_is_employer(viewer, conversation), conversation),
        "created_at": conversation.created_at,
        "last_message_at": conversation.last_message_at,
    }


def _organization(session: Session, conversation: Conversation) -> OrganizationRef:
    organization = session.get(Organization, conversation.organization_id)
    assert organization is not None  # the conversation is deleted with the organisation
    return OrganizationRef(id=organization.id, name=organization.name)


def export_messages(session: Session, user: User) -> list[dict[str, Any]]:
    """Candidates get their whole conversations; employer users the messages they wrote."""
    profile = profile_repository.get_by_user(session, user.id)
    exported = []
    for conversation in repository.involving_user(
        session, user.id, profile.id if profile else None
    ):
        own = profile is not None and conversation.profile_id == profile.id
        exported.append(
            {
                "conversation_id": conversation.id,
                "subject": conversation.subject,
                "identity_shared": conversation.identity_shared,
                "messages": [
                    {
                        "from_candidate": m.from_candidate,
                        "body": m.body,
                        "created_at": m.created_at.isoformat(),
                    }
                    for m in conversation.messages
                    if own or m.sender_id == user.id
                ],
            }
        )
    return exported
