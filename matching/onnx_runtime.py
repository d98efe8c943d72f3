"""The packaged model run by onnxruntime instead of torch.

Same weights, same vectors (cosine 1.0 to the torch model's, see tests/matching), but a short
search text encodes in about a quarter of the time: torch spends most of a one-text encoding in
per-operator overhead. The ONNX file is exported once from the weights inside the installed
package (nothing is downloaded) into a model directory shared by every process of the checkout.
Tokenising, 256-token truncation, mean pooling over the attention mask and L2 normalisation
follow the model's sentence-transformers configuration.
"""

from __future__ import annotations

import fcntl
import os
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np

from matching.embeddings import (
    DEFAULT_BATCH_SIZE,
    LoadedModel,
    packaged_model_id,
    packaged_model_path,
)

# The model's own limit (sentence_bert_config.json); the tokenizer file says 128.
MAX_TOKENS = 256
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Padded tokens per batch. Per CPU-second a batch of 8 documents of ~70 tokens encodes about
# 1.3x faster than a batch of 64 (measured with bench/scenarios/ingest.py), while search words
# still go 64 at a time.
TOKEN_BUDGET = 512


def _model_dir(directory: Path, model_id: str) -> Path:
    return directory / re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


Precision = Literal["fp32", "int8"]


def exported_model(directory: Path, precision: Precision = "fp32") -> Path:
    """The packaged model as ONNX under `directory`, exported on first use; "int8" quantises
    that export's weights once more.

    Several processes may start at once (test servers, uvicorn workers): one exports under a
    file lock while the others wait, and a file appears under its name only when complete."""
    folder = _model_dir(directory, packaged_model_id())
    full = folder / "model.onnx"
    target = full if precision == "fp32" else folder / f"model.{precision}.onnx"
    if target.is_file():
        return target
    with _exclusive(folder / ".lock"):
        if not full.is_file():
            _write_atomically(full, lambda path: _export(Path(packaged_model_path()), path))
        if not target.is_file():
            _write_atomically(target, lambda path: _quantise(full, path))
    return target


def _write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    partial = target.with_suffix(f".{os.getpid()}.partial")
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _quantise(source: Path, target: Path) -> None:
    """Weights to int8, one scale per output channel, activations quantised as they come.

    One scale per tensor measured cosine 0.92 to fp32's vectors; per channel 0.99
    (bench/scenarios/encoders.py)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        # The exported graph's shape inference leaves some MatMul outputs untyped.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _export(weights: Path, target: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(weights), local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        """Keyword arguments for the model: its positional order changes between versions."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = torch.tensor([[101, 7592, 102, 0], [101, 7592, 2088, 102]])
    example = (sample, (sample > 0).long(), torch.zeros_like(sample))
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    # The tracer warns about shape checks it records as constants; with the attention mask
    # always given they hold for every batch (the tests compare vectors with torch's).
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Hidden(),
            example,
            str(target),
            input_names=list(INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


class OnnxEncoder(LoadedModel):
    """An Encoder running an exported sentence-transformers model with onnxruntime.

    Texts are tokenised once, sorted by length and cut into batches of like length holding at
    most `TOKEN_BUDGET` padded tokens, so a batch of long documents is small and a batch of
    search words large. With `workers` > 1 the batches of one call run on that many threads at
    once (onnxruntime releases the GIL), each on one core: a reindex uses every core while one
    search text still takes one batch on one thread."""

    def __init__(
        self,
        model_path: Path,
        *,
        threads: int | None = None,
        model_id: str | None = None,
        tokenizer_dir: str | None = None,
        workers: int = 1,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(
            str(Path(tokenizer_dir or packaged_model_path()) / "tokenizer.json")
        )
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()  # each batch is padded to its own longest text below
        self._tokenizer = tokenizer
        self._dim = int(self._session.get_outputs()[0].shape[-1])
        # Vectors equal the torch model's, so they share its cache entries by default.
        self._model_id = model_id or f"onnx:{model_path.name}"
        self.workers = max(1, workers)
        self._pool: ThreadPoolExecutor | None = None

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        """Tokens per text as the model sees them (after truncation)."""
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Encode texts into L2-normalised float32 rows."""
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        if not texts:
            return out
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        batches = length_batches([len(i) for i in ids], batch_size, TOKEN_BUDGET)

        def run(batch: list[int]) -> None:
            out[batch] = self._pooled([ids[i] for i in batch])

        if self.workers > 1 and len(batches) > 1:
            list(self._executor().map(run, batches))
        else:
            for batch in batches:
                run(batch)
        return out

    def _pooled(self, rows: list[list[int]]) -> np.ndarray:
        """Mean-pooled, normalised vectors of one batch of token ids."""
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for n, row in enumerate(rows):
            ids[n, : len(row)] = row
            mask[n, : len(row)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feed)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled / norms

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="encoder")
        return self._pool


def length_batches(lengths: Sequence[int], batch_size: int, token_budget: int) -> list[list[int]]:
    """Indices of texts in batches of like length, longest first: at most `batch_size` texts
    and, padded to the batch's longest, at most `token_budget` tokens (never fewer than one
    text)."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        # Sorted longest first, so the batch's first text sets its padded width.
        width = lengths[current[0]] if current else lengths[index]
        if current and (len(current) >= batch_size or (len(current) + 1) * width > token_budget):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches
