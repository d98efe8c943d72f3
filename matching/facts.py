"""Plain facts about profiles and vacancies that the marketplace builds from its database rows.

Matching works on these frozen values only, so it never needs the ORM, and a profile's name,
email, phone or address cannot leak into texts or explanations: they are not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

RemoteMode = Literal["onsite", "hybrid", "remote"]

# Language levels from weakest to strongest; "native" ranks above C2.
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


def level_rank(level: str | None) -> int:
    """Rank a language level on the CEFR scale (A1=0 ... native=6); -1 when unknown or absent."""
    if not level:
        return -1
    normalised = level.strip()
    if normalised.lower() == "native":
        return CEFR_LEVELS.index("native")
    normalised = normalised.upper()
    return CEFR_LEVELS.index(normalised) if normalised in CEFR_LEVELS else -1


def _frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    # A read-only copy keeps the facts immutable even if the caller mutates its dict later.
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class WorkItem:
    """One job in a person's work history; `end` None means the job is ongoing."""

    title: str
    occupation_code: str | None
    employer: str
    start: date | None
    end: date | None
    description: str = ""


@dataclass(frozen=True)
class EducationItem:
    """One degree or course."""

    title: str
    institution: str
    end_year: int | None = None


@dataclass(frozen=True)
class ProfileFacts:
    """What matching may know about a jobseeker profile."""

    id: int
    headline: str = ""
    summary: str = ""
    skill_codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    occupation_codes: tuple[str, ...] = ()  # wished occupations
    work: tuple[WorkItem, ...] = ()
    education: tuple[EducationItem, ...] = ()
    # ISO code -> 'A1'..'C2' or 'native'; excluded from hashing because mappings are unhashable.
    languages: Mapping[str, str] = field(default_factory=dict, hash=False)
    licences: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    working_times: tuple[str, ...] = ()
    remote: bool = False
    available_from: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", _frozen_mapping(self.languages))


@dataclass(frozen=True)
class VacancyFacts:
    """What matching may know about a vacancy; `languages` holds required minimum levels."""

    id: int
    title: str
    description: str = ""
    occupation_code: str | None = None
    required_skill_codes: tuple[str, ...] = ()
    desired_skill_codes: tuple[str, ...] = ()
    municipality: str | None = None
    region: str | None = None
    employment_type: str | None = None
    working_time: str | None = None
    remote: RemoteMode = "onsite"
    languages: Mapping[str, str] = field(default_factory=dict, hash=False)
    licences: tuple[str, ...] = ()
    start_date: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", _frozen_mapping(self.languages))


# Display label of a skill or occupation code in the text's language; a taxonomy service may
# hand in any Mapping (a dict, or a lazy view over its tables).
ConceptLabels = Mapping[str, str]
