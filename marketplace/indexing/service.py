"""The indexer: applies the outbox to the search engine, rebuilds indices, caches vectors."""

from __future__ import annotations

import logging
import threading
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from marketplace.db import session_scope, utcnow
from marketplace.indexing.documents import (
    is_indexable_vacancy,
    profile_index_entry,
    vacancy_index_entry,
)
from marketplace.indexing.models import EmbeddingCacheEntry, OutboxEntry
from marketplace.profiles.models import Profile
from marketplace.taxonomy.service import Taxonomy
from marketplace.vacancies.models import Vacancy
from matching.embeddings import CachedEncoder, Encoder, InMemoryVectorCache, content_key
from search.base import (
    IndexKind,
    RebuildBatch,
    RebuildCheckpoint,
    SearchBackend,
    SearchDocument,
    SearchUnavailable,
)

log = logging.getLogger("marketplace.indexing")

BATCH = 256
# Outbox rows applied per drain.
DRAIN_LIMIT = 5000
MAX_ERROR = 500
# Vectors of search texts kept in memory (1.5 kB each): repeated and paged searches skip the model.
QUERY_CACHE_SIZE = 4096


def forget_vector(session: Session, model_id: str, text: str) -> None:
    """Drop the cached vector of a text (an erased account's), so nothing derived from it stays."""
    key = content_key(model_id, text)
    session.execute(delete(EmbeddingCacheEntry).where(EmbeddingCacheEntry.key == key))


class DatabaseVectorCache:
    """Embedding cache in the service's own database, shared by every process."""

    def __init__(self, session_factory: sessionmaker[Session], dim: int):
        self._factory = session_factory
        self._dim = dim

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._factory() as session:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                rows = session.execute(
                    select(EmbeddingCacheEntry.key, EmbeddingCacheEntry.vector).where(
                        EmbeddingCacheEntry.key.in_(chunk)
                    )
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        if not items:
            return
        try:
            with session_scope(self._factory) as session:
                existing = set(
                    session.scalars(
                        select(EmbeddingCacheEntry.key).where(
                            EmbeddingCacheEntry.key.in_(list(items))
                        )
                    )
                )
                session.add_all(
                    EmbeddingCacheEntry(key=k, vector=np.asarray(v, dtype=np.float32).tobytes())
                    for k, v in items.items()
                    if k not in existing
                )
        except IntegrityError:
            # Another request cached the same text at the same moment; the vector is the same.
            log.debug("embedding cache: concurrent insert of the same key ignored")


@dataclass
class IndexerStatus:
    """How far the search engine lags behind the database."""

    pending: int
    failing: bool
    last_error: str
    # Seconds the oldest waiting change has waited (0 when nothing waits).
    oldest_age_seconds: float = 0.0


Progress = Callable[[int, int], None]
Tell = Callable[[str], None]


class Indexer:
    """Keeps the search engine in step with the database, which is the truth."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        search: SearchBackend,
        encoder: Callable[[], Encoder],
        taxonomy: Taxonomy,
        *,
        background_interval: float = 2.0,
    ):
        self._factory = session_factory
        self.search = search
        self._encoder = encoder
        self.taxonomy = taxonomy
        self._interval = background_interval
        self._lock = threading.Lock()
        # Set while a request applies its own committed change (`after_commit`).
        self._saving = False
        self.failing = False
        self.last_error = ""
        self._query_vectors = InMemoryVectorCache(QUERY_CACHE_SIZE)

    def encoder(self) -> Encoder:
        """The embedding model behind a database-backed cache of vectors."""
        inner = self._encoder()
        return CachedEncoder(inner, DatabaseVectorCache(self._factory, inner.dim))

    def query_encoder(self) -> Encoder:
        """The model behind a per-process memory cache, for what people type into a search box.

        Search texts are not written to the database: a write transaction per new search would
        queue searches behind the single SQLite writer, and what people search for is not
        something the service needs to keep."""
        return CachedEncoder(self._encoder(), self._query_vectors)

    # -- building documents -------------------------------------------------------------------

    def _prepare(
        self, kind: IndexKind, rows: Sequence[Profile | Vacancy], ids: Collection[int] = ()
    ) -> _Chunk:
        """Documents of the rows that belong in the index, all but their vectors; `ids` that
        are not among them are to be removed."""
        docs: list[SearchDocument] = []
        texts: list[str] = []
        taxonomy, today = self.taxonomy, date.today()
        for row in rows:
            if isinstance(row, Profile) and row.searchable:
                doc, text = profile_index_entry(row, taxonomy)
            elif isinstance(row, Vacancy) and is_indexable_vacancy(row, today):
                doc, text = vacancy_index_entry(row, taxonomy)
            else:
                continue
            docs.append(doc)
            texts.append(text)
        gone = set(ids) - {doc.id for doc in docs}
        # A row that is no longer searchable is removed as of its version; a row that no
        # longer exists, as of now.
        as_of = {row.id: row.updated_at for row in rows if row.id in gone}
        return _Chunk(
            kind, sorted(ids or [row.id for row in rows]), docs, texts, sorted(gone), as_of
        )

    def _load(self, session: Session, kind: IndexKind, ids: Collection[int]) -> _Chunk:
        """A chunk of rows by id; its documents come in ascending ids, as a rebuild needs."""
        rows: Sequence[Profile | Vacancy]
        if kind == "profiles":
            rows = session.scalars(
                select(Profile).where(Profile.id.in_(ids)).order_by(Profile.id)
            ).all()
        else:
            rows = session.scalars(
                select(Vacancy).where(Vacancy.id.in_(ids)).order_by(Vacancy.id)
            ).all()
        return self._prepare(kind, rows, ids)

    def _encoded(self, chunks: Iterable[_Chunk]) -> Iterator[_Chunk]:
        """The chunks in order with their vectors set. The model encodes a chunk on a thread of
        its own while the caller loads the next chunk from the database and writes the one
        before to the engine, so neither waits for the other (the model releases the GIL)."""
        encoder = self.encoder()
        pending: deque[tuple[_Chunk, Future[np.ndarray]]] = deque()
        with ThreadPoolExecutor(1, thread_name_prefix="encode-ahead") as ahead:
            for chunk in chunks:
                pending.append((chunk, ahead.submit(encoder.encode, chunk.texts)))
                if len(pending) > 1:
                    yield _with_vectors(*pending.popleft())
            while pending:
                yield _with_vectors(*pending.popleft())

    def documents_of(
        self, kind: IndexKind, rows: Sequence[Profile | Vacancy]
    ) -> list[SearchDocument]:
        """The documents of rows as the index gets them, vectors included."""
        return [doc for chunk in self._encoded([self._prepare(kind, rows)]) for doc in chunk.docs]

    def _sync(self, session: Session, changed: Mapping[IndexKind, Collection[int]]) -> None:
        """Write the rows' current state, every kind through one encoding pipeline, so the
        model goes on with the next kind while the engine takes the last writes of the one
        before. Each write carries the row's version (`updated_at`), so when another process
        syncs the same row at the same time the engine keeps the newer state whichever write
        lands last. Only the last chunk of each kind waits until its writes are searchable:
        that makes the earlier chunks' searchable too."""
        chunks = [
            (kind, chunk) for kind, ids in changed.items() for chunk in _chunks(sorted(ids), BATCH)
        ]
        last_of_kind = {kind: number for number, (kind, _) in enumerate(chunks)}
        loaded = (self._load(session, kind, ids) for kind, ids in chunks)
        for number, chunk in enumerate(self._encoded(loaded)):
            refresh = last_of_kind[chunk.kind] == number
            # Removals first and unrefreshed (the ids differ from the documents'): one wait
            # for a refresh per chunk, not two.
            if chunk.gone:
                self.search.delete(
                    chunk.kind, chunk.gone, refresh=refresh and not chunk.docs, as_of=chunk.as_of
                )
            self.search.index(chunk.kind, chunk.docs, refresh=refresh)

    # -- the outbox ---------------------------------------------------------------------------

    def has_pending(self) -> bool:
        """Whether any outbox row waits (one indexed lookup)."""
        with self._factory() as session:
            return session.scalar(select(OutboxEntry.id).limit(1)) is not None

    def pending(self) -> int:
        """Outbox rows not yet applied."""
        with self._factory() as session:
            return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0

    def drain(self, limit: int = DRAIN_LIMIT) -> int:
        """Apply pending outbox rows; on an engine outage keep them for a later retry."""
        with self._lock:
            return self._drain(limit)

    def _drain(self, limit: int) -> int:
        with self._factory() as session:
            rows = session.scalars(select(OutboxEntry).order_by(OutboxEntry.id).limit(limit)).all()
            if not rows:
                self.failing = False
                return 0
            by_kind: dict[IndexKind, set[int]] = {}
            for row in rows:
                by_kind.setdefault(row.kind, set()).add(row.entity_id)  # type: ignore[arg-type]
            try:
                self._sync(session, by_kind)
            except SearchUnavailable as exc:
                self.failing, self.last_error = True, str(exc)[:MAX_ERROR]
                for row in rows:
                    row.attempts += 1
                    row.last_error = self.last_error
                session.commit()
                log.warning("search engine unavailable; %d changes wait in the outbox", len(rows))
                return 0
            session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_([r.id for r in rows])))
            session.commit()
            self.failing = False
            return len(rows)

    def after_commit(self) -> None:
        """Called after a request committed changes: apply them before the response."""
        try:
            with self._lock:
                self._saving = True
                try:
                    self._drain(DRAIN_LIMIT)
                finally:
                    self._saving = False
        except Exception:  # the outbox keeps the change; the background loop retries
            log.exception("indexing after commit failed")

    def before_search(self) -> None:
        """Apply committed changes before a search, unless a save is applying them now: that
        save answers only once they are searchable, so the search goes on without them rather
        than queue behind another request's engine write. A drain of the background loop is
        waited for: what it holds may be older than the search."""
        if not self._saving and self.has_pending():
            self.drain()

    def run_forever(self, stop: threading.Event) -> None:
        """Drain the outbox until stopped (the `marketplace indexer` process and the embedded
        default's background thread)."""
        while not stop.is_set():
            try:
                while self.drain():
                    pass
            except Exception:
                log.exception("indexer loop failed")
            stop.wait(self._interval)

    def start_background(self, stop: threading.Event) -> threading.Thread:
        """Retry loop in a daemon thread."""
        thread = threading.Thread(
            target=self.run_forever, args=(stop,), daemon=True, name="indexer"
        )
        thread.start()
        return thread

    # -- full rebuilds --------------------------------------------------------------------------

    def documents(
        self, kind: IndexKind, progress: Progress | None = None, *, after: int | None = None
    ) -> Iterator[RebuildBatch]:
        """Every document that belongs in an index, in batches of `BATCH` rows with ids after
        `after`, ascending; `progress` hears (rows done, rows in all) before the first batch
        and after each batch is written, rows up to `after` counting as done."""
        model = Profile if kind == "profiles" else Vacancy
        with self._factory() as session:
            ids = list(session.scalars(select(model.id).order_by(model.id)))
            done = 0 if after is None else bisect_right(ids, after)
            if progress is not None:
                progress(done, len(ids))

            rest = ids[done:]

            def loaded() -> Iterator[_Chunk]:
                for chunk in _chunks(rest, BATCH):
                    yield self._load(session, kind, chunk)
                    session.expunge_all()

            for chunk in self._encoded(loaded()):
                yield RebuildBatch(chunk.ids[-1], chunk.docs)
                done += len(chunk.ids)
                if progress is not None:
                    progress(done, len(ids))

    def reindex(
        self,
        kind: IndexKind,
        progress: Progress | None = None,
        *,
        restart: bool = False,
        tell: Tell = log.info,
    ) -> int:
        """Rebuild an index from the database into a new index and swap it in.

        Writes keep flowing to the old index meanwhile (no lock is held, so requests never
        wait for a rebuild); afterwards everything changed since the first attempt began is
        synced again and documents whose rows are gone are deleted, so the new index misses
        nothing.

        An interrupted rebuild leaves the old index serving and keeps the new one with a
        checkpoint; the next call continues after it unless `restart` is asked or the kept
        build no longer fits (another model, dimensions or index layout). `tell` hears one
        line when a kept build is continued or discarded.
        """
        checkpoint = self._rebuild_from(kind, restart, tell)
        count = self.search.reindex(
            kind, self.documents(kind, progress, after=checkpoint.last_id), checkpoint=checkpoint
        )
        self._catch_up(kind, checkpoint.started_at)
        return count

    def _rebuild_from(self, kind: IndexKind, restart: bool, tell: Tell) -> RebuildCheckpoint:
        """The kept unfinished rebuild to continue, or a new start."""
        model_id = self._encoder().model_id
        kept = self.search.unfinished_rebuild(kind)
        if kept is not None:
            began = f"{kind}: the rebuild begun {kept.started_at:%Y-%m-%d %H:%M:%S} UTC"
            why = "a restart was asked for" if restart else kept.refusal(model_id)
            if why is None:
                tell(f"{began} resumes {self._resume_point(kind, kept.last_id)}")
                return kept
            self.search.discard_unfinished(kind)
            tell(f"{began} is discarded: {why}")
        return RebuildCheckpoint(started_at=utcnow() - timedelta(seconds=1), model_id=model_id)

    def _resume_point(self, kind: IndexKind, last_id: int | None) -> str:
        """Where a continued rebuild picks up, for people: the row and the share done."""
        if last_id is None:
            return "from the first row"
        model = Profile if kind == "profiles" else Vacancy
        with self._factory() as session:
            done = session.scalar(select(func.count()).where(model.id <= last_id)) or 0
            total = session.scalar(select(func.count()).select_from(model)) or 0
        return f"after row {last_id} ({done:,} of {total:,} rows done)"

    def _catch_up(self, kind: IndexKind, since: datetime) -> None:
        model = Profile if kind == "profiles" else Vacancy
        with self._lock, self._factory() as session:
            changed = list(session.scalars(select(model.id).where(model.updated_at >= since)))
            if changed:
                self._sync(session, {kind: changed})
            existing = set(session.scalars(select(model.id)))
            stale = self.search.ids(kind) - existing
            if stale:
                self.search.delete(kind, sorted(stale))

    def status(self) -> IndexerStatus:
        """Outbox depth and the age of its oldest row: the indexing lag, shared by every process
        that reads the same database."""
        with self._factory() as session:
            pending, oldest = session.execute(
                select(func.count(), func.min(OutboxEntry.created_at)).select_from(OutboxEntry)
            ).one()
        age = 0.0
        if oldest is not None:
            aware = oldest if oldest.tzinfo is not None else oldest.replace(tzinfo=UTC)
            age = max(0.0, (utcnow() - aware).total_seconds())
        return IndexerStatus(int(pending or 0), self.failing, self.last_error, age)


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


@dataclass
class _Chunk:
    """One batch of rows on its way to the engine."""

    kind: IndexKind
    # The source rows' ids, ascending: a rebuild's checkpoint is the last.
    ids: list[int]
    docs: list[SearchDocument]
    # The text each document's vector is made of, in the same order.
    texts: list[str]
    gone: list[int]
    as_of: dict[int, datetime]


def _with_vectors(chunk: _Chunk, vectors: Future[np.ndarray]) -> _Chunk:
    for doc, vector in zip(chunk.docs, vectors.result(), strict=True):
        doc.vector = vector
    return chunk
