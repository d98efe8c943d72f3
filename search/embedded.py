"""The embedded search backend: SQLite FTS5 for BM25 and a numpy matrix for exact kNN.

Layout under `directory`, per index kind:

- `<kind>.current`: the alias, naming the serving generation; replaced atomically (`os.replace`)
  by `reindex`, so a crash mid-way leaves the old generation serving.
- `<kind>.building`: names the generation a rebuild is writing, until it is swapped in; kept
  after an interruption so the next `reindex` can continue it (its checkpoint lives in the
  generation's `rebuild` table, written in the same transaction as each batch).
- `<kind>-<generation>.sqlite3`: the durable truth: documents with their original texts (for
  snippets), keyword rows indexed by (field, value, id), dates, an FTS5 table of the
  Snowball-stemmed texts, and a log of vector changes since the last vector snapshot.
- `<kind>-<generation>-v<n>.f32.npy` / `.ids.npy`: vector snapshot n (rows sorted by id), served
  memory-mapped; the SQLite meta table names the current n, so a snapshot swap commits with the
  log truncation in one transaction.

In memory, per kind: the vector snapshot plus its overlay (`search.vectors`) and the keyword and
date columns (`search.filters`), rebuilt from SQLite on open. Filters, facets, totals and
listings run on those columns; FTS5 only finds and scores text matches.

One process writes; other processes (a `reindex` command) may swap the alias, which the serving
process notices at its next call. All calls are serialised by a lock, so the backend can be
shared by the threads of a web server.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from search.base import (
    DEFAULT_DIM,
    FACET_SIZE,
    INDEX_KINDS,
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
from search.bm25 import TermPart, summed
from search.embedded_store import (
    FTS_INSERT,
    LAYOUT,
    REBUILD,
    SCHEMA,
    VERSIONS,
    Generation,
    connect,
    load_filters,
    not_older,
    record_versions,
    transaction,
)
from search.highlight import highlight_fields
from search.queries import (
    QueryPlan,
    active_date_ranges,
    active_terms,
    evidence_words,
    plan_request,
)
from search.text import document_stems, query_stems
from search.vectors import VectorStore, save_array


class EmbeddedBackend:
    """SearchBackend on local files: SQLite FTS5 (BM25) + numpy exact cosine kNN."""

    name = "embedded"

    def __init__(
        self, directory: Path, dim: int = DEFAULT_DIM, *, compact_threshold: int = 1000
    ) -> None:
        self.directory = Path(directory)
        self.dim = dim
        # Vector changes are folded into a new snapshot once they exceed this many, or 5 % of it.
        self.compact_threshold = compact_threshold
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._open: dict[IndexKind, Generation] = {}

    # --- files and generations ---------------------------------------------------------------

    def _alias_path(self, kind: IndexKind) -> Path:
        return self.directory / f"{kind}.current"

    def _building_path(self, kind: IndexKind) -> Path:
        return self.directory / f"{kind}.building"

    def _db_path(self, kind: IndexKind, generation: str) -> Path:
        return self.directory / f"{kind}-{generation}.sqlite3"

    def _vector_paths(self, kind: IndexKind, generation: str, snapshot: int) -> tuple[Path, Path]:
        stem = f"{kind}-{generation}-v{snapshot}"
        return self.directory / f"{stem}.f32.npy", self.directory / f"{stem}.ids.npy"

    @contextmanager
    def _file_lock(self, kind: IndexKind, *, wait: bool = True) -> Iterator[bool]:
        """Cross-process lock held while a generation is built; yields whether it was taken."""
        with open(self.directory / f"{kind}.lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _new_generation(self, kind: IndexKind) -> tuple[str, sqlite3.Connection]:
        generation = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        while self._db_path(kind, generation).exists():
            generation += "x"
        conn = connect(self._db_path(kind, generation))
        conn.executescript(SCHEMA)
        conn.execute(VERSIONS)
        conn.execute("INSERT INTO meta VALUES ('dim', ?), ('snapshot', '0')", (str(self.dim),))
        return generation, conn

    def _drop_generation_files(self, kind: IndexKind, generation: str) -> None:
        for path in self.directory.glob(f"{kind}-{generation}[.-]*"):
            path.unlink(missing_ok=True)

    @staticmethod
    def _write_name(path: Path, generation: str) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(generation + "\n")
        os.replace(tmp, path)

    def _create_first_generation(self, kind: IndexKind) -> None:
        with self._file_lock(kind):
            if self._alias_path(kind).exists():
                return
            generation, conn = self._new_generation(kind)
            conn.close()
            empty = np.empty((0, self.dim), dtype=np.float32)
            vectors_path, ids_path = self._vector_paths(kind, generation, 0)
            save_array(vectors_path, empty)
            save_array(ids_path, np.empty(0, dtype=np.int64))
            self._write_name(self._alias_path(kind), generation)

    def _remove_stale_files(self, kind: IndexKind, current: Generation) -> None:
        """Delete files of other generations and snapshots, unless a build is in progress."""
        keep = {self._db_path(kind, current.name).name}
        keep.update(p.name for p in self._vector_paths(kind, current.name, current.snapshot))
        with self._file_lock(kind, wait=False) as locked:
            if not locked:
                return
            unfinished = self._unfinished_name(kind)
            if unfinished is not None:
                keep.add(self._db_path(kind, unfinished).name)
            for path in self.directory.glob(f"{kind}-*"):
                if path.name not in keep and not path.name.startswith(tuple(keep)):
                    path.unlink(missing_ok=True)

    def _load(self, kind: IndexKind) -> Generation:
        alias = self._alias_path(kind)
        if not alias.exists():
            self._create_first_generation(kind)
        stat = alias.stat()
        name = alias.read_text().strip()
        conn = connect(self._db_path(kind, name))
        conn.execute(VERSIONS)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if int(meta["dim"]) != self.dim:
            conn.close()
            raise ValueError(f"{kind} index has {meta['dim']} dimensions, expected {self.dim}")
        snapshot = int(meta["snapshot"])
        vectors = VectorStore(self.dim)
        vectors.load(*self._vector_paths(kind, name, snapshot))
        for doc_id, blob in conn.execute("SELECT id, vector FROM vector_log ORDER BY id"):
            vectors.put(doc_id, None if blob is None else np.frombuffer(blob, dtype=np.float32))
        stamp = (stat.st_ino, stat.st_mtime_ns)
        return Generation(name, conn, load_filters(conn), vectors, snapshot, stamp)

    def _current(self, kind: str) -> Generation:
        """The serving generation of `kind`, reopened when another process swapped the alias."""
        checked = check_kind(kind)
        state = self._open.get(checked)
        try:
            stat = self._alias_path(checked).stat()
            stamp: tuple[int, int] | None = (stat.st_ino, stat.st_mtime_ns)
        except FileNotFoundError:
            stamp = None
        if state is not None and state.alias_stamp == stamp:
            return state
        if state is not None:
            state.conn.close()
        fresh = self._load(checked)
        self._open[checked] = fresh
        if state is None:
            self._remove_stale_files(checked, fresh)
        return fresh

    @contextmanager
    def _serving(self, kind: str) -> Iterator[Generation]:
        """Lock, open the current generation and turn SQLite failures into SearchUnavailable."""
        with self._lock:
            try:
                yield self._current(kind)
            except sqlite3.OperationalError as exc:
                raise SearchUnavailable(f"embedded search index failed: {exc}") from exc

    # --- writing -----------------------------------------------------------------------------

    def _write_docs(
        self, conn: sqlite3.Connection, docs: Sequence[SearchDocument]
    ) -> tuple[list[tuple[int, np.ndarray | None]], list[tuple[int, list[str]]]]:
        """Upsert documents (inside the caller's transaction); returns their unit vectors and
        the text of each full-text column as written."""
        # The last version of a document wins, as if the versions came in separate calls.
        docs = list({doc.id: doc for doc in docs}.values())
        vectors = []
        for doc in docs:
            check_text_fields(doc)
            vectors.append((doc.id, normalised_vector(doc.vector, self.dim)))
        self._delete_rows(conn, [doc.id for doc in docs])
        record_versions(conn, {d.id: version_of(d.updated_at) for d in docs})
        conn.executemany(
            "INSERT OR REPLACE INTO docs (id, updated_at, fields) VALUES (?, ?, ?)",
            [(d.id, d.updated_at.isoformat(), json.dumps(d.fields)) for d in docs],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO keywords (field, value, id) VALUES (?, ?, ?)",
            [
                (name, value, d.id)
                for d in docs
                for name, values in d.keywords.items()
                for value in values
            ],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO dates (id, field, value) VALUES (?, ?, ?)",
            [
                (d.id, name, value.isoformat())
                for d in docs
                for name, value in d.dates.items()
                if value is not None
            ],
        )
        columns = [
            (d.id, [document_stems(d.fields.get(name, "")) for name in TEXT_FIELDS]) for d in docs
        ]
        conn.executemany(FTS_INSERT, [(doc_id, *texts) for doc_id, texts in columns])
        return vectors, columns

    @staticmethod
    def _delete_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
        rows = [(doc_id,) for doc_id in ids]
        for table, column in (
            ("docs", "id"),
            ("keywords", "id"),
            ("dates", "id"),
            ("fts", "rowid"),
        ):
            conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", rows)

    @staticmethod
    def _log_vectors(
        conn: sqlite3.Connection, vectors: list[tuple[int, np.ndarray | None]]
    ) -> None:
        conn.executemany(
            "INSERT OR REPLACE INTO vector_log (id, vector) VALUES (?, ?)",
            [(doc_id, None if v is None else v.tobytes()) for doc_id, v in vectors],
        )

    def _apply_vectors(
        self, kind: IndexKind, state: Generation, vectors: list[tuple[int, np.ndarray | None]]
    ) -> None:
        for doc_id, vector in vectors:
            state.vectors.put(doc_id, vector)
        if state.vectors.pending > max(self.compact_threshold, state.vectors.base_size // 20):
            self._compact(kind, state)

    def ensure_indices(self) -> None:
        """Create the files of every index kind that has none yet."""
        for kind in INDEX_KINDS:
            with self._serving(kind):
                pass

    def index(
        self, kind: IndexKind, docs: Sequence[SearchDocument], *, refresh: bool = True
    ) -> None:
        """Insert or replace documents; they are searchable on return whatever `refresh` says."""
        if not docs:
            return
        with self._serving(kind) as state:
            with transaction(state.conn) as conn:
                allowed = not_older(conn, {d.id: version_of(d.updated_at) for d in docs})
                docs = [d for d in docs if allowed[d.id]]
                vectors, columns = self._write_docs(conn, docs)
                self._log_vectors(conn, vectors)
            state.terms.removed(doc.id for doc in docs)
            state.terms.written(state.conn, columns)
            state.filters.put_many((d.id, d.keywords, d.dates) for d in docs)
            self._apply_vectors(check_kind(kind), state, vectors)

    def delete(
        self,
        kind: IndexKind,
        ids: Sequence[int],
        *,
        refresh: bool = True,
        as_of: Mapping[int, datetime] | None = None,
    ) -> None:
        """Remove documents; unknown ids are ignored."""
        if not ids:
            return
        versions = delete_versions(ids, as_of)
        with self._serving(kind) as state:
            with transaction(state.conn) as conn:
                allowed = not_older(conn, versions)
                removed: list[tuple[int, np.ndarray | None]] = [
                    (doc_id, None) for doc_id in versions if allowed[doc_id]
                ]
                record_versions(conn, {doc_id: versions[doc_id] for doc_id, _ in removed})
                self._delete_rows(conn, [doc_id for doc_id, _ in removed])
                self._log_vectors(conn, removed)
            state.terms.removed(doc_id for doc_id, _ in removed)
            state.filters.remove_many(doc_id for doc_id, _ in removed)
            self._apply_vectors(check_kind(kind), state, removed)
            # The write-ahead log still holds the deleted pages' old images until folded in.
            state.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def compact(self, kind: IndexKind) -> None:
        """Fold pending vector changes into a new snapshot file now."""
        with self._serving(kind) as state:
            self._compact(check_kind(kind), state)

    def _compact(self, kind: IndexKind, state: Generation) -> None:
        with self._file_lock(kind, wait=False) as locked:
            # A reindex in another process is replacing this generation anyway: try later.
            if locked:
                self._write_snapshot(kind, state)

    def _write_snapshot(self, kind: IndexKind, state: Generation) -> None:
        old_paths = self._vector_paths(kind, state.name, state.snapshot)
        snapshot = state.snapshot + 1
        new_paths = self._vector_paths(kind, state.name, snapshot)
        state.vectors.write_snapshot(*new_paths)
        with transaction(state.conn) as conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'snapshot'", (str(snapshot),))
            conn.execute("DELETE FROM vector_log")
        state.vectors.load(*new_paths)
        state.snapshot = snapshot
        for path in old_paths:
            path.unlink(missing_ok=True)

    def reindex(
        self,
        kind: IndexKind,
        batches: Iterable[RebuildBatch],
        *,
        checkpoint: RebuildCheckpoint | None = None,
    ) -> int:
        """Build a new generation from `batches` (or go on with the unfinished one), then swap
        the alias; searches go on meanwhile."""
        checked = check_kind(kind)
        with self._file_lock(checked):
            generation, conn, checkpoint = self._open_build(checked, checkpoint)
            try:
                for batch in following(batches, checkpoint.last_id):
                    checkpoint = replace(checkpoint, last_id=batch.last_id)
                    with transaction(conn):
                        self._log_vectors(conn, self._write_docs(conn, batch.docs)[0])
                        self._save_checkpoint(conn, checkpoint)
                self._finish_build(conn, checked, generation)
                count = conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
            finally:
                conn.close()
            with self._lock:
                self._write_name(self._alias_path(checked), generation)
                self._building_path(checked).unlink(missing_ok=True)
                previous = self._open.pop(checked, None)
                if previous is not None:
                    previous.conn.close()
                fresh = self._current(checked)
            if previous is not None:
                self._drop_generation_files(checked, previous.name)
        self._remove_stale_files(checked, fresh)
        return int(count)

    def _open_build(
        self, kind: IndexKind, checkpoint: RebuildCheckpoint | None
    ) -> tuple[str, sqlite3.Connection, RebuildCheckpoint]:
        """The generation to write: the unfinished one when `checkpoint` continues it, else a
        new one (the unfinished one is discarded). The caller holds the file lock."""
        kept = self._kept(kind)
        if continues(kept[1] if kept else None, checkpoint) and kept is not None:
            name, found = kept
            return name, connect(self._db_path(kind, name)), found
        self._discard(kind)
        checkpoint = checkpoint or RebuildCheckpoint(started_at=datetime.now(UTC))
        generation, conn = self._new_generation(kind)
        conn.execute(REBUILD)
        self._save_checkpoint(conn, checkpoint)
        self._write_name(self._building_path(kind), generation)
        return generation, conn, checkpoint

    def _save_checkpoint(self, conn: sqlite3.Connection, checkpoint: RebuildCheckpoint) -> None:
        record = checkpoint_record(checkpoint, self.dim, LAYOUT)
        conn.execute("INSERT OR REPLACE INTO rebuild VALUES (1, ?)", (json.dumps(record),))

    def _finish_build(self, conn: sqlite3.Connection, kind: IndexKind, generation: str) -> None:
        """Turn the vectors the build logged into its first snapshot; drop the checkpoint."""
        query = "FROM vector_log WHERE vector IS NOT NULL"
        size = conn.execute(f"SELECT COUNT(*) {query}").fetchone()[0]
        ids = np.empty(size, dtype=np.int64)
        matrix = np.empty((size, self.dim), dtype=np.float32)
        for slot, (doc_id, blob) in enumerate(
            conn.execute(f"SELECT id, vector {query} ORDER BY id")
        ):
            ids[slot] = doc_id
            matrix[slot] = np.frombuffer(blob, dtype=np.float32)
        vectors_path, ids_path = self._vector_paths(kind, generation, 0)
        save_array(vectors_path, matrix)
        save_array(ids_path, ids)
        with transaction(conn):
            conn.execute("DELETE FROM vector_log")
            conn.execute("DROP TABLE rebuild")

    def _unfinished_name(self, kind: IndexKind) -> str | None:
        """The generation an unfinished rebuild writes; never the serving one (a build swapped
        in just before a crash may still be named)."""
        try:
            name = self._building_path(kind).read_text().strip()
            serving = self._alias_path(kind).read_text().strip()
        except FileNotFoundError:
            return None
        if name == serving or not self._db_path(kind, name).exists():
            return None
        return name

    def _kept(self, kind: IndexKind) -> tuple[str, RebuildCheckpoint] | None:
        """The unfinished generation and its checkpoint."""
        name = self._unfinished_name(kind)
        if name is None:
            return None
        conn = connect(self._db_path(kind, name))
        try:
            row = conn.execute("SELECT checkpoint FROM rebuild").fetchone()
        except sqlite3.OperationalError:  # finished, not swapped in: nothing to continue
            row = None
        finally:
            conn.close()
        return (
            None if row is None else (name, read_checkpoint(json.loads(row[0]), self.dim, LAYOUT))
        )

    def unfinished_rebuild(self, kind: IndexKind) -> RebuildCheckpoint | None:
        """The checkpoint of the kept unfinished rebuild, if any."""
        kept = self._kept(check_kind(kind))
        return None if kept is None else kept[1]

    def discard_unfinished(self, kind: IndexKind) -> None:
        """Delete the unfinished rebuild's files, if any."""
        checked = check_kind(kind)
        with self._file_lock(checked):
            self._discard(checked)

    def _discard(self, kind: IndexKind) -> None:
        name = self._unfinished_name(kind)
        self._building_path(kind).unlink(missing_ok=True)
        if name is not None:
            self._drop_generation_files(kind, name)

    # --- reading -----------------------------------------------------------------------------

    def count(self, kind: IndexKind) -> int:
        """Number of documents in the index."""
        with self._serving(kind) as state:
            return int(state.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def ids(self, kind: IndexKind) -> set[int]:
        """Ids of all documents in the index."""
        with self._serving(kind) as state:
            return {row[0] for row in state.conn.execute("SELECT id FROM docs")}

    def search(self, kind: IndexKind, req: SearchRequest) -> SearchResult:
        """Run a request following the contract of `search.base`."""
        plan = plan_request(req)
        with self._serving(kind) as state:
            return self._search(state, req, plan)

    def _search(self, state: Generation, req: SearchRequest, plan: QueryPlan) -> SearchResult:
        filters = state.filters
        passing = filters.mask(req)
        if plan.listing:
            listed = (
                filters.newest(passing, req.offset, page_end(req))
                if req.sort is None
                else filters.sorted_by(passing, req.sort, req.offset, page_end(req))
            )
            hits = [SearchHit(id=doc_id, score=0.0) for doc_id in listed]
            facets = filters.facets(passing, req.facets)
            return SearchResult(total=int(passing.sum()), hits=hits, facets=facets)

        vector_hits: list[tuple[int, float]] = []
        query = normalised_vector(req.vector, self.dim) if plan.use_vector else None
        if query is not None:
            restricted = bool(active_terms(req) or active_date_ranges(req) or req.exclude_ids)
            candidates = filters.ids(passing) if restricted else None
            vector_hits = state.vectors.top_k(query, req.knn_candidates, candidates)
        # Candidates below the floor still rank, but only those at it count as hits alone.
        close_ids = [doc_id for doc_id, cosine in vector_hits if passes_floor(req, cosine)]

        bm25: Bm25Fetch | None = None
        candidate_set = filters.mask_of(close_ids)
        if plan.use_text:
            ranked = self._bm25_ranking(state, plan, passing)
            candidate_set[filters.slots(ranked)] = True

            def fetch_bm25(start: int, size: int) -> list[int]:
                return ranked[start : start + size].tolist()

            bm25 = fetch_bm25

        if req.sort is not None:
            # The candidate set is exactly the hits with evidence: sorting it adds nothing.
            ids = filters.sorted_by(candidate_set, req.sort, req.offset, page_end(req))
            page = sorted_hits(ids, vector_hits)
        else:
            prefer = active_preferences(req)
            preferred = partial(filters.matched_fields, prefer=prefer) if prefer else None
            page = ranked_page(req, bm25, vector_hits, preferred)
        if req.highlight and plan.use_text:
            self._add_highlights(state.conn, page, frozenset(plan.stems))
        facets = filters.facets(candidate_set, req.facets)
        return SearchResult(total=int(candidate_set.sum()), hits=page, facets=facets)

    def prepare_words(self, kind: IndexKind, words: Sequence[str]) -> None:
        """Nothing to prepare: a search reads its words' counts from the postings it scores."""

    def common_words(self, kind: IndexKind, req: SearchRequest) -> frozenset[str]:
        """The words of `req.text` common in this index now (see `search.base`)."""
        plan = plan_request(req)
        if not plan.use_text or len(plan.groups) < 2:
            return frozenset()
        with self._serving(kind) as state:
            _, evidence = self._term_parts(state, plan, named=False)
        if not evidence:
            return frozenset()
        return frozenset(t for t in plan.tokens if set(query_stems(t)).isdisjoint(evidence))

    def holding(self, kind: IndexKind, req: SearchRequest, words: Sequence[str]) -> dict[str, int]:
        """How many documents passing `req`'s filters hold any stem of each word (see
        `search.base`)."""
        stems = {word: query_stems(word) for word in words}
        wanted = list(dict.fromkeys(stem for found in stems.values() for stem in found))
        with self._serving(kind) as state:
            passing = state.filters.mask(req)
            parts = dict(zip(wanted, state.terms.parts(state.conn, wanted), strict=True))
            counts: dict[str, int] = {}
            for word, found in stems.items():
                ids = np.unique(np.concatenate([parts[s][0] for s in found] or [np.empty(0)]))
                slots = state.filters.slots(ids.astype(np.int64))
                counts[word] = int(passing[slots[slots >= 0]].sum())
        return counts

    @staticmethod
    def _term_parts(
        state: Generation, plan: QueryPlan, *, named: bool = True
    ) -> tuple[list[TermPart], tuple[str, ...]]:
        """Each query stem's rows, and the stems a text match must hold one of (`evidence_words`,
        heeding `named_text` when `named`; () when any will do)."""
        parts = state.terms.parts(state.conn, plan.stems)
        rows = state.terms.statistics(state.conn).rows
        holding = {stem: len(part[0]) for stem, part in zip(plan.stems, parts, strict=True)}
        names = plan.named_stems if named else frozenset()
        return parts, evidence_words(plan.stem_groups, holding, rows, names)

    @classmethod
    def _bm25_ranking(cls, state: Generation, plan: QueryPlan, passing: np.ndarray) -> np.ndarray:
        """Ids of all text matches passing the filters, best BM25 first, ties by id. Beside
        rarer stems a common one only ranks ("Common words" in `search.base`)."""
        stems = plan.stems
        parts, evidence = cls._term_parts(state, plan)
        # FTS5's bm25(): negated, lower is better.
        ids, scores = summed(parts)
        slots = state.filters.slots(ids)
        keep = slots >= 0
        keep[keep] = passing[slots[keep]]
        if evidence:
            held = [part[0] for stem, part in zip(stems, parts, strict=True) if stem in evidence]
            keep &= np.isin(ids, np.concatenate(held))
        ids, scores = ids[keep], scores[keep]
        return ids[np.lexsort((ids, scores))]

    @staticmethod
    def _add_highlights(
        conn: sqlite3.Connection, hits: list[SearchHit], stems: frozenset[str]
    ) -> None:
        # Every hit is looked at: a vector candidate may match the text beyond the BM25 head.
        matched = {hit.id: hit for hit in hits}
        if not matched:
            return
        rows = conn.execute(
            "SELECT id, fields FROM docs WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(matched))],
        )
        for doc_id, fields in rows:
            texts = json.loads(fields)
            ordered = {name: texts[name] for name in TEXT_FIELDS if texts.get(name)}
            matched[doc_id].highlights = highlight_fields(ordered, stems)

    @staticmethod
    def _facets(
        conn: sqlite3.Connection, req: SearchRequest, candidate_sql: str, params: list[Any]
    ) -> dict[str, dict[str, int]]:
        if not req.facets:
            return {}
        facets: dict[str, dict[str, int]] = {name: {} for name in req.facets}
        rows = conn.execute(
            "SELECT k.field, k.value, COUNT(*) AS n FROM keywords k "
            "WHERE k.field IN (SELECT value FROM json_each(?)) "
            f"AND k.id IN ({candidate_sql}) "
            "GROUP BY k.field, k.value ORDER BY k.field, n DESC, k.value",
            [json.dumps(list(req.facets)), *params],
        )
        for name, value, n in rows:
            if len(facets[name]) < FACET_SIZE:
                facets[name][value] = n
        return facets

    def health(self) -> dict[str, Any]:
        """Document and vector counts per kind; `ok` False with the error when files fail."""
        try:
            with self._lock:
                counts = {}
                for kind in INDEX_KINDS:
                    state = self._current(kind)
                    docs = state.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
                    counts[kind] = {
                        "documents": int(docs),
                        "vectors": len(state.vectors),
                        "pending_vectors": state.vectors.pending,
                        "generation": state.name,
                    }
            return {"backend": self.name, "ok": True, "indices": counts}
        except (OSError, sqlite3.Error, ValueError) as exc:
            return {"backend": self.name, "ok": False, "error": str(exc)}

    def close(self) -> None:
        """Close the databases; the backend reopens them if used again."""
        with self._lock:
            for state in self._open.values():
                with suppress(sqlite3.Error):
                    state.conn.close()
            self._open.clear()
