"""Organisation JSON API."""

from __future__ import annotations

from fastapi import APIRouter

from marketplace.db import RecordId
from marketplace.deps import EmployerUser, SessionDep
from marketplace.employers import service
from marketplace.employers.schemas import OrganizationPublic, OrganizationUpdate

router = APIRouter(prefix="/api/v1/organizations", tags=["employers"])


@router.get("/{organization_id}")
def get_organization(organization_id: RecordId, session: SessionDep) -> OrganizationPublic:
    """Public facts about an employer."""
    return OrganizationPublic.model_validate(service.get_public(session, organization_id))


@router.patch("/me")
def update_my_organization(
    data: OrganizationUpdate, user: EmployerUser, session: SessionDep
) -> OrganizationPublic:
    """Edit the employer's own organisation."""
    return OrganizationPublic.model_validate(service.update(session, user, data))
