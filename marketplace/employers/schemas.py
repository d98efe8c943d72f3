"""Organisation API shapes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from marketplace.employers.business_id import is_valid_business_id, normalize_business_id


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
    business_id: str | None = Field(default=None, max_length=20)
    description: str | None = Field(default=None, max_length=5000)
    website: str | None = Field(default=None, max_length=300, pattern=r"^(https?://\S+)?$")
    municipality_code: str | None = Field(default=None, max_length=3)

    @field_validator("name", "business_id", "description", "website", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Left out means "keep"; these columns cannot be empty, so an explicit null is an error
        # (an empty string clears the description or website).
        if value is None:
            raise ValueError("must not be null")
        return value

    @field_validator("business_id")
    @classmethod
    def _valid_business_id(cls, value: str | None) -> str | None:
        if value is None:
            return None
        normalized = normalize_business_id(value)
        if not is_valid_business_id(normalized):
            raise ValueError("Business ID must look like 1234567-8 with a valid check digit")
        return normalized
