"""Candidate search page for employers: filters with counts, highlights and reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin, get_type_hints
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError

from marketplace.candidates.api import CandidateSearcher
from marketplace.candidates.schemas import CandidatePage, CandidateQuery
from marketplace.candidates.service import FILTER_KINDS, search_candidates
from marketplace.deps import ServicesDep, SessionDep
from marketplace.matches.reasons import search_reasons
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.suggest import concept_suggestions
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.web import current_language, render
from matching.analysis import fold
from matching.suggest import label_forms, word_forms

router = APIRouter(include_in_schema=False)

_QUERY = TypeAdapter(CandidateQuery)
_HINTS = get_type_hints(CandidateQuery)
_MULTI_VALUED = {
    name
    for name, hint in _HINTS.items()
    if any(get_origin(arg) is list for arg in (*get_args(hint), hint))
}
# Filters shown as drop-downs, in page order.
FILTERS = ("occupation", "skill", "region", "municipality", "language", "licence")
CONCEPT_LINKS = 5


def candidate_query(request: Request) -> CandidateQuery:
    """Search parameters from the query string; a form's empty "any" choices are left out,
    anything else invalid is a 422 naming the parameter."""
    values: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key not in _HINTS or not value.strip():
            continue
        if key in _MULTI_VALUED:
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    try:
        return _QUERY.validate_python(values)
    except ValidationError as exc:
        errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from exc


@dataclass(frozen=True)
class FilterOption:
    """One value of a filter with the number of current results that have it."""

    value: str
    label: str
    count: int
    selected: bool


def filter_options(
    query: CandidateQuery, page: CandidatePage, lang: str
) -> dict[str, list[FilterOption]]:
    """Choices of every filter: values found in the results (every region), and the chosen."""
    taxonomy = get_taxonomy()
    options: dict[str, list[FilterOption]] = {}
    for name in FILTERS:
        kind = FILTER_KINDS[name]
        chosen = set(getattr(query, name) or [])
        found = page.facets.get(name, {})
        codes = {t.code for t in taxonomy.all(kind)} if kind == ConceptKind.REGION else set(found)
        items = [
            FilterOption(code, taxonomy.label(kind, code, lang), found.get(code, 0), code in chosen)
            for code in codes | chosen
        ]
        options[name] = sorted(items, key=lambda o: fold(o.label))
    return options


@dataclass(frozen=True)
class ConceptLink:
    """A taxonomy concept the query names or starts, offered as a filter."""

    code: str
    kind: str
    label: str
    url: str


def concept_links(
    request: Request, query: CandidateQuery, page: CandidatePage, lang: str
) -> list[ConceptLink]:
    """Links that add a concept the query names (as read for the search) or starts as an
    occupation or skill filter. The words that stood for the concept leave the query (the
    filter says it now, and a half-typed word would find nothing); the others stay."""
    if not query.q.strip():
        return []
    offered = {c.code: (c.kind, c.label) for c in (page.query.concepts if page.query else [])}
    for concept in concept_suggestions(query.q, lang, limit=CONCEPT_LINKS):
        offered.setdefault(concept.code, (concept.kind, concept.label))
    links = []
    for code, (kind, label) in list(offered.items())[:CONCEPT_LINKS]:
        if code in (getattr(query, kind) or []):
            continue
        rest = " ".join(w for w in query.q.split() if not stands_for(w, kind, code))
        params = [
            (k, rest if k == "q" else v)
            for k, v in request.query_params.multi_items()
            if k != "offset" and not (k == "q" and not rest)
        ]
        params.append((kind, code))
        links.append(ConceptLink(code, kind, label, f"{request.url.path}?{urlencode(params)}"))
    return links


def stands_for(word: str, kind: str, code: str) -> bool:
    """Whether a typed word names the concept (in any form) or starts one of its labels."""
    term = get_taxonomy().get(kind, code)
    if term is None:
        return False
    typed = fold(word)
    labels = [*term.labels.values(), *(a for alts in term.alt.values() for a in alts)]
    return any(
        any(part.startswith(typed) for part in fold(label).split())
        or not word_forms(word).isdisjoint(label_forms(label))
        for label in labels
    )


@router.get("/candidates")
def search_page(
    request: Request,
    user: CandidateSearcher,
    session: SessionDep,
    query: Annotated[CandidateQuery, Depends(candidate_query)],
    services: ServicesDep,
) -> Response:
    lang = current_language(request)
    page = search_candidates(services, session, query, lang=lang)
    end = query.offset + query.limit
    filtered = any(getattr(query, name) for name in (*FILTERS, "available_from"))
    return render(
        request,
        "candidates/search.html",
        query=query,
        page=page,
        filters=filter_options(query, page, lang),
        reasons={item.id: search_reasons(item.explanation, lang) for item in page.items},
        concepts=concept_links(request, query, page, lang),
        filtered=filtered,
        previous_offset=max(0, query.offset - query.limit) if query.offset > 0 else None,
        next_offset=end if end < page.total else None,
        clear_url="/candidates" + (f"?{urlencode({'q': query.q})}" if query.q else ""),
    )
