"""Shortlist request and response bodies, and the candidate card employers see."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from marketplace.db import ID_MAX
from marketplace.shortlists.models import NOTE_MAX


class CandidateCard(BaseModel):
    """A candidate as an employer may see them in lists: the name only on public profiles."""

    profile_id: int
    reference: str
    name: str | None = None
    headline: str
    municipality: str | None = None


class ShortlistAdd(BaseModel):
    """Put a candidate on the shortlist, or change the note of one already there."""

    profile_id: int = Field(ge=1, le=ID_MAX)
    note: str = Field("", max_length=NOTE_MAX)


class ShortlistEntryOut(BaseModel):
    """One shortlisted candidate."""

    candidate: CandidateCard
    note: str
    added_at: datetime
    updated_at: datetime


class ShortlistOut(BaseModel):
    """A vacancy's shortlist; candidates whose profiles are hidden are left out."""

    vacancy_id: int
    vacancy_title: str
    entries: list[ShortlistEntryOut]
