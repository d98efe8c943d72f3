from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from matching.embeddings import HashingEncoder, SentenceTransformerEncoder
from matching.suggest import (
    LABEL_MATCH_SCORE,
    RELATED_FACTOR,
    Concept,
    ConceptIndex,
    Suggestion,
    gradation_stems,
)

CONCEPTS = [
    Concept(
        "occ:nurse",
        "occupation",
        {"fi": "sairaanhoitaja", "sv": "sjuksköterska", "en": "nurse"},
        alt={"fi": ["hoitaja"]},
        related=("skill:iv", "skill:first-aid"),
    ),
    Concept(
        "occ:driver",
        "occupation",
        {"fi": "kuorma-autonkuljettaja", "en": "truck driver"},
        related=("skill:forklift",),
    ),
    Concept("skill:iv", "skill", {"fi": "suonensisäinen lääkitys", "en": "intravenous medication"}),
    Concept("skill:first-aid", "skill", {"fi": "ensiapu", "en": "first aid"}),
    Concept("skill:forklift", "skill", {"fi": "trukin ajaminen", "en": "forklift driving"}),
    Concept(
        "skill:ledger",
        "skill",
        {"fi": "kirjanpito", "en": "bookkeeping"},
        related=("occ:accountant",),
        descriptions={"fi": "tilinpäätös, reskontra ja alv-ilmoitukset"},
    ),
    Concept("occ:accountant", "occupation", {"fi": "kirjanpitäjä", "en": "accountant"}),
    Concept("skill:customer", "skill", {"fi": "asiakaspalvelu", "en": "customer service"}),
]


@pytest.fixture
def index() -> ConceptIndex:
    return ConceptIndex(CONCEPTS)


def _by_code(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {s.code: s for s in suggestions}


def test_inflected_label_matches_via_stems(index: ConceptIndex) -> None:
    found = _by_code(index.suggest("Olen työskennellyt sairaanhoitajana kymmenen vuotta."))
    nurse = found["occ:nurse"]
    assert (nurse.reason, nurse.score, nurse.kind) == (
        "label_match",
        LABEL_MATCH_SCORE,
        "occupation",
    )
    assert nurse.label_by_lang["sv"] == "sjuksköterska"
    assert nurse.matched_label == "sairaanhoitaja"


def test_multi_word_label_needs_all_its_stems(index: ConceptIndex) -> None:
    assert "skill:iv" not in _by_code(index.suggest("Annan lääkitystä potilaille."))
    found = _by_code(index.suggest("Osaan suonensisäisen lääkityksen antamisen."))
    assert found["skill:iv"].reason == "label_match"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hallitsen ensiavun perusteet.", "skill:first-aid"),  # apu -> avun
        ("Vastasin kirjanpidosta.", "skill:ledger"),  # pito -> pidon
        ("Tein kirjanpitoa.", "skill:ledger"),
        ("Suonensisäisen lääkityksen antaminen.", "skill:iv"),  # -inen, -ys
    ],
)
def test_finnish_inflection_with_stem_changes_matches_label(
    index: ConceptIndex, text: str, code: str
) -> None:
    assert _by_code(index.suggest(text))[code].reason == "label_match"


def test_short_stems_are_not_rewritten() -> None:
    index = ConceptIndex([Concept("occ:cook", "occupation", {"fi": "kokki"})])
    assert index.suggest("kokki")[0].code == "occ:cook"
    assert index.suggest("ko ko") == []


def test_related_skills_for_found_occupation_score_lower(index: ConceptIndex) -> None:
    found = _by_code(index.suggest("sairaanhoitaja"))
    assert found["skill:first-aid"].reason == "related"
    assert found["skill:first-aid"].score == pytest.approx(RELATED_FACTOR * LABEL_MATCH_SCORE)
    # Related links do not lead from an occupation to another occupation.
    assert "occ:driver" not in found


def test_a_finnish_compound_is_read_as_a_kind_of_its_head() -> None:
    index = ConceptIndex(
        [
            Concept("occ:cook", "occupation", {"fi": "kokki", "sv": "kock"}, group="512"),
            Concept("occ:seller", "occupation", {"fi": "myyjä"}, group="522"),
            Concept("occ:cashier", "occupation", {"fi": "kassamyyjä"}, group="523"),
            Concept("occ:nurse", "occupation", {"fi": "sairaanhoitaja"}, group="222"),
            Concept("skill:sales", "skill", {"fi": "myynti"}),
        ]
    )
    for text in ("pizzakokki", "Haemme pizzakokkia", "anestesiasairaanhoitajaksi"):
        (found,) = index.suggest(text)
        assert found.reason == "label_match"
    assert index.suggest("pizzakokkina")[0].matched_label == "kokki"
    # A head whose compounds in the taxonomy name other trades is no head ("kassamyyjä" is
    # not a kind of "myyjä" here), nor is a skill, a short modifier or a Swedish compound.
    assert index.suggest("autokauppamyyjä") == []
    assert index.suggest("lipunmyynti") == []
    assert index.suggest("sukokki") == []
    assert index.suggest("pizzakock") == []
    # A word a label names is read as that label, not as a compound of another one.
    assert [s.code for s in index.suggest("kassamyyjä")] == ["occ:cashier"]


def test_related_occupations_for_found_skill_follow_links_backwards(index: ConceptIndex) -> None:
    # Only the occupation lists the relation; a skill found in text still suggests it.
    found = _by_code(index.suggest("Hallitsen ensiavun."))
    assert found["skill:first-aid"].reason == "label_match"
    assert found["occ:nurse"].reason == "related"
    assert found["occ:nurse"].score < found["skill:first-aid"].score


def test_exclude_hides_chosen_concepts_but_keeps_their_related(index: ConceptIndex) -> None:
    found = _by_code(index.suggest("Sairaanhoitaja, ensiapu.", exclude=("occ:nurse", "x:unknown")))
    assert "occ:nurse" not in found
    assert found["skill:first-aid"].reason == "label_match"
    assert found["skill:iv"].reason == "related"
    # A chosen skill alone brings its related occupation.
    assert _by_code(index.suggest("", exclude=("skill:ledger",)))["occ:accountant"].reason == (
        "related"
    )


def test_english_and_swedish_labels_match_with_their_stemmers(index: ConceptIndex) -> None:
    found = _by_code(index.suggest("I drove trucks; forklift driving and customer service."))
    assert found["skill:forklift"].reason == "label_match"
    assert found["skill:customer"].reason == "label_match"
    assert _by_code(index.suggest("Jag arbetar som sjuksköterska."))["occ:nurse"].reason == (
        "label_match"
    )


def test_limit_and_order(index: ConceptIndex) -> None:
    suggestions = index.suggest("sairaanhoitaja, kirjanpito ja asiakaspalvelu", limit=3)
    assert len(suggestions) == 3
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert {s.reason for s in suggestions} == {"label_match"}
    assert [s.code for s in suggestions] == ["occ:nurse", "skill:customer", "skill:ledger"]


def test_nothing_found_for_unrelated_text(index: ConceptIndex) -> None:
    assert index.suggest("Pidän koirista ja kalastuksesta.") == []


def test_similarity_finds_concepts_described_in_other_words() -> None:
    index = ConceptIndex(CONCEPTS, HashingEncoder(), min_similarity=0.3, min_z=None)
    found = _by_code(index.suggest("Hoidin tilinpäätöksen ja alv-ilmoitukset."))
    assert found["skill:ledger"].reason == "similar"
    assert 0.3 <= found["skill:ledger"].score < LABEL_MATCH_SCORE
    # The similar skill brings its related occupation at a lower score.
    assert found["occ:accountant"].reason == "related"
    assert found["occ:accountant"].score == pytest.approx(
        RELATED_FACTOR * found["skill:ledger"].score, abs=1e-3
    )


def test_label_match_ranks_by_similarity_bonus_with_encoder() -> None:
    index = ConceptIndex(CONCEPTS, HashingEncoder(), min_similarity=0.99, min_z=None)
    found = _by_code(index.suggest("kirjanpito"))
    assert found["skill:ledger"].reason == "label_match"
    assert found["skill:ledger"].score > LABEL_MATCH_SCORE


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("sairaanhoi", "occ:nurse"),
        ("SJUKSK", "occ:nurse"),  # any language, case-folded
        ("kirjanpito", "skill:ledger"),  # exact label before the longer "kirjanpitäjä"
        ("kirjanpitä", "occ:accountant"),
        ("lääk", "skill:iv"),  # a word inside a label
        ("truck d", "occ:driver"),  # multi-word prefix of a whole label
    ],
)
def test_prefix_suggest(index: ConceptIndex, query: str, expected_first: str) -> None:
    suggestions = index.prefix_suggest(query, lang="fi")
    assert suggestions[0].code == expected_first
    assert suggestions[0].reason == "label_match"


def test_prefix_suggest_filters_kinds_orders_and_limits(index: ConceptIndex) -> None:
    assert [s.code for s in index.prefix_suggest("kirjanpi", kinds=("skill",))] == ["skill:ledger"]
    both = index.prefix_suggest("kirjanpi")
    assert [s.code for s in both] == ["skill:ledger", "occ:accountant"]  # shorter label first
    assert both[0].score > both[1].score
    assert len(index.prefix_suggest("k", limit=2)) == 2
    assert index.prefix_suggest("  ") == []
    assert index.prefix_suggest("xyz") == []


def test_prefix_suggest_prefers_whole_label_over_word_inside_label(index: ConceptIndex) -> None:
    # "hoitaja" is an alternative label of the nurse and no other label starts with it.
    assert [s.code for s in index.prefix_suggest("hoitaja")] == ["occ:nurse"]
    codes = [s.code for s in index.prefix_suggest("a")]
    assert codes.index("skill:customer") < codes.index("skill:forklift")  # "ajaminen" is a word


def test_prefix_suggest_reports_label_in_requested_language(index: ConceptIndex) -> None:
    (nurse,) = index.prefix_suggest("nurse", lang="en")
    assert nurse.matched_label == "nurse"
    assert nurse.label_by_lang["fi"] == "sairaanhoitaja"


def test_similar_concepts_must_stand_out_from_the_rest() -> None:
    # With equal vectors for every text and label nothing stands out, however high the cosine.
    class Constant(HashingEncoder):
        def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
            return super().encode(["same"] * len(texts), batch_size)

    assert ConceptIndex(CONCEPTS, Constant(), min_similarity=0.0).suggest("x") == []
    ledger_text = "Hoidin tilinpäätöksen ja alv-ilmoitukset."
    loose = ConceptIndex(CONCEPTS, HashingEncoder(), min_similarity=0.0, min_z=None)
    strict = ConceptIndex(CONCEPTS, HashingEncoder(), min_similarity=0.0, min_z=2.0)
    loose_codes = {s.code for s in loose.suggest(ledger_text) if s.reason == "similar"}
    strict_codes = {s.code for s in strict.suggest(ledger_text) if s.reason == "similar"}
    assert strict_codes == {"skill:ledger"}
    assert loose_codes > strict_codes


@pytest.mark.model
def test_packaged_model_suggests_from_text(real_encoder: SentenceTransformerEncoder) -> None:
    # Eight concepts cannot reach the default z of 3 (the maximum is sqrt(7)); a real taxonomy
    # has thousands.
    index = ConceptIndex(CONCEPTS, real_encoder, min_z=1.5)
    found = _by_code(index.suggest("Teen tilinpäätöksiä ja hoidan alv-ilmoitukset asiakkaille."))
    assert found["skill:ledger"].reason == "similar"
    assert found["occ:accountant"].reason == "related"
    assert {"occ:driver", "skill:forklift", "skill:customer"}.isdisjoint(found)
    english = _by_code(index.suggest("I have worked as a nurse in intensive care."))
    assert english["occ:nurse"].reason == "label_match"
    assert index.suggest("Pidän koirista ja kalastuksesta.") == []


@pytest.mark.parametrize(
    ("label", "stems"),
    [
        ("Haavanhoito", ["haavanhoido"]),  # haavanhoidon, haavanhoidosta
        ("Ensiapu", ["ensiavu"]),
        ("Hitsaus", ["hitsauks"]),  # hitsauksen
        ("Suonensisäinen lääkitys", ["suonensisäis", "lääkityks"]),
        ("Sairaanhoitaja", []),  # no gradation: sairaanhoitajan
        ("Kokki", []),  # "kokin" stems like "kokki"; "koki" is another word
    ],
)
def test_gradation_stems_are_those_the_stemmer_does_not_join(label: str, stems: list[str]) -> None:
    assert list(gradation_stems(label)) == stems
