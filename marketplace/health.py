"""Liveness and readiness: database and search status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
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
        body["indexer"] = {
            "pending": indexer.pending,
            "oldest_age_seconds": round(indexer.oldest_age_seconds, 1),
            "failing": indexer.failing,
        }
    except Exception as exc:  # the outbox lives in the database, which may be down
        body["status"] = "error"
        body["indexer"] = {"status": "error", "error": type(exc).__name__}
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> PlainTextResponse:
    """Indexing lag in the Prometheus text format (no personal data): the outbox depth, the
    age of its oldest change and whether the engine refuses writes."""
    status = request.app.state.indexer.status()
    lines = [
        "# HELP marketplace_outbox_pending Changes waiting for the search engine.",
        "# TYPE marketplace_outbox_pending gauge",
        f"marketplace_outbox_pending {status.pending}",
        "# HELP marketplace_outbox_oldest_age_seconds Age of the oldest waiting change.",
        "# TYPE marketplace_outbox_oldest_age_seconds gauge",
        f"marketplace_outbox_oldest_age_seconds {status.oldest_age_seconds:.3f}",
        "# HELP marketplace_indexer_failing 1 while the search engine refuses writes.",
        "# TYPE marketplace_indexer_failing gauge",
        f"marketplace_indexer_failing {int(status.failing)}",
    ]
    return PlainTextResponse("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4")
