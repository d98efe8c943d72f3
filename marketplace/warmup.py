"""Everything a first request would otherwise wait for, done before the service says it is
ready: the embedding runtime, the search indices and the concept vectors behind the profile
builder's suggestions (about half a minute to compute on a first start, read back from the
vector cache afterwards)."""

from __future__ import annotations

import logging
import time

from marketplace.container import Services
from marketplace.taxonomy.suggest import semantic_index
from search.base import INDEX_KINDS

log = logging.getLogger("marketplace.warmup")


def prepare(services: Services) -> float:
    """Warm every lazily built part; returns the seconds it took."""
    started = time.perf_counter()
    log.info("preparing: loading the embedding model")
    services.encoder().encode(["työpaikka"])  # the first inference initialises the runtime
    log.info("preparing: opening the search indices")
    for kind in INDEX_KINDS:
        services.search.count(kind)
    log.info(
        "preparing: skill and occupation vectors for suggestions (first start: up to a minute)"
    )
    semantic_index(services.indexer.encoder())
    took = time.perf_counter() - started
    log.info("prepared in %.1f s", took)
    return took
