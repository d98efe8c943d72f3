"""Front page and static information pages."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from marketplace.container import Services
from marketplace.deps import OptionalUser, ServicesDep, SessionDep
from marketplace.errors import ServiceUnavailable
from marketplace.indexing.queries import run_search
from marketplace.vacancies import repository
from marketplace.web import render
from search.base import SearchRequest

router = APIRouter(include_in_schema=False)


def _latest(services: Services, session: Session) -> tuple[int | None, list]:
    try:
        result = run_search(
            services,
            "vacancies",
            SearchRequest(limit=6, date_ranges={"deadline": (date.today(), None)}),
        )
    except ServiceUnavailable:
        return None, []
    found = repository.get_many(session, [h.id for h in result.hits])
    return result.total, [found[h.id] for h in result.hits if h.id in found]


@router.get("/")
def home(
    request: Request, user: OptionalUser, session: SessionDep, services: ServicesDep
) -> Response:
    total, latest = _latest(services, session)
    return render(request, "pages/home.html", total=total, latest=latest)


@router.get("/about/privacy")
def privacy(request: Request, user: OptionalUser) -> Response:
    return render(request, "pages/privacy.html")
