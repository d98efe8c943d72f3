"""Organisation API shapes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class OrganizationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    business_id: str
    description: str
    website: str
    municipality_code: str | None


class OrganizationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    website: str | None = Field(default=None, max_length=300, pattern=r"^(https?://\S+)?$")
    municipality_code: str | None = Field(default=None, max_length=3)
