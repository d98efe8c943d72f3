"""Every router of the service, included in one place."""

from __future__ import annotations

from fastapi import FastAPI

from marketplace import health
from marketplace.accounts import api as accounts_api
from marketplace.accounts import pages as accounts_pages
from marketplace.cv import api as cv_api
from marketplace.cv import pages as cv_pages
from marketplace.employers import api as employers_api
from marketplace.employers import pages as employers_pages
from marketplace.pages import pages as home_pages
from marketplace.profiles import api as profiles_api
from marketplace.profiles import pages as profiles_pages
from marketplace.service_model import api as service_model_api
from marketplace.service_model import pages as service_model_pages
from marketplace.taxonomy import api as taxonomy_api
from marketplace.vacancies import api as vacancies_api
from marketplace.vacancies import pages as vacancies_pages

ROUTERS = [
    health.router,
    accounts_api.router,
    cv_api.router,
    employers_api.router,
    profiles_api.router,
    service_model_api.router,
    taxonomy_api.router,
    vacancies_api.router,
    home_pages.router,
    accounts_pages.router,
    cv_pages.router,
    employers_pages.router,
    profiles_pages.router,
    service_model_pages.router,
    vacancies_pages.router,
]


def include_routers(app: FastAPI) -> None:
    """Attach all routers to the app."""
    for router in ROUTERS:
        app.include_router(router)
