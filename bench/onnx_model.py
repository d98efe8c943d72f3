"""ONNX files for comparing encoders: the service's fp32 export and a dynamically quantised
int8 copy of it, made locally (nothing is downloaded) into `var/onnx/`, once."""

from __future__ import annotations

from pathlib import Path

from marketplace.config import PROJECT_ROOT, Settings
from matching.onnx_runtime import OnnxEncoder, exported_model

ONNX_DIR = PROJECT_ROOT / "var" / "onnx"

__all__ = ["ONNX_DIR", "OnnxEncoder", "export"]


def export(directory: Path = ONNX_DIR) -> tuple[Path, Path]:
    """The service's fp32 export of the packaged model and an int8 copy; reuse earlier files."""
    fp32 = exported_model(Settings().model_cache_dir)
    int8 = directory / "model.int8.onnx"
    if not int8.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        directory.mkdir(parents=True, exist_ok=True)
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return fp32, int8
