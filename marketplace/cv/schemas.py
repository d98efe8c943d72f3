"""CV shapes: the document a template renders, and the API's request and response bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from marketplace.db import RecordId

# Documented limit (docs/cv.md): one ZIP holds at most this many CVs.
ZIP_MAX_PROFILES = 50

CvLanguage = Literal["fi", "sv", "en"]


@dataclass(frozen=True)
class CvWork:
    """A work experience item with its labels already in the CV language."""

    title: str
    employer: str
    period: str
    occupation: str
    description: str


@dataclass(frozen=True)
class CvEducation:
    """An education item."""

    title: str
    institution: str
    years: str


@dataclass(frozen=True)
class CvFact:
    """A labelled value, such as a language and its level or a job wish."""

    label: str
    value: str


@dataclass(frozen=True)
class CvDocument:
    """Everything one CV shows, resolved for one language and one kind of reader.

    An anonymised document never carries the name or contact details: the template cannot leak
    what it is not given.
    """

    profile_id: int
    reference: str
    version: int
    updated_at: datetime
    lang: str
    anonymised: bool
    display_name: str
    name: str | None
    headline: str
    summary: str
    email: str
    phone: str
    address: str
    municipality: str
    skills: tuple[str, ...]
    work: tuple[CvWork, ...]
    education: tuple[CvEducation, ...]
    languages: tuple[CvFact, ...]
    licences: tuple[str, ...]
    wishes: tuple[CvFact, ...]
    # Distinguishes renderings whose inputs outside the profile row differ (account name,
    # taxonomy release, layout); part of the cache key and ETag.
    fingerprint: str

    @property
    def cache_key(self) -> str:
        """Profile id, version, language and anonymised flag (plus the fingerprint)."""
        flag = "a" if self.anonymised else "f"
        return f"cv-{self.profile_id}-{self.version}-{self.lang}-{flag}-{self.fingerprint}"

    @property
    def filename(self) -> str:
        """File name for the PDF: the person's name, or the candidate reference."""
        base = self.name or self.reference
        safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in base).strip(" .")
        return f"{safe or self.reference}.pdf"


class ZipRequest(BaseModel):
    """A shortlist to download as one ZIP of CV PDFs."""

    model_config = ConfigDict(extra="forbid")

    profile_ids: Annotated[list[RecordId], Field(min_length=1, max_length=ZIP_MAX_PROFILES)]
    lang: CvLanguage = "fi"


class CvViewOut(BaseModel):
    """One entry of the jobseeker's CV access log."""

    model_config = ConfigDict(from_attributes=True)

    created_at: datetime
    organization_name: str
    viewer_name: str
    format: str
