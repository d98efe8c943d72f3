"""Elasticsearch backend details: indices behind aliases, mappings, analysis, refresh."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

import search.elasticsearch as elasticsearch_module
from search.base import RebuildBatch, SearchRequest, SearchUnavailable, batched
from search.elasticsearch import ElasticsearchBackend
from search.mappings import index_body
from search.text import compound_parts, indexed_stems, stems
from tests.search.conftest import Embed, MakeDoc, stopping

pytestmark = pytest.mark.elasticsearch

KIND = "profiles"


def indices_behind(backend: ElasticsearchBackend, kind: str) -> list[str]:
    """Names of the indices the kind's alias points at."""
    return sorted(backend.client.indices.get_alias(name=backend.alias(kind)))  # type: ignore[arg-type]


def test_ensure_indices_creates_timestamped_indices_behind_aliases_once(
    es_backend: ElasticsearchBackend,
):
    es_backend.ensure_indices()
    first = {kind: indices_behind(es_backend, kind) for kind in ("profiles", "vacancies")}
    es_backend.ensure_indices()

    assert {kind: indices_behind(es_backend, kind) for kind in first} == first
    for kind, names in first.items():
        assert len(names) == 1
        assert re.fullmatch(rf"{es_backend.prefix}-{kind}-\d{{20}}", names[0])


def test_mapping_uses_finnish_text_keywords_dates_and_int8_hnsw_vectors(
    es_backend: ElasticsearchBackend, make_doc: MakeDoc, dim: int
):
    es_backend.ensure_indices()
    es_backend.index(
        KIND, [make_doc(1, "Kokki", "Turku", municipality="853", available_from=date(2024, 5, 1))]
    )
    name = indices_behind(es_backend, KIND)[0]
    mappings = es_backend.client.indices.get_mapping(index=name)[name]["mappings"]
    properties = mappings["properties"]

    assert mappings["dynamic"] == "strict"
    assert properties["text"]["properties"] == {
        "title": {"type": "text", "analyzer": "finnish", "index_options": "offsets"},
        "body": {"type": "text", "analyzer": "finnish", "index_options": "offsets"},
        "parts": {"type": "text", "analyzer": "finnish"},
    }
    assert properties["kw"]["properties"] == {
        "municipality": {"type": "keyword"},
        "visibility": {"type": "keyword"},
    }
    assert properties["date"]["properties"] == {
        "available_from": {"type": "date", "format": "strict_date"}
    }
    vector = properties["vector"]
    assert (vector["type"], vector["dims"], vector["index"], vector["similarity"]) == (
        "dense_vector",
        dim,
        True,
        "cosine",
    )
    assert vector["index_options"]["type"] == "int8_hnsw"


def test_finnish_analyzer_stems_like_the_embedded_backend(es_backend: ElasticsearchBackend):
    # Lucene's Snowball differs on a few loanwords ("python"), which stay out of this sample.
    text = (
        "Etsimme sairaanhoitajaa päivystykseen Tampereelle ja lähihoitajan työt vanhusten "
        "kotihoidossa. Kuorma-auton kuljettaja, C++ 24/7 Ähtäri"
    )
    analysed = es_backend.client.indices.analyze(analyzer="finnish", text=text)
    assert [token["token"] for token in analysed["tokens"]] == stems(text)


def test_compound_heads_are_stemmed_like_the_embedded_backend(es_backend: ElasticsearchBackend):
    # Elasticsearch gets the heads as words in the parts field and stems them itself; the
    # embedded backend indexes their stems beside each word. Both must give the same terms.
    text = (
        "Metsäkoneasentajana ja sähköasentajat, osastonhoitajaksi, ohjelmistokehittäjä, "
        "lääkehoito, projektipäällikkö, kuorma-autonkuljettaja"
    )
    heads = compound_parts([text])
    analysed = es_backend.client.indices.analyze(analyzer="finnish", text=heads)
    head_stems = [token["token"] for token in analysed["tokens"]]
    assert len(head_stems) >= 8
    assert sorted(stems(text) + head_stems) == sorted(indexed_stems(text))


def test_an_index_made_before_the_parts_field_gets_it(
    es_backend: ElasticsearchBackend, make_doc: MakeDoc, dim: int
):
    body = index_body(dim)
    del body["mappings"]["properties"]["text"]["properties"]["parts"]
    old = f"{es_backend.prefix}-{KIND}-00000000000000000001"
    es_backend.client.indices.create(index=old, **body)
    es_backend.client.indices.put_alias(index=old, name=es_backend.alias(KIND))

    es_backend.ensure_indices()
    es_backend.index(KIND, [make_doc(1, "Putkiasentaja")])

    assert indices_behind(es_backend, KIND) == [old]
    assert [
        h.id for h in es_backend.search(KIND, SearchRequest(text="asentaja", mode="bm25")).hits
    ] == [1]


def test_wait_for_refresh_makes_writes_visible_on_return(
    es_backend: ElasticsearchBackend, make_doc: MakeDoc
):
    es_backend.ensure_indices()
    es_backend.index(KIND, [make_doc(1, "Kokki"), make_doc(2, "Kokki", visibility="hidden")])
    found = es_backend.search(KIND, SearchRequest(text="kokki", terms={"visibility": ["public"]}))
    assert [hit.id for hit in found.hits] == [1]

    es_backend.delete(KIND, [1])
    assert es_backend.search(KIND, SearchRequest(text="kokki")).total == 1


def test_reindex_moves_the_alias_and_deletes_the_old_index(
    es_backend: ElasticsearchBackend, make_doc: MakeDoc
):
    es_backend.ensure_indices()
    old = indices_behind(es_backend, KIND)
    es_backend.index(KIND, [make_doc(1, "Kokki")])

    def written_in_segments() -> Iterator[RebuildBatch]:
        for batch in batched((make_doc(i, "Siivooja") for i in range(2, 1203)), size=400):
            yield batch
            # Each refresh of the index being built closes a segment.
            es_backend.client.indices.refresh(index=f"{es_backend.alias(KIND)}-*")

    assert es_backend.reindex(KIND, written_in_segments()) == 1201

    new = indices_behind(es_backend, KIND)
    assert new != old
    assert not es_backend.client.indices.exists(index=old[0])
    assert es_backend.count(KIND) == 1201
    settings = es_backend.client.indices.get_settings(index=new[0])[new[0]]["settings"]
    assert settings["index"]["refresh_interval"] == "1s"
    # Merged before it serves: every search then walks one HNSW graph, not one per segment.
    segments = es_backend.client.indices.segments(index=new[0])["indices"][new[0]]["shards"]
    assert [shard["num_search_segments"] for shard in segments["0"]] == [1]


def test_a_rebuild_records_its_checkpoint_at_most_every_interval_and_when_it_stops(
    es_backend: ElasticsearchBackend, make_doc: MakeDoc
):
    es_backend.ensure_indices()
    es_backend.checkpoint_interval = 3600.0
    docs = [make_doc(i, "Siivooja") for i in range(1, 9)]
    seen: list[int | None] = []

    with pytest.raises(RuntimeError):
        es_backend.reindex(KIND, stopping(es_backend, batched(docs, 2), 3, RuntimeError(), seen))

    # No mapping update between batches; the one made on the way out says how far it got.
    assert seen == [None, None, None]
    kept = es_backend.unfinished_rebuild(KIND)
    assert kept is not None and kept.last_id == 6
    [partial] = set(es_backend.client.indices.get(index=f"{es_backend.alias(KIND)}-*")) - set(
        indices_behind(es_backend, KIND)
    )
    meta = es_backend.client.indices.get_mapping(index=partial)[partial]["mappings"]["_meta"]
    assert meta["rebuild"]["last_id"] == 6 and meta["rebuild"]["dim"] == es_backend.dim

    assert es_backend.reindex(KIND, batched(docs[6:], 2), checkpoint=kept) == 8
    assert indices_behind(es_backend, KIND) == [partial]
    meta = es_backend.client.indices.get_mapping(index=partial)[partial]["mappings"]["_meta"]
    assert "rebuild" not in meta


def test_health_reports_cluster_status(es_backend: ElasticsearchBackend):
    es_backend.ensure_indices()
    health = es_backend.health()
    assert health["ok"] is True
    assert health["indices"] == {"profiles": 0, "vacancies": 0}


def test_missing_indices_make_search_unavailable_and_writes_create_nothing(
    es_backend: ElasticsearchBackend, make_doc: MakeDoc
):
    with pytest.raises(SearchUnavailable):
        es_backend.index(KIND, [make_doc(1, "Kokki")])
    with pytest.raises(SearchUnavailable):
        es_backend.search(KIND, SearchRequest(text="kokki"))
    assert list(es_backend.client.indices.get(index=f"{es_backend.prefix}-*")) == []
    assert es_backend.health()["ok"] is False


def test_word_counts_are_kept_each_for_a_while_and_dropped_after_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counts = elasticsearch_module._WordCounts()
    clock = [1000.0]
    monkeypatch.setattr(elasticsearch_module.time, "monotonic", lambda: clock[0])
    counts.add("profiles", 100, {"kokki": 3, "kokemusta": 60})
    assert counts.known("profiles", ["kokemusta", "kokki"]) == (100, [60, 3])
    assert counts.known("profiles", ["kokki", "tarjoilija"]) is None
    assert counts.known("vacancies", ["kokki"]) is None
    clock[0] += elasticsearch_module.WORD_COUNT_SECONDS / 2
    counts.add("profiles", 101, {"tarjoilija": 2})
    assert counts.known("profiles", ["kokki", "tarjoilija"]) == (101, [3, 2])
    # Each count ages on its own: the first two are stale, the third is not.
    clock[0] += elasticsearch_module.WORD_COUNT_SECONDS * 0.75
    assert counts.known("profiles", ["kokki"]) is None
    assert counts.known("profiles", ["tarjoilija"]) == (101, [2])
    # Writes drop them once they may have moved: over 1 % of the index.
    counts.written("profiles", 1)
    assert counts.known("profiles", ["tarjoilija"]) == (101, [2])
    counts.written("profiles", 1)
    assert counts.known("profiles", ["tarjoilija"]) is None


def test_a_hybrid_search_is_one_round_trip(
    es_backend: ElasticsearchBackend,
    make_doc: MakeDoc,
    embed: Embed,
    monkeypatch: pytest.MonkeyPatch,
):
    es_backend.ensure_indices()
    es_backend.index(
        KIND,
        [
            make_doc(1, "Sairaanhoitaja", "Päivystys", skills=("S1",)),
            make_doc(2, "Lähihoitaja", "Kotihoito", municipality="837"),
            make_doc(3, "Kokki", "Ravintola"),
        ],
    )
    calls: list[str] = []
    client = es_backend.client

    def counted(name: str) -> Callable[..., Any]:
        real = getattr(client, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return call

    for name in ("search", "msearch"):
        monkeypatch.setattr(client, name, counted(name))
    request = SearchRequest(
        text="sairaanhoitaja päivystys",
        vector=embed("Sairaanhoitaja Päivystys"),
        facets=("skill", "municipality"),
        highlight=True,
        prefer={"municipality": ["837"]},
        min_similarity=0.1,
    )

    result = es_backend.search(KIND, request)

    # The first search naming these words counts the documents holding each (common words
    # only rank), then kNN, BM25 with the exact total and facets, preferences and snippets
    # go in one request.
    assert calls == ["search", "msearch"]
    assert result.hits[0].id == 1 and "<mark>" in result.hits[0].highlights["title"][0]
    assert result.facets["skill"]["S1"] == 1 and result.total == len(result.hits)
    # The counts are kept: the next search is one round trip.
    calls.clear()
    assert es_backend.search(KIND, request).hits == result.hits
    assert calls == ["msearch"]
    # A write of more than 1 % of the index through this backend makes them be counted again.
    es_backend.index(KIND, [make_doc(4, "Kokki", "Lounas")])
    calls.clear()
    es_backend.search(KIND, request)
    assert calls == ["search", "msearch"]
    # Words prepared ahead (the service prepares the taxonomy's at start) cost no request.
    es_backend.index(KIND, [make_doc(5, "Kokki", "Lounas")])
    es_backend.prepare_words(KIND, ["päivystys", "sairaanhoitaja"])
    calls.clear()
    assert es_backend.search(KIND, request).hits[0].id == 1
    assert calls == ["msearch"]


def test_page_hits_past_the_highlighted_matches_get_their_snippets_from_one_request_more(
    es_backend: ElasticsearchBackend,
    make_doc: MakeDoc,
    embed: Embed,
    monkeypatch: pytest.MonkeyPatch,
):
    es_backend.ensure_indices()
    es_backend.index(KIND, [make_doc(i, f"Kokki {i}", "Ravintolan kokki") for i in range(1, 5)])
    calls: list[str] = []
    client = es_backend.client
    for name in ("search", "msearch"):
        real = getattr(client, name)
        monkeypatch.setattr(
            client,
            name,
            lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k),
        )
    # Only the best text match comes highlighted with the ranking.
    monkeypatch.setattr("search.elasticsearch.snippet_window", lambda end, prefetch: 1)
    request = SearchRequest(text="kokki", vector=embed("Kokki"), highlight=True, limit=4)

    result = es_backend.search(KIND, request)

    assert len(result.hits) == 4 and calls == ["msearch", "search"]
    assert all("<mark>" in hit.highlights["body"][0] for hit in result.hits)
