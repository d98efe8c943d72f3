"""Candidate search for employers: public and anonymous profiles only, never hidden ones.

The search index holds no hidden profile and no identity, but the database is the truth: the
request also filters on visibility, and a hit whose profile is not searchable any more is
dropped before anything about it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from marketplace.candidates.schemas import (
    CandidatePage,
    CandidateQuery,
    CandidateSummary,
    LocationFit,
    SearchExplanation,
)
from marketplace.candidates.service import (
    SEARCHABLE,
    ProfileCard,
    candidate_fields,
    listed_cards,
    occupations,
    places,
)
from marketplace.container import Services
from marketplace.indexing.queries import (
    common_query_words,
    popular_values,
    read_query,
    typed_search,
)
from marketplace.searching import ResultOrder, code_terms, page_request, rows_in_hit_order
from marketplace.taxonomy.query import AnalysedQuery, reading
from marketplace.taxonomy.suggest import ConceptSuggestion
from marketplace.taxonomy.vocab import ConceptKind
from matching.scoring import retrieval_from_rrf
from search.base import SearchHit, SearchRequest, SortBy

FACETS = ("municipality", "region", "occupation", "skill", "language", "licence")
# A profile is said to be close to the query in meaning when it is among this many nearest;
# every profile is some distance away, so any vector rank alone would say nothing.
SEMANTIC_RANK_MAX = 20
# Query parameter -> taxonomy kind of its codes; the parameter names are the index fields.
FILTER_KINDS: dict[str, str] = {
    "skill": ConceptKind.SKILL,
    "occupation": ConceptKind.OCCUPATION,
    "municipality": ConceptKind.MUNICIPALITY,
    "region": ConceptKind.REGION,
    "language": ConceptKind.LANGUAGE,
    "licence": ConceptKind.LICENCE,
}

# The date orders a recruiter may choose: recently updated profiles, or those free soonest (no
# date means available now, so those lead).
ORDERS: dict[ResultOrder, SortBy] = {
    "newest": SortBy("updated", descending=True),
    "soonest": SortBy("available_from", missing_first=True),
}


def to_request(query: CandidateQuery) -> SearchRequest:
    """The engine request; unknown taxonomy codes are a 422 naming the parameter."""
    # Hidden profiles are never indexed; the filter keeps it so should one ever slip in.
    terms = {"visibility": list(SEARCHABLE), **code_terms(query, FILTER_KINDS)}
    ranges: dict[str, tuple[Any, Any]] = {}
    if query.available_from is not None:
        ranges["available_from"] = (None, query.available_from)
    return page_request(query, terms, ranges, FACETS, ORDERS)


def explain(
    profile: ProfileCard,
    query: CandidateQuery,
    named: Sequence[ConceptSuggestion],
    asked_places: Sequence[str],
    hit: SearchHit,
) -> SearchExplanation:
    """Which asked skills, occupations, places, languages and licences the profile has;
    `asked_places` are the municipalities filtered by or named in the text."""
    have_skills = set(profile.skill_codes)
    languages = profile.languages
    asked_skills = list(
        dict.fromkeys([*(query.skill or []), *(c.code for c in named if c.kind == "skill")])
    )
    named_skills = [
        c.code for c in named if c.kind == "skill" and c.code not in (query.skill or [])
    ]
    own_occupations = occupations(profile)
    asked_occupations = list(
        dict.fromkeys(
            [*(query.occupation or []), *(c.code for c in named if c.kind == "occupation")]
        )
    )
    municipalities, regions = places(profile)
    matched_places = [m for m in asked_places if m in municipalities]
    matched_places += [r for r in query.region or [] if r in regions]
    location: LocationFit = "not_asked"
    if asked_places or query.region:
        location = "municipality" if any(m in municipalities for m in asked_places) else "region"
    available = None
    if query.available_from is not None:
        available = profile.available_from is None or profile.available_from <= query.available_from
    return SearchExplanation(
        skills_matched=[c for c in asked_skills if c in have_skills],
        skills_missing=[c for c in named_skills if c not in have_skills],
        occupations_matched=[c for c in asked_occupations if c in own_occupations],
        location_fit=location,
        locations_matched=matched_places,
        languages_matched=[c for c in query.language or [] if c in languages],
        languages=dict(languages),
        licences_matched=[c for c in query.licence or [] if c in profile.licence_codes],
        available=available,
        # A sorted hit has no BM25 rank; its snippets still tell a text match.
        text_match=hit.bm25_rank is not None or bool(hit.highlights),
        semantic_match=hit.vector_rank is not None and hit.vector_rank <= SEMANTIC_RANK_MAX,
    )


def search_candidates(
    services: Services,
    session: Session,
    query: CandidateQuery,
    *,
    lang: str = "fi",
    analysed: AnalysedQuery | None = None,
) -> CandidatePage:
    """One page of searchable profiles for the query, each with highlights and reasons; every
    hit has evidence (a text match, or a meaning close enough to the query), and a query that
    finds nothing says how it was read. `analysed` is the query's analysis when the caller
    already has it."""
    req = to_request(query)
    analysed = analysed or read_query(services, "profiles", req, query.q)
    result = typed_search(services, "profiles", req, analysed)
    common = common_query_words(services, "profiles", req, analysed)
    found = rows_in_hit_order(result.hits, partial(listed_cards, session))
    ranked = analysed.has_text and req.sort is None  # a date order has no relevance score
    # Places asked for by filter or named in the text ("hoitaja Tampereelta") count alike.
    asked_places = list(dict.fromkeys([*(query.municipality or []), *analysed.places]))
    items = []
    for hit, profile in found:
        explanation = explain(profile, query, analysed.concepts, asked_places, hit)
        items.append(
            CandidateSummary(
                **candidate_fields(profile, explanation.skills_matched, hit.highlights),
                score=round(retrieval_from_rrf(hit.score), 4) if ranked else None,
                highlights=hit.highlights,
                explanation=explanation,
            )
        )
    popular = popular_values(services, "profiles", req, "occupation") if not result.total else []
    return CandidatePage(
        total=result.total,
        items=items,
        facets=result.facets,
        offset=query.offset,
        limit=query.limit,
        query=reading(analysed, lang, result.total, popular, common),
    )
