"""Indexing and start-up as operations: the lag is visible, a rebuild reports its progress,
and the service is warm before it answers."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace import progress
from marketplace.app import create_app
from marketplace.config import Settings
from marketplace.container import build_search
from marketplace.db import utcnow
from marketplace.indexing.models import OutboxEntry
from marketplace.indexing.service import Indexer
from marketplace.migrate import migrate
from marketplace.progress import ProgressBar
from marketplace.taxonomy import query, suggest
from marketplace.warmup import WARM_PAGES
from search.base import IndexKind, SearchBackend, SearchDocument, SearchRequest
from tests import factories


def test_the_lag_shows_on_healthz_and_as_a_metric(
    client: TestClient, db: Session, app: object
) -> None:
    idle = client.get("/healthz").json()["indexer"]
    assert (idle["pending"], idle["oldest_age_seconds"]) == (0, 0)
    db.add(
        OutboxEntry(kind="profiles", entity_id=999_999, created_at=utcnow() - timedelta(minutes=2))
    )
    db.add(OutboxEntry(kind="profiles", entity_id=999_998))
    db.commit()

    lagging = client.get("/healthz").json()["indexer"]
    assert lagging["pending"] == 2 and 119 <= lagging["oldest_age_seconds"] < 180
    metrics = client.get("/metrics")
    assert metrics.status_code == 200 and metrics.headers["content-type"].startswith("text/plain")
    values = dict(
        line.split(" ", 1) for line in metrics.text.splitlines() if not line.startswith("#")
    )
    assert values["marketplace_outbox_pending"] == "2"
    assert 119 <= float(values["marketplace_outbox_oldest_age_seconds"]) < 180
    assert values["marketplace_indexer_failing"] == "0"

    app.state.indexer.drain()  # type: ignore[attr-defined]
    assert client.get("/healthz").json()["indexer"]["pending"] == 0


def test_a_rebuild_reports_its_progress_to_the_end(db: Session, app: object) -> None:
    owner = factories.jobseeker(db)
    for n in range(3):
        other = factories.jobseeker(db, email=f"etsija{n}@example.fi")
        factories.profile(db, other, headline=f"Kirvesmies {n}")
    factories.profile(db, owner)
    heard: list[tuple[int, int]] = []

    count = app.state.indexer.reindex(  # type: ignore[attr-defined]
        "profiles", progress=lambda done, total: heard.append((done, total))
    )

    assert count == 4
    assert heard[0] == (0, 4) and heard[-1] == (4, 4)
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def test_the_progress_line_gives_rate_and_time_left() -> None:
    out = io.StringIO()  # not a terminal: a line per tenth
    bar = ProgressBar("profiles", stream=out)
    for done in range(0, 1001, 50):
        bar(done, 1000)
    lines = out.getvalue().splitlines()
    assert len(lines) == 11  # 0 %, 10 %, ..., 100 %
    assert lines[0].startswith("profiles: [........................] 0/1,000")
    assert "/s" in lines[5] and lines[5].endswith(" left")
    assert lines[0].endswith("starting")
    assert lines[-1].endswith("done") and "1,000/1,000 100%" in lines[-1]


def test_a_resumed_job_s_progress_starts_where_it_left_off(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 100.0, 100.0, 110.0])
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    out = io.StringIO()
    bar = ProgressBar("profiles", stream=out)  # made at 0 s; the first report comes at 100 s

    bar(600, 1000)  # done before this run
    bar(700, 1000)  # 100 rows in the 10 s since
    lines = out.getvalue().splitlines()

    assert lines[0].startswith("profiles: [##############..........] 600/1,000")
    assert lines[0].endswith("0/s  starting")
    assert lines[1].endswith(" 10/s  30 s left")


def test_the_service_is_warm_before_it_answers_its_first_request(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'warm.db'}"
    migrate(url)
    settings = Settings(
        environment="development",
        secret_key="warm-up-test-secret-0123456789-abcdefgh",
        var_dir=tmp_path,
        database_url=url,
        embedding_encoder="hashing",
    )
    built = dict(suggest._semantic)  # the session's indices, put back afterwards
    suggest._semantic.clear()
    reading_lists = (query._word_index, query._stem_index)
    for made in reading_lists:
        made.cache_clear()
    said: list[str] = []
    answered: list[tuple[str, int]] = []
    heard = logging.Handler()
    heard.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    requests = logging.Handler()
    requests.emit = lambda record: answered.append(  # type: ignore[method-assign]
        (record.__dict__["fields"]["path"], record.__dict__["fields"]["status"])
    )
    logging.getLogger("marketplace.warmup").addHandler(heard)
    logging.getLogger("marketplace.request").addHandler(requests)
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            # Start-up is over: the suggestion vectors were built, every template compiled and
            # the public pages answered once before any request came.
            assert len(suggest._semantic) == 1
            assert all(made.cache_info().currsize == 1 for made in reading_lists)
            assert "profiles/edit.html" in {t.name for t in app.state.templates.cache.values()}
            warmed = list(answered)
            assert client.get("/healthz").status_code == 200
    finally:
        logging.getLogger("marketplace.warmup").removeHandler(heard)
        logging.getLogger("marketplace.request").removeHandler(requests)
        suggest._semantic.clear()
        suggest._semantic.update(built)
    assert said[0].startswith("preparing:") and said[-1].startswith("prepared in")
    assert warmed == [(urlsplit(page).path, 200) for page in WARM_PAGES]


class _WriteLog:
    """The app's search engine, noting each write as (call, kind, ids, refresh). The first
    write that waits for a refresh checks that the model is already encoding the next chunk."""

    def __init__(self, inner: SearchBackend, next_chunk_encoding: threading.Event) -> None:
        self.inner = inner
        self.writes: list[tuple[str, str, list[int], bool]] = []
        self.next_chunk_encoding = next_chunk_encoding
        self.overlapped: bool | None = None

    def _note(self, call: str, kind: str, ids: list[int], refresh: bool) -> None:
        self.writes.append((call, kind, ids, refresh))
        if refresh and self.overlapped is None:
            self.overlapped = self.next_chunk_encoding.wait(10)

    def index(
        self, kind: IndexKind, docs: Sequence[SearchDocument], *, refresh: bool = True
    ) -> None:
        self._note("index", kind, sorted(d.id for d in docs), refresh)
        self.inner.index(kind, docs, refresh=refresh)

    def delete(
        self, kind: IndexKind, ids: Sequence[int], *, refresh: bool = True, **kw: object
    ) -> None:
        self._note("delete", kind, sorted(ids), refresh)
        self.inner.delete(kind, ids, refresh=refresh, **kw)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_a_drain_encodes_the_next_kind_while_the_engine_takes_the_last_writes(
    db: Session, app: object
) -> None:
    state = app.state  # type: ignore[attr-defined]
    model = state.encoder()
    calls = 0
    next_chunk_encoding = threading.Event()

    class Counting:
        dim, model_id = model.dim, model.model_id

        def encode(self, texts: list[str], batch_size: int = 64) -> object:
            nonlocal calls
            calls += 1
            if calls == 2:
                next_chunk_encoding.set()
            return model.encode(texts, batch_size)

    engine = _WriteLog(state.search, next_chunk_encoding)
    indexer = Indexer(state.session_factory, engine, Counting, state.indexer.taxonomy)  # type: ignore[arg-type]
    # The app's own indexer must not drain these rows first.
    with state.indexer._lock:
        boss = factories.employer(db)
        vacancy = factories.vacancy(db, boss)
        shown = factories.profile(db, factories.jobseeker(db), headline="Putkiasentaja")
        hidden = factories.profile(db, factories.jobseeker(db), visibility="hidden")
        assert indexer.drain() > 0

    assert engine.overlapped, "the model waited for the first kind's refresh"
    by_kind = {
        kind: [w for w in engine.writes if w[1] == kind] for kind in ("profiles", "vacancies")
    }
    # One refresh per kind, on its last write; removals travel unrefreshed before the upserts.
    assert by_kind["profiles"] == [
        ("delete", "profiles", [hidden.id], False),
        ("index", "profiles", [shown.id], True),
    ]
    assert by_kind["vacancies"][-1] == ("index", "vacancies", [vacancy.id], True)
    assert [w[3] for w in engine.writes].count(True) == 2
    assert state.search.ids("profiles") == {shown.id}


class _Gate:
    """An engine whose writes wait until the gate opens: a drain caught in the middle."""

    def __init__(self, inner: SearchBackend) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.opened = threading.Event()

    def index(
        self, kind: IndexKind, docs: Sequence[SearchDocument], *, refresh: bool = True
    ) -> None:
        self.entered.set()
        assert self.opened.wait(30), "the gate was never opened"
        self.inner.index(kind, docs, refresh=refresh)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


@pytest.mark.parametrize("writer", ["a save", "the background loop"])
def test_a_search_waits_for_the_background_drain_but_not_for_a_save(
    db: Session, app: object, writer: str
) -> None:
    """A save answers only once its change is searchable, so a search need not queue behind
    its engine write; what the background loop is applying may be older than the search."""
    state = app.state  # type: ignore[attr-defined]
    engine = _Gate(state.search)
    indexer = Indexer(state.session_factory, engine, state.encoder, state.indexer.taxonomy)  # type: ignore[arg-type]
    searched = threading.Event()

    def search() -> None:
        indexer.before_search()
        searched.set()

    # The app's own indexer must not drain this row first.
    with state.indexer._lock:
        factories.profile(db, factories.jobseeker(db), headline="Kirvesmies")
        drain = indexer.after_commit if writer == "a save" else indexer.drain
        draining = threading.Thread(target=drain)
        draining.start()
        assert engine.entered.wait(30)
        threading.Thread(target=search).start()
        if writer == "a save":
            assert searched.wait(30), "the search queued behind a save's engine write"
        else:
            assert not searched.wait(1), "the search went on without the older changes"
        engine.opened.set()
        draining.join(30)
        assert searched.wait(30)
    assert not indexer.has_pending()
    assert state.search.search("profiles", SearchRequest(text="kirvesmies")).total == 1


def test_elasticsearch_writes_refresh_at_once_unless_the_service_is_told_to_wait() -> None:
    def policy(**overrides: object) -> str:
        settings = Settings(search_backend="elasticsearch", environment="test", **overrides)
        backend = build_search(settings)
        try:
            return str(backend.refresh_policy)
        finally:
            backend.close()

    assert policy() == "true"
    assert policy(elasticsearch_refresh="wait_for") == "wait_for"
    with pytest.raises(ValidationError, match="elasticsearch_refresh"):
        Settings(elasticsearch_refresh="false")
