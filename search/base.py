"""The search contract: documents, requests, results and the backend protocol.

Every backend (embedded SQLite + numpy, Elasticsearch) implements `SearchBackend` with the same
semantics, checked by one shared contract test suite:

- Text is data. It is split into words, stop words dropped and Snowball-stemmed by the
  project's own code (`search.text`); engine queries are built from those words only, so no
  query syntax (quotes, `*`, AND/OR/NOT, NEAR, `title:`) ever reaches an engine. Text without a
  searchable word (empty, punctuation, only stop words) behaves like no text.
- Common words. Alone they are no evidence: when some of a query's words are held by more
  than `COMMON_SHARE` of the index's documents (and by at least `MIN_COMMON_ROWS`) and others
  are not, only documents holding one of the others are text matches, ranked by BM25 over all
  words ("hitsaaja kokemusta" finds welders, not every text saying "kokemusta"); a query of
  common words only matches on any of them. With `named_text`, a word of `text` outside it
  that is held by more documents than the least common word of it that any document holds
  (by any document, when none holds one) only ranks too: "talousjohtaja työtä" finds no
  posting that says "työtä" and nothing of finance directors, while the rarer "hydrogenation"
  of "hydrogenation machine operator" stays evidence.
- Compounds. A document is also found by the compound heads its words end with and the words
  before them (`search.compounds`: "sähköasentajana" by "asentaja" and "sähkö"); a query is
  never split.
- Lists. `bm25` ranks the text matches; `vector` ranks the `knn_candidates` nearest documents
  (exact on the embedded backend, HNSW on Elasticsearch); `hybrid` fuses both with reciprocal
  rank fusion (`matching.fusion.rrf`, k=60). A hybrid request without usable text acts as
  `vector`, one without a vector as `bm25`. Filters restrict every list. Hits are sorted by
  RRF score descending, then id ascending; `score` is that RRF score in every ranked mode.
- Relevance floor. With `min_similarity` a vector candidate is a hit only when its cosine with
  the query vector is at least that much or it also matches the text: ranking orders what
  matches, it never turns "nothing is close" into a list. Every hit has evidence, a text match
  or a close enough vector, and `total` and facets count only such hits. All `knn_candidates`
  still take part in the fusion, so a text match keeps the share its vector rank gives it
  however far it is. Without text the floor goes to the engine (the top-level kNN
  `similarity` on Elasticsearch); with text both backends apply it to the fused list.
- Hybrid order. The first `knn_candidates` of each list are fused; every further text match
  follows in BM25 order with its RRF score 1/(60 + rank), which is below any fused score. So
  pages never depend on offset or limit and every text match is reachable. The one deviation
  from fusing the full lists: a vector candidate ranked beyond `knn_candidates` by BM25 gets
  no BM25 share (its `bm25_rank` is None). At most `MAX_RESULT_WINDOW` hits can be paged to.
- Preferences. `prefer` names keyword values a typed query asked for (the occupation, skills
  and places it names). In `hybrid` mode each fused head hit gains `PREFER_BOOST` for every
  preferred field it holds one of the values of, and the head is sorted again; it filters
  nothing, and hits past the head keep their BM25 order below it. `bm25` and `vector` ignore it.
- Listing. Without text and vector (or in a mode whose input is missing) the request lists all
  filter matches, newest (highest id) first, with score 0.
- Sorting. With `sort` (a `SortBy` naming a date field) the same hits are ordered by that date
  instead of by rank: exactly the documents the request would otherwise return (every text match
  and the vector candidates with evidence, or every filter match of a listing), never more, so
  `total` and facets do not change. A document without the date comes first or last as
  `missing_first` says; equal dates go newest (highest id) first. Sorted hits have score 0 and no
  `bm25_rank`; vector candidates keep their `vector_rank` and `similarity`; highlights as usual;
  `prefer` does not apply.
- Total and facets. `total` is the size of the candidate set: every text match (not only the
  fused head) plus the vector candidates, counted once; for a listing, every filter match.
  Facets count keyword values over exactly that set, so filtered-out, excluded or hidden
  documents never count. A page past the end has no hits and the same total.
- Filters. `terms`: any of the values within a field, all fields together; an empty value list
  leaves the field unconstrained. `date_ranges`: inclusive bounds; a document without the date
  (None) is open-ended and passes every range, so `available_from` None ("available now")
  passes an upper bound and `deadline` None ("open until filled") passes a lower bound.
  `exclude_ids` never appear and never count.
- Facets: per requested keyword field, up to `FACET_SIZE` values with their document counts,
  ordered by count descending, then value ascending.
- Highlights: for hits whose text fields hold query words, one snippet per such field; the
  document text is HTML-escaped first, then the matched words are wrapped in `<mark>`.
- Writes: `index` upserts whole documents, `delete` ignores unknown ids; with `refresh` (the
  default) the change is visible to searches when the call returns.
- Versions: a document's version is its `updated_at` (`version_of`), the state of the row it
  was built from. A write older than what the engine holds for the id is ignored: an index
  older than the stored document, or than a delete made as of a later version. Two processes
  indexing one row at once therefore cannot leave the older state in the index, whatever
  order their writes land in. A delete without a version (`as_of`) is as of now.
- Outages: any call that the engine cannot answer raises `SearchUnavailable`, within the
  configured timeout; `health` never raises.
- Rebuilds. `reindex` writes `RebuildBatch`es (runs of source rows, ids ascending) into a new
  index while searches, `count` and `ids` keep reading the serving one, then swaps it in. The
  new index records a `RebuildCheckpoint`: when the build began, the model of its vectors and,
  as batches land, the `last_id` of the last batch completely written (Elasticsearch records it
  at most every `checkpoint_interval` seconds, and when the build stops on an exception). An
  interrupted build (an exception, Ctrl-C, the process killed) never serves; it is kept, and
  `unfinished_rebuild` returns its checkpoint, whose `unusable` says why this backend cannot
  continue it (other vector dimensions, another index layout). `reindex` given that checkpoint
  continues the build with batches after its `last_id`; given none or a new one, it discards
  the unfinished build and starts over; `discard_unfinished` only discards. At most one
  unfinished build per kind is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice, pairwise
from typing import Any, Literal, Protocol, get_args

import numpy as np

from matching.fusion import rrf

IndexKind = Literal["profiles", "vacancies"]
INDEX_KINDS: tuple[IndexKind, ...] = get_args(IndexKind)

SearchMode = Literal["hybrid", "bm25", "vector"]

# Full-text fields every backend knows, with their BM25 weight: a word in the title says more
# about the document than the same word somewhere in the body.
TEXT_FIELDS: dict[str, float] = {"title": 2.0, "body": 1.0}

DEFAULT_DIM = 384
FACET_SIZE = 100
RRF_RANK_CONSTANT = 60
# Elasticsearch's default index.max_result_window; both backends stop paging there.
MAX_RESULT_WINDOW = 10_000
# A word held by more than this share of an index's documents is common: beside a rarer word
# it only ranks. Words like "kokemusta", "työtä" or "and" sit above it, occupations far below
# (none is in more than 4 % of the demo profiles); a skill as widespread as "tiimityö" (31 %)
# is common too, and ranks beside an occupation rather than bringing in a third of the index.
COMMON_SHARE = 0.2
# ... and by at least this many: a share read from a handful of documents says nothing.
MIN_COMMON_ROWS = 10

# A preferred field matched is worth a first place in one ranking: a document in the place a
# query names, or of the occupation it names, goes ahead of one the text and the meaning rank
# a little higher without it ("kesätyö oulu": summer jobs in Oulu before those elsewhere).
# On the demo's labelled queries half a place gave hybrid nDCG@10 0.984 / 0.998 (profiles /
# vacancies), a whole one 0.989 / 1.000.
PREFER_BOOST = 1.0 / (RRF_RANK_CONSTANT + 1)

# Fetches BM25-ranked ids: (start, size) -> the ids at ranks start + 1 ... start + size.
Bm25Fetch = Callable[[int, int], list[int]]
# Counts, for the given ids, the preferred fields each holds a preferred value of.
PreferFetch = Callable[[list[int]], dict[int, int]]


@dataclass
class SearchDocument:
    """One profile or vacancy as the search engines see it."""

    id: int
    updated_at: datetime
    fields: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    dates: dict[str, date | None] = field(default_factory=dict)
    vector: np.ndarray | None = None


@dataclass(frozen=True)
class SortBy:
    """Order hits by a date field instead of by relevance (see "Sorting" above)."""

    field: str
    descending: bool = False
    # Where documents without the date go: "available now" leads, "open until filled" trails.
    missing_first: bool = False


@dataclass
class SearchRequest:
    """What to look for, how to filter it and which page to return."""

    text: str | None = None
    # The words of `text` that name what the query asks for (the concepts a typed query names,
    # in its words and in their labels); see "Common words" in the contract above.
    named_text: str | None = None
    vector: np.ndarray | None = None
    terms: dict[str, list[str]] = field(default_factory=dict)
    date_ranges: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    exclude_ids: set[int] = field(default_factory=set)
    prefer: dict[str, list[str]] = field(default_factory=dict)
    mode: SearchMode = "hybrid"
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = ()
    highlight: bool = True
    knn_candidates: int = 200
    # Cosine a vector candidate needs to count as a hit; None keeps the k nearest whatever
    # their distance (callers that rank a pool they filter themselves).
    min_similarity: float | None = None
    sort: SortBy | None = None

    def __post_init__(self) -> None:
        if self.offset < 0 or self.limit < 0:
            raise ValueError("offset and limit must not be negative")
        if self.min_similarity is not None and not -1.0 <= self.min_similarity <= 1.0:
            raise ValueError("min_similarity is a cosine between -1 and 1")
        if self.knn_candidates < 1:
            raise ValueError("knn_candidates must be at least 1")
        if self.mode not in get_args(SearchMode):
            raise ValueError(f"unknown search mode {self.mode!r}")


@dataclass
class SearchHit:
    """One ranked document; ranks are 1-based positions in each list, None when absent."""

    id: int
    score: float
    bm25_rank: int | None = None
    vector_rank: int | None = None
    highlights: dict[str, list[str]] = field(default_factory=dict)
    # Cosine with the query vector, for the vector candidates.
    similarity: float | None = None


@dataclass
class SearchResult:
    """One page of hits with the size of the whole candidate set and its facet counts."""

    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchUnavailable(Exception):
    """The search engine cannot answer now (down, timing out, index missing)."""


@dataclass
class RebuildBatch:
    """Documents built from one run of source rows: those after the previous batch's `last_id`
    up to this `last_id`, ids ascending (a row that is not searchable has no document)."""

    last_id: int
    docs: list[SearchDocument]


@dataclass(frozen=True)
class RebuildCheckpoint:
    """How far a rebuild got, as its partial index records it (see "Rebuilds")."""

    # When the first attempt began: rows changed since then are synced again after the swap.
    started_at: datetime
    # The embedding model of the vectors written; vectors of another model do not mix.
    model_id: str = ""
    # Every source row up to this id is written; None before the first batch lands.
    last_id: int | None = None
    # Why this backend cannot continue the build; set when read back.
    unusable: str | None = None

    def refusal(self, model_id: str) -> str | None:
        """Why this build cannot go on with vectors of `model_id`; None when it can."""
        if self.unusable is not None:
            return self.unusable
        if self.model_id != model_id:
            return f"its vectors come from {self.model_id or 'an unknown model'}, not {model_id}"
        return None


def checkpoint_record(checkpoint: RebuildCheckpoint, dim: int, layout: str) -> dict[str, Any]:
    """A checkpoint as a backend stores it, with what it must match to be continued."""
    return {
        "started_at": checkpoint.started_at.isoformat(),
        "model_id": checkpoint.model_id,
        "last_id": checkpoint.last_id,
        "dim": dim,
        "layout": layout,
    }


def read_checkpoint(record: Mapping[str, Any], dim: int, layout: str) -> RebuildCheckpoint:
    """A stored checkpoint, marked unusable when it was made for other dimensions or layout."""
    unusable = None
    if int(record["dim"]) != dim:
        unusable = f"its vectors have {record['dim']} dimensions, the index now takes {dim}"
    elif record["layout"] != layout:
        unusable = "the index layout has changed since it began"
    return RebuildCheckpoint(
        started_at=datetime.fromisoformat(record["started_at"]),
        model_id=str(record["model_id"]),
        last_id=None if record["last_id"] is None else int(record["last_id"]),
        unusable=unusable,
    )


def layout_of(spec: object) -> str:
    """A short fingerprint of an index's schema or mapping: a rebuild begun under another one
    cannot be continued."""
    text = json.dumps(spec, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def continues(kept: RebuildCheckpoint | None, given: RebuildCheckpoint | None) -> bool:
    """Whether a `reindex` given `given` continues the kept unfinished build (else it starts
    over); refuses a checkpoint that names a build it cannot continue."""
    if given is None or given != kept:
        if given is not None and given.last_id is not None:
            raise ValueError("no unfinished rebuild is kept at this checkpoint")
        return False
    if given.unusable is not None:
        raise ValueError(f"the unfinished rebuild cannot be continued: {given.unusable}")
    return True


def following(batches: Iterable[RebuildBatch], after: int | None) -> Iterator[RebuildBatch]:
    """The batches, refusing one that does not follow on from `after` in ascending ids."""
    last = after
    for batch in batches:
        ids = [doc.id for doc in batch.docs]
        chain = [*([] if last is None else [last]), *ids]
        if (
            (last is not None and batch.last_id <= last)
            or any(a >= b for a, b in pairwise(chain))
            or (ids and ids[-1] > batch.last_id)
        ):
            raise ValueError(f"rebuild batch ending at {batch.last_id} is not in ascending order")
        last = batch.last_id
        yield batch


def batched(docs: Iterable[SearchDocument], size: int = 500) -> Iterator[RebuildBatch]:
    """Rebuild batches of documents given in ascending id order, each ending at its last one."""
    iterator = iter(docs)
    while chunk := list(islice(iterator, size)):
        yield RebuildBatch(chunk[-1].id, chunk)


class SearchBackend(Protocol):
    """A search engine holding one index per `IndexKind`."""

    name: str

    def ensure_indices(self) -> None:
        """Create the indices that do not exist yet; existing ones are left as they are."""
        ...

    def index(
        self, kind: IndexKind, docs: Sequence[SearchDocument], *, refresh: bool = True
    ) -> None:
        """Insert or replace documents; with `refresh` they are searchable when this returns."""
        ...

    def delete(
        self,
        kind: IndexKind,
        ids: Sequence[int],
        *,
        refresh: bool = True,
        as_of: Mapping[int, datetime] | None = None,
    ) -> None:
        """Remove documents (unknown ids are ignored); with `refresh` they are gone on return.
        `as_of` gives the row version each delete stands for (default: now); a document
        indexed from a newer version stays."""
        ...

    def search(self, kind: IndexKind, req: SearchRequest) -> SearchResult:
        """Run a request following the contract in this module's docstring."""
        ...

    def prepare_words(self, kind: IndexKind, words: Sequence[str]) -> None:
        """Make the first searches naming these words as cheap as later ones (Elasticsearch
        counts the documents holding each now; the embedded backend reads its counts with every
        search)."""
        ...

    def common_words(self, kind: IndexKind, req: SearchRequest) -> frozenset[str]:
        """The words of `req.text` (as `search.text.query_tokens` splits it) common in this
        index now, so that beside its other words they only rank ("Common words" above, without
        `named_text`); empty when there are none or all are."""
        ...

    def holding(self, kind: IndexKind, req: SearchRequest, words: Sequence[str]) -> dict[str, int]:
        """How many documents passing `req`'s filters the text match finds on each of `words`
        alone (words as `search.text.query_tokens` gives them): a word of the query that none
        holds may be a typing error."""
        ...

    def count(self, kind: IndexKind) -> int:
        """Number of documents in the index."""
        ...

    def ids(self, kind: IndexKind) -> set[int]:
        """Ids of all documents in the index."""
        ...

    def reindex(
        self,
        kind: IndexKind,
        batches: Iterable[RebuildBatch],
        *,
        checkpoint: RebuildCheckpoint | None = None,
    ) -> int:
        """Build a new index from `batches`, swap it in atomically and drop the old one; an
        interrupted build is kept to be continued (see "Rebuilds"). Returns the documents."""
        ...

    def unfinished_rebuild(self, kind: IndexKind) -> RebuildCheckpoint | None:
        """The checkpoint of the kept unfinished rebuild of `kind`, if there is one."""
        ...

    def discard_unfinished(self, kind: IndexKind) -> None:
        """Delete the unfinished rebuild of `kind`, if there is one."""
        ...

    def health(self) -> dict[str, Any]:
        """Engine state for status pages: always answers, never raises."""
        ...

    def close(self) -> None:
        """Release connections and files."""
        ...


def version_of(moment: datetime) -> int:
    """A document version: microseconds since the epoch of the row's last change (naive times
    are UTC, as the database stores them)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    delta = aware - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def delete_versions(ids: Sequence[int], as_of: Mapping[int, datetime] | None) -> dict[int, int]:
    """The version of each delete: the row's, or now for rows that are gone."""
    now = version_of(datetime.now(UTC))
    given = as_of or {}
    return {int(i): version_of(given[i]) if i in given else now for i in ids}


def check_kind(kind: str) -> IndexKind:
    """Validate an index kind, since it ends up in file and index names."""
    if kind not in INDEX_KINDS:
        raise ValueError(f"unknown index kind {kind!r}")
    return kind


def check_text_fields(doc: SearchDocument) -> None:
    """Reject text fields the backends do not index, so no text is silently dropped."""
    unknown = set(doc.fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"document {doc.id}: unknown text fields {sorted(unknown)}")


def normalised_vector(vector: np.ndarray | None, dim: int) -> np.ndarray | None:
    """Return a float32 unit vector of length `dim` (None stays None, zero vectors too)."""
    if vector is None:
        return None
    arr = np.asarray(vector, dtype=np.float32).reshape(-1)
    if arr.shape[0] != dim:
        raise ValueError(f"vector has {arr.shape[0]} dimensions, the index has {dim}")
    norm = float(np.linalg.norm(arr))
    if norm == 0.0 or not np.isfinite(norm):
        return None
    return arr / norm


def fuse_ranked(
    bm25_ids: Sequence[int],
    vector_ids: Sequence[int],
    similarities: Mapping[int, float] | None = None,
) -> list[SearchHit]:
    """Fuse ranked id lists with RRF (k=60): fused score descending, then id ascending."""
    similarities = similarities or {}
    scores = rrf([bm25_ids, vector_ids], k=RRF_RANK_CONSTANT)
    bm25_rank = {doc_id: rank for rank, doc_id in enumerate(bm25_ids, start=1)}
    vector_rank = {doc_id: rank for rank, doc_id in enumerate(vector_ids, start=1)}
    hits = [
        SearchHit(
            id=doc_id,
            score=scores[doc_id],
            bm25_rank=bm25_rank.get(doc_id),
            vector_rank=vector_rank.get(doc_id),
            similarity=similarities.get(doc_id),
        )
        for doc_id in dict.fromkeys([*bm25_ids, *vector_ids])
    ]
    hits.sort(key=lambda hit: (-hit.score, hit.id))
    return hits


def page_end(req: SearchRequest) -> int:
    """Position after the requested page, capped at `MAX_RESULT_WINDOW`."""
    return min(req.offset + req.limit, MAX_RESULT_WINDOW)


def active_preferences(req: SearchRequest) -> dict[str, list[str]]:
    """The preferred fields with values, when the request's mode applies them."""
    if req.mode != "hybrid":
        return {}
    return {name: values for name, values in req.prefer.items() if values}


def prefer_structured(hits: list[SearchHit], preferred: PreferFetch | None) -> list[SearchHit]:
    """Add `PREFER_BOOST` per matched preferred field and sort again (score, then id)."""
    if preferred is None or not hits:
        return hits
    matched = preferred([hit.id for hit in hits])
    for hit in hits:
        hit.score += PREFER_BOOST * matched.get(hit.id, 0)
    hits.sort(key=lambda hit: (-hit.score, hit.id))
    return hits


def passes_floor(req: SearchRequest, similarity: float) -> bool:
    """Whether a vector candidate's cosine is evidence on its own for this request."""
    return req.min_similarity is None or similarity >= req.min_similarity


def with_evidence(req: SearchRequest, hits: list[SearchHit]) -> list[SearchHit]:
    """The hits that have evidence: a text match, or a vector cosine at the floor or above."""
    return [
        hit
        for hit in hits
        if hit.bm25_rank is not None
        or (hit.similarity is not None and passes_floor(req, hit.similarity))
    ]


def ranked_page(
    req: SearchRequest,
    bm25: Bm25Fetch | None,
    vector_hits: Sequence[tuple[int, float]],
    preferred: PreferFetch | None = None,
) -> list[SearchHit]:
    """The requested page of the ranked list (see "Hybrid order" in the module docstring);
    `vector_hits` are the vector candidates as (id, cosine), nearest first; `preferred` is
    given when the request has active preferences."""
    end = page_end(req)
    if req.offset >= end:
        return []
    vector_ids = [doc_id for doc_id, _ in vector_hits]
    similarities = dict(vector_hits)
    if bm25 is None:
        fused = fuse_ranked([], vector_ids, similarities)
        return with_evidence(req, prefer_structured(fused, preferred))[req.offset : end]
    if not vector_ids:
        ranked = bm25(req.offset, end - req.offset)
        return [
            SearchHit(id=doc_id, score=1.0 / (RRF_RANK_CONSTANT + rank), bm25_rank=rank)
            for rank, doc_id in enumerate(ranked, start=req.offset + 1)
        ]
    k = req.knn_candidates
    bm25_head = bm25(0, k)
    fused = prefer_structured(fuse_ranked(bm25_head, vector_ids, similarities), preferred)
    # Every candidate ranks; only those with evidence stay (see "Relevance floor").
    head = with_evidence(req, fused)
    hits = head[req.offset : end]
    if end <= len(head) or len(bm25_head) < k:
        return hits
    in_head = {hit.id for hit in head}
    skip = max(0, req.offset - len(head))
    wanted = end - max(req.offset, len(head))
    # Vector-only candidates of the fused head may turn up again further down the BM25 list.
    reappearing = len(fused) - len(bm25_head)
    size = min(skip + wanted + reappearing, MAX_RESULT_WINDOW - k)
    tail = [
        (rank, doc_id)
        for rank, doc_id in enumerate(bm25(k, size), start=k + 1)
        if doc_id not in in_head
    ]
    return hits + [
        SearchHit(id=doc_id, score=1.0 / (RRF_RANK_CONSTANT + rank), bm25_rank=rank)
        for rank, doc_id in tail[skip : skip + wanted]
    ]


def sorted_hits(ids: Sequence[int], vector_hits: Sequence[tuple[int, float]]) -> list[SearchHit]:
    """Hits of a sorted page (see "Sorting"): score 0, the vector candidates' rank and cosine."""
    vector_rank = {doc_id: rank for rank, (doc_id, _) in enumerate(vector_hits, start=1)}
    similarities = dict(vector_hits)
    return [
        SearchHit(
            id=doc_id,
            score=0.0,
            vector_rank=vector_rank.get(doc_id),
            similarity=similarities.get(doc_id),
        )
        for doc_id in ids
    ]
