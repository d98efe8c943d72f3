"""A rebuild that stops half-way is continued: the next `Indexer.reindex` encodes only the rows
after the checkpoint and still ends with every change made while it was stopped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import delete, update
from sqlalchemy.orm import Session, sessionmaker

from marketplace.accounts import service as accounts
from marketplace.accounts.models import User
from marketplace.db import utcnow
from marketplace.indexing import service
from marketplace.indexing.models import EmbeddingCacheEntry
from marketplace.indexing.service import Indexer
from marketplace.profiles import repository as profile_repository
from marketplace.profiles.models import Profile
from marketplace.taxonomy.service import get_taxonomy
from matching.embeddings import DEFAULT_BATCH_SIZE, HashingEncoder
from search.base import SearchRequest
from search.embedded import EmbeddedBackend
from tests import factories

KIND = "profiles"
TRADES = ["Kirvesmies", "Maalari", "Muurari", "Leipuri", "Tarjoilija", "Myyjä", "Kokki", "Siivooja"]


class CountingEncoder:
    """The hashing test encoder, keeping every text it encodes; its call `stop_on` is a
    Ctrl-C."""

    def __init__(self, model_id: str = "") -> None:
        self.inner = HashingEncoder()
        self._model_id = model_id or self.inner.model_id
        self.texts: list[str] = []
        self.calls = 0
        self.stop_on: int | None = None

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def model_id(self) -> str:
        return self._model_id

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        self.calls += 1
        if self.calls == self.stop_on:
            raise KeyboardInterrupt
        self.texts.extend(texts)
        return self.inner.encode(texts, batch_size)


@pytest.fixture
def people(app: object, db: Session, monkeypatch: pytest.MonkeyPatch) -> list[User]:
    """Eight jobseekers with public profiles changed an hour ago; rebuilds go three rows a
    batch."""
    monkeypatch.setattr(service, "BATCH", 3)
    users = [factories.jobseeker(db, email=f"rakentaja{n}@example.fi") for n in range(8)]
    for user, trade in zip(users, TRADES, strict=True):
        factories.profile(db, user, headline=trade, summary=f"{trade}, Tampere")
    db.execute(update(Profile).values(updated_at=utcnow() - timedelta(hours=1)))
    db.commit()
    return users


def rebuilder(
    session_factory: sessionmaker[Session], tmp_path: Path, encoder: CountingEncoder
) -> Indexer:
    """An indexer on an embedded backend of its own and the given encoder."""
    search = EmbeddedBackend(tmp_path / "search", dim=encoder.dim)
    search.ensure_indices()
    return Indexer(session_factory, search, lambda: encoder, get_taxonomy())


def profile_ids(db: Session, users: list[User]) -> list[int]:
    """The users' profile ids, ascending (the order a rebuild goes in)."""
    found = [profile_repository.get_by_user(db, user.id) for user in users]
    return sorted(profile.id for profile in found if profile is not None)


def test_an_interrupted_rebuild_resumes_encoding_only_the_rest_and_catches_up(
    db: Session, session_factory: sessionmaker[Session], tmp_path: Path, people: list[User]
) -> None:
    ids = profile_ids(db, people)
    encoder = CountingEncoder()
    encoder.stop_on = 3
    indexer = rebuilder(session_factory, tmp_path, encoder)

    with pytest.raises(KeyboardInterrupt):
        indexer.reindex(KIND)

    kept = indexer.search.unfinished_rebuild(KIND)
    assert kept is not None and kept.last_id == ids[5] and kept.model_id == encoder.model_id
    assert indexer.search.count(KIND) == 0  # the old (empty) index still serves
    # While it was stopped: one profile written anew, one hidden, one account deleted (all
    # before the checkpoint) and one newcomer.
    factories.profile(db, people[0], headline="Sähköasentaja", summary="Sähköasentaja, Tampere")
    factories.profile(db, people[1], visibility="hidden")
    accounts.delete_account(db, people[2])
    db.commit()
    # Changed the moment the first attempt began: only its start time catches them up.
    changed = update(Profile).where(Profile.id.in_(ids[:2]))
    db.execute(changed.values(updated_at=kept.started_at))
    db.commit()
    newcomer = factories.jobseeker(db, email="uusi@example.fi")
    arrived = factories.profile(db, newcomer, headline="Puutarhuri", summary="Puutarhuri, Tampere")
    # Without cached vectors every row the rebuild reaches again would be encoded again.
    db.execute(delete(EmbeddingCacheEntry))
    db.commit()
    encoder.texts.clear()
    encoder.stop_on = None
    said: list[str] = []
    heard: list[tuple[int, int]] = []

    indexer.reindex(
        KIND, progress=lambda done, total: heard.append((done, total)), tell=said.append
    )

    # The two rows after the checkpoint, the newcomer, and the profile written anew.
    assert len(encoder.texts) == 4
    assert sum("Sähköasentaja" in text for text in encoder.texts) == 1
    assert sum(trade in text for text in encoder.texts for trade in TRADES[:6]) == 0
    assert len(said) == 1 and f"resumes after row {ids[5]} (5 of 8 rows done)" in said[0]
    assert heard[0] == (5, 8) and heard[-1] == (8, 8)
    expected = (set(ids) - {ids[1], ids[2]}) | {arrived.id}
    assert indexer.search.ids(KIND) == expected
    assert indexer.search.unfinished_rebuild(KIND) is None
    found = indexer.search.search(KIND, SearchRequest(text="sähköasentaja", mode="bm25"))
    assert [hit.id for hit in found.hits] == [ids[0]]


def test_a_restart_or_another_model_discards_the_unfinished_rebuild(
    db: Session, session_factory: sessionmaker[Session], tmp_path: Path, people: list[User]
) -> None:
    encoder = CountingEncoder()
    encoder.stop_on = 2
    indexer = rebuilder(session_factory, tmp_path, encoder)
    with pytest.raises(KeyboardInterrupt):
        indexer.reindex(KIND)
    said: list[str] = []

    other = CountingEncoder("another-model")
    switched = Indexer(session_factory, indexer.search, lambda: other, get_taxonomy())
    assert switched.reindex(KIND, tell=said.append) == len(people)
    assert len(other.texts) == len(people)
    assert said == [said[0]] and said[0].endswith(
        f"is discarded: its vectors come from {encoder.model_id}, not another-model"
    )

    db.execute(delete(EmbeddingCacheEntry))  # so the model is asked again and can stop
    db.commit()
    other.calls, other.stop_on = 0, 2
    with pytest.raises(KeyboardInterrupt):
        switched.reindex(KIND)
    assert indexer.search.unfinished_rebuild(KIND) is not None
    other.stop_on = None
    switched.reindex(KIND, restart=True, tell=said.append)
    assert said[1].endswith("is discarded: a restart was asked for")
    assert indexer.search.unfinished_rebuild(KIND) is None
    assert indexer.search.count(KIND) == len(people)
