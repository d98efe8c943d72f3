"""The demo data generator: determinism, coverage of the taxonomy, and the demo database."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.accounts.security import verify_password
from marketplace.db import make_engine, make_session_factory
from marketplace.demo import vocabulary as vocab
from marketplace.demo.generator import (
    DEMO_LOGINS,
    DEMO_ORGANIZATION,
    DemoSummary,
    generate_corpus,
    generate_demo,
)
from marketplace.employers.business_id import is_valid_business_id
from marketplace.employers.models import Organization
from marketplace.indexing.models import OutboxEntry
from marketplace.models import Base
from marketplace.profiles.models import Profile
from marketplace.profiles.schemas import ProfileDocument
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind, Visibility
from marketplace.vacancies.models import Vacancy, VacancyStatus
from marketplace.vacancies.schemas import VacancyCreate
from matching.text import clean_posting

TODAY = date(2026, 3, 2)
DEMO_VACANCIES = 60
DEMO_PROFILES = 90


CorpusLists = tuple[list[VacancyCreate], list[ProfileDocument]]
Demo = tuple[Session, DemoSummary]


def _split(docs: Iterator[ProfileDocument | VacancyCreate]) -> CorpusLists:
    vacancies: list[VacancyCreate] = []
    profiles: list[ProfileDocument] = []
    for doc in docs:
        if isinstance(doc, ProfileDocument):
            profiles.append(doc)
        else:
            vacancies.append(doc)
    return vacancies, profiles


@pytest.fixture(scope="module")
def corpus() -> CorpusLists:
    """The default-size corpus (240 vacancies, 360 profiles)."""
    return _split(generate_corpus(today=TODAY))


def _demo_database(path: Path) -> Demo:
    engine = make_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    session = make_session_factory(engine)()
    summary = generate_demo(session, vacancies=DEMO_VACANCIES, profiles=DEMO_PROFILES)
    session.commit()
    return session, summary


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    session, summary = _demo_database(tmp_path_factory.mktemp("demo") / "demo.db")
    yield session, summary
    session.close()


# --- corpus (no database) ---------------------------------------------------------------------


def test_same_seed_gives_the_same_corpus_and_another_seed_a_different_one() -> None:
    first = [d.model_dump() for d in generate_corpus(7, 40, 30, today=TODAY)]
    again = [d.model_dump() for d in generate_corpus(7, 40, 30, today=TODAY)]
    other = [d.model_dump() for d in generate_corpus(8, 40, 30, today=TODAY)]
    assert first == again
    assert first != other


def test_default_corpus_covers_thirty_occupations_and_every_region(corpus: CorpusLists) -> None:
    vacancies, profiles = corpus
    taxonomy = get_taxonomy()
    occupations = {v.occupation_code for v in vacancies} | {
        p.wishes.occupations[0] for p in profiles
    }
    assert len(occupations) >= 30
    assert len({v.occupation_code for v in vacancies}) >= 30
    regions = {taxonomy.region_of(v.municipality_code) for v in vacancies}
    assert regions == {r.code for r in taxonomy.all(ConceptKind.REGION)}


def test_big_towns_get_most_vacancies(corpus: CorpusLists) -> None:
    vacancies, _ = corpus
    taxonomy = get_taxonomy()
    by_name = Counter(
        taxonomy.label(ConceptKind.MUNICIPALITY, v.municipality_code or "") for v in vacancies
    )
    big = {name for name, (weight, _, _) in vocab.TOWNS.items() if weight >= 100}
    assert sum(n for name, n in by_name.items() if name in big) > len(vacancies) / 3
    assert by_name.most_common(1)[0][0] == "Helsinki"


def test_every_code_in_the_corpus_is_in_the_taxonomy(corpus: CorpusLists) -> None:
    vacancies, profiles = corpus
    taxonomy = get_taxonomy()

    def unknown(kind: str, codes: list[str | None]) -> list[str]:
        return taxonomy.unknown(kind, [c for c in codes if c is not None])

    for v in vacancies:
        assert v.occupation_code and v.municipality_code
        assert not unknown(ConceptKind.OCCUPATION, [v.occupation_code])
        assert not unknown(ConceptKind.MUNICIPALITY, [v.municipality_code])
        assert not unknown(
            ConceptKind.SKILL, [*(v.required_skills or []), *(v.desired_skills or [])]
        )
        assert not unknown(ConceptKind.LICENCE, list(v.licences or []))
        assert not unknown(ConceptKind.LANGUAGE, [x.code for x in v.languages or []])
    for p in profiles:
        assert not unknown(ConceptKind.SKILL, list(p.skills))
        assert not unknown(ConceptKind.LICENCE, list(p.licences))
        assert not unknown(ConceptKind.LANGUAGE, [x.code for x in p.languages])
        assert not unknown(ConceptKind.MUNICIPALITY, [p.municipality, *p.wishes.municipalities])
        assert not unknown(ConceptKind.REGION, list(p.wishes.regions))
        work = [w.occupation_code for w in p.work]
        assert not unknown(ConceptKind.OCCUPATION, [*p.wishes.occupations, *work])


def test_vacancy_skills_come_from_the_occupation(corpus: CorpusLists) -> None:
    vacancies, _ = corpus
    taxonomy = get_taxonomy()
    for v in vacancies:
        required, desired = v.required_skills or [], v.desired_skills or []
        assert 2 <= len(required) <= 5
        assert len(desired) <= 4
        assert not set(required) & set(desired)
        for code in [*required, *desired]:
            skill = taxonomy.get(ConceptKind.SKILL, code)
            assert skill is not None and v.occupation_code in skill.related


def test_profiles_are_built_like_real_ones(corpus: CorpusLists) -> None:
    _, profiles = corpus
    taxonomy = get_taxonomy()
    for p in profiles:
        assert p.headline and p.summary
        assert 3 <= len(p.skills) <= 10
        assert 1 <= len(p.work) <= 4
        starts = [w.start_date for w in p.work if w.start_date is not None]
        assert len(starts) == len(p.work)
        assert starts == sorted(starts, reverse=True), "most recent job first"
        assert all(w.end_date is not None for w in p.work[1:]), "only the newest job is ongoing"
        assert all(w.start_date <= TODAY for w in p.work if w.start_date)
        assert all(w.end_date <= TODAY for w in p.work if w.end_date)
        assert p.education and p.languages and p.wishes.occupations
        main = p.wishes.occupations[0]
        assert p.work[0].occupation_code == main
        linked = {s.code for s in taxonomy.all(ConceptKind.SKILL) if main in s.related}
        assert set(p.skills) & linked
    natives = Counter(next(x.code for x in p.languages if x.level == "native") for p in profiles)
    finnish = vocab.LANGUAGE_CODES["fi"]
    assert 0.6 < natives[finnish] / len(profiles) < 0.95
    assert len(natives) >= 4, "Swedish and other native languages appear too"


def test_visibility_mix(corpus: CorpusLists) -> None:
    _, profiles = corpus
    shares = Counter(p.visibility for p in profiles)
    n = len(profiles)
    assert 0.45 < shares[Visibility.PUBLIC] / n < 0.65
    assert 0.17 < shares[Visibility.ANONYMOUS] / n < 0.33
    assert 0.12 < shares[Visibility.HIDDEN] / n < 0.28


def test_deadlines_are_mostly_ahead_and_most_vacancies_published(corpus: CorpusLists) -> None:
    vacancies, _ = corpus
    published = [v for v in vacancies if v.publish]
    expired = [v for v in published if v.deadline and v.deadline < TODAY]
    assert 0.75 < len(published) / len(vacancies) < 0.93
    assert expired, "a few published vacancies have passed their deadline"
    assert len(expired) < 0.15 * len(published)
    for v in vacancies:
        assert v.deadline is not None
        assert v.start_date is None or v.start_date > v.deadline


def test_language_requirements_follow_place_and_field(corpus: CorpusLists) -> None:
    vacancies, _ = corpus
    codes = vocab.LANGUAGE_CODES
    taxonomy = get_taxonomy()
    swedish = [v for v in vacancies if any(x.code == codes["sv"] for x in v.languages or [])]
    assert swedish
    for v in swedish:
        town = taxonomy.label(ConceptKind.MUNICIPALITY, v.municipality_code or "")
        region = taxonomy.label(ConceptKind.REGION, taxonomy.region_of(v.municipality_code) or "")
        assert town in vocab.SWEDISH_TOWNS or region in vocab.SWEDISH_REGIONS
    finnish = [v for v in vacancies if any(x.code == codes["fi"] for x in v.languages or [])]
    assert len(finnish) > 0.7 * len(vacancies)


def test_the_posting_cleaner_drops_the_company_paragraph(corpus: CorpusLists) -> None:
    vacancies, _ = corpus
    checked = 0
    for v in vacancies[:80]:
        blocks = (v.description or "").split("\n\n")
        about = [b for b in blocks if b.split("\n", 1)[0] in vocab.COMPANY_HEADINGS]
        if not about:
            continue
        checked += 1
        cleaned = clean_posting(v.description or "")
        company_text = about[0].split("\n", 1)[1]
        assert company_text not in cleaned
        duties = next(b for b in blocks if b.split("\n", 1)[0] in vocab.DUTY_HEADINGS)
        assert duties.split("\n", 1)[1].splitlines()[0] in cleaned
    assert checked > 40


# --- the demo database ------------------------------------------------------------------------


def test_demo_counts_and_service_side_effects(demo: Demo) -> None:
    session, summary = demo
    assert session.scalar(select(func.count()).select_from(Vacancy)) == DEMO_VACANCIES
    assert session.scalar(select(func.count()).select_from(Profile)) == DEMO_PROFILES
    assert summary.vacancies == DEMO_VACANCIES and summary.profiles == DEMO_PROFILES
    assert summary.organizations == session.scalar(select(func.count()).select_from(Organization))
    assert 35 <= summary.organizations <= 45
    # Every record went through the services, which record a search-outbox row.
    outbox = Counter(session.scalars(select(OutboxEntry.kind)))
    assert outbox["vacancies"] >= DEMO_VACANCIES
    assert outbox["profiles"] >= DEMO_PROFILES
    assert sum(summary.visibility.values()) == DEMO_PROFILES


def test_demo_business_ids_are_valid_and_unique(demo: Demo) -> None:
    session, _ = demo
    ids = list(session.scalars(select(Organization.business_id)))
    assert ids and all(is_valid_business_id(i) for i in ids)
    assert len(ids) == len(set(ids))
    assert session.scalar(select(Organization).where(Organization.name == DEMO_ORGANIZATION))


def test_demo_ground_truth_matches_the_database(demo: Demo) -> None:
    session, summary = demo
    vacancies = session.scalars(select(Vacancy)).all()
    assert summary.vacancy_occupation == {v.id: v.occupation_code for v in vacancies}
    assert summary.vacancy_municipality == {v.id: v.municipality_code for v in vacancies}
    profiles = session.scalars(select(Profile)).all()
    assert summary.profile_occupation == {p.id: p.wish_occupations[0] for p in profiles}
    assert summary.profile_municipality == {p.id: p.municipality_code for p in profiles}


def test_demo_has_hidden_profiles_and_draft_vacancies(demo: Demo) -> None:
    session, _ = demo
    visibilities = Counter(session.scalars(select(Profile.visibility)))
    assert visibilities[Visibility.HIDDEN] > 0
    assert visibilities[Visibility.ANONYMOUS] > 0
    assert visibilities[Visibility.PUBLIC] > visibilities[Visibility.HIDDEN]
    vacancies = session.scalars(select(Vacancy)).all()
    listed = [v for v in vacancies if v.is_listed(date.today())]
    drafts = [v for v in vacancies if v.status == VacancyStatus.DRAFT]
    assert drafts and len(listed) > len(vacancies) / 2


def test_demo_logins_exist_with_their_roles(demo: Demo) -> None:
    session, _ = demo
    for role, email, _ in DEMO_LOGINS:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None and user.role == role
    employer = session.scalar(select(User).where(User.email == "employer@demo.fi"))
    assert employer is not None and employer.organization is not None
    assert employer.organization.name == DEMO_ORGANIZATION
    specialist = session.scalar(select(User).where(User.role == Role.SPECIALIST))
    assert specialist is not None and verify_password(specialist.password_hash, DEMO_LOGINS[2][2])


def test_demo_jobseeker_is_a_public_nurse_in_tampere(demo: Demo) -> None:
    session, _ = demo
    taxonomy = get_taxonomy()
    profile = session.scalar(select(Profile).join(User).where(User.email == DEMO_LOGINS[0].email))
    assert profile is not None
    assert profile.visibility == Visibility.PUBLIC
    assert taxonomy.label(ConceptKind.MUNICIPALITY, profile.municipality_code or "") == "Tampere"
    occupation = taxonomy.label(ConceptKind.OCCUPATION, profile.wish_occupations[0])
    assert "sairaanhoitaja" in occupation.lower()
    assert len(profile.skill_codes) >= 6 and len(profile.work) >= 2
    own_jobs = session.scalars(
        select(Vacancy).join(Organization).where(Organization.name == DEMO_ORGANIZATION)
    ).all()
    assert own_jobs and all(v.is_listed(date.today()) for v in own_jobs)


def test_bulk_emails_follow_the_pattern(demo: Demo) -> None:
    session, _ = demo
    emails = [e for e in session.scalars(select(User.email)) if not e.endswith("@demo.fi")]
    pattern = re.compile(r"^[a-z-]+\.[a-z-]+\.\d+@example\.fi$")
    assert emails and all(pattern.match(e) for e in emails)


def test_demo_is_deterministic(demo: Demo, tmp_path: Path) -> None:
    session, _ = demo
    other, _ = _demo_database(tmp_path / "again.db")
    try:
        for query in (
            select(Vacancy.title).order_by(Vacancy.id),
            select(Profile.headline).order_by(Profile.id),
            select(Organization.name).order_by(Organization.id),
        ):
            assert session.scalars(query).all() == other.scalars(query).all()
    finally:
        other.close()


def test_demo_refuses_to_run_twice(demo: Demo) -> None:
    from marketplace.errors import Conflict

    session, _ = demo
    with pytest.raises(Conflict):
        generate_demo(session, vacancies=1, profiles=1)
