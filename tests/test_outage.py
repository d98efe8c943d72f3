"""A database that does not answer is an outage: 503 with a retry hint, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

# A port nothing listens on: every connection is refused at once, as when the server is down.
UNREACHABLE_SERVER = "postgresql+psycopg://nobody:nothing@127.0.0.1:9/nowhere?connect_timeout=2"
# A database file that cannot be opened: the embedded database's outage.
UNREACHABLE_FILE = "sqlite:////nonexistent-directory/marketplace.db"


@pytest.fixture
def database_down(app: object, database_url: str) -> Iterator[None]:
    """The running app loses its database, of the kind the suite runs on."""
    state = app.state  # type: ignore[attr-defined]
    saved = state.session_factory, state.engine
    sqlite = database_url.startswith("sqlite")
    engine = create_engine(UNREACHABLE_FILE if sqlite else UNREACHABLE_SERVER)
    state.session_factory = sessionmaker(engine, expire_on_commit=False)
    state.engine = engine
    try:
        yield
    finally:
        state.session_factory, state.engine = saved
        engine.dispose()


def test_a_database_outage_answers_503_in_the_pages_language(
    client: TestClient, database_down: None
) -> None:
    api = client.get("/api/v1/vacancies/1")
    assert api.status_code == 503 and api.headers["retry-after"] == "5"
    assert api.json()["code"] == "unavailable"
    page = client.get("/vacancies/1", headers={"accept-language": "sv"})
    assert page.status_code == 503
    assert "Databasen svarar inte just nu" in page.text
    # The connection stays usable: the next request on it is answered too.
    assert client.get("/api/v1/vacancies/1").status_code == 503


def test_healthz_always_answers_json(client: TestClient, database_down: None) -> None:
    health = client.get("/healthz")
    assert health.status_code == 503
    body = health.json()
    assert body["status"] == "error" and body["database"]["status"] == "error"
