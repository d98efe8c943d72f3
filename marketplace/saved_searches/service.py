"""Saved searches: jobseekers keep vacancy searches, employers keep candidate searches.

"New since the last visit" is defined by result ids, not by timestamps: opening a saved search
stores the ids of its first `SEEN_MAX` results, and a result counts as new when its id is not
among them. So a vacancy published, a profile made searchable or one edited into matching all
count once, and nothing counts twice. Results are the documents that match the search's words
(stemmed) and every filter; the interactive search ranks documents close in meaning below those
matches, and a saved search leaves such near misses out, so that "new" means a new match rather
than merely the nearest documents. Hidden profiles and unlisted vacancies are never results.
Each user keeps at most `SAVED_MAX` searches, which bounds the work of counting on the list page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any
from urllib.parse import urlencode

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User
from marketplace.candidates import search as candidate_search
from marketplace.candidates import service as candidates
from marketplace.candidates.schemas import CandidateBase, CandidateQuery
from marketplace.container import Services
from marketplace.db import utcnow
from marketplace.errors import Conflict, Forbidden, NotFound, ValidationFailed
from marketplace.indexing.queries import read_query, typed_search
from marketplace.saved_searches import repository
from marketplace.saved_searches.models import SavedSearch, SearchKind
from marketplace.saved_searches.schemas import SavedSearchIn, SavedSearchOut, SavedSearchResults
from marketplace.searching import parameters, rows_in_hit_order
from marketplace.vacancies import search as vacancy_search
from marketplace.vacancies import service as vacancies
from marketplace.vacancies.schemas import VacancyQuery
from search.base import IndexKind, SearchRequest

SAVED_MAX = 20
# What a page says of any parameter the search cannot keep (the API names the parameter).
PARAMS_ERROR = "saved_searches.invalid_search"
SEEN_MAX = 500
SHOWN_MAX = 50
PAGING = frozenset({"offset", "limit"})


@dataclass(frozen=True)
class SearchType:
    """How one kind of saved search is validated, run and shown."""

    query_type: type[Any]
    index: IndexKind
    search_path: str
    to_request: Callable[[Any], SearchRequest]
    # Ids -> the entities still shown to anyone (listed vacancies, searchable profiles).
    visible: Callable[[Session, list[int]], Mapping[int, Any]]

    @cached_property
    def parameters(self) -> dict[str, bool]:
        """Parameter name -> whether it takes several values; paging is not part of a search."""
        every = parameters(self.query_type)
        return {name: many for name, many in every.items() if name not in PAGING}


TYPES: dict[SearchKind, SearchType] = {
    SearchKind.VACANCIES: SearchType(
        query_type=VacancyQuery,
        index="vacancies",
        search_path="/vacancies",
        to_request=vacancy_search.to_request,
        visible=vacancies.listed,
    ),
    SearchKind.CANDIDATES: SearchType(
        query_type=CandidateQuery,
        index="profiles",
        search_path="/candidates",
        to_request=candidate_search.to_request,
        visible=candidates.searchable_profiles,
    ),
}


def kind_for(user: User) -> SearchKind:
    """Jobseekers save vacancy searches, employers candidate searches."""
    if user.role == Role.JOBSEEKER:
        return SearchKind.VACANCIES
    if user.role == Role.EMPLOYER:
        return SearchKind.CANDIDATES
    raise Forbidden("Saved searches are for jobseekers and employers")


def normalise(
    kind: SearchKind, raw: Mapping[str, str | list[str]], *, strict: bool = True
) -> dict[str, list[str]]:
    """Known parameters as lists of non-empty values; 422 naming `params.<name>` when invalid.

    Unknown parameters are an error when `strict`, otherwise (a page's query string, which
    also carries things like the language) they are left out.
    """
    parameters = TYPES[kind].parameters
    params: dict[str, list[str]] = {}
    for name, value in raw.items():
        values = [v.strip() for v in ([value] if isinstance(value, str) else value) if v.strip()]
        if name in PAGING or not values:
            continue
        if name not in parameters:
            if strict:
                raise ValidationFailed(
                    "Unknown search parameter", field=f"params.{name}", key=PARAMS_ERROR
                )
            continue
        if not parameters[name] and len(values) > 1:
            raise ValidationFailed("Give one value only", field=f"params.{name}", key=PARAMS_ERROR)
        params[name] = values
    build_query(kind, params)
    return params


def build_query(kind: SearchKind, params: Mapping[str, list[str]]) -> Any:
    """The typed query of stored parameters, its taxonomy codes checked."""
    search_type = TYPES[kind]
    parameters = search_type.parameters
    values = {k: v if parameters.get(k) else v[0] for k, v in params.items() if v}
    try:
        query = TypeAdapter(search_type.query_type).validate_python(values)
        search_type.to_request(query)
    except ValidationError as exc:
        fields = {f"params.{err['loc'][0]}": err["msg"] for err in exc.errors() if err["loc"]}
        raise ValidationFailed(
            "Invalid search parameters", fields=fields, key=PARAMS_ERROR
        ) from exc
    except ValidationFailed as exc:
        fields = {f"params.{name}": msg for name, msg in exc.fields.items()}
        raise ValidationFailed(exc.message, fields=fields, key=PARAMS_ERROR) from exc
    return query


@dataclass(frozen=True)
class Matches:
    """The ranked ids a saved search finds now, and the entities of those ids."""

    ids: list[int]
    entities: Mapping[int, Any]


def run(services: Services, session: Session, search: SavedSearch) -> Matches:
    """The search's current matches, at most `SEEN_MAX`, best first."""
    kind = SearchKind(search.kind)
    search_type = TYPES[kind]
    query = dataclasses.replace(build_query(kind, search.params), offset=0, limit=SEEN_MAX)
    req = search_type.to_request(query)
    req = dataclasses.replace(req, mode="bm25", facets=(), highlight=False)
    # New matches are text matches, read as the search page reads the query (places filter).
    analysed = read_query(services, search_type.index, req, query.q)
    result = typed_search(services, search_type.index, req, analysed)
    found = rows_in_hit_order(result.hits, partial(search_type.visible, session))
    return Matches([hit.id for hit, _ in found], {hit.id: row for hit, row in found})


def new_ids(search: SavedSearch, matches: Matches) -> list[int]:
    """Matches that were not among the results at the last visit."""
    seen = set(search.seen_ids)
    return [i for i in matches.ids if i not in seen]


def _mark_seen(session: Session, search: SavedSearch, matches: Matches) -> None:
    search.seen_ids = matches.ids[:SEEN_MAX]
    search.last_seen_at = utcnow()
    session.flush()


def owned(session: Session, user: User, search_id: int) -> SavedSearch:
    """One of the user's saved searches; 404 for anyone else's."""
    search = repository.get(session, search_id)
    if search is None or search.user_id != user.id:
        raise NotFound("Saved search not found")
    return search


def create(services: Services, session: Session, user: User, data: SavedSearchIn) -> SavedSearch:
    """Save a search; what it finds now counts as seen."""
    kind = kind_for(user)
    params = normalise(kind, data.params)
    if repository.count_for_user(session, user.id) >= SAVED_MAX:
        raise Conflict(
            f"You can keep at most {SAVED_MAX} saved searches; delete one first",
            key="saved_searches.limit_reached",
            params={"max": SAVED_MAX},
        )
    search = SavedSearch(user_id=user.id, kind=kind, name=data.name, params=params)
    # Search before writing: the search may bring the index up to date, which writes through
    # its own connection, and SQLite allows one writer at a time.
    matches = run(services, session, search)
    search.seen_ids = matches.ids[:SEEN_MAX]
    search.last_seen_at = utcnow()
    return repository.add(session, search)


def delete(session: Session, user: User, search_id: int) -> None:
    """Forget a saved search."""
    repository.delete(session, owned(session, user, search_id))


def listing(services: Services, session: Session, user: User) -> list[SavedSearchOut]:
    """The user's saved searches, each with its count of new results."""
    kind_for(user)  # other roles have no saved searches
    return [
        to_out(search, len(new_ids(search, run(services, session, search))))
        for search in repository.for_user(session, user.id)
    ]


def open_search(
    services: Services, session: Session, user: User, search_id: int
) -> SavedSearchResults:
    """Run a saved search: new results first, then the others; then all count as seen."""
    search = owned(session, user, search_id)
    matches = run(services, session, search)  # before any write of this request, as in create
    fresh = new_ids(search, matches)
    fresh_set = set(fresh)
    shown = [*fresh, *(i for i in matches.ids if i not in fresh_set)][:SHOWN_MAX]
    _mark_seen(session, search, matches)
    results = SavedSearchResults(search=to_out(search, 0), total=len(matches.ids), new_ids=fresh)
    if search.kind == SearchKind.VACANCIES:
        results.vacancies = [vacancies.to_summary(matches.entities[i]) for i in shown]
    else:
        results.candidates = [
            CandidateBase(**candidates.candidate_fields(candidates.card_of(matches.entities[i])))
            for i in shown
        ]
    return results


def search_url(search: SavedSearch) -> str:
    """The interactive search page with the saved parameters."""
    path = TYPES[SearchKind(search.kind)].search_path
    return f"{path}?{urlencode(search.params, doseq=True)}" if search.params else path


def to_out(search: SavedSearch, new_count: int) -> SavedSearchOut:
    """API shape of a saved search."""
    return SavedSearchOut(
        id=search.id,
        name=search.name,
        kind=SearchKind(search.kind),
        params=search.params,
        search_url=search_url(search),
        new_count=new_count,
        created_at=search.created_at,
        last_seen_at=search.last_seen_at,
    )


def export_saved_searches(session: Session, user: User) -> list[dict[str, Any]]:
    """The user's saved searches, for the data export."""
    return [
        {
            "name": s.name,
            "kind": s.kind,
            "params": s.params,
            "created_at": s.created_at.isoformat(),
            "last_seen_at": s.last_seen_at.isoformat(),
        }
        for s in repository.for_user(session, user.id)
    ]
