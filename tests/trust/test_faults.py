"""Faults: Elasticsearch stopped during writes, PostgreSQL restarted under load, and a crash in
the middle of a reindex. The database is the truth; nothing written may be lost.

Environment: MARKETPLACE_TEST_ELASTICSEARCH_URL (the node `scripts/elasticsearch.sh` runs) and
MARKETPLACE_TEST_DATABASE_URL (PostgreSQL); without them these tests skip, except in CI.
Stopping and starting Elasticsearch takes a minute or two here, so it happens once.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.app import create_app
from marketplace.config import PROJECT_ROOT, Settings
from marketplace.migrate import migrate
from marketplace.profiles.models import Profile
from search.base import SearchDocument, batched
from tests import factories
from tests.trust.conftest import IN_CI, a_profile
from tests.trust.test_abuse import SYNTAX

ES_URL = os.environ.get("MARKETPLACE_TEST_ELASTICSEARCH_URL", "")
PG_URL = os.environ.get("MARKETPLACE_TEST_DATABASE_URL", "")
ES_SCRIPT = PROJECT_ROOT / "scripts" / "elasticsearch.sh"


def _need(value: str, what: str) -> None:
    if not value:
        message = f"{what} is not configured"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _run(*command: str, timeout: float = 400) -> None:
    subprocess.run(command, check=True, timeout=timeout, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def es_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The service on Elasticsearch (indices of its own) with a database of its own."""
    _need(ES_URL, "MARKETPLACE_TEST_ELASTICSEARCH_URL")
    var: Path = tmp_path_factory.mktemp("faults")
    url = f"sqlite:///{var / 'faults.db'}"
    migrate(url)
    prefix = f"trust-{uuid.uuid4().hex[:8]}"
    settings = Settings(
        environment="test",
        secret_key="faults-test-secret-not-for-production",
        var_dir=var,
        database_url=url,
        search_backend="elasticsearch",
        elasticsearch_url=ES_URL,
        elasticsearch_prefix=prefix,
        search_timeout_seconds=3.0,
    )
    app = create_app(settings)
    with TestClient(app):
        yield app
    from elasticsearch import Elasticsearch

    client = Elasticsearch(ES_URL)
    client.options(ignore_status=404).indices.delete(index=f"{prefix}*")
    client.close()


def _searchable_ids(session: Session) -> set[int]:
    return {p.id for p in session.scalars(select(Profile)) if p.searchable}


@pytest.mark.elasticsearch
@pytest.mark.slow
def test_elasticsearch_outage_loses_no_write(es_app: FastAPI) -> None:
    client = TestClient(es_app)
    factory = es_app.state.session_factory
    with factory() as db:
        seekers = [factories.jobseeker(db, name=f"Ennen Katkoa {i}") for i in range(3)]
        for seeker in seekers:
            factories.profile(db, seeker)
        employer = factories.employer(db, org="Katko Oy")
        newcomer = factories.jobseeker(db, name="Katkon Aikana")
    es_app.state.indexer.drain()
    assert es_app.state.search.count("profiles") == 3
    employer_h = factories.login(client, employer)
    seeker_h = [factories.login(client, s) for s in (*seekers, newcomer)]

    _run(str(ES_SCRIPT), "stop")
    try:
        # Writes succeed while the engine is down.
        hidden = a_profile(1, seekers[0].email, visibility="hidden")
        assert client.put("/api/v1/me/profile", json=hidden, headers=seeker_h[0]).status_code == 200
        public = a_profile(2, newcomer.email)
        assert client.put("/api/v1/me/profile", json=public, headers=seeker_h[3]).status_code == 200
        vacancy = {
            "title": "Hoitaja katkon aikana",
            "employment_type": "permanent",
            "working_time": "full_time",
            "publish": True,
            "deadline": date.today().replace(year=date.today().year + 1).isoformat(),
        }
        assert client.post("/api/v1/vacancies", json=vacancy, headers=employer_h).status_code == 201
        assert es_app.state.indexer.pending() > 0

        # Search says clearly that it is unavailable.
        for url, headers in (("/api/v1/candidates", employer_h), ("/api/v1/vacancies", {})):
            answer = client.get(url, params={"q": "sairaanhoitaja"}, headers=headers)
            assert answer.status_code == 503, (url, answer.status_code, answer.text)
            assert answer.headers["content-type"].startswith("application/json")
            assert answer.json()["message"]
        page = client.get("/vacancies", params={"q": "sairaanhoitaja"})
        assert page.status_code == 503
    finally:
        _run(str(ES_SCRIPT), "start")

    # The background indexer drains the outbox once the engine answers again.
    deadline = time.monotonic() + 120
    while es_app.state.indexer.pending() and time.monotonic() < deadline:
        time.sleep(1)
    assert es_app.state.indexer.pending() == 0
    with factory() as db:
        expected = _searchable_ids(db)
    assert es_app.state.search.ids("profiles") == expected
    assert es_app.state.search.count("profiles") == len(expected) == 3
    found = client.get("/api/v1/candidates", params={"q": "sairaanhoitaja"}, headers=employer_h)
    assert found.status_code == 200


def _crashing(docs: list[SearchDocument], after: int) -> Iterator[SearchDocument]:
    for number, doc in enumerate(docs):
        if number == after:
            raise RuntimeError("the document builder crashed in the middle of a reindex")
        yield doc


def _reindex_crash_keeps_old_index(app: FastAPI) -> None:
    search, indexer = app.state.search, app.state.indexer
    before = search.ids("profiles")
    assert len(before) >= 2
    docs = [doc for batch in indexer.documents("profiles") for doc in batch.docs]
    with pytest.raises(RuntimeError, match="crashed"):
        search.reindex("profiles", batched(_crashing(docs, after=len(docs) // 2 or 1), 1))
    assert search.ids("profiles") == before
    # The next full rebuild works and serves the same documents.
    assert indexer.reindex("profiles") == len(before)
    assert search.ids("profiles") == before


@pytest.mark.elasticsearch
def test_crash_during_reindex_leaves_the_old_index_serving_on_elasticsearch(
    es_app: FastAPI,
) -> None:
    with es_app.state.session_factory() as db:
        for i in range(2):
            factories.profile(db, factories.jobseeker(db, name=f"Uudelleen {i}"))
    es_app.state.indexer.drain()
    _reindex_crash_keeps_old_index(es_app)


def test_crash_during_reindex_leaves_the_old_index_serving_on_the_embedded_backend(
    app: FastAPI, db: Session
) -> None:
    for i in range(3):
        factories.profile(db, factories.jobseeker(db, name=f"Upotettu {i}"))
    app.state.indexer.drain()
    _reindex_crash_keeps_old_index(app)


@pytest.mark.slow
def test_service_rides_out_a_postgresql_restart(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    _need(PG_URL, "MARKETPLACE_TEST_DATABASE_URL")
    assert app.state.settings.database_url == PG_URL
    seeker = factories.jobseeker(db)
    factories.profile(db, seeker)
    headers = factories.login(client, seeker)
    stop = threading.Event()
    results: list[tuple[float, int]] = []

    def load() -> None:
        # A failing request answers 500 like a real server instead of raising in this thread.
        own = TestClient(app, raise_server_exceptions=False)
        n = 0
        while not stop.is_set():
            n += 1
            started = time.monotonic()
            if n % 3:
                response = own.get("/api/v1/vacancies", params={"q": "hoitaja"})
            else:
                doc = a_profile(n, seeker.email, headline=f"Hoitaja {n}")
                response = own.put("/api/v1/me/profile", json=doc, headers=headers)
            results.append((started, response.status_code))

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(2)
    version = os.environ.get("PG_VERSION", "15")
    cluster = os.environ.get("PG_CLUSTER", "main")
    _run("pg_ctlcluster", version, cluster, "restart", timeout=120)
    restarted = time.monotonic()
    # Requests started from two seconds after the restart on are judged; wait for a dozen of
    # them (a busy machine may take a while), or give up after a minute.
    deadline = restarted + 60
    while time.monotonic() < deadline and sum(at > restarted + 2 for at, _ in results) < 12:
        time.sleep(0.5)
    stop.set()
    for worker in workers:
        worker.join(timeout=60)

    # Errors are allowed only while the server was going down and coming up; a few seconds
    # after it is back, every request of the same, never restarted, service succeeds.
    late = [status for at, status in results if at > restarted + 2]
    assert late and all(status == 200 for status in late), late
    final = client.get("/api/v1/me/profile", headers=headers)
    assert final.status_code == 200


@pytest.mark.elasticsearch
def test_search_syntax_is_harmless_on_elasticsearch(es_app: FastAPI) -> None:
    client = TestClient(es_app)
    with es_app.state.session_factory() as db:
        factories.profile(db, factories.jobseeker(db, name="Syntaksi Testaaja"))
        employer = factories.employer(db, org="Syntaksi Oy")
        factories.vacancy(db, employer)
    es_app.state.indexer.drain()
    headers = factories.login(client, employer)
    problems = []
    for path in ("/api/v1/vacancies", "/vacancies", "/api/v1/candidates"):
        for q in SYNTAX:
            response = client.get(path, params={"q": q}, headers=headers)
            if response.status_code != 200:
                problems.append(f"{path} q={q!r}: {response.status_code} {response.text[:200]}")
    assert not problems, "\n".join(problems)
