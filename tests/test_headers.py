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
