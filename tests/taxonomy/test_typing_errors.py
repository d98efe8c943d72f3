"""Typing errors in a query: which words are close to a known one, and which reading wins."""

from __future__ import annotations

import pytest

from marketplace.taxonomy.query import analyse, close_words, corrected, corrections, typing_errors


@pytest.mark.parametrize(
    ("typed", "close"),
    [
        ("sairaanhoitja", ("sairaanhoitaja",)),  # a letter left out
        ("sairaanhoitjaksi", ("sairaanhoitajaksi",)),  # ... in an inflected word
        ("hitsaja", ("hitsaaja",)),
        ("electrrician", ("electrician",)),  # one doubled
        ("warheouse", ("warehouse",)),  # two swapped
        ("helsnki", ("helsinki",)),  # a municipality
        ("autonluljettajaksi", ("autonkuljettajaksi",)),  # after "kuorma-"
        # Known words, short ones, numbers and words nothing is close to stay as they are.
        ("sairaanhoitaja", ()),
        ("lähihoitajaksi", ()),
        ("kokki", ()),
        ("sql", ()),
        ("2024", ()),
        ("kuorma-autonluljettaja", ()),
        ("xqzvbtkw", ()),
    ],
)
def test_close_words_are_known_words_one_typing_error_away(typed: str, close: tuple) -> None:
    assert close_words(typed) == close


def test_words_naming_a_concept_are_never_guessed_at() -> None:
    query = analyse("sairaanhoitaja hitsaja")
    assert typing_errors(query) == {"hitsaja": ("hitsaaja",)}


def test_a_word_no_document_holds_is_read_as_the_close_word_most_documents_hold() -> None:
    guesses = {"enginer": ("engine", "engineer"), "hitsaja": ("hitsaaja",), "pitsa": ("pizza",)}
    holding = {"engine": 2, "engineer": 9, "hitsaaja": 0, "pitsa": 3}
    # The only close word is read even when no document holds it (it may name a concept
    # whose Finnish label they hold); a typed word some document holds is no typing error.
    assert corrections(guesses, holding) == {"enginer": "engineer", "hitsaja": "hitsaaja"}
    # Close words held alike leave the word as typed.
    assert corrections({"enginer": ("engine", "engineer")}, {"engine": 4, "engineer": 4}) == {}


def test_a_reading_is_kept_only_when_it_names_a_concept_or_a_place() -> None:
    read = corrected("lähihootajan paikka", {"lähihootajan": "lähihoitajan", "paikka": "palkka"})
    assert read.corrections == (("lähihootajan", "lähihoitajan"),)
    assert [c.labels["fi"] for c in read.concepts] == ["Lähihoitaja"]
    assert "paikka" in read.words
    place = corrected("kokki helsnki", {"helsnki": "helsinki"})
    assert place.places == ("091",) and place.corrections == (("helsnki", "helsinki"),)
    assert place.typed == "kokki helsnki"  # shown as typed
