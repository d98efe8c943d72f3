"""Organisation API shapes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


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

    @field_validator("name", "description", "website", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Left out means "keep"; these columns cannot be empty, so an explicit null is an error
        # (an empty string clears the description or website).
        if value is None:
            raise ValueError("must not be null")
        return value
