"""Candidate search for employers: public and anonymous profiles only, never hidden ones.

The search index holds no hidden profile and no identity, but the database is the truth: the
request also filters on visibility, and a hit whose profile is not searchable any more is
dropped before anything about it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from marketplace.candidates.schemas import (
    CandidatePage,
    CandidateQuery,
    CandidateSummary,
    LocationFit,
    SearchExplanation,
)
from marketplace.container import Services
from marketplace.indexing.documents import profile_facts
from marketplace.indexing.queries import popular_values, typed_search
from marketplace.profiles import repository
from marketplace.profiles.models import Profile
from marketplace.taxonomy.query import analyse, reading
from marketplace.taxonomy.service import get_taxonomy, require_codes
from marketplace.taxonomy.suggest import ConceptSuggestion
from marketplace.taxonomy.vocab import ConceptKind, Visibility
from matching.scoring import retrieval_from_rrf
from search.base import SearchHit, SearchRequest

FACETS = ("municipality", "region", "occupation", "skill", "language", "licence")
SEARCHABLE: list[str] = [Visibility.PUBLIC.value, Visibility.ANONYMOUS.value]
TOP_SKILLS = 6
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


def to_request(query: CandidateQuery) -> SearchRequest:
    """The engine request; unknown taxonomy codes are a 422 naming the parameter."""
    # Hidden profiles are never indexed; the filter keeps it so should one ever slip in.
    terms: dict[str, list[str]] = {"visibility": list(SEARCHABLE)}
    for name, kind in FILTER_KINDS.items():
        values = list(dict.fromkeys(getattr(query, name) or []))
        require_codes(kind, values, name)
        if values:
            terms[name] = values
    ranges: dict[str, tuple[Any, Any]] = {}
    if query.available_from is not None:
        ranges["available_from"] = (None, query.available_from)
    return SearchRequest(
        text=query.q.strip() or None,
        terms=terms,
        date_ranges=ranges,
        offset=query.offset,
        limit=query.limit,
        facets=FACETS,
    )


def places(profile: Profile) -> tuple[set[str], set[str]]:
    """Municipalities (home and wished) and regions (wished and those of the municipalities)."""
    municipalities = set(profile.wish_municipalities)
    if profile.municipality_code:
        municipalities.add(profile.municipality_code)
    taxonomy = get_taxonomy()
    regions = set(profile.wish_regions) | {
        r for m in municipalities if (r := taxonomy.region_of(m)) is not None
    }
    return municipalities, regions


def occupations(profile: Profile) -> set[str]:
    """Wished occupations and those of the work history."""
    return set(profile.wish_occupations) | {
        w.occupation_code for w in profile.work if w.occupation_code
    }


def candidate_fields(profile: Profile, first_skills: Iterable[str] = ()) -> dict[str, Any]:
    """The fields every candidate listing shows; the name only for a public profile."""
    first = [code for code in first_skills if code in profile.skill_codes]
    skills = list(dict.fromkeys([*first, *profile.skill_codes]))[: max(TOP_SKILLS, len(first))]
    public = profile.visibility == Visibility.PUBLIC
    return {
        "id": profile.id,
        "reference": profile.reference,
        "name": profile.user.full_name if public else None,
        "visibility": profile.visibility,
        "headline": profile.headline,
        "municipality_code": profile.municipality_code,
        "skills": skills,
        "occupations": list(profile.wish_occupations),
        "available_from": profile.available_from,
    }


def searchable_profiles(session: Session, ids: Sequence[int]) -> dict[int, Profile]:
    """Profiles by id, only those the database says are searchable now."""
    return {pid: p for pid, p in repository.get_many(session, list(ids)).items() if p.searchable}


def explain(
    profile: Profile,
    query: CandidateQuery,
    named: Sequence[ConceptSuggestion],
    asked_places: Sequence[str],
    hit: SearchHit,
) -> SearchExplanation:
    """Which asked skills, occupations, places, languages and licences the profile has;
    `asked_places` are the municipalities filtered by or named in the text."""
    facts = profile_facts(profile)
    have_skills = set(facts.skill_codes)
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
        available = facts.available_from is None or facts.available_from <= query.available_from
    return SearchExplanation(
        skills_matched=[c for c in asked_skills if c in have_skills],
        skills_missing=[c for c in named_skills if c not in have_skills],
        occupations_matched=[c for c in asked_occupations if c in own_occupations],
        location_fit=location,
        locations_matched=matched_places,
        languages_matched=[c for c in query.language or [] if c in facts.languages],
        languages=dict(facts.languages),
        licences_matched=[c for c in query.licence or [] if c in facts.licences],
        available=available,
        text_match=hit.bm25_rank is not None,
        semantic_match=hit.vector_rank is not None and hit.vector_rank <= SEMANTIC_RANK_MAX,
    )


def search_candidates(
    services: Services, session: Session, query: CandidateQuery, *, lang: str = "fi"
) -> CandidatePage:
    """One page of searchable profiles for the query, each with highlights and reasons; every
    hit has evidence (a text match, or a meaning close enough to the query), and a query that
    finds nothing says how it was read."""
    analysed = analyse(query.q)
    req = to_request(query)
    result = typed_search(services, "profiles", req, analysed)
    found = searchable_profiles(session, [hit.id for hit in result.hits])
    # Places asked for by filter or named in the text ("hoitaja Tampereelta") count alike.
    asked_places = list(dict.fromkeys([*(query.municipality or []), *analysed.places]))
    items = []
    for hit in result.hits:
        profile = found.get(hit.id)
        if profile is None:
            continue
        explanation = explain(profile, query, analysed.concepts, asked_places, hit)
        items.append(
            CandidateSummary(
                **candidate_fields(profile, explanation.skills_matched),
                score=round(retrieval_from_rrf(hit.score), 4) if analysed.has_text else None,
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
        query=reading(analysed, lang, result.total, popular),
    )
