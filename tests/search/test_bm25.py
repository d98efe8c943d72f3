"""Term-by-term BM25 of the embedded index gives FTS5's own scores, before and after writes."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from search.base import TEXT_FIELDS, SearchRequest
from search.bm25 import TermScores, _total, _varints
from search.embedded import EmbeddedBackend
from search.queries import build_fts_match
from search.text import query_stems
from tests.search.conftest import MakeDoc

# Few words, so that every one of them is held by many documents and is kept in memory.
WORDS = [
    "sairaanhoitaja",
    "lähihoitaja",
    "tiimityö",
    "asiakaspalvelu",
    "kotihoito",
    "vuorotyö",
    "ensiapu",
    "ruotsin",
    "kielen",
    "viestintä",
    "nurse",
    "warehouse",
]
QUERIES = [
    "sairaanhoitaja tiimityö",
    "ruotsin kielen viestintä",
    "lähihoitaja kotihoito vuorotyö ensiapu",
    "warehouse",
    "tiimityö asiakaspalvelu nurse",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _reference(backend: EmbeddedBackend, text: str) -> dict[int, float]:
    """FTS5's bm25() over the whole OR query: what the index computed before term scores."""
    weights = ", ".join(str(w) for w in TEXT_FIELDS.values())
    conn = backend._current("profiles").conn
    rows = conn.execute(
        f"SELECT rowid, bm25(fts, {weights}) FROM fts WHERE fts MATCH ?", [build_fts_match(text)]
    )
    return dict(rows.fetchall())


def _assert_same_as_fts(backend: EmbeddedBackend, terms: TermScores) -> None:
    conn = backend._current("profiles").conn
    for text in QUERIES:
        ids, scores = terms.scores(conn, query_stems(text))
        expected = _reference(backend, text)
        assert ids.tolist() == sorted(expected)
        # Bit for bit: the same operations on the same doubles.
        assert scores.tolist() == [expected[i] for i in ids.tolist()]


@pytest.fixture
def backend(tmp_path: Path, make_doc: MakeDoc) -> EmbeddedBackend:
    rng = random.Random(7)
    backend = EmbeddedBackend(tmp_path)
    backend.index(
        "profiles",
        [
            # Some bodies over 127 words: FTS5 records their length in two bytes.
            make_doc(i, _text(rng, rng.randint(1, 4)), _text(rng, rng.choice([0, 9, 30, 200])))
            for i in range(1, 301)
        ],
    )
    return backend


def _kept_terms(backend: EmbeddedBackend) -> TermScores:
    # Keep every term held by 5 rows or more, so the small index exercises the kept path.
    terms = TermScores(TEXT_FIELDS, min_rows=5)
    backend._current("profiles").terms = terms
    return terms


def test_kept_terms_score_like_fts5(backend: EmbeddedBackend) -> None:
    terms = _kept_terms(backend)
    _assert_same_as_fts(backend, terms)  # first: read from FTS5 and kept
    assert len(terms.kept_terms) >= 8
    _assert_same_as_fts(backend, terms)  # then: computed from the kept postings


def test_kept_terms_follow_writes_and_deletes(backend: EmbeddedBackend, make_doc: MakeDoc) -> None:
    terms = _kept_terms(backend)
    _assert_same_as_fts(backend, terms)
    kept = set(terms.kept_terms)
    rng = random.Random(11)
    for round_ in range(5):
        changed = rng.sample(range(1, 301), 20)
        new = [
            make_doc(i, _text(rng, rng.randint(1, 3)), _text(rng, rng.choice([0, 40, 150])))
            for i in [*changed, 400 + round_]
        ]
        backend.index("profiles", new)
        backend.delete("profiles", rng.sample(range(1, 301), 5))
        _assert_same_as_fts(backend, terms)
    # The postings were patched, not dropped and read again.
    assert kept <= set(terms.kept_terms)
    # A stem list read twice between writes is read once (a search asks up to three times);
    # the rounds above compared every read after a write with FTS5 itself.
    conn = backend._current("profiles").conn
    stems = query_stems(QUERIES[0])
    assert terms.parts(conn, stems) is terms.parts(conn, stems)


def test_ranking_through_search_is_unchanged(backend: EmbeddedBackend) -> None:
    terms = _kept_terms(backend)
    for text in QUERIES:
        expected = _reference(backend, text)
        order = sorted(expected, key=lambda i: (expected[i], i))
        for _ in range(2):  # from FTS5, then from the kept postings
            found = backend.search(
                "profiles", SearchRequest(text=text, mode="bm25", limit=50, facets=())
            )
            assert [hit.id for hit in found.hits] == order[:50]
            assert found.total == len(expected)
    assert terms.kept_terms


def test_rare_terms_and_unknown_ones_are_not_kept(backend: EmbeddedBackend) -> None:
    terms = TermScores(TEXT_FIELDS)  # the default: 1000 rows, far above this index
    backend._current("profiles").terms = terms
    ids, scores = terms.scores(backend._current("profiles").conn, ["tiimityö", "zzzqqq"])
    assert len(ids) > 0 and np.all(scores < 0)
    assert terms.kept_terms == []


def test_memory_bound_drops_least_recently_used_terms(backend: EmbeddedBackend) -> None:
    terms = TermScores(TEXT_FIELDS, min_rows=5, max_postings=250)
    backend._current("profiles").terms = terms
    conn = backend._current("profiles").conn
    for stem in query_stems(" ".join(WORDS)):
        terms.scores(conn, [stem])
    # Each term is held by well over 60 of the 300 rows: at most a few fit in 250 postings.
    assert 1 <= len(terms.kept_terms) <= 4
    assert terms.kept_terms[-1] == query_stems(WORDS[-1])[0]


def test_varints_read_sqlite_encoding() -> None:
    assert _varints(bytes([0x05, 0x7F])) == [5, 127]
    assert _varints(bytes([0x81, 0x00, 0x82, 0x01])) == [128, 257]
    assert _total(bytes([0x05, 0x7F])) == 132 and _total(bytes([0x81, 0x00, 0x05])) == 133
