"""The parts of the `ann_recall` scenario that decide what its figures mean: which texts it
embeds, that its cached vectors belong to those texts, and how recall is counted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bench.corpus import CORPUS_SEED
from bench.instrument import TimedEncoder
from bench.scenarios.ann_recall import EngineRun, K, Workload, encoded, profile_texts
from marketplace.db import make_engine, make_session_factory, session_scope
from marketplace.demo.generator import Corpus
from marketplace.indexing.documents import profile_vector_text
from marketplace.profiles import service as profile_service
from marketplace.profiles.models import Profile
from marketplace.taxonomy.service import get_taxonomy
from matching.embeddings import DEFAULT_BATCH_SIZE, HashingEncoder
from tests import factories


def test_profile_texts_are_the_texts_the_indexer_composes_for_stored_profiles(
    database_url: str,
) -> None:
    generated = list(Corpus(CORPUS_SEED).profiles(3))
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    ids = []
    try:
        for item in generated:
            with session_scope(factory) as session:
                user = factories.jobseeker(session)
                own = profile_service.get_own(session, user)
                ids.append(profile_service.replace(session, own, item.document).id)
        with factory() as session:
            stored = [session.get(Profile, i) for i in ids]
            expected = [profile_vector_text(p, get_taxonomy()) for p in stored if p is not None]
    finally:
        engine.dispose()
    texts, made = profile_texts(3)
    assert texts == expected and made == 3


class Interrupted(Exception):
    pass


class FailingEncoder(HashingEncoder):
    """The hashing encoder, failing on its `fail_on_call`-th call as an interruption would."""

    def __init__(self, fail_on_call: int) -> None:
        super().__init__(16)
        self.fail_on_call = fail_on_call
        self.calls = 0

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise Interrupted
        return super().encode(texts, batch_size)


def counting() -> TimedEncoder:
    """The hashing encoder, counting the texts it encodes."""
    return TimedEncoder(HashingEncoder(16))


def test_an_interrupted_encoding_continues_and_other_texts_are_encoded_anew(
    tmp_path: Path,
) -> None:
    texts = [f"sairaanhoitaja {i}" for i in range(1200)]  # three chunks of 512
    with pytest.raises(Interrupted):
        encoded(FailingEncoder(fail_on_call=2), texts, tmp_path, print)

    resumed = counting()
    vectors, info = encoded(resumed, texts, tmp_path, print)
    assert resumed.watch.items == 1200 - 512 and info["reused_rows"] == 512
    assert np.allclose(vectors, HashingEncoder(16).encode(texts))

    again = counting()
    assert np.array_equal(encoded(again, texts, tmp_path, print)[0], vectors)
    assert again.watch.items == 0

    changed = counting()
    encoded(changed, [*texts[:-1], "kokki"], tmp_path, print)
    assert changed.watch.items == 1200


def test_recall_counts_the_exact_neighbours_found_and_tells_ties_apart() -> None:
    # Rows at falling cosines with the query; rows 9 and 10 tie for the 10th place.
    cosines = np.array([1.0, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.9, 0.9, 0.5])
    matrix = np.stack([cosines, np.sqrt(1 - cosines**2)], axis=1).astype(np.float32)
    workload = Workload(matrix, {"typed": np.array([[1.0, 0.0]], dtype=np.float32)})
    tenth = int(workload.exact["typed"].rows[0][-1])
    assert tenth in (9, 10)
    other = 19 - tenth

    def judged(rows: list[int], error: float = 0.0) -> dict[str, float]:
        found = EngineRun(rows=[rows], cosines=[[float(cosines[r]) + error for r in rows]])
        return workload.judge("typed", found)

    first_nine = list(range(9))
    assert judged([*first_nine, tenth])["mean"] == pytest.approx(1.0)
    # The other tied row is as near: only the count with ties takes it.
    assert judged([*first_nine, other])["mean"] == pytest.approx((K - 1) / K)
    assert judged([*first_nine, other])["mean_counting_ties"] == pytest.approx(1.0)
    assert judged([*first_nine, other])["shortfall_max"] == pytest.approx(0.0, abs=1e-6)
    missed = judged([*first_nine, 11], error=0.01)
    assert missed["mean"] == missed["mean_counting_ties"] == pytest.approx((K - 1) / K)
    assert missed["shortfall_max"] == pytest.approx(0.9 - 0.5, abs=1e-5)
    assert missed["max_cosine_error"] == pytest.approx(0.01, abs=1e-5)
