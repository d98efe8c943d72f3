"""Every router of the service, included in one place."""

from __future__ import annotations

from fastapi import FastAPI

from marketplace import health
from marketplace.accounts import api as accounts_api
from marketplace.accounts import pages as accounts_pages
from marketplace.candidates import api as candidates_api
from marketplace.candidates import pages as candidates_pages
from marketplace.cv import api as cv_api
from marketplace.cv import pages as cv_pages
from marketplace.employers import api as employers_api
from marketplace.employers import pages as employers_pages
from marketplace.matches import api as matches_api
from marketplace.matches import pages as matches_pages
from marketplace.messaging import api as messaging_api
from marketplace.messaging import pages as messaging_pages
from marketplace.pages import dashboard
from marketplace.pages import pages as home_pages
from marketplace.profiles import api as profiles_api
from marketplace.profiles import builder_pages, history_pages, view_pages
from marketplace.profiles import pages as profiles_pages
from marketplace.saved_searches import api as saved_searches_api
from marketplace.saved_searches import pages as saved_searches_pages
from marketplace.service_model import api as service_model_api
from marketplace.service_model import pages as service_model_pages
from marketplace.service_model import specialist_pages
from marketplace.shortlists import api as shortlists_api
from marketplace.shortlists import pages as shortlists_pages
from marketplace.taxonomy import api as taxonomy_api
from marketplace.vacancies import api as vacancies_api
from marketplace.vacancies import editor_pages as vacancy_editor_pages
from marketplace.vacancies import pages as vacancies_pages

ROUTERS = [
    health.router,
    accounts_api.router,
    candidates_api.router,
    matches_api.router,
    cv_api.router,
    employers_api.router,
    profiles_api.router,
    service_model_api.router,
    taxonomy_api.router,
    vacancies_api.router,
    messaging_api.router,
    saved_searches_api.router,
    shortlists_api.router,
    home_pages.router,
    accounts_pages.router,
    candidates_pages.router,
    matches_pages.router,
    cv_pages.router,
    employers_pages.router,
    builder_pages.router,
    profiles_pages.router,
    history_pages.router,
    dashboard.router,
    view_pages.router,
    service_model_pages.router,
    specialist_pages.router,
    vacancies_pages.router,
    vacancy_editor_pages.router,
    messaging_pages.router,
    saved_searches_pages.router,
    shortlists_pages.router,
]


def include_routers(app: FastAPI) -> None:
    """Attach all routers to the app."""
    for router in ROUTERS:
        app.include_router(router)
