"""Account API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from marketplace.accounts.security import PASSWORD_MAX_LENGTH


class RegisterIn(BaseModel):
    """Self-service registration of a jobseeker or an employer user."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
    role: Literal["jobseeker", "employer"]
    full_name: str = Field(min_length=1, max_length=200)
    organization_name: str | None = Field(default=None, max_length=200)
    business_id: str | None = Field(default=None, max_length=20)
    locale: Literal["fi", "sv", "en"] = "fi"


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    business_id: str


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    role: str
    full_name: str
    locale: str
    organization: OrganizationOut | None = None
    created_at: datetime


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class PasswordChangeIn(BaseModel):
    """The current password and a new one."""

    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
    new_password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)


class PasswordResetRequestIn(BaseModel):
    """The email of the account whose password was forgotten."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailStr = Field(max_length=254)


class PasswordResetIn(BaseModel):
    """The token from a reset link and the new password."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=500)
    new_password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
