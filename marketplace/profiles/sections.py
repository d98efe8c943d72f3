"""The profile builder's steps: which part of the profile each one edits, in what order, and
how far each is filled, for the builder's summary and its step navigation."""

from __future__ import annotations

from dataclasses import dataclass, field

from marketplace.errors import NotFound
from marketplace.profiles.schemas import ProfileDocument


@dataclass(frozen=True)
class Section:
    """One step of the builder, edited at /profile/edit/<slug>."""

    slug: str
    title: str  # message key


SECTIONS: tuple[Section, ...] = (
    Section("intro", "profiles.section_intro"),
    Section("skills", "profiles.section_skills"),
    Section("languages", "profiles.section_languages"),
    Section("work", "profiles.section_work"),
    Section("education", "profiles.section_education"),
    Section("wishes", "profiles.section_wishes"),
    Section("visibility", "profiles.section_visibility"),
)
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}


def section(slug: str) -> Section:
    """The step at /profile/edit/<slug>; an unknown slug is 404."""
    found = SECTION_BY_SLUG.get(slug)
    if found is None:
        raise NotFound("No such part of the profile")
    return found


@dataclass(frozen=True)
class Count:
    """A number of items on the profile, told with the message key `key` ({count})."""

    key: str
    count: int


@dataclass(frozen=True)
class SectionState:
    """How far a step is filled: the summary's and the step navigation's view of it."""

    section: Section
    filled: bool
    counts: list[Count] = field(default_factory=list)


def section_states(doc: ProfileDocument) -> list[SectionState]:
    """Every step in order with whether it is filled and how many items it holds."""
    wishes = doc.wishes
    filled = {
        "intro": bool(doc.headline and doc.summary.strip()),
        "skills": bool(doc.skills or doc.keywords),
        "languages": bool(doc.languages or doc.licences),
        "work": bool(doc.work),
        "education": bool(doc.education),
        "wishes": any(
            (
                wishes.occupations,
                wishes.municipalities,
                wishes.regions,
                wishes.employment_types,
                wishes.working_times,
                wishes.remote,
            )
        ),
        # Every profile has a visibility; a new one starts hidden on purpose.
        "visibility": True,
    }
    counts = {
        "skills": [
            Count("profiles.count_skills", len(doc.skills)),
            Count("profiles.count_keywords", len(doc.keywords)),
        ],
        "languages": [
            Count("profiles.count_languages", len(doc.languages)),
            Count("profiles.count_licences", len(doc.licences)),
        ],
        "work": [Count("profiles.count_work", len(doc.work))],
        "education": [Count("profiles.count_education", len(doc.education))],
        "wishes": [
            Count("profiles.count_occupations", len(wishes.occupations)),
            Count("profiles.count_municipalities", len(wishes.municipalities)),
            Count("profiles.count_regions", len(wishes.regions)),
        ],
    }
    return [SectionState(s, filled[s.slug], counts.get(s.slug, [])) for s in SECTIONS]


def neighbours(current: Section) -> tuple[Section | None, Section | None]:
    """The steps before and after `current` (None: the summary comes there)."""
    index = SECTIONS.index(current)
    before = SECTIONS[index - 1] if index > 0 else None
    after = SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None
    return before, after
