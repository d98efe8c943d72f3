# ruff: noqa: E501  (the matrix is a table: one route per line)
"""Authorisation matrix: every route of the app times every role, with the expected status.

The routes come from the app's own route table, so a route added without an entry here fails
`test_every_route_has_an_entry`. Roles (columns, in this order): anonymous, jobseeker A,
jobseeker B, employer X, employer Y, specialist (A's), admin. Path parameters are filled from
seeded data: A's profile, X's vacancy, A's customership, X's conversation with A, and so on.

Pages are called the way a browser calls them (session cookie, CSRF token in every form);
the JSON API with bearer tokens. `L` means "sent to the sign-in page" (303 to /login).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from marketplace.service_model.service import helsinki_today
from tests import factories
from tests.trust.conftest import ROLES, World, a_profile

L = "login"
Expected = int | str
Body = Callable[[World], dict[str, Any]]

# Framework routes that are not the service's own: the API documentation and static files.
FRAMEWORK = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/static"}

# Path parameters default to these world ids; rows override them where a route needs another.
DEFAULT_PARAMS = {
    "profile_id": "profile_a",
    "vacancy_id": "vacancy_x",
    "organization_id": "organization_x",
    "user_id": "user_a",
    "application_id": "application_a",
    "key": "meeting_key",
    "conversation_id": "conversation_xa",
    "search_id": "search_a",
}


@dataclass(frozen=True)
class Row:
    """Expected statuses in `ROLES` order, and how to call the route."""

    expect: tuple[Expected, ...]
    params: dict[str, Any] = field(default_factory=dict)
    query: Body | None = None
    body: Body | None = None
    # The call changes what other rows see (deletes, sign-outs...): it gets a world of its own.
    fresh: bool = False


def every(status: Expected) -> tuple[Expected, ...]:
    return (status,) * len(ROLES)


def jobseekers(ok: Expected, denied: Expected = 403, anon: Expected = L) -> tuple[Expected, ...]:
    """Both jobseekers may (each on their own data); everyone else is refused."""
    return (anon, ok, ok, denied, denied, denied, denied)


def employers(ok: Expected, denied: Expected = 403, anon: Expected = L) -> tuple[Expected, ...]:
    return (anon, denied, denied, ok, ok, denied, denied)


def owner_x(ok: Expected, other: Expected = 403, anon: Expected = L) -> tuple[Expected, ...]:
    """Only employer X (the owner); Y is refused with `other`."""
    return (anon, 403, 403, ok, other, 403, 403)


def specialist_of_a(
    ok: Expected, admin: Expected = 403, anon: Expected = L
) -> tuple[Expected, ...]:
    return (anon, 403, 403, 403, 403, ok, admin)


def signed_in(ok: Expected, anon: Expected = L) -> tuple[Expected, ...]:
    return (anon, ok, ok, ok, ok, ok, ok)


def _csv(*keys: str) -> Body:
    return lambda w: {"ids": ",".join(str(w.ids[k]) for k in keys)}


def _report(w: World) -> dict[str, Any]:
    return {
        "applied_on": helsinki_today().isoformat(),
        "kind": "application",
        "employer": "Tays",
        "job_title": "Sairaanhoitaja",
    }


_nobodies = itertools.count(1)


def _nobody() -> str:
    """A new unknown email for each failed sign-in, so the rate limit does not kick in."""
    return f"nobody{next(_nobodies)}@example.fi"


TODAY = helsinki_today().isoformat()
API_PROFILE: Body = lambda w: a_profile(0, "owner@example.fi")  # noqa: E731
CONTACT: Body = lambda w: {"profile_id": w.ids["profile_a"], "subject": "Hei", "body": "Tervetuloa"}  # noqa: E731

# fmt: off
MATRIX: dict[tuple[str, str], Row] = {
    # --- service ---------------------------------------------------------------------------
    ("GET", "/healthz"): Row(every(200)),
    ("GET", "/metrics"): Row(every(200)),
    ("GET", "/favicon.ico"): Row(every(307)),
    ("GET", "/"): Row(every(200)),
    ("GET", "/about/privacy"): Row(every(200)),
    # --- accounts ----------------------------------------------------------------------------
    ("GET", "/login"): Row(every(200)),
    ("POST", "/login"): Row(every(401), body=lambda w: {"email": _nobody(), "password": "wrong-password-1"}),
    ("POST", "/logout"): Row(every(303), fresh=True),
    ("GET", "/register"): Row(every(200)),
    ("POST", "/register"): Row(every(422)),
    ("POST", "/api/v1/auth/register"): Row(every(422)),
    ("POST", "/api/v1/auth/token"): Row(every(401), body=lambda w: {"username": _nobody(), "password": "wrong-password-1"}),
    ("GET", "/api/v1/me"): Row(signed_in(200, anon=401)),
    ("GET", "/api/v1/me/export"): Row(signed_in(200, anon=401)),
    ("DELETE", "/api/v1/me"): Row(signed_in(204, anon=401), fresh=True),
    ("POST", "/api/v1/me/sign-out-everywhere"): Row(signed_in(204, anon=401), fresh=True),
    # The right current password and a too short new one: refused, nothing changes.
    ("POST", "/api/v1/me/password"): Row(signed_in(422, anon=401), body=lambda w: {"current_password": factories.PASSWORD, "new_password": "lyhyt"}),
    ("POST", "/api/v1/auth/password-reset"): Row(every(202), body=lambda w: {"email": _nobody()}),
    ("POST", "/api/v1/auth/password-reset/confirm"): Row(every(422), body=lambda w: {"token": "x", "new_password": "Uusi-salasana-2030"}),
    ("GET", "/password/forgot"): Row(every(200)),
    ("POST", "/password/forgot"): Row(every(200), body=lambda w: {"email": _nobody()}),
    ("GET", "/password/reset"): Row(every(200), query=lambda w: {"token": "x"}),
    ("POST", "/password/reset"): Row(every(422), body=lambda w: {"token": "x", "new_password": "Uusi-salasana-2030", "password_confirm": "Uusi-salasana-2030"}),
    ("GET", "/account"): Row(signed_in(200)),
    ("POST", "/account/password"): Row(signed_in(422), body=lambda w: {"current_password": factories.PASSWORD, "new_password": "lyhyt", "password_confirm": "lyhyt"}),
    # Signed in or not, the browser ends up at the sign-in page (signed out everywhere).
    ("POST", "/account/sign-out-everywhere"): Row(every(L), fresh=True),
    ("GET", "/me/delete"): Row(signed_in(200)),
    ("POST", "/me/delete"): Row(signed_in(303), body=lambda w: {"password": "Salasana-2026"}, fresh=True),
    ("GET", "/me/deleted"): Row(every(200)),
    # --- profiles ----------------------------------------------------------------------------
    ("GET", "/api/v1/me/profile"): Row(jobseekers(200, anon=401)),
    ("PUT", "/api/v1/me/profile"): Row(jobseekers(200, anon=401), body=API_PROFILE),
    # A's public profile: employers, the specialist and admins; not another jobseeker.
    ("GET", "/api/v1/profiles/{profile_id}"): Row((401, 200, 404, 200, 200, 200, 200)),
    ("GET", "/profiles/{profile_id}"): Row((404, 200, 404, 200, 200, 200, 200)),
    ("GET", "/profile/edit"): Row(jobseekers(200)),
    ("GET", "/profile/edit/{slug}"): Row(jobseekers(200), params={"slug": "skills"}),
    ("POST", "/profile/intro"): Row(jobseekers(303), body=lambda w: {"headline": "Sairaanhoitaja", "municipality_code": "837"}),
    ("POST", "/profile/skills/add"): Row(jobseekers(303), body=lambda w: {"code": "S0041"}),
    ("POST", "/profile/skills/{code}/remove"): Row(jobseekers(303), params={"code": "S0045"}),
    ("POST", "/profile/licences/add"): Row(jobseekers(303), body=lambda w: {"code": "DL-C"}),
    ("POST", "/profile/licences/{code}/remove"): Row(jobseekers(303), params={"code": "DL-B"}),
    ("POST", "/profile/wishes/occupations/add"): Row(jobseekers(303), body=lambda w: {"code": "2221.1"}),
    ("POST", "/profile/wishes/occupations/{code}/remove"): Row(jobseekers(303), params={"code": "2221.1"}),
    ("POST", "/profile/wishes/municipalities/add"): Row(jobseekers(303), body=lambda w: {"code": "091"}),
    ("POST", "/profile/wishes/municipalities/{code}/remove"): Row(jobseekers(303), params={"code": "091"}),
    ("POST", "/profile/wishes/regions/add"): Row(jobseekers(303), body=lambda w: {"code": "01"}),
    ("POST", "/profile/wishes/regions/{code}/remove"): Row(jobseekers(303), params={"code": "01"}),
    ("POST", "/profile/keywords"): Row(jobseekers(303), body=lambda w: {"keywords": "päivystys, ensihoito"}),
    ("POST", "/profile/languages/add"): Row(jobseekers(303), body=lambda w: {"code": "sv", "language_level": "B1"}),
    ("POST", "/profile/languages/{code}/remove"): Row(jobseekers(303), params={"code": "sv"}),
    ("POST", "/profile/work"): Row(jobseekers(303), body=lambda w: {"work_title": "Lähihoitaja"}),
    ("POST", "/profile/work/{index}"): Row(jobseekers(303), params={"index": 0}, body=lambda w: {"work_title": "Sairaanhoitaja"}),
    ("POST", "/profile/work/{index}/remove"): Row(jobseekers(303), params={"index": 1}),
    ("POST", "/profile/education"): Row(jobseekers(303), body=lambda w: {"edu_title": "Lähihoitaja"}),
    ("POST", "/profile/education/{index}"): Row(jobseekers(303), params={"index": 0}, body=lambda w: {"edu_title": "Sairaanhoitaja AMK"}),
    ("POST", "/profile/education/{index}/remove"): Row(jobseekers(303), params={"index": 1}),
    ("POST", "/profile/wishes"): Row(jobseekers(303), body=lambda w: {"working_times": "full_time"}),
    ("POST", "/profile/visibility"): Row(jobseekers(303), body=lambda w: {"visibility": "public"}, fresh=True),
    ("GET", "/me"): Row(jobseekers(200)),
    # --- CVs -----------------------------------------------------------------------------------
    ("GET", "/api/v1/profiles/{profile_id}/cv.pdf"): Row((401, 200, 404, 200, 200, 200, 200)),
    ("GET", "/profiles/{profile_id}/cv"): Row((L, 200, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/cv/zip"): Row(employers(200, anon=401), body=lambda w: {"profile_ids": [w.ids["profile_a"]]}),
    ("GET", "/cv/download"): Row(employers(200), query=_csv("profile_a")),
    ("POST", "/cv/download"): Row(employers(200), body=_csv("profile_a")),
    ("GET", "/api/v1/me/cv-views"): Row(jobseekers(200, anon=401)),
    ("GET", "/me/cv-views"): Row(jobseekers(200)),
    # --- organisations -------------------------------------------------------------------------
    ("GET", "/api/v1/organizations/{organization_id}"): Row(every(200)),
    ("GET", "/organizations/{organization_id}"): Row(every(200)),
    ("PATCH", "/api/v1/organizations/me"): Row(employers(200, anon=401), body=lambda w: {"description": "Hoiva-alan yritys"}),
    ("GET", "/employer"): Row(employers(200)),
    ("POST", "/employer/organization"): Row(employers(303), body=lambda w: {"name": "Uusi nimi Oy", "municipality_code": "837"}),
    # --- vacancies -----------------------------------------------------------------------------
    ("GET", "/api/v1/vacancies"): Row(every(200)),
    ("GET", "/vacancies"): Row(every(200)),
    ("GET", "/api/v1/vacancies/mine"): Row(employers(200, anon=401)),
    ("POST", "/api/v1/vacancies"): Row(employers(201, anon=401), body=lambda w: {"title": "Lähihoitaja", "employment_type": "permanent", "working_time": "full_time"}),
    ("GET", "/api/v1/vacancies/{vacancy_id}"): Row(every(200)),
    ("GET", "/vacancies/{vacancy_id}"): Row(every(200)),
    # X's draft: only X's organisation sees it.
    ("PATCH", "/api/v1/vacancies/{vacancy_id}"): Row(owner_x(200, anon=401), body=lambda w: {"salary_text": "TES"}),
    ("POST", "/api/v1/vacancies/{vacancy_id}/publish"): Row(owner_x(200, anon=401)),
    ("POST", "/api/v1/vacancies/{vacancy_id}/unpublish"): Row(owner_x(200, anon=401), fresh=True),
    ("DELETE", "/api/v1/vacancies/{vacancy_id}"): Row(owner_x(204, anon=401), fresh=True),
    ("GET", "/employer/vacancies/new"): Row(employers(200)),
    ("POST", "/employer/vacancies"): Row(employers(422)),
    ("GET", "/employer/vacancies/{vacancy_id}/edit"): Row(owner_x(200)),
    ("POST", "/employer/vacancies/{vacancy_id}"): Row(owner_x(422)),
    ("POST", "/employer/vacancies/{vacancy_id}/publish"): Row(owner_x(303)),
    ("POST", "/employer/vacancies/{vacancy_id}/unpublish"): Row(owner_x(303), fresh=True),
    ("GET", "/employer/vacancies/{vacancy_id}/delete"): Row(owner_x(200)),
    ("POST", "/employer/vacancies/{vacancy_id}/delete"): Row(owner_x(303), fresh=True),
    # --- taxonomy ------------------------------------------------------------------------------
    ("GET", "/api/v1/taxonomy/concepts"): Row(every(200)),
    ("GET", "/api/v1/taxonomy/{kind}"): Row(every(200), params={"kind": "skills"}),
    ("POST", "/api/v1/taxonomy/suggest"): Row(every(200), body=lambda w: {"text": "sairaanhoitaja"}),
    # --- candidates, matches, recommendations --------------------------------------------------
    # Specialists and admins may search candidates too; jobseekers may not.
    ("GET", "/api/v1/candidates"): Row((401, 403, 403, 200, 200, 200, 200)),
    ("GET", "/candidates"): Row((L, 403, 403, 200, 200, 200, 200)),
    ("GET", "/api/v1/vacancies/{vacancy_id}/candidates"): Row(owner_x(200, anon=401)),
    ("GET", "/employer/vacancies/{vacancy_id}/candidates"): Row(owner_x(200)),
    ("GET", "/api/v1/me/recommendations"): Row(jobseekers(200, anon=401)),
    ("GET", "/me/recommendations"): Row(jobseekers(200)),
    # --- shortlists ----------------------------------------------------------------------------
    ("GET", "/api/v1/vacancies/{vacancy_id}/shortlist"): Row(owner_x(200, anon=401)),
    ("POST", "/api/v1/vacancies/{vacancy_id}/shortlist"): Row(owner_x(200, anon=401), body=lambda w: {"profile_id": w.ids["profile_a"], "note": "Hyvä"}),
    ("DELETE", "/api/v1/vacancies/{vacancy_id}/shortlist/{profile_id}"): Row(owner_x(204, anon=401), fresh=True),
    ("GET", "/employer/vacancies/{vacancy_id}/shortlist"): Row(owner_x(200)),
    ("POST", "/employer/shortlist"): Row(owner_x(303), body=lambda w: {"vacancy_id": w.ids["vacancy_x"], "profile_id": w.ids["profile_a"]}),
    ("POST", "/employer/vacancies/{vacancy_id}/shortlist/{profile_id}/remove"): Row(owner_x(303), fresh=True),
    # --- messaging -----------------------------------------------------------------------------
    ("POST", "/api/v1/messages"): Row(employers(201, anon=401), body=CONTACT),
    # Messages are between jobseekers and employers only.
    ("GET", "/api/v1/me/inbox"): Row((401, 200, 200, 200, 200, 403, 403)),
    ("GET", "/api/v1/me/inbox/{conversation_id}"): Row((401, 200, 404, 200, 404, 404, 404)),
    ("POST", "/api/v1/me/inbox/{conversation_id}/messages"): Row((401, 201, 404, 201, 404, 404, 404), body=lambda w: {"body": "Kiitos"}),
    ("GET", "/me/inbox"): Row(jobseekers(200)),
    ("GET", "/me/inbox/{conversation_id}"): Row((L, 200, 404, 403, 403, 403, 403)),
    ("POST", "/me/inbox/{conversation_id}/reply"): Row((L, 303, 404, 403, 403, 403, 403), body=lambda w: {"body": "Kiitos"}),
    ("GET", "/employer/messages"): Row(employers(200)),
    ("GET", "/employer/messages/new"): Row(employers(200), query=lambda w: {"profile_id": w.ids["profile_a"]}),
    ("POST", "/employer/messages"): Row(employers(303), body=CONTACT),
    ("GET", "/employer/messages/{conversation_id}"): Row(owner_x(200, other=404)),
    ("POST", "/employer/messages/{conversation_id}/reply"): Row(owner_x(303, other=404), body=lambda w: {"body": "Hei taas"}),
    # --- saved searches ------------------------------------------------------------------------
    # Saved searches are for jobseekers (vacancies) and employers (candidates).
    ("GET", "/api/v1/me/saved-searches"): Row((401, 200, 200, 200, 200, 403, 403)),
    ("POST", "/api/v1/me/saved-searches"): Row((401, 201, 201, 201, 201, 403, 403), body=lambda w: {"name": "Hoitajat", "params": {"q": "hoitaja"}}),
    ("DELETE", "/api/v1/me/saved-searches/{search_id}"): Row((401, 204, 404, 404, 404, 404, 404), fresh=True),
    ("POST", "/api/v1/me/saved-searches/{search_id}/open"): Row((401, 200, 404, 404, 404, 404, 404)),
    ("GET", "/me/saved-searches"): Row((L, 200, 200, 200, 200, 403, 403)),
    ("POST", "/me/saved-searches"): Row((L, 303, 303, 303, 303, 403, 403), body=lambda w: {"name": "Hoitajat", "query": "q=hoitaja"}),
    ("GET", "/me/saved-searches/{search_id}"): Row((L, 200, 404, 404, 404, 404, 404)),
    ("POST", "/me/saved-searches/{search_id}/delete"): Row((L, 303, 404, 404, 404, 404, 404), fresh=True),
    # --- the customer-service model ------------------------------------------------------------
    ("POST", "/api/v1/me/registration"): Row((401, 409, 201, 403, 403, 403, 403), fresh=True),
    ("GET", "/api/v1/me/plan"): Row((401, 200, 404, 403, 403, 403, 403)),
    ("GET", "/api/v1/me/job-applications"): Row((401, 200, 404, 403, 403, 403, 403)),
    ("POST", "/api/v1/me/job-applications"): Row((401, 201, 404, 403, 403, 403, 403), body=_report),
    ("PUT", "/api/v1/me/meeting-preference"): Row((401, 200, 404, 403, 403, 403, 403), body=lambda w: {"channel": "phone"}),
    ("GET", "/api/v1/specialist/caseload"): Row((401, 403, 403, 403, 403, 200, 200)),
    ("GET", "/api/v1/specialist/customers/{user_id}"): Row(specialist_of_a(200, anon=401)),
    ("PATCH", "/api/v1/specialist/customers/{user_id}"): Row(specialist_of_a(200, anon=401), body=lambda w: {"part_time_work": True}),
    ("POST", "/api/v1/specialist/customers/{user_id}/meetings/{key}/outcome"): Row(specialist_of_a(422, anon=401), body=lambda w: {"status": "held"}),
    # The plan is first made at the initial interview, still ahead: refused after the check.
    ("POST", "/api/v1/specialist/customers/{user_id}/plan"): Row(specialist_of_a(422, anon=401), body=lambda w: {"required": 4}),
    ("POST", "/api/v1/specialist/customers/{user_id}/job-offers"): Row(specialist_of_a(201, anon=401), body=lambda w: {"made_on": TODAY, "description": "Hoitaja"}),
    # The meeting has not been held or missed yet, so the neglect is refused (after the check).
    ("POST", "/api/v1/specialist/customers/{user_id}/neglects"): Row(specialist_of_a(422, anon=401), body=lambda w: {"kind": "meeting", "meeting_key": w.ids["meeting_key"]}),
    ("POST", "/api/v1/specialist/customers/{user_id}/job-losses"): Row(specialist_of_a(201, anon=401), body=lambda w: {"event_on": TODAY, "reason": "own_conduct"}),
    # A job of over 100000 days: the body is checked (422) once the role may use the route.
    ("POST", "/api/v1/specialist/customers/{user_id}/job-offers/{offer_id}/refusal"): Row(specialist_of_a(422, admin=422, anon=401), params={"offer_id": 999999}, body=lambda w: {"refused_on": TODAY, "job_max_days": 100001}),
    ("PATCH", "/api/v1/specialist/customers/{user_id}/job-applications/{application_id}"): Row(specialist_of_a(200, anon=401), body=lambda w: {"realistic": False}),
    ("GET", "/me/registration"): Row((L, 303, 200, 403, 403, 403, 403)),
    ("POST", "/me/registration"): Row((L, 409, 303, 403, 403, 403, 403), fresh=True),
    # B has not registered with the employment service: sent to the registration page.
    ("GET", "/me/plan"): Row((L, 200, 303, 403, 403, 403, 403)),
    ("POST", "/me/plan/applications"): Row((L, 303, 404, 403, 403, 403, 403), body=_report),
    ("POST", "/me/plan/preference"): Row((L, 303, 404, 403, 403, 403, 403), body=lambda w: {"channel": "phone"}),
    ("GET", "/specialist"): Row((L, 403, 403, 403, 403, 200, 200)),
    ("GET", "/specialist/customers/{user_id}"): Row(specialist_of_a(200)),
    ("GET", "/specialist/customers/{user_id}/meetings"): Row(specialist_of_a(200)),
    ("GET", "/specialist/customers/{user_id}/plan"): Row(specialist_of_a(200)),
    ("GET", "/specialist/customers/{user_id}/offers"): Row(specialist_of_a(200)),
    ("GET", "/specialist/customers/{user_id}/sanctions"): Row(specialist_of_a(200)),
    ("GET", "/specialist/customers/{user_id}/situation"): Row(specialist_of_a(200)),
    ("GET", "/specialist/customers/{user_id}/applications"): Row(specialist_of_a(200)),
    ("GET", "/specialist/customers/{user_id}/history"): Row(specialist_of_a(200)),
    ("POST", "/specialist/customers/{user_id}/meetings"): Row(specialist_of_a(422)),
    ("POST", "/specialist/customers/{user_id}/plan"): Row(specialist_of_a(422)),
    ("POST", "/specialist/customers/{user_id}/offers"): Row(specialist_of_a(422)),
    ("POST", "/specialist/customers/{user_id}/neglects"): Row(specialist_of_a(422)),
    ("POST", "/specialist/customers/{user_id}/job-losses"): Row(specialist_of_a(422)),
    ("POST", "/specialist/customers/{user_id}/refusals"): Row(specialist_of_a(422)),
    ("POST", "/specialist/customers/{user_id}/situation"): Row(specialist_of_a(303)),
    ("POST", "/specialist/customers/{user_id}/applications/{application_id}"): Row(specialist_of_a(303)),
}
# fmt: on


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    module: str


def app_routes(app: FastAPI) -> Iterator[Route]:
    """Every (method, path template) the app answers, from its route table."""
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if path in FRAMEWORK:
            continue
        module = route.endpoint.__module__ if route.endpoint else ""
        for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
            yield Route(method, path, module)


def test_every_route_has_an_entry(app_instance: FastAPI) -> None:
    routes = {(r.method, r.path) for r in app_routes(app_instance)}
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, "routes without an authorisation entry:\n" + "\n".join(map(str, missing))
    assert not stale, "entries for routes that no longer exist:\n" + "\n".join(map(str, stale))
    short = [key for key, row in MATRIX.items() if len(row.expect) != len(ROLES)]
    assert not short, f"rows without one status per role {ROLES}: {short}"


# Owners act last, so a successful write by them cannot change what the others see.
ORDER = (
    "anonymous",
    "jobseeker_b",
    "employer_y",
    "specialist",
    "admin",
    "jobseeker_a",
    "employer_x",
)


def fill_path(path: str, row: Row, world: World) -> str:
    names = {**DEFAULT_PARAMS, **row.params}
    values = {}
    for name in _placeholders(path):
        value = names[name]
        values[name] = world.ids[value] if isinstance(value, str) and value in world.ids else value
    return path.format(**values)


def _placeholders(path: str) -> list[str]:
    return [part.split("}", 1)[0] for part in path.split("{")[1:]]


def _call(world: World, role: str, method: str, path: str, row: Row) -> tuple[Expected, str]:
    actor = world.actor(role)
    params = row.query(world) if row.query else None
    body = row.body(world) if row.body else {}
    if path.startswith("/api/"):
        if method in ("POST", "PUT", "PATCH") and path == "/api/v1/auth/token":
            kwargs: dict[str, Any] = {"data": body}
        elif method in ("POST", "PUT", "PATCH"):
            kwargs = {"json": body}
        else:
            kwargs = {}
        response = actor.client.request(
            method, path, headers=actor.bearer, params=params, follow_redirects=False, **kwargs
        )
    else:
        data = {**body, "csrf_token": actor.csrf} if method == "POST" else None
        response = actor.client.request(
            method, path, data=data, params=params, follow_redirects=False
        )
    status: Expected = response.status_code
    if status == 303 and response.headers.get("location", "").startswith("/login"):
        status = L
    return status, response.text[:200]


@pytest.fixture(scope="module")
def shared_world(world_factory: Callable[[], World]) -> World:
    return world_factory()


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_route_answers_each_role_as_expected(
    key: tuple[str, str],
    app_instance: FastAPI,
    shared_world: World,
    world_factory: Callable[[], World],
) -> None:
    method, path = key
    row = MATRIX[key]
    world = world_factory() if row.fresh else shared_world
    url = fill_path(path, row, world)
    wrong = []
    for role in ORDER:
        expected = row.expect[ROLES.index(role)]
        status, text = _call(world, role, method, url, row)
        if status != expected:
            wrong.append(f"  {role}: expected {expected}, got {status}: {text}")
    assert not wrong, f"{method} {url}\n" + "\n".join(wrong)
