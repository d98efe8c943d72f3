"""Candidate search page for employers: filters with counts, highlights and reasons."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from marketplace.candidates.api import CandidateSearcher
from marketplace.candidates.schemas import CandidatePage, CandidateQuery
from marketplace.candidates.search import FILTER_KINDS, search_candidates
from marketplace.deps import ServicesDep, SessionDep
from marketplace.errors import ValidationFailed
from marketplace.matches.reasons import search_reasons
from marketplace.pages.search import (
    FilterOption,
    SearchInput,
    concept_options,
    pager,
    query_problem,
    query_problems,
    search_input_reader,
)
from marketplace.searching import RESULT_ORDERS
from marketplace.shortlists.pages import card_actions
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.suggest import concept_suggestions
from marketplace.web import current_language, render, translator
from matching.analysis import fold
from matching.suggest import label_forms, word_forms

router = APIRouter(include_in_schema=False)

# Filters shown as drop-downs, in page order.
FILTERS = ("occupation", "skill", "region", "municipality", "language", "licence")
CONCEPT_LINKS = 5

candidate_query = search_input_reader(CandidateQuery)


def filter_options(
    query: CandidateQuery, page: CandidatePage, lang: str
) -> dict[str, list[FilterOption]]:
    """Choices of every filter: values found in the results (every region), and the chosen."""
    return {
        name: concept_options(
            FILTER_KINDS[name], getattr(query, name) or [], page.facets.get(name, {}), lang
        )
        for name in FILTERS
    }


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
    read: Annotated[SearchInput[CandidateQuery], Depends(candidate_query)],
    services: ServicesDep,
) -> Response:
    lang = current_language(request)
    query, problems = read.query, query_problems(read.error, translator(request))
    try:
        page = search_candidates(services, session, query, lang=lang)
    except ValidationFailed as exc:
        # A filter code the taxonomy does not know is left out like any other bad parameter.
        unknown = [name for name in exc.fields if name in FILTER_KINDS]
        if not unknown:
            raise
        cleared: dict[str, Any] = dict.fromkeys(unknown)
        query = replace(query, **cleared)
        problems += [query_problem(translator(request), name) for name in unknown]
        page = search_candidates(services, session, query, lang=lang)
    filtered = any(getattr(query, name) for name in (*FILTERS, "available_from"))
    return render(
        request,
        "candidates/search.html",
        status_code=422 if problems else 200,
        query_problems=problems,
        query=query,
        page=page,
        filters=filter_options(query, page, lang),
        reasons={item.id: search_reasons(item.explanation, lang) for item in page.items},
        concepts=concept_links(request, query, page, lang),
        filtered=filtered,
        orders=RESULT_ORDERS,
        actions=card_actions(session, user, [item.id for item in page.items]),
        **pager("/candidates", query.q, query.offset, query.limit, page.total),
    )
