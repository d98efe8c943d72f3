"""Application factory: settings, database, search, model and routers wired together."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import Message, Receive, Scope, Send

from marketplace.accounts.reset import PasswordResets
from marketplace.accounts.security import LoginRateLimiter, TokenSigner
from marketplace.asgi import HttpMiddleware
from marketplace.config import Settings, get_settings
from marketplace.db import make_engine, make_session_factory
from marketplace.errors import DomainError
from marketplace.headers import SecurityHeaders
from marketplace.i18n import choose_language, normalize_language, set_page_language
from marketplace.limits import BodyLimit
from marketplace.logging import RequestLog, configure_logging
from marketplace.templating import make_environment
from marketplace.warmup import prepare, warm_pages
from marketplace.web import is_api, render, translator

log = logging.getLogger("marketplace.app")
RETRY_AFTER_SECONDS = 5
API_DESCRIPTION = """Open job marketplace: vacancies, jobseeker profiles, matching and CVs.

**Authentication.** `POST /api/v1/auth/token` (OAuth2 password flow) returns a bearer token
for the `Authorization: Bearer …` header. A token expires after `expires_in` seconds (24 h by
default) and ends at once when the account signs out everywhere, changes or resets its
password, or is deleted. Failed sign-ins are rate limited per email and client address (429).
A forgotten password is reset with `POST /api/v1/auth/password-reset` (a link by mail) and
`POST /api/v1/auth/password-reset/confirm`.

**Errors.** 4xx answers name the fields at fault (`detail[].loc`); 413 for a body over the
limit; 503 with `Retry-After` when the database or the search engine does not answer."""


def _wants_json(request: Request) -> bool:
    return is_api(request.url.path) or "application/json" in request.headers.get("accept", "")


def _error_response(
    request: Request, status: int, body: dict[str, Any], message_key: str | None = None
) -> Response:
    """JSON for the API, else the error page: the sentence of `message_key`, or the one of
    the status (never the English message of the JSON body)."""
    if _wants_json(request):
        return JSONResponse(jsonable_encoder(body), status_code=status)
    return render(request, "error.html", status_code=status, status=status, message_key=message_key)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if exc.status_code == 401 and not _wants_json(request):
            return RedirectResponse(f"/login?{urlencode({'next': request.url.path})}", 303)
        response = _error_response(request, exc.status_code, exc.as_dict(), exc.key)
        if exc.status_code == 401 and _wants_json(request):
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database_unavailable(request: Request, exc: Exception) -> Response:
        # A database that does not answer is an outage, not a fault of the request: 503 with a
        # hint when to retry, and a handled answer keeps the client's connection open.
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        message = translator(request)("common.database_unavailable")
        response = _error_response(
            request,
            503,
            {"detail": message, "code": "unavailable"},
            "common.database_unavailable",
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = jsonable_encoder(exc.errors(), exclude={"input", "ctx", "url"})
        fields = ", ".join(".".join(str(p) for p in e["loc"][1:]) or "body" for e in errors)
        message = f"Invalid input: {fields}"
        return _error_response(request, 422, {"detail": errors, "message": message})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_response(request, exc.status_code, {"detail": str(exc.detail)})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_response(request, 500, {"detail": "Internal error"})


class PageLanguage(HttpMiddleware):
    """Chooses each request's language (`?lang=`, then the cookie, then Accept-Language) for
    the handlers and templates, remembers a chosen one in a cookie on pages, and tells it in
    Content-Language. A plain ASGI middleware, like the others: no task per request."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        chosen = normalize_language(request.query_params.get("lang"))
        lang = choose_language(
            chosen, request.cookies.get("lang"), request.headers.get("accept-language")
        )
        request.state.lang = lang
        request.state.user = None
        set_page_language(lang)
        remember = chosen is not None and not is_api(scope["path"])

        async def with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if remember:
                    headers.append("set-cookie", _language_cookie(lang))
                headers.setdefault("Content-Language", lang)
            await send(message)

        await self.app(scope, receive, with_language)


def _language_cookie(lang: str) -> str:
    """The Set-Cookie value remembering a chosen language for a year."""
    response = Response()
    response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    return response.headers["set-cookie"]


def create_app(settings: Settings | None = None, **overrides: Any) -> FastAPI:
    """Build the web application; `overrides` replace wired components (tests, benchmarks)."""
    settings = settings or get_settings()
    configure_logging()
    if settings.uses_weak_secret and settings.environment == "development":
        log.warning(
            "WARNING: sessions and API tokens are signed with a weak or public development "
            "secret; anyone can forge them. Set MARKETPLACE_SECRET_KEY (see README) before "
            "exposing this service."
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from marketplace.container import build_container

        services = build_container(settings, **overrides)
        app.state.services = services
        for name, value in services.items():
            setattr(app.state, name, value)
        stop = threading.Event()
        worker = app.state.indexer.start_background(stop)
        if settings.environment != "test":
            # Before the server listens: the first request must not wait for the model, the
            # indices or the suggestion vectors (tests start many apps and skip it).
            prepare(services)
            await warm_pages(app, app.state.templates)
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                worker.join(timeout=10)
            app.state.search.close()
            app.state.engine.dispose()

    app = FastAPI(
        title="Työmarkkinat",
        version="0.1.0",
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.templates = make_environment(settings.templates_dir)
    app.state.tokens = TokenSigner(settings.secret_key, settings.token_max_age_seconds)
    app.state.login_limiter = LoginRateLimiter(
        settings.login_attempts_per_window, settings.login_window_seconds
    )
    app.state.password_resets = PasswordResets.from_settings(settings, overrides.get("mailer"))
    _install_error_handlers(app)
    app.add_middleware(PageLanguage)
    app.add_middleware(RequestLog)
    # Added last is outermost: the body limit answers first, and its 413 gets the headers too.
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.mount("/static", StaticFiles(directory=settings.static_dir), name="static")

    from marketplace.routes import include_routers

    include_routers(app)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg")

    return app


__all__ = ["create_app", "make_engine", "make_session_factory"]
