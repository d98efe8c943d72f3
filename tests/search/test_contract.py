"""The search contract (see `search.base`), run on every backend."""

from __future__ import annotations

import html
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from search.base import (
    PREFER_BOOST,
    RebuildCheckpoint,
    SearchBackend,
    SearchDocument,
    SearchRequest,
    SearchUnavailable,
    SortBy,
    batched,
)
from search.elasticsearch import ElasticsearchBackend
from search.embedded import EmbeddedBackend
from tests.search.conftest import DIM, Embed, MakeDoc, stopping

KIND = "profiles"
SEARCHABLE = {"visibility": ["public", "anonymous"]}


@pytest.fixture
def corpus(backend: SearchBackend, make_doc: MakeDoc) -> dict[int, SearchDocument]:
    """Eight profiles, one of them hidden, indexed into the backend."""
    docs = [
        make_doc(
            1,
            "Sairaanhoitaja",
            "Kokenut sairaanhoitaja, haavanhoito ja lääkehoito. Asun Tampereella.",
            municipality="837",
            skills=("haavanhoito", "lääkehoito"),
        ),
        make_doc(
            2,
            "Lähihoitaja",
            "Vanhusten kotihoito ja hoivatyö Tampere",
            municipality="837",
            skills=("kotihoito",),
            available_from=date(2024, 3, 1),
        ),
        make_doc(
            3,
            "Ohjelmistokehittäjä",
            "Python-kehittäjä, kokemusta Djangosta ja tietokannoista",
            skills=("python",),
            available_from=date(2024, 6, 1),
        ),
        make_doc(
            4,
            "Kokki",
            "Ravintolakokki, lounas ja à la carte. Vanhusten ruokapalvelu.",
            municipality="853",
            visibility="anonymous",
            available_from=date(2024, 2, 1),
        ),
        make_doc(
            5,
            "Sairaanhoitaja",
            "Sairaanhoitaja Tampereelle, päivystys",
            municipality="837",
            visibility="hidden",
            skills=("lääkehoito",),
        ),
        make_doc(
            6,
            "Kirjanpitäjä",
            "Tilitoimiston kirjanpitäjä, Tampere",
            municipality="837",
            visibility="anonymous",
            available_from=date(2024, 9, 1),
        ),
        make_doc(
            7, "Siivooja", "Siivoustyö <script>alert('x')</script> & muuta", municipality="564"
        ),
        make_doc(
            8,
            "Data scientist",
            "Koneoppiminen, Python ja tilastotiede",
            skills=("python",),
            available_from=date(2024, 4, 15),
        ),
    ]
    backend.index(KIND, docs)
    return {doc.id: doc for doc in docs}


def ids_of(backend: SearchBackend, req: SearchRequest) -> list[int]:
    """Hit ids of a request, in order."""
    return [hit.id for hit in backend.search(KIND, req).hits]


# --- documents in and out ---------------------------------------------------------------------


def test_index_counts_and_lists_ids(backend: SearchBackend, corpus: dict[int, SearchDocument]):
    assert backend.count(KIND) == 8
    assert backend.ids(KIND) == set(corpus)
    assert backend.count("vacancies") == 0


def test_upsert_replaces_text_keywords_and_vector(
    backend: SearchBackend, corpus: dict[int, SearchDocument], make_doc: MakeDoc, embed: Embed
):
    backend.index(KIND, [make_doc(1, "Kokki", "Pizzeria", municipality="091")])

    assert backend.count(KIND) == 8
    assert 1 not in ids_of(backend, SearchRequest(text="sairaanhoitaja", mode="bm25"))
    assert ids_of(backend, SearchRequest(text="pizzeria", mode="bm25")) == [1]
    assert 1 not in ids_of(backend, SearchRequest(terms={"municipality": ["837"]}))
    assert 1 in ids_of(backend, SearchRequest(terms={"municipality": ["091"]}))
    top = ids_of(backend, SearchRequest(vector=embed("Kokki Pizzeria"), mode="vector", limit=1))
    assert top == [1]


def test_delete_removes_everywhere_and_ignores_unknown_ids(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    backend.delete(KIND, [1, 999])

    assert backend.ids(KIND) == set(corpus) - {1}
    assert 1 not in ids_of(backend, SearchRequest(text="sairaanhoitaja"))
    assert 1 not in ids_of(backend, SearchRequest(vector=embed("Sairaanhoitaja"), mode="vector"))
    result = backend.search(KIND, SearchRequest(facets=("skill",)))
    assert "haavanhoito" not in result.facets["skill"]


def test_an_older_version_never_replaces_a_newer_one(
    backend: SearchBackend, corpus: dict[int, SearchDocument], make_doc: MakeDoc
):
    # Two processes index one row: the newer state lands first, the older one last.
    newer = replace(make_doc(1, "Kokki", "Pizzeria"), updated_at=datetime(2025, 3, 1, 9, 0))
    older = replace(make_doc(1, "Lähihoitaja", "Vanha"), updated_at=datetime(2025, 3, 1, 8, 0))
    backend.index(KIND, [newer])
    backend.index(KIND, [older])

    assert ids_of(backend, SearchRequest(text="pizzeria", mode="bm25")) == [1]
    assert ids_of(backend, SearchRequest(text="vanha", mode="bm25")) == []
    # The same version again (a reindex, a taxonomy change) is written.
    again = replace(make_doc(1, "Kokki", "Trattoria"), updated_at=newer.updated_at)
    backend.index(KIND, [again])
    assert ids_of(backend, SearchRequest(text="trattoria", mode="bm25")) == [1]


def test_a_delete_stands_against_older_writes_and_yields_to_newer_ones(
    backend: SearchBackend, corpus: dict[int, SearchDocument], make_doc: MakeDoc
):
    stored = corpus[1].updated_at
    # A delete made from an older state of the row leaves the newer document in place.
    backend.delete(KIND, [1], as_of={1: stored - timedelta(seconds=1)})
    assert 1 in backend.ids(KIND)
    # A delete of the current state removes it; a write from before the delete stays out...
    backend.delete(KIND, [1], as_of={1: stored + timedelta(seconds=10)})
    assert 1 not in backend.ids(KIND)
    late = replace(corpus[1], updated_at=stored + timedelta(seconds=5))
    backend.index(KIND, [late])
    assert 1 not in backend.ids(KIND)
    # ...and a newer state of the row comes back.
    backend.index(KIND, [replace(corpus[1], updated_at=stored + timedelta(seconds=20))])
    assert 1 in backend.ids(KIND)


def test_document_without_vector_is_found_by_text_only(
    backend: SearchBackend, make_doc: MakeDoc, embed: Embed
):
    backend.index(KIND, [make_doc(1, "Putkiasentaja", with_vector=False), make_doc(2, "Kokki")])

    assert ids_of(backend, SearchRequest(text="putkiasentaja")) == [1]
    assert ids_of(backend, SearchRequest(vector=embed("Putkiasentaja"), mode="vector")) == [2]


# --- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ({"skill": ["python", "kotihoito"]}, {2, 3, 8}),
        ({"skill": ["python"], "municipality": ["091"]}, {3, 8}),
        ({"skill": ["python"], "visibility": ["anonymous"]}, set()),
        ({"municipality": ["837"], "visibility": ["public", "anonymous"]}, {1, 2, 6}),
        ({"skill": []}, set(range(1, 9))),
    ],
)
def test_terms_are_any_of_within_a_field_and_all_across_fields(
    backend: SearchBackend,
    corpus: dict[int, SearchDocument],
    terms: dict[str, list[str]],
    expected: set[int],
):
    result = backend.search(KIND, SearchRequest(terms=terms, limit=50))
    assert {hit.id for hit in result.hits} == expected
    assert result.total == len(expected)


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        # None (available now) passes every bound; the bounds are inclusive.
        ((None, date(2024, 4, 1)), {1, 2, 4, 5, 7}),
        ((date(2024, 5, 1), None), {1, 3, 5, 6, 7}),
        ((date(2024, 3, 1), date(2024, 6, 1)), {1, 2, 3, 5, 7, 8}),
        ((None, None), set(range(1, 9))),
    ],
)
def test_date_ranges_are_inclusive_and_open_for_missing_dates(
    backend: SearchBackend,
    corpus: dict[int, SearchDocument],
    bounds: tuple[date | None, date | None],
    expected: set[int],
):
    req = SearchRequest(date_ranges={"available_from": bounds}, limit=50)
    assert set(ids_of(backend, req)) == expected


def test_filters_and_exclusions_apply_to_every_mode(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    vector = embed("Sairaanhoitaja Tampereelle päivystys")
    for mode in ("hybrid", "bm25", "vector"):
        req = SearchRequest(
            text="sairaanhoitaja tampere",
            vector=vector,
            mode=mode,
            terms=SEARCHABLE,
            exclude_ids={2},
            limit=50,
        )
        found = set(ids_of(backend, req))
        assert found, mode
        assert not found & {2, 5}, mode


# --- text ---------------------------------------------------------------------------------


def test_finnish_inflections_find_each_other(
    backend: SearchBackend, corpus: dict[int, SearchDocument]
):
    req = SearchRequest(
        text="sairaanhoitajaksi Tampereelle",
        mode="bm25",
        terms={"municipality": ["837"], **SEARCHABLE},
    )
    assert ids_of(backend, req)[0] == 1
    assert set(ids_of(backend, SearchRequest(text="Tampereelle", mode="bm25"))) == {1, 2, 5, 6}


def test_a_compound_is_found_by_its_head_and_by_the_word_before_it(
    backend: SearchBackend, make_doc: MakeDoc
):
    backend.ensure_indices()
    backend.index(
        KIND,
        [
            make_doc(1, "Sähköasentajana Tampereella", "Kymmenen vuotta"),
            make_doc(2, "Asentaja", "Ilmanvaihtoasentajat ja putkiasentajien apuna"),
            make_doc(3, "Kokki", "Keittiössä"),
            make_doc(4, "Sähköinsinööri", "Suunnittelu"),
            make_doc(5, "Autosähköasentaja", "Korjaamolla"),
            make_doc(6, "Varastotyöntekijöitä", "Keräilyä"),
        ],
    )

    def found(text: str) -> set[int]:
        return set(ids_of(backend, SearchRequest(text=text, mode="bm25")))

    assert found("asentajaksi") == {1, 2, 5}
    assert found("sähköasentaja") == {1, 5}
    assert found("insinööri") == {4}
    # The word before the longest head: "varasto" finds warehouse workers, also in the plural.
    assert found("varasto") == {6}
    assert found("työntekijä") == {6}
    assert found("auto") == {5}
    # Every word between the heads: "Autosähköasentaja" holds "auto" and "sähkö".
    assert found("sähkö") == {1, 4, 5}
    assert found("putki") == {2}


def test_bm25_ranks_documents_with_more_query_words_higher(
    backend: SearchBackend, corpus: dict[int, SearchDocument]
):
    result = backend.search(KIND, SearchRequest(text="python tilastotiede", mode="bm25"))
    assert [hit.id for hit in result.hits] == [8, 3]
    assert [hit.bm25_rank for hit in result.hits] == [1, 2]
    assert result.hits[0].score > result.hits[1].score
    assert result.total == 2


@pytest.fixture
def common_word_corpus(backend: SearchBackend, make_doc: MakeDoc) -> None:
    """60 profiles: "kokemusta" (experience) in 39 of them, two welders, a welding teacher."""
    backend.ensure_indices()
    docs = [
        make_doc(1, "Hitsaaja", "Pitkä kokemusta MIG-hitsauksesta", municipality="837"),
        make_doc(2, "Hitsaaja", "Vastavalmistunut"),
        make_doc(3, "Opettaja", "Hitsaajien koulutus, kokemusta vuosia"),
    ]
    docs += [
        make_doc(i, f"Työntekijä {i}", _common_word_body(i), municipality="837")
        for i in range(4, 61)
    ]
    backend.index(KIND, docs)


def _common_word_body(i: int) -> str:
    # "kokemusta" in 4-40, "trukki" (8 documents: not common) in 41-48.
    return "kokemusta" if i < 41 else "muuta trukki" if i < 49 else "muuta"


def test_a_common_word_beside_a_rarer_one_only_ranks(
    backend: SearchBackend, common_word_corpus: None
):
    def search(text: str, **options: object) -> list[int]:
        return ids_of(backend, SearchRequest(text=text, mode="bm25", limit=100, **options))  # type: ignore[arg-type]

    # "kokemusta" is in 39 of 60: common. Only the documents on welding match.
    assert set(search("hitsaaja kokemusta")) == {1, 2, 3}
    assert backend.search(KIND, SearchRequest(text="hitsaaja kokemusta", mode="bm25")).total == 3
    # A rarer word nobody holds leaves nothing to find; alone the common word finds all.
    assert search("xyzzyqwerty kokemusta") == []
    assert len(search("kokemusta")) == 39
    # Words all common or all rare match on any of them.
    assert len(search("kokemusta työntekijä")) == 59
    assert set(search("vastavalmistunut opettaja")) == {2, 3}
    # Held by more documents than the word the query names, a word only ranks as well.
    assert set(search("hitsaaja trukki")) == {1, 2, 3, *range(41, 49)}
    assert set(search("hitsaaja trukki", named_text="hitsaaja")) == {1, 2, 3}
    assert set(search("xyzzyqwerty trukki", named_text="xyzzyqwerty")) == set()
    # The common words, as the backend tells them before a search (for the query's vector).
    assert backend.common_words(KIND, SearchRequest(text="hitsaaja kokemusta")) == {"kokemusta"}
    # "trukki" ranks only beside the named word, but it is not common.
    named = SearchRequest(text="hitsaajaksi trukki", named_text="hitsaajaksi")
    assert backend.common_words(KIND, named) == frozenset()
    assert backend.common_words(KIND, SearchRequest(text="kokemusta")) == frozenset()
    # Sorted, the same hits.
    by_date = SortBy("available_from", missing_first=True)
    assert set(search("hitsaaja kokemusta", sort=by_date)) == {1, 2, 3}


@pytest.mark.parametrize(
    "text",
    [
        '"foo* AND (bar',
        "title:x",
        "NEAR(a b)",
        "sairaanhoitaja OR",
        "a^2 ~ [x TO y] {z} !w \\ / ?",
        '"',
        "*",
        "AND OR NOT",
        "body:sairaanhoitaja^",
        "-sairaanhoitaja",
        "'",
        "{{7*7}} <b>x</b> ${x}",
    ],
)
def test_query_syntax_is_plain_text(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed, text: str
):
    for mode in ("hybrid", "bm25"):
        result = backend.search(KIND, SearchRequest(text=text, vector=embed(text), mode=mode))
        assert result.total >= len(result.hits)
    # Operators are words: "NOT" does not negate and a column prefix does not restrict.
    assert 1 in ids_of(backend, SearchRequest(text="NOT sairaanhoitaja", mode="bm25"))
    assert 1 in ids_of(backend, SearchRequest(text="body:sairaanhoitaja", mode="bm25"))


@pytest.mark.parametrize("text", ["", "   ", "!!! ()*:", "ja tai että"])
def test_text_without_searchable_words_is_a_listing(
    backend: SearchBackend, corpus: dict[int, SearchDocument], text: str
):
    listing = backend.search(KIND, SearchRequest(terms=SEARCHABLE))
    result = backend.search(KIND, SearchRequest(text=text, terms=SEARCHABLE))
    assert [hit.id for hit in result.hits] == [8, 7, 6, 4, 3, 2, 1]
    assert result.hits == listing.hits
    assert result.total == 7
    assert all(hit.score == 0.0 and hit.bm25_rank is None for hit in result.hits)


def test_highlights_escape_the_document_before_marking(
    backend: SearchBackend, corpus: dict[int, SearchDocument]
):
    hit = backend.search(KIND, SearchRequest(text="siivoustyö")).hits[0]
    assert hit.id == 7
    snippet = hit.highlights["body"][0]
    assert "&lt;script&gt;" in snippet
    assert "<script" not in snippet
    assert "<" not in re.sub(r"</?mark>", "", snippet)
    marked = re.findall(r"<mark>(.*?)</mark>", snippet)
    assert [html.unescape(word) for word in marked] == ["Siivoustyö"]
    assert "title" not in hit.highlights


def test_highlights_mark_inflected_forms_per_field(
    backend: SearchBackend, corpus: dict[int, SearchDocument]
):
    result = backend.search(KIND, SearchRequest(text="sairaanhoitajaksi", terms=SEARCHABLE))
    hit = result.hits[0]
    assert hit.id == 1
    marked = {
        field: [m.lower() for m in re.findall(r"<mark>(.*?)</mark>", html.unescape(snips[0]))]
        for field, snips in hit.highlights.items()
    }
    assert marked == {"title": ["sairaanhoitaja"], "body": ["sairaanhoitaja"]}


def test_no_highlights_when_not_asked(backend: SearchBackend, corpus: dict[int, SearchDocument]):
    hits = backend.search(KIND, SearchRequest(text="tampere", highlight=False)).hits
    assert hits
    assert all(hit.highlights == {} for hit in hits)


# --- vectors and fusion ---------------------------------------------------------------------


def test_vector_search_is_exact_on_embedded_and_agrees_on_top_1(
    backend: SearchBackend, make_doc: MakeDoc, dim: int
):
    rng = np.random.default_rng(7)
    docs = [make_doc(i, f"Doc {i}") for i in range(1, 61)]
    for doc in docs:
        doc.vector = rng.normal(size=dim).astype(np.float32)
    backend.index(KIND, docs)
    matrix = np.stack([d.vector / np.linalg.norm(d.vector) for d in docs])  # type: ignore[operator]

    for _ in range(5):
        query = rng.normal(size=dim).astype(np.float32)
        req = SearchRequest(vector=query, mode="vector", knn_candidates=10, limit=10)
        found = ids_of(backend, req)
        expected = [docs[i].id for i in np.argsort(-(matrix @ query))[:10]]
        if isinstance(backend, EmbeddedBackend):
            assert found == expected
        else:
            # int8 HNSW may swap near-ties among random vectors, but keeps most of the top 10.
            assert len(set(found) & set(expected)) >= 6

    for target in (docs[0], docs[17], docs[59]):
        near = target.vector + 0.3 * rng.normal(size=dim).astype(np.float32)  # type: ignore[operator]
        assert ids_of(backend, SearchRequest(vector=near, mode="vector", limit=1)) == [target.id]


def test_vector_mode_ranks_the_knn_candidates_only(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    req = SearchRequest(
        text="tampere", vector=embed("ohjelmistokehittäjä django"), mode="vector", knn_candidates=3
    )
    result = backend.search(KIND, req)
    assert result.total == 3
    assert [hit.vector_rank for hit in result.hits] == [1, 2, 3]
    assert all(hit.bm25_rank is None and not hit.highlights for hit in result.hits)
    assert result.hits[0].id == 3


def test_hybrid_total_and_facets_cover_text_matches_and_vector_candidates(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    vector = embed("python kehittäjä")
    text_ids = set(ids_of(backend, SearchRequest(text="tampere", mode="bm25", limit=50)))
    vector_ids = set(ids_of(backend, SearchRequest(vector=vector, mode="vector", knn_candidates=3)))
    assert text_ids == {1, 2, 5, 6}

    req = SearchRequest(
        text="tampere", vector=vector, knn_candidates=3, facets=("municipality",), limit=50
    )
    result = backend.search(KIND, req)
    assert result.total == len(text_ids | vector_ids)
    assert {hit.id for hit in result.hits} == text_ids | vector_ids
    assert sum(result.facets["municipality"].values()) == result.total
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    both = [hit for hit in result.hits if hit.bm25_rank and hit.vector_rank]
    assert all(hit.score > 1 / 61 for hit in both)


def test_hybrid_beats_or_equals_each_list_on_a_labelled_query(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    # Care work for the elderly: the nurse matches the words, the practical nurse the meaning.
    relevant = {1, 2}
    text, vector = "sairaanhoitaja", embed("vanhusten kotihoito hoivatyö")

    def recall_at_2(mode: str) -> float:
        req = SearchRequest(
            text=text, vector=vector, mode=mode, terms=SEARCHABLE, knn_candidates=2, limit=2
        )
        return len(set(ids_of(backend, req)) & relevant) / len(relevant)

    hybrid = recall_at_2("hybrid")
    assert hybrid >= max(recall_at_2("bm25"), recall_at_2("vector"))
    assert hybrid == 1.0


def test_hybrid_prefers_documents_holding_the_preferred_values(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    base = SearchRequest(text="python", vector=embed("python"), terms=SEARCHABLE, limit=10)
    plain = backend.search(KIND, base)
    # Both Python people match the word; preferring the data scientist's skill set and no
    # municipality changes nothing else.
    preferred = backend.search(
        KIND, replace(base, prefer={"skill": ["python"], "municipality": ["999"]})
    )
    assert {h.id for h in preferred.hits} == {h.id for h in plain.hits}
    assert preferred.total == plain.total
    scores = {h.id: h.score for h in preferred.hits}
    before = {h.id: h.score for h in plain.hits}
    assert scores[3] == pytest.approx(before[3] + PREFER_BOOST)
    assert scores[8] == pytest.approx(before[8] + PREFER_BOOST)
    # Each hit gains the boost once per preferred field it matches; the head is sorted again.
    text, vector = "vanhusten tampere", embed("vanhusten ruokapalvelu")
    req = replace(base, text=text, vector=vector)
    before = {h.id: h.score for h in backend.search(KIND, req).hits}
    prefer = {"municipality": ["837", "853"], "skill": ["kotihoito"]}
    after = backend.search(KIND, replace(req, prefer=prefer)).hits
    expected = {
        i: score
        + PREFER_BOOST
        * sum(
            any(v in corpus[i].keywords.get(name, []) for v in values)
            for name, values in prefer.items()
        )
        for i, score in before.items()
    }
    assert {h.id: h.score for h in after} == pytest.approx(expected)
    assert [h.id for h in after] == sorted(expected, key=lambda i: (-expected[i], i))
    assert after[0].id == 2  # in Tampere with home care: both preferences
    # The single-list modes ignore preferences.
    for mode in ("bm25", "vector"):
        req = replace(base, mode=mode)
        assert ids_of(backend, replace(req, prefer={"municipality": ["564"]})) == ids_of(
            backend, req
        )


# --- facets and pages -----------------------------------------------------------------------


def test_facets_count_only_documents_passing_the_filters(
    backend: SearchBackend, corpus: dict[int, SearchDocument]
):
    listing = backend.search(KIND, SearchRequest(terms=SEARCHABLE, facets=("municipality",)))
    assert listing.facets == {"municipality": {"837": 3, "091": 2, "564": 1, "853": 1}}
    assert list(listing.facets["municipality"]) == ["837", "091", "564", "853"]

    req = SearchRequest(
        text="tampere",
        mode="bm25",
        terms=SEARCHABLE,
        exclude_ids={6},
        facets=("municipality", "skill", "visibility"),
    )
    result = backend.search(KIND, req)
    assert result.total == 2
    assert result.facets == {
        "municipality": {"837": 2},
        "skill": {"haavanhoito": 1, "kotihoito": 1, "lääkehoito": 1},
        "visibility": {"public": 2},
    }


def test_pages_partition_the_results_and_past_the_end_is_empty(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    requests = [
        SearchRequest(terms=SEARCHABLE),
        SearchRequest(text="tampere python", vector=embed("hoitaja"), knn_candidates=4),
    ]
    for base in requests:
        full = backend.search(KIND, replace(base, limit=50))
        pages = [backend.search(KIND, replace(base, offset=o, limit=3)) for o in range(0, 9, 3)]
        assert [h.id for p in pages for h in p.hits] == [h.id for h in full.hits]
        assert all(page.total == full.total for page in pages)
        past = backend.search(KIND, replace(base, offset=100))
        assert past.hits == []
        assert past.total == full.total


# --- reindex --------------------------------------------------------------------------------


def test_reindex_swaps_in_the_new_set(
    backend: SearchBackend, corpus: dict[int, SearchDocument], make_doc: MakeDoc
):
    fresh = [corpus[2], corpus[3], make_doc(9, "Putkiasentaja", "LVI-asennukset")]
    assert backend.reindex(KIND, batched(fresh)) == 3

    assert backend.ids(KIND) == {2, 3, 9}
    assert backend.count(KIND) == 3
    assert ids_of(backend, SearchRequest(text="sairaanhoitaja")) == []
    assert ids_of(backend, SearchRequest(text="putkiasentaja")) == [9]
    backend.index(KIND, [make_doc(10, "Sähköasentaja")])
    assert backend.ids(KIND) == {2, 3, 9, 10}


def test_failed_reindex_leaves_the_old_index_serving(
    backend: SearchBackend, corpus: dict[int, SearchDocument], make_doc: MakeDoc
):
    def broken() -> Iterator[SearchDocument]:
        yield make_doc(20, "Putkiasentaja")
        yield make_doc(21, "Sähköasentaja")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="went away"):
        backend.reindex(KIND, batched(broken(), 1))

    assert backend.ids(KIND) == set(corpus)
    assert ids_of(backend, SearchRequest(text="putkiasentaja")) == []
    assert ids_of(backend, SearchRequest(text="lähihoitaja", mode="bm25")) == [2]
    assert unfinished_builds(backend) == 1


# --- rebuilds that stop half-way ----------------------------------------------------------------

START = RebuildCheckpoint(started_at=datetime(2024, 5, 1, 8, 30, tzinfo=UTC), model_id="model-a")
TRADES = [
    "Putkiasentaja",
    "Sähköasentaja",
    "Kirvesmies",
    "Maalari",
    "Muurari",
    "Tarjoilija",
    "Myyjä",
    "Kuljettaja",
    "Leipuri",
    "Puutarhuri",
]


@pytest.fixture
def trades(make_doc: MakeDoc) -> list[SearchDocument]:
    """Ten documents for a rebuild, ids 11 to 20 in batches of two (last ids 12, 14 ... 20)."""
    return [
        make_doc(11 + n, trade, f"{trade} Tampereelta", municipality=("837", "091")[n % 2])
        for n, trade in enumerate(TRADES)
    ]


def unfinished_builds(backend: SearchBackend) -> int:
    """How many unfinished builds of KIND the backend keeps in its storage."""
    if isinstance(backend, ElasticsearchBackend):
        return len(backend.client.indices.get(index=f"{backend.alias(KIND)}-*")) - 1
    assert isinstance(backend, EmbeddedBackend)
    return len(list(backend.directory.glob(f"{KIND}-*.sqlite3"))) - 1


def same_store(backend: SearchBackend, dim: int) -> SearchBackend:
    """Another backend on the same indices, taking vectors of `dim` dimensions."""
    if isinstance(backend, ElasticsearchBackend):
        return ElasticsearchBackend(backend.url, prefix=backend.prefix, dim=dim, timeout=10.0)
    assert isinstance(backend, EmbeddedBackend)
    return EmbeddedBackend(backend.directory, dim=dim)


def interrupt(
    backend: SearchBackend,
    docs: list[SearchDocument],
    after: int = 3,
    start: RebuildCheckpoint = START,
    error: BaseException | None = None,
) -> None:
    """A rebuild of `docs` in batches of two that stops after `after` batches."""
    error = error or RuntimeError("database went away")
    with pytest.raises(type(error)):
        backend.reindex(KIND, stopping(backend, batched(docs, 2), after, error), checkpoint=start)


def results(backend: SearchBackend, embed: Embed) -> list[object]:
    """What a few requests answer: ranked text, vectors, a listing, with facets."""
    requests = [
        SearchRequest(text="asentaja tampere", mode="bm25", facets=("municipality",)),
        SearchRequest(vector=embed("Kirvesmies"), mode="vector", knn_candidates=10),
        SearchRequest(text="maalari", vector=embed("Maalari"), facets=("municipality",)),
        SearchRequest(terms={"municipality": ["091"]}, limit=50),
    ]
    answers: list[object] = []
    for req in requests:
        found = backend.search(KIND, req)
        answers.append((found.total, [h.id for h in found.hits], found.facets))
    return answers


@pytest.mark.parametrize(
    "error", [RuntimeError("database went away"), KeyboardInterrupt()], ids=["error", "ctrl-c"]
)
def test_an_interrupted_rebuild_never_serves_and_keeps_its_checkpoint(
    backend: SearchBackend,
    corpus: dict[int, SearchDocument],
    trades: list[SearchDocument],
    error: BaseException,
):
    seen: list[int | None] = []
    with pytest.raises(type(error)):
        backend.reindex(
            KIND, stopping(backend, batched(trades, 2), 3, error, seen), checkpoint=START
        )

    # Each batch found the one before it recorded.
    assert seen == [None, 12, 14]
    assert backend.unfinished_rebuild(KIND) == replace(START, last_id=16)
    assert backend.ids(KIND) == set(corpus)
    assert backend.count(KIND) == len(corpus)
    assert ids_of(backend, SearchRequest(text="putkiasentaja")) == []
    assert set(ids_of(backend, SearchRequest(text="sairaanhoitaja", mode="bm25"))) == {1, 5}
    assert unfinished_builds(backend) == 1


def test_the_next_rebuild_goes_on_after_the_checkpoint_and_ends_like_a_fresh_one(
    backend: SearchBackend,
    corpus: dict[int, SearchDocument],
    trades: list[SearchDocument],
    embed: Embed,
):
    interrupt(backend, trades)
    kept = backend.unfinished_rebuild(KIND)
    assert kept is not None and kept.last_id == 16
    # Documents up to the checkpoint again are refused: the rest must start after it.
    with pytest.raises(ValueError, match="order"):
        backend.reindex(KIND, batched(trades[4:], 2), checkpoint=kept)

    rest = [doc for doc in trades if doc.id > 16]
    assert backend.reindex(KIND, batched(rest, 2), checkpoint=kept) == len(trades)

    assert backend.unfinished_rebuild(KIND) is None
    assert unfinished_builds(backend) == 0
    assert backend.ids(KIND) == {doc.id for doc in trades}
    resumed = results(backend, embed)
    assert backend.reindex(KIND, batched(trades, 3)) == len(trades)
    assert results(backend, embed) == resumed
    assert ids_of(backend, SearchRequest(vector=embed("Kirvesmies"), mode="vector"))[0] == 13


def test_a_new_rebuild_or_a_discard_drops_the_unfinished_one(
    backend: SearchBackend, corpus: dict[int, SearchDocument], trades: list[SearchDocument]
):
    interrupt(backend, trades)
    later = RebuildCheckpoint(started_at=START.started_at + timedelta(hours=1), model_id="model-a")
    interrupt(backend, trades, after=1, start=later)

    assert backend.unfinished_rebuild(KIND) == replace(later, last_id=12)
    assert unfinished_builds(backend) == 1
    # A checkpoint that names no kept build cannot be continued.
    with pytest.raises(ValueError, match="no unfinished rebuild"):
        backend.reindex(KIND, batched(trades[8:], 2), checkpoint=replace(START, last_id=16))

    backend.discard_unfinished(KIND)
    assert backend.unfinished_rebuild(KIND) is None
    assert unfinished_builds(backend) == 0
    assert backend.ids(KIND) == set(corpus)
    backend.discard_unfinished(KIND)  # nothing left to discard


def test_an_unfinished_rebuild_of_other_vectors_cannot_be_continued(
    backend: SearchBackend, corpus: dict[int, SearchDocument], trades: list[SearchDocument]
):
    interrupt(backend, trades)
    kept = backend.unfinished_rebuild(KIND)
    assert kept is not None
    assert kept.unusable is None and kept.refusal("model-a") is None
    assert "model-b" in (kept.refusal("model-b") or "")

    smaller = same_store(backend, dim=16)
    try:
        found = smaller.unfinished_rebuild(KIND)
        assert found is not None and found.last_id == 16
        assert f"{DIM} dimensions" in (found.unusable or "")
        assert found.refusal("model-a") == found.unusable
        with pytest.raises(ValueError, match="cannot be continued"):
            smaller.reindex(KIND, batched([]), checkpoint=found)
        smaller.discard_unfinished(KIND)
    finally:
        smaller.close()
    assert backend.unfinished_rebuild(KIND) is None
    assert backend.ids(KIND) == set(corpus)


# --- outages ----------------------------------------------------------------------------------


def test_unreachable_elasticsearch_raises_search_unavailable_quickly(make_doc: MakeDoc):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = ElasticsearchBackend(f"http://127.0.0.1:{port}", timeout=1.0)
    started = time.monotonic()
    for call in (
        lambda: backend.search(KIND, SearchRequest(text="kokki")),
        lambda: backend.index(KIND, [make_doc(1, "Kokki")]),
        lambda: backend.delete(KIND, [1]),
        lambda: backend.count(KIND),
        backend.ensure_indices,
    ):
        with pytest.raises(SearchUnavailable):
            call()
    assert time.monotonic() - started < 3.0
    assert backend.health()["ok"] is False
    backend.close()


# --- the relevance floor ----------------------------------------------------------------------

FLOOR = 0.3
# Cosine of each document with the query; Elasticsearch scores int8-quantised vectors, so none
# lies near the floor.
FLOOR_COSINES = {21: 0.9, 22: 0.62, 23: 0.41, 24: 0.2, 25: 0.05, 26: -0.1}
CLOSE = {doc_id for doc_id, cosine in FLOOR_COSINES.items() if cosine >= FLOOR}


@pytest.fixture
def floor_corpus(backend: SearchBackend, make_doc: MakeDoc) -> np.ndarray:
    """Documents at known cosines from a dense query vector (returned); one of them also
    matches the text "kirjanpitäjä", one far one is hidden."""
    rng = np.random.default_rng(7)
    query = rng.normal(size=DIM).astype(np.float32)
    query /= np.linalg.norm(query)
    docs = []
    for doc_id, cosine in FLOOR_COSINES.items():
        other = rng.normal(size=DIM).astype(np.float32)
        other -= (other @ query) * query
        other /= np.linalg.norm(other)
        title = "Kirjanpitäjä" if doc_id == 25 else f"Dokumentti {doc_id}"
        doc = make_doc(doc_id, title, municipality="837" if doc_id % 2 else "091")
        doc.vector = cosine * query + np.sqrt(1 - cosine**2) * other
        docs.append(doc)
    hidden = make_doc(27, "Piilotettu", visibility="hidden")
    hidden.vector = query.copy()
    backend.index(KIND, [*docs, hidden])
    return query


def test_vector_candidates_below_the_floor_are_no_hits(
    backend: SearchBackend, floor_corpus: np.ndarray
):
    req = SearchRequest(
        vector=floor_corpus, mode="vector", terms=SEARCHABLE, facets=("municipality",)
    )
    floored = backend.search(KIND, replace(req, min_similarity=FLOOR))
    assert [hit.id for hit in floored.hits] == sorted(CLOSE, key=lambda i: -FLOOR_COSINES[i])
    # The total and the facets count the hits that passed, nothing else.
    assert floored.total == len(CLOSE)
    assert sum(floored.facets["municipality"].values()) == len(CLOSE)
    for hit in floored.hits:
        assert hit.similarity == pytest.approx(FLOOR_COSINES[hit.id], abs=0.05)
    # Without a floor the nearest come whatever their distance.
    assert backend.search(KIND, req).total == len(FLOOR_COSINES)


def test_a_hybrid_hit_needs_a_text_match_or_a_close_vector(
    backend: SearchBackend, floor_corpus: np.ndarray
):
    req = SearchRequest(
        text="kirjanpitäjä",
        vector=floor_corpus,
        min_similarity=FLOOR,
        terms=SEARCHABLE,
        facets=("municipality",),
    )
    result = backend.search(KIND, req)
    # Document 25 is far in meaning but holds the word; the others below the floor do not.
    assert {hit.id for hit in result.hits} == CLOSE | {25}
    assert result.total == len(CLOSE) + 1
    assert sum(result.facets["municipality"].values()) == result.total
    # Below the floor a candidate is no hit by itself, but a text match keeps its vector rank.
    far = next(hit for hit in result.hits if hit.id == 25)
    assert far.bm25_rank == 1 and far.vector_rank is not None


def test_nothing_close_and_no_text_match_is_nothing(
    backend: SearchBackend, floor_corpus: np.ndarray
):
    req = SearchRequest(
        text="xyzzyqwerty",
        vector=-floor_corpus,
        min_similarity=FLOOR,
        terms=SEARCHABLE,
        facets=("municipality", "skill"),
    )
    result = backend.search(KIND, req)
    assert result.hits == [] and result.total == 0
    assert result.facets == {"municipality": {}, "skill": {}}


# --- sorting ----------------------------------------------------------------------------------

SOONEST = SortBy("available_from", missing_first=True)
LATEST = SortBy("available_from", descending=True)


def test_a_sorted_listing_orders_by_the_date_with_missing_dates_where_asked(
    backend: SearchBackend, corpus: dict[int, SearchDocument]
):
    req = SearchRequest(terms=SEARCHABLE, facets=("municipality",), limit=50)
    unsorted = backend.search(KIND, req)
    soonest = backend.search(KIND, replace(req, sort=SOONEST))
    # No date means "available now": first, newest first among them; hidden 5 never.
    assert [hit.id for hit in soonest.hits] == [7, 1, 4, 2, 8, 3, 6]
    assert [hit.id for hit in backend.search(KIND, replace(req, sort=LATEST)).hits] == [
        6,
        3,
        8,
        2,
        4,
        7,
        1,
    ]
    assert (soonest.total, soonest.facets) == (unsorted.total, unsorted.facets)
    assert all(hit.score == 0.0 for hit in soonest.hits)


def test_sorting_reorders_the_hits_with_evidence_and_brings_in_nothing(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    requests = [
        SearchRequest(text="tampere", mode="bm25"),
        SearchRequest(text="tampere python", vector=embed("hoitaja"), knn_candidates=4),
        SearchRequest(vector=embed("python kehittäjä"), mode="vector", knn_candidates=3),
    ]
    for base in requests:
        base = replace(base, terms=SEARCHABLE, facets=("municipality", "skill"), limit=50)
        ranked = backend.search(KIND, base)
        ordered = backend.search(KIND, replace(base, sort=SOONEST))
        assert ranked.hits, base
        assert sorted(h.id for h in ordered.hits) == sorted(h.id for h in ranked.hits)
        assert (ordered.total, ordered.facets) == (ranked.total, ranked.facets)
        dates = [corpus[hit.id].dates["available_from"] or date.min for hit in ordered.hits]
        assert dates == sorted(dates)
        assert all(hit.bm25_rank is None and hit.score == 0.0 for hit in ordered.hits)
    # Only "Tampere" documents, whatever the order: the rest of the index stays out.
    text_only = backend.search(KIND, SearchRequest(text="tampere", terms=SEARCHABLE, sort=LATEST))
    assert [hit.id for hit in text_only.hits] == [6, 2, 1]


def test_sorted_pages_partition_the_results_and_keep_snippets_and_vector_ranks(
    backend: SearchBackend, corpus: dict[int, SearchDocument], embed: Embed
):
    base = SearchRequest(
        text="tampere python", vector=embed("python"), knn_candidates=8, sort=LATEST
    )
    full = backend.search(KIND, replace(base, limit=50))
    pages = [backend.search(KIND, replace(base, offset=o, limit=2)) for o in range(0, 8, 2)]
    assert [h.id for p in pages for h in p.hits] == [h.id for h in full.hits]
    assert all(page.total == full.total for page in pages)
    assert backend.search(KIND, replace(base, offset=100)).hits == []
    by_id = {hit.id: hit for hit in full.hits}
    assert "<mark>" in by_id[3].highlights["body"][0]  # "Python-kehittäjä"
    assert by_id[3].vector_rank is not None and by_id[3].similarity is not None


def test_sorting_keeps_the_relevance_floor(backend: SearchBackend, floor_corpus: np.ndarray):
    req = SearchRequest(
        text="kirjanpitäjä",
        vector=floor_corpus,
        min_similarity=FLOOR,
        terms=SEARCHABLE,
        facets=("municipality",),
        sort=SOONEST,
    )
    result = backend.search(KIND, req)
    # None has the date: newest first among the close ones and the one text match.
    assert [hit.id for hit in result.hits] == sorted(CLOSE | {25}, reverse=True)
    assert result.total == len(CLOSE) + 1
    assert sum(result.facets["municipality"].values()) == result.total
    vector_only = backend.search(KIND, replace(req, text=None))
    assert [hit.id for hit in vector_only.hits] == sorted(CLOSE, reverse=True)


def test_holding_counts_the_documents_each_word_finds_within_the_filters(
    backend: SearchBackend, common_word_corpus: None
):
    everything = SearchRequest()
    counts = backend.holding(KIND, everything, ["kokemusta", "hitsaajaksi", "trukki", "hitsaja"])
    # Inflected forms count by their stem ("Hitsaaja" twice, "Hitsaajien"); a misspelt word
    # is held by none.
    assert counts == {"kokemusta": 39, "hitsaajaksi": 3, "trukki": 8, "hitsaja": 0}
    # Only documents passing the request's filters count: 1 and 4-60 are in Pori (837).
    pori = SearchRequest(terms={"municipality": ["837"]})
    assert backend.holding(KIND, pori, ["hitsaaja", "kokemusta"]) == {
        "hitsaaja": 1,
        "kokemusta": 38,
    }
    assert backend.holding(KIND, everything, []) == {}
