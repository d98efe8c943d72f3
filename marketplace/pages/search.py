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
from matching.analysis import fold
from search.base import MAX_RESULT_WINDOW

Q = TypeVar("Q")


@dataclass(frozen=True)
class SearchInput(Generic[Q]):
    """A search page's query string: the query to run, the invalid parameters left out, and
    the error about those (None when every parameter was valid)."""

    query: Q
    error: ValidationError | None = None


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


def search_input_reader(query_type: type[Q]) -> Callable[[Request], SearchInput[Q]]:
    """A dependency reading `query_type` from the query string for a page that tells what was
    wrong itself (a too long text, a page offset out of range, a malformed date): an invalid
    parameter is dropped from the query and named in the error, instead of an error page that
    loses the search form."""
    adapter = TypeAdapter(query_type)
    several = parameters(query_type)  # name -> takes several values

    def read(request: Request) -> SearchInput[Q]:
        values = _query_values(request, several)
        try:
            return SearchInput(adapter.validate_python(values))
        except ValidationError as exc:
            bad = {error["loc"][0] for error in exc.errors() if error["loc"]}
            kept = {key: value for key, value in values.items() if key not in bad}
            return SearchInput(adapter.validate_python(kept), exc)

    read.__doc__ = f"{query_type.__name__} from the query string, and what was invalid in it."
    return read


def query_reader(query_type: type[Q]) -> Callable[[Request], Q]:
    """A dependency reading `query_type` from the query string: a form's empty "any" choices
    are left out, anything else invalid is a 422 naming the parameter."""
    reader = search_input_reader(query_type)

    def read(request: Request) -> Q:
        found = reader(request)
        if found.error is not None:
            errors = [
                {**e, "loc": ("query", *e["loc"])} for e in found.error.errors(include_url=False)
            ]
            raise RequestValidationError(errors) from found.error
        return found.query

    read.__doc__ = f"{query_type.__name__} from the query string."
    return read


def query_problem(t: Translator, name: str, limit: int | None = None) -> str:
    """Why a search parameter was left out, in the page's language."""
    key = f"search.invalid.{name}"
    return t(key, limit=limit) if t.has(key) else t("search.invalid.filter")


def query_problems(error: ValidationError | None, t: Translator) -> list[str]:
    """A sentence for each parameter a `SearchInput` left out."""
    faults = {str(e["loc"][0]): e for e in (error.errors() if error else []) if e["loc"]}
    return [
        query_problem(t, name, (fault.get("ctx") or {}).get("max_length"))
        for name, fault in faults.items()
    ]


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
