"""Query builders as data: request in, engine query out."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from search.base import MAX_RESULT_WINDOW, SearchRequest, SortBy
from search.mappings import keyword_path
from search.queries import (
    active_date_ranges,
    active_terms,
    build_es_bm25,
    build_es_filters,
    build_es_highlight,
    build_es_knn,
    build_es_knn_clause,
    build_es_listing,
    build_es_preferred,
    build_es_sorted,
    build_es_text_snippets,
    build_es_word_counts,
    build_fts_match,
    evidence_words,
    knn_sizes,
    plan_request,
    preferred_fields_held,
    preferred_fields_matched,
    word_groups,
)
from search.text import (
    agent_nouns,
    agent_plurals,
    document_stems,
    parts,
    query_stems,
    query_tokens,
    work_field,
)

TEXT_QUERY = {
    "multi_match": {
        "query": "sairaanhoitajaksi tampereelle",
        "fields": ["text.title^2.0", "text.body^1.0", "text.parts^1.0"],
        "type": "most_fields",
        "operator": "or",
        "_name": "text",
    }
}
FILTERS_REQUEST = SearchRequest(
    terms={"visibility": ["public", "anonymous", "public"], "municipality": ["837"], "skill": []},
    date_ranges={
        "available_from": (None, date(2024, 4, 1)),
        "deadline": (date(2024, 1, 1), date(2024, 12, 31)),
        "published_at": (None, None),
    },
    exclude_ids={12, 3},
)
ES_FILTERS = [
    {"terms": {"kw.municipality": ["837"]}},
    {"terms": {"kw.visibility": ["anonymous", "public"]}},
    {
        "bool": {
            "should": [
                {"range": {"date.available_from": {"lte": "2024-04-01"}}},
                {"bool": {"must_not": [{"exists": {"field": "date.available_from"}}]}},
            ],
            "minimum_should_match": 1,
        }
    },
    {
        "bool": {
            "should": [
                {"range": {"date.deadline": {"gte": "2024-01-01", "lte": "2024-12-31"}}},
                {"bool": {"must_not": [{"exists": {"field": "date.deadline"}}]}},
            ],
            "minimum_should_match": 1,
        }
    },
    {"bool": {"must_not": [{"ids": {"values": ["3", "12"]}}]}},
]


def test_query_words_drop_stop_words_syntax_and_duplicates():
    assert query_tokens('"foo* AND (bar) ja foo title:x NEAR(a b)') == [
        "foo",
        "bar",
        "title",
        "x",
        "near",
        "a",
        "b",
    ]
    assert query_tokens("Python-kehittäjä") == ["python", "kehittäjä"]
    assert query_tokens("ja tai että") == []
    # Swedish and English function words too, and words that only say "a job"; "IT" and "A"
    # (a driving licence) name things.
    assert query_tokens("lediga jobb som elektriker i Vasa") == ["elektriker", "vasa"]
    assert query_tokens("töitä Jyväskylä") == ["jyväskylä"]
    assert query_tokens("head of IT and A-ajokortti") == ["head", "it", "a", "ajokortti"]
    assert query_stems("sairaanhoitajaksi Tampereelle sairaanhoitaja") == [
        "sairaanhoitaj",
        "tamper",
    ]
    # A document is also indexed under the compound heads its words end with and the word
    # before the longest of them.
    assert document_stems("Varastonhoitaja ja Tampere!") == "varastonhoitaj hoitaj varasto tamper"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("metsäkoneasentajat", ("koneasentaja", "asentaja", "metsä", "kone")),
        ("varastotyöntekijöitä", ("työntekijä", "varasto")),
        ("kotisiivoojaksi", ("siivooja", "koti")),
        # No listed head ends these: nothing is cut out of them.
        ("tarjoilija", ()),
        ("asentajana", ()),
    ],
)
def test_a_compound_is_split_at_the_heads_it_ends_with(word: str, expected: tuple[str, ...]):
    assert parts(word) == expected


@pytest.mark.parametrize(
    ("req", "expected"),
    [
        (SearchRequest(), (False, False, True)),
        (SearchRequest(text="  ()*: "), (False, False, True)),
        (SearchRequest(text="kokki"), (True, False, False)),
        (SearchRequest(text="kokki", vector=np.ones(3)), (True, True, False)),
        (SearchRequest(text="kokki", vector=np.ones(3), mode="bm25"), (True, False, False)),
        (SearchRequest(text="kokki", vector=np.ones(3), mode="vector"), (False, True, False)),
        (SearchRequest(text="kokki", mode="vector"), (False, False, True)),
        (SearchRequest(vector=np.ones(3), mode="bm25"), (False, False, True)),
    ],
)
def test_plan_uses_the_lists_the_mode_allows_and_the_request_provides(
    req: SearchRequest, expected: tuple[bool, bool, bool]
):
    plan = plan_request(req)
    assert (plan.use_text, plan.use_vector, plan.listing) == expected


def _evidence(
    words: list[str], holding: list[int], rows: int, named: tuple[str, ...] = ()
) -> tuple[str, ...]:
    counts = dict(zip(words, holding, strict=True))
    return evidence_words(word_groups(words), counts, rows, named)


def test_common_words_are_evidence_only_when_the_query_has_no_rarer_one():
    # 100 rows: "kokemusta" in 60 is common, "hitsaaja" in none is not.
    assert _evidence(["hitsaaja", "kokemusta"], [0, 60], 100) == ("hitsaaja",)
    assert _evidence(["hitsaaja", "kokemusta"], [3, 20], 100) == ()  # 20 % is not common
    assert _evidence(["työ", "kokemusta"], [80, 60], 100) == ()  # all common: any will do
    assert _evidence(["python", "java"], [2, 5], 100) == ()
    # Among a handful of documents a share means nothing: 5 of 8 is not common.
    assert _evidence(["python", "tilastotiede"], [5, 1], 8) == ()


def test_a_word_and_its_other_number_are_one_word():
    assert word_groups(["kokemusta", "kokemustas"]) == (("kokemusta", "kokemustas"),)
    assert word_groups(["nurse", "icu", "nurses", "boss", "bosses"]) == (
        ("nurse", "nurses"),
        ("icu",),
        ("boss", "bosses"),
    )
    # The variant nobody writes is no rarer word: the common word alone matches on itself.
    assert _evidence(["kokemusta", "kokemustas"], [60, 0], 100) == ()
    assert _evidence(["welder", "kokemusta", "welders"], [0, 60, 2], 100) == ("welder", "welders")


@pytest.mark.parametrize(
    ("word", "agents"),
    [
        ("siivous", ["siivooja"]),
        ("ohjaus", ["ohjaaja"]),
        ("kuljetus", ["kuljettaja"]),
        ("kehitys", ["kehittäjä"]),
        ("asiakaspalvelu", ["asiakaspalvelija"]),
        ("hoito", ["hoitaja"]),
        ("myynti", ["myyjä"]),
        ("valvonta", ["valvoja"]),
        # No regular agent noun: nothing is guessed.
        ("rakennus", []),
        ("varasto", []),
        ("kesätyö", []),
        ("it", []),
    ],
)
def test_a_word_for_the_work_is_also_searched_as_the_worker(word: str, agents: list[str]):
    assert agent_nouns(word) == agents


@pytest.mark.parametrize(
    ("word", "plurals"),
    [
        ("myyjä", ["myyjiä"]),  # "myyjä" stems as "myyjä", "myyjiä" as "myyj"
        ("varastotyöntekijä", ["varastotyöntekijöitä"]),
        ("keräilijä", ["keräilijöitä"]),
        # Their plurals stem as they do: nothing to add.
        ("hoitaja", []),
        ("tarjoilija", []),
        ("kokki", []),
    ],
)
def test_an_agent_noun_is_also_searched_in_the_plural_the_stemmer_keeps_apart(
    word: str, plurals: list[str]
):
    assert agent_plurals(word) == plurals


@pytest.mark.parametrize(
    ("word", "field"),
    [
        ("varastotyö", ["varasto"]),
        ("toimistotyöt", ["toimisto"]),
        ("siivoustöitä", ["siivous"]),
        ("etätyö", []),  # too short to name a field
        ("työ", []),
    ],
)
def test_a_word_for_a_kind_of_work_also_asks_for_its_field(word: str, field: list[str]):
    assert work_field(word) == field


def test_a_word_and_its_agent_noun_are_one_word():
    assert word_groups(["siivous", "turku", "siivooja"]) == (("siivous", "siivooja"), ("turku",))


def test_words_more_widespread_than_the_named_ones_only_rank():
    words = ["talousjohtaja", "työtä", "hydrogenation"]
    # No document holds the word naming the concept: every word any document holds ranks.
    assert _evidence(words, [0, 13, 1], 200, ("talousjohtaja",)) == ("talousjohtaja",)
    # Held by 5: "työtä" (13) only ranks, the rarer "hydrogenation" (1) stays evidence.
    assert _evidence(words, [5, 13, 1], 200, ("talousjohtaja",)) == (
        "talousjohtaja",
        "hydrogenation",
    )
    # A named word that is common ranks like any other.
    assert _evidence(["tiimityö", "python"], [90, 5], 200, ("tiimityö", "python")) == ("python",)


def test_evidence_words_narrow_the_text_matches_and_all_words_rank_them():
    req = SearchRequest(text="hitsaajaksi kokemusta")
    clause = build_es_bm25(req, size=10, evidence=("hitsaajaksi",))["query"]["bool"]["should"][0]
    assert clause["bool"]["_name"] == "text"
    assert clause["bool"]["must"][0]["multi_match"]["query"] == "hitsaajaksi kokemusta"
    assert clause["bool"]["filter"][0]["multi_match"]["query"] == "hitsaajaksi"
    snippets = build_es_text_snippets(req, size=50, evidence=("hitsaajaksi",))
    assert snippets["query"]["bool"]["must"][0] == clause
    sorted_body = build_es_sorted(replace(req, sort=SortBy("published_at")), None, evidence=("x",))
    assert (
        sorted_body["query"]["bool"]["should"][0]["bool"]["filter"][0]["multi_match"]["query"]
        == "x"
    )
    plain = build_es_bm25(req, size=10)["query"]["bool"]["should"]
    assert plain[0]["multi_match"]["_name"] == "text"
    counts = build_es_word_counts(["hitsaajaksi", "kokemusta"])
    assert counts["size"] == 0 and counts["track_total_hits"] is True
    filters = counts["aggs"]["holding"]["filters"]["filters"]
    assert filters["kokemusta"]["multi_match"]["query"] == "kokemusta"
    assert set(filters) == {"hitsaajaksi", "kokemusta"}


def test_request_rejects_impossible_values():
    with pytest.raises(ValueError, match="negative"):
        SearchRequest(offset=-1)
    with pytest.raises(ValueError, match="knn_candidates"):
        SearchRequest(knn_candidates=0)
    with pytest.raises(ValueError, match="mode"):
        SearchRequest(mode="fuzzy")  # type: ignore[arg-type]


def test_es_filters():
    assert build_es_filters(FILTERS_REQUEST) == ES_FILTERS
    assert build_es_filters(SearchRequest()) == []


def test_es_bm25_body_without_vector_candidates():
    req = SearchRequest(text="sairaanhoitajaksi (Tampereelle)", facets=("municipality",))
    assert build_es_bm25(req, size=20) == {
        "query": {"bool": {"filter": [], "should": [TEXT_QUERY], "minimum_should_match": 1}},
        "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "from": 0,
        "size": 20,
        "stored_fields": "_none_",
        "docvalue_fields": ["id"],
        "track_total_hits": True,
        "aggs": {
            "municipality": {
                "terms": {
                    "field": "kw.municipality",
                    "size": 100,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        },
    }


def test_es_bm25_body_with_vector_neighbours_matches_their_union():
    req = SearchRequest(
        text="sairaanhoitajaksi tampereelle",
        vector=np.array([0.6, 0.8], dtype=np.float32),
        exclude_ids={3},
        knn_candidates=50,
        min_similarity=0.5,
        highlight=True,
    )
    near = build_es_knn_clause(req)
    body = build_es_bm25(req, size=200, offset=40, near=near, highlight=True)
    must_not = [{"bool": {"must_not": [{"ids": {"values": ["3"]}}]}}]
    assert near == {
        "knn": {
            "field": "vector",
            "query_vector": pytest.approx([0.6, 0.8]),
            "k": 50,
            "num_candidates": 100,
            "rescore_vector": {"oversample": 2.0},
            "filter": must_not,
            "similarity": 0.5,
            "boost": 0.0,
            "_name": "near",
        }
    }
    assert body["query"] == {
        "bool": {"filter": must_not, "should": [TEXT_QUERY, near], "minimum_should_match": 1}
    }
    assert (body["from"], body["size"]) == (40, 200)
    assert "aggs" not in body
    assert body["highlight"] == build_es_highlight([1], ["x"])["highlight"] | {
        "highlight_query": TEXT_QUERY
    }


def test_es_bm25_body_reports_preferences_without_changing_the_match_or_the_scores():
    req = SearchRequest(text="sairaanhoitajaksi tampereelle")
    plain = build_es_bm25(req, size=20)
    prefer = {"municipality": ["837", "837"], "skill": ["S1"]}
    body = build_es_bm25(req, size=20, prefer=prefer)
    clauses = [
        {
            "constant_score": {
                "filter": {"terms": {keyword_path("municipality"): ["837"]}},
                "boost": 0.0,
                "_name": "prefer:municipality",
            }
        },
        {
            "constant_score": {
                "filter": {"terms": {keyword_path("skill"): ["S1"]}},
                "boost": 0.0,
                "_name": "prefer:skill",
            }
        },
    ]
    assert body["query"] == {"bool": {"must": [plain["query"]], "should": clauses}}
    assert build_es_preferred([4, 2], prefer)["query"]["bool"]["should"] == clauses
    hit = {"_id": "4", "matched_queries": ["text", "prefer:skill", "prefer:municipality"]}
    assert preferred_fields_matched(hit) == 2
    assert preferred_fields_matched({"_id": "2"}) == 0
    # A kNN hit brings its keyword values along instead (`fields`), counted the same way.
    held = {"_id": "7", "fields": {"kw.municipality": ["837", "091"], "kw.skill": ["S2"]}}
    assert preferred_fields_held(held, prefer) == 1
    assert preferred_fields_held({"_id": "8"}, prefer) == 0


def test_es_knn_body():
    req = SearchRequest(
        vector=np.array([0.6, 0.8], dtype=np.float32),
        terms={"skill": ["python"]},
        knn_candidates=50,
        facets=("skill",),
    )
    assert build_es_knn(req) == {
        "knn": {
            "field": "vector",
            "query_vector": [pytest.approx(0.6), pytest.approx(0.8)],
            "k": 50,
            "num_candidates": 100,
            "rescore_vector": {"oversample": 2.0},
            "filter": [{"terms": {"kw.skill": ["python"]}}],
        },
        "size": 50,
        "stored_fields": "_none_",
        "docvalue_fields": ["id"],
    }
    assert build_es_knn(req, facets=True)["aggs"]["skill"]["terms"]["field"] == "kw.skill"
    with pytest.raises(ValueError, match="vector"):
        build_es_knn(SearchRequest(text="x"))


@pytest.mark.parametrize(
    ("k", "sizes"), [(1, (1, 100)), (200, (200, 400)), (20_000, (10_000, 10_000))]
)
def test_knn_sizes_stay_within_elasticsearch_limits(k: int, sizes: tuple[int, int]):
    assert knn_sizes(k) == sizes


def test_es_listing_body():
    req = SearchRequest(terms={"region": ["06"]}, offset=20, limit=10)
    assert build_es_listing(req) == {
        "query": {"bool": {"filter": [{"terms": {"kw.region": ["06"]}}]}},
        "sort": [{"id": {"order": "desc"}}],
        "from": 20,
        "size": 10,
        "stored_fields": "_none_",
        "docvalue_fields": ["id"],
        "track_total_hits": True,
    }
    assert build_es_listing(SearchRequest())["query"] == {"match_all": {}}
    beyond = build_es_listing(SearchRequest(offset=MAX_RESULT_WINDOW, limit=10))
    assert (beyond["from"], beyond["size"]) == (0, 0)


def test_es_sorted_body_matches_the_hits_with_evidence_in_date_order():
    near = {"knn": {"field": "vector", "similarity": 0.3, "_name": "near"}}
    req = SearchRequest(
        text="kokki",
        terms={"region": ["06"]},
        offset=10,
        limit=5,
        facets=("skill",),
        sort=SortBy("available_from", missing_first=True),
    )
    body = build_es_sorted(req, near, highlight=True)
    assert body["query"]["bool"]["filter"] == [{"terms": {"kw.region": ["06"]}}]
    should = body["query"]["bool"]["should"]
    assert [clause.get("multi_match", {}).get("query") for clause in should] == ["kokki", None]
    assert should[1] == near and body["query"]["bool"]["minimum_should_match"] == 1
    assert body["sort"] == [
        {"date.available_from": {"order": "asc", "missing": "_first", "unmapped_type": "date"}},
        {"id": {"order": "desc"}},
    ]
    assert (body["from"], body["size"], body["track_total_hits"]) == (10, 5, True)
    assert "skill" in body["aggs"] and "highlight" in body
    # Without text only the neighbours at the floor count; a listing sorts the same way.
    vector_only = build_es_sorted(replace(req, text=None), near)
    assert vector_only["query"]["bool"]["should"] == [near] and "highlight" not in vector_only
    newest = SortBy("published_at", descending=True)
    assert build_es_listing(SearchRequest(sort=newest))["sort"][0] == {
        "date.published_at": {"order": "desc", "missing": "_last", "unmapped_type": "date"}
    }


def test_es_highlight_body_escapes_before_marking():
    body = build_es_highlight([4, 2], ["sairaanhoitajaksi", "tampereelle"])
    assert body["query"] == {"ids": {"values": ["4", "2"]}}
    assert body["size"] == 2
    highlight = body["highlight"]
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    assert highlight["highlight_query"] == TEXT_QUERY
    assert highlight["fields"] == {"text.title": {}, "text.body": {}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sairaanhoitajaksi Tampereelle", '"sairaanhoitaj" OR "tamper"'),
        ('"foo* AND (bar', '"foo" OR "bar"'),
        ('"foo* ANDY (bar', '"foo" OR "andy" OR "bar"'),
        ("title:x NEAR(a b)", '"titl" OR "x" OR "near" OR "a" OR "b"'),
        ("ja tai", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_fts_match_is_quoted_stems_joined_by_or(text: str | None, expected: str):
    assert build_fts_match(text) == expected


@pytest.mark.parametrize(
    "text", ['"foo* AND (bar', "title:x", "NEAR(a b)", "a^2 -b +c", "x OR NEAR", "x AND"]
)
def test_fts_match_expressions_are_plain_fts5_strings(text: str):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    conn.execute("INSERT INTO t VALUES ('titl x', 'foo and bar near a b or 2 c')")
    found = conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [build_fts_match(text)])
    assert found.fetchone()[0] == 1


def test_active_filters_drop_empty_terms_and_open_ranges_and_sort_values():
    assert active_terms(FILTERS_REQUEST) == [
        ("municipality", ["837"]),
        ("visibility", ["anonymous", "public"]),
    ]
    assert active_date_ranges(FILTERS_REQUEST) == [
        ("available_from", None, date(2024, 4, 1)),
        ("deadline", date(2024, 1, 1), date(2024, 12, 31)),
    ]
