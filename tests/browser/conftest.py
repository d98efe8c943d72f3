"""Browser tests: a real uvicorn server on a free loopback port, with its own database and
search files, driven by Debian's Chromium through Playwright.

Environment:
- MARKETPLACE_TEST_CHROMIUM: the Chromium binary (default /usr/bin/chromium). Without a
  usable browser the tests skip, except in CI (CI=true), where that is a failure.
On a failing test the page's screenshot and HTML are saved under test-artifacts/.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from sqlalchemy.orm import Session

from marketplace.app import create_app
from marketplace.config import PROJECT_ROOT, Settings
from marketplace.migrate import migrate

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("MARKETPLACE_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    """The running service: its base URL and its app (for arranging data directly)."""

    url: str
    app: FastAPI

    def session(self) -> Session:
        """A database session of the server's own database (commits are real)."""
        return self.app.state.session_factory()

    def index_now(self) -> None:
        """Apply pending search-index changes made by direct database writes."""
        self.app.state.indexer.drain()


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn in a thread of this process (the embedding model is loaded once per process)."""
    var = tmp_path_factory.mktemp("browser-var")
    url = f"sqlite:///{var / 'browser.db'}"
    migrate(url)
    settings = Settings(
        environment="test",
        secret_key="browser-test-secret-not-for-production",
        var_dir=var,
        database_url=url,
        search_backend="embedded",
    )
    app = create_app(settings)
    sock = _free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.1)
    base = f"http://127.0.0.1:{port}"
    # The first skill suggestion encodes the whole taxonomy once per process (minutes on a busy
    # machine); done here so no page load in a test waits for it.
    warm = httpx.post(f"{base}/api/v1/taxonomy/suggest", json={"text": "hoitaja"}, timeout=900)
    assert warm.status_code == 200, warm.text
    try:
        yield LiveServer(base, app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's Chromium; Playwright never downloads a browser of its own here."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        message = f"no Chromium at {CHROMIUM} (set MARKETPLACE_TEST_CHROMIUM)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _save_artifacts(name: str, pages: list[Page]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:150]
    for number, page in enumerate(pages):
        if page.is_closed():
            continue
        stem = ARTIFACTS / f"{safe}-{number}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # a crashed page must not hide the test's own failure
            Path(f"{stem}.txt").write_text(f"could not save the page: {exc}", encoding="utf-8")


@pytest.fixture
def context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) per test; screenshots and HTML on failure."""
    context = browser.new_context(locale="fi-FI", accept_downloads=True)
    context.set_default_timeout(30_000)
    yield context
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        _save_artifacts(request.node.name, context.pages)
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
