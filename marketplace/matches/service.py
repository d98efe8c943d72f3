"""Matching both ways: candidates for a vacancy and vacancies for a jobseeker.

Retrieval finds a pool with the other side's own search text (BM25 and vectors fused by RRF);
`matching.scoring` then re-ranks the pool with structured signals and explains every result.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.candidates.service import (
    SEARCHABLE,
    candidate_fields,
    card_of,
    searchable_profiles,
)
from marketplace.container import Services
from marketplace.errors import ServiceUnavailable
from marketplace.indexing.documents import (
    profile_facts,
    profile_search_text,
    profile_vector_text,
    vacancy_facts,
    vacancy_search_text,
    vacancy_vector_text,
)
from marketplace.indexing.queries import run_search
from marketplace.matches.reasons import Reason, match_reasons
from marketplace.matches.schemas import (
    CandidateMatch,
    CandidateMatchPage,
    MatchExplanation,
    VacancyMatch,
    VacancyMatchPage,
)
from marketplace.profiles import repository as profiles
from marketplace.profiles.models import Profile
from marketplace.searching import rows_in_hit_order
from marketplace.taxonomy.service import get_taxonomy, minor_group
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.vacancies import repository as vacancies
from marketplace.vacancies import service as vacancy_service
from marketplace.vacancies.models import Vacancy
from matching.scoring import Match, is_good_fit, rank, retrieval_from_rrf, score_match
from search.base import IndexKind, SearchHit, SearchRequest

log = logging.getLogger("marketplace.matches")
T = TypeVar("T")

# Fused retrieval candidates re-ranked per request: enough to hold every plausible match of a
# posting, few enough to score in a few milliseconds.
POOL_SIZE = 200
# The query text is the other side's whole search text; past this length it adds only noise
# (and the embedding model truncates long input anyway).
QUERY_TEXT_MAX = 2000


@lru_cache(maxsize=1)
def related_occupations() -> dict[str, set[str]]:
    """Occupation code -> the other occupations of its ISCO minor group."""
    groups: dict[str, set[str]] = {}
    for term in get_taxonomy().all(ConceptKind.OCCUPATION):
        groups.setdefault(minor_group(term.code), set()).add(term.code)
    return {code: members - {code} for members in groups.values() for code in members}


def _pool(
    services: Services,
    kind: IndexKind,
    texts: tuple[str, str],
    terms: dict[str, list[str]],
    date_ranges: dict[str, tuple[Any, Any]],
) -> list[SearchHit]:
    """The best `POOL_SIZE` documents for a profile's or vacancy's (full text, vector text);
    the vector candidates carry their cosine, so the scorer can tell close meaning from rank."""
    text, vector_text = texts
    req = SearchRequest(
        text=text[:QUERY_TEXT_MAX],
        vector=services.indexer.encoder().encode([vector_text])[0],
        terms=terms,
        date_ranges=date_ranges,
        limit=POOL_SIZE,
        knn_candidates=POOL_SIZE,
        highlight=False,
    )
    return run_search(services, kind, req).hits


def _close_meaning(services: Services, hit: SearchHit) -> bool:
    return hit.similarity is not None and hit.similarity >= services.floors.document


def _explanation(match: Match) -> MatchExplanation:
    return MatchExplanation.model_validate(match.explanation.as_dict())


# --- candidates for a vacancy ---------------------------------------------------------------


def rank_candidates(
    services: Services, session: Session, vacancy: Vacancy, today: date
) -> list[tuple[Match, Profile]]:
    """Searchable profiles for a vacancy, good fits first, each part best first."""
    taxonomy = get_taxonomy()
    texts = (vacancy_search_text(vacancy, taxonomy), vacancy_vector_text(vacancy, taxonomy))
    hits = _pool(services, "profiles", texts, {"visibility": list(SEARCHABLE)}, {})
    found = rows_in_hit_order(hits, partial(searchable_profiles, session))
    facts = vacancy_facts(vacancy, taxonomy)
    related = related_occupations()
    matches = [
        score_match(
            profile_facts(profile),
            facts,
            retrieval_from_rrf(hit.score),
            today,
            related,
            close_meaning=_close_meaning(services, hit),
        )
        for hit, profile in found
    ]
    profiles = {profile.id: profile for _, profile in found}
    return [(m, profiles[m.profile_id]) for m in rank(matches)]


def _listed(ranked: list[tuple[Match, T]], loose: bool) -> tuple[list[tuple[Match, T]], int]:
    """The ranked pairs to list (good fits, or all with `loose`) and the number of good fits."""
    good = sum(1 for match, _ in ranked if is_good_fit(match))
    return (ranked if loose else ranked[:good]), good


def candidate_page(
    services: Services,
    session: Session,
    vacancy: Vacancy,
    offset: int = 0,
    limit: int = 20,
    *,
    loose: bool = False,
) -> CandidateMatchPage:
    """One page of the ranked candidates of a vacancy (the caller checked access): the good
    fits, then with `loose` the loosely related ones too."""
    ranked, good = _listed(rank_candidates(services, session, vacancy, date.today()), loose)
    asked = [*vacancy.required_skills, *vacancy.desired_skills]
    items = [
        CandidateMatch(
            **candidate_fields(card_of(profile), asked),
            score=round(match.score, 4),
            explanation=_explanation(match),
        )
        for match, profile in ranked[offset : offset + limit]
    ]
    return CandidateMatchPage(
        vacancy_id=vacancy.id,
        total=len(ranked),
        good_fits=good,
        loose=len(ranked) - good if loose else 0,
        items=items,
        offset=offset,
        limit=limit,
    )


def candidates_for_vacancy(
    services: Services,
    session: Session,
    user: User,
    vacancy_id: int,
    offset: int = 0,
    limit: int = 20,
    *,
    loose: bool = False,
) -> CandidateMatchPage:
    """Ranked candidates for a vacancy of the user's own organisation; 404 for an unknown or
    unlisted vacancy of another organisation, 403 for a listed one."""
    vacancy = vacancy_service.editable(session, user, vacancy_id)
    return candidate_page(services, session, vacancy, offset, limit, loose=loose)


# --- vacancies for a jobseeker --------------------------------------------------------------


def rank_vacancies(
    services: Services, session: Session, profile: Profile, today: date
) -> list[tuple[Match, Vacancy]]:
    """Listed vacancies for a profile, good fits first, each part best first."""
    taxonomy = get_taxonomy()
    texts = (profile_search_text(profile, taxonomy), profile_vector_text(profile, taxonomy))
    if not texts[0].strip():
        return []
    hits = _pool(services, "vacancies", texts, {}, {"deadline": (today, None)})
    found = rows_in_hit_order(hits, partial(vacancy_service.listed, session, today=today))
    facts = profile_facts(profile)
    related = related_occupations()
    matches = [
        score_match(
            facts,
            vacancy_facts(vacancy, taxonomy),
            retrieval_from_rrf(hit.score),
            today,
            related,
            close_meaning=_close_meaning(services, hit),
        )
        for hit, vacancy in found
    ]
    listed = {vacancy.id: vacancy for _, vacancy in found}
    return [(m, listed[m.vacancy_id]) for m in rank(matches)]


def _vacancy_match(match: Match, vacancy: Vacancy) -> VacancyMatch:
    summary = vacancy_service.to_summary(vacancy)
    return VacancyMatch(
        **summary.model_dump(exclude={"score", "highlights"}),
        score=round(match.score, 4),
        explanation=_explanation(match),
    )


def recommendations(
    services: Services,
    session: Session,
    user: User,
    offset: int = 0,
    limit: int = 20,
    *,
    loose: bool = False,
) -> VacancyMatchPage:
    """Listed vacancies for the jobseeker's profile (none before the profile has text): the
    good fits, then with `loose` the loosely related ones too."""
    profile = profiles.get_by_user(session, user.id)
    ranked_all = rank_vacancies(services, session, profile, date.today()) if profile else []
    ranked, good = _listed(ranked_all, loose)
    items = [_vacancy_match(m, v) for m, v in ranked[offset : offset + limit]]
    return VacancyMatchPage(
        total=len(ranked),
        good_fits=good,
        loose=len(ranked) - good if loose else 0,
        items=items,
        offset=offset,
        limit=limit,
    )


@dataclass(frozen=True)
class Recommendation:
    """A recommended vacancy with its reasons told in the UI language."""

    match: VacancyMatch
    reasons: list[Reason]


@dataclass
class RecommendationList:
    """What the jobseeker's pages show; `unavailable` when search cannot answer right now."""

    items: list[Recommendation] = field(default_factory=list)
    total: int = 0
    good_fits: int = 0
    unavailable: bool = False


def recommendations_for(
    services: Services,
    session: Session,
    user: User,
    limit: int = 5,
    offset: int = 0,
    *,
    lang: str = "fi",
    loose: bool = False,
) -> RecommendationList:
    """Recommended vacancies with reasons for the jobseeker's pages ("my page" includes
    `profiles/_recommendations.html` with this as `recommendations`); a search outage gives
    an empty list marked unavailable instead of an error page."""
    try:
        page = recommendations(services, session, user, offset, limit, loose=loose)
    except ServiceUnavailable:
        log.warning("recommendations skipped: search unavailable")
        return RecommendationList(unavailable=True)
    taxonomy = get_taxonomy()
    found = vacancies.get_many(session, [item.id for item in page.items])
    facts = {vid: vacancy_facts(v, taxonomy) for vid, v in found.items()}
    items = [Recommendation(m, match_reasons(m.explanation, facts[m.id], lang)) for m in page.items]
    return RecommendationList(items=items, total=page.total, good_fits=page.good_fits)
