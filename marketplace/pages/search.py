"""What the search pages (candidates, vacancies) share: reading the query string into a typed
query, filter choices with counts, and the pager."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError

from marketplace.i18n import Translator
from marketplace.searching import parameters
from marketplace.taxonomy.service import first_rank, get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.web import translator
from matching.analysis import fold
from search.base import MAX_RESULT_WINDOW

Q = TypeVar("Q")


def _query_values(request: Request, several: Mapping[str, bool]) -> dict[str, Any]:
    """The query string's values of a typed query's parameters; a form's empty "any" choices
    are left out."""
    values: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key not in several or not value.strip():
            continue
        if several[key]:
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    return values


def query_reader(query_type: type[Q]) -> Callable[[Request], Q]:
    """A dependency reading `query_type` from the query string: a form's empty "any" choices
    are left out, anything else invalid is a 422 naming the parameter."""
    adapter = TypeAdapter(query_type)
    several = parameters(query_type)  # name -> takes several values

    def read(request: Request) -> Q:
        try:
            return adapter.validate_python(_query_values(request, several))
        except ValidationError as exc:
            errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
            raise RequestValidationError(errors) from exc

    read.__doc__ = f"{query_type.__name__} from the query string."
    return read


@dataclass(frozen=True)
class ReadQuery(Generic[Q]):
    """A search page's query: the parameters that could be used, and a sentence in the page's
    language for each one left out."""

    query: Q
    problems: list[str]


def query_problem(t: Translator, name: str, limit: int | None = None) -> str:
    """Why a search parameter was left out, in the page's language."""
    key = f"search.invalid.{name}"
    return t(key, limit=limit) if t.has(key) else t("search.invalid.filter")


def page_query_reader(query_type: type[Q]) -> Callable[[Request], ReadQuery[Q]]:
    """A dependency for search pages: like `query_reader`, but a parameter that cannot be used
    (a too long text, a page offset out of range, a malformed date) is left out and told on the
    page, instead of an error page that loses the search form."""
    adapter = TypeAdapter(query_type)
    several = parameters(query_type)

    def read(request: Request) -> ReadQuery[Q]:
        values = _query_values(request, several)
        try:
            return ReadQuery(adapter.validate_python(values), [])
        except ValidationError as exc:
            faults = {str(e["loc"][0]): e for e in exc.errors() if e["loc"]}
        t = translator(request)
        kept = {name: value for name, value in values.items() if name not in faults}
        problems = [
            query_problem(t, name, (fault.get("ctx") or {}).get("max_length"))
            for name, fault in faults.items()
        ]
        return ReadQuery(adapter.validate_python(kept), problems)

    read.__doc__ = f"{query_type.__name__} from the query string, bad parameters left out."
    return read


@dataclass(frozen=True)
class FilterOption:
    """One value of a search filter with the number of results choosing it would give."""

    value: str
    label: str
    count: int
    selected: bool


def concept_options(
    kind: str, chosen: Iterable[str], found: Mapping[str, int], lang: str
) -> list[FilterOption]:
    """A taxonomy filter's choices in list order (languages: Finnish, Swedish and English first,
    then by label): the values found in the results (every region, since any is worth offering)
    and the chosen ones."""
    taxonomy = get_taxonomy()
    picked = set(chosen)
    codes = {t.code for t in taxonomy.all(kind)} if kind == ConceptKind.REGION else set(found)
    items = [
        FilterOption(code, taxonomy.label(kind, code, lang), found.get(code, 0), code in picked)
        for code in codes | picked
    ]
    first = first_rank(kind)
    return sorted(items, key=lambda o: (first(o.value), fold(o.label)))


@dataclass(frozen=True)
class PageLink:
    """A numbered page of results; `number` None stands for a gap ("…")."""

    number: int | None
    offset: int = 0
    current: bool = False


def page_links(offset: int, limit: int, total: int, around: int = 2) -> list[PageLink]:
    """Numbered pages: the first, the last and `around` pages either side of the current one,
    with gaps between; reachable pages only (the engines page up to MAX_RESULT_WINDOW)."""
    reachable = min(total, MAX_RESULT_WINDOW)
    count = -(-reachable // limit) if limit else 0
    if count <= 1:
        return []
    current = offset // limit
    near = range(max(0, current - around), min(count, current + around + 1))
    shown = sorted({0, count - 1, *near})
    # A gap of one page is that page itself.
    shown = sorted({*shown, *(a + 1 for a, b in pairwise(shown) if b - a == 2)})
    links: list[PageLink] = []
    for index in shown:
        if links and links[-1].number is not None and index > links[-1].number:
            links.append(PageLink(None))  # the pages in between
        links.append(PageLink(index + 1, index * limit, index == current))
    return links


def pager(path: str, q: str, offset: int, limit: int, total: int) -> dict[str, Any]:
    """The pager's offsets (None where there is no such page), its numbered pages and the URL
    that clears the filters but keeps the words."""
    end = offset + limit
    return {
        "previous_offset": max(0, offset - limit) if offset > 0 else None,
        "next_offset": end if end < min(total, MAX_RESULT_WINDOW) else None,
        "pages": page_links(offset, limit, total),
        "clear_url": path + (f"?{urlencode({'q': q})}" if q else ""),
    }
