"""Turning profiles and vacancies into matching facts and search documents.

A record imported from elsewhere, or typed in prose, may hold no occupation or skill from the
taxonomy. Its facts then carry the concepts its titles name, read as a typed query is
("Sjukskötare till avdelning 5" names a nurse): matching gets evidence, the search document
gets the occupation's keyword (the structured stage and the filter find it), and its texts the
Finnish label (a Finnish query finds a Swedish or English posting). What a person chose is
never overridden; only an empty field is filled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache

from marketplace.i18n import catalogue
from marketplace.profiles.models import Profile
from marketplace.taxonomy.query import analyse
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


@lru_cache(maxsize=65_536)
def named_concepts(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The occupation and skill codes a title or headline names, in the order a typed query's
    analysis finds them (a matching pool reads the same titles again and again)."""
    named = analyse(text)
    return tuple(named.codes("occupation")), tuple(named.codes("skill"))


def _named_occupation(text: str) -> str | None:
    occupations, _ = named_concepts(text)
    return occupations[0] if occupations else None


def implied_job_occupation(title: str, code: str | None) -> str | None:
    """A job's occupation, or else the one its title names."""
    return code or _named_occupation(title)


def implied_wishes(headline: str, wishes: Sequence[str]) -> tuple[str, ...]:
    """The wished occupations, or else those the headline names."""
    return tuple(wishes) or named_concepts(headline)[0]


def implied_skills(
    headline: str, keywords: Sequence[str], skills: Sequence[str]
) -> tuple[str, ...]:
    """The skills, or else those the headline and the free-text skills name (free-text skills
    often name a taxonomy skill as typed: "Java")."""
    return tuple(skills) or tuple(
        dict.fromkeys(code for text in (headline, *keywords) for code in named_concepts(text)[1])
    )


def implied_profile(facts: ProfileFacts) -> ProfileFacts:
    """A profile's facts with its empty fields read from its words: each job without an
    occupation by its title, no wished occupation or no skills by the headline."""
    return replace(
        facts,
        work=tuple(
            replace(w, occupation_code=implied_job_occupation(w.title, w.occupation_code))
            for w in facts.work
        ),
        occupation_codes=implied_wishes(facts.headline, facts.occupation_codes),
        skill_codes=implied_skills(facts.headline, facts.keywords, facts.skill_codes),
    )


def implied_vacancy(facts: VacancyFacts) -> VacancyFacts:
    """A posting's facts with an empty occupation or empty skills read from its title, as a
    typed query is ("Sairaanhoitaja haavanhoitoon" names a nurse and wound care)."""
    if facts.required_skill_codes or facts.desired_skill_codes:
        skills = facts.desired_skill_codes
    else:
        skills = named_concepts(facts.title)[1]
    return replace(
        facts,
        occupation_code=facts.occupation_code or _named_occupation(facts.title),
        desired_skill_codes=skills,
    )


def profile_facts(profile: Profile) -> ProfileFacts:
    """What matching may know about a profile (never the person's identity), empty fields
    read from its words (`implied_profile`)."""
    return implied_profile(
        ProfileFacts(
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
    )


def vacancy_facts(vacancy: Vacancy, taxonomy: Taxonomy) -> VacancyFacts:
    """What matching may know about a vacancy, empty fields read from its title
    (`implied_vacancy`)."""
    return implied_vacancy(
        VacancyFacts(
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
    )


def profile_search_text(profile: Profile, taxonomy: Taxonomy) -> str:
    return profile_text(profile_facts(profile), Labels(taxonomy))


def vacancy_search_text(vacancy: Vacancy, taxonomy: Taxonomy) -> str:
    return vacancy_text(vacancy_facts(vacancy, taxonomy), Labels(taxonomy))


def profile_vector_text(profile: Profile, taxonomy: Taxonomy) -> str:
    return profile_embed_text(profile_facts(profile), Labels(taxonomy))


def vacancy_vector_text(vacancy: Vacancy, taxonomy: Taxonomy) -> str:
    return vacancy_embed_text(vacancy_facts(vacancy, taxonomy), Labels(taxonomy))


# The names a document's terms of work are searched by: the Finnish and Swedish names its
# forms show ("Kesätyö", "Osa-aikainen", "Etätyö"). Working on site is what most postings
# are and names nothing; work done partly remotely is remote work too to the person searching
# for "etätyö" ("Osittain etänä" holds no such word).
TERM_NAME_LANGUAGES = ("fi", "sv")
REMOTE_NAMES = {"hybrid": ("hybrid", "remote"), "remote": ("remote",)}


def with_term_names(
    text: str, employment_types: Sequence[str], working_times: Sequence[str], remote: str
) -> str:
    """A record's search text with a line naming its terms of work: "kesätyö" finds summer
    jobs that never say so in their words."""
    texts = catalogue()
    keys = [
        *(f"vocab.employment_type.{v}" for v in employment_types),
        *(f"vocab.working_time.{v}" for v in working_times),
        *(f"vocab.remote.{name}" for name in REMOTE_NAMES.get(remote, ())),
    ]
    names = ", ".join(texts[key][lang] for key in keys for lang in TERM_NAME_LANGUAGES)
    return f"{text}\n{names}" if names else text


def profile_document(
    profile: Profile, taxonomy: Taxonomy, text: str, facts: ProfileFacts | None = None
) -> SearchDocument:
    """A searchable profile: text, filter keywords and dates; no identity. `facts` are the
    profile's when the caller has read them already."""
    facts = facts or profile_facts(profile)
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
        fields={
            "title": profile.headline,
            "body": with_term_names(
                text,
                facts.employment_types,
                facts.working_times,
                "remote" if facts.remote else "onsite",
            ),
        },
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


def vacancy_document(
    vacancy: Vacancy, taxonomy: Taxonomy, text: str, facts: VacancyFacts | None = None
) -> SearchDocument:
    """A searchable vacancy; `facts` are the vacancy's when the caller has read them already."""
    facts = facts or vacancy_facts(vacancy, taxonomy)
    region = taxonomy.region_of(vacancy.municipality_code)
    published = vacancy.published_at.date() if vacancy.published_at else None
    return SearchDocument(
        id=vacancy.id,
        updated_at=vacancy.updated_at,
        fields={
            "title": vacancy.title,
            "body": with_term_names(
                text,
                [vacancy.employment_type],
                [vacancy.working_time],
                vacancy.remote,
            ),
        },
        keywords={
            "municipality": [vacancy.municipality_code] if vacancy.municipality_code else [],
            "region": [region] if region else [],
            "occupation": [facts.occupation_code] if facts.occupation_code else [],
            "skill": list(dict.fromkeys([*facts.required_skill_codes, *facts.desired_skill_codes])),
            "language": [item["code"] for item in vacancy.languages],
            "licence": list(vacancy.licences),
            "employment_type": [vacancy.employment_type],
            "working_time": [vacancy.working_time],
            "remote": [vacancy.remote],
            "organization": [str(vacancy.organization_id)],
        },
        dates={"published_at": published, "deadline": vacancy.deadline},
    )


def profile_index_entry(profile: Profile, taxonomy: Taxonomy) -> tuple[SearchDocument, str]:
    """A profile's search document and the text its vector embeds, from one reading of its
    facts (a reindex builds these for every row)."""
    facts, labels = profile_facts(profile), Labels(taxonomy)
    document = profile_document(profile, taxonomy, profile_text(facts, labels), facts)
    return document, profile_embed_text(facts, labels)


def vacancy_index_entry(vacancy: Vacancy, taxonomy: Taxonomy) -> tuple[SearchDocument, str]:
    """A vacancy's search document and the text its vector embeds, from one reading."""
    facts, labels = vacancy_facts(vacancy, taxonomy), Labels(taxonomy)
    document = vacancy_document(vacancy, taxonomy, vacancy_text(facts, labels), facts)
    return document, vacancy_embed_text(facts, labels)


def is_indexable_vacancy(vacancy: Vacancy, today: date) -> bool:
    """Listed vacancies are indexed; expired ones are filtered at query time by deadline."""
    return vacancy.status == "published"
