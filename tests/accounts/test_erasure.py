"""Account deletion leaves no copy of the person's text in the files of the service."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.indexing.documents import profile_vector_text
from marketplace.indexing.models import EmbeddingCacheEntry
from marketplace.taxonomy.service import get_taxonomy
from matching.embeddings import content_key
from tests import factories

CANARY = "Kvrtzbaltiomusta"


def _files_holding(root: Path, needle: bytes) -> list[str]:
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


def test_deleted_text_is_gone_from_every_file_and_cache(
    app: object, client: TestClient, db: Session, var_dir: Path
) -> None:
    # The service's files: the embedded search index, and the SQLite database unless the run
    # uses PostgreSQL (whose files are its own; there the cache row is what is checked).
    user = factories.jobseeker(db)
    profile = factories.profile(
        db, user, headline=f"Sairaanhoitaja {CANARY}", summary=f"Muistiinpano {CANARY} tässä."
    )
    headers = factories.login(client, user)
    services = app.state.services  # type: ignore[attr-defined]
    services.indexer.drain()
    text = profile_vector_text(profile, get_taxonomy())
    key = content_key(services.encoder().model_id, text)
    assert db.scalar(select(func.count()).where(EmbeddingCacheEntry.key == key)) == 1
    assert _files_holding(var_dir, CANARY.encode())  # the check can see the text

    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    db.expire_all()
    assert db.scalar(select(func.count()).where(EmbeddingCacheEntry.key == key)) == 0
    assert _files_holding(var_dir, CANARY.encode()) == []
