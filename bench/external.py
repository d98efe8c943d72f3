"""Relevance of search on public data nobody here wrote: ESCO occupations (`bench.esco`).

`python -m bench.external --backend embedded|elasticsearch [--es-url URL] [--queries N]
[--json PATH]` measures nDCG@10, precision@5 and MRR of four ways of searching, and prints a
Markdown table; the figures go to `bench/results/external-esco-<backend>.json` by default.

Method:

- Documents: every ESCO occupation's description, and never its titles, is one search document
  of the profile index: `fields={"title": "", "body": description}`, the keyword
  `occupation=[str(i)]` (i = its position in the file) and the packaged encoder's vector of the
  description. The index lives in a temporary folder (embedded) or behind a prefix of its own,
  `external-eval-<pid>`, whose indices are deleted afterwards (Elasticsearch).
- Queries: an occupation's preferred title (`bench.esco.preferred_title`). The sample is
  deterministic: every k-th occupation in file order, k = occupations // N, the first N of them
  (default 600).
- Judgements: grade 2 for the occupation itself; grade 1 for every other occupation whose
  titles contain the query as a whole phrase (word boundaries, case-insensitive): occupations
  that list the same job title, a structure of the data itself. The titles are run together in
  the data, so a phrase may in rare cases span the end of one title and the start of the next.
- Modes: "bm25", "vector" and "hybrid" (the backend's own RRF) send
  `SearchRequest(text=query, vector=<query vector>, mode=mode, limit=10, highlight=False)`
  without a similarity floor, which measures ranking alone on the raw title. The "service"
  modes and "hybrid + structured" all send the one request the service prepares for a typed
  query, in the mode named ("service hybrid, RRF only" without the preferences), as
  `bench.relevance` does on the demo set: `typed_request` over `read_typed(query)` with the model's
  calibrated query floor (`matching.calibration.floors_for`). That adds the Finnish labels of
  the taxonomy concepts the query names to its text, the concepts as preferences (whose codes
  no ESCO document holds, so they boost nothing), and a vector of the basic-form text that
  counts only above the floor (so fewer than 10 hits may come back). A word read as a Finnish
  municipality leaves the text; with other words the place becomes a preference (no ESCO
  document has a municipality, so it boosts nothing), alone it becomes a municipality filter
  that finds nothing here. That is the service's behaviour, kept and counted, not worked
  around: the report lists the queries read to name a place and counts those filtered by it,
  and those with a word no description holds that was read as a close word that some do
  (`marketplace.indexing.queries.read_typed`).
- Metrics, mean over the queries: nDCG@10 (`matching.relevance.evaluate`, exponential gain);
  precision@5, the share of the top 5 with grade >= 1, a missing result counting as not
  relevant; MRR, the reciprocal rank of the grade-2 document in the top 10 (0 when absent).

The project's text analysis is the Finnish one (Snowball Finnish stemmer and stop words) on both
backends; on this English text it is used as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from bench.esco import Occupation, occupations, preferred_title
from marketplace.config import Settings
from marketplace.container import load_encoder
from marketplace.indexing.queries import read_typed, typed_request
from matching.calibration import floors_for
from matching.embeddings import Encoder
from matching.relevance import JudgedQuery, evaluate
from search.base import (
    INDEX_KINDS,
    IndexKind,
    SearchBackend,
    SearchDocument,
    SearchMode,
    SearchRequest,
    batched,
)
from search.elasticsearch import ElasticsearchBackend
from search.embedded import EmbeddedBackend

PLAIN_MODES: tuple[SearchMode, ...] = ("bm25", "vector", "hybrid")
STRUCTURED = "hybrid + structured"
# The service's own query path in each mode, as `bench.relevance` measures the demo set.
SERVICE_MODES: dict[str, tuple[SearchMode, bool]] = {
    "service bm25": ("bm25", False),
    "service vector": ("vector", False),
    "service hybrid, RRF only": ("hybrid", False),
    STRUCTURED: ("hybrid", True),
}
MODES: tuple[str, ...] = (*PLAIN_MODES, *SERVICE_MODES)
DEFAULT_QUERIES = 600
DEFAULT_ES_URL = "http://127.0.0.1:9200"
K = 10
PRECISION_K = 5
CHUNK = 500
KIND: IndexKind = "profiles"
# Any fixed time: the ranking never reads it, and a fixed one keeps runs identical.
UPDATED_AT = datetime(2024, 1, 1, tzinfo=UTC)
RESULTS = Path(__file__).resolve().parent / "results"
METHOD = __doc__ or ""


@dataclass
class ModeScores:
    """Mean metrics of one mode over the judged queries."""

    ndcg: float
    precision: float
    mrr: float
    mean_hits: float
    queries: int


@dataclass
class ExternalReport:
    """Scores per mode with the sizes, the method and the time it took."""

    backend: str
    model_id: str
    documents: int
    queries: int
    grade1_judgements: int
    query_floor: float
    method: str = METHOD
    scores: dict[str, ModeScores] = field(default_factory=dict)
    # Queries of "hybrid + structured" read to name a municipality, those filtered by it (which
    # find nothing here), and those in which nothing could be evidence (no request at all).
    place_named: list[str] = field(default_factory=list)
    place_filtered: int = 0
    unsearchable: int = 0
    # Queries with a word no document held, read as a close word (a typing error).
    corrected: list[str] = field(default_factory=list)
    # The best mean precision@5 any ranking could reach: most queries have few relevant ids.
    precision_ceiling: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)

    def hybrid_wins(self) -> bool:
        """Whether plain hybrid beats plain BM25 and plain vector on nDCG@10."""
        return all(self.scores["hybrid"].ndcg > self.scores[m].ndcg for m in ("bm25", "vector"))

    def service_hybrid_wins(self) -> bool:
        """Whether the service's hybrid beats its BM25 and its vector search on nDCG@10."""
        best = self.scores[STRUCTURED].ndcg
        return all(best > self.scores[m].ndcg for m in ("service bm25", "service vector"))

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        data = asdict(self)
        data["hybrid_wins"] = self.hybrid_wins()
        data["service_hybrid_wins"] = self.service_hybrid_wins()
        return data


def sample_indices(total: int, queries: int) -> list[int]:
    """Every k-th index of `total` (k = total // queries), the first `queries` of them."""
    step = max(1, total // max(1, queries))
    return list(range(0, total, step))[:queries]


def _phrase(title: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(title)}\b", re.IGNORECASE)


def judge(found: Sequence[Occupation], indices: Sequence[int]) -> list[JudgedQuery]:
    """One judged query per index: its preferred title, grade 2 for itself and 1 for every
    other occupation whose titles hold that title as a whole phrase."""
    judged: list[JudgedQuery] = []
    for i in indices:
        title = preferred_title(found[i])
        pattern = _phrase(title)
        relevant: dict[Any, float] = {
            j: 1.0 for j, other in enumerate(found) if j != i and pattern.search(other.titles)
        }
        relevant[i] = 2.0
        judged.append(JudgedQuery(id=str(i), query=title, relevant=relevant))
    return judged


def build_documents(found: Sequence[Occupation], vectors: np.ndarray) -> list[SearchDocument]:
    """One search document per occupation from its description only, never its titles."""
    return [
        SearchDocument(
            id=i,
            updated_at=UPDATED_AT,
            fields={"title": "", "body": occupation.description},
            keywords={"occupation": [str(i)]},
            vector=vectors[i],
        )
        for i, occupation in enumerate(found)
    ]


def _open_backend(backend: str, directory: Path, es_url: str, dim: int) -> SearchBackend:
    if backend == "embedded":
        return EmbeddedBackend(directory, dim=dim)
    if backend == "elasticsearch":
        # A prefix of its own, so a running service's indices are never touched.
        return ElasticsearchBackend(
            es_url, prefix=f"external-eval-{os.getpid()}", dim=dim, timeout=30.0
        )
    raise ValueError(f"unknown backend {backend!r}")


def drop_indices(search: SearchBackend) -> None:
    """Delete an Elasticsearch backend's indices (an embedded one lives in its folder)."""
    if not isinstance(search, ElasticsearchBackend):
        return
    for kind in INDEX_KINDS:
        alias = search.alias(kind)
        if search.client.indices.exists_alias(name=alias):
            for name in search.client.indices.get_alias(name=alias):
                search.client.indices.delete(index=name)


def precision_at(ranked: Sequence[int], relevant: dict[Any, float], k: int = PRECISION_K) -> float:
    """Share of the top k with grade >= 1; missing results count as not relevant."""
    return sum(1 for doc_id in ranked[:k] if relevant.get(doc_id, 0.0) >= 1.0) / k


def reciprocal_rank(ranked: Sequence[int], target: int, k: int = K) -> float:
    """1 / rank of `target` in the top k, 0.0 when it is not there."""
    for rank, doc_id in enumerate(ranked[:k], start=1):
        if doc_id == target:
            return 1.0 / rank
    return 0.0


def precision_ceiling(judged: Sequence[JudgedQuery], k: int = PRECISION_K) -> float:
    """The best mean precision@k any ranking could reach with these judgements."""
    if not judged:
        return 0.0
    return round(sum(min(len(q.relevant), k) / k for q in judged) / len(judged), 4)


def _score(judged: Sequence[JudgedQuery], ranked: dict[str, list[int]]) -> ModeScores:
    # `evaluate` hands over the query text; equal texts rank alike, so the text is a fine key.
    by_text = {str(q.query): ranked[q.id] for q in judged}
    result = evaluate(judged, lambda text: by_text[text], ks=(K,))
    n = len(judged)
    precision = sum(precision_at(ranked[q.id], dict(q.relevant)) for q in judged)
    mrr = sum(reciprocal_rank(ranked[q.id], int(q.id)) for q in judged)
    hits = sum(len(ranked[q.id]) for q in judged)
    return ModeScores(
        ndcg=round(result[f"ndcg@{K}"], 4),
        precision=round(precision / n, 4) if n else 0.0,
        mrr=round(mrr / n, 4) if n else 0.0,
        mean_hits=round(hits / n, 2) if n else 0.0,
        queries=int(result["queries"]),
    )


def run_evaluation(
    backend: str = "embedded",
    *,
    queries: int = DEFAULT_QUERIES,
    limit_documents: int | None = None,
    es_url: str = DEFAULT_ES_URL,
    encoder: Encoder | None = None,
    directory: Path | None = None,
    log: Callable[[str], None] = print,
) -> ExternalReport:
    """Index the ESCO descriptions (the first `limit_documents` of them, or all) and score
    every mode on the sampled title queries."""
    started = time.perf_counter()
    encoder = encoder or load_encoder(Settings())
    found = occupations()[:limit_documents]
    judged = judge(found, sample_indices(len(found), queries))
    floor = floors_for(encoder.model_id).query
    report = ExternalReport(
        backend=backend,
        model_id=encoder.model_id,
        documents=len(found),
        queries=len(judged),
        grade1_judgements=sum(len(q.relevant) - 1 for q in judged),
        query_floor=floor,
        precision_ceiling=precision_ceiling(judged),
    )
    log(f"encoding {len(found)} descriptions and {len(judged)} queries ...")
    tick = time.perf_counter()
    vectors = encoder.encode([o.description for o in found])
    query_vectors = encoder.encode([str(q.query) for q in judged])
    report.seconds["encode"] = round(time.perf_counter() - tick, 1)
    with tempfile.TemporaryDirectory(prefix="external-", dir=directory) as tmp:
        search = _open_backend(backend, Path(tmp), es_url, encoder.dim)
        try:
            tick = time.perf_counter()
            search.ensure_indices()
            indexed = search.reindex(KIND, batched(build_documents(found, vectors)))
            report.seconds["index"] = round(time.perf_counter() - tick, 1)
            log(f"indexed {indexed} documents on {backend}")
            for mode in PLAIN_MODES:
                tick = time.perf_counter()
                ranked = {
                    q.id: [
                        hit.id
                        for hit in search.search(
                            KIND,
                            SearchRequest(
                                text=str(q.query),
                                vector=query_vectors[n],
                                mode=mode,
                                limit=K,
                                highlight=False,
                            ),
                        ).hits
                    ]
                    for n, q in enumerate(judged)
                }
                report.scores[mode] = _score(judged, ranked)
                report.seconds[mode] = round(time.perf_counter() - tick, 2)
            # Every service mode gets the same prepared query: one analysis and one vector.
            prepared: dict[str, SearchRequest] = {}
            for q in judged:
                base = SearchRequest(text=str(q.query), limit=K, highlight=False)
                analysed = read_typed(search, KIND, base, str(q.query))
                if analysed.corrections:
                    report.corrected.append(str(q.query))
                common = partial(search.common_words, KIND)
                typed = typed_request(base, analysed, encoder, floor, common=common)
                if analysed.places:
                    report.place_named.append(str(q.query))
                if typed is None:
                    report.unsearchable += 1
                    continue
                if typed.terms.get("municipality"):
                    report.place_filtered += 1
                prepared[q.id] = typed
            for name, (mode, structured) in SERVICE_MODES.items():
                tick = time.perf_counter()
                ranked = {}
                for q in judged:
                    typed = prepared.get(q.id)
                    if typed is None:
                        ranked[q.id] = []
                        continue
                    req = replace(typed, mode=mode, prefer=typed.prefer if structured else {})
                    ranked[q.id] = [hit.id for hit in search.search(KIND, req).hits]
                report.scores[name] = _score(judged, ranked)
                report.seconds[name] = round(time.perf_counter() - tick, 2)
        finally:
            drop_indices(search)
            search.close()
    report.seconds["total"] = round(time.perf_counter() - started, 1)
    return report


def format_table(report: ExternalReport) -> str:
    """The figures as a Markdown table with the verdict on hybrid."""
    lines = [
        f"ESCO occupations on the {report.backend} backend: {report.documents} descriptions, "
        f"{report.queries} title queries, {report.grade1_judgements} grade-1 judgements, "
        f"model {report.model_id}",
        "",
        "| mode | nDCG@10 | P@5 | MRR |",
        "|---|---:|---:|---:|",
    ]
    for mode, s in report.scores.items():
        lines.append(f"| {mode} | {s.ndcg:.3f} | {s.precision:.3f} | {s.mrr:.3f} |")
    structured = report.scores.get(STRUCTURED)
    if structured is not None:
        lines.append(
            f"\n{STRUCTURED}: {structured.mean_hits:.2f} hits per query on average "
            f"(query floor {report.query_floor}); {len(report.place_named)} queries were read to "
            f"name a municipality {report.place_named}, {report.place_filtered} of them filtered "
            f"by it; {report.unsearchable} had nothing searchable; {len(report.corrected)} "
            f"had a word read as a typing error {report.corrected}"
        )
    lines.append(f"best reachable P@5 with these judgements: {report.precision_ceiling:.3f}")
    verdict = "beats" if report.hybrid_wins() else "does NOT beat"
    lines.append(f"raw: hybrid {verdict} both BM25 and vector on nDCG@10")
    verdict = "beats" if report.service_hybrid_wins() else "does NOT beat"
    lines.append(f"service: hybrid + structured {verdict} both its BM25 and its vector")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation from the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.external", description=__doc__)
    parser.add_argument("--backend", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--es-url", default=DEFAULT_ES_URL)
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES)
    parser.add_argument("--json", type=Path, help="where to write the figures")
    args = parser.parse_args(argv)
    report = run_evaluation(
        args.backend,
        queries=args.queries,
        es_url=args.es_url,
        log=lambda message: print(message, file=sys.stderr),
    )
    print(format_table(report))
    print(f"elapsed: {report.seconds['total']} s", file=sys.stderr)
    path = args.json or RESULTS / f"external-esco-{args.backend}.json"
    path.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
