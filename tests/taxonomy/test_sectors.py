from __future__ import annotations

import pytest

from marketplace.taxonomy.query import analyse, close_words, field_of, reading
from marketplace.taxonomy.sectors import sectors, sectors_named
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind

CARPENTER, COOK, NURSE, PRACTICAL_NURSE = "7115.1", "5120.1", "2221.1", "5321.1"


def test_every_sector_holds_occupations_of_the_taxonomy() -> None:
    known = {term.code for term in get_taxonomy().all(ConceptKind.OCCUPATION)}
    for sector in sectors().values():
        assert sector.occupations and set(sector.occupations) <= known, sector.code


def test_every_finnish_and_swedish_label_names_its_own_sector() -> None:
    for sector in sectors().values():
        for lang in ("fi", "sv"):
            for label in [sector.labels[lang], *sector.alt.get(lang, [])]:
                assert sector.code in [s.code for s, _ in sectors_named(label)], label
    # English sector words are the words of many titles: "security consultant".
    assert sectors_named("construction industry") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("rakennusalalla", "A04"), ("hoitoalan töitä", "A02"), ("IT-alalle", "A05")],
)
def test_a_sector_is_read_in_any_inflected_form(text: str, code: str) -> None:
    assert [s.code for s in analyse(text).sectors] == [code]


def test_a_sector_is_searched_as_its_occupations() -> None:
    query = analyse("rakennusala Tampereella")
    assert query.places == ("837",) and query.concepts == ()
    assert CARPENTER in query.prefer["occupation"] and COOK not in query.prefer["occupation"]
    assert "Kirvesmies" in query.search_text and "Kirvesmies" in (query.named_text or "")
    assert query.embed_text == "Rakennusala"
    care = analyse("hoitoala").prefer["occupation"]
    assert {NURSE, PRACTICAL_NURSE} <= set(care)
    assert "2250.1" not in care  # veterinarians are no care work


def test_a_sector_beside_a_concept_is_not_read() -> None:
    # The concept is what is asked for; the sector only says where it is.
    query = analyse("rakennusalan työnjohtaja")
    assert query.sectors == () and query.codes("occupation") == ["3123.1"]
    assert query.prefer["occupation"] == ["3123.1"]
    assert analyse("kaupan alan myyjä").sectors == ()


def test_the_reading_tells_the_sector() -> None:
    told = reading(analyse("rakennusala"), "sv", found=3)
    assert [(s.kind, s.label) for s in told.sectors] == [("sector", "Byggbranschen")]
    assert told.concepts == []


def test_a_sector_word_with_a_typing_error_has_its_close_word() -> None:
    assert close_words("rakenusalalla") == ("rakennusalalla",)
    assert close_words("rakennusalalla") == ()  # a known word is no typing error


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("raksahommat", "raksa"),
        ("siivoushommia", "siivous"),
        ("kesäduunia", "kesä"),
        ("duuni", "duuni"),  # nothing left to name the field
        ("hommaa", "hommaa"),
        ("sairaanhoitaja", "sairaanhoitaja"),
    ],
)
def test_a_spoken_word_for_work_leaves_the_field_it_ends(typed: str, read: str) -> None:
    assert field_of(typed) == read


def test_spoken_names_of_the_work_are_read() -> None:
    assert [s.code for s in analyse("raksahommat").sectors] == ["A04"]
    assert [c.code for c in analyse("trukkikuski").concepts] == ["8344.1"]
    assert [c.code for c in analyse("lähäri helsinki").concepts] == [PRACTICAL_NURSE]
