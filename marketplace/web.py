"""HTML pages of a request: the shared page context, CSRF tokens, language and redirects. The
Jinja2 environment itself is in `marketplace.templating` (the CV renderer uses it too)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment
from pydantic import ValidationError

from marketplace.errors import DomainError
from marketplace.i18n import LANGUAGES, Translator, page_language
from marketplace.i18n.validation import field_messages
from marketplace.taxonomy.service import get_taxonomy

CSRF_FIELD = "csrf_token"
API_PREFIX = "/api/"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def client_address(request: Request) -> str:
    """The client's network address as the server sees it ("" when unknown); behind a reverse
    proxy, run uvicorn with its proxy-headers options so this is the real client."""
    return request.client.host if request.client else ""


def current_language(request: Request) -> str:
    """Language chosen for this request by the locale middleware."""
    return getattr(request.state, "lang", "fi")


def translator(request: Request) -> Translator:
    """Messages in the language chosen for this request."""
    return Translator(current_language(request))


def is_api(path: str) -> bool:
    """Whether a path belongs to the JSON API (answers JSON, takes bearer tokens)."""
    return path.startswith(API_PREFIX)


def url_with(request: Request, **params: Any) -> str:
    """The current URL with some query parameters replaced (None removes one); a parameter
    given several times (filters take several values) keeps all of them."""
    query: list[tuple[str, str]] = []
    replaced: set[str] = set()
    for key, value in request.query_params.multi_items():
        if key not in params:
            query.append((key, value))
        elif key not in replaced:  # the new value takes the place of the first old one
            replaced.add(key)
            if params[key] is not None:
                query.append((key, str(params[key])))
    query += [(k, str(v)) for k, v in params.items() if v is not None and k not in replaced]
    return f"{request.url.path}?{urlencode(query)}" if query else request.url.path


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the shared context (user, language, translator, CSRF token)."""
    lang = current_language(request)
    env: Environment = request.app.state.templates
    base = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "lang": lang,
        "languages": LANGUAGES,
        "_": Translator(lang),
        "csrf_token": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "url_with": lambda **p: url_with(request, **p),
        "today": date.today(),
        "taxonomy_label": lambda kind, code: get_taxonomy().label(kind, code or "", lang),
        "vocab": lambda group, value: Translator(lang)(f"vocab.{group}.{value}"),
    }
    html = env.get_template(template).render({**base, **context})
    return HTMLResponse(html, status_code=status_code)


def form_errors(exc: Exception, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field name -> message from a pydantic ValidationError (a sentence in the page's
    language, after the field's label from `labels`, so the error summary says which field)
    or a DomainError (its catalogue sentence, else the service's own message)."""
    if isinstance(exc, ValidationError):
        return field_messages(exc, page_language(), labels)
    if isinstance(exc, DomainError):
        fields = exc.fields or {"form": exc.message}
        if exc.key:
            text = Translator(page_language())(exc.key, **exc.params)
            return dict.fromkeys(fields, text)
        return fields
    raise exc


def redirect(url: str) -> Any:
    """303 See Other: the browser follows with GET after a form post."""
    return RedirectResponse(url, status_code=303)


def safe_next(value: str | None, default: str = "/") -> str:
    """Only same-site relative paths are followed after sign-in."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
