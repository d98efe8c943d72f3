"""Recall of Elasticsearch's `int8_hnsw` kNN against an exact top-10, on distinct profile vectors.

The stored 100k corpus repeats the 10k corpus's records, so its vectors repeat too and a recall
taken on it would flatter HNSW. Here every indexed vector comes from a distinct profile text:
the demo generator's profiles are filled into transient `Profile` rows (never added to a
session) and composed by `profile_vector_text`, as the indexer composes stored ones; repeated
texts are dropped. The texts are encoded once by the service's encoder and the matrix is kept
under `<root>/ann/`, so a rerun skips the model (about 20 minutes of both cores at 100k) and an
interrupted encoding continues where it stopped.

`ElasticsearchBackend.reindex` loads the vectors into a new index, as `marketplace reindex`
does: the service's mapping (`search.mappings`), one shard, bulk load, force-merge to one
segment, refresh (so "as loaded" and "force-merged" now measure the same single segment).
Queries are vectors not in the index: search-box texts embedded as the service embeds a typed
query (`AnalysedQuery.embed_text`), and profiles held out of the index. Each query's kNN top-10
with the `k` and `num_candidates` the service sends (its int8 hits rescored on the float
vectors, oversample 2; and the same without rescoring, with fewer and more candidates, and
with oversample 3) is compared with the exact top-10 by float32 cosine
in numpy over the same vectors. Elasticsearch's own exact search, on a copy of the rows in an
index with a `flat` vector field, checks that ids map to the same rows. Everything is measured
again after a force-merge to one segment.

The embedded backend scans every row (`search.vectors`), so its recall is 1.0 by construction:
the scenario skips it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk

from bench.context import Context, Skip
from bench.corpus import CORPUS_SEED
from bench.results import Figure, ScenarioResult, latency_summary, percentile
from bench.workload import queries
from marketplace.config import Settings
from marketplace.container import load_encoder
from marketplace.demo.generator import Corpus
from marketplace.indexing.documents import profile_vector_text
from marketplace.profiles import service as profile_service
from marketplace.profiles.models import Profile
from marketplace.progress import ProgressBar
from marketplace.taxonomy.query import analyse
from marketplace.taxonomy.service import get_taxonomy
from matching.embeddings import Encoder
from search.base import IndexKind, SearchDocument, SearchRequest, batched
from search.elasticsearch import ElasticsearchBackend
from search.mappings import index_body
from search.queries import build_es_knn, cosine_from_score, hit_id, knn_sizes

K = 10
# Indexed documents and queries of each kind (typed texts, held-out profiles) per size.
PLAN: dict[str, tuple[int, int]] = {
    "smoke": (1_000, 25),
    "tiny": (2_000, 50),
    "10k": (10_000, 250),
    "100k": (100_000, 250),
}
# The wider setting of the sweep: what more candidates buy over the service's.
WIDE_CANDIDATES = 1_000
# `rescore_vector`: this many times `k` int8 hits are scored again on the float vectors (the
# factor Elasticsearch itself defaults to for its bbq formats).
OVERSAMPLE = 3.0
# The exact search reads every vector per query: a sample is enough to check the ids.
EXACT_CHECKS = 50
# Queries sent before timing, so the first reads of the graph are not counted.
WARM_UP = 20
ENCODE_CHUNK = 512
# Two vectors at the same cosine as the exact 10th (to float32 precision) are equally right.
TIE = 1e-6
KIND: IndexKind = "profiles"
QUERY_KINDS = {"typed": "typed queries", "held_out": "held-out profiles"}


@dataclass(frozen=True)
class KnnSetting:
    """A kNN request's `k` and `num_candidates`."""

    k: int
    num_candidates: int
    service: bool = False
    oversample: float | None = None

    @property
    def label(self) -> str:
        own = " (the service's)" if self.service else ""
        rescored = f", rescore_vector oversample {self.oversample:g}" if self.oversample else ""
        return f"k {self.k}, num_candidates {self.num_candidates}{rescored}{own}"

    def body(self, vector: np.ndarray) -> dict[str, Any]:
        """The service's kNN body (`build_es_knn`) with this setting's sizes; the service's
        own rescoring, another oversample, or (neither) the int8 scores as HNSW gives them."""
        body = build_es_knn(SearchRequest(vector=vector, mode="vector", knn_candidates=self.k))
        body["knn"]["num_candidates"] = self.num_candidates
        if self.oversample:
            body["knn"]["rescore_vector"] = {"oversample": self.oversample}
        elif not self.service:
            del body["knn"]["rescore_vector"]
        return body


def knn_settings() -> list[KnnSetting]:
    """What the service sends for any ranked page (its default `knn_candidates`, rescored),
    the same on the int8 scores alone, what `knn_sizes` would give a request for 10
    neighbours, a wider search, and a larger rescoring oversample."""
    k, candidates = knn_sizes(SearchRequest().knn_candidates)
    return [
        KnnSetting(k, candidates, service=True),
        KnnSetting(k, candidates),
        KnnSetting(*knn_sizes(K)),
        KnnSetting(k, WIDE_CANDIDATES),
        KnnSetting(k, candidates, oversample=OVERSAMPLE),
    ]


# --- texts and vectors -----------------------------------------------------------------------


def profile_texts(count: int) -> tuple[list[str], int]:
    """`count` distinct profile texts as the indexer embeds them, and how many generated
    profiles it took to find them."""
    taxonomy = get_taxonomy()
    texts: dict[str, None] = {}
    # The generator is lazy: the bound only has to be large enough.
    generated = Corpus(CORPUS_SEED).profiles(2 * count + 1_000)
    for made, item in enumerate(generated, start=1):
        profile = Profile()
        profile_service.fill(profile, item.document)
        texts.setdefault(profile_vector_text(profile, taxonomy))
        if len(texts) == count:
            return list(texts), made
    raise RuntimeError(f"the generator gave only {len(texts)} distinct profile texts")


def typed_texts(count: int) -> list[str]:
    """`count` distinct vector texts of search-box queries, as a typed query is embedded."""
    texts: dict[str, None] = {}
    for query in queries(3 * count, "ann-recall", for_candidates=True):
        embed = analyse(query.q).embed_text
        if embed:
            texts.setdefault(embed)
        if len(texts) == count:
            return list(texts)
    raise RuntimeError(f"only {len(texts)} distinct query texts")


def _digest(texts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def encoded(
    encoder: Encoder, texts: Sequence[str], directory: Path, log: Callable[[str], None]
) -> tuple[np.ndarray, dict[str, Any]]:
    """The texts' vectors, read back when an earlier run encoded the same texts with the same
    model; an encoding interrupted midway continues from its last written chunk."""
    model = re.sub(r"[^A-Za-z0-9.]+", "-", encoder.model_id).strip("-")
    stem = f"vectors-{len(texts)}-{model}"
    path, meta_path = directory / f"{stem}.npy", directory / f"{stem}.json"
    expected = {
        "model_id": encoder.model_id,
        "dim": encoder.dim,
        "rows": len(texts),
        "texts_sha256": _digest(texts),
    }
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        meta = {}
    same = path.exists() and all(meta.get(key) == value for key, value in expected.items())
    done = int(meta.get("done", 0)) if same else 0
    info: dict[str, Any] = {"file": str(path), "model": encoder.model_id, "reused_rows": done}
    if done == len(texts):
        log(f"  vectors of {len(texts):,} texts read from {path}")
        return np.load(path), {**info, "encoded_rows": 0}
    directory.mkdir(parents=True, exist_ok=True)
    matrix = np.lib.format.open_memmap(
        path, mode="r+" if done else "w+", dtype=np.float32, shape=(len(texts), encoder.dim)
    )
    resumed = f" (continuing at {done:,})" if done else ""
    progress = ProgressBar(f"encoding {len(texts):,} profile texts{resumed}")
    started = time.perf_counter()
    for start in range(done, len(texts), ENCODE_CHUNK):
        stop = min(start + ENCODE_CHUNK, len(texts))
        matrix[start:stop] = encoder.encode(list(texts[start:stop]))
        matrix.flush()
        meta_path.write_text(json.dumps({**expected, "done": stop}) + "\n")
        progress(stop - done, len(texts) - done)
    seconds = time.perf_counter() - started
    rows = len(texts) - done
    info.update(encoded_rows=rows, seconds=round(seconds, 1), texts_per_s=round(rows / seconds, 1))
    return np.array(matrix), info


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float32), as the engine stores them for cosine."""
    matrix = np.asarray(matrix, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


# --- exact and engine top-10 -------------------------------------------------------------------


@dataclass
class Exact:
    """Each query's exact top-`K` rows (best first) and the cosine of its `K`-th."""

    rows: np.ndarray
    kth: np.ndarray


def exact_top(matrix: np.ndarray, queries_: np.ndarray, chunk: int = 64) -> Exact:
    """Brute force: every row's cosine with every query, the `K` best kept."""
    rows = np.empty((len(queries_), K), dtype=np.int64)
    kth = np.empty(len(queries_), dtype=np.float32)
    for start in range(0, len(queries_), chunk):
        scores = queries_[start : start + chunk] @ matrix.T
        best = np.argpartition(-scores, K - 1, axis=1)[:, :K]
        best_scores = np.take_along_axis(scores, best, axis=1)
        order = np.argsort(-best_scores, axis=1)
        rows[start : start + chunk] = np.take_along_axis(best, order, axis=1)
        kth[start : start + chunk] = best_scores.min(axis=1)
    return Exact(rows, kth)


@dataclass
class EngineRun:
    """The engine's top-`K` rows and their cosines per query, and the time of each request."""

    rows: list[list[int]] = field(default_factory=list)
    cosines: list[list[float]] = field(default_factory=list)
    took_s: list[float] = field(default_factory=list)
    wall_s: list[float] = field(default_factory=list)


def run_queries(
    client: Elasticsearch, index: str, bodies: Iterable[dict[str, Any]], *, timed: bool = True
) -> EngineRun:
    """Send each search body once, keeping the first `K` hits (ids are rows + 1)."""
    answers = EngineRun()
    for body in bodies:
        started = time.perf_counter()
        response = client.search(index=index, body=body)
        wall = time.perf_counter() - started
        hits = response["hits"]["hits"][:K]
        answers.rows.append([hit_id(hit) - 1 for hit in hits])
        answers.cosines.append([cosine_from_score(hit["_score"]) for hit in hits])
        if timed:
            answers.wall_s.append(wall)
            answers.took_s.append(response["took"] / 1000)
    return answers


@dataclass
class Workload:
    """The indexed rows, the query vectors of each kind and their exact top-`K`."""

    matrix: np.ndarray
    queries: dict[str, np.ndarray]
    exact: dict[str, Exact] = field(init=False)

    def __post_init__(self) -> None:
        self.exact = {kind: exact_top(self.matrix, q) for kind, q in self.queries.items()}

    def judge(self, kind: str, found: EngineRun) -> dict[str, Any]:
        """recall@`K` of the engine's answers to the first queries of a kind.

        `mean_counting_ties` also counts a found row whose cosine equals the exact `K`-th's (a
        tie the exact order broke the other way); `shortfall` is how far the worst hit found
        falls below the exact `K`-th cosine (0 when every hit is as near), which tells a miss
        among near-equals from a miss of a clearly nearer row; `max_cosine_error` compares the
        engine's cosine of each hit with numpy's for the same row, which a wrong id would not
        match."""
        exact, vectors = self.exact[kind], self.queries[kind]
        recalls, with_ties, shortfalls, errors = [], [], [], []
        for i, (rows, cosines) in enumerate(zip(found.rows, found.cosines, strict=True)):
            recalls.append(len(set(rows) & set(exact.rows[i].tolist())) / K)
            true = self.matrix[rows] @ vectors[i]
            with_ties.append(float(np.sum(true >= exact.kth[i] - TIE)) / K)
            worst = float(true.min()) if rows else -1.0
            shortfalls.append(max(0.0, float(exact.kth[i]) - worst))
            errors.append(float(np.max(np.abs(true - np.asarray(cosines)))) if rows else 0.0)
        return {
            "queries": len(recalls),
            "mean": round(float(np.mean(recalls)), 4),
            "p10": round(percentile(recalls, 10), 4),
            "min": round(min(recalls), 4),
            "mean_counting_ties": round(float(np.mean(with_ties)), 4),
            "shortfall_mean": round(float(np.mean(shortfalls)), 5),
            "shortfall_max": round(max(shortfalls), 5),
            "max_cosine_error": round(max(errors), 5),
        }


# --- the indices -------------------------------------------------------------------------------


def _documents(matrix: np.ndarray) -> Iterator[SearchDocument]:
    """One document per row (id = row + 1) holding only the vector, with a progress line."""
    loaded_at = datetime(2026, 1, 1, tzinfo=UTC)
    progress = ProgressBar(f"loading {len(matrix):,} vectors into Elasticsearch")
    step = max(1, len(matrix) // 10)
    for row in range(len(matrix)):
        yield SearchDocument(id=row + 1, updated_at=loaded_at, vector=matrix[row])
        if (row + 1) % step == 0 or row + 1 == len(matrix):
            progress(row + 1, len(matrix))


def load_exact_copy(client: Elasticsearch, name: str, matrix: np.ndarray) -> None:
    """The same rows under the same ids in an index whose vector field is `flat`, which
    Elasticsearch searches by brute force over the float vectors: the engine's own exact top-k.
    (A `script_score` with `cosineSimilarity` would need painless, which the integration-test
    distribution does not carry.)"""
    body = index_body(int(matrix.shape[1]), bulk_load=True)
    body["mappings"]["properties"]["vector"]["index_options"] = {"type": "flat"}
    client.indices.create(index=name, **body)
    actions = (
        {"_index": name, "_id": str(row + 1), "_source": {"id": row + 1, "vector": vector}}
        for row, vector in enumerate(matrix.tolist())
    )
    bulk(client, actions, chunk_size=500)
    client.indices.refresh(index=name)


def _segments(client: Elasticsearch, index: str) -> int:
    """Searchable segments of the index's primary shard."""
    shards = client.indices.segments(index=index)["indices"][index]["shards"].values()
    primaries = [copy for copies in shards for copy in copies if copy["routing"]["primary"]]
    return sum(int(copy["num_search_segments"]) for copy in primaries)


def _vector_mapping(client: Elasticsearch, index: str) -> dict[str, Any]:
    """The vector field as the engine runs it, its defaults (m, ef_construction...) included."""
    answer = client.indices.get_field_mapping(index=index, fields="vector", include_defaults=True)
    mapping: dict[str, Any] = answer[index]["mappings"]["vector"]["mapping"]["vector"]
    return mapping


# --- the scenario ------------------------------------------------------------------------------


def run(ctx: Context, result: ScenarioResult) -> None:
    """Encode distinct profile texts, index them, compare kNN with the exact top-10."""
    if ctx.backend != "elasticsearch":
        raise Skip(
            "the embedded backend's vector search is an exact scan over every row "
            "(search.vectors.VectorStore.top_k): recall 1.0 by construction, nothing to measure"
        )
    ctx.require_backend()
    workload = _workload(ctx, result)
    backend = ElasticsearchBackend(
        ctx.elasticsearch_url,
        prefix=f"bench-recall-{ctx.size.name}-{uuid.uuid4().hex[:8]}",
        dim=int(workload.matrix.shape[1]),
        timeout=120,
    )
    client = backend.client
    try:
        started = time.perf_counter()
        backend.reindex(KIND, batched(_documents(workload.matrix)))
        index = next(iter(client.indices.get_alias(name=backend.alias(KIND))))
        result.details["index"] = {
            "name": index,
            "engine": client.info()["version"]["number"],
            "vector_mapping": _vector_mapping(client, index),
            "load_s": round(time.perf_counter() - started, 1),
        }
        _check_ids(result, client, f"{backend.prefix}-exact", workload)
        _measure(ctx, result, client, index, workload, merged=False)
        started = time.perf_counter()
        client.options(request_timeout=3600).indices.forcemerge(index=index, max_num_segments=1)
        client.indices.refresh(index=index)
        result.details["index"]["force_merge_s"] = round(time.perf_counter() - started, 1)
        _measure(ctx, result, client, index, workload, merged=True)
    finally:
        client.options(ignore_status=404).indices.delete(index=f"{backend.prefix}-*")
        backend.close()


def _workload(ctx: Context, result: ScenarioResult) -> Workload:
    """Distinct profile texts and their vectors (encoded or read back); some profiles are held
    out of the index as queries, next to the vectors of typed search texts."""
    documents, per_kind = PLAN[ctx.size.name]
    choice: dict[str, Any] = {"embedding_encoder": ctx.size.encoder}
    encoder = load_encoder(Settings(**choice))
    started = time.perf_counter()
    texts, generated = profile_texts(documents + per_kind)
    ctx.log(f"  {len(texts):,} distinct profile texts from {generated:,} generated profiles")
    vectors, encoding = encoded(encoder, texts, ctx.root / "ann", ctx.log)
    held = sorted(random.Random(f"{CORPUS_SEED}-ann-held-out").sample(range(len(texts)), per_kind))
    kept = np.ones(len(texts), dtype=bool)
    kept[held] = False
    typed = typed_texts(per_kind)
    workload = Workload(
        unit_rows(vectors[kept]),
        {"typed": unit_rows(encoder.encode(typed)), "held_out": unit_rows(vectors[held])},
    )
    result.details.update(
        documents=len(workload.matrix),
        dim=int(workload.matrix.shape[1]),
        profiles_generated=generated,
        distinct_texts=len(texts),
        repeated_texts_dropped=generated - len(texts),
        queries={kind: len(q) for kind, q in workload.queries.items()},
        typed_examples=typed[:5],
        encoding=encoding,
        preparation_s=round(time.perf_counter() - started, 1),
    )
    return workload


def _check_ids(
    result: ScenarioResult, client: Elasticsearch, name: str, workload: Workload
) -> None:
    """Elasticsearch's exact search over the same rows must find numpy's top-10: the ids the
    engine answers with are the rows numpy scored."""
    started = time.perf_counter()
    load_exact_copy(client, name, workload.matrix)
    checks: dict[str, Any] = {"load_s": round(time.perf_counter() - started, 1)}
    exact = KnnSetting(K, K)
    for kind, vectors in workload.queries.items():
        found = run_queries(client, name, (exact.body(v) for v in vectors[:EXACT_CHECKS]))
        checks[kind] = {**workload.judge(kind, found), "took": latency_summary(found.took_s)}
        result.add(
            Figure(
                f"recall@{K} of Elasticsearch's exact search (id check), {QUERY_KINDS[kind]}",
                checks[kind]["mean"],
                "",
                better="higher",
                note=f"{checks[kind]['queries']} queries on a copy with a `flat` (brute-force, "
                f"float) vector field; min {checks[kind]['min']}, "
                f"{checks[kind]['mean_counting_ties']} counting equal cosines",
            )
        )
    result.details["exact_search"] = checks
    client.indices.delete(index=name)


def _measure(
    ctx: Context,
    result: ScenarioResult,
    client: Elasticsearch,
    index: str,
    workload: Workload,
    *,
    merged: bool,
) -> None:
    """recall@10 and latency of every kNN setting on the index as it is now."""
    state = "1 segment" if merged else "as loaded"
    suffix = ", force-merged to 1 segment" if merged else ""
    segments = _segments(client, index)
    ctx.log(f"  kNN on {len(workload.matrix):,} vectors, {state} ({segments} segments)")
    settings = knn_settings()
    warm = np.concatenate(list(workload.queries.values()))[:WARM_UP]
    run_queries(client, index, (settings[0].body(v) for v in warm), timed=False)
    measured: dict[str, Any] = {"segments": segments}
    for setting in settings:
        row: dict[str, Any] = {}
        timings = EngineRun()
        for kind, vectors in workload.queries.items():
            found = run_queries(client, index, (setting.body(v) for v in vectors))
            timings.took_s += found.took_s
            timings.wall_s += found.wall_s
            stats = row[kind] = workload.judge(kind, found)
            result.add(
                Figure(
                    f"recall@{K}, {QUERY_KINDS[kind]}, {setting.label}{suffix}",
                    stats["mean"],
                    "",
                    better="higher",
                    limit="HNSW graph search over int8-quantised vectors",
                    note=f"p10 {stats['p10']}, min {stats['min']}, over {stats['queries']} "
                    f"queries; worst hit below the exact 10th cosine by {stats['shortfall_mean']}"
                    f" on average, {stats['shortfall_max']} at most; {segments} segments",
                )
            )
        row["wall"] = latency_summary(timings.wall_s)
        row["took"] = latency_summary(timings.took_s)
        measured[setting.label] = row
        for name in ("p50", "p95"):
            result.add(
                Figure(
                    f"kNN latency {name}, {setting.label}{suffix}",
                    row["wall"][f"{name}_ms"],
                    "ms",
                    limit="Elasticsearch CPU (2 cores shared with the bench)",
                    note=f"wall clock from the bench process, {row['wall']['count']} queries; "
                    f"Elasticsearch's took {name} {row['took'][f'{name}_ms']} ms",
                )
            )
        if setting.service and not merged:
            # The relevance floor (kNN `similarity`) is compared with these int8 scores.
            error = max(row[kind]["max_cosine_error"] for kind in workload.queries)
            result.add(
                Figure(
                    "largest error of a kNN hit's cosine (int8 score against float cosine)",
                    error,
                    "",
                    limit="int8 quantisation",
                    note="|cosine from the kNN _score - numpy's float32 cosine of the same row|",
                )
            )
    result.details[state] = measured
