"""The recruiters' download page in a real Chromium: the ZIP arrives with progress shown."""

from __future__ import annotations

import io
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.orm import Session

from tests import factories
from tests.conftest import IN_CI
from tests.cv import data

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def live_url(app: object) -> Iterator[str]:
    """The test app served over HTTP on a free port (its lifespan already runs)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_zip_downloads_with_progress_in_chromium(
    live_url: str, db: Session, playwright_instance: Any
) -> None:
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    first = data.one_page(db, factories.jobseeker(db, name="Pirkko Pöyhönen"))
    second = data.one_page(db, factories.jobseeker(db), visibility="anonymous")
    employer = factories.employer(db)
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"]
    )
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{live_url}/login")
    page.fill("#email", employer.email)
    page.fill("#password", factories.PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_url}/cv/download?ids={first.id},{second.id}&lang=sv")
    with page.expect_download(timeout=120_000) as info:
        page.click("form[data-cv-zip] button[type=submit]")
    download = info.value
    status = page.locator(".cv-zip-status")
    status.wait_for(state="attached")
    page.wait_for_function("document.querySelector('.cv-zip-status').textContent.length > 0")
    assert status.text_content() == "Klart: 2 CV:n nedladdade."
    assert page.locator("progress").evaluate("p => p.value") == 2
    assert download.suggested_filename == "cv.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert archive.namelist() == ["Pirkko Pöyhönen.pdf", f"{second.reference}.pdf"]
    browser.close()
