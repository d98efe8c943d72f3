"""Search and matching invariants that no demo label grades: nonsense finds nothing, and good
fits share an occupation group or a required skill."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from bench.invariants import (
    PUNCTUATION_QUERIES,
    SHARE_TARGET,
    STOP_WORD_QUERIES,
    InvariantReport,
    format_table,
    nonsense_queries,
    random_queries,
    related,
    run_invariants,
)
from marketplace.profiles.models import Profile, WorkExperience
from marketplace.vacancies.models import Vacancy

# Half the demo corpus: the same generator and code paths, in well under a minute and a half.
VACANCIES = 120
PROFILES = 180


def test_random_queries_are_seeded_letters_of_the_asked_shape() -> None:
    queries = random_queries(50, seed=7)
    assert queries == random_queries(50, seed=7)
    assert queries != random_queries(50, seed=8)
    for query in queries:
        words = query.split(" ")
        assert 1 <= len(words) <= 2, query
        assert all(4 <= len(w) <= 12 and set(w) <= set(string.ascii_lowercase) for w in words)
    assert nonsense_queries(50)[50:] == [*PUNCTUATION_QUERIES, *STOP_WORD_QUERIES]


def test_relatedness_reads_occupation_groups_and_required_skills_only() -> None:
    vacancy = Vacancy(occupation_code="2221.1", required_skills=["S1"], desired_skills=["S2"])
    history = [WorkExperience(title="Sairaanhoitaja", occupation_code="2221.3")]
    worked = Profile(wish_occupations=[], skill_codes=[], work=history)
    assert related(vacancy, worked)  # same minor group 222, from work history
    assert related(vacancy, Profile(wish_occupations=["2221.1"], skill_codes=[], work=[]))
    assert related(vacancy, Profile(wish_occupations=["5120.1"], skill_codes=["S1"], work=[]))
    # A desired skill or another minor group of the same sub-major group is not enough.
    assert not related(vacancy, Profile(wish_occupations=["2230.1"], skill_codes=["S2"], work=[]))
    no_occupation = Vacancy(occupation_code=None, required_skills=[])
    assert not related(no_occupation, Profile(wish_occupations=["2221.1"], skill_codes=[]))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> InvariantReport:
    directory = tmp_path_factory.mktemp("invariants")
    result = run_invariants(
        "embedded",
        vacancies=VACANCIES,
        profiles=PROFILES,
        directory=directory,
        log=lambda _: None,
    )
    assert list(Path(directory).iterdir()) == []  # the temporary database and index are gone
    return result


@pytest.mark.slow
@pytest.mark.model
def test_nonsense_queries_find_nothing_in_either_index(report: InvariantReport) -> None:
    assert report.nonsense is not None
    assert report.nonsense.queries == len(nonsense_queries())
    assert report.nonsense.offenders == [], format_table(report)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("direction", ["candidates", "recommendations"])
def test_good_fits_share_an_occupation_group_or_a_required_skill(
    report: InvariantReport, direction: str
) -> None:
    matching = report.matching[direction]
    assert matching.entities > 0 and matching.good_fits > 0, direction
    assert matching.share >= SHARE_TARGET, format_table(report)


@pytest.mark.slow
@pytest.mark.model
def test_a_common_word_beside_an_occupation_brings_in_no_unrelated_hits(
    report: InvariantReport,
) -> None:
    worded = report.worded
    assert worded is not None and len(worded.common_words) == 3
    assert worded.bare_hits > 0 and worded.worded_hits > 0
    assert worded.passed, format_table(report)


@pytest.mark.slow
@pytest.mark.model
def test_records_without_codes_find_related_good_fits(tmp_path: Path) -> None:
    # Every code taken out: the titles and headlines must carry the evidence, judged by the
    # occupations the generator gave the records.
    result = run_invariants(
        "embedded",
        vacancies=VACANCIES,
        profiles=PROFILES,
        text_only=True,
        directory=tmp_path,
        log=lambda _: None,
    )
    for direction in ("candidates", "recommendations"):
        matching = result.matching[direction]
        assert matching.mean_good_fits >= 0.5, format_table(result)
        assert matching.share >= SHARE_TARGET, format_table(result)
