"""Match shapes: a score and a readable explanation for every ranked pair."""

from __future__ import annotations

from pydantic import BaseModel, Field

from marketplace.candidates.schemas import CandidateBase
from marketplace.vacancies.schemas import VacancySummary
from matching.scoring import Fit, LanguageFit, LocationFit, OccupationFit, Recency


class MatchExplanation(BaseModel):
    """Why a profile and a vacancy fit (see `matching.scoring.Explanation`)."""

    skills_matched: list[str] = Field(description="Vacancy skills the profile has")
    required_missing: list[str] = Field(description="Required skills the profile lacks")
    desired_matched: list[str]
    occupation_fit: OccupationFit
    location_fit: LocationFit
    language_fit: LanguageFit
    languages_below: list[str]
    languages_missing: list[str]
    working_time_fit: Fit
    employment_type_fit: Fit
    recency: Recency = Field(description="How recent the relevant work experience is")
    years_since_relevant: float | None
    licences_missing: list[str]
    components: dict[str, float] = Field(description="Score parts: retrieval, skills, ...")


class CandidateMatch(CandidateBase):
    """A candidate ranked for a vacancy."""

    score: float
    explanation: MatchExplanation


class CandidateMatchPage(BaseModel):
    vacancy_id: int
    total: int
    items: list[CandidateMatch]
    offset: int = 0
    limit: int = 20


class VacancyMatch(VacancySummary):
    """A vacancy recommended to a jobseeker."""

    score: float  # always set for a match
    explanation: MatchExplanation


class VacancyMatchPage(BaseModel):
    total: int
    items: list[VacancyMatch]
    offset: int = 0
    limit: int = 20
