"""Recording changes for the search index in the same transaction as the change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.indexing.models import OutboxEntry

DIRTY_FLAG = "search_outbox_dirty"


def record(session: Session, kind: str, entity_id: int) -> None:
    """Note that an entity changed; the indexer reads its current state after commit."""
    session.add(OutboxEntry(kind=kind, entity_id=entity_id))
    session.info[DIRTY_FLAG] = True


def take_dirty_flag(session: Session) -> bool:
    """Whether this unit of work recorded changes (and forget it)."""
    return bool(session.info.pop(DIRTY_FLAG, False))
