"""The Elasticsearch backend: BM25 with the `finnish` analyzer, HNSW kNN, client-side RRF.

Each kind lives in an index `<prefix>-<kind>-<timestamp>` behind the alias `<prefix>-<kind>`;
`reindex` builds a new index and moves the alias in one atomic `update_aliases` call. An index
being built carries its rebuild checkpoint in its mapping's `_meta`; an interrupted one stays,
outside the alias, until the next `reindex` continues or discards it. Ranks are fused in the
project's own code (`matching.fusion.rrf`), so the same code runs on the core-only
integration-test distribution (no server-side RRF retriever) and on a full one.

A hybrid request is one `_msearch`: the kNN search; one query over the union of text matches
and kNN hits that yields the BM25 ranking, the exact `total` and the facets; and the snippets of
the best text matches. Hits bring back ids from doc values, never stored fields. A rebuilt
index is merged into one segment before it serves.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, UnsupportedProductError
from elasticsearch.helpers import bulk, scan
from elasticsearch.serializer import NdjsonSerializer, OrjsonSerializer

from search.base import (
    DEFAULT_DIM,
    INDEX_KINDS,
    MAX_RESULT_WINDOW,
    TEXT_FIELDS,
    Bm25Fetch,
    IndexKind,
    RebuildBatch,
    RebuildCheckpoint,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResult,
    SearchUnavailable,
    active_preferences,
    check_kind,
    check_text_fields,
    checkpoint_record,
    continues,
    delete_versions,
    following,
    normalised_vector,
    page_end,
    passes_floor,
    ranked_page,
    read_checkpoint,
    sorted_hits,
    version_of,
)
from search.mappings import (
    MAPPING_LAYOUT,
    PARTS_FIELD,
    PARTS_MAPPING,
    index_body,
    text_path,
)
from search.queries import (
    TEXT_QUERY_NAME,
    QueryPlan,
    build_es_bm25,
    build_es_highlight,
    build_es_knn,
    build_es_knn_clause,
    build_es_listing,
    build_es_preferred,
    build_es_sorted,
    build_es_text_snippets,
    build_es_word_counts,
    cosine_from_score,
    evidence_words,
    hit_id,
    knn_sizes,
    plan_request,
    preferred_fields_held,
    preferred_fields_matched,
)
from search.text import compound_parts

log = logging.getLogger(__name__)

RefreshPolicy = Literal["wait_for", "true"]

_BULK_CHUNK = 500
# A force merge answers when it is done: about 45 s for 80k profiles on two cores.
_MERGE_TIMEOUT_S = 3600.0
# Text matches a ranked search highlights in its one round trip; a page hit ranked past them
# by text (lifted by its vector rank) gets its snippets from one request more.
SNIPPET_WINDOW = 50
# Statuses that mean "the engine cannot answer now" rather than "the request is wrong".
_UNAVAILABLE_STATUSES = {404, 408, 429, 500, 502, 503, 504}


def snippet_window(end: int, prefetch: int) -> int:
    """How many of the best text matches a ranked search highlights, for a page ending at
    `end`: twice the page reach, at least `SNIPPET_WINDOW`, never more than the prefetch."""
    return min(prefetch, max(SNIPPET_WINDOW, 2 * end))


def _source(doc: SearchDocument, dim: int) -> dict[str, Any]:
    check_text_fields(doc)
    source: dict[str, Any] = {
        "id": doc.id,
        "updated_at": doc.updated_at.isoformat(),
        "text": {name: value for name, value in doc.fields.items() if value},
        "kw": {name: sorted(set(values)) for name, values in doc.keywords.items() if values},
        "date": {name: value.isoformat() for name, value in doc.dates.items() if value is not None},
    }
    heads = compound_parts(doc.fields.values())
    if heads:
        source["text"][PARTS_FIELD] = heads
    vector = normalised_vector(doc.vector, dim)
    if vector is not None:
        source["vector"] = vector.tolist()
    return source


def _versioned(doc_id: int, version: int) -> dict[str, Any]:
    """Bulk metadata of a write that Elasticsearch applies only over an older version."""
    return {"_id": str(doc_id), "version": version, "version_type": "external_gte"}


def _snippets(highlight: dict[str, Any]) -> dict[str, list[str]]:
    """A hit's `highlight` section keyed by the contract's field names."""
    paths = {text_path(name): name for name in TEXT_FIELDS}
    return {paths[path]: list(highlight[path]) for path in paths if path in highlight}


def _facets(response: Any, fields: tuple[str, ...]) -> dict[str, dict[str, int]]:
    aggregations = response.get("aggregations", {})
    return {
        name: {
            str(bucket["key"]): int(bucket["doc_count"])
            for bucket in aggregations.get(name, {}).get("buckets", [])
        }
        for name in fields
    }


# What the service reads of a search answer. Leaving out the rest (each hit's index name and
# id, shard counts) keeps a ranked search's answer about a fifth smaller.
_ANSWER_PATHS = [
    "hits.total",
    "hits.hits._score",
    "hits.hits.fields",
    "hits.hits.matched_queries",
    "hits.hits.highlight",
    "aggregations",
]


def _with_hits(response: dict[str, Any]) -> dict[str, Any]:
    """A filtered answer with no hits leaves `hits.hits` out; put the empty list back."""
    response.setdefault("hits", {}).setdefault("hits", [])
    return response


class _OrjsonNdjsonSerializer(NdjsonSerializer):
    """The NDJSON of `_bulk` and `_msearch` (vectors, mostly) written and read by orjson."""

    def json_dumps(self, data: Any) -> bytes:
        return orjson.dumps(data, default=self.default, option=orjson.OPT_SERIALIZE_NUMPY)

    def json_loads(self, data: bytes) -> Any:
        return orjson.loads(data)


# The standard library's json took 7 ms to read one ranked search's answer (~140 kB), orjson 2.
_SERIALIZERS = {
    "application/json": OrjsonSerializer(),
    "application/x-ndjson": _OrjsonNdjsonSerializer(),
}


# How long the counts of documents holding a word are reused: they move slowly (this process's
# own writes drop them sooner, see below), and asking for them with every search would add a
# round trip to each.
WORD_COUNT_SECONDS = 600.0
# Words counted per request when preparing many (`prepare_words`).
PREPARED_WORDS_PER_REQUEST = 500
# Words remembered per index before the counts start over.
MAX_COUNTED_WORDS = 50_000
# Counts are dropped once this process has written this share of an index's documents since
# they were taken: one save moves a word's share by 1 / documents, which only matters in a
# small index, and dropping them on every save would cost each search after it a round trip.
RECOUNT_AFTER_WRITTEN = 0.01


class _WordCounts:
    """How many documents of each index hold each query word, and how many there are; each
    count is kept for `WORD_COUNT_SECONDS`, and all are forgotten once this process has written
    `RECOUNT_AFTER_WRITTEN` of the index."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # kind -> documents in the index, word -> (when counted, documents holding it), and
        # documents written since
        self._rows: dict[str, int] = {}
        self._held: dict[str, dict[str, tuple[float, int]]] = {}
        self._written: dict[str, int] = {}

    def known(self, kind: str, words: Sequence[str]) -> tuple[int, list[int]] | None:
        """(documents, holding per word) when every word's count is fresh, else None."""
        oldest = time.monotonic() - WORD_COUNT_SECONDS
        with self._lock:
            held = self._held.get(kind, {})
            counts = [held.get(word) for word in words]
            rows = self._rows.get(kind)
        if rows is None or any(count is None or count[0] < oldest for count in counts):
            return None
        return rows, [count[1] for count in counts if count is not None]

    def add(self, kind: str, rows: int, holding: Mapping[str, int]) -> None:
        now = time.monotonic()
        with self._lock:
            held = self._held.setdefault(kind, {})
            if len(held) + len(holding) > MAX_COUNTED_WORDS:
                held.clear()
            held.update({word: (now, count) for word, count in holding.items()})
            self._rows[kind] = rows

    def written(self, kind: str, documents: int) -> None:
        """Count a write of `documents`; the counts go once they may have moved."""
        with self._lock:
            written = self._written[kind] = self._written.get(kind, 0) + documents
            moved = written > RECOUNT_AFTER_WRITTEN * self._rows.get(kind, 0)
        if moved:
            self.forget(kind)

    def forget(self, kind: str) -> None:
        with self._lock:
            self._held.pop(kind, None)
            self._rows.pop(kind, None)
            self._written.pop(kind, None)


class ElasticsearchBackend:
    """SearchBackend on an Elasticsearch 8 cluster."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        prefix: str = "marketplace",
        dim: int = DEFAULT_DIM,
        timeout: float = 5.0,
        refresh_policy: RefreshPolicy = "true",
        checkpoint_interval: float = 5.0,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.dim = dim
        # A checkpoint is a mapping update, a cluster-state change (~65 ms here): after every
        # batch it would add about a tenth to a rebuild, so a rebuild records one at most this
        # often (and when it stops on an exception).
        self.checkpoint_interval = checkpoint_interval
        # "true" refreshes at once (~20 ms; the engine merges the small segments later);
        # "wait_for" rides on the next scheduled refresh (up to 1 s per write) and keeps
        # segments large, for write rates well above one per second.
        self.refresh_policy = refresh_policy
        self._word_counts = _WordCounts()
        self.client = Elasticsearch(
            url,
            request_timeout=timeout,
            retry_on_timeout=True,
            max_retries=1,
            serializers=_SERIALIZERS,
        )

    def alias(self, kind: IndexKind) -> str:
        """The alias every read and write of `kind` goes through."""
        return f"{self.prefix}-{check_kind(kind)}"

    @contextmanager
    def _engine(self) -> Iterator[None]:
        """Turn connection failures, timeouts and overload into SearchUnavailable."""
        try:
            yield
        except (TransportError, UnsupportedProductError) as exc:
            raise SearchUnavailable(f"Elasticsearch at {self.url} is not answering: {exc}") from exc
        except ApiError as exc:
            if exc.meta.status in _UNAVAILABLE_STATUSES:
                raise SearchUnavailable(f"Elasticsearch cannot answer: {exc}") from exc
            raise

    def _new_index(
        self,
        kind: IndexKind,
        *,
        bulk_load: bool,
        aliased: bool = False,
        rebuild: RebuildCheckpoint | None = None,
    ) -> str:
        name = f"{self.alias(kind)}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
        body = index_body(self.dim, bulk_load=bulk_load)
        body["mappings"]["_meta"] = self._meta(rebuild)
        if aliased:
            body["aliases"] = {self.alias(kind): {}}
        self.client.indices.create(index=name, **body)
        return name

    def ensure_indices(self) -> None:
        """Create an index and its alias for every kind that has no alias yet."""
        with self._engine():
            for kind in INDEX_KINDS:
                if self.client.indices.exists_alias(name=self.alias(kind)):
                    # Indices made before the parts field get it (a strict mapping would refuse
                    # the writes); their documents gain parts when written or reindexed.
                    self.client.indices.put_mapping(
                        index=self.alias(kind),
                        properties={"text": {"properties": {PARTS_FIELD: PARTS_MAPPING}}},
                    )
                    continue
                self._new_index(kind, bulk_load=False, aliased=True)

    def index(
        self, kind: IndexKind, docs: Sequence[SearchDocument], *, refresh: bool = True
    ) -> None:
        """Upsert documents; with `refresh` the call returns once they are searchable."""
        if not docs:
            return
        operations: list[dict[str, Any]] = []
        for doc in docs:
            operations += [
                {"index": _versioned(doc.id, version_of(doc.updated_at))},
                _source(doc, self.dim),
            ]
        self._word_counts.written(kind, len(docs))
        self._bulk(kind, operations, refresh)

    def delete(
        self,
        kind: IndexKind,
        ids: Sequence[int],
        *,
        refresh: bool = True,
        as_of: Mapping[int, datetime] | None = None,
    ) -> None:
        """Remove documents; with `refresh` they are gone from search when this returns."""
        if not ids:
            return
        versions = delete_versions(ids, as_of)
        self._word_counts.written(kind, len(versions))
        self._bulk(kind, [{"delete": _versioned(i, v)} for i, v in versions.items()], refresh)

    def _bulk(self, kind: IndexKind, operations: list[dict[str, Any]], refresh: bool) -> None:
        with self._engine():
            response = self.client.bulk(
                index=self.alias(kind),
                operations=operations,
                refresh=self.refresh_policy if refresh else False,
                # Without the alias a write would auto-create a concrete index in its place.
                require_alias=True,
            )
        if not response["errors"]:
            return
        # A delete of a missing document reports "not_found" without an error: that is fine.
        items = [item for entry in response["items"] for item in entry.values()]
        # A version conflict means the engine holds a newer state of the row: nothing to do.
        failed = [item for item in items if "error" in item and item.get("status") != 409]
        if failed and all(item.get("status") in _UNAVAILABLE_STATUSES for item in failed):
            raise SearchUnavailable(f"Elasticsearch could not write: {failed[0]['error']}")
        if failed:
            raise RuntimeError(f"Elasticsearch rejected {len(failed)} operations: {failed[0]}")

    def reindex(
        self,
        kind: IndexKind,
        batches: Iterable[RebuildBatch],
        *,
        checkpoint: RebuildCheckpoint | None = None,
    ) -> int:
        """Bulk-load a new index (or go on with the unfinished one), move the alias to it
        atomically, delete the old indices."""
        alias = self.alias(kind)
        with self._engine():
            name, checkpoint = self._open_build(kind, checkpoint)
            recorded, saved_at = checkpoint, time.monotonic()
            try:
                for batch in following(batches, checkpoint.last_id):
                    bulk(self.client, self._actions(name, batch.docs), chunk_size=_BULK_CHUNK)
                    checkpoint = replace(checkpoint, last_id=batch.last_id)
                    if time.monotonic() - saved_at >= self.checkpoint_interval:
                        self._save_checkpoint(name, checkpoint)
                        recorded, saved_at = checkpoint, time.monotonic()
            except BaseException:
                if checkpoint != recorded:
                    # Best effort: the engine may be what failed; the last checkpoint stands.
                    with suppress(Exception):
                        self._save_checkpoint(name, checkpoint)
                raise
            self._merge(name)
            self.client.indices.put_settings(
                index=name, settings={"index": {"refresh_interval": "1s"}}
            )
            self.client.indices.refresh(index=name)
            count = int(self.client.count(index=name)["count"])
            self._save_checkpoint(name, None)
            old = (
                list(self.client.indices.get_alias(name=alias))
                if self.client.indices.exists_alias(name=alias)
                else []
            )
            actions_alias: list[dict[str, Any]] = [
                {"remove": {"index": index, "alias": alias}} for index in old
            ]
            actions_alias.append({"add": {"index": name, "alias": alias}})
            self.client.indices.update_aliases(actions=actions_alias)
            self._word_counts.forget(kind)
            for index in old:
                self.client.indices.delete(index=index, ignore_unavailable=True)
        return count

    def _merge(self, name: str) -> None:
        """Merge a freshly built index into one segment before it serves. A bulk load leaves
        several segments, and every search walks each one's HNSW graph and terms: at 100k
        profiles a search's kNN took twice as long over 7 segments as over one. Later writes
        add small segments, which the engine merges as usual."""
        log.info("%s: merging the new index into one segment", name)
        self.client.options(request_timeout=_MERGE_TIMEOUT_S).indices.forcemerge(
            index=name, max_num_segments=1
        )

    def _actions(self, name: str, docs: Sequence[SearchDocument]) -> Iterator[dict[str, Any]]:
        for doc in docs:
            yield {
                "_index": name,
                **_versioned(doc.id, version_of(doc.updated_at)),
                "_source": _source(doc, self.dim),
            }

    def _open_build(
        self, kind: IndexKind, checkpoint: RebuildCheckpoint | None
    ) -> tuple[str, RebuildCheckpoint]:
        """The index to write: the unfinished one when `checkpoint` continues it, else a new
        one (the unfinished one is deleted)."""
        kept = self._kept(kind)
        if continues(kept[1] if kept else None, checkpoint) and kept is not None:
            return kept
        self._discard(kind)
        checkpoint = checkpoint or RebuildCheckpoint(started_at=datetime.now(UTC))
        return self._new_index(kind, bulk_load=True, rebuild=checkpoint), checkpoint

    def _meta(self, rebuild: RebuildCheckpoint | None) -> dict[str, Any]:
        """An index's `_meta`: its layout and, while it is being built, the checkpoint."""
        meta: dict[str, Any] = {"layout": MAPPING_LAYOUT}
        if rebuild is not None:
            meta["rebuild"] = checkpoint_record(rebuild, self.dim, MAPPING_LAYOUT)
        return meta

    def _save_checkpoint(self, name: str, rebuild: RebuildCheckpoint | None) -> None:
        # `_meta` is replaced whole, so a finished index drops its checkpoint.
        self.client.indices.put_mapping(index=name, meta=self._meta(rebuild))

    def _not_serving(self, kind: IndexKind) -> dict[str, dict[str, Any]]:
        """The indices of `kind` the alias does not point to, newest first, with their `_meta`."""
        alias = self.alias(kind)
        mappings = self.client.indices.get_mapping(index=f"{alias}-*")
        serving = (
            set(self.client.indices.get_alias(name=alias))
            if self.client.indices.exists_alias(name=alias)
            else set()
        )
        return {
            name: dict(mappings[name]["mappings"].get("_meta", {}))
            for name in sorted(mappings, reverse=True)
            if name not in serving
        }

    def _kept(self, kind: IndexKind) -> tuple[str, RebuildCheckpoint] | None:
        """The newest unfinished index and its checkpoint."""
        for name, meta in self._not_serving(kind).items():
            if "rebuild" in meta:
                return name, read_checkpoint(meta["rebuild"], self.dim, MAPPING_LAYOUT)
        return None

    def unfinished_rebuild(self, kind: IndexKind) -> RebuildCheckpoint | None:
        """The checkpoint of the kept unfinished rebuild, if any."""
        with self._engine():
            kept = self._kept(kind)
        return None if kept is None else kept[1]

    def discard_unfinished(self, kind: IndexKind) -> None:
        """Delete the unfinished rebuild's index, if any."""
        with self._engine():
            self._discard(kind)

    def _discard(self, kind: IndexKind) -> None:
        # Every index outside the alias goes: the unfinished one and any a crash left behind.
        names = list(self._not_serving(kind))
        if names:
            self.client.indices.delete(index=",".join(names), ignore_unavailable=True)

    def count(self, kind: IndexKind) -> int:
        """Number of documents behind the alias."""
        with self._engine():
            return int(self.client.count(index=self.alias(kind))["count"])

    def ids(self, kind: IndexKind) -> set[int]:
        """Ids of all documents behind the alias."""
        with self._engine():
            return {
                int(hit["_id"])
                for hit in scan(
                    self.client,
                    index=self.alias(kind),
                    query={"query": {"match_all": {}}, "_source": False},
                    size=1000,
                )
            }

    def search(self, kind: IndexKind, req: SearchRequest) -> SearchResult:
        """Run a request following the contract of `search.base`."""
        plan = plan_request(req)
        with self._engine():
            if plan.listing:
                return self._listing(kind, req)
            if req.sort is not None:
                return self._sorted(kind, req, plan)
            return self._ranked(kind, req, plan)

    def _search(self, kind: IndexKind, body: dict[str, Any]) -> Any:
        # The builders produce request bodies as the REST API documents them, so they go in whole.
        response = self.client.search(
            index=self.alias(kind), body=body, filter_path=_ANSWER_PATHS
        ).body
        return _with_hits(response)

    def _listing(self, kind: IndexKind, req: SearchRequest) -> SearchResult:
        response = self._search(kind, build_es_listing(req))
        return SearchResult(
            total=int(response["hits"]["total"]["value"]),
            hits=[SearchHit(id=hit_id(hit), score=0.0) for hit in response["hits"]["hits"]],
            facets=_facets(response, req.facets),
        )

    def _msearch(self, kind: IndexKind, bodies: list[dict[str, Any]]) -> list[Any]:
        """Several searches in one round trip; the engine runs them side by side."""
        if len(bodies) <= 1:
            return [self._search(kind, body) for body in bodies]
        searches: list[dict[str, Any]] = []
        for body in bodies:
            searches += [{}, body]
        responses = self.client.msearch(
            index=self.alias(kind),
            searches=searches,
            filter_path=[f"responses.{path}" for path in (*_ANSWER_PATHS, "error", "status")],
        ).body["responses"]
        for response in responses:
            if "error" in response:
                status = int(response.get("status", 500))
                if status in _UNAVAILABLE_STATUSES:
                    raise SearchUnavailable(f"Elasticsearch cannot answer: {response['error']}")
                raise RuntimeError(f"Elasticsearch refused a search: {response['error']}")
        return [_with_hits(response) for response in responses]

    def prepare_words(self, kind: IndexKind, words: Sequence[str]) -> None:
        """Count the documents holding each word now, so that searches naming them send no
        request of their own for it (about 0.4 s for the taxonomy's 4 300 words at 10k)."""
        distinct = list(dict.fromkeys(words))
        with self._engine():
            for start in range(0, len(distinct), PREPARED_WORDS_PER_REQUEST):
                self._count_words(kind, distinct[start : start + PREPARED_WORDS_PER_REQUEST])

    def _counted(
        self, kind: IndexKind, words: Sequence[str], req: SearchRequest | None = None
    ) -> tuple[int, dict[str, int]]:
        """Documents (passing `req`'s filters when given) and, per word, those holding it."""
        response = self._search(kind, build_es_word_counts(words, req))
        buckets = response.get("aggregations", {}).get("holding", {}).get("buckets", {})
        holding = {word: int(buckets.get(word, {}).get("doc_count", 0)) for word in words}
        return int(response["hits"]["total"]["value"]), holding

    def _count_words(self, kind: IndexKind, words: Sequence[str]) -> tuple[int, dict[str, int]]:
        """Documents in the index and, per word, those holding it; kept for later searches."""
        rows, holding = self._counted(kind, words)
        self._word_counts.add(kind, rows, holding)
        return rows, holding

    def holding(self, kind: IndexKind, req: SearchRequest, words: Sequence[str]) -> dict[str, int]:
        """How many documents passing `req`'s filters the text match finds on each word (see
        `search.base`); one request, not kept: filtered counts are not the index's."""
        distinct = list(dict.fromkeys(words))
        if not distinct:
            return {}
        with self._engine():
            return self._counted(kind, distinct, req)[1]

    def common_words(self, kind: IndexKind, req: SearchRequest) -> frozenset[str]:
        """The words of `req.text` common in this index now (see `search.base`); the counts
        behind it are kept, so the search that follows asks for none."""
        plan = plan_request(req)
        with self._engine():
            evidence = self._evidence(kind, plan, named=False)
        return frozenset(plan.tokens).difference(evidence) if evidence else frozenset()

    def _evidence(self, kind: IndexKind, plan: QueryPlan, *, named: bool = True) -> tuple[str, ...]:
        """The words a text match must hold one of (`evidence_words`, heeding `named_text` when
        `named`), from counts kept for a while: a search asks the engine only for words it has
        not counted lately."""
        if not plan.use_text or len(plan.groups) < 2:
            return ()
        known = self._word_counts.known(kind, plan.tokens)
        if known is None:
            rows, holding = self._count_words(kind, plan.tokens)
            known = rows, [holding[word] for word in plan.tokens]
        rows, holding_each = known
        counts = dict(zip(plan.tokens, holding_each, strict=True))
        return evidence_words(plan.groups, counts, rows, plan.named if named else ())

    def _sorted(self, kind: IndexKind, req: SearchRequest, plan: QueryPlan) -> SearchResult:
        """One round trip: the kNN body (for the candidates' ranks and cosines) and one query
        over the hits with evidence, sorted, with the total, facets and snippets."""
        query = normalised_vector(req.vector, self.dim) if plan.use_vector else None
        bodies: list[dict[str, Any]] = []
        near = None
        if query is not None:
            # Every candidate is ranked, as on the ranked path; `near` keeps the floor.
            bodies.append(build_es_knn(replace(req, vector=query, min_similarity=None)))
            near = build_es_knn_clause(replace(req, vector=query))
        highlight = req.highlight and plan.use_text
        evidence = self._evidence(kind, plan)
        bodies.append(build_es_sorted(req, near, highlight=highlight, evidence=evidence))
        responses = self._msearch(kind, bodies)
        vector_hits = (
            [(hit_id(h), cosine_from_score(h["_score"])) for h in responses[0]["hits"]["hits"]]
            if query is not None
            else []
        )
        response = responses[-1]
        found = response["hits"]["hits"]
        page = sorted_hits([hit_id(hit) for hit in found], vector_hits)
        for hit, raw in zip(page, found, strict=True):
            hit.highlights = _snippets(raw.get("highlight", {}))
        return SearchResult(
            total=int(response["hits"]["total"]["value"]),
            hits=page,
            facets=_facets(response, req.facets),
        )

    def _ranked(self, kind: IndexKind, req: SearchRequest, plan: QueryPlan) -> SearchResult:
        """One round trip: the kNN body and the BM25 body (with the total, facets, preferred
        fields and highlights) do not depend on each other, so they go in one `_msearch` and
        are fused here. A further request is made only for what the prefetch could not cover
        (text matches past it, or their snippets)."""
        query = normalised_vector(req.vector, self.dim) if plan.use_vector else None
        prefer = active_preferences(req)
        bodies: list[dict[str, Any]] = []
        if query is not None:
            # With text every candidate takes part in the fusion and the floor is applied to
            # the fused list; without text the engine applies it (kNN `similarity`).
            floor = None if plan.use_text else req.min_similarity
            knn_req = replace(req, vector=query, min_similarity=floor)
            bodies.append(build_es_knn(knn_req, facets=not plan.use_text, fields=sorted(prefer)))
        end = page_end(req)
        k = knn_sizes(req.knn_candidates)[0] if query is not None else 0
        prefetch = min(MAX_RESULT_WINDOW, max(req.knn_candidates, end + k)) if k else end
        highlighted = snippet_window(end, prefetch)
        evidence = self._evidence(kind, plan)
        if plan.use_text:
            # The neighbours at the floor join the text matches: the hits with evidence.
            near = build_es_knn_clause(replace(req, vector=query)) if query is not None else None
            bodies.append(
                build_es_bm25(req, size=prefetch, near=near, prefer=prefer, evidence=evidence)
            )
            if req.highlight:
                bodies.append(build_es_text_snippets(req, size=highlighted, evidence=evidence))
        responses = self._msearch(kind, bodies)

        vector_hits: list[tuple[int, float]] = []
        facets: dict[str, dict[str, int]] = {name: {} for name in req.facets}
        # Preferred fields per document, known for every document either body returned.
        matched: dict[int, int] = {}
        if query is not None:
            knn_hits = responses[0]["hits"]["hits"]
            vector_hits = [(hit_id(hit), cosine_from_score(hit["_score"])) for hit in knn_hits]
            matched = {hit_id(hit): preferred_fields_held(hit, prefer) for hit in knn_hits}
            facets = _facets(responses[0], req.facets)
        total = sum(passes_floor(req, cosine) for _, cosine in vector_hits)
        bm25: Bm25Fetch | None = None
        snippets: dict[int, dict[str, Any]] = {}
        returned: set[int] = set()
        complete = True
        if plan.use_text:
            response = responses[1 if query is not None else 0]
            total = int(response["hits"]["total"]["value"])
            facets = _facets(response, req.facets)
            hits = response["hits"]["hits"]
            matched.update({hit_id(hit): preferred_fields_matched(hit) for hit in hits})
            returned = {hit_id(hit) for hit in hits}
            if req.highlight:
                snippets = {
                    hit_id(hit): hit.get("highlight", {}) for hit in responses[-1]["hits"]["hits"]
                }
            prefetched = [
                hit_id(hit) for hit in hits if TEXT_QUERY_NAME in hit.get("matched_queries", ())
            ]
            complete = len(hits) < prefetch or len(prefetched) < len(hits)

            def fetch_bm25(start: int, size: int) -> list[int]:
                if complete or start + size <= len(prefetched):
                    return prefetched[start : start + size]
                more = self._search(
                    kind, build_es_bm25(req, size=size, offset=start, evidence=evidence)
                )
                return [hit_id(hit) for hit in more["hits"]["hits"]]

            bm25 = fetch_bm25

        def preferred(ids: list[int]) -> dict[int, int]:
            missing = [i for i in ids if i not in matched]
            if missing:
                response = self._search(kind, build_es_preferred(missing, prefer))
                matched.update(
                    {hit_id(hit): preferred_fields_matched(hit) for hit in response["hits"]["hits"]}
                )
            return {i: matched.get(i, 0) for i in ids}

        page = ranked_page(req, bm25, vector_hits, preferred if prefer else None)
        if req.highlight and plan.use_text:
            for hit in page:
                if hit.id in snippets:
                    hit.highlights = _snippets(snippets[hit.id])
            # A text match ranked past the highlighted window (lifted by its vector rank), or
            # a hit past the prefetch that may hold query words: ask for their snippets.
            text_matches = set(prefetched)
            unseen = [
                hit
                for hit in page
                if hit.id not in snippets
                and (hit.id in text_matches or (not complete and hit.id not in returned))
            ]
            self._add_highlights(kind, unseen, plan)
        return SearchResult(total=total, hits=page, facets=facets)

    def _add_highlights(self, kind: IndexKind, hits: list[SearchHit], plan: QueryPlan) -> None:
        matched = {hit.id: hit for hit in hits}
        if not matched:
            return
        response = self._search(kind, build_es_highlight(sorted(matched), plan.tokens))
        for hit in response["hits"]["hits"]:
            matched[hit_id(hit)].highlights = _snippets(hit.get("highlight", {}))

    def health(self) -> dict[str, Any]:
        """Cluster status and document counts; `ok` False with the error when unreachable."""
        try:
            with self._engine():
                cluster = self.client.cluster.health()
                counts = {
                    kind: int(self.client.count(index=self.alias(kind))["count"])
                    for kind in INDEX_KINDS
                }
            return {
                "backend": self.name,
                "ok": cluster["status"] in ("green", "yellow"),
                "status": cluster["status"],
                "indices": counts,
            }
        except (SearchUnavailable, ApiError) as exc:
            return {"backend": self.name, "ok": False, "error": str(exc)}

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()
