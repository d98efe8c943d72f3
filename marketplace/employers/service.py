"""Employer organisations: creation at registration, profile edits, clean-up."""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.employers import repository
from marketplace.employers.business_id import is_valid_business_id, normalize_business_id
from marketplace.employers.models import Organization
from marketplace.employers.schemas import OrganizationUpdate
from marketplace.errors import Conflict, NotFound, ValidationFailed
from marketplace.taxonomy.service import require_codes
from marketplace.vacancies import service as vacancies


def create_for_registration(session: Session, name: str, business_id: str) -> Organization:
    """A new organisation for the first user who registers it."""
    problems: dict[str, str] = {}
    name = name.strip()
    if not name:
        problems["organization_name"] = "Organisation name is required for employers"
    normalized = normalize_business_id(business_id)
    if not is_valid_business_id(normalized):
        problems["business_id"] = "Business ID must look like 1234567-8 with a valid check digit"
    if problems:
        raise ValidationFailed("Invalid organisation details", fields=problems)
    if repository.get_by_business_id(session, normalized):
        raise Conflict(
            "This organisation is already registered; ask its users to add you",
            field="business_id",
        )
    organization = Organization(name=name, business_id=normalized)
    session.add(organization)
    session.flush()
    return organization


def get_public(session: Session, organization_id: int) -> Organization:
    """An organisation by id; 404 when unknown."""
    organization = repository.get(session, organization_id)
    if organization is None:
        raise NotFound("Organisation not found")
    return organization


def _check_business_id_free(session: Session, organization: Organization, value: str) -> None:
    """A corrected Y-tunnus (checked by the schema) must not be another organisation's."""
    holder = repository.get_by_business_id(session, value)
    if holder is not None and holder.id != organization.id:
        raise Conflict("Another organisation has this business ID", field="business_id")


def update(session: Session, user: User, data: OrganizationUpdate) -> Organization:
    """Edit the employer's own organisation."""
    organization = get_public(session, user.organization_id or 0)
    if data.municipality_code is not None:
        require_codes("municipality", [data.municipality_code], "municipality_code")
    changes = data.model_dump(exclude_unset=True)
    if "business_id" in changes:
        _check_business_id_free(session, organization, changes["business_id"])
    for key, value in changes.items():
        setattr(organization, key, value)
    session.flush()
    return organization


def delete_if_orphaned(session: Session, organization: Organization) -> None:
    """Delete an organisation (and its vacancies) when its last user leaves."""
    if repository.member_count(session, organization.id) == 0:
        vacancies.forget_organization(session, organization.id)
        session.delete(organization)
        session.flush()


def export_organization(session: Session, user: User) -> dict[str, object] | None:
    """The user's organisation, for the data export."""
    if user.organization is None:
        return None
    return {"id": user.organization.id, "name": user.organization.name}
