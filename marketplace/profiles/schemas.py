"""Profile API shapes: GET returns what PUT takes back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, model_validator

from marketplace.taxonomy.vocab import EmploymentType, LanguageLevel, Visibility, WorkingTime

# Documented limits (README "Limits"): they bound every text and list a profile can hold.
HEADLINE_MAX = 200
SUMMARY_MAX = 5000
ITEM_TEXT_MAX = 2000
MAX_SKILLS = 100
MAX_KEYWORDS = 50
MAX_WORK = 40
MAX_EDUCATION = 20
MAX_LANGUAGES = 20
MAX_LICENCES = 40
MAX_WISHES = 30

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, from_attributes=True)


class WorkItem(_In):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    occupation_code: Code | None = None
    employer: Short = ""
    start_date: date | None = None
    end_date: date | None = None
    description: str = Field(default="", max_length=ITEM_TEXT_MAX)

    @model_validator(mode="after")
    def _dates(self) -> WorkItem:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class EducationItem(_In):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    institution: Short = ""
    start_year: int | None = Field(default=None, ge=1940, le=2100)
    end_year: int | None = Field(default=None, ge=1940, le=2100)

    @model_validator(mode="after")
    def _years(self) -> EducationItem:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError("end_year is before start_year")
        return self


class LanguageItem(_In):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=3)]
    level: LanguageLevel


class JobWishes(_In):
    occupations: list[Code] = Field(default_factory=list, max_length=MAX_WISHES)
    municipalities: list[Code] = Field(default_factory=list, max_length=MAX_WISHES)
    regions: list[Code] = Field(default_factory=list, max_length=MAX_WISHES)
    employment_types: list[EmploymentType] = Field(default_factory=list, max_length=10)
    working_times: list[WorkingTime] = Field(default_factory=list, max_length=10)
    remote: bool = False
    available_from: date | None = None


class ContactDetails(_In):
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    email: EmailStr | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""


class ProfileDocument(_In):
    """The whole profile; read-only fields (id, version...) are accepted back and ignored."""

    id: int | None = None
    visibility: Visibility = Visibility.HIDDEN
    headline: Annotated[str, StringConstraints(strip_whitespace=True, max_length=HEADLINE_MAX)] = ""
    summary: str = Field(default="", max_length=SUMMARY_MAX)
    municipality: Code | None = None
    contact: ContactDetails = Field(default_factory=ContactDetails)
    skills: list[Code] = Field(default_factory=list, max_length=MAX_SKILLS)
    keywords: list[Keyword] = Field(default_factory=list, max_length=MAX_KEYWORDS)
    work: list[WorkItem] = Field(default_factory=list, max_length=MAX_WORK)
    education: list[EducationItem] = Field(default_factory=list, max_length=MAX_EDUCATION)
    languages: list[LanguageItem] = Field(default_factory=list, max_length=MAX_LANGUAGES)
    licences: list[Code] = Field(default_factory=list, max_length=MAX_LICENCES)
    wishes: JobWishes = Field(default_factory=JobWishes)
    # Read-only, filled on output; accepted back on PUT and ignored, so bounded like the rest.
    full_name: str | None = Field(default=None, max_length=300)
    reference: str | None = Field(default=None, max_length=40)
    version: int | None = None
    updated_at: datetime | None = None
