"""Candidate search JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from marketplace.accounts.models import Role, User
from marketplace.candidates.schemas import CandidatePage, CandidateQuery
from marketplace.candidates.search import search_candidates
from marketplace.deps import ServicesDep, SessionDep, require_role
from marketplace.web import current_language

router = APIRouter(prefix="/api/v1/candidates", tags=["candidates"])

# Employers search candidates; specialists and administrators may look too.
CandidateSearcher = Annotated[
    User, Depends(require_role(Role.EMPLOYER, Role.SPECIALIST, Role.ADMIN))
]


@router.get("")
def list_candidates(
    request: Request,
    user: CandidateSearcher,
    query: Annotated[CandidateQuery, Depends()],
    session: SessionDep,
    services: ServicesDep,
) -> CandidatePage:
    """Public and anonymous profiles with evidence for the query (a text match, or a meaning
    close enough), with filters, facets, highlights and an explanation per result; anonymous
    ones show their reference, never a name or contact. A query that finds nothing (or holds
    nothing to look for) gives total 0 and `query` tells how it was read, with suggestions."""
    return search_candidates(services, session, query, lang=current_language(request))
