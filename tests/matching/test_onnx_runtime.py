"""The packaged model on onnxruntime gives the torch model's vectors, from a local export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from marketplace.config import Settings
from marketplace.container import load_encoder
from matching.calibration import floors_for
from matching.embeddings import SentenceTransformerEncoder, packaged_model_id
from matching.onnx_runtime import MAX_TOKENS, OnnxEncoder, exported_model, length_batches

TEXTS = [
    "sairaanhoitaja",
    "Lähihoitaja kotihoitoon, Tampere; vuorotyö",
    "forklift operator in a warehouse",
    "",
    # Longer than the model's window: both must cut it at the same token.
    "kokenut ohjelmistokehittäjä " * (MAX_TOKENS // 2),
]


@pytest.fixture(scope="module")
def onnx_encoder() -> OnnxEncoder:
    return OnnxEncoder(exported_model(Settings().model_cache_dir), threads=1)


@pytest.mark.model
def test_onnx_vectors_equal_the_torch_models(
    onnx_encoder: OnnxEncoder, real_encoder: SentenceTransformerEncoder
) -> None:
    # Batches of two (texts sorted by length, then put back in order) and each text alone:
    # neither padding nor batching may change a vector.
    batched = onnx_encoder.encode(TEXTS, batch_size=2)
    alone = np.concatenate([onnx_encoder.encode([text]) for text in TEXTS])
    reference = real_encoder.encode(TEXTS)
    assert batched.shape == reference.shape == (len(TEXTS), 384)
    assert batched.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(batched * reference, axis=1)) > 0.99999
    assert np.min(np.sum(alone * reference, axis=1)) > 0.99999
    assert onnx_encoder.encode([]).shape == (0, 384)


@pytest.mark.model
def test_batches_run_side_by_side_give_the_same_vectors(onnx_encoder: OnnxEncoder) -> None:
    parallel = OnnxEncoder(exported_model(Settings().model_cache_dir), threads=1, workers=2)
    texts = TEXTS * 7
    np.testing.assert_allclose(
        parallel.encode(texts, batch_size=3), onnx_encoder.encode(texts), atol=1e-5
    )


def test_batches_hold_texts_of_like_length_within_the_token_budget() -> None:
    lengths = [5, 70, 8, 120, 300, 66, 7, 6, 72]
    batches = length_batches(lengths, batch_size=4, token_budget=150)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        width = max(lengths[i] for i in batch)
        # One text longer than the budget still gets a batch of its own.
        assert len(batch) <= 4 and (len(batch) * width <= 150 or len(batch) == 1)
    # Longest first, so each batch is padded to the length of its first text.
    assert batches[0] == [4] and batches[1] == [3]
    assert [lengths[i] for i in batches[2]] == [72, 70]


@pytest.mark.model
def test_service_loads_the_onnx_runtime_under_the_packaged_models_id() -> None:
    encoder = load_encoder(Settings())
    assert isinstance(encoder, OnnxEncoder)
    # Same vectors, so cached vectors of the torch model stay valid.
    assert encoder.model_id == packaged_model_id()
    torch_encoder = load_encoder(Settings(embedding_runtime="torch"))
    assert isinstance(torch_encoder, SentenceTransformerEncoder)
    assert torch_encoder.model_id == encoder.model_id


@pytest.mark.model
def test_export_is_made_once_and_reused(tmp_path: Path) -> None:
    first = exported_model(tmp_path)
    made = first.stat().st_mtime_ns
    assert exported_model(tmp_path) == first and first.stat().st_mtime_ns == made
    assert [p.name for p in first.parent.iterdir() if p.suffix == ".partial"] == []


@pytest.mark.model
def test_int8_weights_stay_close_to_fp32_in_a_vector_space_of_their_own(
    onnx_encoder: OnnxEncoder,
) -> None:
    encoder = load_encoder(Settings(embedding_precision="int8"))
    assert isinstance(encoder, OnnxEncoder)
    # Close but not equal: the vectors must never be served from the fp32 cache entries, and a
    # search compares them against floors measured for them.
    assert encoder.model_id == packaged_model_id() + "+int8"
    assert floors_for(encoder.model_id) != floors_for(packaged_model_id())
    texts = [t for t in TEXTS if t]
    cosines = np.sum(encoder.encode(texts) * onnx_encoder.encode(texts), axis=1)
    # Per-channel scales measured 0.98-0.99 on documents; one scale per tensor gave 0.80-0.92.
    assert cosines.min() > 0.95
    assert cosines.min() < 0.99999
    path = exported_model(Settings().model_cache_dir, "int8")
    assert path.name == "model.int8.onnx"
    assert path.stat().st_size < exported_model(Settings().model_cache_dir).stat().st_size / 2
