"""Liveness and readiness: database and search status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """200 when the database answers; search status is reported alongside."""
    state = request.app.state
    body: dict[str, Any] = {"status": "ok"}
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        body["database"] = {"status": "ok", "dialect": state.engine.dialect.name}
    except Exception as exc:  # report, do not raise: this is the health endpoint
        body["status"] = "error"
        body["database"] = {"status": "error", "error": type(exc).__name__}
    try:
        body["search"] = {"backend": state.search.name, **state.search.health()}
    except Exception as exc:
        body["search"] = {"backend": state.search.name, "status": "error", "error": str(exc)[:200]}
    try:
        indexer = state.indexer.status()
        body["indexer"] = {"pending": indexer.pending, "failing": indexer.failing}
    except Exception as exc:  # the outbox lives in the database, which may be down
        body["status"] = "error"
        body["indexer"] = {"status": "error", "error": type(exc).__name__}
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)
