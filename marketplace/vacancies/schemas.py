"""Vacancy shapes: the API's documents and the search parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from marketplace.profiles.schemas import Code, LanguageItem
from marketplace.searching import ResultOrder
from marketplace.taxonomy.query import QueryReading
from marketplace.taxonomy.vocab import EmploymentType, Remote, WorkingTime
from marketplace.vacancies.models import VacancyStatus

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
HOW_TO_APPLY_MAX = 2_000
MAX_VACANCY_SKILLS = 30
QUERY_MAX = 200
PER_PAGE_MAX = 50


def starts_before_deadline(start: date | None, deadline: date | None) -> bool:
    """Whether the work would start before the application period ends. With a deadline, the
    choice is made after it; a recruitment that never closes leaves the deadline empty."""
    return start is not None and deadline is not None and start < deadline


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    occupation_code: Code | None = None
    required_skills: list[Code] | None = Field(default=None, max_length=MAX_VACANCY_SKILLS)
    desired_skills: list[Code] | None = Field(default=None, max_length=MAX_VACANCY_SKILLS)
    municipality_code: Code | None = None
    remote: Remote | None = None
    start_date: date | None = None
    deadline: date | None = None
    salary_text: str | None = Field(default=None, max_length=200)
    how_to_apply: str | None = Field(default=None, max_length=HOW_TO_APPLY_MAX)
    languages: list[LanguageItem] | None = Field(default=None, max_length=10)
    licences: list[Code] | None = Field(default=None, max_length=20)


class VacancyCreate(_Fields):
    """A new vacancy; saved as a draft unless `publish` is true."""

    title: Title
    employment_type: EmploymentType
    working_time: WorkingTime
    publish: bool = False


class VacancyPatch(_Fields):
    """Changes to a vacancy; only the fields sent are changed."""

    title: Title | None = None
    employment_type: EmploymentType | None = None
    working_time: WorkingTime | None = None
    status: VacancyStatus | None = None


class OrganizationRef(BaseModel):
    id: int
    name: str


class VacancyOut(BaseModel):
    id: int
    organization: OrganizationRef
    title: str
    description: str
    occupation_code: str | None
    required_skills: list[str]
    desired_skills: list[str]
    municipality_code: str | None
    region_code: str | None
    employment_type: str
    working_time: str
    remote: str
    start_date: date | None
    deadline: date | None
    salary_text: str
    how_to_apply: str
    languages: list[dict[str, Any]]
    licences: list[str]
    status: str
    listed: bool
    published_at: datetime | None
    updated_at: datetime


class VacancySummary(BaseModel):
    """A vacancy in a result list, with search highlights when there was a query."""

    id: int
    title: str
    organization: OrganizationRef
    municipality_code: str | None
    occupation_code: str | None
    employment_type: str
    working_time: str
    remote: str
    deadline: date | None
    published_at: datetime | None
    score: float | None = None
    highlights: dict[str, list[str]] = Field(default_factory=dict)
    snippet: str = Field(
        default="",
        description="HTML: the sentence best matching the query (query words in <mark>), or "
        "the description's first sentence about the job; escaped",
    )


class VacancyPage(BaseModel):
    total: int = Field(description="Vacancies with evidence for the query, on every page")
    items: list[VacancySummary]
    facets: dict[str, dict[str, int]] = Field(default_factory=dict)
    offset: int = 0
    limit: int = 20
    query: QueryReading | None = Field(default=None, description="How the query was read")


@dataclass
class VacancyQuery:
    """Search parameters; every filter takes several values (any of them matches)."""

    q: Annotated[str, Query(max_length=QUERY_MAX)] = ""
    municipality: Annotated[list[str] | None, Query()] = None
    region: Annotated[list[str] | None, Query()] = None
    occupation: Annotated[list[str] | None, Query()] = None
    employment_type: Annotated[list[EmploymentType] | None, Query()] = None
    working_time: Annotated[list[WorkingTime] | None, Query()] = None
    remote: Annotated[list[Remote] | None, Query()] = None
    published_since: Annotated[date | None, Query()] = None
    sort: Annotated[
        ResultOrder | None,
        Query(
            description="relevance (the default with words), newest (published), or soonest "
            "(application deadline first, open-until-filled ones last)"
        ),
    ] = None
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0
    limit: Annotated[int, Query(ge=1, le=PER_PAGE_MAX)] = 20
