"""Places named in search queries, and the preferences a typed query carries."""

from __future__ import annotations

import pytest

from marketplace.taxonomy.places import places_named
from marketplace.taxonomy.query import analyse, restrict, spelling_suggestions, with_letters
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.analysis import stem_word
from search.base import SearchRequest
from search.text import english_numbers

HELSINKI, TURKU, TAMPERE, SEINAJOKI = "091", "853", "837", "743"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("sairaanhoitajaksi Tampereelle", [TAMPERE]),
        ("kokki Helsinki", [HELSINKI]),
        ("sairaanhoitajan työ Helsingissä", [HELSINKI]),  # consonant gradation nk -> ng
        ("myyjän työ Turussa", [TURKU]),  # a listed irregular form
        ("lähihoitaja Seinäjoella", [SEINAJOKI]),  # k dropped
        ("jobs in Åbo", [TURKU]),  # Swedish name
        ("Turussa tai Tampereella", [TURKU, TAMPERE]),
        ("kemian opettaja", []),
        # A name that stems short matches as written or regularly inflected, never by its stem:
        # "for" is no Forssa and "han" no Hanko.
        ("director for sales", []),
        ("han är sjuksköterska", []),
        ("Forssan kaupunki", ["061"]),
        ("kokki Forssassa", ["061"]),
        ("Hankoon", ["078"]),
        ("Espooseen tai Jyväskylään", ["049", "179"]),  # illatives: -seen, the vowel doubled
        ("", []),
    ],
)
def test_places_named_in_inflected_forms(query: str, codes: list[str]) -> None:
    assert places_named(query) == codes


def test_no_skill_or_occupation_label_is_taken_for_a_place() -> None:
    taxonomy = get_taxonomy()
    taken = [
        label
        for kind in (ConceptKind.SKILL, ConceptKind.OCCUPATION)
        for term in taxonomy.all(kind)
        for label in term.labels.values()
        if places_named(label)
    ]
    assert taken == []


def test_a_typed_query_prefers_the_concepts_and_places_it_names() -> None:
    query = analyse("sairaanhoitajaksi Tampereelle")
    assert query.places == (TAMPERE,)
    assert query.prefer == {"occupation": ["2221.1"], "municipality": [TAMPERE]}
    # The place is no word to find; the concept joins the text in basic form.
    assert "tampereelle" not in query.search_text and "Sairaanhoitaja" in query.search_text
    assert query.embed_text == "Sairaanhoitaja"
    plain = analyse("jotain aivan muuta")
    assert plain.prefer == {} and plain.places == ()
    assert plain.embed_text == "jotain aivan muuta"
    assert plain.search_text.startswith("jotain aivan muuta")


@pytest.mark.parametrize(
    ("query", "prefer"),
    [
        ("kesätyö", {"employment_type": ["summer"]}),
        ("summer jobs", {"employment_type": ["summer"]}),
        ("osa-aikainen", {"working_time": ["part_time"]}),
        ("deltid", {"working_time": ["part_time"]}),
        # Partly remote postings and jobseekers open to remote work are asked for too.
        ("etätyötä", {"remote": ["remote", "hybrid", "yes"]}),
        ("osa-aikatyö", {"working_time": ["part_time"]}),
        # Every word of a name: "osa" alone names no part-time work.
        ("osa", {}),
    ],
)
def test_a_typed_query_prefers_the_terms_of_work_it_names(
    query: str, prefer: dict[str, list[str]]
) -> None:
    assert analyse(query).prefer == prefer


def test_a_term_of_work_is_searched_by_the_names_the_documents_hold() -> None:
    # No posting says "osa-aikatyö"; their terms say "Osa-aikainen" / "Deltid".
    query = analyse("osa-aikatyö")
    assert "Osa-aikainen" in query.search_text and "Deltid" in query.search_text
    assert query.named_text is not None and "Osa-aikainen" in query.named_text
    # The words that named the term are searched as typed, not split ("aika").
    assert "aika" not in query.search_text.split()


def test_english_words_are_searched_in_both_numbers_finnish_ones_as_typed() -> None:
    query = analyse("technical directors")
    assert query.search_text.split() == ["technical", "directors", "technicals", "director"]
    assert english_numbers("companies") == ["company"] and english_numbers("boss") == ["bosses"]
    # Words with Finnish letters, short ones and those that named a concept by its Finnish
    # label stay as typed; a word that named one by its English label is English.
    assert english_numbers("töitä") == [] and english_numbers("cv") == []
    assert "sairaanhoitajas" not in analyse("sairaanhoitaja").search_text
    nurse = analyse("nurse")
    assert nurse.search_text.split() == ["nurse", "nurses", "Sairaanhoitaja"]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("lahihoitaja", "lähihoitaja"),
        ("lahihoitajaksi", "lähihoitajaksi"),
        ("myyjan", "myyjän"),
        ("hameenlinnassa", "hämeenlinnassa"),
        ("jarvenpaan", "järvenpään"),
        # Words that are words as typed, or that stand for no known word, stay as typed.
        ("sairaanhoitaja", "sairaanhoitaja"),
        ("kokemusta", "kokemusta"),
        ("tyo", "tyo"),
        ("xqzvbt", "xqzvbt"),
    ],
)
def test_words_typed_without_a_o_and_aa_get_their_letters_back(typed: str, written: str) -> None:
    # What the search compares is the stem; an ending may keep the vowels typed.
    assert stem_word(with_letters(typed)) == stem_word(written)
    assert with_letters(typed).isascii() == written.isascii()


def test_a_query_typed_without_a_and_o_is_read_like_one_with_them() -> None:
    plain = analyse("lahihoitajaksi Hameenlinnaan")
    proper = analyse("lähihoitajaksi Hämeenlinnaan")
    assert [c.code for c in plain.concepts] == [c.code for c in proper.concepts] != []
    assert plain.places == proper.places != ()
    assert plain.typed == "lahihoitajaksi Hameenlinnaan"  # shown as typed


def test_the_words_naming_a_concept_and_its_label_are_what_the_query_asks_for() -> None:
    query = analyse("hitsaaja kokemusta")
    assert query.named_text == "hitsaaja Hitsaaja"
    assert "kokemusta" in query.search_text
    assert analyse("nurse").named_text == "nurse nurses Sairaanhoitaja"
    assert analyse("jotain aivan muuta").named_text is None
    # Words that only rank in the index searched stay out of the vector query, unless they
    # are all there is.
    manager = analyse("henkilöstöpäällikkö kielen")
    assert manager.embed_text == "Henkilöstöpäällikkö kielen"
    assert manager.embed_text_without(frozenset({"kielen"})) == "Henkilöstöpäällikkö"
    assert analyse("kielen").embed_text_without(frozenset({"kielen"})) == "kielen"
    # The search request carries it to the backend ("Common words" in `search.base`).
    req = restrict(SearchRequest(), query, "municipality")
    assert (req.text, req.named_text) == (query.search_text, "hitsaaja Hitsaaja")


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Web-kehittäjä", "2513.1"),
        ("web kehittäjä", "2513.1"),  # typed apart, as the search splits it anyway
        ("nuoriso-ohjaajaksi", "3412.2"),
        ("Kuorma-autonkuljettaja", "8332.1"),
        ("IT-päällikkö Tampere", "1330.1"),
    ],
)
def test_hyphenated_titles_name_their_occupation(query: str, code: str) -> None:
    assert analyse(query).codes("occupation") == [code]


def test_a_label_inside_a_longer_one_names_nothing_of_its_own() -> None:
    # "suunnittelija" alone is another trade's alternative label; inside "UX-suunnittelija"
    # it is part of the UX designer's, and so is the skill "UX".
    assert [c.code for c in analyse("UX-suunnittelija").concepts] == ["2166.2"]
    assert analyse("suunnittelija").codes("occupation") == ["2422.1"]
    # Labels of different words both stay: the occupation and the skill it is about.
    assert analyse("Sairaanhoitaja haavanhoitoon").codes("skill") == ["S0045"]


def test_a_misspelt_hyphenated_title_gets_the_spelling_of_its_part() -> None:
    assert "ohjaaja" in spelling_suggestions(analyse("nuoriso-ohjaja"))


def test_function_words_are_read_within_labels_but_not_searched_for() -> None:
    english = analyse("Transport of dangerous goods")
    swedish = analyse("Transport av farligt gods")
    assert [c.code for c in english.concepts] == [c.code for c in swedish.concepts] != []
    assert "of" not in english.words and "av" not in swedish.words
    assert "of" not in english.search_text.split()
