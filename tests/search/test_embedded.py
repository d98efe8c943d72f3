"""Embedded backend details: files, restarts, vector snapshots, concurrency, snippets."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from search.base import SearchRequest, batched
from search.embedded import EmbeddedBackend
from search.filters import FilterIndex
from search.highlight import snippets
from search.text import query_stems
from search.vectors import VectorStore
from tests.search.conftest import Embed, MakeDoc, stopping

KIND = "profiles"


def unit(rng: np.random.Generator, dim: int) -> np.ndarray:
    """A random float32 unit vector."""
    vector = rng.normal(size=dim).astype(np.float32)
    return vector / np.linalg.norm(vector)


def snapshot(backend: EmbeddedBackend) -> tuple[list[int], list[int], list[int], dict]:
    """What a few searches return: text, vector and listing ids plus facets."""
    text = backend.search(KIND, SearchRequest(text="hoitaja tampere", mode="bm25"))
    vector = backend.search(
        KIND, SearchRequest(vector=np.ones(backend.dim, dtype=np.float32), mode="vector")
    )
    listing = backend.search(KIND, SearchRequest(facets=("municipality",)))
    return (
        [h.id for h in text.hits],
        [h.id for h in vector.hits],
        [h.id for h in listing.hits],
        listing.facets,
    )


def test_everything_survives_a_restart(tmp_path: Path, make_doc: MakeDoc, dim: int):
    first = EmbeddedBackend(tmp_path, dim=dim)
    first.index(
        KIND,
        [
            make_doc(1, "Sairaanhoitaja", "Tampere", municipality="837"),
            make_doc(2, "Lähihoitaja", "Tampere", municipality="837"),
            make_doc(3, "Kokki", "Turku", municipality="853"),
        ],
    )
    first.delete(KIND, [2])
    first.index(KIND, [make_doc(4, "Hoitaja", "Oulu", municipality="564")])
    before = snapshot(first)
    first.close()

    second = EmbeddedBackend(tmp_path, dim=dim)
    assert second.ids(KIND) == {1, 3, 4}
    assert snapshot(second) == before
    assert set(before[0]) == {1, 4}


def test_vector_changes_are_compacted_into_a_memory_mapped_snapshot(
    tmp_path: Path, make_doc: MakeDoc, dim: int
):
    rng = np.random.default_rng(3)
    backend = EmbeddedBackend(tmp_path, dim=dim, compact_threshold=4)
    vectors = {}
    for doc_id in range(1, 12):
        doc = make_doc(doc_id, f"Doc {doc_id}")
        doc.vector = vectors[doc_id] = unit(rng, dim)
        backend.index(KIND, [doc])
    backend.delete(KIND, [5])
    del vectors[5]

    health = backend.health()["indices"][KIND]
    assert health["vectors"] == 10
    assert health["pending_vectors"] <= 4
    snapshots = sorted(p.name for p in tmp_path.glob(f"{KIND}-*.f32.npy"))
    assert len(snapshots) == 1 and not snapshots[0].endswith("-v0.f32.npy")
    on_disk = np.load(tmp_path / snapshots[0], mmap_mode="r")
    assert isinstance(on_disk, np.memmap) and on_disk.dtype == np.float32

    query = unit(rng, dim)
    ids = sorted(vectors)
    matrix = np.stack([vectors[i] for i in ids])
    expected = [ids[i] for i in np.argsort(-(matrix @ query))]
    req = SearchRequest(vector=query, mode="vector", limit=50)
    assert [h.id for h in backend.search(KIND, req).hits] == expected
    backend.close()
    reopened = EmbeddedBackend(tmp_path, dim=dim)
    assert [h.id for h in reopened.search(KIND, req).hits] == expected


def test_compact_now_empties_the_log(tmp_path: Path, make_doc: MakeDoc, dim: int):
    backend = EmbeddedBackend(tmp_path, dim=dim)
    backend.index(KIND, [make_doc(i, f"Doc {i}") for i in range(1, 4)])
    assert backend.health()["indices"][KIND]["pending_vectors"] == 3
    backend.compact(KIND)
    assert backend.health()["indices"][KIND]["pending_vectors"] == 0
    assert len(list(tmp_path.glob(f"{KIND}-*.npy"))) == 2


def test_reindex_by_another_instance_is_picked_up_and_old_files_go(
    tmp_path: Path, make_doc: MakeDoc, dim: int
):
    server = EmbeddedBackend(tmp_path, dim=dim)
    server.index(KIND, [make_doc(1, "Kokki"), make_doc(2, "Siivooja")])
    old_generation = server.health()["indices"][KIND]["generation"]

    command = EmbeddedBackend(tmp_path, dim=dim)
    assert command.reindex(KIND, batched([make_doc(3, "Putkiasentaja")])) == 1

    assert server.ids(KIND) == {3}
    assert [h.id for h in server.search(KIND, SearchRequest(text="putkiasentaja")).hits] == [3]
    assert not list(tmp_path.glob(f"{KIND}-{old_generation}*"))


def test_files_left_by_a_crash_are_removed_on_open(tmp_path: Path, make_doc: MakeDoc, dim: int):
    backend = EmbeddedBackend(tmp_path, dim=dim)
    backend.index(KIND, [make_doc(1, "Kokki")])
    generation = backend.health()["indices"][KIND]["generation"]
    backend.close()
    leftovers = [
        tmp_path / f"{KIND}-20990101T000000000000.sqlite3",
        tmp_path / f"{KIND}-{generation}-v7.f32.npy",
        tmp_path / f"{KIND}-{generation}-v7.f32.npy.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b"partial")

    reopened = EmbeddedBackend(tmp_path, dim=dim)
    assert reopened.ids(KIND) == {1}
    assert not any(path.exists() for path in leftovers)


def test_an_unfinished_rebuild_survives_a_restart_and_never_takes_the_serving_files(
    tmp_path: Path, make_doc: MakeDoc, embed: Embed, dim: int
):
    backend = EmbeddedBackend(tmp_path, dim=dim)
    backend.index(KIND, [make_doc(1, "Kokki")])
    docs = [make_doc(i, "Siivooja") for i in range(2, 8)]
    with pytest.raises(RuntimeError):
        backend.reindex(KIND, stopping(backend, batched(docs, 2), 2, RuntimeError()))
    backend.close()

    # Opening the directory again clears crash leftovers, not the unfinished generation.
    reopened = EmbeddedBackend(tmp_path, dim=dim)
    assert reopened.ids(KIND) == {1}
    kept = reopened.unfinished_rebuild(KIND)
    assert kept is not None and kept.last_id == 5
    assert reopened.reindex(KIND, batched(docs[4:], 2), checkpoint=kept) == 6
    assert reopened.ids(KIND) == {2, 3, 4, 5, 6, 7}
    # The vectors written before the interruption are in the snapshot too.
    near = SearchRequest(vector=embed("Siivooja"), mode="vector")
    assert {hit.id for hit in reopened.search(KIND, near).hits} == {2, 3, 4, 5, 6, 7}

    # A build swapped in just before a crash may still be named as building: it is serving.
    serving = reopened.health()["indices"][KIND]["generation"]
    (tmp_path / f"{KIND}.building").write_text(serving + "\n")
    assert reopened.unfinished_rebuild(KIND) is None
    reopened.discard_unfinished(KIND)
    assert reopened.ids(KIND) == {2, 3, 4, 5, 6, 7}


def test_an_index_built_for_other_dimensions_is_refused(tmp_path: Path):
    EmbeddedBackend(tmp_path, dim=8).ensure_indices()
    with pytest.raises(ValueError, match="dimensions"):
        EmbeddedBackend(tmp_path, dim=16).count(KIND)


def test_unknown_kind_and_text_field_are_refused(tmp_path: Path, make_doc: MakeDoc, dim: int):
    backend = EmbeddedBackend(tmp_path, dim=dim)
    with pytest.raises(ValueError, match="kind"):
        backend.count("users")  # type: ignore[arg-type]
    doc = make_doc(1, "Kokki")
    doc.fields["summary"] = "x"
    with pytest.raises(ValueError, match="summary"):
        backend.index(KIND, [doc])
    assert backend.count(KIND) == 0


def test_threads_can_share_one_backend(tmp_path: Path, make_doc: MakeDoc, embed: Embed, dim: int):
    backend = EmbeddedBackend(tmp_path, dim=dim, compact_threshold=10)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(25):
                doc_id = worker * 100 + i
                backend.index(KIND, [make_doc(doc_id, f"Hoitaja {doc_id}", "Tampere")])
                backend.search(KIND, SearchRequest(text="hoitaja", vector=embed("hoitaja")))
                if i % 5 == 0:
                    backend.delete(KIND, [doc_id])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert backend.count(KIND) == 4 * 20
    hits = backend.search(KIND, SearchRequest(vector=embed("x"), mode="vector", knn_candidates=500))
    assert hits.total == 80


# --- vector store -----------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> tuple[VectorStore, dict[int, np.ndarray]]:
    """A store of 200 vectors: a memory-mapped snapshot plus overlay changes."""
    rng = np.random.default_rng(11)
    vectors = {doc_id: unit(rng, 16) for doc_id in range(0, 400, 2)}
    store = VectorStore(16)
    for doc_id, vector in vectors.items():
        store.put(doc_id, vector)
    store.write_snapshot(tmp_path / "v.npy", tmp_path / "ids.npy")
    store.load(tmp_path / "v.npy", tmp_path / "ids.npy")
    for doc_id in (0, 2, 4):
        store.put(doc_id, None)
        del vectors[doc_id]
    for doc_id in (6, 7):  # 6 replaces a snapshot row, 7 is new
        vectors[doc_id] = unit(rng, 16)
        store.put(doc_id, vectors[doc_id])
    return store, vectors


def brute_force(vectors: dict[int, np.ndarray], query: np.ndarray, ids: list[int], k: int):
    """Best k of `ids` by cosine, ties by id."""
    return sorted(ids, key=lambda i: (-float(vectors[i] @ query), i))[:k]


def test_store_serves_the_snapshot_memory_mapped(store):
    vector_store, vectors = store
    assert isinstance(vector_store.base_matrix, np.memmap)
    assert len(vector_store) == len(vectors)
    # Tombstones for 0, 2, 4 and the replaced 6, overlay rows for 6 and 7.
    assert vector_store.pending == 6


@pytest.mark.parametrize("share", [None, 0.05, 0.6])
def test_store_top_k_is_exact_with_and_without_candidates(store, share: float | None):
    vector_store, vectors = store
    rng = np.random.default_rng(5)
    query = unit(rng, 16)
    ids = sorted(vectors)
    candidates = None
    if share is not None:
        picked = rng.choice(np.arange(0, 400), size=int(400 * share), replace=False)
        candidates = np.sort(picked).astype(np.int64)
        ids = [i for i in ids if i in set(candidates.tolist())]
    found = vector_store.top_k(query, 10, candidates)
    assert [doc_id for doc_id, _ in found] == brute_force(vectors, query, ids, 10)
    assert not {0, 2, 4} & {doc_id for doc_id, _ in found}


def test_store_snapshot_round_trip_keeps_overlay(store, tmp_path: Path):
    vector_store, vectors = store
    vector_store.write_snapshot(tmp_path / "v2.npy", tmp_path / "ids2.npy")
    vector_store.load(tmp_path / "v2.npy", tmp_path / "ids2.npy")
    assert vector_store.pending == 0
    ids = np.load(tmp_path / "ids2.npy")
    assert ids.tolist() == sorted(vectors)
    matrix = np.load(tmp_path / "v2.npy")
    assert np.allclose(matrix, np.stack([vectors[i] for i in sorted(vectors)]))
    assert not list(tmp_path.glob("*.tmp"))


# --- snippets ---------------------------------------------------------------------------------


def test_snippet_is_a_window_around_the_first_match():
    words = [f"sana{i}" for i in range(100)]
    words[50] = "Sairaanhoitajaksi,"
    text = " ".join(words)
    [found] = snippets(text, frozenset(query_stems("sairaanhoitaja")))
    assert found.startswith("… sana40 ")
    assert found.endswith(" sana69 …")
    assert "<mark>Sairaanhoitajaksi</mark>," in found
    assert len(found.split()) == 30 + 2


def test_snippet_escapes_markup_and_is_none_without_match():
    stems = frozenset(query_stems("kokki"))
    assert snippets('<img src=x onerror="a()"> Kokki & co', stems) == [
        "&lt;img src=x onerror=&quot;a()&quot;&gt; <mark>Kokki</mark> &amp; co"
    ]
    assert snippets("Siivooja", stems) == []


def test_a_compound_found_by_its_head_is_marked_whole():
    stems = frozenset(query_stems("asentaja"))
    assert snippets("Toimin sähköasentajana ja asentajana.", stems) == [
        "Toimin <mark>sähköasentajana</mark> ja <mark>asentajana</mark>."
    ]
    assert snippets("Sähkötöitä", stems) == []


def test_snippets_are_sentences_holding_the_most_query_words_first():
    text = (
        "Sairaanhoitaja\nhaavanhoito, lääkehoito\n"
        "Asun Tampereella. Olen sairaanhoitaja ja teen haavanhoitoa päivystyksessä."
    )
    found = snippets(text, frozenset(query_stems("sairaanhoitaja haavanhoito")))
    assert found == [
        "Olen <mark>sairaanhoitaja</mark> ja teen <mark>haavanhoitoa</mark> päivystyksessä.",
        "<mark>Sairaanhoitaja</mark>",
        "<mark>haavanhoito</mark>, lääkehoito",
    ]


# --- filter columns -------------------------------------------------------------------------


def filter_index(count: int) -> FilterIndex:
    """Documents 1..count: municipality by id parity, a skill each, every third without a date."""
    index = FilterIndex()
    index.put_many(
        (
            doc_id,
            {"municipality": ["837" if doc_id % 2 else "091"], "skill": [f"s{doc_id % 3}", "x"]},
            {"available_from": None if doc_id % 3 == 0 else date(2024, 1, doc_id % 28 + 1)},
        )
        for doc_id in range(1, count + 1)
    )
    return index


def test_filter_index_masks_facets_and_listing():
    index = filter_index(30)
    req = SearchRequest(
        terms={"municipality": ["837"], "skill": ["s1", "s2"]},
        date_ranges={"available_from": (None, date(2024, 1, 10))},
        exclude_ids={7},
    )
    passing = index.mask(req)
    # Odd ids, not divisible by 3, dated on or before the 10th (day = id % 28 + 1), not 7.
    assert index.ids(passing).tolist() == [1, 5, 29]
    assert index.newest(passing, 0, 2) == [29, 5]
    assert index.facets(passing, ("skill", "colour")) == {
        "skill": {"x": 3, "s2": 2, "s1": 1},
        "colour": {},
    }
    assert not index.mask(SearchRequest(terms={"colour": ["red"]})).any()


def test_filter_index_replaces_removes_and_squeezes():
    index = filter_index(3000)
    index.put_many([(2, {"municipality": ["853"]}, {}), (2, {"municipality": ["564"]}, {})])
    index.remove_many(range(1, 2001))
    assert len(index) == 1000
    assert index.size == 1000  # dead slots were squeezed out
    only_564 = index.mask(SearchRequest(terms={"municipality": ["564"]}))
    assert index.ids(only_564).tolist() == []
    index.put_many([(5000, {"municipality": ["564"]}, {"available_from": date(2030, 1, 1)})])
    late = SearchRequest(date_ranges={"available_from": (date(2029, 1, 1), None)})
    # The new date and every document without one pass; dated documents before 2029 do not.
    assert index.ids(index.mask(late)).tolist() == [i for i in range(2001, 3001) if i % 3 == 0] + [
        5000
    ]
    assert index.slots(np.array([5000, 1, 2500])).tolist()[1] == -1
    assert index.facets(index.mask(SearchRequest()), ("municipality",))["municipality"] == {
        "091": 500,
        "837": 500,
        "564": 1,
    }


def test_filter_only_listing_with_limit_zero_gives_counts_only(tmp_path) -> None:
    """A limit-0 request (facet counts only) must not fail, whatever number of documents match."""
    from datetime import UTC, datetime

    from search.base import SearchDocument, SearchRequest
    from search.embedded import EmbeddedBackend

    backend = EmbeddedBackend(tmp_path)
    backend.ensure_indices()
    now = datetime.now(UTC)
    for doc_id in (1, 2):
        doc = SearchDocument(id=doc_id, updated_at=now, keywords={"region": ["01"]})
        backend.index("vacancies", [doc])
        result = backend.search("vacancies", SearchRequest(limit=0, facets=("region",)))
        assert result.hits == [] and result.total == doc_id
        assert result.facets == {"region": {"01": doc_id}}
    backend.close()
