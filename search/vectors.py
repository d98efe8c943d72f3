"""Exact cosine kNN for the embedded backend: a memory-mapped matrix plus an in-memory overlay.

The base matrix is a float32 `.npy` file, rows sorted by document id, loaded with
`mmap_mode="r"`, so the hot path is one matrix-vector product over contiguous rows and the
operating system shares and caches the pages. Changes since the file was written live in an
overlay (new or replaced vectors) and a tombstone mask over the base rows; `write_snapshot`
folds them into a new file written under a temporary name and moved into place atomically.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

# Rows copied per step when a snapshot is written, bounding the extra memory to a few MB.
_COPY_ROWS = 8192
# Gathering candidate rows copies them; beyond this share of the base a full scan is cheaper.
_GATHER_SHARE = 0.25


@contextmanager
def _atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary sibling of `path`; on success fsync it and move it over `path`."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save_array(path: Path, array: np.ndarray) -> None:
    """Write an array as `.npy` atomically."""
    with _atomic_path(path) as tmp, open(tmp, "wb") as handle:
        np.save(handle, array)


class VectorStore:
    """Unit vectors by document id with exact top-k cosine search."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._base = np.empty((0, dim), dtype=np.float32)
        self._base_ids = np.empty(0, dtype=np.int64)
        self._alive = np.empty(0, dtype=bool)
        self._dead = 0
        self._overlay: dict[int, np.ndarray] = {}
        self._overlay_arrays: tuple[np.ndarray, np.ndarray] | None = None

    def load(self, vectors_path: Path, ids_path: Path) -> None:
        """Serve a snapshot from disk (memory-mapped) and forget any overlay."""
        base = np.load(vectors_path, mmap_mode="r")
        ids = np.load(ids_path)
        if base.dtype != np.float32 or base.ndim != 2 or base.shape[1] != self.dim:
            raise ValueError(f"{vectors_path} is not a float32 matrix with {self.dim} columns")
        if ids.shape != (base.shape[0],):
            raise ValueError(f"{ids_path} does not match {vectors_path}")
        self._base, self._base_ids = base, ids.astype(np.int64, copy=False)
        self._alive = np.ones(len(ids), dtype=bool)
        self._dead = 0
        self._overlay = {}
        self._overlay_arrays = None

    @property
    def pending(self) -> int:
        """Changes not yet folded into the snapshot file."""
        return len(self._overlay) + self._dead

    @property
    def base_matrix(self) -> np.ndarray:
        """The snapshot rows as served (a read-only memory map once loaded from disk)."""
        return self._base

    @property
    def base_size(self) -> int:
        """Rows in the snapshot file."""
        return len(self._base_ids)

    def __len__(self) -> int:
        return len(self._base_ids) - self._dead + len(self._overlay)

    def _base_row(self, doc_id: int) -> int | None:
        row = int(np.searchsorted(self._base_ids, doc_id))
        if row < len(self._base_ids) and self._base_ids[row] == doc_id and self._alive[row]:
            return row
        return None

    def put(self, doc_id: int, vector: np.ndarray | None) -> None:
        """Set (a unit float32 vector) or remove (None) the vector of a document."""
        row = self._base_row(doc_id)
        if row is not None:
            self._alive[row] = False
            self._dead += 1
        if vector is None:
            self._overlay.pop(doc_id, None)
        else:
            self._overlay[doc_id] = vector
        self._overlay_arrays = None

    def _overlay_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        if self._overlay_arrays is None:
            ids = np.fromiter(self._overlay, dtype=np.int64, count=len(self._overlay))
            matrix = (
                np.stack(list(self._overlay.values()))
                if self._overlay
                else np.empty((0, self.dim), dtype=np.float32)
            )
            self._overlay_arrays = (ids, matrix)
        return self._overlay_arrays

    def _base_scores(
        self, query: np.ndarray, candidates: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        size = len(self._base_ids)
        if size == 0:
            return self._base_ids, np.empty(0, dtype=np.float32)
        if candidates is None:
            scores = np.asarray(self._base @ query)
            if self._dead:
                return self._base_ids[self._alive], scores[self._alive]
            return self._base_ids, scores
        rows = np.searchsorted(self._base_ids, candidates)
        inside = rows < size
        rows = rows[inside]
        rows = rows[self._base_ids[rows] == candidates[inside]]
        rows = rows[self._alive[rows]]
        if len(rows) > _GATHER_SHARE * size:
            scores = np.asarray(self._base @ query)[rows]
        else:
            scores = np.asarray(self._base[rows] @ query)
        return self._base_ids[rows], scores

    def top_k(
        self, query: np.ndarray, k: int, candidates: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The k most similar documents as (id, cosine), best first, ties by id.

        `candidates` (sorted unique ids) restricts the search to documents passing the filters;
        None means every document.
        """
        query = np.asarray(query, dtype=np.float32)
        base_ids, base_scores = self._base_scores(query, candidates)
        overlay_ids, overlay_matrix = self._overlay_matrix()
        if candidates is not None and len(overlay_ids):
            keep = np.isin(overlay_ids, candidates)
            overlay_ids, overlay_matrix = overlay_ids[keep], overlay_matrix[keep]
        ids = np.concatenate([base_ids, overlay_ids])
        scores = np.concatenate([base_scores, overlay_matrix @ query])
        if k < len(ids):
            best = np.argpartition(-scores, k - 1)[:k]
            ids, scores = ids[best], scores[best]
        order = np.lexsort((ids, -scores))
        return [(int(ids[i]), float(scores[i])) for i in order]

    def write_snapshot(self, vectors_path: Path, ids_path: Path) -> None:
        """Write base and overlay, sorted by id, as a new snapshot (atomic per file)."""
        base_rows = np.flatnonzero(self._alive)
        overlay_ids, overlay_matrix = self._overlay_matrix()
        ids = np.concatenate([self._base_ids[base_rows], overlay_ids])
        order = np.argsort(ids, kind="stable")
        with _atomic_path(vectors_path) as tmp:
            out = np.lib.format.open_memmap(
                tmp, mode="w+", dtype=np.float32, shape=(len(ids), self.dim)
            )
            for start in range(0, len(order), _COPY_ROWS):
                chunk = order[start : start + _COPY_ROWS]
                from_base = chunk < len(base_rows)
                block = np.empty((len(chunk), self.dim), dtype=np.float32)
                block[from_base] = self._base[base_rows[chunk[from_base]]]
                block[~from_base] = overlay_matrix[chunk[~from_base] - len(base_rows)]
                out[start : start + len(chunk)] = block
            out.flush()
            del out
        save_array(ids_path, ids[order])
