"""Integrity of the versioned taxonomy data files shipped in marketplace/taxonomy/data."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest

from marketplace.taxonomy.compounds import compound_heads
from marketplace.taxonomy.service import DATA_DIR, LANGS, get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind, LanguageLevel
from search.compounds import HEADS

FILES = (
    "regions.json",
    "municipalities.json",
    "occupation_groups.json",
    "occupations.json",
    "skills.json",
    "licences.json",
    "languages.json",
    "sectors.json",
)
ALAND = "21"
LICENCE_CATEGORIES = {"driving", "safety", "food", "security", "trade", "other"}
LIGHT_CLASSES = ("AM", "A1", "A2", "A", "B", "BE", "T")
HEAVY_CLASSES = ("C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")


@cache
def load(name: str) -> dict[str, Any]:
    """A data file as parsed JSON."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def items(name: str) -> list[dict[str, Any]]:
    """The items of a data file."""
    return load(name)["items"]


def codes(name: str) -> set[str]:
    """The codes of a data file."""
    return {item["code"] for item in items(name)}


@pytest.mark.parametrize("name", FILES)
def test_file_shape_and_version(name: str) -> None:
    data = load(name)
    assert re.fullmatch(r"\d{4}\.\d+", data["version"])
    assert isinstance(data["items"], list) and data["items"]


@pytest.mark.parametrize("name", FILES)
def test_codes_unique_and_sorted(name: str) -> None:
    all_codes = [item["code"] for item in items(name)]
    duplicates = [code for code, n in Counter(all_codes).items() if n > 1]
    assert not duplicates
    assert all_codes == sorted(all_codes)


@pytest.mark.parametrize("name", FILES)
def test_every_item_has_three_labels(name: str) -> None:
    for item in items(name):
        for lang in LANGS:
            label = item.get(lang)
            assert isinstance(label, str) and label.strip() == label and label, (item, lang)


@pytest.mark.parametrize("name", FILES)
def test_files_are_utf8_without_ascii_escapes(name: str) -> None:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    assert "\\u00" not in text


def test_municipalities_cover_finland_in_2026() -> None:
    municipalities = items("municipalities.json")
    assert len(municipalities) == 308
    assert all(len(m["code"]) == 3 and m["code"].isdigit() for m in municipalities)
    by_code = {m["code"]: m for m in municipalities}
    assert by_code["091"]["sv"] == "Helsingfors"
    assert by_code["853"]["sv"] == "Åbo"
    assert "588" not in by_code  # Pertunmaa merged into Mäntyharju on 1 January 2025


def test_every_municipality_has_an_existing_region() -> None:
    regions = codes("regions.json")
    unknown = [m["code"] for m in items("municipalities.json") if m["region"] not in regions]
    assert not unknown


def test_every_region_has_municipalities() -> None:
    used = {m["region"] for m in items("municipalities.json")}
    assert codes("regions.json") == used
    assert len(used) == 19


def test_aland_has_sixteen_municipalities() -> None:
    aland = [m for m in items("municipalities.json") if m["region"] == ALAND]
    assert len(aland) == 16


def test_occupation_groups_form_a_two_level_tree() -> None:
    groups = {g["code"]: g for g in items("occupation_groups.json")}
    for code, group in groups.items():
        if len(code) == 1:
            assert group["parent"] is None
        else:
            assert len(code) == 2 and group["parent"] == code[0] and code[0] in groups


def test_occupations_belong_to_existing_groups() -> None:
    groups = codes("occupation_groups.json")
    for occupation in items("occupations.json"):
        isco = occupation["isco"]
        assert len(isco) == 4 and isco.isdigit()
        assert occupation["code"].startswith(isco + ".")
        assert occupation["group"] == isco[:2] and occupation["group"] in groups


def test_occupations_cover_at_least_thirty_sub_major_groups() -> None:
    occupations = items("occupations.json")
    assert len(occupations) >= 150
    assert len({o["group"] for o in occupations}) >= 30


def test_occupations_have_alternatives_and_descriptions() -> None:
    for occupation in items("occupations.json"):
        assert set(occupation["alt"]) == set(LANGS)
        assert occupation["description"]["fi"] and occupation["description"]["en"]


def test_skills_reference_existing_occupations() -> None:
    occupations = codes("occupations.json")
    skills = items("skills.json")
    assert 300 <= len(skills) <= 400
    for skill in skills:
        assert skill["occupations"], skill["code"]
        assert set(skill["occupations"]) <= occupations, skill["code"]


def test_every_occupation_has_at_least_four_skills() -> None:
    linked = Counter(code for skill in items("skills.json") for code in skill["occupations"])
    thin = [code for code in codes("occupations.json") if linked[code] < 4]
    assert not thin


def test_licences_use_known_categories_and_cover_driving_classes() -> None:
    licences = items("licences.json")
    assert {lic["category"] for lic in licences} <= LICENCE_CATEGORIES
    assert {f"DL-{c}" for c in LIGHT_CLASSES + HEAVY_CLASSES} <= codes("licences.json")


def test_language_levels_run_from_lowest_to_highest() -> None:
    levels = load("languages.json")["levels"]
    assert [lvl["code"] for lvl in levels] == [level.value for level in LanguageLevel]
    assert [lvl["code"] for lvl in levels] == ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
    for level in levels:
        assert all(level[lang] for lang in LANGS)


def test_languages_are_labelled_in_all_ui_languages() -> None:
    languages = {lang["code"]: lang for lang in items("languages.json")}
    assert len(languages) >= 50
    assert languages["fi"]["fi"] == "Suomi" and languages["sv"]["sv"] == "Svenska"


def test_service_loads_the_files() -> None:
    taxonomy = get_taxonomy()
    assert taxonomy.region_of("091") == "01"
    assert taxonomy.label(ConceptKind.OCCUPATION, "2221.1", "sv") == "Sjukskötare"
    found = taxonomy.typeahead(ConceptKind.OCCUPATION, "sairaanh")
    assert found and found[0].code == "2221.1"


def test_the_search_index_splits_compounds_on_the_taxonomys_heads_of_this_version():
    # Run `python -m marketplace.taxonomy.compounds` after changing the data files.
    heads = compound_heads(get_taxonomy())
    assert list(HEADS) == heads
    assert {"asentaja", "kuljettaja", "hoitaja", "insinööri", "lärare"} <= set(heads)
    # A word no taxonomy word ends with is no head, however common.
    assert "tampere" not in heads and "ja" not in heads
