"""ONNX files for comparing encoders: the service's fp32 export of the packaged model and its
int8 copy (`embedding_precision="int8"`), both made locally once (nothing is downloaded)."""

from __future__ import annotations

from pathlib import Path

from marketplace.config import Settings
from matching.onnx_runtime import OnnxEncoder, exported_model

__all__ = ["OnnxEncoder", "export"]


def export() -> tuple[Path, Path]:
    """The service's fp32 and int8 files of the packaged model; reuse earlier files."""
    directory = Settings().model_cache_dir
    return exported_model(directory), exported_model(directory, "int8")
