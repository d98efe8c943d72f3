"""Security headers on pages, API answers and static files."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories


def test_pages_and_api_answers_carry_the_policy_and_are_not_stored(
    client: TestClient, db: Session
) -> None:
    headers = factories.login(client, factories.jobseeker(db))
    for response in (client.get("/"), client.get("/api/v1/me", headers=headers)):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"
    static = client.get("/static/style.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def test_no_template_holds_an_inline_script_or_style() -> None:
    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        for marker in ("style=", "<style", "onclick=", "onchange=", "onsubmit=")
        if marker in path.read_text()
    ]
    offenders += [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        for line in path.read_text().splitlines()
        if "<script" in line and "src=" not in line
    ]
    assert offenders == []


def test_an_oversized_body_is_refused_before_it_is_parsed(client: TestClient, db: Session) -> None:
    big = b'{"email": "' + b"a" * 2_000_000 + b'"}'
    response = client.post(
        "/api/v1/auth/register", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json() == {
        "detail": "The request body is too large."
    }
    assert response.headers["x-content-type-options"] == "nosniff"

    def chunks():  # no Content-Length: the limit counts while reading
        for _ in range(30):
            yield b"x" * 100_000

    json_type = {"content-type": "application/json"}
    streamed = client.post("/api/v1/auth/register", content=chunks(), headers=json_type)
    assert streamed.status_code == 413
    # A body within the limit is read as before.
    small = client.post("/api/v1/auth/register", json={"email": "x"})
    assert small.status_code == 422


def test_error_pages_speak_the_pages_language(client: TestClient) -> None:
    too_large = client.post(
        "/login",
        content=b"x" * 1_100_000,
        headers={"accept-language": "sv", "content-type": "application/x-www-form-urlencoded"},
    )
    assert too_large.status_code == 413 and "text/html" in too_large.headers["content-type"]
    assert "För stor försändelse" in too_large.text and 'lang="sv"' in too_large.text
    missing = client.get("/vacancies/999999", headers={"accept-language": "en"})
    assert missing.status_code == 404 and "Page not found" in missing.text
    assert "was not found" in missing.text and "Not Found" not in missing.text
    unknown = client.get("/no-such-page")  # Finnish by default
    assert unknown.status_code == 404 and "Sivua ei löytynyt" in unknown.text
    assert "Not Found" not in unknown.text
    long_query = client.get(
        "/vacancies", params={"q": "x" * 5000}, headers={"accept-language": "sv"}
    )
    # Told on the search page itself, which keeps the search form.
    assert long_query.status_code == 422 and 'lang="sv"' in long_query.text
    assert 'role="search"' in long_query.text and "högst 200 tecken" in long_query.text
    assert "Invalid input" not in long_query.text
