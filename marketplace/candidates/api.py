"""Candidate search JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from marketplace.accounts.models import Role, User
from marketplace.candidates.schemas import CandidatePage, CandidateQuery
from marketplace.candidates.service import search_candidates
from marketplace.deps import SessionDep, require_role

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
) -> CandidatePage:
    """Public and anonymous profiles: hybrid search with filters, facets, highlights and an
    explanation per result; anonymous ones show their reference, never a name or contact."""
    return search_candidates(request, session, query)
