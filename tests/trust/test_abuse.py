"""Abuse and bad input: fuzzing the API schema, CSRF on every form, the login rate limit,
limits on every text and list, markup in every text field, and query syntax in searches."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from pydantic import BaseModel
from pypdf import PdfReader
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from search.queries import build_es_text_query, build_fts_match
from search.text import query_tokens
from tests import factories
from tests.trust.conftest import ROLES, Actor, World
from tests.trust.test_authz_matrix import DEFAULT_PARAMS, MATRIX, L, Row, app_routes, fill_path

# Who tries a route: the first of these the matrix lets through (so the input is checked, not
# the role).
TRIERS = ("jobseeker_a", "employer_x", "specialist", "admin", "jobseeker_b", "employer_y")
DENIED = {401, 403, 404, L}


@pytest.fixture(scope="module")
def world(world_factory: Callable[[], World]) -> World:
    return world_factory()


def allowed_actor(world: World, method: str, path: str) -> Actor:
    """An actor the authorisation matrix lets use the route."""
    row = MATRIX[(method, path)]
    for role in TRIERS:
        if row.expect[ROLES.index(role)] not in DENIED:
            return world.actor(role)
    return world.actor("anonymous")


# --- schemathesis against the OpenAPI schema ---------------------------------------------------


class _LifespanAlreadyRunning:
    """The session-wide app, with its lifespan left to the fixture that already runs it."""

    def __init__(self, app: FastAPI):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                kind = message["type"].rsplit(".", 1)[-1]
                await send({"type": f"lifespan.{kind}.complete"})
                if kind == "shutdown":
                    return
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def api_schema(app_instance: FastAPI) -> Any:
    # The first skill suggestion encodes the taxonomy (slow once per process): not a fuzz case.
    warm = TestClient(app_instance).post("/api/v1/taxonomy/suggest", json={"text": "hoitaja"})
    assert warm.status_code == 200, warm.text
    schema = schemathesis.openapi.from_asgi("/openapi.json", _LifespanAlreadyRunning(app_instance))
    # Deleting the fuzzing account, signing it out everywhere or changing its password would
    # turn every later case into a 401 (each has its own tests in tests/accounts).
    return (
        schema.exclude(method="DELETE", path="/api/v1/me")
        .exclude(method="POST", path="/api/v1/me/sign-out-everywhere")
        .exclude(method="POST", path="/api/v1/me/password")
    )


def fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> None:
    """Send generated requests to one operation; raise on the first 5xx."""

    @settings(
        max_examples=6,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error], timeout=60)

    call()


def test_api_never_answers_with_a_server_error(api_schema: Any, world: World) -> None:
    """Valid and invalid inputs for every operation, each sent by a role allowed to use it."""
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        actor = allowed_actor(world, operation.method.upper(), operation.path)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, actor.bearer)
            except Unsatisfiable:
                continue  # nothing invalid to send: the operation takes no input
            except Exception as exc:  # one entry per failing operation, all of them reported
                causes = getattr(exc, "exceptions", None) or [exc]
                detail = "; ".join(f"{type(c).__name__}: {c}"[:1500] for c in causes)
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {detail}")
    assert not failures, "\n\n".join(failures)


def _int_path_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Routes with a numeric id in their path."""
    from fastapi.routing import iter_route_contexts

    found = []
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        if dependant is None or not any(
            p.field_info.annotation is int for p in dependant.path_params
        ):
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append((method, route.path))
    return found


def test_huge_ids_in_paths_are_refused_not_crashed(app_instance: FastAPI, world: World) -> None:
    crashed = []
    for method, path in _int_path_routes(app_instance):
        row = MATRIX[(method, path)]
        actor = allowed_actor(world, method, path)
        huge = {
            name: 2**64
            for name in (
                "profile_id",
                "vacancy_id",
                "organization_id",
                "user_id",
                "application_id",
                "offer_id",
                "conversation_id",
                "search_id",
                "index",
            )
        }
        url = path.format(
            **{
                **{k: world.ids.get(v, v) for k, v in DEFAULT_PARAMS.items()},
                "key": "initial-1",
                "code": "S0040",
                "kind": "skills",
                **huge,
            }
        )
        body = row.body(world) if row.body else {}
        if path.startswith("/api/"):
            kwargs: dict[str, Any] = {"headers": actor.bearer}
            if method != "GET" and method != "DELETE":
                kwargs["json"] = body
        else:
            kwargs = {"data": {**body, "csrf_token": actor.csrf}} if method == "POST" else {}
        response = actor.client.request(method, url, follow_redirects=False, **kwargs)
        if response.status_code >= 500:
            crashed.append(f"{method} {path}: {response.status_code}")
    assert not crashed, "\n".join(crashed)


def test_organization_fields_cannot_be_set_to_null(world: World) -> None:
    x = world.actor("employer_x")
    for name in ("name", "description", "website"):
        response = x.client.patch("/api/v1/organizations/me", json={name: None}, headers=x.bearer)
        assert response.status_code == 422, (name, response.text)


# --- CSRF and the session cookie --------------------------------------------------------------


def _page_forms(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        (r.method, r.path)
        for r in app_routes(app)
        if r.method == "POST" and r.module.rsplit(".", 1)[-1].endswith("pages")
    )


def _api_writes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        (r.method, r.path)
        for r in app_routes(app)
        if r.method in ("POST", "PUT", "PATCH", "DELETE")
        and r.path.startswith("/api/")
        and not r.path.startswith("/api/v1/auth/")
    )


def _form(row: Row, world: World) -> dict[str, Any]:
    return row.body(world) if row.body else {}


def test_every_page_form_refuses_a_post_without_the_csrf_token(
    app_instance: FastAPI, world: World
) -> None:
    forms = _page_forms(app_instance)
    assert len(forms) > 40, forms
    accepted = []
    for method, path in forms:
        row = MATRIX[(method, path)]
        actor = allowed_actor(world, method, path)
        url = fill_path(path, row, world)
        for token in (None, "forged-token"):
            data = _form(row, world) | ({"csrf_token": token} if token else {})
            response = actor.client.post(url, data=data, follow_redirects=False)
            if response.status_code != 403:
                accepted.append(f"{path} (token {token!r}): {response.status_code}")
    assert not accepted, "forms accepted without the session's CSRF token:\n" + "\n".join(accepted)
    # The refused sign-out did not sign anyone out.
    actor = world.actor("jobseeker_a")
    assert actor.client.get("/me", follow_redirects=False).status_code == 200


def test_api_writes_ignore_the_session_cookie(app_instance: FastAPI, world: World) -> None:
    """A signed-in browser session cannot be ridden into the API: writes need a bearer token."""
    taken = []
    for method, path in _api_writes(app_instance):
        row = MATRIX[(method, path)]
        if row.expect[ROLES.index("anonymous")] not in DENIED:
            continue  # open to everyone, signed in or not
        actor = allowed_actor(world, method, path)
        url = fill_path(path, row, world)
        body = row.body(world) if row.body else {}
        kwargs: dict[str, Any] = {} if method == "DELETE" else {"json": body}
        response = actor.client.request(method, url, follow_redirects=False, **kwargs)
        if response.status_code != 401:
            taken.append(f"{method} {path}: {response.status_code}")
    assert not taken, "API writes done on a session cookie alone:\n" + "\n".join(taken)


# --- the login rate limit ---------------------------------------------------------------------


def test_sign_in_is_rate_limited_per_account_and_address(
    app_instance: FastAPI, world: World
) -> None:
    user = world.actor("jobseeker_b").user
    assert user is not None
    limiter = app_instance.state.login_limiter
    attack = TestClient(app_instance)
    token = factories.csrf(attack, "/login")
    try:
        for _ in range(app_instance.state.settings.login_attempts_per_window):
            wrong = {"email": user.email, "password": "wrong-password-1", "csrf_token": token}
            assert attack.post("/login", data=wrong).status_code == 401
        right = {"email": user.email, "password": factories.PASSWORD, "csrf_token": token}
        assert attack.post("/login", data=right).status_code == 429
        # The same account through the API, its address in capitals: still the same limit.
        api = {"username": user.email.upper(), "password": factories.PASSWORD}
        limited = attack.post("/api/v1/auth/token", data=api)
        assert limited.status_code == 429
        assert limited.json()["code"] == "rate_limited"
        # Another account is not locked out by the first one's failures ...
        other = world.actor("jobseeker_a").user
        assert other is not None
        factories.login(attack, other)
        # ... nor is the owner, signing in from another address.
        owner = TestClient(app_instance, client=("192.0.2.10", 50000))
        factories.login(owner, user)
    finally:
        limiter._failures.clear()


# --- limits on every text and list ------------------------------------------------------------


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _alternatives(spec: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(spec, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return [_resolve(spec, o) for o in options if _resolve(spec, o).get("type") != "null"]
    return [schema]


FREE_FORMATS = {"date", "date-time", "email", "uri", "binary", "password"}


def bounded_fields(
    spec: dict[str, Any], schema: dict[str, Any], path: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], str, int | None]]:
    """(path, "string" or "array", limit or None) of every free text and list in a body."""
    found: list[tuple[tuple[Any, ...], str, int | None]] = []
    for option in _alternatives(spec, schema):
        kind = option.get("type")
        if kind == "object":
            for name, sub in option.get("properties", {}).items():
                found.extend(bounded_fields(spec, sub, (*path, name)))
            extra = option.get("additionalProperties")
            if isinstance(extra, dict):
                found.append(((*path, "<key>"), "object", option.get("maxProperties")))
        elif kind == "array":
            found.append((path, "array", option.get("maxItems")))
            found.extend(bounded_fields(spec, option.get("items", {}), (*path, 0)))
        elif (
            kind == "string"
            and "enum" not in option
            and "const" not in option
            and option.get("format") not in FREE_FORMATS
        ):
            found.append((path, "string", option.get("maxLength")))
    return found


def _json_bodies(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    spec = app.openapi()
    bodies = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                bodies.append((method.upper(), path, content["application/json"]["schema"]))
    return bodies


def _set(body: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A body with `value` at `path` (string keys and list indexes); lists get one element."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        return [_set({} if rest and not isinstance(rest[0], int) else [], rest, value)]  # type: ignore[return-value]
    body[head] = _set({} if rest and not isinstance(rest[0], int) else [], rest, value)  # type: ignore[arg-type]
    return body


def unbounded_fields(app: FastAPI) -> set[str]:
    """Request fields of the API without a size limit, as "METHOD path: field"."""
    spec = app.openapi()
    return {
        f"{method} {path}: {'.'.join(map(str, field))}"
        for method, path, schema in _json_bodies(app)
        for field, _kind, limit in bounded_fields(spec, schema)
        if limit is None
    }


def test_every_text_and_list_in_the_api_has_a_limit(app_instance: FastAPI) -> None:
    unbounded = sorted(unbounded_fields(app_instance))
    assert not unbounded, "request fields without a size limit:\n" + "\n".join(unbounded)


def test_over_long_texts_and_lists_are_refused_naming_the_field(
    app_instance: FastAPI, world: World
) -> None:
    spec = app_instance.openapi()
    wrong = []
    checked = 0
    for method, path, schema in _json_bodies(app_instance):
        if (method, path) not in MATRIX or path == "/api/v1/me":
            continue
        row = MATRIX[(method, path)]
        actor = allowed_actor(world, method, path)
        url = fill_path(path, row, world)
        for field, kind, limit in bounded_fields(spec, schema):
            if limit is None or kind == "object" or "<key>" in field:
                continue
            value: Any = "x" * (limit + 1) if kind == "string" else ["x"] * (limit + 1)
            body = _set({}, field, value)
            response = actor.client.request(method, url, json=body, headers=actor.bearer)
            checked += 1
            named = (
                {
                    tuple(str(p) for p in error.get("loc", []))[-len(field) :]
                    for error in (response.json().get("detail") or [])
                    if isinstance(error, dict)
                }
                if response.status_code == 422
                else set()
            )
            if response.status_code != 422 or tuple(map(str, field)) not in named:
                wrong.append(f"{method} {path} {field}: {response.status_code} {named}")
    assert checked > 30
    assert not wrong, "over-long input not refused field by field:\n" + "\n".join(wrong)


def test_page_forms_cap_every_field(app_instance: FastAPI) -> None:
    """Every text a form posts has a maximum length before any parsing happens."""
    from fastapi.routing import iter_route_contexts

    uncapped = []
    for route in iter_route_contexts(app_instance.routes):
        dependant = getattr(route, "dependant", None)
        module = route.endpoint.__module__ if route.endpoint else ""
        if dependant is None or not module.endswith(".pages"):
            continue
        for name, info in _form_fields(dependant):
            if info.annotation in (int, bool, float):
                continue
            if not any(getattr(m, "max_length", None) for m in info.metadata):
                uncapped.append(f"{route.path}: {name}")
    assert not uncapped, "form fields without max_length:\n" + "\n".join(uncapped)


def _form_fields(dependant: Any) -> list[tuple[str, Any]]:
    """(name, FieldInfo) of every form field, including the fields of form models."""
    fields: list[tuple[str, Any]] = []
    for param in dependant.body_params:
        annotation = param.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields.extend(annotation.model_fields.items())
        else:
            fields.append((param.name, param.field_info))
    for sub in dependant.dependencies:
        fields.extend(_form_fields(sub))
    return fields


# --- markup in every text field ---------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def marked_up(world: World) -> World:
    """Every free text the service stores, written by its owner as the markup payload."""
    a, x = world.actor("jobseeker_a"), world.actor("employer_x")
    doc = {
        "visibility": "public",
        "headline": PAYLOAD,
        "summary": PAYLOAD,
        "keywords": [PAYLOAD],
        "contact": {"address": PAYLOAD, "email": "a@example.fi"},
        "work": [{"title": PAYLOAD, "employer": PAYLOAD, "description": PAYLOAD}],
        "education": [{"title": PAYLOAD, "institution": PAYLOAD}],
        "skills": ["S0040"],
        "municipality": "837",
    }
    ok = a.client.put("/api/v1/me/profile", json=doc, headers=a.bearer)
    assert ok.status_code == 200, ok.text
    vacancy = world.ids["vacancy_x"]
    fields = {
        "title": PAYLOAD,
        "description": PAYLOAD,
        "salary_text": PAYLOAD,
        "how_to_apply": PAYLOAD,
    }
    ok = x.client.patch(f"/api/v1/vacancies/{vacancy}", json=fields, headers=x.bearer)
    assert ok.status_code == 200, ok.text
    ok = x.client.patch("/api/v1/organizations/me", json={"description": PAYLOAD}, headers=x.bearer)
    assert ok.status_code == 200, ok.text
    note = {"profile_id": world.ids["profile_a"], "note": PAYLOAD}
    ok = x.client.post(f"/api/v1/vacancies/{vacancy}/shortlist", json=note, headers=x.bearer)
    assert ok.status_code in (200, 201), ok.text
    contact = {"profile_id": world.ids["profile_a"], "subject": PAYLOAD, "body": PAYLOAD}
    ok = x.client.post("/api/v1/messages", json=contact, headers=x.bearer)
    assert ok.status_code == 201, ok.text
    world.ids["conversation_payload"] = ok.json()["id"]
    search = {"name": PAYLOAD, "params": {"q": PAYLOAD}}
    ok = a.client.post("/api/v1/me/saved-searches", json=search, headers=a.bearer)
    assert ok.status_code == 201, ok.text
    report = {
        "applied_on": "2020-01-01",
        "kind": "application",
        "employer": PAYLOAD,
        "job_title": PAYLOAD,
    }
    a.client.post("/api/v1/me/job-applications", json=report, headers=a.bearer)
    return world


class _MarkupFinder(HTMLParser):
    """Collects elements and attributes that only the payload could have put in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") and "alert" in (value or ""):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("<img src=x>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def injected_markup(html: str) -> list[str]:
    """Live elements or event handlers the payload managed to inject, if any."""
    finder = _MarkupFinder()
    finder.feed(html)
    return finder.found


PAGES_SHOWING_PAYLOAD = [
    ("employer_x", "/profiles/{profile_a}"),
    ("employer_x", "/profiles/{profile_a}/cv"),
    ("employer_x", "/vacancies/{vacancy_x}"),
    ("employer_x", "/organizations/{organization_x}"),
    ("employer_x", "/employer/vacancies/{vacancy_x}/shortlist"),
    ("employer_x", "/employer/messages/{conversation_payload}"),
    ("employer_x", "/candidates?q=script+alert"),
    ("employer_x", "/employer/vacancies/{vacancy_x}/edit"),
    ("jobseeker_a", "/me/inbox/{conversation_payload}"),
    ("jobseeker_a", "/profile/edit"),
    ("jobseeker_a", "/me/saved-searches"),
    ("anonymous", "/vacancies?q=script+alert"),
]


@pytest.mark.parametrize(("who", "path"), PAGES_SHOWING_PAYLOAD)
def test_markup_comes_out_escaped_in_pages(marked_up: World, who: str, path: str) -> None:
    actor = marked_up.actor(who)
    response = actor.client.get(path.format(**marked_up.ids))
    assert response.status_code == 200, response.text[:300]
    assert PAYLOAD not in response.text
    assert not injected_markup(response.text)
    assert ESCAPED in response.text.replace("<mark>", "").replace("</mark>", "")


def test_markup_is_data_in_json(marked_up: World) -> None:
    x = marked_up.actor("employer_x")
    profile = x.client.get(f"/api/v1/profiles/{marked_up.ids['profile_a']}", headers=x.bearer)
    assert profile.json()["headline"] == PAYLOAD
    assert profile.headers["content-type"].startswith("application/json")


def test_markup_is_plain_text_in_the_cv_pdf(marked_up: World) -> None:
    x = marked_up.actor("employer_x")
    pdf = x.client.get(f"/api/v1/profiles/{marked_up.ids['profile_a']}/cv.pdf", headers=x.bearer)
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = "".join(text.split())
    assert "<script>alert(1)</script>" in flat, text[:500]


# --- query syntax is data ---------------------------------------------------------------------

SYNTAX = [
    '"*():~^[]{}!\\/ AND OR NOT NEAR title:',
    'title:"sairaanhoitaja"~2 AND (NOT x*)',
    "NEAR(a b, 3) OR ^^ [1 TO 5] {!x} \\",
    '"',
    "*",
    "sairaanhoitaja) OR (1=1",
]


@pytest.mark.parametrize("q", SYNTAX)
def test_search_syntax_never_reaches_the_engine_raw(q: str) -> None:
    tokens = query_tokens(q)
    assert all(token.isalnum() for token in tokens), tokens
    assert all(
        ch not in build_es_text_query(tokens)["multi_match"]["query"] for ch in '"*():~^[]{}!\\/'
    )
    for term in filter(None, build_fts_match(q).split(" OR ")):
        assert term.startswith('"') and term.endswith('"'), term


SEARCHES = [
    ("anonymous", "/api/v1/vacancies"),
    ("anonymous", "/vacancies"),
    ("employer_x", "/api/v1/candidates"),
    ("employer_x", "/candidates"),
    ("employer_x", "/api/v1/vacancies/{vacancy_x}/candidates"),
]


def search_answers(world: World, who: str, path: str) -> list[str]:
    """Status problems of every search with syntax characters in its text."""
    actor = world.actor(who)
    problems = []
    for q in SYNTAX:
        response = actor.client.get(path.format(**world.ids), params={"q": q}, headers=actor.bearer)
        if response.status_code != 200:
            problems.append(f"{path} q={q!r}: {response.status_code} {response.text[:200]}")
    return problems


@pytest.mark.parametrize(("who", "path"), SEARCHES)
def test_search_syntax_is_harmless_on_the_embedded_backend(
    world: World, who: str, path: str
) -> None:
    assert not search_answers(world, who, path)


def test_the_markup_finder_sees_live_markup_and_ignores_escaped_text() -> None:
    assert len(injected_markup(f"<p>{PAYLOAD}</p>")) == 3
    assert not injected_markup(f"<p>{html.escape(PAYLOAD)}</p>")
