"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when configured), the app with
the real packaged embedding model, and per-test clean-up.

Environment:
- MARKETPLACE_TEST_DATABASE_URL: run the database tests on PostgreSQL (CI does).
- CI=true: a configured component that does not answer is a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from marketplace.app import create_app
from marketplace.config import Settings
from marketplace.db import make_engine
from marketplace.migrate import migrate
from marketplace.models import Base

IN_CI = os.environ.get("CI", "").lower() == "true"
KEEP_TABLES = {"concepts", "alembic_version"}


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="session")
def database_url(var_dir: Path) -> str:
    url = os.environ.get("MARKETPLACE_TEST_DATABASE_URL", "")
    if url:
        _reset_postgres(url)
    else:
        url = f"sqlite:///{var_dir / 'test.db'}"
    migrate(url)
    return url


@pytest.fixture(scope="session")
def settings(var_dir: Path, database_url: str) -> Settings:
    return Settings(
        environment="test",
        secret_key="test-secret-key-not-for-production",
        var_dir=var_dir,
        database_url=database_url,
        search_backend="embedded",
    )


@pytest.fixture(scope="session")
def app_instance(settings: Settings) -> Iterator[object]:
    app = create_app(settings)
    with TestClient(app):  # runs the lifespan once for the whole session
        yield app


@pytest.fixture(scope="session")
def engine(app_instance: object) -> Engine:
    return app_instance.state.engine  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def session_factory(app_instance: object) -> sessionmaker[Session]:
    return app_instance.state.session_factory  # type: ignore[attr-defined]


def _clean(app: object) -> None:
    state = app.state  # type: ignore[attr-defined]
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    with state.engine.begin() as connection:
        for table in tables:
            connection.execute(table.delete())
    for kind in ("profiles", "vacancies"):
        ids = state.search.ids(kind)
        if ids:
            state.search.delete(kind, sorted(ids))
        state.search.discard_unfinished(kind)
    state.login_limiter._failures.clear()
    state.password_resets.limiter._failures.clear()


@pytest.fixture
def app(app_instance: object) -> Iterator[object]:
    """The app with empty tables and indices (the taxonomy stays loaded)."""
    _clean(app_instance)
    yield app_instance


@pytest.fixture
def client(app: object) -> Iterator[TestClient]:
    """An HTTP client with its own cookie jar; Finnish by default."""
    # No context manager: the session-wide lifespan is already running.
    yield TestClient(app, headers={"accept-language": "fi"})  # type: ignore[arg-type]


@pytest.fixture
def db(app: object, session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for arranging and checking data directly (commits are real)."""
    with session_factory() as session:
        yield session


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    """One Playwright driver for the whole run: a second sync instance cannot coexist with it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright
