"""Security headers on every response, as a plain ASGI middleware (no body buffering)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from marketplace.asgi import HttpMiddleware

# The pages load scripts, styles, fonts and images from the service itself only, and carry no
# inline script or style, so this policy holds for every page (the browser suite runs under it).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# The interactive API documentation is FastAPI's own page with inline scripts.
API_DOCS = ("/docs", "/redoc")
STATIC = "/static/"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders(HttpMiddleware):
    """Adds the policy headers; responses other than static files are not to be stored by any
    cache unless their handler chose a caching policy itself (CV downloads revalidate)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not path.startswith(API_DOCS):
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                if not path.startswith(STATIC):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)
