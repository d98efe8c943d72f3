"""Steps every domain search shares: the filters a person picked into an engine request, and
the hits back into database rows, the database being the truth."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html import escape, unescape
from typing import Any, Literal, Protocol, TypeVar, get_args, get_origin, get_type_hints

from marketplace.taxonomy.service import require_codes
from search.base import SearchHit, SearchRequest, SortBy

Row = TypeVar("Row")

# How a person may order results: by fit to the words (the default with words), newest first,
# or soonest first (candidates available, vacancies closing); each domain says which dates.
ResultOrder = Literal["relevance", "newest", "soonest"]
RESULT_ORDERS: tuple[ResultOrder, ...] = get_args(ResultOrder)


class PagedQuery(Protocol):
    """What a typed search query holds besides its filters."""

    q: str
    sort: ResultOrder | None
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
    orders: Mapping[ResultOrder, SortBy] | None = None,
) -> SearchRequest:
    """The engine request for one page of a typed query; `orders` gives the date order of each
    `sort` choice other than relevance."""
    return SearchRequest(
        text=query.q.strip() or None,
        terms=terms,
        date_ranges=date_ranges,
        offset=query.offset,
        limit=query.limit,
        facets=facets,
        sort=(orders or {}).get(query.sort) if query.sort else None,
    )


def rows_in_hit_order(
    hits: Sequence[SearchHit], load: Callable[[list[int]], Mapping[int, Row]]
) -> list[tuple[SearchHit, Row]]:
    """Each hit with its row, in the engine's order; `load` (ids -> rows, in one query)
    returns only the rows that may still be shown, so a hit whose row is gone, hidden or
    unlisted since it was indexed is dropped."""
    rows = load([hit.id for hit in hits])
    return [(hit, rows[hit.id]) for hit in hits if hit.id in rows]


# --- the snippet of a result card --------------------------------------------------------------

SNIPPET_WORDS = 30
ELLIPSIS = "…"
# Document texts are fields joined by line breaks; prose splits at sentence ends.
_SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])\s+")
_MARK = re.compile(r"<mark>(.*?)</mark>")


def _plain(fragment: str) -> str:
    """The text of an escaped, marked fragment, for comparing with a shown heading."""
    return " ".join(unescape(_MARK.sub(r"\1", fragment)).split()).strip(" .…").casefold()


def _cut(words: list[str], first: int) -> str:
    """At most `SNIPPET_WORDS` words, from a few before the `first` one that matters; an
    ellipsis says where words were left out (here or already by the engine)."""
    lead = bool(words) and words[0] == ELLIPSIS
    trail = len(words) > 1 and words[-1] == ELLIPSIS
    core = words[int(lead) : len(words) - int(trail)]
    first -= int(lead)
    start = max(0, min(first - SNIPPET_WORDS // 3, len(core) - SNIPPET_WORDS))
    end = min(len(core), start + SNIPPET_WORDS)
    prefix = ELLIPSIS + " " if start > 0 or lead else ""
    suffix = " " + ELLIPSIS if end < len(core) or trail else ""
    return prefix + " ".join(core[start:end]) + suffix


def best_sentence(
    highlights: Mapping[str, Sequence[str]], shown: str = "", fields: Sequence[str] = ("body",)
) -> str | None:
    """The sentence of the engine's snippets with the most different query words marked (then
    the most marks, then the first), as escaped HTML with its `<mark>`s; a sentence that only
    repeats the card's heading (`shown`) does not count. None without one."""
    heading = _plain(escape(shown))
    best: tuple[tuple[int, int, int], str] | None = None
    order = 0
    for name in fields:
        for fragment in highlights.get(name, ()):
            for sentence in _SENTENCE_BREAK.split(fragment):
                marks = [unescape(m).casefold() for m in _MARK.findall(sentence)]
                order += 1
                if not marks or _plain(sentence) == heading:
                    continue
                rank = (-len(set(marks)), -len(marks), order)
                if best is None or rank < best[0]:
                    best = (rank, sentence)
    if best is None:
        return None
    words = best[1].split()
    first = next(i for i, word in enumerate(words) if "<mark>" in word)
    return _cut(words, first)


def first_sentence(text: str) -> str:
    """The first sentence of a text, escaped for HTML and cut to `SNIPPET_WORDS` words."""
    for sentence in _SENTENCE_BREAK.split(text or ""):
        words = sentence.split()
        if words:
            return escape(_cut(words, 0))
    return ""
