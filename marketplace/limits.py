"""A request body limit enforced before anything parses the body (413, as JSON or a page)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marketplace.asgi import HttpMiddleware
from marketplace.i18n import choose_language
from marketplace.web import is_api, render

TOO_LARGE = "The request body is too large."


class BodyLimit(HttpMiddleware):
    """Refuses a body larger than `max_bytes`: at once when Content-Length says so, and while
    reading when it does not (chunked uploads), so no oversized body is ever held in memory."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = refused = False

        async def counted() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    if not started:
                        await self._refuse(scope, receive, send)
                    # The application sees a client that went away and stops reading.
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the application answers is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, watched)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response: Response
        if is_api(scope["path"]):
            response = JSONResponse({"detail": TOO_LARGE}, status_code=413)
        else:
            # The page in the reader's language; the locale middleware runs inside this one.
            request = Request(scope)
            request.state.lang = choose_language(
                request.query_params.get("lang"),
                request.cookies.get("lang"),
                request.headers.get("accept-language"),
            )
            request.state.user = None
            response = render(request, "error.html", status_code=413, status=413)
        await response(scope, receive, send)
