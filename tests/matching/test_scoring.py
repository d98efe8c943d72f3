from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from matching import scoring
from matching.facts import ProfileFacts, VacancyFacts, WorkItem
from matching.fusion import rrf
from matching.scoring import Match, rank, retrieval_from_rrf, score_match

TODAY = date(2025, 6, 1)
NURSE, PRACTICAL_NURSE, DRIVER = "occ:nurse", "occ:practical-nurse", "occ:driver"


def _vacancy(**changes: object) -> VacancyFacts:
    base = VacancyFacts(
        id=100,
        title="Sairaanhoitaja",
        occupation_code=NURSE,
        required_skill_codes=("s:iv", "s:triage"),
        desired_skill_codes=("s:ecg",),
        municipality="091",
        region="01",
        employment_type="permanent",
        working_time="full_time",
        remote="onsite",
        languages={"fi": "C1"},
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _profile(**changes: object) -> ProfileFacts:
    base = ProfileFacts(
        id=1,
        skill_codes=("s:iv", "s:triage", "s:ecg"),
        occupation_codes=(NURSE,),
        work=(WorkItem("Sairaanhoitaja", NURSE, "HUS", date(2020, 6, 1), None),),
        languages={"fi": "native"},
        municipalities=("091",),
        regions=("01",),
        employment_types=("permanent",),
        working_times=("full_time",),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_perfect_fit_with_top_retrieval_scores_one() -> None:
    match = score_match(_profile(), _vacancy(), retrieval=1.0, today=TODAY)
    assert match.score == pytest.approx(1.0)
    e = match.explanation
    assert e.skills_matched == ("s:iv", "s:triage", "s:ecg")
    assert e.required_missing == ()
    assert e.desired_matched == ("s:ecg",)
    assert (e.occupation_fit, e.location_fit, e.language_fit) == ("same", "same_municipality", "ok")
    assert (e.working_time_fit, e.employment_type_fit) == ("ok", "ok")
    assert (e.recency, e.years_since_relevant) == ("current", 0.0)
    assert e.licences_missing == ()
    assert (match.profile_id, match.vacancy_id) == (1, 100)


def test_components_add_up_to_score_and_use_named_weights() -> None:
    match = score_match(_profile(skill_codes=("s:iv",)), _vacancy(), retrieval=0.5, today=TODAY)
    components = match.explanation.components
    assert sum(components.values()) == pytest.approx(match.score, abs=1e-3)
    assert components["retrieval"] == pytest.approx(scoring.RETRIEVAL_WEIGHT * 0.5)
    # s:iv is one of two required skills (weight 2 each) plus one desired (weight 1): 2 / 5.
    assert components["skills"] == pytest.approx(scoring.SKILLS_WEIGHT * 2 / 5)


def test_a_posting_naming_no_skills_is_scored_on_its_other_parts() -> None:
    unskilled = _vacancy(required_skill_codes=(), desired_skill_codes=())
    perfect = score_match(_profile(), unskilled, retrieval=1.0, today=TODAY)
    assert perfect.score == pytest.approx(1.0)
    assert perfect.explanation.components["skills"] == 0.0
    half = score_match(_profile(skill_codes=()), unskilled, retrieval=0.5, today=TODAY)
    share = 1.0 - scoring.SKILLS_WEIGHT
    assert half.explanation.components["retrieval"] == pytest.approx(
        scoring.RETRIEVAL_WEIGHT * 0.5 / share, abs=1e-4
    )
    assert sum(half.explanation.components.values()) == pytest.approx(half.score, abs=1e-3)
    # Penalties are not scaled: a mismatch costs what it costs on any posting.
    far = score_match(_profile(municipalities=("837",), regions=("06",)), unskilled, 1.0, TODAY)
    assert far.explanation.components["location"] == -scoring.LOCATION_OUTSIDE_PENALTY


def test_missing_required_skills_are_listed_and_cost_points() -> None:
    full = score_match(_profile(), _vacancy(), 0.5, TODAY)
    partial = score_match(_profile(skill_codes=("s:ecg",)), _vacancy(), 0.5, TODAY)
    assert partial.explanation.required_missing == ("s:iv", "s:triage")
    assert partial.explanation.skills_matched == ("s:ecg",)
    assert partial.score < full.score


def test_retrieval_is_clamped_to_unit_range() -> None:
    high = score_match(_profile(), _vacancy(), 5.0, TODAY)
    low = score_match(_profile(), _vacancy(), -1.0, TODAY)
    assert high.explanation.components["retrieval"] == pytest.approx(scoring.RETRIEVAL_WEIGHT)
    assert low.explanation.components["retrieval"] == 0.0


def test_recent_work_weighs_more_than_old_work() -> None:
    def worked_until(end: date) -> float:
        start = date(end.year - 3, end.month, end.day)
        profile = _profile(work=(WorkItem("Sairaanhoitaja", NURSE, "X", start, end),))
        return score_match(profile, _vacancy(), 0.5, TODAY).score

    assert worked_until(date(2024, 6, 1)) > worked_until(date(2019, 6, 1))
    assert worked_until(date(2019, 6, 1)) > worked_until(date(2010, 6, 1))


@pytest.mark.parametrize(
    ("end", "recency", "years"),
    [
        (None, "current", 0.0),
        (date(2026, 1, 1), "current", 0.0),  # fixed-term job that ends in the future
        (date(2023, 6, 1), "recent", 2.0),
        (date(2015, 6, 1), "older", 10.0),
    ],
)
def test_recency_of_same_occupation_work(end: date | None, recency: str, years: float) -> None:
    profile = _profile(work=(WorkItem("Sairaanhoitaja", NURSE, "X", date(2010, 1, 1), end),))
    e = score_match(profile, _vacancy(), 0.5, TODAY).explanation
    assert (e.recency, e.years_since_relevant) == (recency, years)


def test_recency_uses_the_latest_relevant_job_and_ignores_others() -> None:
    profile = _profile(
        work=(
            WorkItem("Kuljettaja", DRIVER, "X", date(2022, 1, 1), None),
            WorkItem("Sairaanhoitaja", NURSE, "Y", date(2012, 1, 1), date(2021, 6, 1)),
            WorkItem("Sairaanhoitaja", NURSE, "Z", date(2005, 1, 1), date(2011, 6, 1)),
        )
    )
    e = score_match(profile, _vacancy(), 0.5, TODAY).explanation
    assert (e.recency, e.years_since_relevant) == ("older", 4.0)


def test_work_share_saturates_and_counts_related_occupations_at_half() -> None:
    related = {NURSE: {PRACTICAL_NURSE}}
    one_year = (WorkItem("Lähihoitaja", PRACTICAL_NURSE, "X", date(2024, 6, 1), None),)
    profile = _profile(occupation_codes=(), work=one_year)
    e = score_match(profile, _vacancy(), 0.0, TODAY, related=related).explanation
    expected = scoring.WORK_WEIGHT * 0.5 * (1 / scoring.WORK_SATURATION_YEARS)
    assert e.components["work"] == pytest.approx(expected, abs=1e-3)
    assert e.occupation_fit == "related"
    assert e.recency == "none"  # recency speaks of the same occupation only

    decades = (WorkItem("Sairaanhoitaja", NURSE, "X", date(1995, 1, 1), None),)
    long = score_match(_profile(work=decades), _vacancy(), 0.0, TODAY).explanation
    assert long.components["work"] == pytest.approx(scoring.WORK_WEIGHT)


def test_occupation_fit_from_wishes_work_or_relations() -> None:
    no_wish = _profile(occupation_codes=(), work=())
    assert score_match(no_wish, _vacancy(), 0, TODAY).explanation.occupation_fit == "none"
    by_work = _profile(occupation_codes=())
    assert score_match(by_work, _vacancy(), 0, TODAY).explanation.occupation_fit == "same"
    # Relations count in either direction.
    related = {PRACTICAL_NURSE: {NURSE}}
    wish_related = _profile(occupation_codes=(PRACTICAL_NURSE,), work=())
    fit = score_match(wish_related, _vacancy(), 0, TODAY, related=related).explanation
    assert fit.occupation_fit == "related"
    no_code = _vacancy(occupation_code=None)
    assert score_match(_profile(), no_code, 0, TODAY).explanation.occupation_fit == "none"


def test_language_levels_follow_cefr_order() -> None:
    vacancy = _vacancy(languages={"fi": "B2", "sv": "B1", "en": "C1"})
    profile = _profile(languages={"FI": "C1", "sv": "A2"})
    e = score_match(profile, vacancy, 0.5, TODAY).explanation
    assert e.language_fit == "missing"
    assert e.languages_missing == ("en",)
    assert e.languages_below == ("sv",)
    expected = scoring.LANGUAGE_MISSING_PENALTY + scoring.LANGUAGE_LEVEL_PENALTY * 1
    assert e.components["language"] == pytest.approx(-expected)


def test_language_below_penalty_grows_with_gap_and_is_capped() -> None:
    def penalty(have: str) -> float:
        profile = _profile(languages={"fi": have})
        e = score_match(profile, _vacancy(languages={"fi": "native"}), 0, TODAY).explanation
        assert e.language_fit == "below"
        return -e.components["language"]

    assert penalty("C2") < penalty("B2") < penalty("A1")
    assert penalty("A1") == pytest.approx(scoring.LANGUAGE_BELOW_MAX_PENALTY)


def test_no_language_requirement() -> None:
    e = score_match(_profile(languages={}), _vacancy(languages={}), 0, TODAY).explanation
    assert (e.language_fit, e.components["language"]) == ("none_required", 0.0)


@pytest.mark.parametrize(
    ("profile_changes", "vacancy_changes", "fit", "penalty"),
    [
        ({}, {}, "same_municipality", 0.0),
        ({"municipalities": ()}, {"municipality": "049"}, "same_region", 0.0),
        ({}, {"municipality": "049"}, "same_region", scoring.SAME_REGION_PENALTY),
        ({}, {"municipality": "837", "region": "06"}, "outside", scoring.LOCATION_OUTSIDE_PENALTY),
        (
            {},
            {"municipality": "837", "region": "06", "remote": "hybrid"},
            "outside",
            scoring.LOCATION_OUTSIDE_PENALTY * scoring.HYBRID_OUTSIDE_FACTOR,
        ),
        ({}, {"municipality": "837", "region": "06", "remote": "remote"}, "remote", 0.0),
        ({"municipalities": (), "regions": ()}, {}, "unknown", 0.0),
        ({}, {"municipality": None, "region": None}, "unknown", 0.0),
    ],
)
def test_location_fit(
    profile_changes: dict[str, object],
    vacancy_changes: dict[str, object],
    fit: str,
    penalty: float,
) -> None:
    e = score_match(_profile(**profile_changes), _vacancy(**vacancy_changes), 0, TODAY).explanation
    assert e.location_fit == fit
    assert e.components["location"] == pytest.approx(-penalty)


def test_working_time_and_employment_type_mismatch_subtract() -> None:
    vacancy = _vacancy(working_time="part_time", employment_type="fixed_term")
    e = score_match(_profile(), vacancy, 0, TODAY).explanation
    assert (e.working_time_fit, e.employment_type_fit) == ("mismatch", "mismatch")
    assert e.components["working_time"] == -scoring.WORKING_TIME_PENALTY
    assert e.components["employment_type"] == -scoring.EMPLOYMENT_TYPE_PENALTY
    unknown = score_match(_profile(working_times=()), _vacancy(working_time=None), 0, TODAY)
    assert unknown.explanation.working_time_fit == "unknown"


def test_missing_licences_are_listed_case_insensitively() -> None:
    vacancy = _vacancy(licences=("C", "hygiene_passport"))
    e = score_match(_profile(licences=("Hygiene_Passport",)), vacancy, 0, TODAY).explanation
    assert e.licences_missing == ("C",)
    assert e.components["licences"] == -scoring.LICENCE_MISSING_PENALTY


def test_explanation_as_dict_is_json_serialisable() -> None:
    e = score_match(_profile(skill_codes=()), _vacancy(), 0.3, TODAY).explanation
    data = json.loads(json.dumps(e.as_dict()))
    assert data["required_missing"] == ["s:iv", "s:triage"]
    assert data["location_fit"] == "same_municipality"
    assert data["years_since_relevant"] == 0.0
    assert set(data["components"]) >= {"retrieval", "skills", "language"}


def test_retrieval_from_rrf_maps_best_rank_to_one() -> None:
    fused = rrf([["a", "b"], ["a", "c"]])
    assert retrieval_from_rrf(fused["a"]) == pytest.approx(1.0)
    assert retrieval_from_rrf(fused["c"]) == pytest.approx((1 / 62) / (2 / 61))
    assert retrieval_from_rrf(0.0) == 0.0
    assert retrieval_from_rrf(fused["a"], lists=1) == 1.0  # clamped


def test_rank_sorts_by_score_then_ids() -> None:
    e = score_match(_profile(), _vacancy(), 0, TODAY).explanation
    matches = [Match(3, 9, 0.5, e), Match(1, 9, 0.5, e), Match(2, 9, 0.9, e), Match(1, 8, 0.5, e)]
    assert [(m.profile_id, m.vacancy_id) for m in rank(matches)] == [(2, 9), (1, 8), (1, 9), (3, 9)]


def test_a_fitting_candidate_outranks_a_better_retrieved_unfitting_one() -> None:
    fits = score_match(_profile(id=1), _vacancy(), retrieval=0.6, today=TODAY)
    unfit = _profile(
        id=2,
        skill_codes=(),
        occupation_codes=(DRIVER,),
        work=(WorkItem("Kuljettaja", DRIVER, "X", date(2015, 1, 1), None),),
        languages={"en": "C2"},
        municipalities=("837",),
        regions=("06",),
    )
    other = score_match(unfit, _vacancy(), retrieval=0.9, today=TODAY)
    assert [m.profile_id for m in rank([other, fits])] == [1, 2]
