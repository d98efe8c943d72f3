"""Candidates as employers see them: which profiles may be listed, and the fields a listing
shows (the name only for a public profile). Used by the candidate search and the matches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from marketplace.accounts.models import User
from marketplace.indexing.documents import implied_job_occupation, implied_skills, implied_wishes
from marketplace.profiles import repository
from marketplace.profiles.models import (
    Profile,
    ProfileLanguage,
    WorkExperience,
    candidate_reference,
)
from marketplace.searching import best_sentence, first_sentence
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import Visibility

SEARCHABLE: list[str] = [Visibility.PUBLIC.value, Visibility.ANONYMOUS.value]
TOP_SKILLS = 6


@dataclass(frozen=True)
class ProfileCard:
    """What a candidate listing and its explanation read of a searchable profile. The name is
    there only when the profile is public, so nothing built from a card can show another's.
    Empty occupation and skill fields are read from the profile's words, as its search document
    and its matching facts are (`marketplace.indexing.documents`), so a card explains what the
    filters found."""

    id: int
    visibility: str
    name: str | None
    headline: str
    summary: str
    municipality_code: str | None
    skill_codes: list[str]
    keywords: list[str]
    licence_codes: list[str]
    wish_occupations: list[str]
    wish_municipalities: list[str]
    wish_regions: list[str]
    available_from: date | None
    languages: dict[str, str] = field(default_factory=dict)
    work_occupations: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return candidate_reference(self.id)


# The profile columns a card holds, in the order of its fields after `name`.
_CARD_COLUMNS = (
    Profile.headline,
    Profile.summary,
    Profile.municipality_code,
    Profile.skill_codes,
    Profile.keywords,
    Profile.licence_codes,
    Profile.wish_occupations,
    Profile.wish_municipalities,
    Profile.wish_regions,
    Profile.available_from,
)


def shown_name(visibility: str, full_name: str | None) -> str | None:
    """The name a card or a listing may carry: only a public profile's."""
    return full_name if visibility == Visibility.PUBLIC else None


def _implied(card: ProfileCard, jobs: Iterable[tuple[str, str | None]]) -> ProfileCard:
    """The card with its empty fields read from its words; `jobs` are (title, occupation)."""
    worked = (implied_job_occupation(title, code) for title, code in jobs)
    return replace(
        card,
        work_occupations=[code for code in worked if code],
        wish_occupations=list(implied_wishes(card.headline, card.wish_occupations)),
        skill_codes=list(implied_skills(card.headline, card.keywords, card.skill_codes)),
    )


def card_of(profile: Profile) -> ProfileCard:
    """The card of a loaded profile."""
    card = ProfileCard(
        profile.id,
        profile.visibility,
        shown_name(profile.visibility, profile.user.full_name),
        **{column.key: getattr(profile, column.key) for column in _CARD_COLUMNS},
        languages={lang.code: lang.level for lang in profile.languages},
    )
    return _implied(card, ((w.title, w.occupation_code) for w in profile.work))


# The three reads of `listed_cards`, built once over the tables (no ORM entities): building
# and compiling the statements per page took more time than running them (1.6-2.1 -> ~1.0 ms per
# page of 20 cards on the 10k bench database).
_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_PROFILE, _USER = Profile.__table__.c, User.__table__.c
_LANGUAGE, _WORK = ProfileLanguage.__table__.c, WorkExperience.__table__.c
_CARD_ROWS = (
    select(_PROFILE.id, _PROFILE.visibility, _USER.full_name)
    .add_columns(*(_PROFILE[column.key] for column in _CARD_COLUMNS))
    .join_from(Profile.__table__, User.__table__, _USER.id == _PROFILE.user_id)
    .where(_PROFILE.id.in_(_IDS))
)
_CARD_LANGUAGES = (
    select(_LANGUAGE.profile_id, _LANGUAGE.code, _LANGUAGE.level)
    .where(_LANGUAGE.profile_id.in_(_IDS))
    .order_by(_LANGUAGE.profile_id, _LANGUAGE.position)
)
_CARD_WORK = (
    select(_WORK.profile_id, _WORK.title, _WORK.occupation_code)
    .where(_WORK.profile_id.in_(_IDS))
    .order_by(_WORK.profile_id, _WORK.position)
)


def listed_cards(session: Session, ids: Sequence[int]) -> dict[int, ProfileCard]:
    """The cards of the profiles among `ids` that the database says are searchable now, read
    as plain rows: building the ORM objects of 20 profiles with their work and languages
    took ~10 ms of a search page, the three queries under 1 ms."""
    if not ids:
        return {}
    rows = session.execute(_CARD_ROWS, {"ids": list(ids)})
    # Visibility is checked here, not in SQL: given both, SQLite walks the visibility index.
    cards = {
        pid: ProfileCard(pid, visibility, shown_name(visibility, name), *rest)
        for pid, visibility, name, *rest in rows
        if visibility in SEARCHABLE
    }
    if not cards:
        return cards
    for pid, code, level in session.execute(_CARD_LANGUAGES, {"ids": list(cards)}):
        cards[pid].languages[code] = level
    jobs: dict[int, list[tuple[str, str | None]]] = {pid: [] for pid in cards}
    for pid, title, occupation in session.execute(_CARD_WORK, {"ids": list(cards)}):
        jobs[pid].append((title, occupation))
    return {pid: _implied(card, jobs[pid]) for pid, card in cards.items()}


def places(card: ProfileCard) -> tuple[set[str], set[str]]:
    """Municipalities (home and wished) and regions (wished and those of the municipalities)."""
    municipalities = set(card.wish_municipalities)
    if card.municipality_code:
        municipalities.add(card.municipality_code)
    taxonomy = get_taxonomy()
    regions = set(card.wish_regions) | {
        r for m in municipalities if (r := taxonomy.region_of(m)) is not None
    }
    return municipalities, regions


def occupations(card: ProfileCard) -> set[str]:
    """Wished occupations and those of the work history."""
    return set(card.wish_occupations) | set(card.work_occupations)


def candidate_fields(
    card: ProfileCard,
    first_skills: Iterable[str] = (),
    highlights: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The fields every candidate listing shows; the name only for a public profile. The
    snippet is the sentence best matching a query (from the search `highlights`), else the
    summary's first sentence; the headline is on the card already."""
    first = [code for code in first_skills if code in card.skill_codes]
    skills = list(dict.fromkeys([*first, *card.skill_codes]))[: max(TOP_SKILLS, len(first))]
    return {
        "id": card.id,
        "reference": card.reference,
        # Checked again, not taken from the card: a second guard for anonymity.
        "name": shown_name(card.visibility, card.name),
        "visibility": card.visibility,
        "headline": card.headline,
        "municipality_code": card.municipality_code,
        "skills": skills,
        "occupations": list(card.wish_occupations),
        "available_from": card.available_from,
        "snippet": best_sentence(highlights or {}, shown=card.headline)
        or first_sentence(card.summary),
    }


def searchable_profiles(session: Session, ids: Sequence[int]) -> dict[int, Profile]:
    """Profiles by id, only those the database says are searchable now."""
    return {pid: p for pid, p in repository.get_many(session, list(ids)).items() if p.searchable}
