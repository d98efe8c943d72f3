"""What the search pages (candidates, vacancies) share: reading the query string into a typed
query, filter choices with counts, and the pager."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, get_args, get_origin, get_type_hints
from urllib.parse import urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError

from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.analysis import fold

Q = TypeVar("Q")


def query_reader(query_type: type[Q]) -> Callable[[Request], Q]:
    """A dependency reading `query_type` from the query string: a form's empty "any" choices
    are left out, anything else invalid is a 422 naming the parameter."""
    adapter = TypeAdapter(query_type)
    hints = get_type_hints(query_type)
    multi_valued = {
        name
        for name, hint in hints.items()
        if any(get_origin(arg) is list for arg in (*get_args(hint), hint))
    }

    def read(request: Request) -> Q:
        values: dict[str, Any] = {}
        for key, value in request.query_params.multi_items():
            if key not in hints or not value.strip():
                continue
            if key in multi_valued:
                values.setdefault(key, []).append(value)
            else:
                values[key] = value
        try:
            return adapter.validate_python(values)
        except ValidationError as exc:
            errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
            raise RequestValidationError(errors) from exc

    read.__doc__ = f"{query_type.__name__} from the query string."
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
    """A taxonomy filter's choices by label: the values found in the results (every region,
    since any is worth offering) and the chosen ones."""
    taxonomy = get_taxonomy()
    picked = set(chosen)
    codes = {t.code for t in taxonomy.all(kind)} if kind == ConceptKind.REGION else set(found)
    items = [
        FilterOption(code, taxonomy.label(kind, code, lang), found.get(code, 0), code in picked)
        for code in codes | picked
    ]
    return sorted(items, key=lambda o: fold(o.label))


def pager(path: str, q: str, offset: int, limit: int, total: int) -> dict[str, Any]:
    """The pager's offsets (None where there is no such page) and the URL that clears the
    filters but keeps the words."""
    end = offset + limit
    return {
        "previous_offset": max(0, offset - limit) if offset > 0 else None,
        "next_offset": end if end < total else None,
        "clear_url": path + (f"?{urlencode({'q': q})}" if q else ""),
    }
