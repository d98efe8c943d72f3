"""Saved-search request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from marketplace.candidates.schemas import CandidateBase
from marketplace.saved_searches.models import NAME_MAX, SearchKind
from marketplace.vacancies.schemas import VacancySummary

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]
ParamValue = Annotated[str, StringConstraints(max_length=200)]


class SavedSearchIn(BaseModel):
    """A search to keep: its name and the search page's query parameters (paging left out)."""

    name: Name
    params: dict[str, ParamValue | Annotated[list[ParamValue], Field(max_length=50)]] = Field(
        default_factory=dict, max_length=20
    )


class SavedSearchOut(BaseModel):
    """A saved search with the number of its results that are new since the last visit."""

    id: int
    name: str
    kind: SearchKind
    params: dict[str, list[str]]
    search_url: str = Field(description="The search page showing the full ranked results")
    new_count: int
    created_at: datetime
    last_seen_at: datetime


class SavedSearchResults(BaseModel):
    """An opened saved search: new results first, then the ones seen before."""

    search: SavedSearchOut
    total: int = Field(description="Results tracked (at most 500)")
    new_ids: list[int]
    vacancies: list[VacancySummary] = Field(default_factory=list)
    candidates: list[CandidateBase] = Field(default_factory=list)
