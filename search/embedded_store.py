"""The embedded backend's files: the SQLite schema of a generation, its connection and
transactions, the keyword and date columns read back from it, and the per-id versions that
keep an older write from replacing a newer one (see "Versions" in `search.base`)."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from search.base import TEXT_FIELDS, layout_of
from search.bm25 import TermScores
from search.filters import FilterIndex
from search.vectors import VectorStore

BATCH = 500
FTS_COLUMNS = ", ".join(TEXT_FIELDS)
FTS_INSERT = f"INSERT INTO fts (rowid, {FTS_COLUMNS}) VALUES (?{', ?' * len(TEXT_FIELDS)})"

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (id INTEGER PRIMARY KEY, updated_at TEXT NOT NULL, fields TEXT NOT NULL);
CREATE TABLE keywords (
    field TEXT NOT NULL, value TEXT NOT NULL, id INTEGER NOT NULL,
    PRIMARY KEY (field, value, id)
) WITHOUT ROWID;
CREATE INDEX keywords_by_id ON keywords (id);
CREATE TABLE dates (
    id INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (id, field)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5({FTS_COLUMNS}, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE vector_log (id INTEGER PRIMARY KEY, vector BLOB);
"""
# A generation being built holds its checkpoint (`search.base.checkpoint_record`, as JSON) in
# this one-row table until it is swapped in.
REBUILD = "CREATE TABLE rebuild (one INTEGER PRIMARY KEY CHECK (one = 1), checkpoint TEXT NOT NULL)"
# The latest version written or deleted per id (see "Versions" in `search.base`); a deleted
# id keeps its row as the tombstone that refuses older writes. Also created in older files.
VERSIONS = "CREATE TABLE IF NOT EXISTS versions (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)"
# A rebuild begun under another schema is not continued.
LAYOUT = layout_of([SCHEMA, VERSIONS])


@dataclass
class Generation:
    """The open state of one index kind: its database, vectors and alias stamp."""

    name: str
    conn: sqlite3.Connection
    filters: FilterIndex
    vectors: VectorStore
    snapshot: int
    alias_stamp: tuple[int, int]
    terms: TermScores = dataclasses.field(default_factory=lambda: TermScores(TEXT_FIELDS))


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, timeout=5.0, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # Deleted documents' text is overwritten, not left in free pages.
    conn.execute("PRAGMA secure_delete = ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def load_filters(conn: sqlite3.Connection) -> FilterIndex:
    """Rebuild the in-memory filter columns from the durable rows."""
    keywords: dict[int, dict[str, list[str]]] = {}
    for field, value, doc_id in conn.execute("SELECT field, value, id FROM keywords"):
        keywords.setdefault(doc_id, {}).setdefault(field, []).append(value)
    dates: dict[int, dict[str, date | None]] = {}
    for doc_id, field, value in conn.execute("SELECT id, field, value FROM dates"):
        dates.setdefault(doc_id, {})[field] = date.fromisoformat(value)
    filters = FilterIndex()
    filters.put_many(
        (doc_id, keywords.get(doc_id, {}), dates.get(doc_id, {}))
        for (doc_id,) in conn.execute("SELECT id FROM docs ORDER BY id")
    )
    return filters


def not_older(conn: sqlite3.Connection, versions: Mapping[int, int]) -> dict[int, bool]:
    """Per id: whether a write at this version may land (nothing newer is recorded)."""
    ids = list(versions)
    stored: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT id, version FROM versions WHERE id IN ({marks})"
        stored.update(conn.execute(query, chunk).fetchall())
    return {i: i not in stored or versions[i] >= stored[i] for i in ids}


def record_versions(conn: sqlite3.Connection, versions: Mapping[int, int]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO versions (id, version) VALUES (?, ?)", list(versions.items())
    )
