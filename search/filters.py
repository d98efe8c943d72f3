"""In-memory filter columns of the embedded backend: keyword and date filters, facets, listing.

SQLite keeps the documents durable; this index mirrors their ids, keyword values and dates in
numpy arrays so that a filter over 100k documents is a few vectorised passes instead of a query
returning every matching id. Documents live in slots appended in write order; replacing or
deleting a document kills its slot, and dead slots are squeezed out once they pile up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np

from search.base import FACET_SIZE, SearchRequest, SortBy
from search.queries import active_date_ranges, active_terms

# Stands for a missing date: such documents pass every date range.
NO_DATE = np.iinfo(np.int32).min


class _Growable:
    """An append-only numpy array with amortised growth."""

    def __init__(self, dtype: type, fill: int = 0) -> None:
        self._data: np.ndarray = np.full(16, fill, dtype=dtype)
        self._fill = fill
        self.size = 0

    def reserve(self, size: int) -> None:
        if size > len(self._data):
            grown = np.full(max(size, 2 * len(self._data)), self._fill, dtype=self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown

    def extend(self, values: np.ndarray | list[int]) -> None:
        self.reserve(self.size + len(values))
        self._data[self.size : self.size + len(values)] = values
        self.size += len(values)

    def replace(self, values: np.ndarray) -> None:
        self._data = np.full(max(16, len(values)), self._fill, dtype=self._data.dtype)
        self._data[: len(values)] = values
        self.size = len(values)

    @property
    def raw(self) -> np.ndarray:
        """The whole buffer (for writes at positions below the reserved size)."""
        return self._data

    @property
    def view(self) -> np.ndarray:
        """The used part."""
        return self._data[: self.size]


class _KeywordColumn:
    """(slot, value code) pairs of one multi-valued keyword field."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.values: list[str] = []
        self.slots = _Growable(np.int32)
        self.value_codes = _Growable(np.int32)

    def code(self, value: str) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found

    def add(self, slots: list[int], values: list[str]) -> None:
        self.slots.extend(slots)
        self.value_codes.extend([self.code(value) for value in values])

    def slots_with(self, values: list[str], size: int) -> np.ndarray:
        """Boolean mask of the slots holding any of `values`."""
        codes = [self.codes[v] for v in values if v in self.codes]
        hit = np.zeros(size, dtype=bool)
        if codes:
            selected = (
                self.value_codes.view == codes[0]
                if len(codes) == 1
                else np.isin(self.value_codes.view, codes)
            )
            hit[self.slots.view[selected]] = True
        return hit


class FilterIndex:
    """Ids, keyword values and dates of one index kind, for filters, facets and listings."""

    def __init__(self) -> None:
        self._ids = _Growable(np.int64)
        self._alive = _Growable(np.bool_)
        self._slot: dict[int, int] = {}
        self._keywords: dict[str, _KeywordColumn] = {}
        self._dates: dict[str, _Growable] = {}
        self._lookup: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self._slot)

    @property
    def size(self) -> int:
        """Slots in use, dead ones included: the length of every mask."""
        return self._ids.size

    def _kill(self, doc_id: int) -> None:
        slot = self._slot.pop(doc_id, None)
        if slot is not None:
            self._alive.raw[slot] = False

    def put_many(
        self,
        docs: Iterable[tuple[int, dict[str, list[str]], dict[str, date | None]]],
    ) -> None:
        """Insert or replace documents given as (id, keywords, dates)."""
        pending_keywords: dict[str, tuple[list[int], list[str]]] = {}
        pending_dates: dict[str, tuple[list[int], list[int]]] = {}
        new_ids: list[int] = []
        # The same id twice in one call: the last version wins.
        latest = {doc_id: (keywords, dates) for doc_id, keywords, dates in docs}
        for doc_id, (keywords, dates) in latest.items():
            self._kill(doc_id)
            slot = self.size + len(new_ids)
            self._slot[doc_id] = slot
            new_ids.append(doc_id)
            for name, values in keywords.items():
                slots, found = pending_keywords.setdefault(name, ([], []))
                for value in dict.fromkeys(values):
                    slots.append(slot)
                    found.append(value)
            for name, day in dates.items():
                if day is not None:
                    slots, days = pending_dates.setdefault(name, ([], []))
                    slots.append(slot)
                    days.append(day.toordinal())
        end = self.size + len(new_ids)
        self._ids.extend(new_ids)
        self._alive.reserve(end)
        self._alive.raw[self._alive.size : end] = True
        self._alive.size = end
        for name, (slots, values) in pending_keywords.items():
            self._keywords.setdefault(name, _KeywordColumn()).add(slots, values)
        for column in self._dates.values():
            column.reserve(end)
            column.size = end
        for name, (slots, days) in pending_dates.items():
            date_column = self._dates.get(name)
            if date_column is None:
                date_column = self._dates[name] = _Growable(np.int32, fill=NO_DATE)
                date_column.reserve(end)
                date_column.size = end
            date_column.raw[slots] = days
        self._lookup = None
        self._squeeze_if_sparse()

    def remove_many(self, ids: Iterable[int]) -> None:
        """Forget documents; unknown ids are ignored."""
        for doc_id in ids:
            self._kill(doc_id)
        self._lookup = None
        self._squeeze_if_sparse()

    def _squeeze_if_sparse(self) -> None:
        if self.size - len(self) > max(1024, len(self)):
            self._squeeze()

    def _squeeze(self) -> None:
        alive = self._alive.view
        new_slot = np.cumsum(alive, dtype=np.int64) - 1
        ids = self._ids.view[alive]
        self._ids.replace(ids)
        self._alive.replace(np.ones(len(ids), dtype=bool))
        self._slot = dict(zip(ids.tolist(), range(len(ids)), strict=True))
        for column in self._keywords.values():
            keep = alive[column.slots.view]
            column.value_codes.replace(column.value_codes.view[keep])
            column.slots.replace(new_slot[column.slots.view[keep]].astype(np.int32))
        for name, dates in self._dates.items():
            fresh = _Growable(np.int32, fill=NO_DATE)
            fresh.extend(dates.view[alive])
            self._dates[name] = fresh
        self._lookup = None

    def mask(self, req: SearchRequest) -> np.ndarray:
        """Boolean mask over the slots of the live documents passing the request's filters."""
        mask = self._alive.view.copy()
        for name, values in active_terms(req):
            column = self._keywords.get(name)
            if column is None:
                mask[:] = False
            else:
                mask &= column.slots_with(values, self.size)
        for name, lo, hi in active_date_ranges(req):
            dates = self._dates.get(name)
            if dates is None:
                continue  # no document has this date: all are open-ended
            days = dates.view
            within = np.ones(self.size, dtype=bool)
            if lo is not None:
                within &= days >= lo.toordinal()
            if hi is not None:
                within &= days <= hi.toordinal()
            mask &= within | (days == NO_DATE)
        excluded = [self._slot[i] for i in req.exclude_ids if i in self._slot]
        mask[excluded] = False
        return mask

    def mask_of(self, ids: np.ndarray | list[int]) -> np.ndarray:
        """Boolean mask over the slots of the given live documents."""
        mask = np.zeros(self.size, dtype=bool)
        slots = self.slots(np.asarray(ids, dtype=np.int64))
        mask[slots[slots >= 0]] = True
        return mask

    def slots(self, ids: np.ndarray) -> np.ndarray:
        """Slot of each id, -1 for ids not in the index."""
        if self._lookup is None:
            live = np.flatnonzero(self._alive.view)
            order = np.argsort(self._ids.view[live], kind="stable")
            self._lookup = (self._ids.view[live][order], live[order])
        sorted_ids, sorted_slots = self._lookup
        if not len(sorted_ids):
            return np.full(len(ids), -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
        return np.where(sorted_ids[pos] == ids, sorted_slots[pos], -1)

    def ids(self, mask: np.ndarray) -> np.ndarray:
        """Ids of the masked slots, ascending."""
        return np.sort(self._ids.view[mask])

    def matched_fields(self, ids: list[int], prefer: dict[str, list[str]]) -> dict[int, int]:
        """For each id, how many of the fields in `prefer` hold one of that field's values."""
        slots = self.slots(np.asarray(ids, dtype=np.int64))
        counts = np.zeros(len(ids), dtype=np.int64)
        for name, values in prefer.items():
            column = self._keywords.get(name)
            if column is not None:
                hit = column.slots_with(values, self.size)
                counts += (slots >= 0) & hit[np.maximum(slots, 0)]
        return dict(zip(ids, counts.tolist(), strict=True))

    def newest(self, mask: np.ndarray, offset: int, end: int) -> list[int]:
        """Ids of the masked slots at positions offset..end when sorted by id descending."""
        if end <= offset:
            return []  # e.g. limit 0: a request for counts and facets only
        ids = self._ids.view[mask]
        if end < len(ids):
            # Only the `end` largest ids matter: partition instead of sorting everything.
            ids = np.partition(ids, len(ids) - end)[len(ids) - end :]
        return np.sort(ids)[::-1][offset:end].tolist()

    def sorted_by(self, mask: np.ndarray, sort: SortBy, offset: int, end: int) -> list[int]:
        """Ids of the masked slots at positions offset..end in `sort` order (see "Sorting" in
        `search.base`): by the date, missing ones first or last, then highest id first."""
        if end <= offset:
            return []
        slots = np.flatnonzero(mask)
        ids = self._ids.view[slots]
        column = self._dates.get(sort.field)
        days = (
            column.view[slots].astype(np.int64)
            if column is not None
            else np.full(len(slots), NO_DATE, dtype=np.int64)
        )
        missing = days == NO_DATE
        key = -days if sort.descending else days
        # Past every real day on the side `missing_first` asks for.
        key[missing] = np.iinfo(np.int64).min if sort.missing_first else np.iinfo(np.int64).max
        order = np.lexsort((-ids, key))
        return ids[order[offset:end]].tolist()

    def facets(self, mask: np.ndarray, fields: tuple[str, ...]) -> dict[str, dict[str, int]]:
        """Per field, value counts over the masked slots: count descending, then value."""
        out: dict[str, dict[str, int]] = {}
        for name in fields:
            column = self._keywords.get(name)
            if column is None:
                out[name] = {}
                continue
            selected = column.value_codes.view[mask[column.slots.view]]
            counts = np.bincount(selected, minlength=len(column.values))
            present = np.flatnonzero(counts)
            ranked = sorted(present.tolist(), key=lambda c: (-counts[c], column.values[c]))
            out[name] = {column.values[c]: int(counts[c]) for c in ranked[:FACET_SIZE]}
        return out
