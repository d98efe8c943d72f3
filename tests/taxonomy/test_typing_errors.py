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
        ("phjaajan", ("ohjaajan",)),  # the stemmer cuts the misspelt word elsewhere
        ("pakkaaajaksi", ("pakkaajaksi",)),  # one form for each stem
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


def test_a_word_no_document_holds_is_read_as_the_longest_then_most_held_close_word() -> None:
    guesses = {"hitsaja": ("hitsaaja",), "pitsa": ("pizza",), "paikka": ("palkka", "parkka")}
    holding = {"hitsaaja": 0, "pitsa": 3, "palkka": 9, "parkka": 1}
    # The only close word is read even when no document holds it (it may name a concept
    # whose Finnish label they hold); a typed word some document holds is no typing error.
    assert corrections(guesses, holding) == {"hitsaja": "hitsaaja", "paikka": "palkka"}
    # The longer known stem wins over the more widespread one.
    mistyped = {"kirjanpitjäksi": close_words("kirjanpitjäksi")}
    assert mistyped == {"kirjanpitjäksi": ("kirjanpitojäksi", "kirjanpitäjäksi")}
    assert corrections(mistyped, {"kirjanpitojäksi": 50, "kirjanpitäjäksi": 2}) == {
        "kirjanpitjäksi": "kirjanpitäjäksi"
    }
    # Close words alike in both leave the word as typed.
    assert corrections({"paikka": ("palkka", "parkka")}, {"palkka": 4, "parkka": 4}) == {}


def test_a_reading_is_kept_only_when_it_names_a_concept_or_a_place() -> None:
    read = corrected("lähihootajan paikka", {"lähihootajan": "lähihoitajan", "paikka": "palkka"})
    assert read.corrections == (("lähihootajan", "lähihoitajan"),)
    assert [c.labels["fi"] for c in read.concepts] == ["Lähihoitaja"]
    assert "paikka" in read.words
    place = corrected("kokki helsnki", {"helsnki": "helsinki"})
    assert place.places == ("091",) and place.corrections == (("helsnki", "helsinki"),)
    assert place.typed == "kokki helsnki"  # shown as typed


def test_a_typing_error_in_a_word_typed_without_a_and_o_is_read_too() -> None:
    assert close_words("lahihotajaksi") == ("lähihoitajaksi",)
    read = corrected("lahihotajaksi Espooseen", {"lahihotajaksi": "lähihoitajaksi"})
    assert [c.labels["fi"] for c in read.concepts] == ["Lähihoitaja"]
