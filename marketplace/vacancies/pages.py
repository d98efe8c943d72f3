"""Vacancy pages for everyone: the search and the vacancy page. The employer's editor is in
`editor_pages`."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError

from marketplace.accounts.models import Role, User
from marketplace.container import Services
from marketplace.db import RecordId
from marketplace.deps import OptionalUser, ServicesDep, SessionDep, verify_csrf
from marketplace.i18n import Translator
from marketplace.i18n.validation import labelled, sentence
from marketplace.indexing.queries import read_query, typed_search
from marketplace.pages.search import (
    FilterOption,
    SearchInput,
    concept_options,
    pager,
    search_input_reader,
)
from marketplace.searching import RESULT_ORDERS
from marketplace.taxonomy.forms import language_levels
from marketplace.taxonomy.query import AnalysedQuery
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import EmploymentType, Remote, WorkingTime
from marketplace.vacancies import service
from marketplace.vacancies.models import Vacancy
from marketplace.vacancies.schemas import VacancyPage, VacancyQuery
from marketplace.vacancies.search import FACETS, FILTER_KINDS, search_vacancies, to_request
from marketplace.web import current_language, render, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

# Ids beyond a 32-bit integer cannot exist and would overflow some database drivers.
VacancyId = RecordId


def is_owner(user: User | None, vacancy: Vacancy) -> bool:
    """Whether the user belongs to the organisation that posted the vacancy."""
    return (
        user is not None
        and user.role == Role.EMPLOYER
        and user.organization_id == vacancy.organization_id
    )


# --- search ----------------------------------------------------------------------------------

_FILTER_VOCABS: dict[str, Iterable[str]] = {
    "employment_type": EmploymentType,
    "working_time": WorkingTime,
    "remote": Remote,
}
PUBLISHED_PRESET_DAYS = (0, 3, 7, 30)

vacancy_query = search_input_reader(VacancyQuery)
# A refused search parameter -> (where the page shows its problem, the label that names it).
PARAMETER_PLACES = {
    "q": ("q", "search.words"),
    **{name: (f"filter-{name}", f"vacancies.filter_{name}") for name in FILTER_KINDS},
    **{name: ("filters-heading", f"vacancies.filter_{name}") for name in _FILTER_VOCABS},
    "published_since": ("filter-published_since", "vacancies.filter_published_since"),
}


def search_errors(error: ValidationError | None, t: Translator) -> dict[str, str]:
    """What was wrong in the query string, in the page's language, keyed by the place on the
    page it concerns; a bad page number is not the person's doing, so it is only explained."""
    errors: dict[str, str] = {}
    for problem in error.errors() if error else []:
        name = str(problem["loc"][0]) if problem["loc"] else ""
        if name in PARAMETER_PLACES:
            place, label = PARAMETER_PLACES[name]
            errors.setdefault(place, labelled(t(label), sentence(problem, t)))
        else:  # offset, limit: the pager's
            errors.setdefault("results-heading", t("search.bad_page"))
    return errors


def known_codes_only(query: VacancyQuery, errors: dict[str, str], t: Translator) -> VacancyQuery:
    """The query without the filters that name codes the taxonomy does not have (an edited or
    outdated address), each of those named in `errors`."""
    taxonomy = get_taxonomy()
    unknown = [
        name
        for name, kind in FILTER_KINDS.items()
        if taxonomy.unknown(kind, getattr(query, name) or [])
    ]
    for name in unknown:
        place, label = PARAMETER_PLACES[name]
        errors.setdefault(place, labelled(t(label), t("validation.choice")))
    dropped: dict[str, Any] = dict.fromkeys(unknown)
    return dataclasses.replace(query, **dropped) if unknown else query


def facet_counts(
    services: Services, query: VacancyQuery, analysed: AnalysedQuery, page: VacancyPage
) -> dict[str, dict[str, int]]:
    """Counts per filter value. A filter's own choice is left out of its counts, so the other
    values of a chosen filter stay visible with the number of results they would give."""
    counts = dict(page.facets)
    for name in FACETS:
        if not getattr(query, name):
            continue
        unfiltered: dict[str, Any] = {name: None}
        others = to_request(dataclasses.replace(query, **unfiltered), date.today())
        others = dataclasses.replace(others, offset=0, limit=0, facets=(name,), highlight=False)
        # The query vector comes from the encoder's memory cache after the first search.
        result = typed_search(services, "vacancies", others, analysed)
        counts[name] = result.facets.get(name, {})
    return counts


def filter_options(
    query: VacancyQuery, counts: dict[str, dict[str, int]], lang: str
) -> dict[str, list[FilterOption]]:
    """The choices of every filter with their counts, labelled in the UI language."""
    t = Translator(lang)
    options = {
        name: concept_options(kind, getattr(query, name) or [], counts.get(name, {}), lang)
        for name, kind in FILTER_KINDS.items()
    }
    for name, vocabulary in _FILTER_VOCABS.items():
        chosen = {str(v) for v in getattr(query, name) or []}
        found = counts.get(name, {})
        options[name] = [
            FilterOption(str(v), t(f"vocab.{name}.{v}"), found.get(str(v), 0), str(v) in chosen)
            for v in vocabulary
        ]
    return options


def published_options(chosen: date | None, today: date, lang: str) -> list[FilterOption]:
    """Choices for "published since": today, a few days back, or a date given in the URL."""
    t = Translator(lang)
    options = []
    for days in PUBLISHED_PRESET_DAYS:
        since = today - timedelta(days=days)
        label = (
            t("vacancies.published_today")
            if days == 0
            else t("vacancies.published_days", days=days)
        )
        options.append(FilterOption(since.isoformat(), label, 0, since == chosen))
    if chosen is not None and not any(o.selected for o in options):
        label = t("vacancies.published_since_date", date=chosen.isoformat())
        options.append(FilterOption(chosen.isoformat(), label, 0, True))
    return options


@router.get("/vacancies")
def search_page(
    request: Request,
    user: OptionalUser,
    session: SessionDep,
    search: Annotated[SearchInput[VacancyQuery], Depends(vacancy_query)],
    services: ServicesDep,
) -> Response:
    """Vacancy search; an invalid parameter is named on the page (422) and left out."""
    lang = current_language(request)
    t = translator(request)
    errors = search_errors(search.error, t)
    query = known_codes_only(search.query, errors, t)
    # Once for the page and every filter's counts.
    analysed = read_query(services, "vacancies", to_request(query, date.today()), query.q)
    page = search_vacancies(services, session, query, lang=lang, analysed=analysed)
    counts = facet_counts(services, query, analysed, page)
    return render(
        request,
        "vacancies/search.html",
        status_code=422 if errors else 200,
        errors=errors,
        # The words as typed, so that a too long text can be shortened rather than retyped.
        words=request.query_params.get("q", "") if "q" in errors else query.q,
        query=query,
        page=page,
        filters=filter_options(query, counts, lang),
        published=published_options(query.published_since, date.today(), lang),
        filtered=any(getattr(query, name) for name in (*FACETS, "published_since")),
        orders=RESULT_ORDERS,
        **pager("/vacancies", query.q, query.offset, query.limit, page.total),
    )


# --- the vacancy page ------------------------------------------------------------------------


@router.get("/vacancies/{vacancy_id}")
def vacancy_page(
    request: Request,
    vacancy_id: VacancyId,
    user: OptionalUser,
    session: SessionDep,
    saved: bool = False,
) -> Response:
    vacancy = service.viewable(session, user, vacancy_id)
    t = translator(request)
    return render(
        request,
        "vacancies/detail.html",
        vacancy=vacancy,
        owner=is_owner(user, vacancy),
        region=get_taxonomy().region_of(vacancy.municipality_code),
        level_labels=dict(language_levels(current_language(request))),
        flash=t("form.saved") if saved else None,
    )
