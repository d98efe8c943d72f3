"""Turning profiles and vacancies into matching facts and search documents."""

from __future__ import annotations

from datetime import date

from marketplace.profiles.models import Profile
from marketplace.taxonomy.service import Taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.vacancies.models import Vacancy
from matching.facts import EducationItem, ProfileFacts, VacancyFacts, WorkItem
from matching.text import profile_embed_text, profile_text, vacancy_embed_text, vacancy_text
from search.base import SearchDocument


class Labels(dict[str, str]):
    """Finnish labels of skill and occupation codes, the language most texts are written in."""

    def __init__(self, taxonomy: Taxonomy, lang: str = "fi"):
        super().__init__()
        self._taxonomy = taxonomy
        self._lang = lang

    def __missing__(self, code: str) -> str:
        for kind in (ConceptKind.SKILL, ConceptKind.OCCUPATION):
            term = self._taxonomy.get(kind, code)
            if term is not None:
                self[code] = term.label(self._lang)
                return self[code]
        raise KeyError(code)

    def get(self, code: object, default: object = None) -> object:  # type: ignore[override]
        try:
            return self[str(code)]
        except KeyError:
            return default


def profile_facts(profile: Profile) -> ProfileFacts:
    """What matching may know about a profile (never the person's identity)."""
    return ProfileFacts(
        id=profile.id,
        headline=profile.headline,
        summary=profile.summary,
        skill_codes=tuple(profile.skill_codes),
        keywords=tuple(profile.keywords),
        occupation_codes=tuple(profile.wish_occupations),
        work=tuple(
            WorkItem(
                w.title, w.occupation_code, w.employer, w.start_date, w.end_date, w.description
            )
            for w in profile.work
        ),
        education=tuple(
            EducationItem(e.title, e.institution, e.end_year) for e in profile.education
        ),
        languages={lang.code: lang.level for lang in profile.languages},
        licences=tuple(profile.licence_codes),
        municipalities=tuple(profile.wish_municipalities)
        or ((profile.municipality_code,) if profile.municipality_code else ()),
        regions=tuple(profile.wish_regions),
        employment_types=tuple(profile.wish_employment_types),
        working_times=tuple(profile.wish_working_times),
        remote=profile.wish_remote,
        available_from=profile.available_from,
    )


def vacancy_facts(vacancy: Vacancy, taxonomy: Taxonomy) -> VacancyFacts:
    """What matching may know about a vacancy."""
    return VacancyFacts(
        id=vacancy.id,
        title=vacancy.title,
        description=vacancy.description,
        occupation_code=vacancy.occupation_code,
        required_skill_codes=tuple(vacancy.required_skills),
        desired_skill_codes=tuple(vacancy.desired_skills),
        municipality=vacancy.municipality_code,
        region=taxonomy.region_of(vacancy.municipality_code),
        employment_type=vacancy.employment_type,
        working_time=vacancy.working_time,
        remote=vacancy.remote,  # type: ignore[arg-type]
        languages={item["code"]: item["level"] for item in vacancy.languages},
        licences=tuple(vacancy.licences),
        start_date=vacancy.start_date,
    )


def profile_search_text(profile: Profile, taxonomy: Taxonomy) -> str:
    return profile_text(profile_facts(profile), Labels(taxonomy))


def vacancy_search_text(vacancy: Vacancy, taxonomy: Taxonomy) -> str:
    return vacancy_text(vacancy_facts(vacancy, taxonomy), Labels(taxonomy))


def profile_vector_text(profile: Profile, taxonomy: Taxonomy) -> str:
    return profile_embed_text(profile_facts(profile), Labels(taxonomy))


def vacancy_vector_text(vacancy: Vacancy, taxonomy: Taxonomy) -> str:
    return vacancy_embed_text(vacancy_facts(vacancy, taxonomy), Labels(taxonomy))


def profile_document(profile: Profile, taxonomy: Taxonomy, text: str) -> SearchDocument:
    """A searchable profile: text, filter keywords and dates; no identity."""
    facts = profile_facts(profile)
    municipalities = {*facts.municipalities}
    if profile.municipality_code:
        municipalities.add(profile.municipality_code)
    regions = {*facts.regions} | {
        r for m in municipalities if (r := taxonomy.region_of(m)) is not None
    }
    occupations = {*facts.occupation_codes} | {
        w.occupation_code for w in facts.work if w.occupation_code
    }
    return SearchDocument(
        id=profile.id,
        updated_at=profile.updated_at,
        fields={"title": profile.headline, "body": text},
        keywords={
            "municipality": sorted(municipalities),
            "region": sorted(regions),
            "occupation": sorted(occupations),
            "skill": list(facts.skill_codes),
            "language": sorted(facts.languages),
            "licence": list(facts.licences),
            "employment_type": list(facts.employment_types),
            "working_time": list(facts.working_times),
            "remote": ["yes" if facts.remote else "no"],
            "visibility": [profile.visibility],
        },
        # "updated" orders the newest first (see candidates.search.ORDERS).
        dates={"available_from": profile.available_from, "updated": profile.updated_at.date()},
    )


def vacancy_document(vacancy: Vacancy, taxonomy: Taxonomy, text: str) -> SearchDocument:
    """A searchable vacancy."""
    region = taxonomy.region_of(vacancy.municipality_code)
    published = vacancy.published_at.date() if vacancy.published_at else None
    return SearchDocument(
        id=vacancy.id,
        updated_at=vacancy.updated_at,
        fields={"title": vacancy.title, "body": text},
        keywords={
            "municipality": [vacancy.municipality_code] if vacancy.municipality_code else [],
            "region": [region] if region else [],
            "occupation": [vacancy.occupation_code] if vacancy.occupation_code else [],
            "skill": list(dict.fromkeys([*vacancy.required_skills, *vacancy.desired_skills])),
            "language": [item["code"] for item in vacancy.languages],
            "licence": list(vacancy.licences),
            "employment_type": [vacancy.employment_type],
            "working_time": [vacancy.working_time],
            "remote": [vacancy.remote],
            "organization": [str(vacancy.organization_id)],
        },
        dates={"published_at": published, "deadline": vacancy.deadline},
    )


def is_indexable_vacancy(vacancy: Vacancy, today: date) -> bool:
    """Listed vacancies are indexed; expired ones are filtered at query time by deadline."""
    return vacancy.status == "published"
