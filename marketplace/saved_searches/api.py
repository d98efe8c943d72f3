"""Saved-search JSON API: jobseekers' vacancy searches and employers' candidate searches."""

from __future__ import annotations

from fastapi import APIRouter, status

from marketplace.db import RecordId
from marketplace.deps import CurrentUser, ServicesDep, SessionDep
from marketplace.saved_searches import service
from marketplace.saved_searches.schemas import SavedSearchIn, SavedSearchOut, SavedSearchResults

router = APIRouter(prefix="/api/v1/me/saved-searches", tags=["saved searches"])

SearchId = RecordId


@router.get("")
def list_saved_searches(
    user: CurrentUser, session: SessionDep, services: ServicesDep
) -> list[SavedSearchOut]:
    """The user's saved searches with the number of results new since the last visit."""
    return service.listing(services, session, user)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": f"Already {service.SAVED_MAX} saved searches"}},
)
def save_search(
    data: SavedSearchIn, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> SavedSearchOut:
    """Save a search (jobseekers: vacancy parameters; employers: candidate parameters)."""
    return service.to_out(service.create(services, session, user, data), 0)


@router.delete("/{search_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_saved_search(search_id: SearchId, user: CurrentUser, session: SessionDep) -> None:
    """Forget a saved search."""
    service.delete(session, user, search_id)


@router.post("/{search_id}/open")
def open_saved_search(
    search_id: SearchId, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> SavedSearchResults:
    """Run the search: new results first, then the rest; all of them count as seen after."""
    return service.open_search(services, session, user, search_id)
