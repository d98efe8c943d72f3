"""Closed vocabularies shared by profiles, vacancies and search filters."""

from __future__ import annotations

from enum import StrEnum


class Visibility(StrEnum):
    PUBLIC = "public"
    ANONYMOUS = "anonymous"
    HIDDEN = "hidden"


class EmploymentType(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    SUMMER = "summer"
    INTERNSHIP = "internship"
    APPRENTICESHIP = "apprenticeship"
    GIG = "gig"


class WorkingTime(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    SHIFT = "shift"


class Remote(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class LanguageLevel(StrEnum):
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
    NATIVE = "native"


class ConceptKind(StrEnum):
    OCCUPATION = "occupation"
    OCCUPATION_GROUP = "occupation_group"
    SKILL = "skill"
    LICENCE = "licence"
    LANGUAGE = "language"
    MUNICIPALITY = "municipality"
    REGION = "region"
