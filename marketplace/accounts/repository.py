"""Queries on users."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User


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
