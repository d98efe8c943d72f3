"""The default model on torch against the same model exported to ONNX (fp32 and int8).

Texts per CPU-second on short texts and on composed profile documents, and how close the
vectors are to torch's (cosine per text, and whether the top-10 neighbours of each document
among the others stay the same). ONNX files are exported locally from the packaged weights.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import torch
from sqlalchemy import select

from bench.context import Context, Skip
from bench.onnx_model import OnnxEncoder, export
from bench.results import Figure, ScenarioResult
from bench.scenarios.ingest import short_texts, throughput
from marketplace.config import Settings
from marketplace.container import load_encoder
from marketplace.db import make_engine, make_session_factory
from marketplace.indexing.documents import profile_search_text
from marketplace.profiles.models import Profile
from marketplace.taxonomy.service import get_taxonomy
from matching.embeddings import Encoder

BATCH = 64
NEIGHBOURS = 10


def document_texts(ctx: Context, count: int) -> list[str]:
    """Composed search texts of the first profiles of the corpus, as the indexer makes them."""
    engine = make_engine(ctx.corpus().settings().database_url)
    taxonomy = get_taxonomy()
    try:
        with make_session_factory(engine)() as session:
            profiles = session.scalars(select(Profile).order_by(Profile.id).limit(count)).all()
            return [profile_search_text(p, taxonomy) for p in profiles]
    finally:
        engine.dispose()


def agreement(reference: np.ndarray, other: np.ndarray) -> dict[str, float]:
    """Cosine between matching rows, and the overlap of each row's nearest neighbours."""
    cosine = np.sum(reference * other, axis=1)
    k = min(NEIGHBOURS, len(reference) - 1)
    overlap = 1.0
    if k > 0:

        def neighbours(matrix: np.ndarray) -> np.ndarray:
            scores = matrix @ matrix.T
            np.fill_diagonal(scores, -np.inf)
            return np.argsort(-scores, axis=1)[:, :k]

        ref, oth = neighbours(reference), neighbours(other)
        overlap = float(np.mean([len(set(a) & set(b)) / k for a, b in zip(ref, oth, strict=True)]))
    return {
        "cosine_min": round(float(cosine.min()), 5),
        "cosine_mean": round(float(cosine.mean()), 5),
        "neighbour_overlap": round(overlap, 4),
    }


def run(ctx: Context, result: ScenarioResult) -> None:
    """Compare torch, ONNX fp32 and ONNX int8 on the same texts."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise Skip("onnxruntime is not installed (pip install onnxruntime)") from exc
    fp32, int8 = export()
    cores = len(os.sched_getaffinity(0))
    texts = {
        "short": short_texts(ctx.size.short_texts),
        "documents": document_texts(ctx, ctx.size.document_texts),
    }
    torch_encoder = load_encoder(
        Settings(embedding_encoder="sentence-transformers", embedding_runtime="torch")
    )
    # All on one thread: CPU time then compares the implementations, not their thread pools'
    # waiting (see the ingest scenario for torch on every core).
    encoders: dict[str, Encoder] = {
        "torch": torch_encoder,
        "onnx fp32": OnnxEncoder(fp32, threads=1),
        "onnx int8": OnnxEncoder(int8, threads=1),
    }
    vectors: dict[str, dict[str, np.ndarray]] = {}
    details: dict[str, Any] = {}
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _compare(encoders, texts, vectors, details, result, cores)
    finally:
        torch.set_num_threads(threads)
    result.details.update(
        encoders=details, batch=BATCH, threads=1, texts={k: len(v) for k, v in texts.items()}
    )


def _compare(
    encoders: dict[str, Encoder],
    texts: dict[str, list[str]],
    vectors: dict[str, dict[str, np.ndarray]],
    details: dict[str, Any],
    result: ScenarioResult,
    cores: int,
) -> None:
    """Time every encoder on every kind of text; compare each one's vectors with torch's."""
    for name, encoder in encoders.items():
        details[name] = {}
        vectors[name] = {}
        for kind, batch in texts.items():
            rate = throughput(encoder, batch, BATCH)
            vectors[name][kind] = encoder.encode(batch, BATCH)
            details[name][kind] = {"texts_per_s": rate.wall, "per_cpu_second": rate.per_cpu_second}
            result.add(
                Figure(
                    f"{name}, 1 thread: {kind} texts/s on {cores} idle cores (from CPU time)",
                    rate.capacity(cores),
                    "texts/s",
                    250.0 if kind == "short" else None,
                    better="higher",
                    limit="model compute",
                    note=f"{rate.per_cpu_second} texts per CPU-second x {cores} cores; wall-clock "
                    f"{rate.wall} texts/s under the current load; batch {BATCH}",
                )
            )
        if name != "torch":
            for kind in texts:
                agreed = agreement(vectors["torch"][kind], vectors[name][kind])
                details[name][f"{kind} agreement"] = agreed
                result.add(
                    Figure(
                        f"{name}: {kind} cosine to torch (min)",
                        agreed["cosine_min"],
                        "",
                        better="higher",
                        note=f"mean {agreed['cosine_mean']}; top-{NEIGHBOURS} neighbour overlap "
                        f"{agreed['neighbour_overlap']}",
                    )
                )
