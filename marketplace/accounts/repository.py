"""Queries on users."""

from __future__ import annotations

from sqlalchemy import delete as delete_rows
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import SignIn, User


def get_by_email(session: Session, email: str) -> User | None:
    """The user with this email (emails are stored lower-case)."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def add(session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def delete(session: Session, user: User) -> None:
    session.delete(user)
    session.flush()


def start_sign_in(session: Session, user: User) -> SignIn:
    """Record a new browser session of the user."""
    sign_in = SignIn(user_id=user.id)
    session.add(sign_in)
    session.flush()
    return sign_in


def sign_in_of(session: Session, sign_in_id: str, user_id: int) -> SignIn | None:
    """The live browser session with this id, when it belongs to the user."""
    found = session.get(SignIn, sign_in_id)
    return found if found is not None and found.user_id == user_id else None


def end_sign_ins(session: Session, user_id: int, sign_in_id: str | None = None) -> None:
    """End one browser session of the user, or all of them."""
    query = delete_rows(SignIn).where(SignIn.user_id == user_id)
    if sign_in_id is not None:
        query = query.where(SignIn.id == sign_in_id)
    session.execute(query)
