from __future__ import annotations

import dataclasses

import pytest

from matching.facts import CEFR_LEVELS, ProfileFacts, VacancyFacts, level_rank


def test_level_rank_orders_cefr_levels_with_native_on_top() -> None:
    ranks = [level_rank(level) for level in CEFR_LEVELS]
    assert ranks == sorted(ranks) == list(range(7))
    assert level_rank("native") > level_rank("C2")


@pytest.mark.parametrize(("level", "rank"), [("b2", 3), (" C1 ", 4), ("Native", 6)])
def test_level_rank_is_lenient_about_case_and_spaces(level: str, rank: int) -> None:
    assert level_rank(level) == rank


@pytest.mark.parametrize("level", [None, "", "fluent", "D1"])
def test_level_rank_of_unknown_level_is_minus_one(level: str | None) -> None:
    assert level_rank(level) == -1


def test_facts_are_frozen_and_copy_languages() -> None:
    languages = {"fi": "native"}
    profile = ProfileFacts(id=1, languages=languages)
    languages["en"] = "B2"
    assert dict(profile.languages) == {"fi": "native"}
    with pytest.raises(TypeError):
        profile.languages["sv"] = "A1"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.headline = "x"  # type: ignore[misc]


def test_facts_are_hashable_and_compare_by_value() -> None:
    a = VacancyFacts(id=1, title="Kirjanpitäjä", languages={"fi": "C1"})
    b = VacancyFacts(id=1, title="Kirjanpitäjä", languages={"fi": "C1"})
    assert a == b
    assert hash(a) == hash(b)
    assert a != dataclasses.replace(b, languages={"fi": "B1"})
