"""Candidates as employers see them: which profiles may be listed, and the fields a listing
shows (the name only for a public profile). Used by the candidate search and the matches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session, raiseload, selectinload

from marketplace.profiles import repository
from marketplace.profiles.models import Profile, WorkExperience
from marketplace.searching import best_sentence, first_sentence
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import Visibility

SEARCHABLE: list[str] = [Visibility.PUBLIC.value, Visibility.ANONYMOUS.value]
TOP_SKILLS = 6


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


def candidate_fields(
    profile: Profile,
    first_skills: Iterable[str] = (),
    highlights: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The fields every candidate listing shows; the name only for a public profile. The
    snippet is the sentence best matching a query (from the search `highlights`), else the
    summary's first sentence; the headline is on the card already."""
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
        "snippet": best_sentence(highlights or {}, shown=profile.headline)
        or first_sentence(profile.summary),
    }


def listed_profiles(session: Session, ids: Sequence[int]) -> dict[int, Profile]:
    """Searchable profiles by id with what a result card and its explanation read: no
    education, and of the work history only the occupations. Loading the rest took half of
    the time a search page spent in the database; reading it raises rather than loads."""
    rows = repository.get_many(
        session,
        ids,
        raiseload(Profile.education),
        selectinload(Profile.work).load_only(WorkExperience.occupation_code, raiseload=True),
    )
    return {pid: p for pid, p in rows.items() if p.searchable}


def searchable_profiles(session: Session, ids: Sequence[int]) -> dict[int, Profile]:
    """Profiles by id, only those the database says are searchable now."""
    return {pid: p for pid, p in repository.get_many(session, list(ids)).items() if p.searchable}
