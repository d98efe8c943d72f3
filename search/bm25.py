"""BM25 of the embedded index, summed term by term, with the common terms' postings in memory.

FTS5's bm25() costs a few microseconds per matching row. A query naming a common skill
("tiimityö" is in a third of all profiles) spends about 100 ms at 100k profiles on rows that
mostly end up far down the list. But a row's score is a sum over the query's terms of

    idf(t) * f(t, D) * (k1 + 1) / (f(t, D) + k1 * (1 - b + b * |D| / avgdl))

where only `idf` (row count, rows holding t) and `avgdl` (row count, total tokens) depend on
the rest of the index. So for every term held by many rows, the weighted frequency f(t, D) and
the length |D| of each row holding it are kept, and a query computes those terms'
contributions with numpy, from the index statistics of the moment: the scores FTS5 computes,
to the last bit (the tests compare them), without FTS5 visiting those rows again. Rare terms
are cheap for FTS5 and are asked for each time.

Writes keep the kept postings exact: a written or deleted row leaves every term's postings and
a written row joins those of the terms it holds, counted from the text FTS5 was given; the
row's length FTS5 recorded is checked against the count, and everything is forgotten if they
differ.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from search.queries import fts_string

# FTS5's bm25() constants (fts5_aux.c).
K1 = 1.2
B = 0.75
# Terms held by fewer rows are scored by FTS5 on every query: cheap, and not worth memory.
MIN_ROWS = 1000
# Rows kept over all terms (24 bytes each): at most ~48 MB.
MAX_POSTINGS = 2_000_000
# Stem lists whose parts are remembered until the next write.
RECENT_PARTS = 8
# One FTS5 token of the `unicode61` tokenizer: what a stem must be to be counted here.
_TOKEN = re.compile(r"[^\W_]+")
# The FTS5 record holding the row count and the total tokens per column.
_AVERAGES_ROWID = 1


def _total(blob: bytes) -> int:
    """Sum of the varints in `blob`; one byte each while every column is under 128 tokens."""
    return sum(blob) if blob.isascii() else sum(_varints(blob))


def _varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers, as FTS5 stores sizes."""
    values, value, used = [], 0, 0
    for byte in blob:
        used += 1
        if used == 9:
            values.append((value << 8) | byte)
            value, used = 0, 0
        elif byte & 0x80:
            value = (value << 7) | (byte & 0x7F)
        else:
            values.append((value << 7) | byte)
            value, used = 0, 0
    return values


@dataclass
class Postings:
    """Rows holding one term: ids ascending, weighted frequency f(t, D) and length |D|."""

    ids: np.ndarray  # int64
    freq: np.ndarray  # float64
    length: np.ndarray  # float64

    def __len__(self) -> int:
        return len(self.ids)

    def without(self, ids: np.ndarray) -> Postings:
        """These postings less the rows `ids` (ascending); `self` when none of them is here."""
        at = np.searchsorted(self.ids, ids)
        inside = at < len(self.ids)
        at = at[inside][self.ids[at[inside]] == ids[inside]]
        if not len(at):
            return self
        return Postings(*(np.delete(a, at) for a in (self.ids, self.freq, self.length)))

    def joined(self, ids: list[int], freq: list[float], length: list[float]) -> Postings:
        """These postings with rows not among them yet added in place."""
        new_ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(new_ids, kind="stable")
        at = np.searchsorted(self.ids, new_ids[order])
        return Postings(
            np.insert(self.ids, at, new_ids[order]),
            np.insert(self.freq, at, np.asarray(freq, dtype=np.float64)[order]),
            np.insert(self.length, at, np.asarray(length, dtype=np.float64)[order]),
        )


# The rows holding one term: (ids ascending, negated BM25 contribution of each).
TermPart = tuple[np.ndarray, np.ndarray]


def summed(parts: Sequence[TermPart]) -> tuple[np.ndarray, np.ndarray]:
    """(ids ascending, negated score) of the rows holding any of the parts' terms."""
    if not parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    ids = np.unique(np.concatenate([p[0] for p in parts]))
    total = np.zeros(len(ids), dtype=np.float64)
    # Added in the query's term order, as FTS5 adds its phrases.
    for part_ids, part_scores in parts:
        total[np.searchsorted(ids, part_ids)] += part_scores
    return ids, total


@dataclass(frozen=True)
class Statistics:
    """What a term's IDF and the length normalisation need from the whole index."""

    rows: int
    average_length: float

    def idf(self, holding: int) -> float:
        # fts5_aux.c: a term in half the rows or more still counts a little.
        idf = math.log((self.rows - holding + 0.5) / (holding + 0.5))
        return idf if idf > 0.0 else 1e-6


class TermScores:
    """Negated BM25 per row for a list of stems, as FTS5's bm25() returns it (lower is better).

    One per open index generation; the caller serialises calls (the backend's lock).
    """

    def __init__(
        self,
        weights: Mapping[str, float],
        *,
        min_rows: int = MIN_ROWS,
        max_postings: int = MAX_POSTINGS,
    ) -> None:
        self._weights = list(weights.values())
        self._columns = list(weights)
        self._bm25 = f"bm25(fts, {', '.join(str(w) for w in self._weights)})"
        self._min_rows = min_rows
        self._max_postings = max_postings
        self._kept: OrderedDict[str, Postings] = OrderedDict()
        self._size = 0
        # The parts of the last few stem lists: a typed search reads its stems' rows up to
        # three times (its common words, the ranking, the words it reports), until a write.
        self._recent: OrderedDict[tuple[str, ...], list[TermPart]] = OrderedDict()

    @property
    def kept_terms(self) -> list[str]:
        """Terms whose postings are in memory, least recently used first."""
        return list(self._kept)

    def statistics(self, conn: sqlite3.Connection) -> Statistics:
        row = conn.execute("SELECT block FROM fts_data WHERE id = ?", (_AVERAGES_ROWID,)).fetchone()
        values = _varints(row[0]) if row and row[0] else [0]
        rows, tokens = values[0], sum(values[1:])
        return Statistics(rows, tokens / rows if rows else 0.0)

    def scores(
        self, conn: sqlite3.Connection, stems: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(ids, negated scores) of every row holding one of `stems`, ids ascending."""
        return summed(self.parts(conn, stems))

    def parts(self, conn: sqlite3.Connection, stems: Sequence[str]) -> list[TermPart]:
        """Per stem, in order: (ids ascending, negated score) of the rows holding it."""
        key = tuple(stems)
        recent = self._recent.get(key)
        if recent is not None:
            self._recent.move_to_end(key)
            return recent
        found = self._read_parts(conn, stems)
        self._recent[key] = found
        if len(self._recent) > RECENT_PARTS:
            self._recent.popitem(last=False)
        return found

    def _read_parts(self, conn: sqlite3.Connection, stems: Sequence[str]) -> list[TermPart]:
        stats = self.statistics(conn)
        parts: list[TermPart] = []
        for stem in stems:
            kept = self._kept.get(stem)
            if kept is not None:
                self._kept.move_to_end(stem)
                parts.append((kept.ids, -self._contribution(kept, stats)))
            else:
                parts.append(self._from_fts(conn, stem, stats))
        return parts

    @staticmethod
    def _contribution(postings: Postings, stats: Statistics) -> np.ndarray:
        # The expression of fts5_aux.c, operation for operation, so the doubles agree.
        idf = stats.idf(len(postings))
        f = postings.freq
        return idf * (
            (f * (K1 + 1.0)) / (f + K1 * (1 - B + B * postings.length / stats.average_length))
        )

    def _from_fts(self, conn: sqlite3.Connection, stem: str, stats: Statistics) -> TermPart:
        rows = conn.execute(
            f"SELECT f.rowid, {self._bm25}, d.sz FROM fts f JOIN fts_docsize d ON d.id = f.rowid "
            "WHERE fts MATCH ? ORDER BY f.rowid",
            [fts_string(stem)],
        ).fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        scores = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
        if len(rows) >= self._min_rows and _TOKEN.fullmatch(stem) and stats.rows:
            lengths = np.fromiter((_total(r[2]) for r in rows), dtype=np.float64, count=len(rows))
            self._keep(stem, self._postings(ids, scores, lengths, stats))
        return ids, scores

    def _postings(
        self, ids: np.ndarray, scores: np.ndarray, lengths: np.ndarray, stats: Statistics
    ) -> Postings:
        # Solve the score for f(t, D); frequencies are sums of column weights, so rounding
        # removes the solving's last-bit error.
        idf = stats.idf(len(ids))
        norm = K1 * (1 - B + B * lengths / stats.average_length)
        freq = np.round(-scores * norm / (idf * (K1 + 1.0) + scores), 6)
        return Postings(ids, freq, lengths)

    def _keep(self, stem: str, postings: Postings) -> None:
        if len(postings) > self._max_postings:
            return
        self._kept[stem] = postings
        self._size += len(postings)
        while self._size > self._max_postings:
            _, dropped = self._kept.popitem(last=False)
            self._size -= len(dropped)

    # --- writes ------------------------------------------------------------------------------

    def removed(self, ids: Iterable[int]) -> None:
        """Rows left the index (or are about to be written again)."""
        self._recent.clear()
        gone = np.asarray(sorted(set(ids)), dtype=np.int64)
        if not self._kept or not len(gone):
            return
        for stem, postings in list(self._kept.items()):
            smaller = postings.without(gone)
            if smaller is not postings:
                self._size -= len(postings) - len(smaller)
                self._kept[stem] = smaller

    def written(self, conn: sqlite3.Connection, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        """Rows were inserted with these column texts (after `removed` for the same ids)."""
        self._recent.clear()
        if not self._kept or not rows:
            return
        recorded = self._lengths(conn, [row_id for row_id, _ in rows])
        additions: dict[str, tuple[list[int], list[float], list[float]]] = {}
        for row_id, columns in rows:
            counts: dict[str, float] = {}
            length = 0
            for weight, text in zip(self._weights, columns, strict=True):
                tokens = [token.lower() for token in _TOKEN.findall(text)]
                length += len(tokens)
                for token in tokens:  # one weight per occurrence, as FTS5 adds them
                    counts[token] = counts.get(token, 0.0) + weight
            if recorded.get(row_id) != length:
                # The text was cut into tokens differently than here: forget rather than guess.
                self.clear()
                return
            for stem in counts.keys() & self._kept.keys():
                ids, freq, lengths = additions.setdefault(stem, ([], [], []))
                ids.append(row_id)
                freq.append(counts[stem])
                lengths.append(float(length))
        for stem, (ids, freq, lengths) in additions.items():
            self._kept[stem] = self._kept[stem].joined(ids, freq, lengths)
            self._size += len(ids)

    @staticmethod
    def _lengths(conn: sqlite3.Connection, ids: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row_id, size in conn.execute(
                f"SELECT id, sz FROM fts_docsize WHERE id IN ({marks})", chunk
            ):
                found[row_id] = _total(size)
        return found

    def clear(self) -> None:
        """Forget every kept term."""
        self._kept.clear()
        self._recent.clear()
        self._size = 0
