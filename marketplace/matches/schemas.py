"""Match shapes: a score and a readable explanation for every ranked pair."""

from __future__ import annotations

from pydantic import BaseModel, Field

from marketplace.candidates.schemas import CandidateBase
from marketplace.vacancies.schemas import VacancySummary
from matching.scoring import (
    Evidence,
    Fit,
    FitBand,
    LanguageFit,
    LocationFit,
    OccupationFit,
    Recency,
)


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
    evidence: list[Evidence] = Field(
        description="What ties the pair: the occupation (group), a required skill, close meaning"
    )
    fit: FitBand = Field(
        description="strong (score >= 60) or good (>= 25) with evidence; loose otherwise"
    )


class CandidateMatch(CandidateBase):
    """A candidate ranked for a vacancy."""

    score: float
    explanation: MatchExplanation


class CandidateMatchPage(BaseModel):
    vacancy_id: int
    total: int = Field(description="Candidates listed: the good fits, or all with `loose`")
    good_fits: int = Field(description="Strong and good fits")
    loose: int = Field(description="Loosely related candidates, listed only with `loose`")
    items: list[CandidateMatch]
    offset: int = 0
    limit: int = 20


class VacancyMatch(VacancySummary):
    """A vacancy recommended to a jobseeker."""

    score: float  # always set for a match
    explanation: MatchExplanation


class VacancyMatchPage(BaseModel):
    total: int = Field(description="Vacancies listed: the good fits, or all with `loose`")
    good_fits: int = Field(description="Strong and good fits")
    loose: int = Field(description="Loosely related vacancies, listed only with `loose`")
    items: list[VacancyMatch]
    offset: int = 0
    limit: int = 20
