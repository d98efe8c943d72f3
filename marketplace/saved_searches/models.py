"""Saved searches and what their owner saw at the last visit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow

NAME_MAX = 100


class SearchKind(StrEnum):
    """What a saved search looks for: jobseekers save vacancy searches, employers candidates."""

    VACANCIES = "vacancies"
    CANDIDATES = "candidates"


class SavedSearch(Base):
    """A named set of search parameters with the result ids seen at the last visit."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    # Query-string parameters, each a list of values, as the search pages take them.
    params: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    seen_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
