"""Deterministic demo data: employers, vacancies and jobseeker profiles.

`generate_corpus` builds plain `VacancyCreate` and `ProfileDocument` objects without a database
(benchmarks use it for large corpora); `generate_demo` writes a corpus through the same service
functions users go through, so validation and search-outbox rows happen exactly as for them.
The occupation every record was generated from is kept as ground truth for relevance tests.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Generic, NamedTuple, TypeVar

from faker import Faker
from sqlalchemy.orm import Session

from marketplace.accounts import repository as accounts_repository
from marketplace.accounts import service as account_service
from marketplace.accounts.models import Role, User
from marketplace.accounts.schemas import RegisterIn
from marketplace.accounts.security import hash_password
from marketplace.demo import vocabulary as vocab
from marketplace.employers import service as employer_service
from marketplace.employers.business_id import check_digit
from marketplace.errors import Conflict
from marketplace.profiles import service as profile_service
from marketplace.profiles.schemas import (
    ContactDetails,
    EducationItem,
    JobWishes,
    LanguageItem,
    ProfileDocument,
    WorkItem,
)
from marketplace.taxonomy.service import Taxonomy, Term, get_taxonomy
from marketplace.taxonomy.vocab import (
    ConceptKind,
    EmploymentType,
    LanguageLevel,
    Remote,
    Visibility,
    WorkingTime,
)
from marketplace.vacancies import service as vacancy_service
from marketplace.vacancies.models import Vacancy
from marketplace.vacancies.schemas import VacancyCreate

T = TypeVar("T")

DEMO_PASSWORD = "demo-salasana-2026"


class _Weighted(Generic[T]):
    """Weighted choice with precomputed cumulative weights (rng.choices recomputes them)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]):
        self.items = list(items)
        self._cum = list(itertools.accumulate(weights))

    @classmethod
    def of(cls, weights: Mapping[T, float]) -> _Weighted[T]:
        return cls(list(weights), list(weights.values()))

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self._cum, rng.random() * self._cum[-1])]


class DemoLogin(NamedTuple):
    role: str
    email: str
    password: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(Role.JOBSEEKER, "jobseeker@demo.fi", DEMO_PASSWORD),
    DemoLogin(Role.EMPLOYER, "employer@demo.fi", DEMO_PASSWORD),
    DemoLogin(Role.SPECIALIST, "specialist@demo.fi", DEMO_PASSWORD),
    DemoLogin(Role.ADMIN, "admin@demo.fi", DEMO_PASSWORD),
)
DEMO_ORGANIZATION = "Demo Hoiva Oy"
DEMO_OCCUPATION_LABEL = "sairaanhoitaja"
DEMO_TOWN = "Tampere"
# Vacancies of the demo employer, so that its candidate lists are not empty.
DEMO_EMPLOYER_VACANCIES = 3
DEMO_EMPLOYER_COUNT = 40

VISIBILITY_WEIGHTS: dict[Visibility, float] = {
    Visibility.PUBLIC: 0.55,
    Visibility.ANONYMOUS: 0.25,
    Visibility.HIDDEN: 0.20,
}
# Jobseekers whose native language is neither Finnish nor Swedish.
OTHER_NATIVE_SHARE = 0.12
PUBLISHED_SHARE = 0.85
# Of published vacancies, the share whose application deadline has already passed.
EXPIRED_SHARE = 0.06

EMPLOYMENT_TYPE_WEIGHTS: dict[EmploymentType, float] = {
    EmploymentType.PERMANENT: 55,
    EmploymentType.FIXED_TERM: 25,
    EmploymentType.SUMMER: 7,
    EmploymentType.GIG: 5,
    EmploymentType.INTERNSHIP: 4,
    EmploymentType.APPRENTICESHIP: 4,
}
# Fields where most work is done in shifts; elsewhere it is mostly day work.
SHIFT_FIELDS = frozenset(
    {"health", "social", "logistics", "warehouse", "hospitality", "industry", "property"}
)
REMOTE_FIELDS: dict[str, dict[Remote, float]] = {
    "ict": {Remote.HYBRID: 50, Remote.REMOTE: 25, Remote.ONSITE: 25},
    "office": {Remote.HYBRID: 45, Remote.REMOTE: 10, Remote.ONSITE: 45},
    "engineering": {Remote.HYBRID: 45, Remote.REMOTE: 5, Remote.ONSITE: 50},
}
ENGLISH_POSTING_SHARE = {"ict": 0.35}

_SENIOR_TYPES = (EmploymentType.PERMANENT, EmploymentType.FIXED_TERM)
_VISIBILITY = _Weighted.of(VISIBILITY_WEIGHTS)
_EMPLOYMENT_TYPE = _Weighted.of(EMPLOYMENT_TYPE_WEIGHTS)
_REMOTE = {name: _Weighted.of(weights) for name, weights in REMOTE_FIELDS.items()}


# --- taxonomy material ---------------------------------------------------------------------


@dataclass(frozen=True)
class Occupation:
    """An occupation the generator can write about: labels, field and linked skills."""

    code: str
    label: str
    label_en: str
    field: str
    skills: tuple[str, ...]
    licences: tuple[str, ...]
    # What the work is, as a sentence whose subject is the occupation ("Myy teknisiä ...").
    description: str
    description_en: str
    # Nobody starts a career as a manager: no summer jobs, no juniors.
    senior: bool


@dataclass(frozen=True)
class Town:
    """A municipality with the word forms and weight the generator needs."""

    code: str
    name: str
    region: str
    region_name: str
    weight: int
    locative: str
    genitive: str | None
    swedish: bool
    # Share of residents whose native language is Swedish.
    swedish_speakers: float


def _lower_first(label: str) -> str:
    # Acronyms and names keep their capitals: "IT-tukihenkilö", "C# ja .NET", "Microsoft Excel".
    words = label.split()
    if len(label) < 2 or not label[1].islower() or any(w[:1].isupper() for w in words[1:]):
        return label
    return label[:1].lower() + label[1:]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(labels: Sequence[str], conjunction: str = "ja") -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {conjunction} {labels[-1]}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", "", folded.lower())


def _domain(organization: str) -> str:
    words = organization.split()
    while len(words) > 1 and words[-1] in vocab.LEGAL_FORMS:
        words.pop()
    return "".join(_ascii(w) for w in words) + ".fi"


def _fi_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _month_start(today: date, months_ago: int) -> date:
    index = today.year * 12 + today.month - 1 - months_ago
    return date(index // 12, index % 12 + 1, 1)


class Material:
    """Occupations, skills, towns and licences drawn from the taxonomy, ready for sampling."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        linked: dict[str, list[str]] = {}
        for skill in taxonomy.all(ConceptKind.SKILL):
            for occupation_code in skill.related:
                linked.setdefault(occupation_code, []).append(skill.code)
        known_licences = {t.code for t in taxonomy.all(ConceptKind.LICENCE)}
        occupations = []
        for term in taxonomy.all(ConceptKind.OCCUPATION):
            skills = tuple(linked.get(term.code, ()))
            if len(skills) < 2:
                continue  # a posting needs at least two required skills
            label = term.label("fi")
            field_name = self._field_of(term)
            licences = vocab.LICENCES_BY_OCCUPATION.get(label.lower()) or (
                vocab.LICENCES_BY_FIELD.get(field_name, ())
            )
            occupations.append(
                Occupation(
                    code=term.code,
                    label=label,
                    label_en=term.label("en"),
                    field=field_name,
                    skills=skills,
                    licences=tuple(c for c in licences if c in known_licences),
                    description=term.description.get("fi", ""),
                    description_en=term.description.get("en", ""),
                    senior=any(cue in label.lower() for cue in vocab.SENIOR_CUES),
                )
            )
        self.occupations = occupations
        self.by_field: dict[str, list[Occupation]] = {}
        for occupation in occupations:
            self.by_field.setdefault(occupation.field, []).append(occupation)
        self.occupation_pick = _Weighted(
            occupations,
            [
                vocab.FIELD_WEIGHTS.get(o.field, 1.0)
                / len(self.by_field[o.field])
                * vocab.OCCUPATION_BOOST.get(o.label.lower(), 1.0)
                for o in occupations
            ],
        )
        self.towns = [self._town(term) for term in taxonomy.all(ConceptKind.MUNICIPALITY)]
        self.town_pick = _Weighted(self.towns, [t.weight for t in self.towns])
        self.regions: dict[str, list[Town]] = {}
        for town in self.towns:
            self.regions.setdefault(town.region, []).append(town)
        self.region_pick = {
            region: _Weighted(towns, [t.weight for t in towns])
            for region, towns in self.regions.items()
        }
        # The biggest known town of each region names local public employers.
        self.centre = {
            region: max(towns, key=lambda t: (t.genitive is not None, t.weight))
            for region, towns in self.regions.items()
        }
        self.skill_labels = {t.code: t.label("fi") for t in taxonomy.all(ConceptKind.SKILL)}
        self.skill_labels_en = {t.code: t.label("en") for t in taxonomy.all(ConceptKind.SKILL)}
        self.licence_labels = {
            code: taxonomy.label(ConceptKind.LICENCE, code) for code in known_licences
        }
        driving = vocab.COMMON_DRIVING_LICENCE
        self.driving_licence = driving if driving in known_licences else None
        known_languages = {t.code for t in taxonomy.all(ConceptKind.LANGUAGE)}
        self.languages = {
            iso: code for iso, code in vocab.LANGUAGE_CODES.items() if code in known_languages
        }
        self.iso_of = {code: iso for iso, code in self.languages.items()}
        self.other_natives = [
            self.languages[iso] for iso in vocab.OTHER_NATIVE_LANGUAGES if iso in self.languages
        ]

    def _field_of(self, term: Term) -> str:
        listed = vocab.FIELD_BY_OCCUPATION.get(term.label("fi").lower())
        if listed:
            return listed
        group, seen = term.parent, set()
        while group and group not in seen:
            seen.add(group)
            if group in vocab.FIELD_BY_GROUP:
                return vocab.FIELD_BY_GROUP[group]
            parent = self.taxonomy.get(ConceptKind.OCCUPATION_GROUP, group)
            group = parent.parent if parent else None
        return "generic"

    def _town(self, term: Term) -> Town:
        region = term.parent or ""
        region_name = self.taxonomy.label(ConceptKind.REGION, region, "fi")
        known = vocab.TOWNS.get(term.label("fi"))
        name = term.label("fi")
        return Town(
            code=term.code,
            name=name,
            region=region,
            region_name=region_name,
            weight=known[0] if known else vocab.SMALL_TOWN_WEIGHT,
            locative=known[1] if known else f"paikkakunnalla {name}",
            genitive=known[2] if known else None,
            swedish=name in vocab.SWEDISH_TOWNS or region_name in vocab.SWEDISH_REGIONS,
            swedish_speakers=vocab.SWEDISH_SPEAKERS.get(
                name, vocab.SWEDISH_SPEAKERS_ELSEWHERE.get(region_name, 0.01)
            ),
        )

    def region_genitive(self, town: Town) -> str:
        """The town's region in the genitive ("Pirkanmaan")."""
        return vocab.REGION_GENITIVE.get(town.region_name, town.region_name)

    def occupation_by_label(self, label: str) -> Occupation:
        """The occupation with this Finnish label, else one whose label contains it."""
        wanted = label.lower()
        exact = [o for o in self.occupations if o.label.lower() == wanted]
        partial = [o for o in self.occupations if wanted in o.label.lower()]
        found = exact or partial or self.by_field.get("health") or self.occupations
        return found[0]

    def town_by_name(self, name: str) -> Town:
        """The municipality with this Finnish name, else the biggest one."""
        return next(
            (t for t in self.towns if t.name == name), max(self.towns, key=lambda t: t.weight)
        )


# --- generated records ---------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerSpec:
    """An employer organisation to create: name, valid business ID, home town and field."""

    name: str
    business_id: str
    town: Town
    field: str
    domain: str


@dataclass(frozen=True)
class GeneratedVacancy:
    data: VacancyCreate
    employer: EmployerSpec
    occupation: str
    expired: bool


@dataclass(frozen=True)
class GeneratedProfile:
    document: ProfileDocument
    occupation: str
    first_name: str
    last_name: str


def business_id(base: int) -> str | None:
    """The Y-tunnus for a seven-digit base, or None when the base has no valid check digit."""
    digits = f"{base:07d}"
    digit = check_digit(digits)
    return None if digit is None else f"{digits}-{digit}"


class Corpus:
    """Seeded source of employers, vacancies and profiles; the same seed gives the same data."""

    def __init__(self, seed: int = 2022, today: date | None = None):
        self.seed = seed
        self.today = today or date.today()
        self.material = Material(get_taxonomy())
        fake = Faker("fi_FI")
        fake.seed_instance(seed)
        # Drawing from small name pools keeps large corpora fast (Faker costs ~0.1 ms a call).
        self.first_names = sorted({fake.first_name() for _ in range(400)})
        self.last_names = sorted({fake.last_name() for _ in range(600)})
        self._business_ids: set[str] = set()

    # -- employers --

    def employers(self, count: int) -> list[EmployerSpec]:
        """Employer organisations spread over the fields that have occupations."""
        rng = random.Random(f"{self.seed}-employers")
        fields = sorted(self.material.by_field, key=lambda f: -vocab.FIELD_WEIGHTS.get(f, 1.0))
        field_pick = _Weighted(fields, [vocab.FIELD_WEIGHTS.get(f, 1.0) for f in fields])
        names: set[str] = set()
        specs = []
        for index in range(count):
            field_name = fields[index] if index < len(fields) else field_pick.pick(rng)
            town = self.material.town_pick.pick(rng)
            name = self._employer_name(rng, field_name, town, names)
            names.add(name)
            specs.append(
                EmployerSpec(
                    name=name,
                    business_id=self.new_business_id(rng),
                    town=town,
                    field=field_name,
                    domain=_domain(name),
                )
            )
        return specs

    def _employer_name(
        self, rng: random.Random, field_name: str, town: Town, taken: set[str]
    ) -> str:
        words = vocab.FIELDS[field_name].employer_words
        for attempt in range(50):
            roll = rng.random()
            if roll < 0.4 and town.genitive:
                prefix = town.genitive
            elif roll < 0.7:
                prefix = self.material.region_genitive(town)
            else:
                prefix = rng.choice(vocab.EMPLOYER_PREFIXES)
            name = f"{prefix} {rng.choice(words)} {rng.choice(vocab.LEGAL_FORMS)}"
            if attempt > 40:
                name = f"{rng.choice(self.last_names)} {name}"
            if name not in taken:
                return name
        raise RuntimeError("could not find a free employer name")

    def new_business_id(self, rng: random.Random) -> str:
        """A unique, valid Y-tunnus; bases without a check digit are skipped."""
        while True:
            value = business_id(rng.randrange(1_000_000, 3_400_000))
            if value and value not in self._business_ids:
                self._business_ids.add(value)
                return value

    # -- vacancies --

    def vacancies(
        self, count: int, employers: Sequence[EmployerSpec]
    ) -> Iterator[GeneratedVacancy]:
        """Vacancies in every region (when count allows), most of them in the big towns."""
        rng = random.Random(f"{self.seed}-vacancies")
        material = self.material
        # One posting per region first, so no region is empty, then the rest by town weight.
        towns = [material.region_pick[r].pick(rng) for r in sorted(material.regions)]
        towns = towns[:count]
        towns += [material.town_pick.pick(rng) for _ in range(count - len(towns))]
        rng.shuffle(towns)
        by_field: dict[str, list[EmployerSpec]] = {}
        for spec in employers:
            by_field.setdefault(spec.field, []).append(spec)
        for town in towns:
            occupation = material.occupation_pick.pick(rng)
            candidates = by_field.get(occupation.field) or list(employers)
            yield self.vacancy(rng, occupation, town, rng.choice(candidates))

    def vacancy(
        self,
        rng: random.Random,
        occupation: Occupation,
        town: Town,
        employer: EmployerSpec,
        *,
        publish: bool | None = None,
        expired: bool | None = None,
    ) -> GeneratedVacancy:
        """One vacancy of an occupation in a town."""
        material = self.material
        texts = vocab.FIELDS[occupation.field]
        publish = rng.random() < PUBLISHED_SHARE if publish is None else publish
        expired = publish and rng.random() < EXPIRED_SHARE if expired is None else expired
        english = rng.random() < ENGLISH_POSTING_SHARE.get(occupation.field, 0.0)
        skills = rng.sample(occupation.skills, min(len(occupation.skills), 9))
        n_required = min(len(skills), rng.randint(2, 5))
        required = skills[:n_required]
        desired = skills[n_required : n_required + rng.randint(0, 4)]
        employment_type = _EMPLOYMENT_TYPE.pick(rng)
        if occupation.senior and employment_type not in _SENIOR_TYPES:
            employment_type = EmploymentType.PERMANENT
        working_time = self._working_time(rng, occupation.field)
        remote_pick = _REMOTE.get(occupation.field)
        remote = remote_pick.pick(rng) if remote_pick else Remote.ONSITE
        if expired:
            deadline = self.today - timedelta(days=rng.randint(1, 40))
        else:
            deadline = self.today + timedelta(days=rng.randint(4, 45))
        start = None if rng.random() < 0.25 else deadline + timedelta(days=rng.randint(7, 60))
        languages = self._vacancy_languages(rng, occupation, town, english)
        licences = list(occupation.licences)
        if licences and rng.random() < 0.2:
            licences = licences[:1]
        title = self._vacancy_title(rng, occupation, town, employment_type, english)
        values = self._text_values(rng, occupation, town, employer)
        labels = material.skill_labels_en if english else material.skill_labels
        values["skills"] = _join(
            [_lower_first(labels[c]) for c in required], "and" if english else "ja"
        )
        values["desired"] = _join(
            [_lower_first(labels[c]) for c in desired], "and" if english else "ja"
        )
        writer = self._english_description if english else self._finnish_description
        description = writer(rng, occupation, values, desired, languages, licences)
        data = VacancyCreate(
            title=title,
            description=description,
            occupation_code=occupation.code,
            required_skills=required,
            desired_skills=desired,
            municipality_code=town.code,
            employment_type=employment_type,
            working_time=working_time,
            remote=remote,
            start_date=start,
            deadline=deadline,
            salary_text=rng.choice(texts.salaries + vocab.SALARIES_COMMON),
            how_to_apply=self._how_to_apply(rng, employer, deadline, english),
            languages=[LanguageItem(code=c, level=level) for c, level in languages],
            licences=licences,
            publish=publish,
        )
        return GeneratedVacancy(data, employer, occupation.code, expired)

    def _working_time(self, rng: random.Random, field_name: str) -> WorkingTime:
        roll = rng.random()
        if field_name in SHIFT_FIELDS:
            return (
                WorkingTime.SHIFT
                if roll < 0.55
                else (WorkingTime.FULL_TIME if roll < 0.85 else WorkingTime.PART_TIME)
            )
        return WorkingTime.FULL_TIME if roll < 0.82 else WorkingTime.PART_TIME

    def _vacancy_title(
        self,
        rng: random.Random,
        occupation: Occupation,
        town: Town,
        employment_type: EmploymentType,
        english: bool,
    ) -> str:
        base = _cap(occupation.label_en if english else occupation.label)
        roll = rng.random()
        if employment_type == EmploymentType.SUMMER and not english:
            summer = self.today.year + (1 if self.today.month >= 8 else 0)
            return f"{base}, kesätyö {summer}"
        if roll < 0.2:
            return f"{base}, {town.name}"
        if roll < 0.3 and not english:
            return f"{base} ({vocab.TITLE_SUFFIXES[employment_type]})"
        return base

    def _vacancy_languages(
        self, rng: random.Random, occupation: Occupation, town: Town, english: bool
    ) -> list[tuple[str, LanguageLevel]]:
        codes = self.material.languages
        wanted: list[tuple[str, LanguageLevel]] = []
        aland = town.region_name in vocab.SWEDISH_REGIONS
        if aland and "sv" in codes:
            wanted.append((codes["sv"], LanguageLevel.C1))
        elif not english and "fi" in codes:
            strict = occupation.field in ("health", "social", "education", "office")
            level = LanguageLevel.C1 if strict and rng.random() < 0.6 else LanguageLevel.B2
            wanted.append((codes["fi"], level))
        if town.swedish and not aland and "sv" in codes and rng.random() < 0.5:
            wanted.append((codes["sv"], rng.choice((LanguageLevel.B1, LanguageLevel.B2))))
        if "en" in codes and (english or occupation.field in ("ict", "engineering")):
            wanted.append((codes["en"], LanguageLevel.C1 if english else LanguageLevel.B2))
        return wanted

    def _text_values(
        self, rng: random.Random, occupation: Occupation, town: Town, employer: EmployerSpec
    ) -> dict[str, str]:
        title = _lower_first(occupation.label)
        task = f"{title} -tehtävään" if " " in title else f"{title}-tehtävään"
        return {
            "title": title,
            "Title": _cap(occupation.label),
            "title_task": task,
            "title_en": _lower_first(occupation.label_en),
            "org": employer.name,
            "city": town.name,
            "city_in": town.locative,
            "region_gen": self.material.region_genitive(town),
            "founded": str(rng.randint(1952, 2016)),
            "staff": str(rng.choice((35, 60, 120, 250, 400, 800, 1500, 3000))),
            "units": str(rng.randint(3, 60)),
            "revenue": str(rng.choice((4, 12, 25, 48, 90, 160, 320))),
            "clients": str(rng.choice((60, 150, 400, 1200, 5000, 20000))),
        }

    def _finnish_description(
        self,
        rng: random.Random,
        occupation: Occupation,
        values: dict[str, str],
        desired: Sequence[str],
        languages: Sequence[tuple[str, LanguageLevel]],
        licences: Sequence[str],
    ) -> str:
        texts = vocab.FIELDS[occupation.field]
        intro = rng.choice(texts.intros + vocab.INTROS_COMMON)
        duties = rng.sample(texts.duties, min(len(texts.duties), rng.randint(2, 3)))
        if occupation.description:
            # The taxonomy says what the occupation does; it opens the duties in its own words.
            what = occupation.description[:1].lower() + occupation.description[1:]
            duties.insert(0, "{Title} " + what.replace("{", "{{").replace("}", "}}"))
        bullets = rng.random() < 0.4
        duty_block = "\n".join(f"- {d}" for d in duties) if bullets else " ".join(duties)
        requirements = rng.sample(texts.requirements, min(len(texts.requirements), 2))
        requirements.append(rng.choice(vocab.SKILL_REQUIREMENTS))
        if desired:
            requirements.append(rng.choice(vocab.DESIRED_SKILLS).replace("{skills}", "{desired}"))
        iso = self.material.iso_of
        requirements += [
            vocab.LANGUAGE_REQUIREMENTS[iso[c]]
            for c, _ in languages
            if iso.get(c) in vocab.LANGUAGE_REQUIREMENTS
        ]
        if licences:
            requirements.append(
                vocab.LICENCE_REQUIREMENT.replace(
                    "{licences}", _join([self.material.licence_labels[c] for c in licences])
                )
            )
        offers = [rng.choice(texts.offers), rng.choice(vocab.OFFERS_COMMON)]
        company = [rng.choice(vocab.COMPANY_COMMON[:1] + texts.company)]
        company += rng.sample(texts.company + vocab.COMPANY_COMMON[1:], 2)
        job = [
            intro,
            f"{rng.choice(vocab.DUTY_HEADINGS)}\n{duty_block}",
            f"{rng.choice(vocab.REQUIREMENT_HEADINGS)}\n{' '.join(requirements)}",
            f"{rng.choice(vocab.OFFER_HEADINGS)}\n{' '.join(offers)}",
        ]
        about = f"{rng.choice(vocab.COMPANY_HEADINGS)}\n{' '.join(dict.fromkeys(company))}"
        blocks = [about, *job] if rng.random() < 0.4 else [*job, about]
        return "\n\n".join(blocks).format_map(values)

    def _english_description(
        self,
        rng: random.Random,
        occupation: Occupation,
        values: dict[str, str],
        desired: Sequence[str],
        languages: Sequence[tuple[str, LanguageLevel]],
        licences: Sequence[str],
    ) -> str:
        duties = rng.sample(vocab.EN_DUTIES, 3)
        if occupation.description_en:
            what = occupation.description_en[:1].lower() + occupation.description_en[1:]
            duties.insert(0, "The {title_en} " + what.replace("{", "{{").replace("}", "}}"))
        requirements = list(vocab.EN_REQUIREMENTS)
        if desired:
            requirements.append(vocab.EN_DESIRED)
        blocks = [
            rng.choice(vocab.EN_INTROS),
            f"{vocab.EN_DUTY_HEADING}\n{' '.join(duties)}",
            f"{vocab.EN_REQUIREMENT_HEADING}\n{' '.join(requirements)}",
            f"{vocab.EN_OFFER_HEADING}\n{rng.choice(vocab.EN_OFFERS)}",
            f"{vocab.EN_COMPANY_HEADING}\n{' '.join(vocab.EN_COMPANY)}",
        ]
        return "\n\n".join(blocks).format_map(values)

    def _how_to_apply(
        self, rng: random.Random, employer: EmployerSpec, deadline: date, english: bool
    ) -> str:
        template = rng.choice(vocab.HOW_TO_APPLY_EN if english else vocab.HOW_TO_APPLY)
        contact = f"{rng.choice(self.first_names)} {rng.choice(self.last_names)}"
        if not english:
            contact = f"{rng.choice(vocab.CONTACT_TITLES)} {contact}"
        return template.format(
            deadline=_fi_date(deadline),
            contact=contact,
            phone=self.phone(rng),
            domain=employer.domain,
        )

    @staticmethod
    def phone(rng: random.Random) -> str:
        """A Finnish mobile number."""
        prefix = rng.choice(("040", "044", "045", "050"))
        return f"{prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"

    # -- profiles --

    def profiles(self, count: int) -> Iterator[GeneratedProfile]:
        """Jobseeker profiles with names drawn from Finnish name pools."""
        rng = random.Random(f"{self.seed}-profiles")
        material = self.material
        for _ in range(count):
            occupation = material.occupation_pick.pick(rng)
            town = material.town_pick.pick(rng)
            yield self.profile(rng, occupation, town, _VISIBILITY.pick(rng))

    def profile(
        self,
        rng: random.Random,
        occupation: Occupation,
        town: Town,
        visibility: Visibility,
        *,
        years: int | None = None,
        skills: int | None = None,
        employment_types: Sequence[EmploymentType] = (),
    ) -> GeneratedProfile:
        """One jobseeker whose main occupation is `occupation`, living in `town`."""
        material = self.material
        texts = vocab.FIELDS[occupation.field]
        if years is None:
            years = rng.randint(0, 1) if rng.random() < 0.15 else rng.randint(2, 30)
            if occupation.senior:
                years = max(years, rng.randint(5, 12))
        second = None
        if rng.random() < 0.3:
            # A career move within the field: an earlier job or a second wish.
            second = rng.choice(material.by_field[occupation.field])
            second = None if second == occupation else second
        n_skills = skills if skills is not None else rng.randint(3, 10)
        chosen = rng.sample(occupation.skills, min(n_skills, len(occupation.skills)))
        if second is not None:
            chosen += [s for s in second.skills if s not in chosen][: n_skills - len(chosen)]
        # An occupation with only two linked skills borrows from its field: profiles list three.
        for other in material.by_field[occupation.field]:
            if len(chosen) >= 3:
                break
            chosen += [s for s in other.skills if s not in chosen][: 3 - len(chosen)]
        english = occupation.field == "ict" and rng.random() < 0.25
        wished_types = list(employment_types)
        if not wished_types:
            wished_types = [_EMPLOYMENT_TYPE.pick(rng)]
            if wished_types[0] == EmploymentType.PERMANENT and rng.random() < 0.4:
                wished_types.append(EmploymentType.FIXED_TERM)
        working_times = [self._working_time(rng, occupation.field)]
        if rng.random() < 0.25:
            working_times.append(WorkingTime.PART_TIME)
        remote = occupation.field in REMOTE_FIELDS and rng.random() < 0.5
        available = None if rng.random() < 0.4 else self.today + timedelta(rng.randint(0, 90))
        wish_towns = [town]
        if rng.random() < 0.35:
            wish_towns.append(material.region_pick[town.region].pick(rng))
        regions = [town.region] if rng.random() < 0.45 else []
        values = {
            "title": _lower_first(occupation.label),
            "Title": _cap(occupation.label),
            "title_en": _lower_first(occupation.label_en),
            "Title_en": _cap(occupation.label_en),
            "years": str(max(years, 1)),
            "since": str(self.today.year - years),
            "trait": rng.choice(texts.traits),
            "city": town.name,
            "city_from": vocab.CITY_FROM_TEMPLATE.format(
                town_gen=town.genitive or material.centre[town.region].genitive or town.name
            ),
        }
        labels = material.skill_labels_en if english else material.skill_labels
        skill_names = [_lower_first(labels[c]) for c in chosen[:4]]
        values["skill_a"], values["skill_b"] = (skill_names + skill_names)[:2]
        values["skills"] = _join(skill_names[: rng.randint(2, 4)], "and" if english else "ja")
        if english:
            headline = rng.choice(vocab.HEADLINES_EN).format_map(values)
            summary = rng.choice(vocab.SUMMARY_EN).format_map(values)
        else:
            junior = years <= 1
            headline = rng.choice(vocab.HEADLINES_JUNIOR if junior else vocab.HEADLINES)
            headline = headline.format_map(values)
            summary = self._summary(
                rng,
                texts,
                values,
                junior,
                town,
                wished_types,
                working_times,
                remote,
                available,
            )
        document = ProfileDocument(
            visibility=visibility,
            headline=_cap(headline),
            summary=summary,
            municipality=town.code,
            skills=chosen,
            work=self._work_history(rng, occupation, second, years, town),
            education=self._education(rng, occupation, years),
            languages=self._languages(rng, town),
            licences=self._profile_licences(rng, occupation),
            wishes=JobWishes(
                occupations=[occupation.code] + ([second.code] if second else []),
                municipalities=list(dict.fromkeys(t.code for t in wish_towns)),
                regions=regions,
                employment_types=wished_types,
                working_times=list(dict.fromkeys(working_times)),
                remote=remote,
                available_from=available,
            ),
        )
        return GeneratedProfile(
            document, occupation.code, rng.choice(self.first_names), rng.choice(self.last_names)
        )

    def _summary(
        self,
        rng: random.Random,
        texts: vocab.FieldTexts,
        values: dict[str, str],
        junior: bool,
        town: Town,
        employment_types: Sequence[EmploymentType],
        working_times: Sequence[WorkingTime],
        remote: bool,
        available: date | None,
    ) -> str:
        material = self.material
        sentences = [rng.choice(vocab.SUMMARY_OPENERS_JUNIOR if junior else vocab.SUMMARY_OPENERS)]
        sentences += rng.sample(texts.experience, min(len(texts.experience), rng.randint(1, 2)))
        sentences.append(rng.choice(vocab.SUMMARY_STRENGTHS))
        if rng.random() < 0.6:
            sentences.append(rng.choice(vocab.SUMMARY_PERSONAL))
        place = vocab.WISH_PLACES_REMOTE if remote else rng.choice(vocab.WISH_PLACES)
        sentences.append(
            rng.choice(vocab.SUMMARY_WISHES)
            .replace("{place}", place)
            .replace("{kind}", vocab.WISH_KIND[employment_types[0]])
        )
        if rng.random() < 0.5:
            sentences.append(
                vocab.SUMMARY_WORKING_TIME.replace(
                    "{time}", vocab.WISH_WORKING_TIME[working_times[0]]
                )
            )
        if available is None:
            sentences.append(vocab.SUMMARY_AVAILABLE_NOW)
        else:
            sentences.append(vocab.SUMMARY_AVAILABLE_FROM.replace("{date}", _fi_date(available)))
        place_values = {
            **values,
            "town_in": town.locative,
            "region_gen": material.region_genitive(town),
        }
        return " ".join(sentences).format_map(place_values)

    def _work_history(
        self,
        rng: random.Random,
        occupation: Occupation,
        second: Occupation | None,
        years: int,
        town: Town,
    ) -> list[WorkItem]:
        count = 1 if years < 3 else rng.randint(1, min(4, 1 + years // 3))
        total_months = max(4, years * 12)
        ongoing = rng.random() < 0.6
        # Months back from today where the newest job ends (0 = still going on).
        cursor = 0 if ongoing else rng.randint(1, 10)
        items = []
        for index in range(count):
            share = max(4, (total_months - cursor) // (count - index))
            months = rng.randint(max(3, share // 2), max(4, share))
            start = _month_start(self.today, cursor + months)
            end = (
                None if index == 0 and ongoing else _month_start(self.today, cursor) - timedelta(1)
            )
            if end is not None and end < start:
                end = start
            this = occupation if second is None or index == 0 or rng.random() < 0.5 else second
            items.append(
                WorkItem(
                    title=_cap(this.label),
                    occupation_code=this.code,
                    employer=self._past_employer(rng, this.field, town),
                    start_date=start,
                    end_date=end,
                    description=rng.choice(vocab.FIELDS[this.field].work_descriptions),
                )
            )
            cursor += months + rng.choice((0, 0, 1, 2, 4))
        return items

    def _past_employer(self, rng: random.Random, field_name: str, town: Town) -> str:
        material = self.material
        template = rng.choice(
            vocab.PUBLIC_EMPLOYERS.get(field_name, vocab.PUBLIC_EMPLOYERS["generic"])
        )
        town_gen = town.genitive or material.centre[town.region].genitive
        if "{town_gen}" in template and town_gen is None:
            template = "{region_gen} " + rng.choice(vocab.FIELDS[field_name].employer_words) + " Oy"
        return template.format(town_gen=town_gen, region_gen=material.region_genitive(town))

    def _education(
        self, rng: random.Random, occupation: Occupation, years: int
    ) -> list[EducationItem]:
        label = occupation.label.lower()
        degrees = vocab.FIELDS[occupation.field].degrees
        # A degree named after the occupation ("..., talonrakentaja") beats a random one.
        named = [d for d in degrees if label in d.lower()]
        degree = vocab.DEGREES_BY_OCCUPATION.get(label) or (named[0] if named else "")
        degree = degree or rng.choice(degrees)
        kind = next((k for cue, k in vocab.DEGREE_SCHOOL_CUES if cue in degree), "vocational")
        schools = {
            "uas": vocab.SCHOOLS_UAS,
            "university": vocab.SCHOOLS_UNIVERSITY,
            "vocational": vocab.SCHOOLS_VOCATIONAL,
        }[kind]
        length = {"uas": 4, "university": 5, "vocational": 3}[kind]
        end = self.today.year - years
        items = [
            EducationItem(
                title=degree,
                institution=rng.choice(schools),
                start_year=end - length,
                end_year=end,
            )
        ]
        if kind != "vocational" or rng.random() < 0.3:
            school_end = end - length - rng.randint(0, 2)
            items.append(
                EducationItem(
                    title=vocab.UPPER_SECONDARY_DEGREE,
                    institution=rng.choice(vocab.SCHOOLS_UPPER_SECONDARY),
                    start_year=school_end - 3,
                    end_year=school_end,
                )
            )
        return items

    def _languages(self, rng: random.Random, town: Town) -> list[LanguageItem]:
        codes = self.material.languages
        swedish_native = rng.random() < town.swedish_speakers
        other_native = (
            not swedish_native
            and bool(self.material.other_natives)
            and rng.random() < OTHER_NATIVE_SHARE
        )
        items: list[tuple[str, LanguageLevel]] = []
        if swedish_native and "sv" in codes:
            items.append((codes["sv"], LanguageLevel.NATIVE))
            if "fi" in codes:
                items.append((codes["fi"], rng.choice((LanguageLevel.B2, LanguageLevel.C1))))
        elif other_native:
            items.append((rng.choice(self.material.other_natives), LanguageLevel.NATIVE))
            if "fi" in codes:
                items.append((codes["fi"], rng.choice((LanguageLevel.B1, LanguageLevel.B2))))
        elif "fi" in codes:
            items.append((codes["fi"], LanguageLevel.NATIVE))
            if "sv" in codes and rng.random() < 0.45:
                items.append((codes["sv"], rng.choice((LanguageLevel.A2, LanguageLevel.B1))))
        if "en" in codes and rng.random() < 0.85:
            level = rng.choice(
                (LanguageLevel.B1, LanguageLevel.B2, LanguageLevel.B2, LanguageLevel.C1)
            )
            items.append((codes["en"], level))
        return [LanguageItem(code=c, level=level) for c, level in dict(items).items()]

    def _profile_licences(self, rng: random.Random, occupation: Occupation) -> list[str]:
        typical = [c for c in occupation.licences if rng.random() < 0.85]
        if self.material.driving_licence and rng.random() < 0.65:
            typical.append(self.material.driving_licence)
        return list(dict.fromkeys(typical))


def generate_corpus(
    seed: int = 2022, n_profiles: int = 360, n_vacancies: int = 240, today: date | None = None
) -> Iterator[ProfileDocument | VacancyCreate]:
    """Vacancies, then profiles, as plain documents (no database); same seed, same corpus.

    A vacancy was generated from its `occupation_code`, a profile from its first wished
    occupation (`wishes.occupations[0]`).
    """
    corpus = Corpus(seed, today)
    employers_ = corpus.employers(max(DEMO_EMPLOYER_COUNT, n_vacancies // 6))
    for vacancy in corpus.vacancies(n_vacancies, employers_):
        yield vacancy.data
    for profile in corpus.profiles(n_profiles):
        yield profile.document


# --- the demo database -----------------------------------------------------------------------


@dataclass
class DemoSummary:
    """What `generate_demo` created, with the occupation and place of every record."""

    organizations: int = 0
    users: int = 0
    vacancies: int = 0
    published_vacancies: int = 0
    profiles: int = 0
    visibility: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    vacancy_occupation: dict[int, str] = field(default_factory=dict, repr=False)
    vacancy_municipality: dict[int, str] = field(default_factory=dict, repr=False)
    profile_occupation: dict[int, str] = field(default_factory=dict, repr=False)
    profile_municipality: dict[int, str] = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        shares = ", ".join(f"{k} {v}" for k, v in sorted(self.visibility.items()))
        return (
            f"{self.organizations} organisations, {self.users} users, {self.vacancies} vacancies "
            f"({self.published_vacancies} published), {self.profiles} profiles ({shares})"
        )


def _email(first: str, last: str, number: int) -> str:
    return f"{_ascii(first)}.{_ascii(last)}.{number}@example.fi"


def _add_user(
    session: Session, email: str, password_hash: str, role: str, full_name: str, **extra: object
) -> User:
    return accounts_repository.add(
        session,
        User(email=email, password_hash=password_hash, role=role, full_name=full_name, **extra),
    )


def _create_vacancy(
    session: Session, user: User, generated: GeneratedVacancy, rng: random.Random, today: date
) -> Vacancy:
    data = generated.data
    # The service refuses to publish past a deadline, as it should for users; an expired
    # posting is one that was published earlier and whose deadline has since passed.
    late = data.publish and data.deadline is not None and data.deadline < date.today()
    vacancy = vacancy_service.create(
        session, user, data.model_copy(update={"deadline": None}) if late else data
    )
    if late:
        vacancy.deadline = data.deadline
    if vacancy.published_at is not None:
        # Spread publication times so listings sorted by date look lived-in.
        start = today if not generated.expired else (data.deadline or today)
        published = start - timedelta(days=rng.randint(0, 28))
        vacancy.published_at = datetime(
            published.year, published.month, published.day, rng.randint(7, 16), tzinfo=UTC
        )
    return vacancy


def generate_demo(
    session: Session,
    *,
    seed: int = 2022,
    vacancies: int = 240,
    profiles: int = 360,
    today: date | None = None,
) -> DemoSummary:
    """Fill an empty database with demo employers, vacancies, profiles and the demo logins."""
    started = time.perf_counter()
    if accounts_repository.get_by_email(session, DEMO_LOGINS[0].email):
        raise Conflict("Demo data already exists in this database")
    today = today or date.today()
    corpus = Corpus(seed, today)
    material = corpus.material
    rng = random.Random(f"{seed}-demo")
    fake = Faker("fi_FI")
    fake.seed_instance(seed)
    # Argon2 is slow on purpose; bulk users share one hash of the demo password.
    shared_hash = hash_password(DEMO_PASSWORD)
    summary = DemoSummary()

    jobseeker_login, employer_login, specialist_login, admin_login = DEMO_LOGINS
    demo_jobseeker = account_service.register(
        session,
        RegisterIn(
            email=jobseeker_login.email,
            password=jobseeker_login.password,
            role="jobseeker",
            full_name="Sanna Virtanen",
        ),
    )
    demo_employer_id = corpus.new_business_id(rng)
    demo_employer = account_service.register(
        session,
        RegisterIn(
            email=employer_login.email,
            password=employer_login.password,
            role="employer",
            full_name="Mikko Laine",
            organization_name=DEMO_ORGANIZATION,
            business_id=demo_employer_id,
        ),
    )
    _add_user(session, specialist_login.email, shared_hash, Role.SPECIALIST, "Leena Koskinen")
    _add_user(session, admin_login.email, shared_hash, Role.ADMIN, "Ylläpitäjä")
    summary.users += 4
    summary.organizations += 1

    nurse = material.occupation_by_label(DEMO_OCCUPATION_LABEL)
    tampere = material.town_by_name(DEMO_TOWN)
    demo_spec = EmployerSpec(
        DEMO_ORGANIZATION, demo_employer_id, tampere, "health", _domain(DEMO_ORGANIZATION)
    )

    specs = corpus.employers(DEMO_EMPLOYER_COUNT)
    employer_users: dict[str, User] = {DEMO_ORGANIZATION: demo_employer}
    for index, spec in enumerate(specs):
        organization = employer_service.create_for_registration(
            session, spec.name, spec.business_id
        )
        first, last = fake.first_name(), fake.last_name()
        employer_users[spec.name] = _add_user(
            session,
            _email(first, last, index + 1),
            shared_hash,
            Role.EMPLOYER,
            f"{first} {last}",
            organization=organization,
        )
    summary.organizations += len(specs)
    summary.users += len(specs)

    own_count = min(DEMO_EMPLOYER_VACANCIES, vacancies)
    demo_rng = random.Random(f"{seed}-demo-vacancies")
    planned = [
        corpus.vacancy(
            demo_rng,
            nurse if i != 1 else material.occupation_by_label("lähihoitaja"),
            tampere,
            demo_spec,
            publish=True,
            expired=False,
        )
        for i in range(own_count)
    ]
    planned += list(corpus.vacancies(vacancies - own_count, specs))
    for planned_vacancy in planned:
        user = employer_users[planned_vacancy.employer.name]
        vacancy = _create_vacancy(session, user, planned_vacancy, rng, today)
        summary.vacancies += 1
        summary.published_vacancies += vacancy.published_at is not None
        summary.vacancy_occupation[vacancy.id] = planned_vacancy.occupation
        summary.vacancy_municipality[vacancy.id] = planned_vacancy.data.municipality_code or ""

    visibility: Counter[str] = Counter()
    people: list[tuple[User, GeneratedProfile]] = []
    if profiles > 0:
        showcase = corpus.profile(
            random.Random(f"{seed}-demo-jobseeker"),
            nurse,
            tampere,
            Visibility.PUBLIC,
            years=9,
            skills=8,
            employment_types=(EmploymentType.PERMANENT, EmploymentType.FIXED_TERM),
        )
        people.append((demo_jobseeker, showcase))
    for number, generated in enumerate(corpus.profiles(profiles - len(people)), start=1):
        user = _add_user(
            session,
            _email(generated.first_name, generated.last_name, number),
            shared_hash,
            Role.JOBSEEKER,
            f"{generated.first_name} {generated.last_name}",
        )
        summary.users += 1
        people.append((user, generated))
    for user, generated in people:
        document = generated.document.model_copy(
            update={"contact": ContactDetails(email=user.email, phone=Corpus.phone(rng))}
        )
        profile = profile_service.replace(session, profile_service.get_own(session, user), document)
        visibility[profile.visibility] += 1
        summary.profile_occupation[profile.id] = generated.occupation
        summary.profile_municipality[profile.id] = document.municipality or ""
    summary.profiles = len(people)
    summary.visibility = dict(visibility)
    session.flush()
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary
