"""Queries on saved searches."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.saved_searches.models import SavedSearch


def get(session: Session, search_id: int) -> SavedSearch | None:
    return session.get(SavedSearch, search_id)


def for_user(session: Session, user_id: int) -> list[SavedSearch]:
    query = select(SavedSearch).where(SavedSearch.user_id == user_id)
    return list(session.scalars(query.order_by(SavedSearch.created_at, SavedSearch.id)))


def count_for_user(session: Session, user_id: int) -> int:
    query = select(func.count()).where(SavedSearch.user_id == user_id)
    return session.scalar(query) or 0


def add(session: Session, search: SavedSearch) -> SavedSearch:
    session.add(search)
    session.flush()
    return search


def delete(session: Session, search: SavedSearch) -> None:
    session.delete(search)
    session.flush()
