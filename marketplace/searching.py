"""Steps every domain search shares: the filters a person picked into an engine request, and
the hits back into database rows, the database being the truth."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar, get_args, get_origin, get_type_hints

from marketplace.taxonomy.service import require_codes
from search.base import SearchHit, SearchRequest

Row = TypeVar("Row")


class PagedQuery(Protocol):
    """What a typed search query holds besides its filters."""

    q: str
    offset: int
    limit: int


def parameters(query_type: type) -> dict[str, bool]:
    """A typed query's parameter names -> whether each takes several values (a list)."""
    return {
        name: any(get_origin(arg) is list for arg in (*get_args(hint), hint))
        for name, hint in get_type_hints(query_type).items()
    }


def code_terms(query: object, kinds: Mapping[str, str]) -> dict[str, list[str]]:
    """The query's taxonomy filters (parameter -> kind; the parameter names are the index
    fields) as engine terms; an unknown code is a 422 naming its parameter."""
    terms: dict[str, list[str]] = {}
    for name, kind in kinds.items():
        values = list(dict.fromkeys(getattr(query, name) or []))
        require_codes(kind, values, name)
        if values:
            terms[name] = values
    return terms


def page_request(
    query: PagedQuery,
    terms: dict[str, list[str]],
    date_ranges: dict[str, tuple[Any, Any]],
    facets: tuple[str, ...],
) -> SearchRequest:
    """The engine request for one page of a typed query."""
    return SearchRequest(
        text=query.q.strip() or None,
        terms=terms,
        date_ranges=date_ranges,
        offset=query.offset,
        limit=query.limit,
        facets=facets,
    )


def rows_in_hit_order(
    hits: Sequence[SearchHit], load: Callable[[list[int]], Mapping[int, Row]]
) -> list[tuple[SearchHit, Row]]:
    """Each hit with its row, in the engine's order; `load` (ids -> rows, in one query)
    returns only the rows that may still be shown, so a hit whose row is gone, hidden or
    unlisted since it was indexed is dropped."""
    rows = load([hit.id for hit in hits])
    return [(hit, rows[hit.id]) for hit in hits if hit.id in rows]
