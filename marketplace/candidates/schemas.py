"""Candidate search shapes: the query parameters and what an employer sees of a profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from marketplace.searching import ResultOrder
from marketplace.taxonomy.query import QueryReading

QUERY_MAX = 200
PER_PAGE_MAX = 50
MAX_OFFSET = 10_000

LocationFit = Literal["municipality", "region", "not_asked"]


@dataclass
class CandidateQuery:
    """Search parameters; every filter takes several values (any of them matches)."""

    q: Annotated[str, Query(max_length=QUERY_MAX)] = ""
    skill: Annotated[list[str] | None, Query()] = None
    municipality: Annotated[list[str] | None, Query()] = None
    region: Annotated[list[str] | None, Query()] = None
    language: Annotated[list[str] | None, Query()] = None
    licence: Annotated[list[str] | None, Query()] = None
    occupation: Annotated[list[str] | None, Query()] = None
    available_from: Annotated[
        date | None,
        Query(description="Available by this date: starts on or before it, or at once"),
    ] = None
    sort: Annotated[
        ResultOrder | None,
        Query(
            description="relevance (the default with words), newest (profile updated), or "
            "soonest (available first, those available now at the top)"
        ),
    ] = None
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0
    limit: Annotated[int, Query(ge=1, le=PER_PAGE_MAX)] = 20


class CandidateBase(BaseModel):
    """A searchable profile as an employer sees it: no contact details, and no name unless the
    profile is public (anonymous profiles show their reference only)."""

    id: int
    reference: str
    name: str | None
    visibility: str
    headline: str
    municipality_code: str | None
    skills: list[str] = Field(description="Skill codes, the ones asked for first")
    occupations: list[str] = Field(description="Wished occupation codes")
    available_from: date | None
    snippet: str = Field(
        default="",
        description="HTML: the sentence best matching the query (query words in <mark>), or "
        "the summary's first sentence; escaped",
    )


class SearchExplanation(BaseModel):
    """Why a profile was found by a free search (no vacancy to compare with)."""

    skills_matched: list[str] = Field(description="Asked skills (filter or query words) it has")
    skills_missing: list[str] = Field(description="Skills the query names that it lacks")
    occupations_matched: list[str]
    location_fit: LocationFit
    locations_matched: list[str] = Field(description="Asked municipality and region codes")
    languages_matched: list[str]
    languages: dict[str, str] = Field(description="All its languages with their levels")
    licences_matched: list[str]
    available: bool | None = Field(description="Available by the asked date; None if not asked")
    text_match: bool = Field(description="The query words occur in the profile")
    semantic_match: bool = Field(
        description="The profile is among the nearest to the query in meaning"
    )


class CandidateSummary(CandidateBase):
    """A candidate in a search result."""

    score: float | None = None
    highlights: dict[str, list[str]] = Field(default_factory=dict)
    explanation: SearchExplanation


class CandidatePage(BaseModel):
    total: int = Field(description="Candidates with evidence for the query, on every page")
    items: list[CandidateSummary]
    facets: dict[str, dict[str, int]] = Field(default_factory=dict)
    offset: int = 0
    limit: int = 20
    query: QueryReading | None = Field(default=None, description="How the query was read")
