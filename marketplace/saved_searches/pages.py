"""Saved-search pages: the list with "new" counts, an opened search, and saving one."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.candidates.search import FILTER_KINDS
from marketplace.container import Services
from marketplace.deps import CurrentUser, ServicesDep, SessionDep, verify_csrf
from marketplace.errors import Conflict, DomainError, ValidationFailed
from marketplace.i18n import Translator
from marketplace.i18n.validation import field_messages
from marketplace.saved_searches import service
from marketplace.saved_searches.api import SearchId
from marketplace.saved_searches.models import NAME_MAX, SearchKind
from marketplace.saved_searches.schemas import SavedSearchIn
from marketplace.taxonomy.service import get_taxonomy
from marketplace.web import current_language, redirect, render, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

LIST_URL = "/me/saved-searches"
QUERY_MAX_CHARS = 4000
# Parameters whose values are words of the project's own vocabularies, not taxonomy codes.
VOCAB_PARAMS = ("employment_type", "working_time", "remote")
DONE_MESSAGES = {"saved": "saved_searches.saved", "deleted": "saved_searches.deleted"}


def describe(params: dict[str, list[str]], lang: str, kind: SearchKind) -> list[str]:
    """The saved parameters in words: the query text, then each filter's labels and the order
    (told by the search page's own messages, since "soonest" means another date on each)."""
    t = Translator(lang)
    taxonomy = get_taxonomy()
    page = service.TYPES[kind].search_path.strip("/")
    parts = []
    for name, values in params.items():
        if name == "sort":
            parts.append(f"{t(f'{page}.sort_label')}: {t(f'{page}.sort.{values[0]}')}")
            continue
        if name == "q":
            labels = [f"“{values[0]}”"]
        elif name in FILTER_KINDS:
            labels = [taxonomy.label(FILTER_KINDS[name], v, lang) for v in values]
        elif name in VOCAB_PARAMS:
            labels = [t(f"vocab.{name}.{v}") for v in values]
        else:
            labels = values
        parts.append(f"{t(f'saved_searches.param.{name}')}: {', '.join(labels)}")
    return parts


def _list_page(
    request: Request,
    services: Services,
    session: Session,
    user: User,
    status_code: int = 200,
    **refused: Any,
) -> Response:
    """The list; after a refused save also the save form again, with what was sent
    (`save_name`, `save_query`) and its errors (`save_errors`)."""
    t = translator(request)
    kind = service.kind_for(user)
    done = request.query_params.get("done", "")
    errors = refused.get("save_errors", {})
    return render(
        request,
        "saved_searches/list.html",
        status_code=status_code,
        searches=service.listing(services, session, user),
        kind=kind,
        describe=lambda params: describe(params, current_language(request), kind),
        errors=errors,
        max_saved=service.SAVED_MAX,
        flash=t(DONE_MESSAGES[done]) if done in DONE_MESSAGES and not errors else None,
        **refused,
    )


def _save_errors(t: Translator, exc: Exception) -> dict[str, str]:
    """Why a search was not saved, in the page's language: under the name field when the name
    is at fault, else for the whole form (the query string comes from the search page)."""
    if isinstance(exc, ValidationError):
        labels = {"name": t("saved_searches.name_label")}
        name = field_messages(exc, t.lang, labels).get("name")
        if name:
            return {"saved-search-name": name}
    if isinstance(exc, DomainError) and exc.key:
        return {"saved-search": t(exc.key, **exc.params)}  # the limit, unknown parameters
    return {"saved-search": t(service.PARAMS_ERROR)}


@router.get("/me/saved-searches")
def list_page(
    request: Request, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> Response:
    """Saved searches with the number of new results in each."""
    return _list_page(request, services, session, user)


@router.post("/me/saved-searches")
def save(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
    name: Annotated[str, Form(max_length=NAME_MAX * 2)] = "",
    query: Annotated[str, Form(max_length=QUERY_MAX_CHARS)] = "",
) -> Response:
    """Save the search of a search page, given as its query string."""
    raw = parse_qs(query, keep_blank_values=False)
    try:
        normalised = service.normalise(service.kind_for(user), raw, strict=False)
        params: dict[str, str | list[str]] = {**normalised}
        service.create(services, session, user, SavedSearchIn(name=name, params=params))
    except (ValidationError, ValidationFailed, Conflict) as exc:
        status = exc.status_code if isinstance(exc, Conflict) else 422
        errors = _save_errors(translator(request), exc)
        return _list_page(
            request,
            services,
            session,
            user,
            status,
            save_errors=errors,
            save_name=name,
            save_query=query,
        )
    return redirect(f"{LIST_URL}?done=saved")


@router.get("/me/saved-searches/{search_id}")
def open_page(
    request: Request,
    search_id: SearchId,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
) -> Response:
    """Run a saved search and show its results, the new ones first and marked."""
    results = service.open_search(services, session, user, search_id)
    return render(
        request,
        "saved_searches/results.html",
        results=results,
        new_ids=set(results.new_ids),
        description=describe(results.search.params, current_language(request), results.search.kind),
    )


@router.post("/me/saved-searches/{search_id}/delete")
def delete(search_id: SearchId, user: CurrentUser, session: SessionDep) -> Response:
    """Forget a saved search."""
    service.delete(session, user, search_id)
    return redirect(f"{LIST_URL}?done=deleted")
