"""Language lists start with Finnish, Swedish and English, then the rest by label."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.pages import search as search_pages
from marketplace.taxonomy.forms import concept_options
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.analysis import fold
from tests import factories

FIRST = ["fi", "sv", "en"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_language_options_start_with_finnish_swedish_and_english(lang: str) -> None:
    options = concept_options(ConceptKind.LANGUAGE, lang)
    assert [code for code, _ in options[:3]] == FIRST
    rest = [fold(label) for _, label in options[3:]]
    assert rest == sorted(rest)
    assert len(options) == len(get_taxonomy().all(ConceptKind.LANGUAGE))


def test_other_lists_stay_in_label_order() -> None:
    labels = [fold(label) for _, label in concept_options(ConceptKind.MUNICIPALITY, "fi")]
    assert labels == sorted(labels)


def test_language_typeahead_offers_the_first_languages_first() -> None:
    taxonomy = get_taxonomy()
    assert [t.code for t in taxonomy.typeahead(ConceptKind.LANGUAGE, "", "fi", 3)] == FIRST
    # "s" begins Suomi, Somali, Swahili...: Finnish comes before the shorter labels.
    assert taxonomy.typeahead(ConceptKind.LANGUAGE, "s", "fi")[0].code == "fi"


def test_the_vacancy_editor_lists_finnish_swedish_and_english_first(
    client: TestClient, db: Session
) -> None:
    factories.browser_login(client, factories.employer(db, org="Kielijärjestys Oy"))
    html = client.get("/employer/vacancies/new").text
    block = html.split('id="language_code-1"', 1)[1].split("</select>", 1)[0]
    codes = [code for code in re.findall(r'<option value="([^"]*)"', block) if code]
    assert codes[:3] == FIRST


def test_the_candidate_search_language_filter_lists_finnish_swedish_and_english_first() -> None:
    found = {"de": 3, "en": 5, "sv": 1, "fi": 9, "ar": 2}
    options = search_pages.concept_options(ConceptKind.LANGUAGE, [], found, "fi")
    assert [o.value for o in options] == ["fi", "sv", "en", "ar", "de"]
