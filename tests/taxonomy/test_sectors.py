from __future__ import annotations

import pytest

from marketplace.taxonomy.query import analyse, reading
from marketplace.taxonomy.sectors import sectors, sectors_named
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind

CARPENTER, COOK, NURSE, PRACTICAL_NURSE = "7115.1", "5120.1", "2221.1", "5321.1"


def test_every_sector_holds_occupations_of_the_taxonomy() -> None:
    known = {term.code for term in get_taxonomy().all(ConceptKind.OCCUPATION)}
    for sector in sectors().values():
        assert sector.occupations and set(sector.occupations) <= known, sector.code


def test_every_label_names_its_own_sector() -> None:
    for sector in sectors().values():
        for label in [*sector.labels.values(), *(a for alts in sector.alt.values() for a in alts)]:
            assert sector.code in [s.code for s, _ in sectors_named(label)], label


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


def test_a_sector_named_only_by_a_concepts_words_is_not_read() -> None:
    # "HR" is no sector in "HR-asiantuntija"; "kaupan alan myyjä" names both.
    assert analyse("HR-asiantuntija").sectors == ()
    both = analyse("kaupan alan myyjä")
    assert [s.code for s in both.sectors] == ["A07"] and both.codes("occupation") == ["5223.1"]


def test_the_reading_tells_the_sector() -> None:
    told = reading(analyse("rakennusala"), "sv", found=3)
    assert [(s.kind, s.label) for s in told.sectors] == [("sector", "Byggbranschen")]
    assert told.concepts == []
