"""Full reindex (`Indexer.reindex`, as `marketplace reindex` runs it) with and without cached
vectors, on a scratch copy of the corpus so the stored one is never touched.

With the cache, a reindex reads every row, composes its text, looks the vector up in the
service's embedding cache and writes a new index generation. Without it, every text goes
through the model: at the sizes where that takes hours (see the ingest scenario's texts/s), a
sample of `UNCACHED_SAMPLE` documents is encoded and the full time is extrapolated from it,
which the figure's note says.
"""

from __future__ import annotations

import time
from itertools import chain, islice

from sqlalchemy import delete, func, select

from bench.context import Context
from bench.corpus import drop_elasticsearch_indices
from bench.results import Figure, ScenarioResult
from marketplace.container import build_container
from marketplace.db import session_scope
from marketplace.indexing.models import EmbeddingCacheEntry
from search.base import INDEX_KINDS, batched

# Documents encoded without the cache when the whole index is larger than this.
UNCACHED_SAMPLE = 1000


def run(ctx: Context, result: ScenarioResult) -> None:
    """Time a cached full reindex of both indices, then an uncached one."""
    ctx.require_backend()
    source = ctx.corpus()
    scratch = source.copy_to(ctx.scratch / "reindex")
    container = build_container(scratch.settings())
    indexer, search = container.indexer, container.search
    factory = container.session_factory
    try:
        with factory() as session:
            cached = session.scalar(select(func.count()).select_from(EmbeddingCacheEntry))
        result.details["cached_vectors"] = cached
        total = 0.0
        counts: dict[str, int] = {}
        for kind in INDEX_KINDS:
            started = time.perf_counter()
            counts[kind] = indexer.reindex(kind)
            seconds = time.perf_counter() - started
            total += seconds
            result.details[f"{kind} cached"] = {"documents": counts[kind], "s": round(seconds, 1)}
        result.add(
            Figure(
                "full reindex, cached vectors",
                round(total, 1),
                "s",
                limit="Python text composition and database reads; engine writes",
                note=", ".join(f"{k} {n}" for k, n in counts.items()),
            )
        )

        with session_scope(factory) as session:
            session.execute(delete(EmbeddingCacheEntry))
        documents = sum(counts.values())
        sample = min(documents, UNCACHED_SAMPLE)
        started = time.perf_counter()
        if sample == documents:
            for kind in INDEX_KINDS:
                indexer.reindex(kind)
        else:
            # A partial generation is swapped in on the scratch copy only.
            docs = chain.from_iterable(batch.docs for batch in indexer.documents("profiles"))
            search.reindex("profiles", batched(islice(docs, sample)))
        seconds = time.perf_counter() - started
        estimate = seconds / sample * documents
        result.details["uncached"] = {
            "documents_encoded": sample,
            "s": round(seconds, 1),
            "extrapolated_s": round(estimate, 1),
        }
        result.add(
            Figure(
                "full reindex, no cached vectors",
                round(estimate, 1),
                "s",
                limit="model compute",
                note="measured"
                if sample == documents
                else f"extrapolated from {sample} profile documents in {seconds:.0f} s",
            )
        )
    finally:
        search.close()
        container.engine.dispose()
        if scratch.backend == "elasticsearch":
            drop_elasticsearch_indices(scratch)
