"""Embedding throughput of the default model, and where the time of a full ingest goes.

Three parts:
- a fresh ingest of a sample through the service path (accounts, `profiles.service.replace`,
  `vacancies.service.create`, then `Indexer.drain`), with stopwatches around the model and the
  search engine: the model's share of the time against the rest (text composition, database,
  vector cache, engine writes);
- texts/s of the model at batch sizes 16, 64 and 128 on short texts (search queries, vacancy
  titles) and on the composed documents of that ingest, on the service's ONNX runtime, then
  batch 64 on one thread, and torch (sentence-transformers) for comparison;
- for stored corpora (10k, 100k), the same breakdown recorded when the corpus was built.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import torch

from bench.context import Context
from bench.corpus import CORPUS_SEED, Size, build
from bench.instrument import TimedEncoder
from bench.results import Figure, ScenarioResult
from bench.workload import queries
from marketplace.config import Settings
from marketplace.container import load_encoder
from marketplace.demo.generator import Corpus
from matching.embeddings import DEFAULT_BATCH_SIZE, Encoder, packaged_model_path
from matching.onnx_runtime import OnnxEncoder, exported_model

BATCH_SIZES = (16, 64, 128)
TARGET_SHORT_TEXTS_PER_SECOND = 250.0
# Documents through the whole pipeline (outbox -> texts -> model -> engine), and that pipeline
# against the bare model on the same texts in the same run.
TARGET_PIPELINE_TEXTS_PER_SECOND = 200.0
TARGET_PIPELINE_SHARE_OF_MODEL = 0.8


def short_texts(count: int) -> list[str]:
    """Search-box queries and vacancy titles: the short texts the target speaks of."""
    generator = Corpus(CORPUS_SEED)
    employers = generator.employers(20)
    titles = [v.data.title for v in generator.vacancies(count // 2, employers)]
    texts = [q.q for q in queries(count - len(titles), "ingest", for_candidates=False)]
    return titles + texts


def token_counts(texts: Sequence[str]) -> dict[str, float]:
    """Mean and max tokens per text as the model sees them (after its 256-token truncation)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(packaged_model_path(), local_files_only=True)
    counts = [min(len(ids), 256) for ids in tokenizer(list(texts))["input_ids"]]
    return {"mean": round(sum(counts) / len(counts), 1), "max": max(counts)}


@dataclass(frozen=True)
class Rate:
    """Texts per wall-clock second, and per CPU-second of this process (all its threads)."""

    wall: float
    per_cpu_second: float

    def capacity(self, cores: int) -> float:
        """Texts/s the process could reach with `cores` cores to itself."""
        return round(self.per_cpu_second * cores, 1)


def throughput(encoder: Encoder, texts: Sequence[str], batch_size: int) -> Rate:
    """Texts per second for one pass over `texts` (after a one-batch warm-up).

    On a shared machine the wall-clock rate depends on what else runs; the rate per CPU-second
    of this process (all its threads) is what the model costs, whatever the load.
    """
    encoder.encode(list(texts[:batch_size]), batch_size)
    wall, cpu = time.perf_counter(), time.process_time()
    encoder.encode(list(texts), batch_size)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Rate(round(len(texts) / wall, 1), round(len(texts) / cpu, 1))


Variant = Callable[[], AbstractContextManager[Encoder]]


def _variants(cores: int) -> list[tuple[str, int, Variant]]:
    """(label, batch size, encoder factory) for each throughput measurement."""

    def onnx(threads: int) -> Variant:
        @contextmanager
        def make() -> Iterator[Encoder]:
            yield OnnxEncoder(exported_model(Settings().model_cache_dir), threads=threads)

        return make

    def torch_model(threads: int) -> Variant:
        @contextmanager
        def make() -> Iterator[Encoder]:
            previous = torch.get_num_threads()
            torch.set_num_threads(threads)
            try:
                yield load_encoder(Settings(embedding_runtime="torch"))
            finally:
                torch.set_num_threads(previous)

        return make

    plural = f"{cores} threads"
    return [
        *((f"onnx, {plural}", size, onnx(cores)) for size in BATCH_SIZES),
        ("onnx, 1 thread", DEFAULT_BATCH_SIZE, onnx(1)),
        (f"torch, {plural}", DEFAULT_BATCH_SIZE, torch_model(cores)),
        ("torch, 1 thread", DEFAULT_BATCH_SIZE, torch_model(1)),
    ]


def _breakdown(build_info: dict[str, Any]) -> dict[str, float]:
    """Seconds per phase of an ingest and the model's share of the indexing and of the whole."""
    drain = build_info["index_drain_seconds"]
    model = build_info["model_seconds"]
    engine = build_info["engine_write_seconds"]
    writes = build_info["service_write_seconds"]
    total = writes + drain
    return {
        "service_writes_s": writes,
        "indexing_s": drain,
        "model_s": model,
        "engine_writes_s": engine,
        "indexing_rest_s": round(drain - model - engine, 1),
        "model_share_of_indexing": round(model / drain, 3) if drain else 0.0,
        "model_share_of_ingest": round(model / total, 3) if total else 0.0,
        "texts": build_info["texts_encoded"],
        "model_texts_per_s": round(build_info["texts_encoded"] / model, 1) if model else 0.0,
    }


def _ingest_sample(ctx: Context, encoder: Encoder) -> tuple[dict[str, float], list[str]]:
    size = ctx.size
    sample = Size(
        f"ingest-{size.name}",
        profiles=size.ingest_profiles,
        vacancies=max(1, size.ingest_profiles // 2),
        vector_rows=0,
        copy_mb=0,
        requests=0,
        ingest_profiles=0,
        document_texts=0,
        short_texts=0,
    )
    # Every text is kept: the bare model is timed on exactly what went through the pipeline.
    timed = TimedEncoder(encoder, keep_texts=10 * sample.profiles)
    directory = ctx.scratch / "ingest"
    corpus = build(
        sample, ctx.backend, directory, es_url=ctx.elasticsearch_url, log=ctx.log, encoder=timed
    )
    return _breakdown(corpus.info["build"]), timed.texts


def run(ctx: Context, result: ScenarioResult) -> None:
    """Ingest a fresh sample, time the model at several batch sizes, report stored builds."""
    started = time.perf_counter()
    encoder = load_encoder(Settings(embedding_encoder="sentence-transformers"))
    result.details["model"] = f"{encoder.model_id} ({type(encoder).__name__})"
    result.details["model_load_s"] = round(time.perf_counter() - started, 1)

    sample, documents = _ingest_sample(ctx, encoder)
    result.details["sample_ingest"] = sample
    result.add(
        Figure(
            f"model share of a {ctx.size.ingest_profiles}-profile ingest",
            round(sample["model_share_of_ingest"] * 100, 1),
            "%",
            limit="model compute",
            note=f"model {sample['model_s']} s; service writes {sample['service_writes_s']} s; "
            f"engine writes {sample['engine_writes_s']} s; rest of indexing "
            f"{sample['indexing_rest_s']} s",
        )
    )

    _pipeline_against_model(result, sample, encoder, documents)
    documents = documents[: ctx.size.document_texts]
    shorts = short_texts(ctx.size.short_texts)
    documents = documents or shorts
    result.details["tokens"] = {"short": token_counts(shorts), "documents": token_counts(documents)}
    cores = len(os.sched_getaffinity(0))
    texts = {"short": shorts, "documents": documents}
    # The service's runtime at every batch size on all cores, then each runtime on one core:
    # a pool of threads waits actively between the many small operations of one batch.
    rates: dict[str, dict[str, Rate]] = {"short": {}, "documents": {}}
    for label, batch_size, variant in _variants(cores):
        with variant() as timed_encoder:
            for kind in rates:
                rates[kind][f"batch {batch_size}, {label}"] = throughput(
                    timed_encoder, texts[kind], batch_size
                )
    result.details["texts_per_second"] = {
        kind: {name: asdict(rate) for name, rate in by_name.items()}
        for kind, by_name in rates.items()
    }
    for kind, text_label, target in (
        ("short", "short texts/s", TARGET_SHORT_TEXTS_PER_SECOND),
        ("documents", "document texts/s", None),
    ):
        for name, rate in rates[kind].items():
            result.add(
                Figure(
                    f"{text_label}, {name}",
                    rate.wall,
                    "texts/s",
                    target,
                    better="higher",
                    limit="model compute",
                    note=f"wall clock under the current load; {rate.per_cpu_second} texts per "
                    "CPU-second",
                )
            )
        single = rates[kind][f"batch {DEFAULT_BATCH_SIZE}, onnx, 1 thread"]
        result.add(
            Figure(
                f"{text_label} on {cores} idle cores (onnx, from 1-thread CPU time)",
                single.capacity(cores),
                "texts/s",
                target,
                better="higher",
                limit="model compute",
                note="texts per CPU-second on one thread x cores: what the cores give with the "
                "machine to themselves and one encoding per core",
            )
        )

    if ctx.size.name in ("10k", "100k"):
        corpus = ctx.corpus()
        recorded = corpus.info.get("build")
        if recorded:
            full = _breakdown(recorded)
            result.details["corpus_build"] = {
                **full,
                "built_at": corpus.info["built_at"],
                "load": recorded.get("load_before"),
            }
            result.add(
                Figure(
                    f"full ingest of {corpus.info['profiles']} profiles + "
                    f"{corpus.info['vacancies']} vacancies",
                    round(recorded["service_write_seconds"] + recorded["index_drain_seconds"], 1),
                    "s",
                    limit="model compute",
                    note=f"model share {full['model_share_of_ingest'] * 100:.0f} %; "
                    f"{full['model_texts_per_s']} texts/s in the model; built "
                    f"{corpus.info['built_at']}, load {recorded.get('load_before')}",
                )
            )


def _pipeline_against_model(
    result: ScenarioResult, sample: dict[str, float], encoder: Encoder, texts: Sequence[str]
) -> None:
    """Documents/s through the outbox drain just measured, and the bare model (the service's
    encoder, same settings, same texts) right after it."""
    if not texts or not sample["indexing_s"]:
        return
    pipeline = round(len(texts) / sample["indexing_s"], 1)
    bare = throughput(encoder, texts, DEFAULT_BATCH_SIZE)
    result.details["pipeline_against_model"] = {
        "texts": len(texts),
        "pipeline_texts_per_s": pipeline,
        "model": asdict(bare),
        "tokens": token_counts(texts),
    }
    result.add(
        Figure(
            "document texts/s through the pipeline (outbox -> encode -> index)",
            pipeline,
            "texts/s",
            TARGET_PIPELINE_TEXTS_PER_SECOND,
            better="higher",
            limit="model compute",
            note=f"{len(texts)} texts in {sample['indexing_s']} s of outbox drain",
        )
    )
    result.add(
        Figure(
            "document texts/s, bare model on the same texts",
            bare.wall,
            "texts/s",
            better="higher",
            limit="model compute",
            note=f"{bare.per_cpu_second} texts per CPU-second",
        )
    )
    result.add(
        Figure(
            "pipeline / bare model",
            round(pipeline / bare.wall, 3) if bare.wall else 0.0,
            "x",
            TARGET_PIPELINE_SHARE_OF_MODEL,
            better="higher",
            limit="text composition, the vector cache and engine writes around the model",
        )
    )
